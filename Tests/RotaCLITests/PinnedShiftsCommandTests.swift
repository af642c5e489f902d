import Foundation
import Testing

/// `--pinned` and `planning.pinned`: the shifts are in roster.csv as given, the summary names
/// them, the certificate still holds, and a pin that breaks the rules is refused by name.
@Suite struct PinnedShiftsCommandTests {
  static let header =
    "employee_id,employee_name,date,shift,start,end,break_start,break_end,paid_hours,channel\n"
  static let pins = [
    "E001,Aoife Byrne,2026-12-09,full_day,11:00,19:30,15:00,15:30,8,phone",
    "P032,Gavin Brown,2026-12-10,half_day,16:00,20:00,,,4,phone",
  ]

  @Test func pinnedShiftsAreKeptWithAnHonestCertificate() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pinned = folder.appendingPathComponent("pinned.csv")
    try (Self.header + Self.pins.joined(separator: "\n") + "\n").write(
      to: pinned, atomically: true, encoding: .utf8)
    let out = folder.appendingPathComponent("plan")
    let result = try CLIRunner.run(["plan", "--pinned", pinned.path, "--out", out.path])
    try #require(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("2 pinned kept (pinned.csv)"))
    let roster = try String(contentsOf: out.appendingPathComponent("roster.csv"), encoding: .utf8)
    for pin in Self.pins { #expect(roster.contains(pin + "\n"), "\(pin)") }
    let labour = try PlanEndToEndTests.labour(ofRoster: out.appendingPathComponent("roster.csv").path)
    let kpis =
      try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("kpis.json")))
      as! [String: Any]
    let solver = kpis["solver"] as! [String: Any]
    let cost = solver["cost"] as! [String: Double]
    #expect(abs(cost["labour"]! - labour) < 0.01)
    let objective = solver["objective"] as! Double
    #expect(abs(objective - cost.values.reduce(0, +)) < 0.01)
    #expect((solver["bound"] as! Double) <= objective + 1e-6)
  }

  @Test func aPinThatBreaksTheRulesIsRefusedByName() throws {
    let folder = try CLIRunner.copyOfDefaultScenario()
    defer { try? FileManager.default.removeItem(at: folder) }
    // Two shifts for one person on one day, given through the scenario's planning.pinned.
    try (Self.header + Self.pins[0] + "\n" + "E001,Aoife Byrne,2026-12-09,half_day,08:00,10:00,,,2,phone\n")
      .write(
        to: folder.appendingPathComponent("pinned.csv"), atomically: true, encoding: .utf8)
    let scenario = folder.appendingPathComponent("scenario.yaml")
    let text = try String(contentsOf: scenario, encoding: .utf8).replacingOccurrences(
      of: "  days: 7\n", with: "  days: 7\n  pinned: pinned.csv\n")
    try text.write(to: scenario, atomically: true, encoding: .utf8)
    let result = try CLIRunner.run([
      "plan", scenario.path, "--out", folder.appendingPathComponent("out").path,
    ])
    #expect(result.status == 1)
    #expect(result.stderr.contains("pinned.csv"), "\(result.stderr)")
    #expect(result.stderr.contains("E001"), "\(result.stderr)")
  }
}
