import Foundation
import RotaCore
import Testing

@testable import Store

/// The planning cycle through the `rota` executable: plan into a workspace, publish, import
/// actuals, measure accuracy; and a store that survives SIGKILL and concurrent runs.
@Suite struct WorkspaceCommandTests {
  /// `rota plan` into `workspace`, fast (one node per search) unless `full`.
  static func plan(_ workspace: URL, out: URL, full: Bool = false) -> [String] {
    ["plan", CLIRunner.defaultScenario, "--out", out.path, "--workspace", workspace.path, "-q"]
      + (full ? [] : ["--node-limit", "1"])
  }

  @Test func planPublishActualsAccuracy() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let workspace = folder.appendingPathComponent("ws")
    let out = folder.appendingPathComponent("week")
    let pinned = folder.appendingPathComponent("pinned.csv")
    try (PinnedShiftsCommandTests.header + PinnedShiftsCommandTests.pins.joined(separator: "\n") + "\n")
      .write(
        to: pinned, atomically: true, encoding: .utf8)
    let planned = try CLIRunner.run(Self.plan(workspace, out: out, full: true) + ["--pinned", pinned.path])
    #expect(planned.status == 0, "\(planned.stderr)")
    #expect(planned.stdout.contains("Recorded run 1 in"))

    // The store holds the files exactly as written, and a snapshot of every forecast interval.
    let store = try Workspace(folder: workspace.path, access: .write)
    for name in ["forecast.csv", "requirements.csv", "roster.csv", "open-shifts.csv", "kpis.json"] {
      let written = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
      #expect(try store.file(name, run: 1) == written, "\(name)")
    }
    let forecast = try CSVTable(contentsOf: out.appendingPathComponent("forecast.csv").path)
    let snapshot = try store.intervals(run: 1)
    #expect(snapshot.count == forecast.rows.count)
    #expect(snapshot.contains { $0.plannedServiceLevel != nil && $0.requiredAgents != nil })
    let run = try #require(try store.runs().first)
    let kpis = try String(contentsOf: out.appendingPathComponent("kpis.json"), encoding: .utf8)
    #expect(kpis.contains("\"objective\": \(run.cost!.formatted(maxDecimals: 9))"))
    #expect(run.scenarioDigest.count == 64 && run.weekStart == LocalDate(iso: "2026-12-07"))

    let published = try CLIRunner.run(["publish", "--workspace", workspace.path])
    #expect(published.status == 0 && published.stdout.contains("version 1 of the week of 2026-12-07"))
    let again = try CLIRunner.run(["publish", "--workspace", workspace.path, "--run", "1"])
    #expect(again.status == 1 && again.stderr.contains("already published"))

