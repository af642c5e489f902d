import Foundation
import RotaCore
import Scheduling
import Testing

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
}
