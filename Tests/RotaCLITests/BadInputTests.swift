import Foundation
import Testing

/// Bad input exits 1 with a message naming the file and line: no trap, no stack trace.
@Suite struct BadInputTests {
  func expectCleanFailure(_ result: CLIRunner.Result, mentions parts: [String]) {
    #expect(result.status == 1, "status \(result.status): \(result.stderr)")
    for part in parts { #expect(result.stderr.contains(part), "stderr lacks '\(part)': \(result.stderr)") }
    #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("crashed"))
    #expect(result.stderr.split(separator: "\n").count <= 3, "\(result.stderr)")
  }

  /// Copies the default scenario, edits one file, and runs `rota plan` on the copy.
  func planWithEdit(_ file: String, _ edit: (String) -> String) throws -> (CLIRunner.Result, URL) {
    let folder = try CLIRunner.copyOfDefaultScenario()
    let path = folder.appendingPathComponent(file)
    let text = try String(contentsOf: path, encoding: .utf8)
    let edited = edit(text)
    #expect(edited != text, "the edit must change \(file)")
    try edited.write(to: path, atomically: true, encoding: .utf8)
    let out = folder.appendingPathComponent("out")
    let result = try CLIRunner.run([
      "plan", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path, "-q",
    ])
    return (result, folder)
  }

  @Test func missingScenarioFile() throws {
    let result = try CLIRunner.run(["plan", "/nonexistent/scenario.yaml"])
    expectCleanFailure(result, mentions: ["/nonexistent/scenario.yaml", "file not found"])
  }

  /// A history file that is not there is reported at the scenario line naming it, whether it
  /// is a plain history or a mapped export (read early, for its patience).
  @Test(arguments: [
    "  history: missing.csv",
    "  history:\n    file: missing.csv\n    format: genesys-cloud\n    queues: { Q: phone }",
  ])
  func aMissingHistoryNamesTheScenarioLine(_ history: String) throws {
    let (result, folder) = try planWithEdit("scenario.yaml") {
      $0.replacingOccurrences(of: "  history: history.csv", with: history)
        .replacingOccurrences(of: "    patience_seconds: 240\n", with: "")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let line = history.contains("file:") ? 32 : 31
    expectCleanFailure(
      result, mentions: ["scenario.yaml:\(line): field 'planning.history", "missing.csv: file not found"])
  }

  /// A blank or space-padded path is quoted: unquoted it would not show at all.
  @Test(arguments: [" ", "", "scenario.yaml "])
  func aBlankPathIsShownQuoted(_ path: String) throws {
    let result = try CLIRunner.run(["plan", path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("'\(path)': file not found"), "\(result.stderr)")
  }

  @Test func malformedHistoryCSV() throws {
    let (result, folder) = try planWithEdit("history.csv") {
      $0.replacingFirst("2026-09-07T08:30:00,", with: "2026-09-07T08:30:00,\"unclosed,")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    expectCleanFailure(result, mentions: ["history.csv:3", "quoted field is never closed"])
  }

  @Test func negativeVolumeInHistory() throws {
    let (result, folder) = try planWithEdit("history.csv") {
      $0.replacingFirst("2026-09-07T08:30:00,", with: "2026-09-07T08:30:00,-")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    expectCleanFailure(result, mentions: ["history.csv:3", "field 'volume'", "negative"])
  }

  @Test func unknownScenarioKey() throws {
    let (result, folder) = try planWithEdit("scenario.yaml") {
      $0.replacingOccurrences(of: "  interval_minutes: 30", with: "  interval_minutes: 30\n  intervall: 15")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    expectCleanFailure(result, mentions: ["scenario.yaml:9", "field 'team.intervall'", "unknown key"])
  }

  @Test func negativeHandlingTime() throws {
    let (result, folder) = try planWithEdit("scenario.yaml") {
      $0.replacingOccurrences(of: "handling_seconds: 300", with: "handling_seconds: -300")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    expectCleanFailure(
      result, mentions: ["scenario.yaml:", "channels.phone.handling_seconds", "out of range: 0.1 s to a day"])
  }

  @Test func unknownEmployeeContract() throws {
    let (result, folder) = try planWithEdit("employees.csv") {
      $0.replacingOccurrences(of: "E002,Brian Ryan,full_time", with: "E002,Brian Ryan,zero_hours")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    expectCleanFailure(
      result, mentions: ["employees.csv:3", "field 'contract'", "no contract named 'zero_hours'"])
  }

  @Test func outputsNeverOverwriteInputs() throws {
    let folder = try CLIRunner.copyOfDefaultScenario()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.moveItem(
      at: folder.appendingPathComponent("history.csv"), to: folder.appendingPathComponent("forecast.csv"))
    let scenario = folder.appendingPathComponent("scenario.yaml")
    let text = try String(contentsOf: scenario, encoding: .utf8)
      .replacingOccurrences(of: "history: history.csv", with: "history: forecast.csv")
    try text.write(to: scenario, atomically: true, encoding: .utf8)
    let before = try Data(contentsOf: folder.appendingPathComponent("forecast.csv"))
    let result = try CLIRunner.run(["plan", scenario.path, "--out", folder.path, "-q", "--time-limit", "5"])
    expectCleanFailure(result, mentions: ["forecast.csv", "refusing to overwrite an input file"])
    #expect(try Data(contentsOf: folder.appendingPathComponent("forecast.csv")) == before)
  }

  @Test func badOptionExitsOne() throws {
    let result = try CLIRunner.run(["plan", "--gap", "lots"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("--gap"))
  }

  @Test func helpHasAnExample() throws {
    let result = try CLIRunner.run(["plan", "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("Example"))
  }
}

extension String {
  func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = range(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}
