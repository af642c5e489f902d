import Foundation
import Testing

@Suite struct ScoreCommandTests {
  /// The plan's own roster, rescored with a simulation: analytic and simulated week service
  /// levels agree within 2 percentage points on the live channels.
  @Test func analyticAndSimulatedServiceLevelsAgree() throws {
    let (folder, plan) = PlanEndToEndTests.run
    try #require(plan.status == 0)
    let out = folder.appendingPathComponent("scored.json")
    let result = try CLIRunner.run([
      "score", "--roster", folder.appendingPathComponent("roster.csv").path, "--scenario",
      CLIRunner.defaultScenario,
      "--forecast", folder.appendingPathComponent("forecast.csv").path, "--simulate", "30", "--format",
      "json",
      "--out", out.path,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as! [String: Any]
    let channels = object["channels"] as! [String: [String: Any]]
    for name in ["phone", "chat"] {
      let channel = try #require(channels[name])
      let simulated = channel["service_level"] as! [String: Any]
      let interval = simulated["ci95"] as! [Double]
      let mean = simulated["mean"] as! Double
      #expect(interval[0] <= mean && mean <= interval[1])
      let analytic = (channel["analytic"] as! [String: Any])["service_level"] as! Double
      #expect(abs(mean - analytic) <= 0.02, "\(name): simulated \(mean) vs analytic \(analytic)")
    }
    // Without a simulation the plan's kpis.json and the rescoring agree exactly on cost.
    let planned =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("kpis.json"))) as! [String: Any]
    #expect(planned["labor_cost"] as! Double == object["labor_cost"] as! Double)
  }

  /// Copies the plan's roster, edits it, and scores it.
  func scoreEdited(_ extra: [String] = [], _ edit: (String) -> String) throws -> CLIRunner.Result {
    let (folder, plan) = PlanEndToEndTests.run
    try #require(plan.status == 0)
    let original = try String(contentsOf: folder.appendingPathComponent("roster.csv"), encoding: .utf8)
    let edited = edit(original)
    #expect(edited != original)
    let work = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: work) }
    let roster = work.appendingPathComponent("edited.csv")
    try edited.write(to: roster, atomically: true, encoding: .utf8)
    return try CLIRunner.run(
      [
        "score", "--roster", roster.path, "--scenario", CLIRunner.defaultScenario, "--forecast",
        folder.appendingPathComponent("forecast.csv").path,
      ] + extra)
  }

  /// One judgement of each target: `--fail-on-target` exits 3 listing exactly the targets
  /// the table marks FAIL, and on the plan's own roster it fails when, and only when, the
  /// plan's summary says a channel MISSES.
  @Test func everyOutputJudgesTargetsAlike() throws {
    let result = try scoreEdited(["--fail-on-target"]) { text in
      let rows = lines(text)
      return rows.prefix(rows.count * 2 / 5).joined(separator: "\n") + "\n"
    }
    #expect(result.status == 3, "\(result.stderr)")
    let missed = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("missed: ") })
    let listed = missed.dropFirst("missed: ".count).split(separator: ",")
    let failing = result.stdout.split(separator: "\n").filter { $0.hasSuffix("FAIL") }
    #expect(listed.count == failing.count && !failing.isEmpty, "\(missed) against \(failing)")

    let (folder, plan) = PlanEndToEndTests.run
    let own = try CLIRunner.run([
      "score", "--roster", folder.appendingPathComponent("roster.csv").path, "--scenario",
      CLIRunner.defaultScenario, "--forecast", folder.appendingPathComponent("forecast.csv").path,
      "--fail-on-target",
    ])
    #expect(own.status == (plan.stdout.contains("MISSES") ? 3 : 0), "\(plan.stdout)\n\(own.stderr)")
  }

  func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  @Test func unknownEmployeeIsRejected() throws {
    let result = try scoreEdited { text in
      var rows = lines(text)
      rows[1] = "X999" + rows[1].drop { $0 != "," }
      return rows.joined(separator: "\n")
    }
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("edited.csv:2: field 'employee_id': unknown employee 'X999'"), "\(result.stderr)"
    )
  }

  @Test func overlappingShiftsAreRejected() throws {
    let result = try scoreEdited { text in
      var rows = lines(text)
      rows.insert(rows[1], at: 2)
      return rows.joined(separator: "\n")
    }
    #expect(result.status == 1)
    #expect(result.stderr.contains("edited.csv:3:"), "\(result.stderr)")
    #expect(result.stderr.contains("overlapping shifts"), "\(result.stderr)")
  }

  @Test func breakOutsideItsShiftIsRejected() throws {
    let result = try scoreEdited { text in
      var rows = lines(text)
      var fields = rows[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      fields[6] = "23:00"
      fields[7] = "23:30"
      rows[1] = fields.joined(separator: ",")
      return rows.joined(separator: "\n")
    }
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("edited.csv:2: field 'break_start': break 23:00–23:30 is not inside the shift"),
      "\(result.stderr)")
  }

  @Test func dateOutsideTheWeekIsRejected() throws {
    let result = try scoreEdited { text in
      var rows = lines(text)
      var fields = rows[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      fields[2] = "2027-01-04"
      rows[1] = fields.joined(separator: ",")
      return rows.joined(separator: "\n")
    }
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("edited.csv:2: field 'date': 2027-01-04 is outside the scenario's week"),
      "\(result.stderr)")
  }
}
