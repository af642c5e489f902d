import Foundation
import RotaCore
import Testing

@testable import Staffing

func relativeError(_ value: Double, _ reference: Double) -> Double {
  abs(value - reference) / max(abs(reference), 1e-300)
}

@Suite struct ErlangCTests {
  @Test func referenceGridIsLargeEnough() {
    #expect(ErlangCReference.all.count >= 150)
    #expect(ErlangCReference.all.map(\.calls).max()! >= 20_000)
    #expect(ErlangCReference.all.map(\.load).max()! >= 50_000)
  }

  @Test(arguments: ErlangCReference.all)
  func matchesHighPrecisionReference(_ reference: ErlangCReference) throws {
    let result = ErlangC.performance(
      agents: reference.agents, load: reference.load, handlingSeconds: reference.handling,
      answerSeconds: reference.answer)
    #expect(relativeError(result.probabilityOfWaiting, reference.pWait) <= 1e-9)
    #expect(relativeError(result.serviceLevelOfOffered, reference.serviceLevel) <= 1e-9)
    #expect(relativeError(result.asaSeconds, reference.asa) <= 1e-9)
    let targets = StaffingTargets(
      serviceLevel: ServiceLevelTarget(fraction: reference.target, answerSeconds: reference.answer),
      maxASASeconds: reference.maxASA, maxOccupancy: reference.maxOccupancy)
    let least = try ErlangC.leastAgents(
      load: reference.load, handlingSeconds: reference.handling, targets: targets)
    #expect(least == reference.leastAgents)
  }

  @Test func unstableAndEmptyQueues() throws {
    #expect(ErlangC.probabilityOfWaiting(agents: 10, load: 10) == 1)
    #expect(ErlangC.serviceLevel(agents: 5, load: 6, handlingSeconds: 300, answerSeconds: 20) == 0)
    #expect(ErlangC.averageSpeedOfAnswer(agents: 5, load: 6, handlingSeconds: 300) == .infinity)
    #expect(try ErlangC.leastAgents(load: 0, handlingSeconds: 300, targets: StaffingTargets()) == 0)
  }

  /// The traps of the widely used libraries (issue 3).
  @Test func searchStartsAtTheLeastStableNumber() throws {
    // A load of 40.6 is stable with 41 agents; starting at round(40.6 + 1) = 42 would miss it.
    #expect(try ErlangC.leastAgents(load: 40.6, handlingSeconds: 300, targets: StaffingTargets()) == 41)
    // A whole-number load needs one more agent than the load, with no division by zero.
    #expect(try ErlangC.leastAgents(load: 10, handlingSeconds: 300, targets: StaffingTargets()) == 11)
  }

  @Test func occupancyCapUsesAnExactCeiling() throws {
    // 40.8 / 0.85 = 48 exactly, though floating point gives 48.000000000000007.
    let agents = try ErlangC.leastAgents(
      load: 40.8, handlingSeconds: 300, targets: StaffingTargets(maxOccupancy: 0.85))
    #expect(agents == 48)
  }

  @Test func answerTimeZeroIsAllowed() throws {
    // 95% answered at once means P(wait) ≤ 5%.
    let targets = StaffingTargets(serviceLevel: ServiceLevelTarget(fraction: 0.95, answerSeconds: 0))
    let agents = try ErlangC.leastAgents(load: 10, handlingSeconds: 180, targets: targets)
    #expect(ErlangC.probabilityOfWaiting(agents: agents, load: 10) <= 0.05)
    #expect(ErlangC.probabilityOfWaiting(agents: agents - 1, load: 10) > 0.05)
  }

  @Test(arguments: [
    (StaffingTargets(maxASASeconds: 0), "no number of agents can meet an average speed of answer of 0 s"),
    (
      StaffingTargets(serviceLevel: ServiceLevelTarget(fraction: 1, answerSeconds: 20)),
      "service level target must lie strictly between 0 and 1"
    ),
    (StaffingTargets(maxOccupancy: 0), "max occupancy must lie from 0.01 to 1"),
    (StaffingTargets(maxOccupancy: 1e-300), "max occupancy must lie from 0.01 to 1"),
  ])
  func impossibleTargetsAreNamed(_ targets: StaffingTargets, _ message: String) {
    do {
      _ = try ErlangC.leastAgents(load: 10, handlingSeconds: 180, targets: targets)
      Issue.record("expected an error")
    } catch {
      #expect(error.description.hasPrefix(message), "\(error.description)")
    }
  }
}

