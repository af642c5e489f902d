import ArgumentParser
import Foundation
import RotaCore
import RotaKit

struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Plan a scenario and write the planner's report as one HTML file.",
    discussion: """
      The report holds the forecast against history with its bands, required against \
      scheduled agents per interval, the roster chart, the KPIs against targets and, with \
      --vary or --frontier, the what-if table and the cost of each step of service. It needs \
      no network and prints cleanly.

      Example:
        rota report --out report.html --frontier phone.service_level=0.7:0.95:0.05
      """)

  @Argument(help: "Scenario file (default: the default scenario).")
  var scenario: String?

  @Option(help: "HTML file to write.")
  var out: String = "report.html"

  @Option(help: "What-if variants, KEY=V1,V2,… (repeatable).")
  var vary: [String] = []

  @OptionGroup var solver: SolverOverrides

  @Option(help: "A service-level sweep, KEY=FROM:TO:STEP (repeatable).")
  var frontier: [String] = []

  func run() throws {
    do {
      guard let path = scenario ?? DefaultScenario.locate() else {
        throw PlanError.input(.fileNotFound(DefaultScenario.relativePath))
      }
      var loaded: Scenario
      do { loaded = try Scenario.load(path) } catch { throw PlanError.input(error) }
      try solver.apply(to: &loaded)
      var variants: [Variant] = []
      do { variants = try WhatIf.variants(vary: vary, frontier: frontier, scenario: loaded) } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
      }
      progress("planning\(variants.isEmpty ? "" : " the base and \(variants.count) variant(s)")")
      let results = try WhatIf.run(loaded, variants: variants, progress: progress)
      let html = PlanReport.html(
        results[0].plan!, history: try PlanPipeline.histories(loaded),
        whatIf: variants.isEmpty ? nil : results)
      try writeOutputs([(out, html)], protecting: loaded.inputFiles)
      write("Wrote \(out)")
    } catch let error as PlanError {
      throw fail(error)
    }
  }
}
