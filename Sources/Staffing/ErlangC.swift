import Foundation
import RotaCore

/// The Erlang C queue (M/M/N): Poisson arrivals, exponential handling times, N agents, nobody
/// abandons, first come first served.
///
/// Loads are in Erlangs: arrivals per second × handling seconds. Erlang B comes from the
/// forward recurrence `B(0) = 1`, `B(n) = A·B(n−1) / (n + A·B(n−1))`, which is stable and never
/// forms a factorial or a power of the load, and Erlang C from `C = N·B / (N − A·(1 − B))`
/// (Cooper, *Introduction to Queueing Theory*, 2nd ed., 1981, §3.4–3.5). Exact to rounding
/// for loads from 0.01 to beyond 50,000 Erlangs.
public enum ErlangC {
  /// Erlang B blocking probability for `agents` servers and `load` Erlangs.
  public static func erlangB(agents: Int, load: Double) -> Double {
    var b = 1.0
    if agents > 0 {
      for n in 1...agents { b = load * b / (Double(n) + load * b) }
    }
    return b
  }

  /// Erlang C from Erlang B, `C = N·B / (N − A·(1 − B))`; 1 when `agents ≤ load`.
  static func probabilityOfWaiting(agents: Int, load: Double, erlangB b: Double) -> Double {
    guard load > 0 else { return 0 }
    let n = Double(agents)
    guard n > load else { return 1 }
    return n * b / (n - load * (1 - b))
  }

  /// Probability that an arriving contact waits: 1 when `agents ≤ load` (the queue grows
  /// without bound).
  public static func probabilityOfWaiting(agents: Int, load: Double) -> Double {
    probabilityOfWaiting(agents: agents, load: load, erlangB: erlangB(agents: agents, load: load))
  }

  /// Share of contacts answered within `answerSeconds`: `1 − C·exp(−(N − A)·t / handling)`;
  /// 0 for an unstable queue.
  public static func serviceLevel(
    agents: Int, load: Double, handlingSeconds: Double, answerSeconds: Double
  ) -> Double {
    performance(agents: agents, load: load, handlingSeconds: handlingSeconds, answerSeconds: answerSeconds)
      .serviceLevelOfOffered
  }

  /// Average speed of answer in seconds, `C·handling / (N − A)`; infinite when unstable.
  public static func averageSpeedOfAnswer(agents: Int, load: Double, handlingSeconds: Double) -> Double {
    performance(agents: agents, load: load, handlingSeconds: handlingSeconds, answerSeconds: 0).asaSeconds
  }

  /// Every KPI of `agents` agents facing `load` Erlangs.
  public static func performance(agents: Int, load: Double, handlingSeconds: Double, answerSeconds: Double)
    -> QueuePerformance
  {
    performance(
      agents: agents, load: load, handlingSeconds: handlingSeconds, answerSeconds: answerSeconds,
      erlangB: erlangB(agents: agents, load: load))
  }

  static func performance(
    agents: Int, load: Double, handlingSeconds: Double, answerSeconds: Double, erlangB b: Double
  ) -> QueuePerformance {
    guard load > 0 else {
      return QueuePerformance(
        agents: agents, probabilityOfWaiting: 0, serviceLevelOfOffered: 1, serviceLevelOfAnswered: 1,
        asaSeconds: 0,
        abandonRate: 0, occupancy: 0)
    }
    let n = Double(agents)
    guard n > load else {
      return QueuePerformance(
        agents: agents, probabilityOfWaiting: 1, serviceLevelOfOffered: 0, serviceLevelOfAnswered: 0,
        asaSeconds: .infinity, abandonRate: 0, occupancy: 1)
    }
    let c = probabilityOfWaiting(agents: agents, load: load, erlangB: b)
    let level = 1 - c * exp(-(n - load) * answerSeconds / handlingSeconds)
    return QueuePerformance(
      agents: agents, probabilityOfWaiting: c, serviceLevelOfOffered: level, serviceLevelOfAnswered: level,
      asaSeconds: c * handlingSeconds / (n - load), abandonRate: 0, occupancy: load / n)
  }

  /// The least number of agents meeting every target: service level, average speed of answer
  /// and occupancy. The search starts at the larger of ⌊A⌋ + 1 (the least stable N, so a load
  /// of 40.6 starts at 41, not 42) and the occupancy floor ⌈A / cap⌉ taken with a tolerance,
  /// then steps up one agent at a time, carrying Erlang B along the recurrence.
  public static func leastAgents(load: Double, handlingSeconds: Double, targets: StaffingTargets)
    throws(StaffingError) -> Int
  {
    try targets.validate()
    try checkLoad(load)
    guard load > 0 else { return 0 }
    if let asa = targets.maxASASeconds, asa <= 0 {
      throw .unreachableTarget("an average speed of answer of 0 s: with any load some contacts wait")
    }
    let limit = agentLimit(load: load)
    guard load / targets.maxOccupancy <= Double(limit) else {
      throw .unreachableTarget(
        "an occupancy cap of \(targets.maxOccupancy) on \(load) Erlangs: more than \(limit) agents")
    }
    var agents = max(Int(load.rounded(.down)) + 1, (load / targets.maxOccupancy).toleranceCeil())
    var b = erlangB(agents: agents, load: load)
    while agents <= limit {
      let result = performance(
        agents: agents, load: load, handlingSeconds: handlingSeconds,
        answerSeconds: targets.serviceLevel?.answerSeconds ?? 0, erlangB: b)
      if targets.areMet(by: result, basis: .offered) { return agents }
      agents += 1
      b = load * b / (Double(agents) + load * b)
    }
    throw .unreachableTarget(
      "the targets: they need more than \(limit) agents for \(load.formatted(maxDecimals: 2)) Erlangs")
  }

  /// The largest offered load, in Erlangs, that one queue is staffed for
  /// (``QueueLimits/mostErlangs``).
  public static let maxLoad = QueueLimits.mostErlangs

  /// Throws unless `load` is a number of Erlangs from 0 to ``maxLoad``.
  static func checkLoad(_ load: Double) throws(StaffingError) {
    guard load >= 0, load <= maxLoad else {
      throw .invalidParameter(
        channel: "", parameter: "offered load",
        reason:
          "of \(load.formatted(maxDecimals: 2)) Erlangs (arrivals × handling time / interval) is beyond "
          + "the \(Int(maxLoad)) Rota staffs one queue for: check the volumes and handling time")
    }
  }

  /// A safe upper end for any search: far beyond what any target below 1 needs.
  static func agentLimit(load: Double) -> Int {
    Int(load.rounded(.up)) + 1000 + Int(100 * load.squareRoot())
  }
}
