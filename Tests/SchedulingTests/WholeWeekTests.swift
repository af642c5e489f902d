import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// Whole weeks: the weeks a contract with guaranteed days may be given, and their realisation
/// by the shift plan and the assignment.
@Suite struct WholeWeekTests {
  let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]

  func contract(minDays: Int, maxDays: Int = 5, optional: Bool = false) -> Contract {
    var contract = Contract(
      name: "c", templates: ["t"], maxDaysPerWeek: maxDays, maxMinutesPerWeek: 2400, hourlyWage: 20)
    contract.minDaysPerWeek = minDays
    contract.optional = optional
    return contract
  }

  struct WeekCase: Sendable, CustomTestStringConvertible {
    var available: [Bool]
    var minDays: Int
    var maxDays: Int
    var together: Int
    /// The number of weeks, checked against a count by hand, and the days each must work.
    var weeks: Int
    var least: Int
    var testDescription: String { "\(available.map { $0 ? 1 : 0 }) \(minDays)-\(maxDays) off \(together)" }
  }

  @Test(arguments: [
    // Five on, two off together on a repeating week: the pair off starts on any of 7 days.
    WeekCase(
      available: Array(repeating: true, count: 7), minDays: 5, maxDays: 5, together: 2, weeks: 7, least: 5),
    // Any two days off: C(7,2) = 21 weeks.
    WeekCase(
      available: Array(repeating: true, count: 7), minDays: 5, maxDays: 5, together: 1, weeks: 21, least: 5),
    // On leave Wednesday: the pair off must hold it, Tue–Wed or Wed–Thu.
    WeekCase(
      available: [true, true, false, true, true, true, true], minDays: 5, maxDays: 5, together: 2, weeks: 2,
      least: 5),
    // Four or five days with two off together: the 7 five-day weeks, and of the C(7,3) = 35
    // sets of three days off all but the 7 with no two of them adjacent round the week.
    WeekCase(
      available: Array(repeating: true, count: 7), minDays: 4, maxDays: 5, together: 2, weeks: 7 + 28,
      least: 4),
    // On leave four days: only three days are left, so three it is.
    WeekCase(
      available: [true, true, true, false, false, false, false], minDays: 5, maxDays: 5, together: 2,
      weeks: 1,
      least: 3),
  ])
  func weeksOfAContractWithGuaranteedDays(_ example: WeekCase) {
    var rules = LabourRules()
    rules.daysOffTogether = example.together
    let (weeks, least) = TourGroup.weeks(
      available: example.available, rules: rules, weekdays: weekdays,
      contract: contract(minDays: example.minDays, maxDays: example.maxDays))
    #expect(least == example.least)
    #expect(weeks.count == example.weeks)
    for week in weeks {
      #expect(week.filter { $0 }.count >= least && week.filter { $0 }.count <= example.maxDays)
      #expect(zip(week, example.available).allSatisfy { !$0.0 || $0.1 })
      #expect(rules.allows(week, weekdays: weekdays, maxDays: example.maxDays))
    }
  }

  @Test func withoutGuaranteedDaysTheWidestWeeksAreKept() {
    var rules = LabourRules()
    rules.daysOffTogether = 2
    let all = Array(repeating: true, count: 7)
    let (weeks, least) = TourGroup.weeks(
      available: all, rules: rules, weekdays: weekdays, contract: contract(minDays: 0))
    #expect(least == 0)
    #expect(weeks == TourGroup.widestWeeks(available: all, rules: rules, weekdays: weekdays, maxDays: 5))
  }

  @Test func anOptionalContractPaysNoIdleDays() {
    #expect(contract(minDays: 5, optional: true).guaranteedDays(available: 7) == 0)
    #expect(contract(minDays: 5).guaranteedDays(available: 7) == 5)
    #expect(contract(minDays: 5).guaranteedDays(available: 3) == 3)
  }

  /// Two agents needed 08:00–16:00 every day of a repeating week, and five people guaranteed
  /// five days each with two off together: the plan's tours are whole, the roster gives each
  /// rostered person exactly five days at one start, and nobody is short while anyone works.
  /// A repeating week open 06:00–20:00, two agents needed 08:00–16:00 every day, one
  /// 8-hour template starting 07:00–09:00, `people` on a contract of five whole days at one
  /// start.
  func problem(people count: Int) -> SchedulingProblem {
    let grid = TimeGrid(timeZone: TimeZone(identifier: "UTC")!, intervalMinutes: 60)!
    let monday = LocalDate(iso: "2026-12-07")!
    let dates = (0..<7).map { monday.adding(days: $0) }
    let open = OpeningHours(
      ranges: Dictionary(
        uniqueKeysWithValues: Weekday.allCases.map {
          ($0, [TimeRange(open: TimeOfDay("06:00")!, close: TimeOfDay("20:00")!)!])
        }))
    let phone = Channel(name: "phone", kind: .phone, handlingSeconds: 300, shortfallCostPerHour: 200)
    let template = ShiftTemplate(
      name: "t", lengthMinutes: 480, earliestStart: 420, latestStart: 540, startStepMinutes: 60,
      days: Set(Weekday.allCases), breaks: [])
    let needs = dates.flatMap { date in
      grid.intervals(on: date).filter { (480..<960).contains($0.start.minuteOfDay) }.map {
        Requirement(interval: $0, channel: "phone", forecast: 10, netAgents: 2, grossAgents: 2)
      }
    }
    let people = (1...count).map {
      Employee(
        id: "E\($0)", name: "E\($0)", contract: "c", skills: ["phone"], availableDays: Set(Weekday.allCases))
    }
    var rules = LabourRules(minRestMinutes: 0, daysOffTogether: 2, maxStartVariationMinutes: 0)
    rules.pay = PayRules()
    let problem = SchedulingProblem(
      grid: grid, openingHours: open, dates: dates, channels: [phone], requirements: needs,
      templates: [template],
      contracts: [contract(minDays: 5)], employees: people, rules: rules, cyclic: true)
    return problem
  }

  @Test func thePlanAndTheRosterKeepWholeWeeks() throws {
    let problem = problem(people: 5)
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions(nodeLimit: 100))
    #expect(plan.tours.allSatisfy { $0.leastDays == 5 && $0.week.filter { $0 }.count == 5 })
    // Fourteen shifts at 08:00 are needed; five people give at most 25 days.
    #expect(plan.shifts.reduce(0) { $0 + $1.count } == plan.tours.reduce(0) { $0 + 5 * $1.count })
    let (roster, _) = try EmployeeAssignment.assign(
      plan, problem: problem, options: SolverOptions(nodeLimit: 100))
    let byPerson = Dictionary(grouping: roster.assignments, by: \.employeeID)
    #expect(!byPerson.isEmpty)
    for (person, shifts) in byPerson {
      #expect(Set(shifts.map(\.shift.date)).count == 5, "\(person)")
      #expect(Set(shifts.map(\.shift.start)).count == 1, "\(person)")
    }
    // The certificate's idle days are the whole weeks of those not rostered.
    let cost = RosterCost(roster, problem: problem)
    #expect(cost.idleDays == Double(5 - byPerson.count) * 5 * contract(minDays: 5).idleDayCost)
  }
}
