import Foundation
import RotaCore
import Scoring
import Store

extension Scenario {
  /// SHA-256 over the digests of the scenario's input files in the order it names them: the
  /// same files give the same digest wherever they lie.
  public func digest() throws(InputError) -> String {
    var lines = ""
    for file in inputFiles {
      guard let data = FileManager.default.contents(atPath: file) else { throw .fileNotFound(file) }
      lines += SHA256.hex(data) + "\n"
    }
    return SHA256.hex(Array(lines.utf8))
  }
}

extension RunRecord {
  /// A plan's run as a workspace stores it: the files it wrote (`files`, by name) and, per
  /// channel and interval, the forecast, the agents required and scheduled, and the service
  /// level the roster was scored at.
  public init(
    plan result: PlanResult, files: [(name: String, text: String)], command: String = "plan",
    createdAt: Date = Date()
  ) throws(InputError) {
    struct Key: Hashable {
      var channel: String
      var interval: GridInterval
    }
    let required = Dictionary(
      result.requirements.map { (Key(channel: $0.channel, interval: $0.interval), $0.grossAgents) },
      uniquingKeysWith: { first, _ in first })
    let scored = Dictionary(
      result.score.intervals.map { (Key(channel: $0.channel, interval: $0.interval), $0) },
      uniquingKeysWith: { first, _ in first })
    let intervals = result.forecast.map { point in
      let key = Key(channel: point.channel, interval: point.interval)
      return IntervalRecord(
        channel: point.channel, start: point.interval.start, repeatedHour: point.interval.repeatedHour,
        forecast: point.mean, lo80: point.lo80, hi80: point.hi80, lo95: point.lo95, hi95: point.hi95,
        ahtSeconds: point.ahtSeconds, requiredAgents: required[key].map(Double.init),
        scheduledAgents: scored[key]?.scheduled, plannedServiceLevel: scored[key]?.serviceLevel)
    }
    let scenario = result.scenario
    let solution = result.shiftPlan.solution
    self.init(
      createdAt: createdAt, command: command, scenarioName: scenario.name,
      scenarioDigest: try scenario.digest(),
      weekStart: scenario.planStart, days: scenario.planDays, timeZone: scenario.grid.timeZone.identifier,
      intervalMinutes: scenario.grid.intervalMinutes, cost: solution.objective, bound: solution.bound,
      solverStatus: solution.status.rawValue, openShifts: result.roster.openShifts.count,
      files: Dictionary(files.map { ($0.name, $0.text) }, uniquingKeysWith: { _, last in last }),
      intervals: intervals)
  }
}
