import Foundation
import Testing

@testable import Store

/// Workspace commands on a store that is read-only, damaged or not Rota's: a clear error
/// naming the file before anything is planned or written, never a trap, never an empty
/// workspace in its place.
@Suite struct WorkspaceFaultTests {
  /// A workspace with one fast run in it.
  private func plannedWorkspace() throws -> (folder: URL, workspace: URL) {
    let folder = try CLIRunner.temporaryFolder()
    let workspace = folder.appendingPathComponent("ws")
    let planned = try CLIRunner.run(
      WorkspaceCommandTests.plan(workspace, out: folder.appendingPathComponent("week")))
    try #require(planned.status == 0, "\(planned.stderr)")
    return (folder, workspace)
  }

  /// Runs `rota` as a user who cannot write files root made: `nobody` by `setpriv` when the
  /// tests run as root (root writes through any mode), else the current user.
  private func runWithoutWriteAccess(_ arguments: [String], in folder: URL) throws -> CLIRunner.Result {
    guard getuid() == 0 else { return try CLIRunner.run(arguments, in: folder) }
    let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
    return try CLIRunner.run(
      [
        "-c", "exec setpriv --reuid=65534 --regid=65534 --clear-groups \"$0\" \(quoted)",
        CLIRunner.executable.path,
      ],
      in: folder, shell: true)
  }

  @Test func aReadOnlyWorkspaceFailsBeforeThePlanAndStillReads() throws {
    let (folder, workspace) = try plannedWorkspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = workspace.appendingPathComponent(Workspace.fileName).path
    for path in [folder.path, workspace.path] {
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
    for name in try FileManager.default.contentsOfDirectory(atPath: workspace.path) {
      try FileManager.default.setAttributes(
        [.posixPermissions: 0o644], ofItemAtPath: workspace.appendingPathComponent(name).path)
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: store))
    // Outputs go where the user can write, so only the store can stop the run.
    let writable = folder.appendingPathComponent("writable")
    try FileManager.default.createDirectory(at: writable, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: writable.path)
    let out = writable.appendingPathComponent("again")
    let plan = try runWithoutWriteAccess(
      [
        "plan", CLIRunner.defaultScenario, "--out", out.path, "--workspace", workspace.path, "-q",
        "--node-limit", "1",
      ],
      in: folder)
    #expect(plan.status == 1)
    #expect(plan.stderr.contains(store) && plan.stderr.contains("read-only"), "\(plan.stderr)")
    #expect(
      !FileManager.default.fileExists(atPath: out.path), "the plan ran although it could not be recorded")
    let publish = try runWithoutWriteAccess(["publish", "--workspace", workspace.path], in: folder)
    #expect(publish.status == 1 && publish.stderr.contains("read-only"))
    for command in [["runs"], ["accuracy"], ["workspace", "check"]] {
      let read = try runWithoutWriteAccess(command + ["--workspace", workspace.path], in: folder)
      #expect(read.status == 0, "\(command): \(read.stderr)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before)
  }

