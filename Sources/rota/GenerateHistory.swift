import ArgumentParser
import Foundation
import RotaCore
import RotaKit

struct GenerateHistory: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate-history",
    abstract: "Write the seeded synthetic history described in a scenario's synthetic_history section.",
    discussion: """
      The same scenario and seed always give the same file.

      Example:
        rota generate-history scenarios/default/scenario.yaml --out scenarios/default/history.csv
      """)

  @Argument(help: "Scenario file with a synthetic_history section.")
  var scenario: String

  @Option(help: "CSV file to write (timestamp,volume,channel).")
  var out: String

  @Option(parsing: .unconditional, help: "Seed (overrides the scenario's).")
  var seed: UInt64?

  func run() throws {
    do {
      let loaded: Scenario
      do { loaded = try Scenario.load(scenario) } catch { throw PlanError.input(error) }
      guard var settings = loaded.syntheticHistory else {
        throw PlanError.input(
          .invalid(SourceLocation(file: scenario, field: "synthetic_history"), "missing section"))
      }
      if let seed { settings.seed = seed }
      try writeOutputs([(out, HistoryGenerator.csv(for: loaded, settings: settings))], protecting: [scenario])
      write("Wrote \(out)")
    } catch let error as PlanError {
      throw fail(error)
    }
  }
}
