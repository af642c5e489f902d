import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// Pinned shifts: kept as they are, the rest planned around them, and a bound (the plan's for
/// what they leave, plus their pay) below every roster that keeps them.
@Suite struct PinnedShiftsTests {
  static let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 60)!
  static let monday = LocalDate(iso: "2026-12-07")!
  static let tuesday = monday.adding(days: 1)
  static let templates = [("early", 360), ("late", 900)].map { name, start in
    ShiftTemplate(
      name: name, lengthMinutes: 480, earliestStart: start, latestStart: start, startStepMinutes: 60,
      days: Set(Weekday.allCases), breaks: [])
  }
  static func shift(_ date: LocalDate, _ template: ShiftTemplate) -> Shift {
    Shift(
      date: date, template: template.name, channel: "phone", start: template.earliestStart,
      end: template.earliestStart + 480, breaks: [])
  }

  /// Two people (wages 20 and 30), Monday needing one early agent and Tuesday one late; the
  /// dearer one is pinned on Monday's late shift, which nobody needs.
  static func problem() -> SchedulingProblem {
    let open = OpeningHours(
      ranges: Dictionary(
        uniqueKeysWithValues: Weekday.allCases.map {
          ($0, [TimeRange(open: TimeOfDay("06:00")!, close: TimeOfDay("23:00")!)!])
        }))
    let phone = Channel(name: "phone", kind: .phone, handlingSeconds: 300, shortfallCostPerHour: 100)
    func needs(_ date: LocalDate, from: Int) -> [Requirement] {
      grid.intervals(on: date).filter { (from..<from + 480).contains($0.start.minuteOfDay) }.map {
        Requirement(interval: $0, channel: "phone", forecast: 10, netAgents: 1, grossAgents: 1)
      }
    }
    let contracts = [("cheap", 20.0), ("dear", 30.0)].map { name, wage in
      Contract(
        name: name, templates: ["early", "late"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: wage
      )
    }
    let employees = [("E1", "cheap"), ("E2", "dear")].map { id, contract in
      Employee(id: id, name: id, contract: contract, skills: ["phone"], availableDays: Set(Weekday.allCases))
    }
    var problem = SchedulingProblem(
      grid: grid, openingHours: open, dates: [monday, tuesday], channels: [phone],
      requirements: needs(monday, from: 360) + needs(tuesday, from: 900), templates: templates,
      contracts: contracts, employees: employees, rules: LabourRules(maxConsecutiveDays: 5))
    problem.pinned = [RosteredShift(employeeID: "E2", shift: shift(monday, templates[1]))]
    return problem
  }

  @Test func pinsAreKeptAndTheBoundHoldsForEveryRosterThatKeepsThem() throws {
    let problem = Self.problem()
    #expect(problem.pinConflicts().isEmpty)
    // Every roster the rules allow that keeps the pin: each person off, early or late each day.
    var best = Double.infinity
    let choices: [ShiftTemplate?] = [nil] + Self.templates
    for a in choices {
      for b in choices {
        for c in choices {
          let weeks: [(String, [ShiftTemplate?])] = [("E1", [a, b]), ("E2", [Self.templates[1], c])]
          var assignments: [RosteredShift] = []
          var keeps = true
          for (id, days) in weeks {
            let shifts = zip([Self.monday, Self.tuesday], days).compactMap { date, template in
              template.map { Self.shift(date, $0) }
            }
            if shifts.count == 2, shifts[1].start + 1440 - shifts[0].end < 660 { keeps = false }
            assignments += shifts.map { RosteredShift(employeeID: id, shift: $0) }
          }
          guard keeps else { continue }
          let roster = Roster(employees: problem.employees, assignments: assignments, openShifts: [])
          best = min(best, RosterCost(roster, problem: problem).total)
        }
      }
    }
    // E1 early on Monday and late on Tuesday (8 h each at 20), and the pinned late (8 h at 30).
    let expected: Double = 560
    #expect(best == expected)
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions())
    let bound = try #require(plan.solution.bound) + problem.pinnedPay
    #expect(bound <= best + 1e-6)
    let (roster, _) = try EmployeeAssignment.assign(plan, problem: problem, options: SolverOptions())
    #expect(roster.assignments.contains(problem.pinned[0]))
    #expect(roster.openShifts.isEmpty)
    let cost = RosterCost(roster, problem: problem).total
    #expect(cost >= bound - 1e-6)
    #expect(abs(cost - best) < 1e-6, "the roster is the best that keeps the pin")
  }

  @Test func pinsThatBreakTheRulesAreNamed() {
    var problem = Self.problem()
    // Late on Monday, then early on Tuesday: 6 h of rest.
    problem.pinned.append(RosteredShift(employeeID: "E2", shift: Self.shift(Self.tuesday, Self.templates[0])))
    #expect(problem.pinConflicts().contains { $0.hasPrefix("E2 on 2026-12-07") && $0.contains("rest") })
    problem.pinned = [
      RosteredShift(employeeID: "E9", shift: Self.shift(Self.monday, Self.templates[0])),
      RosteredShift(employeeID: "E1", shift: Self.shift(Self.monday.adding(days: 5), Self.templates[0])),
    ]
    let conflicts = problem.pinConflicts()
    #expect(conflicts.contains("E9: not an employee of the scenario"))
    #expect(conflicts.contains { $0.hasPrefix("E1 on 2026-12-12") && $0.contains("not in the plan") })
  }
}
