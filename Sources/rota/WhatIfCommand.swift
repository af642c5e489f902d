import ArgumentParser
import Foundation
import RotaCore
import RotaKit

struct WhatIfCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "whatif",
    abstract: "Run variants of a scenario through the whole pipeline and compare them with the base.",
    discussion: """
      Keys: \(Override.keys). Values are numbers or relative changes (+10%). Each --vary value \
      is one variant; --frontier sweeps a service-level target to show what each step of \
      service costs. Variants run in parallel; unknown keys and values fail before any solve.

      Example:
        rota whatif --vary volume=+10%,+20%,+30%
        rota whatif scenarios/default/scenario.yaml --frontier phone.service_level=0.6:0.95:0.05 --format csv
      """)

  @Argument(help: "Scenario file (default: the default scenario).")
  var scenario: String?

  @Option(help: "KEY=V1,V2,… (repeatable).")
  var vary: [String] = []

  @Option(help: "A YAML list of named overrides: - {name: busy, set: {volume: +20%, headcount: 2}}.")
  var variants: String?

  @Option(help: "KEY=FROM:TO:STEP, e.g. phone.service_level=0.6:0.95:0.05 (repeatable).")
  var frontier: [String] = []

  @OptionGroup var solver: SolverOverrides

  @Option(help: "Output: table, csv or json.")
  var format: OutputFormat = .table

  @Flag(name: .shortAndLong, help: "Print no progress lines.")
  var quiet = false

  func run() throws {
    do {
      let path =
        try scenario ?? DefaultScenario.locate()
        ?? { throw PlanError.input(.fileNotFound(DefaultScenario.relativePath)) }()
      var loaded: Scenario
      do { loaded = try Scenario.load(path) } catch { throw PlanError.input(error) }
      try solver.apply(to: &loaded)
      var list: [Variant]
      do { list = try WhatIf.variants(vary: vary, frontier: frontier, scenario: loaded) } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
      }
      if let variants {
        do { list += try WhatIf.variants(file: variants, scenario: loaded) } catch {
          throw PlanError.input(error)
        }
      }
      guard !list.isEmpty else { throw ValidationError("give at least one --vary, --frontier or --variants") }
      if !quiet {
        progress(
          "running the base and \(list.count) variant(s) on \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
      }
      let results = try WhatIf.run(loaded, variants: list, progress: quiet ? { _ in } : progress)
      switch format {
      case .table: write(WhatIf.table(results), terminator: "")
      case .csv: write(WhatIf.csv(results), terminator: "")
      case .json: write(WhatIf.json(results).text, terminator: "")
      }
    } catch let error as PlanError {
      throw fail(error)
    }
  }
}
