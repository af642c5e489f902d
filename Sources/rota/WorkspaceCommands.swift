import ArgumentParser
import Foundation
import RotaCore
import RotaKit
import Store

/// Opens an existing workspace to read or to write, a store error becoming the documented exit.
func openWorkspace(_ folder: String, _ access: WorkspaceAccess) throws -> Workspace {
  do { return try Workspace(folder: folder, access: access) } catch { throw fail(.store(error)) }
}

struct Runs: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the runs a workspace holds: week, cost, bound, and which are published.",
    discussion: """
      Example:
        rota runs --workspace planning/
      """)

  @Option(help: ArgumentHelp("Workspace folder.", valueName: "folder"))
  var workspace: String

  func run() throws {
    let store = try openWorkspace(workspace, .read)
    let runs: [StoredRun]
    let damaged: [StoreError]
    do { (runs, damaged) = try store.readableRuns() } catch { throw fail(.store(error)) }
    if runs.isEmpty && damaged.isEmpty { return write("No runs in \(store.path) yet.") }
    if !runs.isEmpty { write(Self.table(runs)) }
    for error in damaged { FileHandle.standardError.write(Data("error: \(error)\n".utf8)) }
    if !damaged.isEmpty { throw ExitCode(1) }
  }

  /// One line per run: id, when, week, command, cost, gap, open shifts, published version.
  static func table(_ runs: [StoredRun]) -> String {
    var lines: [String] = []
    lines.append("run  created (UTC)             week        command  cost        gap     open  published")
    for run in runs {
      let gap = run.cost.flatMap { cost in
        run.bound.map { cost == 0 ? "0%" : (((cost - $0) / abs(cost)) * 100).formatted(maxDecimals: 2) + "%" }
      }
      let fields = [
        String(run.id).padding(toLength: 4, withPad: " ", startingAt: 0),
        String(run.createdAt.prefix(19)).padding(toLength: 26, withPad: " ", startingAt: 0),
        run.weekStart.description.padding(toLength: 11, withPad: " ", startingAt: 0),
        run.command.padding(toLength: 8, withPad: " ", startingAt: 0),
        (run.cost?.formatted(maxDecimals: 2) ?? "–").padding(toLength: 11, withPad: " ", startingAt: 0),
        (gap ?? "–").padding(toLength: 7, withPad: " ", startingAt: 0),
        String(run.openShifts).padding(toLength: 5, withPad: " ", startingAt: 0),
        run.publishedVersion.map { "v\($0)" } ?? "",
      ]
      lines.append(fields.joined(separator: " "))
    }
    return lines.joined(separator: "\n")
  }
}

struct Publish: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Publish a stored roster as its week's next version.",
    discussion: """
      The run (the latest by default) becomes version 1, 2, … of its week's published roster. \
      Runs are never changed once stored: a re-plan is a new run, published as a new version.

      Example:
        rota publish --workspace planning/
        rota publish --workspace planning/ --run 3
      """)

  @Option(help: ArgumentHelp("Workspace folder.", valueName: "folder"))
  var workspace: String

  @Option(
    name: .customLong("run"), parsing: .unconditional,
    help: "Run to publish (see `rota runs`); the latest when omitted.")
  var runID: Int64?

  func run() throws {
    let store = try openWorkspace(workspace, .write)
    do {
      let publication = try store.publish(run: runID)
      write(
        "Published run \(publication.runID) as version \(publication.version) of the week of \(publication.weekStart)"
      )
    } catch { throw fail(.store(error)) }
  }
}

struct Actuals: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Store actual interval volumes in a workspace.",
    subcommands: [Import.self])

  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import actuals: the history format, or the scenario's ACD interval report mapping.",
      discussion: """
        FILE is read as the scenario reads its history: `timestamp,channel,volume` rows, or, when \
        planning.history is a mapping, the ACD or help-desk interval report it describes (offered, \
        handled, abandoned, handle time per queue, summed per channel). A day the file has is \
        taken as whole: its open intervals without a row had no contacts. Actuals already stored \
        for an interval are replaced (late corrections).

        Example:
          rota actuals import --workspace planning/ week50-actuals.csv
        """)

    @Option(help: ArgumentHelp("Workspace folder.", valueName: "folder"))
    var workspace: String

    @Option(
      help: "Scenario file (default: scenarios/default/scenario.yaml, found from the current folder up).")
    var scenario: String?

    @Argument(help: "The actuals file.")
    var file: String

    func run() throws {
      do {
        let loaded: Scenario
        do { loaded = try Scenario.load(try scenarioPath(scenario)) } catch { throw PlanError.input(error) }
        let store = try openWorkspace(workspace, .write)
        let actuals = try ActualsImport.read(file, scenario: loaded)
        let counts: (new: Int, replaced: Int)
        do { counts = try store.importActuals(actuals, source: file) } catch { throw PlanError.store(error) }
        write("Stored \(counts.new) new and \(counts.replaced) corrected interval actuals from \(file)")
      } catch let error as PlanError {
        throw fail(error)
      }
    }
  }
}

struct Accuracy: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Forecast accuracy week by week: each week's snapshot against the actuals.",
    discussion: """
      Per planned week and channel: the week's published snapshot (its latest version, or the \
      latest run when none is published) against the actuals stored for it: WAPE \
      (Σ|actual − forecast| ÷ Σ actual), bias ((Σ forecast − Σ actual) ÷ Σ actual; above 0 the \
      forecast ran high), the share of intervals inside the forecast's 80% and 95% intervals, \
      and the service level planned against that achieved where the actuals say.

      Example:
        rota accuracy --workspace planning/ --weeks 8
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
  }

  @Option(help: ArgumentHelp("Workspace folder.", valueName: "folder"))
  var workspace: String

  @Option(help: "How many of the latest planned weeks (1–520).")
  var weeks = 8

  @Option(help: "table, csv or json.")
  var format: Format = .table

  func run() throws {
    guard (1...520).contains(weeks) else { throw ValidationError("--weeks takes 1 to 520") }
    let store = try openWorkspace(workspace, .read)
    let rows: [WeekAccuracy]
    do { rows = try ForecastAccuracy.weeks(store, last: weeks) } catch { throw fail(.store(error)) }
    switch format {
    case .table:
      write(rows.isEmpty ? "No runs in \(store.path) yet." : ForecastAccuracy.table(rows), terminator: "")
    case .csv: write(ForecastAccuracy.csv(rows), terminator: "")
    case .json: write(ForecastAccuracy.json(rows), terminator: "")
    }
  }
}
