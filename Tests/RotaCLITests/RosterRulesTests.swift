import Foundation
import RotaCore
import Testing

/// Builds a roster with `rota schedule` for a small team under every hard rule Rota knows,
/// then checks each rule again from `roster.csv` and `coverage.csv` alone, with nothing from
/// the library: coverage recomputed, breaks in their windows, rest, days off, runs of working
/// days, weekend days, start-time variation, contract days and hours, availability, leave
/// and skills.
@Suite struct RosterRulesTests {
  static let scenario = """
    name: rules check
    team:
      time_zone: Europe/Dublin
      interval_minutes: 30
      opening_hours: { monday: "07:00-21:00", tuesday: "07:00-21:00", wednesday: "07:00-21:00",
        thursday: "07:00-21:00", friday: "07:00-21:00", saturday: "07:00-21:00", sunday: "07:00-21:00" }
    planning: { week_start: 2026-12-07, days: 7, history: history.csv } # not read by rota schedule
    solver: { time_limit_seconds: 60, node_limit: 200, gap: 0.005 }
    channels:
      phone: { kind: phone, handling_seconds: 300, service_level: { target: 0.8, answer_seconds: 20 },
        shrinkage: 0.2, shortfall_cost_per_hour: 150 }
      chat: { kind: chat, handling_seconds: 600, concurrency: 2, service_level: { target: 0.8, answer_seconds: 60 },
        shrinkage: 0.2, shortfall_cost_per_hour: 100 }
    shift_templates:
      day:
        length: "8:30"
        start_window: "07:00-12:30"
        breaks:
          - { name: lunch, minutes: 30, paid: false, window: "3:00-4:30" }
          - { name: tea, minutes: 15, paid: true, window: "5:30-6:30" }
      half:
        length: "4:00"
        start_window: "07:00-17:00"
    contracts:
      full_time: { templates: [day, half], max_days_per_week: 5, max_hours_per_week: 40, hourly_wage: 22 }
      part_time: { templates: [half], max_days_per_week: 3, max_hours_per_week: 12, max_hours_per_day: 4,
        hourly_wage: 20 }
    rules:
      min_rest_hours: 11
      max_consecutive_days: 4
      max_weekend_days: 1
      days_off_together: 2
      start_time_variation_minutes: 90
    employees: employees.csv
    """

  static let employees = """
    id,name,contract,skills,days,hours,leave
    A1,Ann,full_time,phone;chat,,,
    A2,Bea,full_time,phone,,,2026-12-09
    A3,Cal,full_time,phone;chat,mon;tue;wed;thu;fri,,
    A4,Dan,full_time,chat,,07:00-16:00,
    A5,Eve,full_time,phone,,,
    A6,Fin,full_time,phone;chat,,,2026-12-12;2026-12-13
    A7,Gus,full_time,phone,,,
    P1,Hal,part_time,phone,,12:00-21:00,
    P2,Ivy,part_time,phone;chat,sat;sun;mon,,
    P3,Jo,part_time,chat,,,

    """

  /// With the scenario's node budget, and with one too small for GLPK to find an integer
  /// answer in the first day's stage (the roster is then poor, but must still keep every rule).
  @Test(arguments: [[], ["--node-limit", "20"]])
  func everyHardRuleHoldsInTheOutputFiles(_ budget: [String]) throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.scenario.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    try Self.employees.write(
      to: folder.appendingPathComponent("employees.csv"), atomically: true, encoding: .utf8)
    // Three on phone and one on chat from 07:00 to 21:00 every day: more than ten people can
    // give under these rules, so every rule is pressed.
    var requirements = "timestamp,channel,gross_agents\n"
    let dates = (7...13).map { String(format: "2026-12-%02d", $0) }
    for date in dates {
      for slot in 14..<42 {
        let time = String(format: "%02d:%02d", slot / 2, slot % 2 * 30)
        requirements += "\(date)T\(time):00,phone,3\n\(date)T\(time):00,chat,1\n"
      }
    }
    try requirements.write(to: folder.appendingPathComponent("req.csv"), atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      ["schedule", "--requirements", "req.csv", "--scenario", "s.yaml", "--out", "out"] + budget, in: folder)
    try #require(result.status == 0, "\(result.stderr)")