    // Actuals: 10% above the forecast, rounded, in the history format.
    let timestamp = try forecast.requireColumn("timestamp")
    let channel = try forecast.requireColumn("channel")
    let mean = try forecast.requireColumn("forecast")
    var actuals = "timestamp,channel,volume\n"
    var sums: [String: (absolute: Double, actual: Double, forecast: Double)] = [:]
    for row in forecast.rows {
      let predicted = Double(row.fields[mean])!
      let seen = (predicted * 1.1).rounded()
      actuals += "\(row.fields[timestamp]),\(row.fields[channel]),\(Int(seen))\n"
      var sum = sums[row.fields[channel], default: (0, 0, 0)]
      sum.absolute += abs(seen - predicted)
      sum.actual += seen
      sum.forecast += predicted
      sums[row.fields[channel]] = sum
    }
    let actualsFile = folder.appendingPathComponent("actuals.csv")
    try actuals.write(to: actualsFile, atomically: true, encoding: .utf8)
    let imported = try CLIRunner.run([
      "actuals", "import", "--workspace", workspace.path, "--scenario", CLIRunner.defaultScenario,
      actualsFile.path,
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("Stored \(forecast.rows.count) new and 0 corrected"))

    let accuracy = try CLIRunner.run(["accuracy", "--workspace", workspace.path, "--format", "csv"])
    #expect(accuracy.status == 0, "\(accuracy.stderr)")
    let table = try CSVTable(text: accuracy.stdout, file: "accuracy.csv")
    #expect(table.rows.count == sums.count)
    for row in table.rows {
      func value(_ name: String) throws -> String { row.fields[try table.requireColumn(name)] }
      let sum = try #require(sums[try value("channel")])
      #expect(try value("run_id") == "1" && value("published_version") == "1")
      #expect(abs(Double(try value("wape"))! - sum.absolute / sum.actual) < 1e-4)
      #expect(abs(Double(try value("bias"))! - (sum.forecast - sum.actual) / sum.actual) < 1e-4)
      if try value("channel") != "email" { #expect(Double(try value("planned_service_level")) != nil) }
    }
    let text = try CLIRunner.run(["accuracy", "--workspace", workspace.path])
    #expect(text.status == 0 && text.stdout.contains("published v1"))
    // The plan report of a workspace run charts that accuracy by week.
    let reported = folder.appendingPathComponent("reported")
    let report = try CLIRunner.run(
      [
        "plan", CLIRunner.defaultScenario, "--out", reported.path, "--workspace",
        folder.appendingPathComponent("ws-report").path,
        "--node-limit", "1", "--report", "-q",
      ])
    #expect(report.status == 0)
    let empty = try String(contentsOf: reported.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(empty.contains("Forecast accuracy by week") && empty.contains("No actuals stored"))

    // Mid-week: two people absent from Wednesday noon, volume 15% above forecast.
    let replanFolder = folder.appendingPathComponent("replan")
    let replanned = try CLIRunner.run([
      "replan", "--workspace", workspace.path, "--scenario", CLIRunner.defaultScenario, "--from",
      "2026-12-09T12:00",
      "--absent", "E004,E017", "--volume", "+15%", "--pinned", pinned.path, "--out", replanFolder.path, "-q",
    ])
    try #require(replanned.status == 0, "\(replanned.stderr)")
    #expect(replanned.stdout.contains("Recorded run 2"))
    try Self.checkReplan(
      published: out.appendingPathComponent("roster.csv").path,
      replanned: replanFolder.appendingPathComponent("roster.csv").path,
      changes: replanFolder.appendingPathComponent("changes.csv").path, pins: PinnedShiftsCommandTests.pins,
      from: LocalDateTime(iso: "2026-12-09T12:00")!, absent: ["E004", "E017"], stdout: replanned.stdout)

    // Publishing the re-plan and re-issuing calendars: the absent's later shifts arrive as
    // cancelled events of the same UID with a higher SEQUENCE.
    let second = try CLIRunner.run(["publish", "--workspace", workspace.path])
    #expect(second.stdout.contains("Published run 2 as version 2"))
    let calendars = folder.appendingPathComponent("calendars/")
    let exported = try CLIRunner.run([
      "export", "--workspace", workspace.path, "--scenario", CLIRunner.defaultScenario, "--format", "ics",
      "--out",
      calendars.path + "/",
    ])
    #expect(exported.status == 0, "\(exported.stderr)")
    let cancelledDays = try CSVTable(contentsOf: replanFolder.appendingPathComponent("changes.csv").path).rows
      .filter {
        $0.fields[0] == "E004" && $0.fields[3] == "cancelled"
      }
    let calendar = try String(contentsOf: calendars.appendingPathComponent("E004.ics"), encoding: .utf8)
    #expect(!cancelledDays.isEmpty)
    for day in cancelledDays {
      let uid = "UID:E004-\(day.fields[2].replacingOccurrences(of: "-", with: ""))@rota\r\n"
      let event = try #require(calendar.components(separatedBy: "BEGIN:VEVENT").first { $0.contains(uid) })
      #expect(event.contains("SEQUENCE:1\r\n") && event.contains("STATUS:CANCELLED\r\n"), "\(event)")
    }
  }

  /// Actuals from an ACD export with the service level it measured: `rota accuracy` shows
  /// each channel's achieved level, its queues weighted by their offered contacts.
  @Test func achievedServiceLevelComesFromTheExport() throws {
    let folder = try CLIRunner.copyOfDefaultScenario()
    defer { try? FileManager.default.removeItem(at: folder) }
    let workspace = folder.appendingPathComponent("ws")
    let out = folder.appendingPathComponent("week")
    let planned = try CLIRunner.run(Self.plan(workspace, out: out))
    #expect(planned.status == 0, "\(planned.stderr)")
    let forecast = try CSVTable(contentsOf: out.appendingPathComponent("forecast.csv").path)
    // Queue A takes a third of the contacts at 80%, queue B the rest at 90% (written "90%").
    var export = "Interval Start,Queue,Offer,Answer,Abandon,Avg Handle,ASA,Avg Abandon,Service Level %\n"
    var weighted: [String: (level: Double, offered: Double)] = [:]
    for row in forecast.rows {
      let (stamp, channel) = (row.fields[0], row.fields[1])
      let offered = (Double(row.fields[2])! * 1.1).rounded()
      let first = (offered / 3).rounded(.down)
      let date = stamp.prefix(10).split(separator: "-").map { Int($0)! }
      let (hour, minute) = (Int(stamp.dropFirst(11).prefix(2))!, Int(stamp.dropFirst(14).prefix(2))!)
      let time = String(
        format: "%d/%d/%d %d:%02d %@", date[1], date[2], date[0], (hour + 11) % 12 + 1, minute,
        hour < 12 ? "AM" : "PM")
      export += "\(time),\(channel) A,\(Int(first)),\(Int(first)),0,300,10,30,80.0\n"
      export += "\(time),\(channel) B,\(Int(offered - first)),\(Int(offered - first)),0,300,10,30,90%\n"
      weighted[channel, default: (0, 0)].level += 0.8 * first + 0.9 * (offered - first)
      weighted[channel, default: (0, 0)].offered += offered
    }
    let file = folder.appendingPathComponent("acd.csv")
    try export.write(to: file, atomically: true, encoding: .utf8)
    let scenario = folder.appendingPathComponent("scenario.yaml")
    let queues = ["phone", "chat", "email"].map { "\"\($0) A\": \($0), \"\($0) B\": \($0)" }.joined(
      separator: ", ")
    let yaml = try String(contentsOf: scenario, encoding: .utf8).replacingOccurrences(
      of: "  history: history.csv",
      with: "  history: { file: acd.csv, format: genesys-cloud, queues: { \(queues) } }")
    try yaml.write(to: scenario, atomically: true, encoding: .utf8)
    let imported = try CLIRunner.run([
      "actuals", "import", "--workspace", workspace.path, "--scenario", scenario.path, file.path,
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    let accuracy = try CLIRunner.run(["accuracy", "--workspace", workspace.path, "--format", "csv"])
    #expect(accuracy.status == 0, "\(accuracy.stderr)")
    let table = try CSVTable(text: accuracy.stdout, file: "accuracy.csv")
    #expect(table.rows.count == 3)
    for row in table.rows {
      let channel = row.fields[try table.requireColumn("channel")]
      let achieved = try #require(Double(row.fields[try table.requireColumn("achieved_service_level")]))
      let expected = try #require(weighted[channel])
      #expect(abs(achieved - expected.level / expected.offered) < 1e-4, "\(channel)")
    }
    // A cell that is no service level is named.
    try export.replacingOccurrences(of: ",90%\n", with: ",190%\n").write(
      to: file, atomically: true, encoding: .utf8)
    let bad = try CLIRunner.run([
      "actuals", "import", "--workspace", workspace.path, "--scenario", scenario.path, file.path,
    ])
    #expect(bad.status == 1 && bad.stderr.contains("acd.csv:3: field 'Service Level %'"), "\(bad.stderr)")
  }

  /// Checks a re-plan from its files alone: every shift starting before `from` and every pin
  /// kept as it was, none for the absent after it, changes.csv exactly the employee-days that
  /// differ, fewer of them than the fresh plan the summary counts, and 11 hours' rest between
  /// any two shifts of one person, across `from` too.
  static func checkReplan(
    published: String, replanned: String, changes: String, pins: [String], from: LocalDateTime,
    absent: Set<String>,
    stdout: String
  ) throws {
    struct Row: Hashable {
      var employee: String
      var date: LocalDate
      var line: String
      var start: Int
      var end: Int
      var shift: String
    }
    func rows(_ path: String) throws -> [Row] {
      let table = try CSVTable(contentsOf: path)
      let text = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
      return try table.rows.map { row in
        func field(_ name: String) throws -> String { row.fields[try table.requireColumn(name)] }
        let start = TimeOfDay(try field("start"))!.minutes
        var end = TimeOfDay(try field("end"))!.minutes
        if end <= start { end += 1440 }
        let shift = [try field("shift"), try field("start"), try field("end"), try field("channel")].joined(
          separator: " ")
        return Row(
          employee: try field("employee_id"), date: LocalDate(iso: try field("date"))!,
          line: text[row.line - 1],
          start: start, end: end, shift: shift)
      }
    }
    let old = try rows(published)
    let new = try rows(replanned)
    func before(_ row: Row) -> Bool { LocalDateTime(date: row.date, minuteOfDay: row.start) < from }
    // The absent's shifts under way at `from` end there; every other earlier shift is kept as is.
    let cutAt = { (row: Row) in row.date.days(to: from.date) * 1440 + from.minuteOfDay }
    let cut = old.filter { absent.contains($0.employee) && before($0) && cutAt($0) < $0.end }
    let kept = old.filter(before).filter { !cut.contains($0) }
    #expect(Set(kept.map(\.line)).isSubset(of: Set(new.map(\.line))))
    #expect(
      Set(new.filter(before).map(\.line))
        == Set(kept.map(\.line)).union(
          new.filter(before).filter { row in
            cut.contains { $0.employee == row.employee && $0.date == row.date }
          }.map(\.line)))
    for was in cut {
      let now = try #require(new.first { $0.employee == was.employee && $0.date == was.date }, "\(was.line)")
      #expect(now.start == was.start && now.end == cutAt(was), "\(was.line) → \(now.line)")
    }
    let lines = Set(new.map(\.line))
    for pin in pins { #expect(lines.contains(pin), "\(pin)") }
    #expect(!new.contains { absent.contains($0.employee) && !before($0) })

    struct Day: Hashable {
      var employee: String
      var date: LocalDate
    }
    let was = Dictionary(
      old.filter { !before($0) }.map { (Day(employee: $0.employee, date: $0.date), $0.shift) }
    ) { a, _ in a }
    let now = Dictionary(
      new.filter { !before($0) }.map { (Day(employee: $0.employee, date: $0.date), $0.shift) }
    ) { a, _ in a }
    let differing = Set(was.keys).union(now.keys).filter { was[$0] != now[$0] }
    let listed = try CSVTable(contentsOf: changes)
    #expect(listed.rows.count == differing.count + cut.count)
    #expect(
      listed.rows.filter { $0.fields[3] == "shortened" && absent.contains($0.fields[0]) }.count >= cut.count)
    let counted = try #require(
      stdout.split(separator: "\n").first {
        $0.contains("employee-days (a plan of the rest from scratch would change")
      })
    let numbers = counted.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    #expect(numbers.first == differing.count + cut.count)
    #expect(numbers.count >= 2 && numbers[0] < numbers[1], "\(counted)")

    for (_, shifts) in Dictionary(grouping: new, by: \.employee) {
      let sorted = shifts.sorted { $0.date < $1.date }
      for (a, b) in zip(sorted, sorted.dropFirst()) where a.date.days(to: b.date) == 1 {
        #expect(b.start + 1440 - a.end >= 11 * 60, "\(a.line) then \(b.line)")
      }
    }
  }

  @Test func missingWorkspaceAndBadFlagsFailCleanly() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for arguments in [
      ["publish", "--workspace", folder.path], ["accuracy", "--workspace", folder.path],
      ["runs", "--workspace", folder.appendingPathComponent("none").path],
      ["accuracy", "--workspace", folder.path, "--weeks", "0"],
      ["accuracy", "--workspace", folder.path, "--weeks", "99999999999999999999"],
      ["publish", "--workspace", folder.path, "--run", "-1"],
    ] {
      let result = try CLIRunner.run(arguments)
      #expect(result.status == 1, "\(arguments)")
      #expect(!result.stderr.isEmpty, "\(arguments)")
    }
  }

  /// Kills `rota plan --workspace` with SIGKILL early (forecasting or solving) and inside its
  /// store transaction (held open by the test-only pause); each time the store passes
  /// SQLite's integrity check and still holds the first run exactly, and nothing half-made.
  @Test func aKilledPlanLeavesTheStoreWhole() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let workspace = folder.appendingPathComponent("ws")
    let first = try CLIRunner.run(Self.plan(workspace, out: folder.appendingPathComponent("one")))
    #expect(first.status == 0, "\(first.stderr)")
    let roster = try Workspace(folder: workspace.path, access: .write).file("roster.csv", run: 1)

    enum Moment { case after(Double), insideTheTransaction }
    for moment in [Moment.after(0.3), .after(2), .insideTheTransaction, .after(1)] {
      let process = Process()
      process.executableURL = CLIRunner.executable
      process.arguments = Self.plan(workspace, out: folder.appendingPathComponent("killed"))
      var environment = ProcessInfo.processInfo.environment
      environment["ROTA_TEST_STORE_PAUSE_MS"] = "20000"
      process.environment = environment
      let out = Pipe()
      process.standardOutput = out
      process.standardError = FileHandle.nullDevice
      try process.run()
      switch moment {
      case .after(let seconds): Thread.sleep(forTimeInterval: seconds)
      case .insideTheTransaction:
        // "Wrote …" is printed just before the run is recorded; the pause then holds the
        // transaction open half-way through the snapshot.
        var seen = ""
        while !seen.contains("Wrote ") {
          let data = out.fileHandleForReading.availableData
          if data.isEmpty { break }
          seen += String(decoding: data, as: UTF8.self)
        }
        #expect(seen.contains("Wrote "))
        Thread.sleep(forTimeInterval: 1)
        // The killed run holds the write lock: it is inside its transaction.
        let other = try SQLiteConnection(
          path: workspace.appendingPathComponent(Workspace.fileName).path, waitSeconds: 0)
        #expect(throws: StoreError.self) { try other.execute("BEGIN IMMEDIATE") }
      }
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      #expect(process.terminationReason == .uncaughtSignal)

      let store = try Workspace(folder: workspace.path, access: .write)
      #expect(try store.integrityCheck() == "ok")
      let runs = try store.runs()
      #expect(runs.map(\.id) == [1])
      #expect(try store.file("roster.csv", run: 1) == roster)
      #expect(try store.intervals(run: 1).count > 0)
    }
    // The store still takes runs after all that.
    let last = try CLIRunner.run(Self.plan(workspace, out: folder.appendingPathComponent("two")))
    #expect(last.status == 0 && last.stdout.contains("Recorded run 2"))
  }

