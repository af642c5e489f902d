import Foundation
import RotaCore
import RotaKit
import Scheduling
import Testing

/// `rota plan` on the default scenario, checked from its output files alone.
@Suite struct PlanEndToEndTests {
  struct RosterRow {
    var line: Int
    var employee: String
    var date: LocalDate
    var template: String
    var start: Int
    var end: Int
    var breaks: [(start: Int, end: Int)]
    var paidHours: Double
    var channel: String
  }

  static func minutes(_ text: String) -> Int { TimeOfDay(text)!.minutes }

  static func readRoster(_ path: String) throws -> [RosterRow] {
    let table = try CSVTable(contentsOf: path)
    let required = [
      "employee_id", "employee_name", "date", "shift", "start", "end", "break_start", "break_end",
      "paid_hours",
    ]
    #expect(Array(table.header.prefix(required.count)) == Array(required.prefix(8)) + [table.header[8]])
    for name in required { _ = try table.requireColumn(name) }
    let breakColumns = table.header.filter { $0.hasPrefix("break") && $0.hasSuffix("_start") }.map {
      (
        try! table.requireColumn($0),
        try! table.requireColumn($0.replacingOccurrences(of: "_start", with: "_end"))
      )
    }
    return try table.rows.map { row in
      func field(_ name: String) throws -> String { row.fields[try table.requireColumn(name)] }
      return RosterRow(
        line: row.line, employee: try field("employee_id"), date: LocalDate(iso: try field("date"))!,
        template: try field("shift"), start: minutes(try field("start")), end: minutes(try field("end")),
        breaks: breakColumns.compactMap { columns in
          row.fields[columns.0].isEmpty
            ? nil : (minutes(row.fields[columns.0]), minutes(row.fields[columns.1]))
        }, paidHours: Double(try field("paid_hours"))!, channel: try field("channel"))
    }
  }

  /// Shared by the tests: one run of the default scenario.
  static let run: (folder: URL, result: CLIRunner.Result) = {
    let folder = try! CLIRunner.temporaryFolder()
    let result = try! CLIRunner.run([
      "plan", CLIRunner.defaultScenario, "--out", folder.path, "--quiet", "--report",
    ])
    return (folder, result)
  }()

