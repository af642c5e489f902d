import Foundation
import RotaCore
import Testing
import Workforce

@testable import Scoring

@Suite struct RosterScorerTests {
  let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
  let monday = LocalDate(iso: "2026-12-07")!

  func interval(_ minute: Int) -> GridInterval {
    grid.intervals(on: monday).first { $0.start.minuteOfDay == minute }!
  }

  func roster(_ count: Int, channel: String, start: Int, end: Int) -> Roster {
    let employees = (1...count).map {
      Employee(
        id: "E\($0)", name: "A\($0)", contract: "std", skills: [channel], availableDays: Set(Weekday.allCases)
      )
    }
    let shifts = employees.map {
      RosteredShift(
        employeeID: $0.id,
        shift: Shift(date: monday, template: "t", channel: channel, start: start, end: end, breaks: []))
    }
    return Roster(employees: employees, assignments: shifts, openShifts: [])
  }

  let contract = Contract(
    name: "std", templates: ["t"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: 20)

  @Test func phoneScoreIsErlangCOfTheAgentsOnTask() {
    // 100 calls of 180 s with 14 agents: service level 0.88835001917946688 (Staffing fixture).
    let phone = Channel(
      name: "phone", kind: .phone, handlingSeconds: 180,
      serviceLevel: ServiceLevelTarget(fraction: 0.8, answerSeconds: 20))
    let forecast = [
      ForecastPoint(interval: interval(600), channel: "phone", mean: 100, lo80: 0, hi80: 0, lo95: 0, hi95: 0)
    ]
    let score = RosterScorer.score(
      roster: roster(14, channel: "phone", start: 600, end: 630), forecast: forecast, channels: [phone],
      contracts: [contract], grid: grid)
    let level = score.channels["phone"]!.serviceLevel!
    #expect(abs(level - 0.888_350_019_179_466_88) < 1e-12)
    #expect(score.paidHours == 7)
    #expect(score.laborCost == 140)
    #expect(score.costPerContact == 1.4)
    #expect(score.channels["phone"]!.understaffedIntervals == 0)
  }

  @Test func shrinkageTakesAgentsOffTheQueue() {
    let phone = Channel(
      name: "phone", kind: .phone, handlingSeconds: 180,
      serviceLevel: ServiceLevelTarget(fraction: 0.8, answerSeconds: 20),
      shrinkage: 0.3)
    let forecast = [
      ForecastPoint(interval: interval(600), channel: "phone", mean: 100, lo80: 0, hi80: 0, lo95: 0, hi95: 0)
    ]
    let score = RosterScorer.score(
      roster: roster(20, channel: "phone", start: 600, end: 630), forecast: forecast, channels: [phone],
      contracts: [contract], grid: grid)
    #expect(score.intervals[0].effectiveAgents == 14)
  }

  @Test(arguments: [(3600.0, 1.0), (2700.0, 0.5)])
  func emailBacklogIsAnsweredOldestFirst(_ deadline: Double, _ expected: Double) {
    // Four emails arrive at 08:00; two agents answer one each per half hour (1,800 s each).
    // Two are done by 08:30 and two by 09:00, an hour after they arrived.
    let email = Channel(name: "email", kind: .email, handlingSeconds: 1800, deadlineSeconds: deadline)
    let forecast = [480, 510, 540].map {
      ForecastPoint(
        interval: interval($0), channel: "email", mean: $0 == 480 ? 4 : 0, lo80: 0, hi80: 0, lo95: 0, hi95: 0)
    }
    let score = RosterScorer.score(
      roster: roster(2, channel: "email", start: 480, end: 570), forecast: forecast, channels: [email],
      contracts: [contract], grid: grid)
    #expect(score.channels["email"]!.emailWithinDeadline == expected)
  }

  @Test func ticketsLeftAtThePeriodsEndAreMissedInItsLastInterval() {
    // Four emails at 08:00, one agent 08:00–08:30 answering one; a day's deadline has not
    // passed by 09:00, but the period ends with three waiting: 25% in time, one interval below.
    let email = Channel(name: "email", kind: .email, handlingSeconds: 1800, deadlineSeconds: 86_400)
    let forecast = [480, 510, 540].map {
      ForecastPoint(
        interval: interval($0), channel: "email", mean: $0 == 480 ? 4 : 0, lo80: 0, hi80: 0, lo95: 0, hi95: 0)
    }
    let score = RosterScorer.score(
      roster: roster(1, channel: "email", start: 480, end: 510), forecast: forecast, channels: [email],
      contracts: [contract], grid: grid)
    #expect(score.channels["email"]!.emailWithinDeadline == 0.25)
    #expect(score.intervals.filter(\.missesTarget).map(\.interval.start.minuteOfDay) == [540])
  }

  /// Four emails at 22:00 with a 12-hour deadline, three agents 08:00–10:00 answering one each
  /// per half hour. On a day planned as a repeating pattern they are answered by 09:00 the next
  /// morning, 11 hours on: all in time. Planned once, the day ends with them waiting: none.
  @Test(arguments: [(true, 1.0), (false, 0.0)])
  func aRepeatingDayAnswersLastNightsEmailInTheMorning(_ repeating: Bool, _ expected: Double) {
    let email = Channel(name: "email", kind: .email, handlingSeconds: 1800, deadlineSeconds: 12 * 3600)
    let forecast = [480, 510, 540, 570, 1320].map {
      ForecastPoint(
        interval: interval($0), channel: "email", mean: $0 == 1320 ? 4 : 0, lo80: 0, hi80: 0, lo95: 0, hi95: 0
      )
    }
    var agents = roster(3, channel: "email", start: 480, end: 600)
    agents.cyclicPeriod = repeating ? monday...monday : nil
    let score = RosterScorer.score(
      roster: agents, forecast: forecast, channels: [email], contracts: [contract], grid: grid)
    #expect(score.channels["email"]!.emailWithinDeadline == expected)
    #expect(score.intervals.contains(where: \.missesTarget) == !repeating)
    let simulated = RosterSimulation.run(
      roster: agents, forecast: forecast, channels: [email], grid: grid,
      options: SimulationOptions(replications: 200, seed: 3))
    let within = simulated.channels["email"]!.emailWithinDeadline!.mean
    // Poisson arrivals around 4 and exponential handling: nearly all in time on the repeating
    // day; none on the single one but in the few replications with no email at all, which
    // count as all in time.
    #expect(repeating ? within > 0.9 : within < 0.05, "\(within)")
  }
}

@Suite struct PayTests {
  let saturday = LocalDate(iso: "2026-12-12")!

