import Foundation
import Testing

/// The status word of `rota plan`, from its printed solver line and kpis.json: each must be the
/// word the written certificate calls for (`optimal` at no gap, `within_gap` within the asked
/// gap, then `time_limit` when kpis.json names a stage the clock stopped, else `node_limit`),
/// checked for a run the clock stops, one the node limit stops and one within a loose gap.
@Suite struct StatusWordTests {
  static var scenario: String {
    FixedWeekTests.scenario(agencyWage: 25) + """

      synthetic_history: { seed: 7, weeks: 4, daily_volume: { phone: 600 } }
      """
  }

  @Test(arguments: [
    (["--time-limit", "0.001"], "time_limit"),
    (["--node-limit", "1", "--gap", "0.000001"], "node_limit"),
    (["--gap", "0.9"], "within_gap"),
  ])
  func theStatusWordIsTheCertificates(_ flags: [String], _ expected: String) throws {
    let folder = try CLIRunner.folder(with: [
      "s.yaml": Self.scenario, "employees.csv": FixedWeekTests.employees,
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let history = try CLIRunner.run(["generate-history", "s.yaml", "--out", "history.csv"], in: folder)
    try #require(history.status == 0, "\(history.stderr)")
    let result = try CLIRunner.run(["plan", "s.yaml", "--out", "out"] + flags, in: folder)
    try #require(result.status == 0, "\(result.stderr)")
    let kpis =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("out/kpis.json"))) as! [String: Any]
    let solver = kpis["solver"] as! [String: Any]
    let status = solver["status"] as! String
    let objective = (solver["objective"] as! NSNumber).doubleValue
    let bound = (solver["bound"] as? NSNumber)?.doubleValue ?? 0
    let gap = (objective - bound) / objective
    let asked = flags.firstIndex(of: "--gap").map { Double(flags[$0 + 1])! } ?? 0.001
    let stopped = solver["stopped_by_clock"] as! [String]
    let word =
      gap <= 1e-9 ? "optimal" : gap <= asked ? "within_gap" : stopped.isEmpty ? "node_limit" : "time_limit"
    #expect(status == word, "gap \(gap), stopped by the clock: \(stopped)")
    #expect(result.stdout.contains("  solver       \(status),"), "\(result.stdout)")
    // Each run reaches the stop it was made for, unless the roster is provably optimal.
    #expect(status == expected || status == "optimal", "\(status), gap \(gap)")
    if expected == "time_limit" { #expect(!stopped.isEmpty) }
  }
}