  @Test func writesTheFourFilesInTheirFormats() throws {
    let (folder, result) = Self.run
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("service level"))
    #expect(result.stdout.contains("gap"))
    let forecast = try CSVTable(contentsOf: folder.appendingPathComponent("forecast.csv").path)
    #expect(forecast.header == ["timestamp", "channel", "forecast", "lo80", "hi80", "lo95", "hi95"])
    #expect(!forecast.rows.isEmpty)
    let requirements = try CSVTable(contentsOf: folder.appendingPathComponent("requirements.csv").path)
    #expect(
      Array(requirements.header.prefix(5)) == [
        "timestamp", "channel", "forecast", "net_agents", "gross_agents",
      ])
    #expect(requirements.rows.count == forecast.rows.count)
    let kpis =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("kpis.json"))) as! [String: Any]
    let kpiKeys = [
      "service_level", "asa_seconds", "abandon_rate", "occupancy", "email_within_deadline",
      "understaffed_intervals",
    ]
    let overall = kpis["overall"] as! [String: Any]
    let channels = kpis["channels"] as! [String: [String: Any]]
    #expect(Set(channels.keys) == ["phone", "chat", "email"])
    for object in [overall] + Array(channels.values) {
      for key in kpiKeys { #expect(object.keys.contains(key), "missing \(key)") }
    }
    for key in ["paid_hours", "labor_cost", "cost_per_contact", "solver"] { #expect(kpis[key] != nil) }
    let solver = kpis["solver"] as! [String: Any]
    for key in ["status", "objective", "bound", "gap", "seconds"] { #expect(solver[key] != nil) }
    let gap = solver["gap"] as! Double
    #expect(gap >= 0 && gap < 0.05)
    #expect((solver["bound"] as! Double) <= (solver["objective"] as! Double) + 1e-6)
  }

  /// The printed cost is the written roster's: labour recomputed from roster.csv at each
  /// person's wage (the default scenario's pay rules: Saturdays +25%, overtime +50% past the
  /// contract's week; its shifts never reach the 20:00–07:00 night window), and the parts add
  /// up to the objective, which the bound lies below.
  @Test func theCertificatesCostIsTheWrittenRosters() throws {
    let (folder, result) = Self.run
    try #require(result.status == 0, "\(result.stderr)")
    let labour = try Self.labour(ofRoster: folder.appendingPathComponent("roster.csv").path)
    let kpis =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("kpis.json"))) as! [String: Any]
    let solver = kpis["solver"] as! [String: Any]
    let cost = solver["cost"] as! [String: Double]
    #expect(
      abs(cost["labour"]! - labour) < 0.01, "labour \(cost["labour"]!) against \(labour) from roster.csv")
    #expect(abs((kpis["labor_cost"] as! Double) - labour) < 0.01)
    #expect(abs(cost["open_shifts"]! - (kpis["open_shift_cost"] as! Double)) < 0.01)
    #expect(abs(cost["live_shortfall"]! - (kpis["shortfall_cost"] as! Double)) < 0.01)
    let objective = solver["objective"] as! Double
    #expect(abs(objective - cost.values.reduce(0, +)) < 0.01)
    #expect((solver["bound"] as! Double) <= objective + 1e-6)
  }

  /// Labour of a default-scenario roster.csv recomputed from its rows.
  static func labour(ofRoster path: String) throws -> Double {
    let rows = try Self.readRoster(path)
    let employees = try CSVTable(
      contentsOf: URL(fileURLWithPath: CLIRunner.defaultScenario).deletingLastPathComponent()
        .appendingPathComponent("employees.csv").path)
    let contractColumn = try employees.requireColumn("contract")
    let contractOf = Dictionary(
      uniqueKeysWithValues: employees.rows.map { ($0.fields[0], $0.fields[contractColumn]) })
    let wage = ["full_time": 22.5, "part_time": 20.0]
    let weekHours = ["full_time": 40.0, "part_time": 24.0]
    var labour = 0.0
    var hours: [String: Double] = [:]
    for row in rows {
      #expect(row.end <= 20 * 60 && row.start >= 7 * 60, "no night minutes in the default scenario")
      let rate = wage[contractOf[row.employee]!]!
      labour += row.paidHours * rate * (row.date.weekday == .saturday ? 1.25 : 1)
      hours[row.employee, default: 0] += row.paidHours
    }
    for (employee, worked) in hours {
      let contract = contractOf[employee]!
      labour += max(0, worked - weekHours[contract]!) * wage[contract]! * 0.5
    }
    return labour
  }

  /// However small the search budget, `rota plan` writes a full roster and a certificate that
  /// holds: the gap printed is the one between the cost and the bound in kpis.json. The node
  /// budgets are deterministic, so their gap is held to what LP rounding reaches.
  @Test(arguments: [["--node-limit", "1"], ["--gap", "0"], ["--time-limit", "1"]])
  func tinyLimitsStillGiveARosterWithAnHonestGap(_ limit: [String]) throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try CLIRunner.run(["plan", CLIRunner.defaultScenario, "--out", folder.path] + limit)
    try #require(result.status == 0, "\(result.stderr)")
    let rows = try Self.readRoster(folder.appendingPathComponent("roster.csv").path)
    #expect(rows.count >= 150, "\(rows.count) shifts")
    let kpis =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("kpis.json"))) as! [String: Any]
    let solver = kpis["solver"] as! [String: Any]
    let (objective, bound, gap) = (
      solver["objective"] as! Double, solver["bound"] as! Double, solver["gap"] as! Double
    )
    #expect(bound <= objective + 1e-6)
    #expect(abs(gap - (objective - bound) / objective) < 1e-4)
    if limit[0] != "--time-limit" { #expect(gap < 0.1, "gap \(gap)") }
  }

  @Test func rosterHonoursEveryRuleAndMatchesTheKPIs() throws {
    let (folder, result) = Self.run
    try #require(result.status == 0, "\(result.stderr)")
    let scenario = try Scenario.load(CLIRunner.defaultScenario)
    let roster = try Self.readRoster(folder.appendingPathComponent("roster.csv").path)
    #expect(!roster.isEmpty)
    let employees = Dictionary(uniqueKeysWithValues: scenario.employees.map { ($0.id, $0) })
    let contracts = Dictionary(uniqueKeysWithValues: scenario.contracts.map { ($0.name, $0) })
    let templates = Dictionary(uniqueKeysWithValues: scenario.templates.map { ($0.name, $0) })

    var days: Set<String> = []
    for row in roster {
      let employee = try #require(employees[row.employee], "line \(row.line): unknown employee")
      let contract = contracts[employee.contract]!
      let template = try #require(templates[row.template], "line \(row.line): unknown shift")
      #expect(days.insert("\(row.employee) \(row.date)").inserted, "line \(row.line): two shifts in a day")
      #expect(
        contract.templates.contains(row.template), "line \(row.line): contract does not allow the shift")
      #expect(employee.skills.contains(row.channel), "line \(row.line): employee lacks the skill")
      #expect(employee.availableDays.contains(row.date.weekday), "line \(row.line): employee unavailable")
      #expect(template.days.contains(row.date.weekday), "line \(row.line): shift not allowed that day")
      #expect(row.end - row.start == template.lengthMinutes, "line \(row.line): wrong length")
      #expect(template.starts.contains(row.start), "line \(row.line): start outside the window or step")
      #expect(scenario.openingHours.isOpen(on: row.date), "line \(row.line): shift on a closed day")
      #expect(row.breaks.count == template.breaks.count, "line \(row.line): wrong number of breaks")
      for (rule, taken) in zip(template.breaks, row.breaks) {
        let offset = taken.start - row.start
        #expect(taken.end - taken.start == rule.minutes, "line \(row.line): break length")
        #expect(
          offset >= rule.earliestAfterStart && offset <= rule.latestAfterStart,
          "line \(row.line): break outside its window")
      }
      #expect(abs(row.paidHours - Double(template.paidMinutes) / 60) < 1e-9, "line \(row.line): paid hours")
    }

    // Weekly contract limits and rest between shifts.
    for (id, rows) in Dictionary(grouping: roster, by: \.employee) {
      let contract = contracts[employees[id]!.contract]!
      #expect(rows.count <= contract.maxDaysPerWeek, "\(id): too many days")
      #expect(
        rows.reduce(0) { $0 + $1.paidHours } * 60 <= Double(contract.maxMinutesPerWeek) + 1e-9,
        "\(id): too many hours")
      let sorted = rows.sorted { $0.date < $1.date }
      for (a, b) in zip(sorted, sorted.dropFirst()) {
        let rest = a.date.days(to: b.date) * 1440 + b.start - a.end
        #expect(rest >= scenario.rules.minRestMinutes, "\(id): only \(rest) minutes of rest after \(a.date)")
      }
    }

    // The agents per interval recomputed from roster.csv are those kpis.json scored.
    let kpis =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("kpis.json"))) as! [String: Any]
    let intervals = kpis["intervals"] as! [[String: Any]]
    #expect(!intervals.isEmpty)
    let length = scenario.grid.intervalMinutes
    for interval in intervals {
      let start = LocalDateTime(iso: interval["timestamp"] as! String)!
      let channel = interval["channel"] as! String
      var onTask = 0
      for row in roster where row.date == start.date && row.channel == channel {
        func overlap(_ a: Int, _ b: Int) -> Int {
          max(0, min(b, start.minuteOfDay + length) - max(a, start.minuteOfDay))
        }
        onTask += overlap(row.start, row.end) - row.breaks.reduce(0) { $0 + overlap($1.start, $1.end) }
      }
      let scheduled = interval["scheduled"] as! Double
      #expect(abs(scheduled - Double(onTask) / Double(length)) < 1e-6, "\(start) \(channel)")
    }

    // Paid hours and labour cost recomputed from the roster: wage × paid hours × (1 + the
    // day's premium), plus the night premium on paid minutes in the night window.
    let pay = scenario.rules.pay
    let paid = roster.reduce(0) { $0 + $1.paidHours }
    var cost = 0.0
    for row in roster {
      let wage = contracts[employees[row.employee]!.contract]!.hourlyWage
      cost += row.paidHours * wage * (1 + (pay.weekdayPremiums[row.date.weekday] ?? 0))
      let night = (row.start..<row.end).filter { minute in
        let inWindow = minute >= pay.nightStart || minute < pay.nightEnd
        let onUnpaidBreak = zip(template(row).breaks, row.breaks).contains { rule, taken in
          !rule.paid && minute >= taken.start && minute < taken.end
        }
        return inWindow && !onUnpaidBreak
      }.count
      cost += Double(night) / 60 * wage * pay.nightPremium
    }
    #expect(abs((kpis["paid_hours"] as! Double) - paid) < 0.01)
    #expect(abs((kpis["labor_cost"] as! Double) - cost) < 0.01)
    func template(_ row: RosterRow) -> ShiftTemplate { templates[row.template]! }
  }

  @Test func sameInputsGiveTheSameFiles() throws {
    let (folder, first) = Self.run
    try #require(first.status == 0)
    let again = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: again) }
    let second = try CLIRunner.run(["plan", CLIRunner.defaultScenario, "--out", again.path, "--quiet"])
    #expect(second.status == 0)
    for name in ["forecast.csv", "requirements.csv", "roster.csv"] {
      let a = try Data(contentsOf: folder.appendingPathComponent(name))
      let b = try Data(contentsOf: again.appendingPathComponent(name))
      #expect(a == b, "\(name) differs between runs")
    }
  }
}
