import Foundation
import Testing

@Suite struct ScheduleCommandTests {
  /// Scheduling the plan's own requirements file gives the plan's roster, byte for byte.
  @Test func requirementsFileRepeatsThePlan() throws {
    let (folder, plan) = PlanEndToEndTests.run
    try #require(plan.status == 0)
    let out = folder.appendingPathComponent("scheduled")
    let result = try CLIRunner.run([
      "schedule", "--requirements", folder.appendingPathComponent("requirements.csv").path, "--scenario",
      CLIRunner.defaultScenario, "--out", out.path, "--format", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    for key in ["status", "objective", "bound", "gap", "seconds"] { #expect(summary[key] != nil) }
    let again = try Data(contentsOf: out.appendingPathComponent("roster.csv"))
    #expect(again == (try Data(contentsOf: folder.appendingPathComponent("roster.csv"))))
    let coverage = try String(contentsOf: out.appendingPathComponent("coverage.csv"), encoding: .utf8)
    let rows = coverage.split(separator: "\n")
    #expect(rows.first == "timestamp,channel,required,scheduled,shortfall")
    for row in rows.dropFirst() {
      let fields = row.split(separator: ",", omittingEmptySubsequences: false)
      let (required, scheduled, short) = (Double(fields[2])!, Double(fields[3])!, Double(fields[4])!)
      #expect(abs(short - max(0, required - scheduled)) < 1e-3)
    }
  }

  @Test func badRequirementsNameTheLine() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("req.csv")
    try "timestamp,channel,gross_agents\n2026-12-07T08:00:00,phone,3\n2026-12-07T08:00:00,phone,2.5\n".write(
      to: file, atomically: true, encoding: .utf8)
    let result = try CLIRunner.run([
      "schedule", "--requirements", file.path, "--scenario", CLIRunner.defaultScenario, "--out", folder.path,
    ])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("req.csv:3: field 'gross_agents': agents must be whole"), "\(result.stderr)")
  }
}
