import ArgumentParser
import Foundation
import RotaCore
import RotaKit
import Scoring
import Store

struct Plan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run every stage: forecast, staffing, roster, KPIs.",
    discussion: """
      Writes forecast.csv, requirements.csv, roster.csv, open-shifts.csv (the shifts nobody \
      could take; only a header when there are none) and kpis.json (report.html with --report) \
      into the output folder, then prints a summary.

      Example:
        rota plan                                   # the default scenario
        rota plan scenarios/default/scenario.yaml --out week50
      """)

  @Argument(
    help: "Scenario file (default: scenarios/default/scenario.yaml, found from the current folder up).")
  var scenario: String?

  @Option(help: "Output folder (default: rota-plan-<first planned day>).")
  var out: String?

  @OptionGroup var solver: SolverOverrides

  @Option(
    help:
      "Roster CSV of shifts to keep exactly as they are (agreed requests, training); overrides planning.pinned."
  )
  var pinned: String?

  @Option(
    help: ArgumentHelp(
      "Workspace folder to record the run in (made when missing): its scenario digest, forecast snapshot, requirements, roster, KPIs and certificate. Overrides the scenario's workspace.",
      valueName: "folder"))
  var workspace: String?

  @Option(
    parsing: .unconditional,
    help: "Also simulate the roster's week this many times (KPIs with 95% intervals).")
  var simulate: Int?

  @Option(parsing: .unconditional, help: "Seed of the simulation's first replication.")
  var seed: UInt64 = 1

  @Flag(help: "Also write report.html: charts and tables in one self-contained file.")
  var report = false

  @Flag(help: "Show GLPK's own progress output.")
  var solverOutput = false

  @Flag(name: .shortAndLong, help: "Print no progress lines.")
  var quiet = false

  func run() throws {
    let path: String
    if let scenario {
      path = scenario
    } else if let found = DefaultScenario.locate() {
      path = found
    } else {
      throw fail(.input(.fileNotFound(DefaultScenario.relativePath)))
    }
    do {
      var loaded: Scenario
      do { loaded = try Scenario.load(path) } catch { throw PlanError.input(error) }
      try solver.apply(to: &loaded)
      if let pinned {
        loaded.pinnedFile = pinned
        loaded.inputFiles.append(pinned)
      }
      if let simulate, !(2...SimulationOptions.mostReplications).contains(simulate) {
        throw ValidationError("--simulate takes 2 to \(SimulationOptions.mostReplications) replications")
      }
      let folder = out ?? "rota-plan-\(loaded.planStart)"
      do { try PlanOutputs.check(folder: folder, against: loaded) } catch { throw PlanError.output(error) }
      // The store opens (and is checked writable and whole) before the plan is made, so a
      // workspace that cannot be used fails the run before it has changed anything.
      let store: Workspace?
      do {
        store = try (workspace ?? loaded.workspaceFolder).map { folder throws(StoreError) in
          try Workspace(folder: folder, access: .createIfMissing)
        }
      } catch {
        throw PlanError.store(error)
      }
      let result = try PlanPipeline.run(
        loaded, verboseSolver: solverOutput,
        solverProgress: quiet || solverOutput ? nil : solverProgressLine(),
        simulation: simulate.map { SimulationOptions(replications: $0, seed: seed) },
        progress: quiet ? { _ in } : progress)
      let written: [String]
      var accuracy: [WeekAccuracy]?
      if report, let store {
        do { accuracy = try ForecastAccuracy.weeks(store, last: 8) } catch { throw PlanError.store(error) }
      }
      let html =
        report
        ? PlanReport.html(result, history: try PlanPipeline.histories(loaded), accuracy: accuracy) : nil
      let files = PlanOutputs.contents(result, report: html)
      do { written = try PlanOutputs.write(result, to: folder, report: html) } catch {
        throw PlanError.output(error)
      }
      write(PlanSummary.text(result), terminator: "")
      write("Wrote \(written.joined(separator: ", "))")
      if let store {
        let record: RunRecord
        do { record = try RunRecord(plan: result, files: files) } catch { throw PlanError.input(error) }
        do {
          let id = try store.record(record)
          write("Recorded run \(id) in \(store.path)")
        } catch { throw PlanError.store(error) }
      }
    } catch let error as PlanError {
      throw fail(error)
    }
  }
}
