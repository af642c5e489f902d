import Foundation
import RotaCore

/// The Erlang A queue (M/M/N+M): Erlang C plus exponential patience, so that waiting
/// contacts abandon at rate θ = 1 / mean patience (Garnett, Mandelbaum & Reiman, "Designing a
/// call center with impatient customers", *Manufacturing & Service Operations Management* 4(3),
/// 2002, 208–227).
///
/// The number in system is a birth–death chain with birth rate λ and death rate
/// `min(k, N)·μ + max(k − N, 0)·θ`, so its stationary law is explicit: Erlang B gives the
/// states up to N, and the states with `j` waiting have weight `π_N · Π_{i=1..j} λ / (Nμ + iθ)`.
/// An arrival that finds `j` waiting (PASTA) moves up at rate `Nμ + iθ` while `i` are ahead
/// and leaves at its own rate θ, so it is answered with probability `Nμ / (Nμ + (j+1)θ)` (the
/// product telescopes), and its wait when answered is a sum of exponentials with rates
/// `Nμ + (i+1)θ`, `i = 0…j`: the law of `−ln(B)/θ` for `B ~ Beta(Nμ/θ + 1, j + 1)`, whose
/// distribution function is a negative-binomial sum. The mean wait of everyone is
/// `P(abandon) / θ`. The tail is summed until its terms fall below 10⁻¹⁸ of the total.
public enum ErlangA {
  /// Every KPI of `agents` agents facing `arrivalsPerSecond` contacts a second that each take
  /// `handlingSeconds` and wait at most an exponential time with mean `patienceSeconds`.
  /// Service level counts contacts answered within `answerSeconds`.
  public static func performance(
    agents: Int, arrivalsPerSecond lambda: Double, handlingSeconds: Double, patienceSeconds: Double,
    answerSeconds: Double
  ) -> QueuePerformance {
    let load = lambda * handlingSeconds
    guard lambda > 0 else {
      return QueuePerformance(
        agents: agents, probabilityOfWaiting: 0, serviceLevelOfOffered: 1, serviceLevelOfAnswered: 1,
        asaSeconds: 0,
        abandonRate: 0, occupancy: 0)
    }
    guard agents > 0 else {
      return QueuePerformance(
        agents: 0, probabilityOfWaiting: 1, serviceLevelOfOffered: 0, serviceLevelOfAnswered: 0,
        asaSeconds: .infinity,
        abandonRate: 1, occupancy: 1)
    }
    let b = ErlangC.erlangB(agents: agents, load: load)
    let n = Double(agents)
    guard b > 0 else {
      return QueuePerformance(
        agents: agents, probabilityOfWaiting: 0, serviceLevelOfOffered: 1, serviceLevelOfAnswered: 1,
        asaSeconds: 0,
        abandonRate: 0, occupancy: load / n)
    }
    let theta = 1 / patienceSeconds
    let serviceRate = n / handlingSeconds

    // Queue weights r_j = Π λ/(Nμ + iθ), kept as mantissa × 2^exponent so long overloaded
    // tails neither overflow nor lose the small terms.
    var weights: [Double] = []
    weights.reserveCapacity(64)
    var term = 1.0
    var total = 0.0
    var scale = 0.0  // log2 of the factor the stored weights are divided by
    var j = 0
    while true {
      weights.append(term)
      total += term
      let ratio = lambda / (serviceRate + Double(j + 1) * theta)
      term *= ratio
      j += 1
      if ratio < 1 && term < 1e-18 * total { break }
      if term > 0x1p900 {
        for index in weights.indices { weights[index] *= 0x1p-900 }
        total *= 0x1p-900
        term *= 0x1p-900
        scale += 900
      }
      if j > 50_000_000 { break }
    }
    // π_N = B / (1 − B + B·T), with T = total · 2^scale.
    let logPiN = log(b) - logAddExp(log1p(-b), log(b) + log(total) + scale * M_LN2)
    let factor = exp(logPiN + scale * M_LN2)

    // Answered-within-t weights: P(S_j ≤ t) = 1 − Σ_{k≤j} NB(k; c, x), x = e^{−θt}, c = Nμ/θ + 1.
    let c = serviceRate / theta + 1
    let x = exp(-theta * answerSeconds)
    // NB(k) = (c)_k / k! · x^c · (1 − x)^k, by its ratio; in logarithms only when x^c would
    // underflow.
    let logFirst = -theta * answerSeconds * c
    let inLogs = logFirst < -600
    var nb = inLogs ? logFirst : exp(logFirst)
    let oneMinusX = 1 - x
    let logOneMinusX = answerSeconds > 0 ? log1p(-x) : -Double.infinity
    var cumulativeNB = 0.0

    var pWait = 0.0
    var pAbandon = 0.0
    var answeredWithin = 0.0
    var waitOfAnswered = 0.0
    var harmonic = 0.0
    for (index, weight) in weights.enumerated() {
      let q = factor * weight
      let k = Double(index)
      let exitRate = serviceRate + (k + 1) * theta
      let answered = serviceRate / exitRate
      pWait += q
      pAbandon += q * (1 - answered)
      harmonic += 1 / exitRate
      waitOfAnswered += q * answered * harmonic
      if index > 0 {
        if inLogs { nb += log((c + k - 1) / k) + logOneMinusX } else { nb *= (c + k - 1) / k * oneMinusX }
      }
      cumulativeNB += inLogs ? exp(nb) : nb
      answeredWithin += q * answered * max(0, 1 - cumulativeNB)
    }
    let offered = (1 - pWait) + answeredWithin
    let answeredShare = 1 - pAbandon
    return QueuePerformance(
      agents: agents, probabilityOfWaiting: pWait, serviceLevelOfOffered: offered,
      serviceLevelOfAnswered: answeredShare > 0 ? offered / answeredShare : 0,
      asaSeconds: answeredShare > 0 ? waitOfAnswered / answeredShare : .infinity, abandonRate: pAbandon,
      occupancy: min(1, load * answeredShare / n))
  }

