import Foundation
import RotaCore
import Testing

@Suite struct ErlangCommandTests {
  @Test func jsonAnswerHasEveryField() throws {
    let result = try CLIRunner.run([
      "erlang", "--arrivals", "100", "--interval", "30m", "--aht", "180", "--target", "80/20", "--shrinkage",
      "0.3",
      "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    // 100 calls of 180 s need 14 agents for 80/20 (Erlang C fixture); 14 / 0.7 = 20.
    #expect(object["agents"] as? Double == 14)
    #expect(object["gross_agents"] as? Double == 20)
    for key in ["service_level", "asa_seconds", "p_wait", "abandon_rate", "occupancy"] {
      #expect(object[key] is Double, "missing \(key)")
    }
    let neighbours = object["neighbours"] as! [[String: Any]]
    #expect(neighbours.map { $0["agents"] as! Double } == [12, 13, 14, 15, 16])
  }

  @Test func givenAgentsAreEvaluated() throws {
    let result = try CLIRunner.run([
      "erlang", "--arrivals", "100", "--aht", "180", "--target", "80/20", "--patience", "90", "--agents",
      "10",
      "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    // Erlang A fixture: 10 agents, patience 90 s: 14.6009% abandon.
    #expect(abs((object["abandon_rate"] as! Double) - 0.146_009_253) < 1e-6)
  }

  @Test func tableMarksTheAnswer() throws {
    let result = try CLIRunner.run(["erlang", "--arrivals", "100", "--aht", "180", "--target", "80/20"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("14 agents"))
    #expect(result.stdout.split(separator: "\n").contains { $0.hasSuffix("←") && $0.contains("14") })
  }

  @Test(arguments: [
    (["--aht", "0", "--target", "80/20"], "handling time (--aht) must be above 0 seconds"),
    (["--aht=-5", "--target", "80/20"], "handling time (--aht) must be above 0 seconds"),
    (["--aht", "180", "--target", "100/20"], "service level target must lie strictly between 0 and 1"),
    (["--aht", "180", "--asa", "0"], "no number of agents can meet an average speed of answer of 0 s"),
    (["--aht", "180", "--target", "eighty"], "--target 'eighty' is not percent/seconds like 80/20"),
    (["--aht", "180", "--max-abandon", "0.05"], "abandonment target needs a patience"),
  ])
  func invalidParametersExitOne(_ arguments: [String], _ message: String) throws {
    let result = try CLIRunner.run(["erlang", "--arrivals", "100"] + arguments)
    #expect(result.status == 1)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }
}

@Suite struct StaffCommandTests {
  @Test func rebuildsThePlansRequirementsFromItsForecast() throws {
    let (folder, plan) = PlanEndToEndTests.run
    try #require(plan.status == 0)
    let out = folder.appendingPathComponent("requirements-again.csv")
    let result = try CLIRunner.run([
      "staff", "--forecast", folder.appendingPathComponent("forecast.csv").path, "--scenario",
      CLIRunner.defaultScenario, "--out", out.path,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let again = try String(contentsOf: out, encoding: .utf8)
    let original = try String(contentsOf: folder.appendingPathComponent("requirements.csv"), encoding: .utf8)
    #expect(again == original)
  }

  @Test func badForecastNamesTheLine() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let forecast = folder.appendingPathComponent("forecast.csv")
    try "timestamp,channel,forecast\n2026-12-07T08:00:00,phone,12\n2026-12-07T08:30:00,fax,3\n".write(
      to: forecast, atomically: true, encoding: .utf8)
    let result = try CLIRunner.run([
      "staff", "--forecast", forecast.path, "--scenario", CLIRunner.defaultScenario,
    ])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("forecast.csv:3: field 'channel': channel 'fax' is not defined"),
      "\(result.stderr)")
  }

  /// The CSV form holds numbers a spreadsheet can use: shares as fractions, an unbounded
  /// average speed of answer as an empty cell.
  @Test func csvCellsAreNumbers() throws {
    let result = try CLIRunner.run([
      "erlang", "--arrivals", "120", "--interval", "30m", "--aht", "240", "--target", "80/20", "--agents",
      "16",
      "--format", "csv",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let table = try CSVTable(text: result.stdout, file: "erlang.csv")
    #expect(table.header.first == "agents" && table.rows.count == 5)
    for row in table.rows {
      for (column, cell) in row.fields.enumerated() {
        #expect(
          Double(cell) != nil || (cell.isEmpty && table.header[column] == "asa_seconds"), "\(row.fields)")
      }
    }
    // 14 agents for 16 Erlangs cannot keep up: no finite ASA.
    #expect(table.rows[0].fields[0] == "14" && table.rows[0].fields[2].isEmpty)
  }
}
