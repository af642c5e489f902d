import Foundation
import RotaCore
import Testing

/// Names from a real team in any script reach every file Rota writes as themselves, one row
/// each; a name that cannot be one line of text is refused where it is read.
@Suite struct HostileNameTests {
  static let names = [
    "E001": "\"\u{301}Zoë \"Zed\", Jr.",
    "E002": "שרה כהן\u{200F}",
    "E003": "👩\u{200D}💻 Dev \u{202E}gnp.exe",
    "E004": "Åsa, Öberg",
    "E005": "e\u{301}milie \"=1+1\"",
  ]

  private func scenario(names: [String: String]) throws -> URL {
    let folder = try CLIRunner.copyOfDefaultScenario()
    let employees = folder.appendingPathComponent("employees.csv")
    let table = try CSVTable(contentsOf: employees.path)
    var writer = CSVWriter(header: table.header)
    for row in table.rows {
      var fields = row.fields
      if let name = names[fields[0]] { fields[1] = name }
      writer.append(fields)
    }
    try writer.text.write(to: employees, atomically: true, encoding: .utf8)
    return folder
  }

  /// Each employee id's name, read back with Rota's own CSV reader.
  private func names(in path: URL, id: String, name: String) throws -> [String: Set<String>] {
    let table = try CSVTable(contentsOf: path.path)
    let idColumn = try #require(table.columnIndex(id))
    let nameColumn = try #require(table.columnIndex(name))
    var found: [String: Set<String>] = [:]
    for row in table.rows { found[row.fields[idColumn], default: []].insert(row.fields[nameColumn]) }
    return found
  }

  @Test func unicodeNamesRoundTripThroughTheRosterAndTheHRExport() throws {
    let folder = try scenario(names: Self.names)
    defer { try? FileManager.default.removeItem(at: folder) }
    let scenarioPath = folder.appendingPathComponent("scenario.yaml").path
    let plan = folder.appendingPathComponent("plan")
    let planned = try CLIRunner.run(["plan", scenarioPath, "--out", plan.path, "-q"])
    try #require(planned.status == 0, "\(planned.stderr)")
    let roster = plan.appendingPathComponent("roster.csv")
    var files = [roster]
    for excel in [false, true] {
      let out = folder.appendingPathComponent(excel ? "hr-excel.csv" : "hr.csv")
      let exported = try CLIRunner.run(
        [
          "export", "--roster", roster.path, "--scenario", scenarioPath, "--format", "hr-csv", "--out",
          out.path,
        ]
          + (excel ? ["--excel"] : []))
      try #require(exported.status == 0, "\(exported.stderr)")
      files += [out, folder.appendingPathComponent(excel ? "hr-excel.hours.csv" : "hr.hours.csv")]
    }
    for file in files {
      let header = try CSVTable(contentsOf: file.path).header
      let idColumn = header.first { $0.contains("id") } ?? "employee_id"
      let nameColumn = header.first { $0.contains("name") } ?? "name"
      let found = try names(in: file, id: idColumn, name: nameColumn)
      for (id, name) in Self.names where found[id] != nil {
        #expect(found[id] == [name], "\(file.lastPathComponent): \(id)")
      }
      #expect(Self.names.keys.contains { found[$0] != nil }, "\(file.lastPathComponent) lists none of them")
    }
  }

  /// A re-plan's changes.csv names the people it changes as their names were read.
  @Test func unicodeNamesRoundTripThroughAReplansChanges() throws {
    let folder = try scenario(names: Self.names)
    defer { try? FileManager.default.removeItem(at: folder) }
    let scenarioPath = folder.appendingPathComponent("scenario.yaml").path
    let workspace = folder.appendingPathComponent("ws").path
    let planned = try CLIRunner.run([
      "plan", scenarioPath, "--out", folder.appendingPathComponent("plan").path, "--workspace", workspace,
      "-q",
      "--node-limit", "1",
    ])
    try #require(planned.status == 0, "\(planned.stderr)")
    try #require(try CLIRunner.run(["publish", "--workspace", workspace]).status == 0)
    let out = folder.appendingPathComponent("replan")
    let replanned = try CLIRunner.run([
      "replan", "--workspace", workspace, "--scenario", scenarioPath, "--from", "2026-12-07T00:00",
      "--absent", Self.names.keys.sorted().joined(separator: ","), "--node-limit", "1", "-q", "--out",
      out.path,
    ])
    try #require(replanned.status == 0, "\(replanned.stderr)")
    let found = try names(
      in: out.appendingPathComponent("changes.csv"), id: "employee_id", name: "employee_name")
    let absentWithShifts = Self.names.keys.filter { found[$0] != nil }
    #expect(!absentWithShifts.isEmpty, "changes.csv lists none of the absent")
    for id in absentWithShifts { #expect(found[id] == [Self.names[id]!], "\(id)") }
  }

  @Test(arguments: ["Ann\r\n=1+1", "Ann\rLee", "Ann\u{0}Lee", "Ann\nLee"])
  func aNameThatIsNotOneLineIsRefusedWhereItIsRead(_ name: String) throws {
    let folder = try scenario(names: ["E003": name])
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try CLIRunner.run([
      "plan", folder.appendingPathComponent("scenario.yaml").path, "--out",
      folder.appendingPathComponent("plan").path, "-q",
    ])
    #expect(result.status == 1)
    #expect(result.stderr.contains("employees.csv:4: field 'name'"), "\(result.stderr)")
    #expect(result.stderr.contains("control character"))
  }
}