  /// The least number of agents meeting every target, by galloping from A + √A in the
  /// direction that matters, then bisecting. Every KPI improves with more agents, so the
  /// first N that meets the targets is the least.
  public static func leastAgents(
    arrivalsPerSecond lambda: Double, handlingSeconds: Double, patienceSeconds: Double,
    targets: StaffingTargets
  ) throws(StaffingError) -> Int {
    try targets.validate()
    guard patienceSeconds > 0, patienceSeconds.isFinite else {
      throw .invalidParameter(channel: "", parameter: "patience", reason: "must be above 0 seconds")
    }
    let load = lambda * handlingSeconds
    try ErlangC.checkLoad(load)
    guard load > 0 else { return 0 }
    if let asa = targets.maxASASeconds, asa <= 0 {
      throw .unreachableTarget("an average speed of answer of 0 s: with any load some contacts wait")
    }
    if let abandon = targets.maxAbandonRate, abandon <= 0 {
      throw .unreachableTarget("an abandonment rate of 0: with any load some contacts give up")
    }
    let answer = targets.serviceLevel?.answerSeconds ?? 0
    func meets(_ agents: Int) -> Bool {
      let result = performance(
        agents: agents, arrivalsPerSecond: lambda, handlingSeconds: handlingSeconds,
        patienceSeconds: patienceSeconds,
        answerSeconds: answer)
      return targets.areMet(by: result, basis: targets.serviceLevelBasis)
    }
    let limit = ErlangC.agentLimit(load: load)
    // Square-root staffing puts most answers within a few agents of A + √A.
    return try leastSatisfying(start: Int((load + load.squareRoot()).rounded()), limit: limit, meets)
  }
}

/// The least N in 1…limit with `meets(N)`, for a `meets` that stays true once true: gallop
/// from `start` (up when it fails, down when it holds) with doubling steps, then bisect.
func leastSatisfying(start: Int, limit: Int, _ meets: (Int) -> Bool) throws(StaffingError) -> Int {
  var start = min(max(start, 1), limit)
  var failing: Int
  var passing: Int
  if meets(start) {
    passing = start
    var step = 1
    while true {
      let next = passing - step
      if next < 1 { failing = 0; break }
      if meets(next) { passing = next; step *= 2 } else { failing = next; break }
    }
  } else {
    failing = start
    var step = 1
    while true {
      start = failing + step
      if start > limit {
        guard meets(limit) else {
          throw .unreachableTarget("the targets: they need more than \(limit) agents")
        }
        passing = limit
        break
      }
      if meets(start) { passing = start; break }
      failing = start
      step *= 2
    }
  }
  while passing - failing > 1 {
    let middle = failing + (passing - failing) / 2
    if meets(middle) { passing = middle } else { failing = middle }
  }
  return passing
}

func logAddExp(_ a: Double, _ b: Double) -> Double {
  if a == -.infinity { return b }
  if b == -.infinity { return a }
  let high = max(a, b)
  return high + log1p(exp(-abs(a - b)))
}
