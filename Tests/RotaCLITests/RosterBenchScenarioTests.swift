import Foundation
import RosterBench
import Testing

/// A roster-bench instance through a Rota scenario and `rota schedule`, and its roster back as
/// a solution: the objective of that solution, recomputed here by the format's own rules
/// (labour per shift, under and over per agent-interval), must be Rota's printed cost plus the
/// fold's constant.
@Suite struct RosterBenchScenarioTests {
  /// One day at 60 minutes: 2 agents 08:00–20:00, 3 at 12:00–14:00, so over-coverage is cheaper
  /// than a short peak; two templates, one with an unpaid break.
  static var instance: [String: Any] {
    [
      "name": "tiny", "family": "S", "days": 1, "interval_min": 60, "cyclic": false,
      "open": [[360, 1320]],
      "required": [
        Array(repeating: 0, count: 8) + [2, 2, 2, 2, 3, 3, 2, 2, 2, 2, 2, 2] + Array(repeating: 0, count: 4)
      ],
      "shift_templates": [
        [
          "name": "F8", "length_min": 480, "paid_hours": 7, "cost_per_hour": 20.0, "part_time": false,
          "start_earliest_min": 420, "start_latest_min": 780, "start_step_min": 60,
          "break": [
            "length_min": 60, "earliest_start_after_min": 180, "latest_start_after_min": 300, "step_min": 60,
            "paid": false,
          ],
        ],
        [
          "name": "P4", "length_min": 240, "paid_hours": 4, "cost_per_hour": 18.0, "part_time": true,
          "start_earliest_min": 480, "start_latest_min": 960, "start_step_min": 60, "break": NSNull(),
        ],
      ],
      "tour": NSNull(),
      "objective": ["under_penalty_per_agent_interval": 60.0, "over_penalty_per_agent_interval": 7.0],
    ]
  }

  /// `object` as an instance file, written as a scenario, scheduled by `rota schedule`: the
  /// instance, Rota's printed cost and the solution file made from its roster.csv.
  static func schedule(_ object: [String: Any]) throws -> (
    instance: RosterBenchFormat.Instance, printed: Double, solution: [String: Any]
  ) {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("instance.json").path
    try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    let instance = try RosterBenchFormat.readInstance(path)
    for (name, text) in try RosterBenchFormat.scenarioFiles(instance) {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let result = try CLIRunner.run(
      [
        "schedule", "--requirements", "requirements.csv", "--scenario", "scenario.yaml", "--out", "out",
        "--format", "json",
      ], in: folder)
    try #require(result.status == 0, "\(result.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    let text = try RosterBenchFormat.solution(
      fromRoster: folder.appendingPathComponent("out/roster.csv").path, instance: instance)
    return (
      instance, (summary["objective"] as! NSNumber).doubleValue,
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    )
  }

  /// Unlimited, and with at most 20% of the shifts part-time (the format's
  /// `max_part_time_share`, which the scenario says as `rules.max_part_time_share`).
  @Test(arguments: [nil, 0.2] as [Double?])
  func theSolutionCostsWhatRotaPrinted(partTimeShare: Double?) throws {
    var object = Self.instance
    if let partTimeShare { object["limits"] = ["max_part_time_share": partTimeShare] }
    let (instance, printed, solution) = try Self.schedule(object)
    let shifts = solution["shifts"] as! [[String: Any]]
    #expect(!shifts.isEmpty)

    let required = (Self.instance["required"] as! [[Int]])[0]
    var coverage = Array(repeating: 0, count: 24)
    var labour = 0.0
    for shift in shifts {
      let (template, start, count) = (
        shift["template"] as! String, shift["start_min"] as! Int, shift["count"] as! Int
      )
      let length = template == "F8" ? 8 : 4
      labour += Double(count) * (template == "F8" ? 7 * 20 : 4 * 18)
      let breakHour = (shift["break_offset_min"] as? Int).map { (start + $0) / 60 }
      for hour in (start / 60)..<(start / 60 + length) where hour != breakHour { coverage[hour] += count }
    }
    let under = zip(required, coverage).reduce(0) { $0 + max(0, $1.0 - $1.1) }
    let over = zip(required, coverage).reduce(0) { $0 + max(0, $1.1 - $1.0) }
    let objective = labour + 60 * Double(under) + 7 * Double(over)
    #expect(abs(printed + RosterBenchFormat.objectiveOffset(instance) - objective) < 0.01)
    #expect(over > 0 || under > 0 || labour > 0)
    let partTime = shifts.filter { $0["template"] as! String == "P4" }.reduce(0) {
      $0 + ($1["count"] as! Int)
    }
    let all = shifts.reduce(0) { $0 + ($1["count"] as! Int) }
    if let partTimeShare {
      #expect(Double(partTime) <= partTimeShare * Double(all) + 1e-9, "\(partTime) of \(all)")
    } else {
      #expect(Double(partTime) > 0.2 * Double(all), "the limit must bind in the other case")
    }
  }

  /// A tour week (5 days on, the 2 off together, one start and template all week) as optional
  /// contracts with whole weeks: each agent of the solution works 5 days with their days off
  /// together, and the objective recomputed from the agents equals Rota's printed cost.
  @Test func aTourWeekGoesThroughAScenario() throws {
    var object = Self.instance
    object["days"] = 7
    let day = (Self.instance["required"] as! [[Int]])[0]
    object["required"] = Array(repeating: day, count: 7)
    object["open"] = Array(repeating: [360, 1320], count: 7)
    object["tour"] = ["days_on": 5, "consecutive_days_off": 2, "start_variation_max_min": 0]
    let (instance, printed, solution) = try Self.schedule(object)
    let agents = solution["agents"] as! [[String: Any]]
    #expect(!agents.isEmpty)
    var coverage = Array(repeating: Array(repeating: 0, count: 24), count: 7)
    var labour = 0.0
    for agent in agents {
      let (template, start) = (agent["template"] as! String, agent["start_min"] as! Int)
      let off = Set(agent["days_off"] as! [Int])
      #expect(off.count == 2 && (0..<7).contains { off.contains($0) && off.contains(($0 + 1) % 7) }, "\(off)")
      let breaks = agent["break_offset_min"] as! [Any]
      for day in 0..<7 where !off.contains(day) {
        let length = template == "F8" ? 8 : 4
        labour += template == "F8" ? 7 * 20 : 4 * 18
        let breakHour = (breaks[day] as? Int).map { (start + $0) / 60 }
        for hour in (start / 60)..<(start / 60 + length) where hour != breakHour { coverage[day][hour] += 1 }
      }
    }
    var penalties = 0.0
    for (needs, covered) in zip(Array(repeating: day, count: 7), coverage) {
      for (need, have) in zip(needs, covered) {
        penalties += 60 * Double(max(0, need - have)) + 7 * Double(max(0, have - need))
      }
    }
    #expect(abs(printed + RosterBenchFormat.objectiveOffset(instance) - (labour + penalties)) < 0.01)
  }
}
