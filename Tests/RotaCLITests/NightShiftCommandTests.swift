import Foundation
import Testing

/// A round-the-clock team on a repeating week through `rota schedule`, `rota score` and
/// `rota export`: night shifts end the next day in every file.
@Suite struct NightShiftCommandTests {
  static let scenario = """
    name: nights
    team:
      time_zone: Europe/Dublin
      interval_minutes: 60
      opening_hours: { monday: "00:00-24:00", tuesday: "00:00-24:00", wednesday: "00:00-24:00",
        thursday: "00:00-24:00", friday: "00:00-24:00", saturday: "00:00-24:00", sunday: "00:00-24:00" }
    planning: { week_start: 2026-12-07, days: 2, cyclic: true, history: history.csv }
    solver: { time_limit_seconds: 60, node_limit: 50, gap: 0.001 }
    channels:
      phone: { kind: phone, handling_seconds: 300, service_level: { target: 0.8, answer_seconds: 20 },
        shortfall_cost_per_hour: 200 }
    shift_templates:
      night:
        length: "8:00"
        start_window: "22:00-22:00"
        breaks:
          - { name: meal, minutes: 30, paid: false, window: "4:00-4:00" }
    contracts:
      nights: { templates: [night], max_days_per_week: 5, max_hours_per_week: 40, hourly_wage: 20 }
    pay: { night_premium: 0.25, night_hours: "22:00-06:00" }
    employees: employees.csv
    """

  @Test func nightShiftsRoundTripThroughEveryFile() throws {
    // One agent from 01:00 to 05:00 on Monday: only Tuesday night's shift, wrapping, can give it.
    var requirements = "timestamp,channel,gross_agents\n"
    for hour in 1..<5 { requirements += String(format: "2026-12-07T%02d:00:00,phone,1\n", hour) }
    let folder = try CLIRunner.folder(with: [
      "s.yaml": Self.scenario,
      "employees.csv": "id,name,contract,skills\nN1,Nia,nights,phone\nN2,Ned,nights,phone\n",
      "req.csv": requirements,
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let scheduled = try CLIRunner.run(
      ["schedule", "--requirements", "req.csv", "--scenario", "s.yaml", "--out", "out"], in: folder)
    try #require(scheduled.status == 0, "\(scheduled.stderr)")
    let roster = try String(contentsOf: folder.appendingPathComponent("out/roster.csv"), encoding: .utf8)
    let rows = roster.split(separator: "\n").dropFirst()
    #expect(rows.count == 1)
    #expect(rows.first?.contains(",2026-12-08,night,22:00,06:00,02:00,02:30,7.5,phone") == true, "\(roster)")
    let coverage = try String(contentsOf: folder.appendingPathComponent("out/coverage.csv"), encoding: .utf8)
    #expect(coverage.contains("2026-12-07T01:00:00,phone,1,1"), "\(coverage)")

    // The roster read back and scored: 7.5 paid hours, all in the night window.
    var forecast = "timestamp,channel,forecast,lo80,hi80,lo95,hi95\n"
    for hour in 1..<5 { forecast += String(format: "2026-12-07T%02d:00:00,phone,3,2,4,1,5\n", hour) }
    try forecast.write(to: folder.appendingPathComponent("forecast.csv"), atomically: true, encoding: .utf8)
    let scored = try CLIRunner.run(
      [
        "score", "--roster", "out/roster.csv", "--scenario", "s.yaml", "--forecast", "forecast.csv",
        "--format", "json",
      ],
      in: folder)
    try #require(scored.status == 0, "\(scored.stderr)")
    let kpis = try JSONSerialization.jsonObject(with: Data(scored.stdout.utf8)) as! [String: Any]
    #expect(kpis["paid_hours"] as? Double == 7.5)
    #expect(abs((kpis["labor_cost"] as! Double) - 7.5 * 20 * 1.25) < 1e-6)

    let exported = try CLIRunner.run(
      [
        "export", "--roster", "out/roster.csv", "--scenario", "s.yaml", "--format", "ics", "--out",
        "nights.ics",
      ],
      in: folder)
    try #require(exported.status == 0, "\(exported.stderr)")
    let calendar = try String(contentsOf: folder.appendingPathComponent("nights.ics"), encoding: .utf8)
    #expect(calendar.contains("DTSTART;TZID=Europe/Dublin:20261208T220000"))
    #expect(calendar.contains("DTEND;TZID=Europe/Dublin:20261209T060000"))
  }
}

/// The nights the clocks change: paid hours are real hours, and a time the clocks skip is an
/// error naming the line.
@Suite struct ClockChangeCommandTests {
  static let scenario = NightShiftCommandTests.scenario.replacingOccurrences(
    of: "week_start: 2026-12-07", with: "week_start: 2027-03-22"
  ).replacingOccurrences(of: "days: 2, cyclic: true", with: "days: 7")

  func score(_ rows: String) throws -> (CLIRunner.Result, URL) {
    let folder = try CLIRunner.temporaryFolder()
    try Self.scenario.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    try "id,name,contract,skills\nN1,Nia,nights,phone\n".write(
      to: folder.appendingPathComponent("employees.csv"), atomically: true, encoding: .utf8)
    try ("employee_id,date,shift,start,end,break_start,break_end\n" + rows).write(
      to: folder.appendingPathComponent("roster.csv"), atomically: true, encoding: .utf8)
    try "timestamp,channel,forecast,lo80,hi80,lo95,hi95\n2027-03-28T03:00:00,phone,3,2,4,1,5\n".write(
      to: folder.appendingPathComponent("forecast.csv"), atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      [
        "score", "--roster", "roster.csv", "--scenario", "s.yaml", "--forecast", "forecast.csv", "--format",
        "json",
      ],
      in: folder)
    return (result, folder)
  }

  /// Europe/Dublin skips 01:00–02:00 on 2027-03-28: 00:00–08:30 that day lasts 7.5 h, 7 paid
  /// after the unpaid meal; the night before, 22:00–06:00 lasts 7 h; the night before that, 8.
  @Test(arguments: [
    ("N1,2027-03-28,night,00:00,08:30,04:00,04:30\n", 7.0),
    ("N1,2027-03-27,night,22:00,06:00,02:00,02:30\n", 6.5),
    ("N1,2027-03-26,night,22:00,06:00,02:00,02:30\n", 7.5),
  ])
  func paidHoursAreRealHours(_ row: String, _ hours: Double) throws {
    let (result, folder) = try score(row)
    defer { try? FileManager.default.removeItem(at: folder) }
    try #require(result.status == 0, "\(result.stderr)")
    let kpis = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    #expect(kpis["paid_hours"] as? Double == hours)
  }

  @Test func aStartTheClocksSkipIsRefused() throws {
    let (result, folder) = try score("N1,2027-03-28,night,01:30,09:30,,\n")
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("roster.csv:2") && result.stderr.contains("the clocks skip"), "\(result.stderr)")
  }
}
