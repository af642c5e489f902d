import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// An email channel whose target is a share of tickets within the deadline prices only the
/// overdue work beyond the share's allowance, in the plan and in the roster's recomputed cost.
@Suite struct EmailShareTests {
  let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
  let monday = LocalDate(iso: "2026-12-07")!

  /// 8 agent-intervals of work arrive at 08:00, due by the 08:30 interval; one agent on a
  /// 08:00–12:00 shift (80 at 20/h) works one per interval, leaving 6, 5, 4, 3, 2, 1 overdue at
  /// the ends of 08:30–11:00: 21 agent-intervals overdue, each costing 10/h × 0.5 h. A share
  /// `s` lets `(1 − s) × 8` of them go unpriced. Without the agent all 8 stay overdue for 7
  /// intervals (56), which costs more at every share here. Expected: 80 + 5 × (21, 17, 15).
  @Test(arguments: [(1.0, 185.0), (0.5, 165.0), (0.25, 155.0)])
  func onlyOverdueWorkBeyondTheShareIsPriced(_ share: Double, _ expected: Double) throws {
    var email = Channel(
      name: "email", kind: .email, handlingSeconds: 300, deadlineSeconds: 3600, shortfallCostPerHour: 10)
    email.deadlineShare = share
    let intervals = grid.intervals(on: monday).filter {
      $0.start.minuteOfDay >= 480 && $0.start.minuteOfDay < 720
    }
    let requirements = intervals.enumerated().map { index, interval in
      Requirement(
        interval: interval, channel: "email", forecast: index == 0 ? 100 : 0, netAgents: 0, grossAgents: 0,
        work: index == 0 ? 8 : 0, due: index == 0 ? intervals[1] : interval)
    }
    let problem = oneAgentEmailProblem(
      grid: grid, date: monday, open: ("08:00", "12:00"), email: email, requirements: requirements)
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions())
    #expect(abs(try #require(plan.solution.objective) - expected) < 1e-6)
    let (roster, _) = try EmployeeAssignment.assign(plan, problem: problem, options: SolverOptions())
    #expect(roster.assignments.count == 1)
    let cost = RosterCost(roster, problem: problem)
    #expect(abs(cost.total - expected) < 1e-6)
    #expect(abs(cost.emailOverdue - (expected - 80)) < 1e-6)
    #expect(try #require(plan.solution.bound) <= cost.total + 1e-6)
  }
}

/// One Monday with one email channel and one employee at 20/h, whose only shift is 08:00–12:00.
func oneAgentEmailProblem(
  grid: TimeGrid, date: LocalDate, open: (String, String), email: Channel, requirements: [Requirement],
  cyclic: Bool = false
) -> SchedulingProblem {
  let template = ShiftTemplate(
    name: "four", lengthMinutes: 240, earliestStart: 480, latestStart: 480, startStepMinutes: 30,
    days: Set(Weekday.allCases), breaks: [])
  return SchedulingProblem(
    grid: grid,
    openingHours: OpeningHours(
      ranges: [.monday: [TimeRange(open: TimeOfDay(open.0)!, close: TimeOfDay(open.1)!)!]]),
    dates: [date], channels: [email], requirements: requirements, templates: [template],
    contracts: [
      Contract(name: "std", templates: ["four"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: 20)
    ],
    employees: [
      Employee(id: "E1", name: "A", contract: "std", skills: ["email"], availableDays: Set(Weekday.allCases))
    ], rules: LabourRules(), cyclic: cyclic)
}
