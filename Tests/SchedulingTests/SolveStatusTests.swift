import Testing

@testable import Scheduling

/// The status word comes from the delivered roster's certificate and the limit that stopped
/// the search: never `within_gap` above the asked gap, never `time_limit` when the clock
/// stopped nothing.
@Suite struct SolveStatusTests {
  struct StatusCase: Sendable, CustomTestStringConvertible {
    var cost: Double
    var bound: Double?
    var clockStopped: Bool
    var status: SolveStatus
    var testDescription: String {
      "\(cost) over \(bound.map { "\($0)" } ?? "no bound"), clock \(clockStopped)"
    }
  }

  @Test(arguments: [
    StatusCase(cost: 100, bound: 100, clockStopped: true, status: .optimal),
    StatusCase(cost: 100, bound: 99.6, clockStopped: true, status: .withinGap),
    StatusCase(cost: 100, bound: 99.6, clockStopped: false, status: .withinGap),
    StatusCase(cost: 100, bound: 90, clockStopped: false, status: .nodeLimit),
    StatusCase(cost: 100, bound: 90, clockStopped: true, status: .timeLimit),
    StatusCase(cost: 100, bound: nil, clockStopped: false, status: .nodeLimit),
    StatusCase(cost: 343765.6, bound: 89619.48, clockStopped: false, status: .nodeLimit),
  ])
  func statusFollowsTheCertificate(_ example: StatusCase) {
    let certificate = MIPSolution(
      status: .withinGap, objective: example.cost, bound: example.bound, values: [], seconds: 1)
    #expect(
      Scheduler.status(certificate, askedGap: 0.005, clockStopped: example.clockStopped) == example.status)
  }
}
