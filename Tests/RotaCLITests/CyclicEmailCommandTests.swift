import Foundation
import RotaCore
import Testing

/// Email on a repeating two-day period through `rota schedule`: the evening's tickets are
/// answered the next morning, Tuesday evening's by Monday morning's staff, and the printed
/// cost is what roster.csv and the requirements cost, recomputed here ticket parcel by parcel.
@Suite struct CyclicEmailCommandTests {
  static let scenario = """
    name: repeating email
    team:
      time_zone: UTC
      interval_minutes: 60
      opening_hours: { monday: "00:00-24:00", tuesday: "00:00-24:00" }
    planning: { week_start: 2026-12-07, days: 2, cyclic: true, history: history.csv }
    channels:
      email: { kind: email, handling_seconds: 600, deadline_hours: 14, shortfall_cost_per_hour: 40 }
    shift_templates:
      day: { length: "8:00", start_window: "08:00-08:00" }
    contracts:
      std: { templates: [day], max_days_per_week: 5, max_hours_per_week: 40, hourly_wage: 20 }
    employees: employees.csv
    """

  /// 3 agent-intervals arrive at 20:00 each day, due 14 hours on: Monday's by Tuesday's 09:00
  /// interval, Tuesday's by Monday's on the next lap. One 08:00–16:00 shift a day answers two
  /// of them by 10:00 and the third an hour late: 2 × 8 h × 20 + 2 × 1 agent-hour × 40 = 400,
  /// cheaper than a second shift (160) for each hour saved (40).
  @Test func eveningTicketsAreAnsweredNextMorningAtTheCostPrinted() throws {
    var requirements = "timestamp,channel,gross_agents,work_agent_intervals,due\n"
    for day in ["2026-12-07", "2026-12-08"] {
      for hour in 0..<24 {
        let due = hour != 20 ? "" : day == "2026-12-07" ? "2026-12-08T09:00:00" : "2026-12-07T09:00:00"
        requirements += String(format: "%@T%02d:00:00,email,0,%d,%@\n", day, hour, hour == 20 ? 3 : 0, due)
      }
    }
    let folder = try CLIRunner.folder(with: [
      "s.yaml": Self.scenario,
      "employees.csv": "id,name,contract,skills\nE1,Eve,std,email\nE2,Eli,std,email\n",
      "req.csv": requirements,
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let scheduled = try CLIRunner.run(
      ["schedule", "--requirements", "req.csv", "--scenario", "s.yaml", "--out", "out", "--format", "json"],
      in: folder)
    try #require(scheduled.status == 0, "\(scheduled.stderr)")
    let solver = try JSONSerialization.jsonObject(with: Data(scheduled.stdout.utf8)) as! [String: Any]
    let printed = try #require(solver["objective"] as? Double)
    #expect(abs(printed - 400) < 1e-6, "\(solver)")
    #expect(try #require(solver["bound"] as? Double) <= printed + 1e-6)

    // From the files: each shift's hours on task, then the work answered oldest first over
    // three laps of the period, the middle lap's agent-hours overdue at each hour's end priced.
    let roster = try PlanEndToEndTests.readRoster(folder.appendingPathComponent("out/roster.csv").path)
    #expect(roster.count == 2)
    let table = try CSVTable(contentsOf: folder.appendingPathComponent("req.csv").path)
    let rows = try table.rows.map { row in
      (
        start: LocalDateTime(iso: row.fields[try table.requireColumn("timestamp")])!,
        work: Double(row.fields[try table.requireColumn("work_agent_intervals")])!,
        due: LocalDateTime(iso: row.fields[try table.requireColumn("due")])
      )
    }
    let index = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.start, $0) })
    let capacity = rows.map { row in
      roster.filter {
        $0.date == row.start.date && $0.start <= row.start.minuteOfDay && row.start.minuteOfDay < $0.end
      }
      .count
    }
    var queue: [(amount: Double, due: Int)] = []
    var overdue = 0.0
    for lap in 0..<3 {
      for (position, row) in rows.enumerated() {
        let now = lap * rows.count + position
        if row.work > 0, let due = row.due.flatMap({ index[$0] }) {
          queue.append((row.work, lap * rows.count + (due < position ? due + rows.count : due)))
        }
        var left = Double(capacity[position])
        while left > 1e-12, !queue.isEmpty {
          let served = min(left, queue[0].amount)
          left -= served
          queue[0].amount -= served
          if queue[0].amount <= 1e-12 { queue.removeFirst() }
        }
        if lap == 1 { overdue += queue.filter { $0.due <= now }.reduce(0) { $0 + $1.amount } }
      }
    }
    let labour = roster.reduce(0.0) { $0 + Double($1.end - $1.start) / 60 * 20 }
    #expect(abs(labour + overdue * 40 - printed) < 1e-6, "labour \(labour), overdue \(overdue)")
  }
}