    let text = try String(contentsOf: folder.appendingPathComponent("out/roster.csv"), encoding: .utf8)
    let lines = text.split(separator: "\n")
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    #expect(
      header == [
        "employee_id", "employee_name", "date", "shift", "start", "end", "break_start", "break_end",
        "break2_start", "break2_end", "paid_hours", "channel",
      ])
    let rows = try PlanEndToEndTests.readRoster(folder.appendingPathComponent("out/roster.csv").path)
    #expect(rows.count >= (budget.isEmpty ? 30 : 10), "a roster with work in it")
    // Shifts nobody could take are listed, as many as the summary says.
    // The summary's first line ends "…; 32 shifts, 4 open".
    let summary = result.stdout.split(separator: "\n")[0].split(separator: " ")
    #expect(summary.last == "open")
    let open = try #require(Int(summary[summary.count - 2]))
    let openFile = folder.appendingPathComponent("out/open-shifts.csv")
    let listed = try String(contentsOf: openFile, encoding: .utf8).split(separator: "\n").count - 1
    #expect(listed == open)

    let skills: [String: Set<String>] = [
      "A1": ["phone", "chat"], "A2": ["phone"], "A3": ["phone", "chat"], "A4": ["chat"], "A5": ["phone"],
      "A6": ["phone", "chat"], "A7": ["phone"], "P1": ["phone"], "P2": ["phone", "chat"], "P3": ["chat"],
    ]
    for row in rows {
      #expect(skills[row.employee]!.contains(row.channel), "\(row.employee) has no \(row.channel) skill")
      // Templates and breaks in their windows; paid hours are length less the unpaid lunch.
      switch row.template {
      case "day":
        #expect(row.end - row.start == 510 && (420...750).contains(row.start))
        #expect(row.breaks.count == 2)
        if row.breaks.count == 2 {
          #expect(
            (180...270).contains(row.breaks[0].start - row.start)
              && row.breaks[0].end - row.breaks[0].start == 30)
          #expect(
            (330...390).contains(row.breaks[1].start - row.start)
              && row.breaks[1].end - row.breaks[1].start == 15)
        }
        #expect(row.paidHours == 8)
      case "half":
        #expect(row.end - row.start == 240 && (420...1020).contains(row.start) && row.breaks.isEmpty)
        #expect(row.paidHours == 4)
      default:
        Issue.record("unknown template \(row.template)")
      }
      #expect(row.start >= 420 && row.end <= 1260, "inside opening hours")
    }
    // Availability, leave and hours windows.
    #expect(!rows.contains { $0.employee == "A2" && "\($0.date)" == "2026-12-09" })
    #expect(!rows.contains { $0.employee == "A6" && ["2026-12-12", "2026-12-13"].contains("\($0.date)") })
    #expect(!rows.contains { $0.employee == "A3" && $0.day >= 5 })
    #expect(!rows.contains { $0.employee == "P2" && ![0, 5, 6].contains($0.day) })
    #expect(!rows.contains { $0.employee == "A4" && ($0.start < 420 || $0.end > 960) })
    #expect(!rows.contains { $0.employee == "P1" && ($0.start < 720 || $0.end > 1260) })
    #expect(!rows.contains { $0.employee.hasPrefix("P") && $0.template != "half" })

    for (employee, shifts) in Dictionary(grouping: rows, by: \.employee) {
      let full = employee.hasPrefix("A")
      let byDay = Dictionary(grouping: shifts, by: \.day)
      #expect(byDay.values.allSatisfy { $0.count == 1 }, "\(employee): one shift a day")
      #expect(byDay.count <= (full ? 5 : 3), "\(employee): contract days")
      #expect(shifts.reduce(0) { $0 + $1.paidHours } <= (full ? 40 : 12), "\(employee): contract hours")
      let worked = (0..<7).map { byDay[$0] != nil }
      // The week repeats: runs wrap from Sunday to Monday.
      for first in 0..<7 {
        #expect(
          !(0..<5).allSatisfy { worked[(first + $0) % 7] }, "\(employee): more than 4 days in a row")
      }
      #expect((0..<7).contains { !worked[$0] && !worked[($0 + 1) % 7] }, "\(employee): two days off together")
      #expect((worked[5] ? 1 : 0) + (worked[6] ? 1 : 0) <= 1, "\(employee): weekend days")
      let starts = shifts.map(\.start)
      #expect(starts.max()! - starts.min()! <= 90, "\(employee): start times vary too much")
      for day in 0..<6 {
        if let today = byDay[day]?.first, let tomorrow = byDay[day + 1]?.first {
          #expect(tomorrow.start + 1440 - today.end >= 660, "\(employee): rest after \(today.date)")
        }
      }
    }

    // Coverage recomputed from the roster matches coverage.csv.
    let coverage = try String(contentsOf: folder.appendingPathComponent("out/coverage.csv"), encoding: .utf8)
    var checked = 0
    for line in coverage.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      let stamp = fields[0]
      let date = String(stamp.prefix(10))
      let minute = PlanEndToEndTests.minutes(String(stamp.dropFirst(11).prefix(5)))
      var onTask = 0.0
      for row in rows where "\(row.date)" == date && row.channel == fields[1] {
        func overlap(_ a: Int, _ b: Int) -> Int { max(0, min(b, minute + 30) - max(a, minute)) }
        onTask +=
          Double(overlap(row.start, row.end) - row.breaks.reduce(0) { $0 + overlap($1.start, $1.end) }) / 30
      }
      #expect(abs(onTask - Double(fields[3])!) < 1e-3, "\(stamp) \(fields[1])")
      checked += 1
    }
    #expect(checked == 7 * 28 * 2)
  }

  /// With coverage a hard rule, asking for more agents than can work that day stops with
  /// exit 2 and names the interval, the need and the people who can work it, found by the
  /// elastic relaxation.
  @Test func impossibleCoverageIsExplained() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var scenario = Self.scenario
    for rule in [
      "max_consecutive_days: 4", "max_weekend_days: 1", "days_off_together: 2",
      "start_time_variation_minutes: 90",
    ] {
      scenario = scenario.replacingOccurrences(of: "  \(rule)\n", with: "")
    }
    scenario = scenario.replacingOccurrences(
      of: "  min_rest_hours: 11\n", with: "  min_rest_hours: 11\n  coverage: hard\n")
    #expect(scenario.contains("coverage: hard") && !scenario.contains("days_off_together"))
    try scenario.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
    try Self.employees.write(
      to: folder.appendingPathComponent("employees.csv"), atomically: true, encoding: .utf8)
    // Phone people on Saturday 12 December: A1, A2, A5, A7, P1, P2 (A3 works weekdays only,
    // A4 has no phone, A6 is on leave).
    let requirements = """
      timestamp,channel,gross_agents
      2026-12-12T09:30:00,phone,3
      2026-12-12T10:00:00,phone,8
      2026-12-12T10:30:00,phone,3

      """
    try requirements.write(to: folder.appendingPathComponent("req.csv"), atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      ["schedule", "--requirements", "req.csv", "--scenario", "s.yaml", "--out", "out"], in: folder)
    #expect(result.status == 2)
    #expect(
      result.stderr.contains(
        "Saturday 2026-12-12 10:00–10:30 needs 8 agents on phone; 6 employees with phone can work Saturdays"),
      "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/roster.csv").path))

    // Within reach (6 agents), the same hard rule gives a roster with no shortfall.
    try requirements.replacingOccurrences(of: "phone,8", with: "phone,6").write(
      to: folder.appendingPathComponent("req.csv"), atomically: true, encoding: .utf8)
    let feasible = try CLIRunner.run(
      ["schedule", "--requirements", "req.csv", "--scenario", "s.yaml", "--out", "out"], in: folder)
    #expect(feasible.status == 0, "\(feasible.stderr)")
  }
}

extension PlanEndToEndTests.RosterRow {
  /// Day of the checked week (Monday 7 to Sunday 13 December 2026), 0 for Monday.
  fileprivate var day: Int { date.weekday.rawValue - 1 }
}
