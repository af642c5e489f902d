import Foundation
import RotaCore
import Testing

@Suite struct WhatIfCommandTests {
  @Test(arguments: [
    (["--vary", "colour=blue"], "unknown what-if key 'colour'"),
    (["--vary", "aht.fax=+10%"], "aht.fax: no channel named 'fax'"),
    (["--vary", "volume=lots"], "volume: 'lots' is not a valid value"),
    (["--frontier", "phone.service_level=0.9:0.6:0.1"], "expected KEY=FROM:TO:STEP"),
  ])
  func badRequestsFailBeforeAnySolve(_ arguments: [String], _ message: String) throws {
    let started = Date()
    let result = try CLIRunner.run(["whatif", CLIRunner.defaultScenario] + arguments)
    #expect(result.status == 1)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(Date().timeIntervalSince(started) < 30, "it should fail before solving")
  }

  /// A variant no roster can staff keeps its column, says why, and the base still compares.
  @Test(arguments: ["table", "json", "csv"])
  func aFailingVariantKeepsItsColumn(_ format: String) throws {
    let result = try CLIRunner.run([
      "whatif", CLIRunner.defaultScenario, "--vary", "volume=+100000000%", "--node-limit", "20", "--format",
      format,
      "--quiet",
    ])
    try #require(result.status == 0, "\(result.stderr)")
    if format == "json" {
      let variants = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
      #expect(variants.map { $0["variant"] as? String } == ["base", "volume=+100000000%"])
      #expect(variants[0]["kpis"] != nil && variants[0]["error"] == nil)
      #expect((variants[1]["error"] as? String)?.contains("Erlangs") == true, "\(variants[1])")
    } else if format == "csv" {
      // Numbers only: shares as fractions; the failed variant's cells empty, its reason last.
      let table = try CSVTable(text: result.stdout, file: "whatif.csv")
      #expect(table.header == ["metric", "base", "volume=+100000000%"])
      for row in table.rows where row.fields[0] != "failure" {
        #expect(Double(row.fields[1]) != nil && row.fields[2].isEmpty, "\(row.fields)")
      }
      let level = try #require(
        table.rows.first { $0.fields[0] == "service level" }.flatMap { Double($0.fields[1]) })
      #expect(level > 0 && level <= 1)
      #expect(
        table.rows.last?.fields[0] == "failure" && table.rows.last?.fields[2].contains("Erlangs") == true)
    } else {
      let lines = result.stdout.split(separator: "\n")
      #expect(lines.first?.hasSuffix("volume=+100000000%") == true)
      #expect(lines.contains { $0.hasPrefix("paid hours") && $0.hasSuffix("failed") }, "\(result.stdout)")
      #expect(lines.last?.hasPrefix("volume=+100000000% failed: ") == true)
    }
  }

  @Test func variantsFileErrorsNameTheLine() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("variants.yaml")
    try "- name: busy\n  set:\n    volume: +20%\n- name: odd\n  set:\n    target.phone.service_level: 2\n"
      .write(
        to: file, atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(["whatif", CLIRunner.defaultScenario, "--variants", file.path])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("variants.yaml:6: field '1.set.target.phone.service_level'"), "\(result.stderr)")
  }

  /// More shrinkage needs more agents: the variant costs more than the base.
  @Test func shrinkageVariantCostsMore() throws {
    let result = try CLIRunner.run([
      "whatif", CLIRunner.defaultScenario, "--vary", "shrinkage=0.35", "--format", "json", "--quiet",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
    #expect(rows.map { $0["variant"] as! String } == ["base", "shrinkage=0.35"])
    let costs = rows.map { (($0["kpis"] as! [String: Any])["labor_cost"] as! Double) }
    let open = rows.map { $0["open_shifts"] as! Double }
    #expect(costs[1] > costs[0] || open[1] > open[0], "\(costs) \(open)")
  }
}
