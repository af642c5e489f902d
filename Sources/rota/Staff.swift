import ArgumentParser
import Foundation
import RotaCore
import RotaKit
import Staffing

struct Staff: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Turn a forecast into the agents each interval needs (requirements.csv).",
    discussion: """
      Phone and chat use Erlang C, or Erlang A when the channel has patience_seconds; email \
      becomes work due within its deadline. Columns: timestamp, channel, forecast, net_agents, \
      gross_agents, work_agent_intervals, due.

      Example:
        rota staff --forecast rota-plan-2026-12-07/forecast.csv --scenario scenarios/default/scenario.yaml --out requirements.csv
      """)

  @Option(help: "Forecast CSV (timestamp,channel,forecast,…).")
  var forecast: String

  @Option(
    help:
      "Scenario file: channels, handling times, targets (default: scenarios/default/scenario.yaml, found from the current folder up)."
  )
  var scenario: String?

  @Option(help: "Requirements CSV to write (default: standard output).")
  var out: String?

  func run() throws {
    do {
      let loaded: Scenario
      let points: [ForecastPoint]
      do {
        loaded = try Scenario.load(try scenarioPath(scenario))
        points = try ForecastFile.read(
          CSVTable(contentsOf: forecast), grid: loaded.grid, channels: loaded.channels)
      } catch { throw PlanError.input(error) }
      let requirements: [Requirement]
      do {
        requirements = try StaffingPlanner.requirements(
          forecast: points, channels: loaded.channels, repeatingEvery: loaded.cycleSeconds)
      } catch {
        throw PlanError.staffing(error)
      }
      let text = Formats.requirementsCSV(requirements)
      guard let out else {
        write(text, terminator: "")
        return
      }
      try writeOutputs([(out, text)], protecting: loaded.inputFiles + [forecast])
      FileHandle.standardError.write(Data("Wrote \(out)\n".utf8))
    } catch let error as PlanError {
      throw fail(error)
    }
  }
}
