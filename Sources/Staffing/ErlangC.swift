import Foundation
import RotaCore

/// The Erlang C (M/M/N) queue: Poisson arrivals, exponential handling times, N agents, no
/// abandonment, first come first served.
///
/// Loads are in Erlangs (arrivals per second × handling seconds). Erlang B comes from the
/// stable recurrence `B(0) = 1`, `B(n) = A·B(n−1) / (n + A·B(n−1))`, and Erlang C from
/// `C = N·B / (N − A·(1 − B))` (Cooper, *Introduction to Queueing Theory*, 1981, §3.4–3.5),
/// so no factorial or power of the load is ever formed.
public enum ErlangC {
  /// Probability that an arriving contact waits: 1 when `agents ≤ load` (the queue grows
  /// without bound).
  public static func probabilityOfWaiting(agents: Int, load: Double) -> Double {
    guard load > 0 else { return 0 }
    guard Double(agents) > load else { return 1 }
    let b = erlangB(agents: agents, load: load)
    let n = Double(agents)
    return n * b / (n - load * (1 - b))
  }

  /// Erlang B blocking probability for `agents` servers and `load` Erlangs.
  public static func erlangB(agents: Int, load: Double) -> Double {
    var b = 1.0
    if agents > 0 {
      for n in 1...agents { b = load * b / (Double(n) + load * b) }
    }
    return b
  }

  /// Share of contacts answered within `answerSeconds`:
  /// `1 − C·exp(−(N − A)·t / handling)`; 0 for an unstable queue.
  public static func serviceLevel(
    agents: Int, load: Double, handlingSeconds: Double, answerSeconds: Double
  ) -> Double {
    guard load > 0 else { return 1 }
    guard Double(agents) > load else { return 0 }
    let c = probabilityOfWaiting(agents: agents, load: load)
    return 1 - c * exp(-(Double(agents) - load) * answerSeconds / handlingSeconds)
  }

  /// Average speed of answer in seconds, `C·handling / (N − A)`; infinite when unstable.
  public static func averageSpeedOfAnswer(agents: Int, load: Double, handlingSeconds: Double) -> Double {
    guard load > 0 else { return 0 }
    guard Double(agents) > load else { return .infinity }
    return probabilityOfWaiting(agents: agents, load: load) * handlingSeconds / (Double(agents) - load)
  }

  /// The least number of agents whose service level meets `target` and whose occupancy
  /// `load / N` is at most `maxOccupancy`. Zero load needs zero agents.
  public static func agentsNeeded(
    load: Double, handlingSeconds: Double, target: ServiceLevelTarget?, maxOccupancy: Double
  ) -> Int {
    guard load > 0 else { return 0 }
    var agents = max(1, (load / maxOccupancy).toleranceCeil())
    if Double(agents) <= load { agents = Int(load.rounded(.down)) + 1 }
    guard let target else { return agents }
    while serviceLevel(
      agents: agents, load: load, handlingSeconds: handlingSeconds, answerSeconds: target.answerSeconds)
      < target.fraction - 1e-12
    {
      agents += 1
    }
    return agents
  }
}
