import Foundation
import RotaCore
import Testing

@testable import Staffing

@Suite struct StaffingPlannerTests {
  let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
  let monday = LocalDate(iso: "2026-12-07")!

  func point(_ minute: Int, _ channel: String, _ mean: Double, day: Int = 0) -> ForecastPoint {
    let interval = grid.intervals(on: monday.adding(days: day)).first { $0.start.minuteOfDay == minute }!
    return ForecastPoint(
      interval: interval, channel: channel, mean: mean, lo80: mean, hi80: mean, lo95: mean, hi95: mean)
  }

  let eightyTwenty = ServiceLevelTarget(fraction: 0.8, answerSeconds: 20)

  @Test func grossAgentsUseAToleranceAwareCeiling() throws {
    // 100 calls of 180 s in 30 minutes need 14 agents for 80/20 (Erlang C fixture);
    // 14 / (1 − 0.3) is 20 exactly, though floating point says 20.000000000000004.
    let phone = Channel(
      name: "phone", kind: .phone, handlingSeconds: 180, serviceLevel: eightyTwenty, shrinkage: 0.3)
    let result = try StaffingPlanner.requirements(forecast: [point(600, "phone", 100)], channels: [phone])
    #expect(result[0].netAgents == 14)
    #expect(result[0].grossAgents == 20)
  }

  @Test func aForecastHandleTimeReplacesTheChannelsForItsInterval() throws {
    // The same 100 calls at a forecast 180 s need the fixture's 14 agents though the channel
    // says 300 s; the interval without a forecast AHT keeps the channel's 300 s.
    let phone = Channel(name: "phone", kind: .phone, handlingSeconds: 300, serviceLevel: eightyTwenty)
    var withHandleTime = point(600, "phone", 100)
    withHandleTime.ahtSeconds = 180
    let result = try StaffingPlanner.requirements(
      forecast: [withHandleTime, point(630, "phone", 100)], channels: [phone])
    #expect(result[0].netAgents == 14)
    let flat = try ErlangC.leastAgents(
      load: 100 * 300 / 1800, handlingSeconds: 300, targets: StaffingTargets(serviceLevel: eightyTwenty))
    #expect(result[1].netAgents == flat)
    #expect(flat > 14)
  }

  @Test func patienceSwitchesToErlangA() throws {
    // The Erlang A fixture: 100 calls of 180 s with patience 90 s need 12 agents for 80/20
    // counted over offered calls.
    var phone = Channel(name: "phone", kind: .phone, handlingSeconds: 180, serviceLevel: eightyTwenty)
    phone.patienceSeconds = 90
    let result = try StaffingPlanner.requirements(forecast: [point(600, "phone", 100)], channels: [phone])
    #expect(result[0].netAgents == 12)
  }

  @Test func chatAgentsHoldSeveralChats() throws {
    // 100 chats of 180 s need 14 slots at 80/20; with two chats each, 7 agents.
    let chat = Channel(
      name: "chat", kind: .chat, handlingSeconds: 180, serviceLevel: eightyTwenty, concurrency: 2)
    let result = try StaffingPlanner.requirements(forecast: [point(600, "chat", 100)], channels: [chat])
    #expect(result[0].netAgents == 7)
  }

  @Test func emailBecomesWorkWithADeadline() throws {
    // 60 emails of 600 s arriving 08:00–08:30 are 20 agent-intervals at a 100% cap; with a
    // 24-hour deadline they are due by Tuesday's 07:30 interval, the last ending by 08:00.
    let email = Channel(name: "email", kind: .email, handlingSeconds: 600, deadlineSeconds: 86_400)
    let forecast =
      [480, 510, 1170].map { point($0, "email", $0 == 480 ? 60 : 0) }
      + [450, 480].map {
        point($0, "email", 0, day: 1)
      }
    let result = try StaffingPlanner.requirements(forecast: forecast, channels: [email])
    #expect(result[0].work == 20)
    #expect(result[0].due?.start.description == "2026-12-08T07:30:00")
    // Work arriving at 19:30 may wait for the last interval of the period.
    #expect(result[2].due?.start.description == "2026-12-08T08:00:00")
    // The last interval's work cannot wait beyond the period: it is due in its own interval.
    #expect(result[4].due == result[4].interval)
  }