@Suite struct ErlangATests {
  @Test(arguments: ErlangAReference.all)
  func matchesMarkovChainReference(_ reference: ErlangAReference) {
    let result = ErlangA.performance(
      agents: reference.agents, arrivalsPerSecond: reference.arrivalsPerSecond,
      handlingSeconds: reference.handling,
      patienceSeconds: reference.patience, answerSeconds: reference.answer)
    #expect(relativeError(result.probabilityOfWaiting, reference.pWait) <= 1e-6)
    #expect(relativeError(result.abandonRate, reference.abandon) <= 1e-6)
    #expect(relativeError(result.serviceLevelOfOffered, reference.offered) <= 1e-6)
    #expect(relativeError(result.serviceLevelOfAnswered, reference.answered) <= 1e-6)
    #expect(relativeError(result.asaSeconds, reference.asa) <= 1e-6)
  }

  static let leastCases = Fixture.rows("erlang_a_least.csv")

  @Test(arguments: leastCases.indices)
  func leastAgentsMatchesAScan(_ index: Int) throws {
    let row = Self.leastCases[index]
    let targets = StaffingTargets(
      serviceLevel: ServiceLevelTarget(
        fraction: Double(row["target"]!)!, answerSeconds: Double(row["answer_seconds"]!)!),
      maxASASeconds: Double(row["max_asa"]!), maxAbandonRate: Double(row["max_abandon"]!),
      serviceLevelBasis: ServiceLevelBasis(rawValue: row["basis"]!)!)
    let least = try ErlangA.leastAgents(
      arrivalsPerSecond: Double(row["calls"]!)! / 1800, handlingSeconds: Double(row["aht_seconds"]!)!,
      patienceSeconds: Double(row["patience_seconds"]!)!, targets: targets)
    #expect(least == Int(row["least_agents"]!)!, "\(row)")
  }

  @Test func basisChangesTheAnswer() throws {
    // With short patience many callers leave before 20 s: counting them as misses (offered)
    // needs many more agents than leaving them out (answered).
    let lambda = 150.0 / 1800
    func least(_ basis: ServiceLevelBasis) throws -> Int {
      try ErlangA.leastAgents(
        arrivalsPerSecond: lambda, handlingSeconds: 240, patienceSeconds: 20,
        targets: StaffingTargets(
          serviceLevel: ServiceLevelTarget(fraction: 0.8, answerSeconds: 20), serviceLevelBasis: basis))
    }
    #expect(try least(.answered) < least(.offered))
  }

  @Test func longPatienceApproachesErlangC() {
    let a = ErlangA.performance(
      agents: 14, arrivalsPerSecond: 100.0 / 1800, handlingSeconds: 180, patienceSeconds: 1e9,
      answerSeconds: 20)
    let c = ErlangC.performance(agents: 14, load: 10, handlingSeconds: 180, answerSeconds: 20)
    #expect(abs(a.serviceLevelOfOffered - c.serviceLevelOfOffered) < 1e-6)
    #expect(abs(a.asaSeconds - c.asaSeconds) < 1e-4)
    #expect(a.abandonRate < 1e-7)
  }

  @Test func overloadedQueueStaysFinite() {
    // Twice as many calls as the agents can take: abandonment keeps the queue bounded.
    let result = ErlangA.performance(
      agents: 10, arrivalsPerSecond: 200.0 / 1800, handlingSeconds: 180, patienceSeconds: 600,
      answerSeconds: 20)
    #expect(result.abandonRate > 0.45 && result.abandonRate < 0.55)
    #expect(result.asaSeconds.isFinite && result.occupancy <= 1)
  }

  @Test func zeroTargetsCannotBeMet() {
    #expect(throws: StaffingError.self) {
      try ErlangA.leastAgents(
        arrivalsPerSecond: 0.05, handlingSeconds: 180, patienceSeconds: 60,
        targets: StaffingTargets(maxAbandonRate: 0))
    }
  }
}
