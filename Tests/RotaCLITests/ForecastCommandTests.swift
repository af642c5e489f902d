import Foundation
import RotaKit
import Testing

@Suite struct ForecastCommandTests {
  static let history = CLIRunner.repositoryRoot.appendingPathComponent("scenarios/default/history.csv").path

  /// A forecast's contacts per date, from `rota forecast`'s CSV on stdout.
  static func dayTotals(_ result: CLIRunner.Result) -> [String: Double] {
    var sums: [String: Double] = [:]
    for line in result.stdout.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      sums[String(fields[0].prefix(10)), default: 0] += Double(fields[2])!
    }
    return sums
  }

  @Test func forecastsTheOpenIntervalsOfTheWeek() throws {
    // Without a scenario: open slots are inferred, Sunday (never open) gets no rows.
    let result = try CLIRunner.run([
      "forecast", "--history", Self.history, "--start", "2026-12-07", "--days", "7", "--interval", "30m",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.first == "timestamp,channel,forecast,lo80,hi80,lo95,hi95")
    // Three channels × (5 weekdays × 24 + Saturday 12) half hours.
    #expect(lines.count == 1 + 3 * (5 * 24 + 12))
    #expect(!lines.contains { $0.hasPrefix("2026-12-13") })
  }

  /// A scenario's special days reach `rota forecast`: a multiplier halves its day, a closed
  /// day has no rows, and a name the history never saw is forecast as usual with a warning.
  @Test func specialDaysOfAScenarioShapeTheForecast() throws {
    let folder = try CLIRunner.copyOfDefaultScenario()
    defer { try? FileManager.default.removeItem(at: folder) }
    let scenario = folder.appendingPathComponent("scenario.yaml")
    let plain = try CLIRunner.run([
      "forecast", "--history", Self.history, "--scenario", scenario.path, "--start", "2026-12-07", "--days",
      "7",
    ])
    #expect(plain.status == 0, "\(plain.stderr)")
    try
      (String(contentsOf: scenario, encoding: .utf8)
        + """

        special_days:
          2026-12-08: { name: outage, multiplier: 0.5 }
          2026-12-09: launch
          2026-12-10: { name: staff_day, closed: true }

        """).write(to: scenario, atomically: true, encoding: .utf8)
    let special = try CLIRunner.run([
      "forecast", "--history", Self.history, "--scenario", scenario.path, "--start", "2026-12-07", "--days",
      "7",
    ])
    #expect(special.status == 0, "\(special.stderr)")
    let (before, after) = (Self.dayTotals(plain), Self.dayTotals(special))
    #expect(abs(after["2026-12-08"]! - 0.5 * before["2026-12-08"]!) < 0.01 * before["2026-12-08"]!)
    #expect(abs(after["2026-12-09"]! - before["2026-12-09"]!) < 1e-6)
    #expect(after["2026-12-10"] == nil && before["2026-12-10"] != nil)
    #expect(abs(after["2026-12-07"]! - before["2026-12-07"]!) < 1e-6)
    #expect(special.stderr.contains("2026-12-09 is named 'launch'"), "\(special.stderr)")
  }

  /// The default history rewritten as an ACD interval report (two queues per channel, month-
  /// first times, handle time as m:ss, waits) forecasts exactly as the plain file does, and
  /// its abandonments and waits give the live channels without a patience one: their waiting
  /// seconds over their abandonments.
  @Test func anIntervalReportReadsAsItsHistory() throws {
    let folder = try CLIRunner.copyOfDefaultScenario()
    defer { try? FileManager.default.removeItem(at: folder) }
    var report = "Interval,Queue,Offered,Answered,Abandoned,AHT,ASA,Avg Abandon\n"
    var (waited, abandonedInAll): ([String: Double], [String: Double]) = ([:], [:])
    for line in try String(contentsOfFile: Self.history, encoding: .utf8).split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      let (stamp, volume, channel) = (String(fields[0]), Int(fields[1])!, String(fields[2]))
      let date = stamp.prefix(10).split(separator: "-")
      let time = "\(date[1])/\(date[2])/\(date[0]) \(stamp.dropFirst(11).prefix(5))"
      // Every tenth contact of the first queue abandons; the second queue takes the rest.
      let first = volume / 2
      let abandoned = first / 10
      // Handle time runs longer in the afternoon: 4:00 before noon, 6:00 after.
      let handle = stamp.dropFirst(11).prefix(2) < "12" ? "4:00" : "6:00"
      report += "\(time),\(channel) A,\(first),\(first - abandoned),\(abandoned),\(handle),20,40\n"
      report += "\(time),\(channel) B,\(volume - first),\(volume - first),0,300,0:20,\n"
      waited[channel, default: 0] += Double(20 * (first - abandoned) + 40 * abandoned + 20 * (volume - first))
      abandonedInAll[channel, default: 0] += Double(abandoned)
    }
    try report.write(to: folder.appendingPathComponent("acd.csv"), atomically: true, encoding: .utf8)
    let scenario = folder.appendingPathComponent("scenario.yaml")
    let queues = ["phone", "chat", "email"].map { "\"\($0) A\": \($0), \"\($0) B\": \($0)" }.joined(
      separator: ", ")
    let text = try String(contentsOf: scenario, encoding: .utf8).replacingOccurrences(
      of: "  history: history.csv",
      with: """
          history:
            file: acd.csv
            time_format: month-first
            columns: { timestamp: Interval, queue: Queue, offered: Offered, handled: Answered, abandoned: Abandoned, handle_time: AHT, answer_wait: ASA, abandon_wait: Avg Abandon }
            queues: { \(queues) }
        """
    ).replacingOccurrences(
      of: "    patience_seconds: 120 # callers hang up after 2 minutes on average: Erlang A\n", with: ""
    )
    .replacingOccurrences(of: "    patience_seconds: 240\n", with: "")
    #expect(!text.contains("patience_seconds"))
    try text.write(to: scenario, atomically: true, encoding: .utf8)
    let arguments = ["--start", "2026-12-07", "--days", "7"]
    let fromReport = try CLIRunner.run(
      ["forecast", "--history", folder.appendingPathComponent("acd.csv").path, "--scenario", scenario.path]
        + arguments)
    #expect(fromReport.status == 0, "\(fromReport.stderr)")
    let reference = try CLIRunner.run(
      [
        "forecast", "--history", Self.history, "--scenario",
        CLIRunner.repositoryRoot.appendingPathComponent("scenarios/default/scenario.yaml").path,
      ] + arguments)
    #expect(reference.status == 0, "\(reference.stderr)")
    // The same volumes, and a handle-time column the plain history cannot give.
    let rows = fromReport.stdout.split(separator: "\n")
    #expect(rows.first == "timestamp,channel,forecast,lo80,hi80,lo95,hi95,aht_seconds")
    #expect(
      rows.map {
        $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
      }
        == reference.stdout.split(separator: "\n").map(String.init))
    let phone = rows.dropFirst().map { $0.split(separator: ",") }.filter { $0[1] == "phone" }
    let morning = phone.filter { $0[0].dropFirst(11).prefix(2) < "12" }.map { Double($0[7])! }
    let afternoon = phone.filter { $0[0].dropFirst(11).prefix(2) >= "12" }.map { Double($0[7])! }
    // Queue A's 240 or 360 s and queue B's 300 s, weighted by handled contacts.
    #expect(morning.allSatisfy { $0 > 240 && $0 < 300 } && afternoon.allSatisfy { $0 > 300 && $0 < 360 })
    #expect(fromReport.stderr.contains("phone: handle time forecast by profile"), "\(fromReport.stderr)")
    // The backtest reports handle time's accuracy beside the volume table.
    let backtest = try CLIRunner.run([
      "forecast", "--history", folder.appendingPathComponent("acd.csv").path, "--scenario", scenario.path,
      "--backtest", "4",
    ])
    #expect(backtest.status == 0, "\(backtest.stderr)")
    #expect(
      backtest.stdout.contains(
        "phone: handle time forecast by profile (handle-time WAPE over 4 weekly origins"))
    let loaded = try Scenario.load(scenario.path)
    for channel in ["phone", "chat"] {
      let estimate = try #require(loaded.patienceEstimates[channel], "\(channel)")
      #expect(abs(estimate.meanSeconds - waited[channel]! / abandonedInAll[channel]!) < 1e-9)
      #expect(loaded.channels.first { $0.name == channel }?.patienceSeconds == estimate.meanSeconds)
    }
    #expect(loaded.patienceEstimates["email"] == nil)
  }

  /// The bank's calls: a holiday given on the command line gets no rows, and the day after
  /// it is raised by the catch-up after the history's six holidays.
  @Test func holidaysAreLeftOutAndRaiseTheDayAfter() throws {
    let bank = CLIRunner.repositoryRoot.appendingPathComponent(
      "Tests/ForecastingTests/Fixtures/bank-calls-30min.csv"
    ).path
    let arguments = ["forecast", "--history", bank, "--start", "2003-10-27", "--days", "2"]
    let usual = try CLIRunner.run(arguments)
    let closed = try CLIRunner.run(arguments + ["--holidays", "2003-10-27"])
    #expect(usual.status == 0 && closed.status == 0, "\(closed.stderr)")
    #expect(Self.dayTotals(closed)["2003-10-27"] == nil)
    let raised =
      try #require(Self.dayTotals(closed)["2003-10-28"]) / #require(Self.dayTotals(usual)["2003-10-28"])
    #expect(raised > 1.05 && raised < 1.3, "Tuesday × \(raised)")

    let bad = try CLIRunner.run(arguments + ["--holidays", "2003-10-27,27/10"])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("--holidays: '27/10' is not a date like 2026-12-25"))
  }

  @Test func backtestScoresEveryMethod() throws {
    let result = try CLIRunner.run([
      "forecast", "--history", Self.history, "--backtest", "2", "--days", "6", "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let object =
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: [[String: Any]]]
    let phone = try #require(object["phone"])
    #expect(
      Set(phone.map { $0["method"] as! String }).isSuperset(of: [
        "snaive", "auto", "dshw", "topdown", "fourier",
      ]))
    for row in phone {
      for key in ["wape", "mase", "rmse", "coverage80", "coverage95"] { #expect(row[key] is Double) }
    }
  }

  @Test func ticketLogWithAnotherTimeColumn() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let log = folder.appendingPathComponent("tickets.csv")
    // Five Mondays of tickets from 09:00 to 10:59 (UTC, which is Dublin's winter time).
    var text = "opened,subject\n"
    for day in ["02", "09", "16", "23", "30"] {
      for minute in stride(from: 0, to: 120, by: 7) {
        text += "2026-11-\(day)T" + String(format: "%02d:%02d", 9 + minute / 60, minute % 60) + ":00Z,hello\n"
      }
    }
    try text.write(to: log, atomically: true, encoding: .utf8)
    let result = try CLIRunner.run([
      "forecast", "--history", log.path, "--time-column", "opened", "--start", "2026-12-07", "--days", "1",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = result.stdout.split(separator: "\n").dropFirst()
    #expect(
      rows.map { $0.prefix(19) } == [
        "2026-12-07T09:00:00", "2026-12-07T09:30:00", "2026-12-07T10:00:00", "2026-12-07T10:30:00",
      ])
  }

  /// Ten days of history give a forecast and a warning that it rests on them; fifteen do not.
  @Test(arguments: [(10, true), (15, false)])
  func aShortHistoryIsSaidToBeShort(_ days: Int, _ warned: Bool) throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("h.csv")
    var text = "timestamp,volume\n"
    for day in 1...days { text += String(format: "2026-11-%02dT09:00:00,5\n", day) }
    try text.write(to: file, atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(["forecast", "--history", file.path, "--days", "1"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stderr.contains("warning: the forecast rests on \(days) days of history") == warned,
      "\(result.stderr)")
  }

  @Test func unsortedHistoryExitsOne() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("h.csv")
    try "timestamp,volume\n2026-12-07T08:30:00,3\n2026-12-07T08:00:00,2\n".write(
      to: file, atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(["forecast", "--history", file.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("h.csv:3: field 'timestamp'"), "\(result.stderr)")
  }
}