  /// Two days open 08:00–20:00. Tickets of Monday 08:00 with a 24-hour deadline are due by
  /// Monday's 19:30 interval, the last ending by Tuesday 08:00, either way. Those of Tuesday
  /// 19:30 are due in their own interval when the period is planned once; planned as a
  /// repeating pattern, by Wednesday 19:30 on the next lap: the next lap's Monday 19:00
  /// interval, the last ending by then.
  @Test(arguments: [false, true])
  func aRepeatingPeriodWrapsEmailDeadlines(_ repeating: Bool) throws {
    let email = Channel(name: "email", kind: .email, handlingSeconds: 600, deadlineSeconds: 86_400)
    let forecast = (0..<2).flatMap { day in (16..<40).map { point($0 * 30, "email", 1, day: day) } }
    let result = try StaffingPlanner.requirements(
      forecast: forecast, channels: [email], repeatingEvery: repeating ? 2 * 86_400 : nil)
    #expect(result[0].due?.start.description == "2026-12-07T19:30:00")
    let tuesdayEvening = try #require(result.last)
    #expect(tuesdayEvening.due == (repeating ? forecast[22].interval : tuesdayEvening.interval))
  }

  /// 40 tickets of 1,800 s arrive at 08:00 on a day of four half hours, due within an hour:
  /// the day's average is 10 agents, and a steady `10·f` answers `min(40, 20·f)` by 09:00, so
  /// a share `s` needs `f = 2s` (all of them: 2, at the verdict's 1e-4 tolerance).
  @Test(arguments: [(0.25, 5), (0.5, 10), (0.8, 16), (1.0, 20)])
  func aShareWithinTheDeadlineSetsTheDaysLevel(_ share: Double, _ agents: Int) throws {
    var email = Channel(name: "email", kind: .email, handlingSeconds: 1800, deadlineSeconds: 3600)
    email.deadlineShare = share
    let forecast = [480, 510, 540, 570].map { point($0, "email", $0 == 480 ? 40 : 0) }
    let result = try StaffingPlanner.requirements(forecast: forecast, channels: [email])
    #expect(result.map(\.netAgents) == Array(repeating: agents, count: 4))
    #expect(result[0].due == forecast[1].interval)
  }

  @Test func invalidChannelsAreNamed() {
    let bad = Channel(name: "phone", kind: .phone, handlingSeconds: 0)
    #expect(
      throws: StaffingError.invalidParameter(
        channel: "phone", parameter: "handling time", reason: "must be above 0 seconds")
    ) {
      try StaffingPlanner.requirements(forecast: [point(600, "phone", 10)], channels: [bad])
    }
    #expect(throws: StaffingError.unknownChannel("fax")) {
      try StaffingPlanner.requirements(forecast: [point(600, "fax", 10)], channels: [bad])
    }
    var noPatience = Channel(name: "phone", kind: .phone, handlingSeconds: 180, serviceLevel: eightyTwenty)
    noPatience.maxAbandonRate = 0.05
    #expect(throws: StaffingError.self) {
      try StaffingPlanner.requirements(forecast: [point(600, "phone", 10)], channels: [noPatience])
    }
  }
}

@Suite struct ShrinkageWindowTests {
  @Test func windowsOverrideShrinkageForTheirHours() throws {
    // 100 calls of 180 s need 14 agents (fixture): 20 to schedule at 30% shrinkage, but 28
    // on Monday 10:00–11:00 when a team meeting takes half the time.
    let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
    let monday = LocalDate(iso: "2026-12-07")!
    var phone = Channel(
      name: "phone", kind: .phone, handlingSeconds: 180,
      serviceLevel: ServiceLevelTarget(fraction: 0.8, answerSeconds: 20),
      shrinkage: 0.3)
    phone.shrinkageWindows = [
      ShrinkageWindow(
        days: [.monday], hours: TimeRange(open: TimeOfDay("10:00")!, close: TimeOfDay("11:00")!)!,
        shrinkage: 0.5)
    ]
    let forecast = [570, 600, 630, 660].map { minute in
      let interval = grid.intervals(on: monday).first { $0.start.minuteOfDay == minute }!
      return ForecastPoint(
        interval: interval, channel: "phone", mean: 100, lo80: 100, hi80: 100, lo95: 100, hi95: 100)
    }
    let result = try StaffingPlanner.requirements(forecast: forecast, channels: [phone])
    #expect(result.map(\.grossAgents) == [20, 28, 28, 20])
  }
}
