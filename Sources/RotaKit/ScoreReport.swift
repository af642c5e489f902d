import Forecasting
import Foundation
import RotaCore
import Scheduling
import Scoring
import Staffing

/// Scoring a roster file: what `rota score` computes.
public enum RosterScoring {
  public struct Result: Sendable {
    public var scenario: Scenario
    public var score: RosterScore
    public var simulation: SimulatedScore?
  }

  /// Scores `roster` against `forecast` (or the scenario's own forecast when nil).
  public static func run(
    scenario: Scenario, roster: Roster, forecast: [ForecastPoint]?, simulation: SimulationOptions?
  ) throws(PlanError) -> Result {
    let points: [ForecastPoint]
    if let forecast { points = forecast } else { points = try PlanPipeline.forecast(scenario) }
    let requirements: [Requirement]
    do {
      requirements = try StaffingPlanner.requirements(
        forecast: points, channels: scenario.channels, repeatingEvery: scenario.cycleSeconds)
    } catch {
      throw .staffing(error)
    }
    let score = RosterScorer.score(
      roster: roster, forecast: points, channels: scenario.channels, contracts: scenario.contracts,
      grid: scenario.grid,
      requirements: requirements, pay: scenario.rules.pay)
    let simulated = simulation.map {
      RosterSimulation.run(
        roster: roster, forecast: points, channels: scenario.channels, grid: scenario.grid, options: $0)
    }
    return Result(scenario: scenario, score: score, simulation: simulated)
  }

  /// Actual arrivals of the planning period as "forecast" points: what really came, so that a
  /// roster can be scored against it. Open intervals without a count had none.
  public static func actuals(_ histories: [String: VolumeHistory], scenario: Scenario) -> [ForecastPoint] {
    let intervals = scenario.openingHours.openIntervals(
      of: scenario.grid, from: scenario.planStart, through: scenario.planDates.last!)
    return scenario.channels.flatMap { channel in
      intervals.map { interval in
        let value = histories[channel.name]?.volumes[interval.start] ?? 0
        return ForecastPoint(
          interval: interval, channel: channel.name, mean: value, lo80: value, hi80: value, lo95: value,
          hi95: value)
      }
    }
  }

  /// KPIs against targets, pass or fail, and the worst intervals.
  public static func table(_ result: Result, worst: Int = 8) -> String {
    let score = result.score
    var lines: [String] = []
    func percent(_ value: Double?) -> String {
      value.map { ($0 * 100).formatted(maxDecimals: 1) + "%" } ?? "–"
    }
    func simulated(_ value: Estimate?, asPercent: Bool) -> String {
      guard let value else { return "" }
      let format = { (x: Double) in
        asPercent ? (x * 100).formatted(maxDecimals: 1) + "%" : x.formatted(maxDecimals: 1)
      }
      return " (sim \(format(value.mean)) [\(format(value.low)), \(format(value.high))])"
    }
    let verdicts = TargetVerdict.all(score, channels: result.scenario.channels)
    for channel in result.scenario.channels {
      guard let kpis = score.channels[channel.name] else { continue }
      let sim = result.simulation?.channels[channel.name]
      func verdict(_ target: TargetVerdict.Target) -> String {
        TargetVerdict.of(target, channel: channel.name, in: verdicts) == false ? "FAIL" : "PASS"
      }
      lines.append("\(channel.name) (\(kpis.contacts.formatted(maxDecimals: 0)) contacts)")
      if let target = channel.serviceLevel {
        let level = kpis.serviceLevel ?? 0
        lines.append(
          "  service level  \(percent(level))\(simulated(sim?.serviceLevel, asPercent: true))  target \(target)  "
            + verdict(.serviceLevel))
        let asa = kpis.asaSeconds.map { $0.formatted(maxDecimals: 1) + " s" } ?? "–"
        var asaLine = "  ASA            \(asa)\(simulated(sim?.asaSeconds, asPercent: false))"
        if let limit = channel.maxASASeconds {
          asaLine +=
            "  target ≤ \(limit.formatted(maxDecimals: 1)) s  \(verdict(.asa))"
        }
        lines.append(asaLine)
        if channel.patienceSeconds != nil {
          var line =
            "  abandonment    \(percent(kpis.abandonRate))\(simulated(sim?.abandonRate, asPercent: true))"
          if let limit = channel.maxAbandonRate {
            line += "  target ≤ \(percent(limit))  \(verdict(.abandonment))"
          }
          lines.append(line)
        }
        lines.append(
          "  occupancy      \(percent(kpis.occupancy))\(simulated(sim?.occupancy, asPercent: true))  cap \(percent(channel.maxOccupancy))"
            + "  \(verdict(.occupancy))")
      } else {
        let share = kpis.emailWithinDeadline ?? 1
        lines.append(
          "  within \(((channel.deadlineSeconds ?? 0) / 3600).formatted(maxDecimals: 1)) h  \(percent(share))"
            + "\(simulated(sim?.emailWithinDeadline, asPercent: true))  target \(channel.deadlineTarget)  \(verdict(.emailDeadline))"
        )
      }
      lines.append("  intervals below target: \(kpis.understaffedIntervals)")
    }
    lines.append("service level by day:")
    for date in score.days.keys.sorted() {
      let parts = result.scenario.channels.compactMap { channel -> String? in
        guard let kpis = score.days[date]?[channel.name], let level = kpis.serviceLevel else { return nil }
        return "\(channel.name) \(percent(level))"
      }
      if !parts.isEmpty {
        lines.append("  \(date) \(date.weekday.shortName): " + parts.joined(separator: ", "))
      }
    }
    lines.append(
      "paid hours \(score.paidHours.formatted(maxDecimals: 1)), labour cost \(score.laborCost.formatted(maxDecimals: 2))"
        + (score.costPerContact.map { ", \($0.formatted(maxDecimals: 2)) per contact" } ?? "")
        + (score.shortfallCost.map { ", shortfall priced at \($0.formatted(maxDecimals: 2))" } ?? ""))
    let misses = score.intervals.filter { $0.missesTarget }.sorted {
      (($0.serviceLevel ?? 1), $0.interval, $0.channel) < (($1.serviceLevel ?? 1), $1.interval, $1.channel)
    }
    if !misses.isEmpty {
      lines.append("worst intervals:")
      for miss in misses.prefix(worst) {
        lines.append(
          "  \(miss.interval.start) \(miss.channel): service level \(percent(miss.serviceLevel)), "
            + "\(miss.forecast.formatted(maxDecimals: 1)) contacts, \(miss.effectiveAgents) agents on task")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
