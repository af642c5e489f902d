import Foundation
import Testing

/// The inputs that once crashed, hung or exhausted memory (issue 15) now exit 1 naming the
/// flag or file:line:field; outputs never replace special files; a failed write fails the run.
@Suite struct RangeCheckTests {
  static let history = CLIRunner.repositoryRoot.appendingPathComponent("scenarios/default/history.csv").path

  struct FlagCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var mentions: [String]
    var testDescription: String { arguments.joined(separator: " ") }
  }

  // Each of these trapped (Int conversion, an inverted range), segfaulted, allocated tens of
  // gigabytes or ran past a minute before the checks.
  static let flagCases: [FlagCase] = [
    FlagCase(
      arguments: ["erlang", "--agents", "9223372036854775807", "--arrivals", "1000000", "--aht", "300"],
      mentions: ["offered load", "Erlangs"]),
    FlagCase(
      arguments: ["erlang", "--arrivals", "100", "--aht", "300", "--agents", "2000000"], mentions: ["agents"]),
    FlagCase(
      arguments: ["erlang", "--patience", "1e20", "--arrivals", "1e29", "--aht", "300"],
      mentions: ["patience"]),
    FlagCase(arguments: ["erlang", "--aht", "99999999999", "--arrivals", "100"], mentions: ["--aht"]),
    FlagCase(
      arguments: ["erlang", "--interval", "1e9m", "--arrivals", "100", "--aht", "300"],
      mentions: ["--interval"]),
    FlagCase(
      arguments: ["forecast", "--history", history, "--start", "2026-06-01"],
      mentions: ["--start", "2026-09-07"]),
    FlagCase(
      arguments: ["forecast", "--history", history, "--start", "9999-12-25"],
      mentions: ["--start", "366 days"]),
    FlagCase(arguments: ["forecast", "--history", history, "--days", "99999999999"], mentions: ["--days"]),
    FlagCase(arguments: ["forecast", "--history", history, "--interval", "1e30m"], mentions: ["--interval"]),
    FlagCase(
      arguments: ["plan", "--simulate", "9223372036854775807", "--out", "/nonexistent-rota-test/out"],
      mentions: ["--simulate", "10000"]),
    FlagCase(
      arguments: ["plan", "--simulate", "4294967296", "--out", "/nonexistent-rota-test/out"],
      mentions: ["--simulate"]),
    FlagCase(
      arguments: ["plan", "--time-limit", "inf", "--out", "/nonexistent-rota-test/out"],
      mentions: ["--time-limit"]),
    FlagCase(
      arguments: ["plan", "--time-limit", "1e20", "--out", "/nonexistent-rota-test/out"],
      mentions: ["--time-limit"]),
    // Found by the fuzz harness: exit 1, but naming no flag.
    FlagCase(
      arguments: [
        "erlang", "--arrivals", "100", "--aht", "300", "--target", "80/20", "--max-occupancy", "0.01",
      ],
      mentions: ["--target, --max-occupancy:", "more than 1425 agents"]),
    FlagCase(
      arguments: [
        "actuals", "import", "--workspace", "/nonexistent-rota-test/ws", history, "--scenario", " ",
      ],
      mentions: ["--scenario: ' ' is a blank path"]),
  ]

  @Test(arguments: flagCases)
  func outOfRangeFlagsExitOne(_ example: FlagCase) throws {
    let result = try CLIRunner.run(example.arguments)
    #expect(result.status == 1, "status \(result.status): \(result.stderr)")
    for part in example.mentions { #expect(result.stderr.contains(part), "\(result.stderr)") }
    #expect(!result.stderr.contains("crashed") && !result.stderr.contains("Fatal error"))
  }

  /// A usage error found while running names the subcommand's usage, not the top level's.
  @Test func aSubcommandsErrorShowsItsOwnUsage() throws {
    let result = try CLIRunner.run(["forecast", "--history", Self.history, "--days", "0"])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("Usage: rota forecast ") && result.stderr.contains("--history <history>"),
      "\(result.stderr)")
  }

  @Test func aBacktestUsesTheOriginsTheHistoryAllows() throws {
    let result = try CLIRunner.run([
      "forecast", "--history", Self.history, "--backtest", "9223372036854775807",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("allow 10 weekly origins"), "\(result.stderr)")
    #expect(result.stdout.contains("10 weekly origins"))
  }

  struct CellCase: Sendable, CustomTestStringConvertible {
    var name: String
    var file: String
    var column: String
    var value: String
    var command: [String]
    var testDescription: String { name }
  }

  // Cells of a plan's own outputs, edited: each trapped converting to Int or never ended.
  static let cellCases: [CellCase] = [
    CellCase(
      name: "forecast of 5.941e300 contacts", file: "forecast.csv", column: "forecast", value: "5.941e300",
      command: ["staff", "--forecast", "forecast.csv"]),
    CellCase(
      name: "forecast of 30 digits", file: "forecast.csv", column: "forecast",
      value: "123456789012345678901234567890",
      command: ["score", "--roster", "roster.csv", "--forecast", "forecast.csv"]),
    CellCase(
      name: "1e20 net agents", file: "requirements.csv", column: "net_agents", value: "1e20",
      command: ["schedule", "--requirements", "requirements.csv", "--out", "again"]),
    CellCase(
      name: "2^64 contacts in actuals", file: "history.csv", column: "volume", value: "18446744073709551616",
      command: ["score", "--roster", "roster.csv", "--actuals", "history.csv"]),
    // In range as a count, but more calls at 300 s each than 100,000 agents answer in 30 minutes.
    CellCase(
      name: "5,000,000 calls in an interval", file: "history.csv", column: "volume", value: "5000000",
      command: ["forecast", "--history", "history.csv"]),
  ]

  /// The default plan's files, made once.
  static let planned: URL = {
    let folder = try! CLIRunner.temporaryFolder()
    let result = try! CLIRunner.run(["plan", CLIRunner.defaultScenario, "--out", folder.path, "-q"])
    precondition(result.status == 0, result.stderr)
    try! FileManager.default.copyItem(
      at: URL(fileURLWithPath: history), to: folder.appendingPathComponent("history.csv"))
    return folder
  }()

  @Test(arguments: cellCases)
  func hugeCellsExitOneNamingTheCell(_ example: CellCase) throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for name in ["forecast.csv", "requirements.csv", "roster.csv", "history.csv"] {
      try FileManager.default.copyItem(
        at: Self.planned.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    let path = folder.appendingPathComponent(example.file)
    var lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let column = try #require(lines[0].split(separator: ",").firstIndex { $0 == example.column })
    var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    cells[column] = example.value
    lines[1] = cells.joined(separator: ",")
    try (lines.joined(separator: "\n") + "\n").write(to: path, atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(example.command + ["--scenario", CLIRunner.defaultScenario], in: folder)
    #expect(result.status == 1, "status \(result.status): \(result.stderr)")
    #expect(result.stderr.contains("\(example.file):2: field '\(example.column)'"), "\(result.stderr)")
  }

  /// A scenario whose week precedes its history names the line that sets the week.
  @Test func aWeekBeforeTheHistoryNamesWeekStart() throws {
    let (result, folder) = try BadInputTests().planWithEdit("scenario.yaml") {
      $0.replacingOccurrences(of: "week_start: 2026-12-07", with: "week_start: 2026-06-01")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("scenario.yaml:"), "\(result.stderr)")
    #expect(result.stderr.contains("planning.week_start"), "\(result.stderr)")
  }

  /// One row of a million fields fails at once, under a 1 GiB address-space cap that the
  /// reader once blew through by keeping that row's capacity for every later row.
  @Test func aMillionFieldRowFailsWithinAnAddressSpaceCap() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var text = "timestamp,volume,channel\n2026-09-07T08:00:00,21,phone\n"
    text += Array(repeating: "1", count: 1_000_003).joined(separator: ",") + "\n"
    for _ in 0..<5 { text += "2026-09-07T08:30:00,21,phone\n" }
    try text.write(to: folder.appendingPathComponent("wide.csv"), atomically: true, encoding: .utf8)
    let result = try CLIRunner.run(
      [
        "-c", "ulimit -v 1048576; exec \"$0\" forecast --history wide.csv", CLIRunner.executable.path,
      ], in: folder, shell: true)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(
      result.stderr.contains("wide.csv:3: more than 103 fields where the header has 3"), "\(result.stderr)")
  }

  /// Standard output to a full disk is a failure, not a silent success.
  @Test(arguments: [["forecast", "--history", history], ["erlang", "--arrivals", "100", "--aht", "300"]])
  func aFullDiskFailsTheRun(_ arguments: [String]) throws {
    let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
    let result = try CLIRunner.run(
      ["-c", "exec \"$0\" \(quoted) > /dev/full", CLIRunner.executable.path], shell: true)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("cannot write standard output"), "\(result.stderr)")
  }

  /// `--out` that names a pipe nobody reads fails and leaves the pipe; a link is written
  /// through and stays a link; a folder is refused.
  @Test func outputsNeverReplaceSpecialFiles() throws {
    let folder = try CLIRunner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pipe = folder.appendingPathComponent("pipe").path
    #expect(mkfifo(pipe, 0o600) == 0)
    var result = try CLIRunner.run(["forecast", "--history", Self.history, "--out", pipe])
    #expect(result.status == 1 && result.stderr.contains("nobody reads the pipe"), "\(result.stderr)")
    var status = stat()
    #expect(lstat(pipe, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "still a pipe")

    let target = folder.appendingPathComponent("target.csv")
    try "old\n".write(to: target, atomically: true, encoding: .utf8)
    let link = folder.appendingPathComponent("link.csv").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target.path)
    result = try CLIRunner.run(["forecast", "--history", Self.history, "--out", link])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target.path)
    #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("timestamp,channel,forecast"))

    result = try CLIRunner.run(["forecast", "--history", Self.history, "--out", folder.path])
    #expect(result.status == 1 && result.stderr.contains("it is a directory"), "\(result.stderr)")
  }

  /// A plan of one or two days under week rules (days off together) rosters people: the
  /// rest of their week, outside the plan, holds the days off.
  @Test(arguments: [1, 2])
  func aShortPlanRostersPeople(_ days: Int) throws {
    let (result, folder) = try BadInputTests().planWithEdit("scenario.yaml") {
      $0.replacingOccurrences(of: "\n  days: 7", with: "\n  days: \(days)")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(result.status == 0, "\(result.stderr)")
    let rows = try PlanEndToEndTests.readRoster(folder.appendingPathComponent("out/roster.csv").path)
    #expect(rows.count >= 25 * days, "\(rows.count) shifts for \(days) days")
    #expect(!result.stdout.contains("WARNING"))
  }
}
