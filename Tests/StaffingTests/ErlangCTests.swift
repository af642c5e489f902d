import Foundation
import RotaCore
import Testing

@testable import Staffing

/// One row of `Fixtures/erlang_c.csv`, made by `Fixtures/erlang_c_reference.py` with exact
/// rational arithmetic and 50-digit floats (see that script).
struct ErlangReference: Sendable, CustomStringConvertible {
  var calls, handling, answer, target, maxOccupancy: Double
  var agents: Int
  var pWait, serviceLevel, asa: Double
  var leastAgents: Int

  var load: Double { calls * handling / 1800 }
  var description: String { "\(calls) calls, \(handling) s, \(agents) agents" }

  static let all: [ErlangReference] = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/erlang_c.csv").path
    let table = try! CSVTable(contentsOf: path)
    return table.rows.map { row in
      let f = row.fields.map { Double($0)! }
      return ErlangReference(
        calls: f[0], handling: f[1], answer: f[2], target: f[3], maxOccupancy: f[4], agents: Int(f[5]),
        pWait: f[6],
        serviceLevel: f[7], asa: f[8], leastAgents: Int(f[9]))
    }
  }()
}

@Suite struct ErlangCTests {
  @Test(arguments: ErlangReference.all)
  func matchesExactReference(_ case_: ErlangReference) {
    let pWait = ErlangC.probabilityOfWaiting(agents: case_.agents, load: case_.load)
    let level = ErlangC.serviceLevel(
      agents: case_.agents, load: case_.load, handlingSeconds: case_.handling, answerSeconds: case_.answer)
    let asa = ErlangC.averageSpeedOfAnswer(
      agents: case_.agents, load: case_.load, handlingSeconds: case_.handling)
    #expect(abs(pWait - case_.pWait) <= 1e-9 * case_.pWait)
    #expect(abs(level - case_.serviceLevel) <= 1e-9 * case_.serviceLevel)
    #expect(abs(asa - case_.asa) <= 1e-9 * case_.asa)
    let least = ErlangC.agentsNeeded(
      load: case_.load, handlingSeconds: case_.handling,
      target: ServiceLevelTarget(fraction: case_.target, answerSeconds: case_.answer),
      maxOccupancy: case_.maxOccupancy)
    #expect(least == case_.leastAgents)
  }

  @Test func unstableAndEmptyQueues() {
    #expect(ErlangC.probabilityOfWaiting(agents: 10, load: 10) == 1)
    #expect(ErlangC.serviceLevel(agents: 5, load: 6, handlingSeconds: 300, answerSeconds: 20) == 0)
    #expect(ErlangC.averageSpeedOfAnswer(agents: 5, load: 6, handlingSeconds: 300) == .infinity)
    #expect(ErlangC.agentsNeeded(load: 0, handlingSeconds: 300, target: nil, maxOccupancy: 1) == 0)
  }

  @Test func occupancyCapUsesAnExactCeiling() {
    // 40.8 Erlangs at an 85% cap: 40.8 / 0.85 = 48 exactly, though floating point gives 48.000000000000007.
    let agents = ErlangC.agentsNeeded(load: 40.8, handlingSeconds: 300, target: nil, maxOccupancy: 0.85)
    #expect(agents == 48)
  }
}

@Suite struct StaffingPlannerTests {
  let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!

  func point(_ minute: Int, _ channel: String, _ mean: Double) -> ForecastPoint {
    let interval = grid.intervals(on: LocalDate(iso: "2026-12-07")!).first { $0.start.minuteOfDay == minute }!
    return ForecastPoint(
      interval: interval, channel: channel, mean: mean, lo80: mean, hi80: mean, lo95: mean, hi95: mean)
  }

  @Test func grossAgentsUseAToleranceAwareCeiling() throws {
    // 100 calls of 180 s in 30 minutes need 14 agents for 80/20 (fixture); 14 / (1 − 0.3) is exactly 20.
    let phone = Channel(
      name: "phone", kind: .phone, handlingSeconds: 180,
      serviceLevel: ServiceLevelTarget(fraction: 0.8, answerSeconds: 20),
      shrinkage: 0.3)
    let result = try StaffingPlanner.requirements(
      forecast: [point(600, "phone", 100)], channels: [phone], intervalMinutes: 30)
    #expect(result[0].netAgents == 14)
    #expect(result[0].grossAgents == 20)
  }

  @Test func chatAgentsHoldSeveralChats() throws {
    // 100 chats of 180 s need 14 slots at 80/20; with two chats each, 7 agents.
    let chat = Channel(
      name: "chat", kind: .chat, handlingSeconds: 180,
      serviceLevel: ServiceLevelTarget(fraction: 0.8, answerSeconds: 20),
      concurrency: 2)
    let result = try StaffingPlanner.requirements(
      forecast: [point(600, "chat", 100)], channels: [chat], intervalMinutes: 30)
    #expect(result[0].netAgents == 7)
  }

  @Test func emailWorkIsSpreadOverTheDay() throws {
    // 60 + 0 + 30 emails of 600 s = 54,000 s over three 1,800 s intervals = 10 agents each.
    let email = Channel(name: "email", kind: .email, handlingSeconds: 600, deadlineSeconds: 86_400)
    let forecast = [point(480, "email", 60), point(510, "email", 0), point(540, "email", 30)]
    let result = try StaffingPlanner.requirements(forecast: forecast, channels: [email], intervalMinutes: 30)
    #expect(result.map(\.netAgents) == [10, 10, 10])
  }

  @Test func invalidChannelsAreNamed() {
    let bad = Channel(name: "phone", kind: .phone, handlingSeconds: 0)
    #expect(
      throws: StaffingError.invalidParameter(
        channel: "phone", parameter: "handling time", reason: "must be above 0 seconds")
    ) {
      try StaffingPlanner.requirements(
        forecast: [point(600, "phone", 10)], channels: [bad], intervalMinutes: 30)
    }
    #expect(throws: StaffingError.unknownChannel("fax")) {
      try StaffingPlanner.requirements(
        forecast: [point(600, "fax", 10)], channels: [bad], intervalMinutes: 30)
    }
  }
}
