import Foundation
import RotaCore
import Testing

@testable import Staffing

/// Erlang A against a discrete-event simulation of the same queue: Poisson arrivals,
/// exponential handling and patience, N agents, first come first served. Each case runs 30
/// independent seeded replications; the analytic value must lie in the replications' 99%
/// confidence interval (Student t, 29 degrees of freedom).
@Suite struct SimulationTests {
  struct Estimate {
    var offered = 0.0
    var abandoned = 0.0
    var answeredWithin = 0.0
  }

  /// One replication: `warmUp` arrivals discarded, then `count` arrivals measured.
  static func replicate(
    agents: Int, lambda: Double, handling: Double, patience: Double, answer: Double, seed: UInt64,
    warmUp: Int = 2000, count: Int = 20000
  ) -> Estimate {
    var random = SeededGenerator(seed: seed)
    func exponential(_ rate: Double) -> Double { -log(random.uniform()) / rate }
    var now = 0.0
    var busy = 0
    var queue: [(arrival: Double, measured: Bool)] = []
    var arrivals = 0
    var estimate = Estimate()
    while arrivals < warmUp + count || !queue.isEmpty {
      let arrivalRate = arrivals < warmUp + count ? lambda : 0
      let total = arrivalRate + Double(busy) / handling + Double(queue.count) / patience
      now += exponential(total)
      let pick = random.uniform() * total
      if pick < arrivalRate {
        arrivals += 1
        let measured = arrivals > warmUp
        if measured { estimate.offered += 1 }
        if busy < agents {
          busy += 1
          if measured { estimate.answeredWithin += 1 }
        } else {
          queue.append((now, measured))
        }
      } else if pick < arrivalRate + Double(busy) / handling {
        if queue.isEmpty {
          busy -= 1
        } else {
          let next = queue.removeFirst()
          if next.measured && now - next.arrival <= answer { estimate.answeredWithin += 1 }
        }
      } else {
        // Patience is memoryless: the one who leaves is any waiting caller, equally likely.
        let index = min(Int(random.uniform() * Double(queue.count)), queue.count - 1)
        if queue[index].measured { estimate.abandoned += 1 }
        queue.remove(at: index)
      }
    }
    return estimate
  }

  static let cases: [(calls: Double, handling: Double, patience: Double, agents: Int, answer: Double)] = [
    (100, 180, 90, 10, 20), (100, 180, 90, 13, 20), (20, 300, 60, 3, 20), (60, 240, 30, 6, 15),
    (250, 300, 120, 38, 30), (5, 600, 300, 1, 60), (120, 300, 600, 18, 20), (90, 240, 90, 8, 20),
    (30, 180, 20, 4, 0), (200, 180, 300, 18, 20),
  ]

  @Test(arguments: cases.indices)
  func erlangALiesInsideTheSimulationsInterval(_ index: Int) {
    let c = Self.cases[index]
    let lambda = c.calls / 1800
    let analytic = ErlangA.performance(
      agents: c.agents, arrivalsPerSecond: lambda, handlingSeconds: c.handling, patienceSeconds: c.patience,
      answerSeconds: c.answer)
    let runs = (0..<30).map {
      Self.replicate(
        agents: c.agents, lambda: lambda, handling: c.handling, patience: c.patience, answer: c.answer,
        seed: UInt64(1000 * index + $0))
    }
    func interval(_ values: [Double]) -> ClosedRange<Double> {
      let mean = values.reduce(0, +) / Double(values.count)
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
      let half = 2.756 * (variance / Double(values.count)).squareRoot()
      return (mean - half)...(mean + half)
    }
    let abandon = interval(runs.map { $0.abandoned / $0.offered })
    let level = interval(runs.map { $0.answeredWithin / $0.offered })
    #expect(abandon.contains(analytic.abandonRate), "abandonment \(analytic.abandonRate) outside \(abandon)")
    #expect(
      level.contains(analytic.serviceLevelOfOffered),
      "service level \(analytic.serviceLevelOfOffered) outside \(level)")
  }
}
