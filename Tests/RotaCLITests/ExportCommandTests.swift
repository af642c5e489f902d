import Foundation
import Testing

@Suite struct ExportCommandTests {
  /// Employees named like spreadsheet formulas reach HR as text, not formulas.
  @Test func hrCSVIsFormulaSafeAndRepeats() throws {
    let folder = try CLIRunner.copyOfDefaultScenario()
    defer { try? FileManager.default.removeItem(at: folder) }
    let employees = folder.appendingPathComponent("employees.csv")
    var text = try String(contentsOf: employees, encoding: .utf8)
    text = text.replacingOccurrences(
      of: "E001,Aoife Byrne,", with: "E001,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",")
    text = text.replacingOccurrences(of: "E002,Brian Ryan,", with: "E002,+1,")
    text = text.replacingOccurrences(of: "E003,Ciara O'Brien,", with: "E003,@SUM(A1:A9),")
    try text.write(to: employees, atomically: true, encoding: .utf8)
    let scenario = folder.appendingPathComponent("scenario.yaml").path
    let (plan, result) = (
      folder.appendingPathComponent("plan"),
      try CLIRunner.run([
        "plan", scenario, "--out", folder.appendingPathComponent("plan").path, "-q",
      ])
    )
    try #require(result.status == 0, "\(result.stderr)")
    var outputs: [Data] = []
    for round in 0..<2 {
      let out = folder.appendingPathComponent("hr\(round).csv")
      let export = try CLIRunner.run([
        "export", "--roster", plan.appendingPathComponent("roster.csv").path, "--scenario", scenario,
        "--format",
        "hr-csv", "--out", out.path,
      ])
      #expect(export.status == 0, "\(export.stderr)")
      outputs.append(try Data(contentsOf: out))
      let hours = try String(
        contentsOf: folder.appendingPathComponent("hr\(round).hours.csv"), encoding: .utf8)
      #expect(hours.contains("E002,'+1,"))
      #expect(hours.contains("E003,'@SUM(A1:A9),"))
    }
    #expect(outputs[0] == outputs[1])
    let roster = String(decoding: outputs[0], as: UTF8.self)
    for line in roster.split(separator: "\n") where line.hasPrefix("E001,") {
      #expect(line.hasPrefix("E001,\"'=HYPERLINK("), "\(line)")
    }
  }
}