  @Test func aDamagedRunIsNamedAndTheOthersAreListed() throws {
    let (folder, workspace) = try plannedWorkspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let again = try CLIRunner.run(
      WorkspaceCommandTests.plan(workspace, out: folder.appendingPathComponent("week2")))
    try #require(again.status == 0, "\(again.stderr)")
    let store = workspace.appendingPathComponent(Workspace.fileName).path
    do {
      let raw = try SQLiteConnection(path: store)
      try raw.execute("UPDATE runs SET week_start = 'soon' WHERE id = 2")
    }
    let runs = try CLIRunner.run(["runs", "--workspace", workspace.path])
    #expect(runs.status == 1)
    #expect(runs.stdout.contains("\n1 "), "\(runs.stdout)")
    #expect(runs.stderr.contains("\(store): table runs, run 2: week_start holds \"soon\""), "\(runs.stderr)")
    let check = try CLIRunner.run(["workspace", "check", "--workspace", workspace.path])
    #expect(check.status == 1 && check.stderr.contains("run 2"))
    for command in [["accuracy"], ["publish", "--run", "2"]] {
      let result = try CLIRunner.run(command + ["--workspace", workspace.path])
      #expect(
        result.status == 1 && result.stderr.contains("table runs, run 2"), "\(command): \(result.stderr)")
    }
    let published = try CLIRunner.run(["publish", "--workspace", workspace.path, "--run", "1"])
    #expect(published.status == 0, "\(published.stderr)")
  }

  @Test func anEmptyStoreIsNotTakenForANewWorkspace() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let workspace = folder.appendingPathComponent("ws")
    try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
    let store = workspace.appendingPathComponent(Workspace.fileName)
    FileManager.default.createFile(atPath: store.path, contents: Data())
    for command in [["runs"], WorkspaceCommandTests.plan(workspace, out: folder.appendingPathComponent("w"))]
    {
      let result = try CLIRunner.run(
        command.first == "runs" ? ["runs", "--workspace", workspace.path] : command)
      #expect(result.status == 1 && result.stderr.contains("empty (0 bytes)"), "\(result.stderr)")
    }
    #expect(try Data(contentsOf: store).isEmpty)
  }

  /// One stray row far in the future used to make the import fill every interval between
  /// (gigabytes); it is refused naming both rows.
  @Test func actualsSpanningCenturiesAreRefused() throws {
    let (folder, workspace) = try plannedWorkspace()
    defer { try? FileManager.default.removeItem(at: folder) }
    let actuals = folder.appendingPathComponent("actuals.csv")
    try "timestamp,channel,volume\n2026-12-07T09:00:00,phone,5\n9999-12-31T09:00:00,phone,5\n".write(
      to: actuals, atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(["actuals", "import", "--workspace", workspace.path, actuals.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("\(actuals.path):3: field 'timestamp'"), "\(result.stderr)")
    #expect(result.stderr.contains("9999-12-31 (line 3)"))
  }
}

/// Numbers at the edge of what a flag means, and flags whose values start with a minus.
@Suite struct EdgeArgumentTests {
  @Test(arguments: [
    (["erlang", "--arrivals", "100", "--aht", "180", "--max-occupancy", "1e-300"], "--max-occupancy"),
    (["erlang", "--arrivals", "100", "--aht", "180", "--max-occupancy", "4.9e-324"], "--max-occupancy"),
    (["score", "--roster", "roster.csv", "--handling", "lognormal:1e308", "--simulate", "2"], "--handling"),
  ])
  func aValueOutsideItsMeaningIsRefusedNamingTheFlag(_ arguments: [String], _ flag: String) throws {
    let result = try CLIRunner.run(arguments)
    #expect(result.status == 1)
    #expect(result.stderr.contains(flag), "\(result.stderr)")
    #expect(!result.stdout.contains("nan") && !result.stdout.contains("inf"))
  }

  @Test func replanTakesNegativeValuesAsItsHelpShowsAndRefusesTimesOffTheGrid() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let workspace = folder.appendingPathComponent("ws")
    let planned = try CLIRunner.run(
      WorkspaceCommandTests.plan(workspace, out: folder.appendingPathComponent("week")))
    try #require(planned.status == 0, "\(planned.stderr)")
    try #require(try CLIRunner.run(["publish", "--workspace", workspace.path]).status == 0)
    func replan(_ extra: [String]) throws -> CLIRunner.Result {
      try CLIRunner.run(
        [
          "replan", "--workspace", workspace.path, "--scenario", CLIRunner.defaultScenario, "--node-limit",
          "1",
          "-q", "--out", folder.appendingPathComponent("replan-\(UUID().uuidString.prefix(6))").path,
        ] + extra)
    }
    let lower = try replan(["--from", "2026-12-09T12:00", "--volume", "-10%"])
    #expect(lower.status == 0, "\(lower.stderr)")
    for (extra, message) in [
      (["--from", "2026-12-09T12:00", "--change-cost", "-1"], "--change-cost takes 0 to 100000"),
      (["--from", "2026-12-09T12:00", "--run", "-5"], "no run -5"),
      (["--from", "2026-12-09T12:10"], "not on the scenario's 30-minute interval grid"),
      (["--from", "2027-03-28T01:30"], "the clocks skip it"),
    ] {
      let result = try replan(extra)
      #expect(result.status == 1 && result.stderr.contains(message), "\(extra): \(result.stderr)")
    }
  }
}