  /// A scenario's `workspace:` records every plan of it, resolved beside the scenario;
  /// `--workspace` overrides it, and an empty one is refused by its line.
  @Test func theScenarioNamesItsWorkspace() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let scenarioFolder = folder.appendingPathComponent("team")
    try FileManager.default.copyItem(
      at: URL(fileURLWithPath: CLIRunner.defaultScenario).deletingLastPathComponent(), to: scenarioFolder)
    let scenario = scenarioFolder.appendingPathComponent("scenario.yaml")
    let text = try String(contentsOf: scenario, encoding: .utf8)
    try (text + "workspace: planning\n").write(to: scenario, atomically: true, encoding: .utf8)
    func plan(_ extra: [String]) throws -> CLIRunner.Result {
      try CLIRunner.run(
        [
          "plan", scenario.path, "--out", folder.appendingPathComponent("out").path, "-q", "--node-limit",
          "1",
        ]
          + extra)
    }
    let first = try plan([])
    #expect(first.status == 0, "\(first.stderr)")
    let own = scenarioFolder.appendingPathComponent("planning")
    #expect(try Workspace(folder: own.path, access: .write).runs().count == 1)
    let other = folder.appendingPathComponent("other")
    let second = try plan(["--workspace", other.path])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(try Workspace(folder: other.path, access: .write).runs().count == 1)
    #expect(try Workspace(folder: own.path, access: .write).runs().count == 1)

