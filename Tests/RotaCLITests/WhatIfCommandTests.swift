import Foundation
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
