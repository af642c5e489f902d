import ArgumentParser
import Foundation
import RotaCore
import RotaKit
import Scheduling
import Scoring

struct Score: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Score a roster: service KPIs against targets, cost, and the worst intervals.",
    discussion: """
      The roster may be Rota's own or one edited by hand. Contacts come from --forecast, from \
      --actuals (what really arrived: interval counts for the week), or else from the \
      scenario's own forecast. KPIs are computed per interval with Erlang C / Erlang A and an \
      email backlog; --simulate N adds a discrete-event simulation with N replications and 95% \
      confidence intervals.

      Example:
        rota score --roster rota-plan-2026-12-07/roster.csv --scenario scenarios/default/scenario.yaml --simulate 30
      """)

  @Option(help: "Roster CSV.")
  var roster: String

  @Option(help: "Scenario file (default: scenarios/default/scenario.yaml, found from the current folder up).")
  var scenario: String?

  @Option(help: "Forecast CSV to score against.")
  var forecast: String?

  @Option(help: "Actual interval counts (timestamp,volume,channel) of the week to score against.")
  var actuals: String?

  @Option(parsing: .unconditional, help: "Simulate the week this many times.")
  var simulate: Int?

  @Option(parsing: .unconditional, help: "Seed of the first replication.")
  var seed: UInt64 = 1

  @Option(help: "Handling times in the simulation: exponential, or lognormal:CV (e.g. lognormal:1.2).")
  var handling: String = "exponential"

  @Flag(help: "Draw each day's volume from the forecast's 80% band before the arrivals (simulation only).")
  var volumeUncertainty = false

  @Flag(help: "Exit with status 3 when any channel misses a target (what the table marks FAIL).")
  var failOnTarget = false

  @Option(help: "Output: table or json.")
  var format: SummaryFormat = .table

  @Option(help: "Write the KPI JSON to this file (kpis.json format).")
  var out: String?

  func validate() throws {
    _ = try handlingDistribution()
  }

  func run() throws {
    do {
      guard forecast == nil || actuals == nil else {
        throw ValidationError("give --forecast or --actuals, not both")
      }
      let loaded: Scenario
      let rostered: Roster
      var points: [ForecastPoint]?
      do {
        loaded = try Scenario.load(try scenarioPath(scenario))
        rostered = try RosterFile.read(CSVTable(contentsOf: roster), scenario: loaded)
        warnIfIncomplete(roster)
        if let forecast {
          points = try ForecastFile.read(
            CSVTable(contentsOf: forecast), grid: loaded.grid, channels: loaded.channels)
        } else if let actuals {
          let histories = try HistoryFile.load(
            actuals, grid: loaded.grid, timeColumn: "created_at",
            defaultChannel: loaded.channels.count == 1 ? loaded.channels[0].name : "all",
            knownChannels: Set(loaded.channels.map(\.name)))
          points = RosterScoring.actuals(histories, scenario: loaded)
        }
      } catch { throw PlanError.input(error) }
      var options: SimulationOptions?
      if let simulate {
        guard (2...SimulationOptions.mostReplications).contains(simulate) else {
          throw ValidationError("--simulate takes 2 to \(SimulationOptions.mostReplications) replications")
        }
        options = SimulationOptions(
          replications: simulate, seed: seed, handling: try handlingDistribution(),
          volumeUncertainty: volumeUncertainty)
      }
      let result = try RosterScoring.run(
        scenario: loaded, roster: rostered, forecast: points, simulation: options)
      let json = Formats.kpisJSON(
        result.score, solver: nil, channels: loaded.channels, simulation: result.simulation)
      if let out {
        let inputs = [roster, loaded.file] + [forecast, actuals].compactMap { $0 } + loaded.inputFiles
        try writeOutputs([(out, json.text)], protecting: inputs)
      }
      switch format {
      case .json: write(json.text, terminator: "")
      case .table: write(RosterScoring.table(result), terminator: "")
      }
      let missed = TargetVerdict.all(result.score, channels: loaded.channels).filter { !$0.met }
      if failOnTarget, !missed.isEmpty {
        FileHandle.standardError.write(
          Data(
            ("missed: " + missed.map { "\($0.channel) \($0.target.rawValue)" }.joined(separator: ", ") + "\n")
              .utf8))
        throw ExitCode(3)
      }
    } catch let error as PlanError {
      throw fail(error)
    }
  }

  func handlingDistribution() throws -> HandlingDistribution {
    if handling == "exponential" { return .exponential }
    let parts = handling.split(separator: ":")
    guard parts.count == 2, parts[0] == "lognormal", let cv = Double(parts[1]), cv > 0, cv <= 10 else {
      throw ValidationError("--handling must be exponential or lognormal:CV with CV above 0 and at most 10")
    }
    return .lognormal(cv: cv)
  }
}
