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
    // For Excel: a byte-order mark and CRLF, and Rota still reads it back as the same roster.
    let excel = folder.appendingPathComponent("excel.csv")
    let exported = try CLIRunner.run([
      "export", "--roster", plan.appendingPathComponent("roster.csv").path, "--scenario", scenario,
      "--format",
      "hr-csv", "--out", excel.path, "--excel",
    ])
    #expect(exported.status == 0, "\(exported.stderr)")
    let bytes = try Data(contentsOf: excel)
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(String(decoding: bytes, as: UTF8.self).contains("\r\n"))
    let rescored = try CLIRunner.run(["score", "--roster", excel.path, "--scenario", scenario])
    let original = try CLIRunner.run([
      "score", "--roster", plan.appendingPathComponent("roster.csv").path, "--scenario", scenario,
    ])
    #expect(rescored.status == 0, "\(rescored.stderr)")
    #expect(rescored.stdout == original.stdout)
    let refused = try CLIRunner.run([
      "export", "--roster", plan.appendingPathComponent("roster.csv").path, "--scenario", scenario,
      "--format",
      "json", "--out", folder.appendingPathComponent("x.json").path, "--excel",
    ])
    #expect(refused.status != 0 && refused.stderr.contains("--excel applies to --format hr-csv"))
    let roster = String(decoding: outputs[0], as: UTF8.self)
    for line in roster.split(separator: "\n") where line.hasPrefix("E001,") {
      #expect(line.hasPrefix("E001,\"'=HYPERLINK("), "\(line)")
    }
  }
}