  @Test func premiumsForTheDayAndTheNight() {
    // 18:00–22:00 on a Saturday, a 30-minute unpaid break at 20:00: 3.5 paid hours at
    // 20/h with +25% for Saturday = 87.5, and 1.5 paid night hours (20:30–22:00) at +50%
    // of 20/h = 15.
    let pay = PayRules(
      nightPremium: 0.5, nightStart: 20 * 60, nightEnd: 7 * 60, weekdayPremiums: [.saturday: 0.25])
    let shift = Shift(
      date: saturday, template: "t", channel: "phone", start: 18 * 60, end: 22 * 60,
      breaks: [Shift.Break(start: 20 * 60, end: 20 * 60 + 30, paid: false)])
    #expect(abs(pay.cost(of: shift, wage: 20) - 102.5) < 1e-9)
  }

  @Test func overtimeBeyondTheContractIsPaidExtra() {
    let employee = Employee(
      id: "E1", name: "A", contract: "std", skills: ["phone"], availableDays: Set(Weekday.allCases))
    let monday = LocalDate(iso: "2026-12-07")!
    // Two 8-hour days against a 10-hour contract: 6 hours of overtime at +50%.
    let shifts = (0..<2).map {
      RosteredShift(
        employeeID: "E1",
        shift: Shift(
          date: monday.adding(days: $0), template: "t", channel: "phone", start: 480, end: 960, breaks: []))
    }
    let contract = Contract(
      name: "std", templates: ["t"], maxDaysPerWeek: 5, maxMinutesPerWeek: 600, hourlyWage: 20)
    let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
    let score = RosterScorer.score(
      roster: Roster(employees: [employee], assignments: shifts, openShifts: []), forecast: [], channels: [],
      contracts: [contract], grid: grid)
    #expect(score.overtimeHours == 6)
    let expected: Double = 16 * 20 + 6 * 20 * 0.5
    #expect(score.laborCost == expected)
  }
}