    try (text + "workspace: \"\"\n").write(to: scenario, atomically: true, encoding: .utf8)
    let empty = try plan([])
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).count
    #expect(empty.status == 1)
    #expect(empty.stderr.contains("scenario.yaml:\(line)"), "\(empty.stderr)")
  }

  /// Two runs at once on one workspace: the second waits for the first's transaction (held
  /// open two seconds) and both land whole.
  @Test func concurrentPlansBothLand() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let workspace = folder.appendingPathComponent("ws")
    let processes = (0..<2).map { index in
      let process = Process()
      process.executableURL = CLIRunner.executable
      process.arguments = Self.plan(workspace, out: folder.appendingPathComponent("out\(index)"))
      var environment = ProcessInfo.processInfo.environment
      environment["ROTA_TEST_STORE_PAUSE_MS"] = "2000"
      process.environment = environment
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      return process
    }
    for process in processes { try process.run() }
    for process in processes { process.waitUntilExit() }
    #expect(processes.map(\.terminationStatus) == [0, 0])
    let store = try Workspace(folder: workspace.path, access: .write)
    #expect(try store.runs().map(\.id) == [1, 2])
    #expect(try store.integrityCheck() == "ok")
    let counts = try store.runs().map { try store.intervals(run: $0.id).count }
    #expect(counts[0] == counts[1] && counts[0] > 0)
  }
}
