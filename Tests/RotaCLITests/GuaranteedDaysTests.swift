import Foundation
import Testing

/// `min_days_per_week`: with min and max both 5, everyone works exactly five days even when
/// the requirement alone would give them fewer, and a guaranteed day not worked is priced.
@Suite struct GuaranteedDaysTests {
  static func scenario(minDays: Int) -> String {
    """
    name: five days
    team:
      time_zone: Europe/Dublin
      interval_minutes: 60
      opening_hours: { monday: "08:00-18:00", tuesday: "08:00-18:00", wednesday: "08:00-18:00",
        thursday: "08:00-18:00", friday: "08:00-18:00", saturday: "08:00-18:00", sunday: "08:00-18:00" }
    planning: { week_start: 2026-12-07, days: 7, history: history.csv }
    solver: { time_limit_seconds: 60, node_limit: 100, gap: 0.001 }
    channels:
      phone: { kind: phone, handling_seconds: 300, service_level: { target: 0.8, answer_seconds: 20 },
        shortfall_cost_per_hour: 200 }
    shift_templates:
      day: { length: "8:00", start_window: "08:00-10:00" }
    contracts:
      fixed: { templates: [day], min_days_per_week: \(minDays), max_days_per_week: 5, max_hours_per_week: 40,
        hourly_wage: 20 }
    employees: employees.csv
    """
  }

  @Test(arguments: [5, 0])
  func guaranteedDaysAreWorked(_ minDays: Int) throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.scenario(minDays: minDays).write(
      to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    try "id,name,contract,skills\nA,Ann,fixed,phone\nB,Bo,fixed,phone\nC,Cy,fixed,phone\n".write(
      to: folder.appendingPathComponent("employees.csv"), atomically: true, encoding: .utf8)
    // One agent 09:00-17:00 every day: seven shifts, fewer than the fifteen days guaranteed.
    var requirements = "timestamp,channel,gross_agents\n"
    for day in 7...13 {
      for hour in 9..<17 { requirements += String(format: "2026-12-%02dT%02d:00:00,phone,1\n", day, hour) }
    }
    try requirements.write(to: folder.appendingPathComponent("req.csv"), atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      ["schedule", "--requirements", "req.csv", "--scenario", "s.yaml", "--out", "out"], in: folder)
    try #require(result.status == 0, "\(result.stderr)")
    let rows = try PlanEndToEndTests.readRoster(folder.appendingPathComponent("out/roster.csv").path)
    let days = Dictionary(grouping: rows, by: \.employee).mapValues { Set($0.map(\.date)).count }
    if minDays == 5 {
      #expect(days == ["A": 5, "B": 5, "C": 5], "\(days)")
    } else {
      #expect(rows.count == 7, "seven shifts cover the requirement")
    }
  }

  @Test func moreGuaranteedThanAllowedIsAnError() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.scenario(minDays: 6).write(
      to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    try "id,name,contract,skills\nA,Ann,fixed,phone\n".write(
      to: folder.appendingPathComponent("employees.csv"), atomically: true, encoding: .utf8)
    try "timestamp,channel,gross_agents\n".write(
      to: folder.appendingPathComponent("req.csv"), atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      ["schedule", "--requirements", "req.csv", "--scenario", "s.yaml", "--out", "out"], in: folder)
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("s.yaml:") && result.stderr.contains("min_days_per_week"), "\(result.stderr)")
  }
}
