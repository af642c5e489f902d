import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// Shifts that run past midnight: which intervals they cover, what they are paid, and how the
/// shift plan uses them on a week that repeats.
@Suite struct NightShiftTests {
  let monday = LocalDate(iso: "2026-12-07")!
  let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 60)!

  func night(_ date: LocalDate, start: Int = 22 * 60, breakAt: Int? = nil) -> Shift {
    Shift(
      date: date, template: "night", channel: "phone", start: start, end: start + 8 * 60,
      breaks: breakAt.map { [Shift.Break(start: $0, end: $0 + 30, paid: false)] } ?? [])
  }

  @Test(
    arguments: [
      (0, 22 * 60, 1.0), (0, 21 * 60, 0), (1, 0, 1), (1, 5 * 60, 1), (1, 6 * 60, 0), (2, 0, 0),
      (1, 2 * 60, 0.5),
    ] as [(Int, Int, Double)])
  func aNightShiftCoversTheNextMorning(_ day: Int, _ minute: Int, _ share: Double) {
    // 22:00–06:00 with a break 02:00–02:30.
    let shift = night(monday, breakAt: 26 * 60)
    #expect(shift.onTaskFraction(date: monday.adding(days: day), minute: minute, length: 60) == share)
  }

  /// On a repeating week the last day's night shift covers the first day's early hours; on a
  /// week that does not repeat, nothing does.
  @Test(arguments: [true, false])
  func theLastNightWrapsOntoTheFirstMorning(_ cyclic: Bool) {
    let sunday = monday.adding(days: 6)
    let employee = Employee(
      id: "E1", name: "E", contract: "c", skills: ["phone"], availableDays: Set(Weekday.allCases))
    let roster = Roster(
      employees: [employee], assignments: [RosteredShift(employeeID: "E1", shift: night(sunday))],
      openShifts: [],
      cyclicPeriod: cyclic ? monday...sunday : nil)
    let early = grid.intervals(on: monday).filter { $0.start.minuteOfDay < 7 * 60 }
    let onTask = roster.agentsOnTask(in: early, intervalMinutes: 60)["phone"] ?? [:]
    for interval in early {
      #expect(onTask[interval.start, default: 0] == (cyclic && interval.start.minuteOfDay < 6 * 60 ? 1 : 0))
    }
  }

  /// The night premium counts the minutes past midnight by their clock time.
  @Test func theNightPremiumCountsTheHoursAfterMidnight() {
    let pay = PayRules(nightPremium: 0.25, nightStart: 22 * 60, nightEnd: 6 * 60)
    // 8 h paid, all of them in the night window: 8 × 20 × 1.25.
    #expect(abs(pay.cost(of: night(monday), wage: 20) - 200) < 1e-9)
    // 20:00–04:00: six of the eight hours at night.
    #expect(abs(pay.cost(of: night(monday, start: 20 * 60), wage: 20) - (160 + 6 * 5)) < 1e-9)
  }

  /// A two-day repeating plan open round the clock that needs an agent only from 01:00 to
  /// 05:00 on its first day: the cheapest plan is the second day's night shift, which wraps.
  @Test(arguments: [true, false])
  func thePlanUsesTheWrappingNightShift(_ cyclic: Bool) throws {
    let dates = [monday, monday.adding(days: 1)]
    let allDay = OpeningHours(
      ranges: Dictionary(
        uniqueKeysWithValues: Weekday.allCases.map {
          ($0, [TimeRange(open: TimeOfDay("00:00")!, close: TimeOfDay("24:00")!)!])
        }))
    let phone = Channel(name: "phone", kind: .phone, handlingSeconds: 300, shortfallCostPerHour: 200)
    let requirements = grid.intervals(on: monday).filter { (60..<300).contains($0.start.minuteOfDay) }.map {
      Requirement(interval: $0, channel: "phone", forecast: 5, netAgents: 1, grossAgents: 1)
    }
    let template = ShiftTemplate(
      name: "night", lengthMinutes: 480, earliestStart: 21 * 60, latestStart: 23 * 60, startStepMinutes: 60,
      days: Set(Weekday.allCases), breaks: [])
    let contract = Contract(
      name: "c", templates: ["night"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: 20)
    let employee = Employee(
      id: "E1", name: "E", contract: "c", skills: ["phone"], availableDays: Set(Weekday.allCases))
    let problem = SchedulingProblem(
      grid: grid, openingHours: allDay, dates: dates, channels: [phone], requirements: requirements,
      templates: [template], contracts: [contract], employees: [employee], rules: LabourRules(),
      cyclic: cyclic)
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions())
    if cyclic {
      #expect(plan.shifts.map(\.shift.date) == [dates[1]])
      #expect(plan.shifts.allSatisfy { $0.shift.start <= 21 * 60 && $0.shift.end > 1440 + 4 * 60 })
      #expect((plan.shortfallHours["phone"] ?? 0) < 1e-9)
      let roster = try EmployeeAssignment.assign(plan, problem: problem, options: SolverOptions()).roster
      #expect(roster.cyclicPeriod == dates[0]...dates[1])
      #expect(RosterCost(roster, problem: problem).liveShortfall < 1e-9)
    } else {
      // Nothing can reach the first morning: a shift may not run past the plan's end either.
      #expect(plan.shifts.isEmpty)
      #expect(abs((plan.shortfallHours["phone"] ?? 0) - 4) < 1e-9)
    }
  }
}
