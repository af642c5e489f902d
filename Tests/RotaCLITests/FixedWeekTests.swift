import Foundation
import RotaCore
import Testing

/// Fixed weekly schedules through `rota schedule`, checked from the files it writes: every
/// rostered person works exactly their contract's days, with their days off together (Sunday
/// and Monday count as together on a repeating week), at one start on one template; an
/// optional pool is used only as far as it pays, under the same rules, and the summary says
/// how many of it were used.
@Suite struct FixedWeekTests {
  static func scenario(agencyWage: Double, agencyOptional: Bool = true) -> String {
    """
    name: fixed weeks
    team:
      time_zone: Europe/Dublin
      interval_minutes: 60
      opening_hours: { monday: "07:00-22:00", tuesday: "07:00-22:00", wednesday: "07:00-22:00",
        thursday: "07:00-22:00", friday: "07:00-22:00", saturday: "07:00-22:00", sunday: "07:00-22:00" }
    planning: { week_start: 2026-12-07, days: 7, cyclic: true, history: history.csv }
    solver: { time_limit_seconds: 120, node_limit: 100, gap: 0.001 }
    channels:
      phone: { kind: phone, handling_seconds: 300, service_level: { target: 0.8, answer_seconds: 20 },
        shortfall_cost_per_hour: 200 }
    shift_templates:
      early: { length: "8:00", start_window: "07:00-09:00" }
      late: { length: "8:00", start_window: "12:00-14:00" }
    contracts:
      team:
        templates: [early, late]
        min_days_per_week: 5
        max_days_per_week: 5
        max_hours_per_week: 40
        hourly_wage: 20
        same_shift_all_week: true
      agency:
        templates: [early, late]
        optional: \(agencyOptional)
        min_days_per_week: 5
        max_days_per_week: 5
        max_hours_per_week: 40
        hourly_wage: \(agencyWage)
        same_shift_all_week: true
    rules: { min_rest_hours: 11, days_off_together: 2, start_time_variation_minutes: 0 }
    employees: employees.csv
    """
  }

  /// Three agents 07:00–22:00 on weekdays, two at weekends, every hour: more than the team's
  /// six people can cover on five-day weeks.
  static var requirements: String {
    var text = "timestamp,channel,gross_agents\n"
    for day in 7...13 {
      for hour in 7..<22 {
        text += String(format: "2026-12-%02dT%02d:00:00,phone,%d\n", day, hour, day >= 12 ? 2 : 3)
      }
    }
    return text
  }

  static let employees =
    "id,name,contract,skills\n" + (1...6).map { "T\($0),Team \($0),team,phone\n" }.joined()
    + (1...6).map { "A\($0),Agency \($0),agency,phone\n" }.joined()

  func schedule(agencyWage: Double, agencyOptional: Bool = true) throws -> (
    rows: [PlanEndToEndTests.RosterRow], stdout: String
  ) {
    let folder = try CLIRunner.folder(with: [
      "s.yaml": Self.scenario(agencyWage: agencyWage, agencyOptional: agencyOptional),
      "employees.csv": Self.employees, "req.csv": Self.requirements,
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try CLIRunner.run(
      ["schedule", "--requirements", "req.csv", "--scenario", "s.yaml", "--out", "out"], in: folder)
    try #require(result.status == 0, "\(result.stderr)")
    return (
      try PlanEndToEndTests.readRoster(folder.appendingPathComponent("out/roster.csv").path), result.stdout
    )
  }

  /// Whether `days` (plan days 0–6 worked) leave two days off in a row, Sunday to Monday too.
  static func daysOffTogether(_ days: Set<Int>) -> Bool {
    (0..<7).contains { !days.contains($0) && !days.contains(($0 + 1) % 7) }
  }

  @Test(arguments: [25.0, 1000.0])
  func everyoneRosteredGetsAWholeWeek(_ agencyWage: Double) throws {
    let (rows, stdout) = try schedule(agencyWage: agencyWage)
    let monday = LocalDate(iso: "2026-12-07")!
    let byPerson = Dictionary(grouping: rows, by: \.employee)
    for (person, shifts) in byPerson {
      let days = Set(shifts.map { $0.date.daysSinceEpoch - monday.daysSinceEpoch })
      #expect(
        days.count == 5 && shifts.count == 5, "\(person) works \(shifts.count) shifts on \(days.count) days")
      #expect(Self.daysOffTogether(days), "\(person)'s days off \(days) are not together")
      #expect(Set(shifts.map(\.start)).count == 1, "\(person) starts at \(Set(shifts.map(\.start)))")
      #expect(Set(shifts.map(\.template)).count == 1, "\(person) works \(Set(shifts.map(\.template)))")
    }
    // The whole team works: their days are paid either way.
    #expect((1...6).allSatisfy { byPerson["T\($0)"] != nil }, "\(byPerson.keys.sorted())")
    let agency = byPerson.keys.filter { $0.hasPrefix("A") }.count
    #expect(stdout.contains("agency \(agency) of 6 used"), "\(stdout)")
    if agencyWage == 25 {
      #expect(agency > 0, "a cheap agency covers the shortfall")
    } else {
      #expect(agency == 0, "an agency dearer than the shortfall is not used")
    }
  }

  @Test func aTeamLargerThanTheWorkIsPaidToStayHomeOnlyWhole() throws {
    // The agency as a second team on the books: twelve people guaranteed five days, for less
    // work than that. Whoever works gets the whole week.
    let (rows, _) = try schedule(agencyWage: 20, agencyOptional: false)
    let byPerson = Dictionary(grouping: rows, by: \.employee)
    #expect(
      !byPerson.isEmpty && byPerson.values.allSatisfy { $0.count == 5 }, "\(byPerson.mapValues(\.count))")
  }
}
