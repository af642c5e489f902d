import Foundation
import RotaCore
import Testing

/// An email channel with a share target (`service_level: { target, within_hours }`) or all
/// within a deadline, planned on the default scenario and checked from the files written.
@Suite struct EmailTargetCommandTests {
  @Test(arguments: [
    ("service_level: { target: 0.8, within_hours: 4 }", 0.8, "80% within 4 h"),
    ("service_level: { target: 0.98, within_hours: 1 }", 0.98, "98% within 1 h"),
    ("deadline_hours: 4", 1.0, "all within 4 h"),
  ])
  func theTargetIsPricedAndJudgedAlike(_ target: String, _ share: Double, _ words: String) throws {
    let folder = try CLIRunner.copyOfDefaultScenario()
    defer { try? FileManager.default.removeItem(at: folder) }
    let scenario = folder.appendingPathComponent("scenario.yaml")
    let text = try String(contentsOf: scenario, encoding: .utf8)
    let edited = text.replacingOccurrences(of: "    deadline_hours: 24", with: "    \(target)")
    try #require(edited != text)
    try edited.write(to: scenario, atomically: true, encoding: .utf8)
    let out = folder.appendingPathComponent("out")
    let plan = try CLIRunner.run(["plan", scenario.path, "--out", out.path, "--quiet", "--report"])
    try #require(plan.status == 0, "\(plan.stderr)")

    // The overdue email cost recomputed from roster.csv and requirements.csv: agents on task
    // after the scenario's 20% shrinkage work the backlog oldest first; each agent-interval
    // overdue at an interval's end costs 60/h × 0.5 h, less (1 − share) of all work when the
    // target is a share.
    let roster = try PlanEndToEndTests.readRoster(out.appendingPathComponent("roster.csv").path)
    let requirements = try CSVTable(contentsOf: out.appendingPathComponent("requirements.csv").path)
    let column = { (name: String) in try requirements.requireColumn(name) }
    let rows = try requirements.rows.filter { $0.fields[try column("channel")] == "email" }.map { row in
      (
        start: LocalDateTime(iso: row.fields[try column("timestamp")])!,
        work: Double(row.fields[try column("work_agent_intervals")])!,
        due: LocalDateTime(iso: row.fields[try column("due")])!
      )
    }.sorted { $0.start < $1.start }
    try #require(!rows.isEmpty)
    var backlog = 0.0
    var overdue = 0.0
    var arrived = 0.0
    for row in rows {
      var minutes = 0
      for shift in roster where shift.channel == "email" && shift.date == row.start.date {
        func overlap(_ a: Int, _ b: Int) -> Int {
          max(0, min(b, row.start.minuteOfDay + 30) - max(a, row.start.minuteOfDay))
        }
        minutes += overlap(shift.start, shift.end) - shift.breaks.reduce(0) { $0 + overlap($1.start, $1.end) }
      }
      let capacity = Double(minutes) / 30 * 0.8
      backlog = max(0, backlog + row.work - capacity)
      arrived += row.work
      let dueByNow = rows.filter { $0.due <= row.start }.reduce(0) { $0 + $1.work }
      overdue += max(0, backlog - (arrived - dueByNow))
    }
    if share < 1 { overdue = max(0, overdue - (1 - share) * arrived) }
    let kpis =
      try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("kpis.json")))
      as! [String: Any]
    let solver = kpis["solver"] as! [String: Any]
    let cost = solver["cost"] as! [String: Double]
    #expect(abs(cost["email_overdue"]! - overdue * 30) < 0.01, "\(cost) against \(overdue * 30)")
    #expect(abs((solver["objective"] as! Double) - cost.values.reduce(0, +)) < 0.01)
    #expect((solver["bound"] as! Double) <= (solver["objective"] as! Double) + 1e-6)

    // One verdict: kpis.json's share against the target, the summary, `rota score` and the report.
    let achieved = try #require(
      (kpis["channels"] as! [String: [String: Any]])["email"]?["email_within_deadline"] as? Double)
    let met = achieved >= (share >= 1 ? 0.9999 : share)
    let summary = try #require(plan.stdout.split(separator: "\n").first { $0.hasPrefix("  email") })
    let label = share >= 1 ? "all" : "\(Int((share * 100).rounded()))%"
    #expect(summary.contains(met ? "meets target (\(label))" : "MISSES target (\(label))"), "\(summary)")
    let score = try CLIRunner.run([
      "score", "--roster", out.appendingPathComponent("roster.csv").path, "--scenario", scenario.path,
      "--forecast", out.appendingPathComponent("forecast.csv").path, "--fail-on-target",
    ])
    let line = try #require(score.stdout.split(separator: "\n").first { $0.contains("target \(words)") })
    #expect(line.hasSuffix(met ? "PASS" : "FAIL"), "\(line)")
    let missedEmail = score.stderr.split(separator: "\n").contains {
      $0.hasPrefix("missed: ") && $0.contains("email")
    }
    #expect(missedEmail == !met, "\(score.stderr)")
    let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    #expect(report.contains("\(words) <span class=\"\(met ? "pass" : "fail")\">"), "no '\(words)' verdict")
    // A ticket answered late makes its interval one below target.
    let understaffed =
      (kpis["channels"] as! [String: [String: Any]])["email"]?["understaffed_intervals"] as? Int
    #expect((understaffed ?? 0 > 0) == (achieved < 0.999_999))
  }
}
