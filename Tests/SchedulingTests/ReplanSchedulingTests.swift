import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// What a mid-week re-plan asks of the scheduler: pinned shifts use up their people's days,
/// no new shift starts before the re-plan time, and a published shift kept saves its change.
@Suite struct ReplanSchedulingTests {
  typealias Base = PinnedShiftsTests

  /// Monday's early need and Tuesday's late one, with the pin: two shifts wanted.
  static func problem(maxDays: Int) -> SchedulingProblem {
    var problem = Base.problem()
    for index in problem.contracts.indices { problem.contracts[index].maxDaysPerWeek = maxDays }
    return problem
  }

  @Test func aPinTakesItsEmployeesDayFromThePlan() throws {
    // One day a week each: E2's is the pinned late on Monday, so only E1 is left, for one of
    // the two shifts wanted. The plan asks for one, not two, and nothing is left open.
    let problem = Self.problem(maxDays: 1)
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions())
    #expect(plan.shifts.reduce(0) { $0 + $1.count } == 1)
    let (roster, _) = try EmployeeAssignment.assign(plan, problem: problem, options: SolverOptions())
    #expect(roster.openShifts.isEmpty)
    #expect(roster.assignments.contains(problem.pinned[0]))
    #expect(roster.assignments.filter { $0.employeeID == "E1" }.count == 1)
  }

  @Test func noNewShiftStartsBeforeTheReplanTime() throws {
    var problem = Self.problem(maxDays: 5)
    problem.newShiftsFrom = LocalDateTime(date: Base.tuesday, minuteOfDay: 0)
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions())
    #expect(!plan.shifts.isEmpty)
    #expect(plan.shifts.allSatisfy { $0.shift.date == Base.tuesday })
    // Monday's need goes short rather than starting a shift in the past.
    #expect((plan.shortfallHours["phone"] ?? 0) >= 8 - 1e-6)
  }

  /// Tuesday's late shift was published for E2 (wage 30); E1 (wage 20) could take it for 80
  /// less. Kept when a change costs more than that, moved when it costs less.
  @Test(arguments: [(100.0, "E2"), (50.0, "E1")])
  func aPublishedShiftIsKeptWhenChangingItCostsMore(changeCost: Double, expected: String) throws {
    var problem = Self.problem(maxDays: 5)
    problem.pinned = []
    let late = Base.shift(Base.tuesday, Base.templates[1])
    problem.published = [RosteredShift(employeeID: "E2", shift: late)]
    problem.changeCost = changeCost
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions())
    let (roster, _) = try EmployeeAssignment.assign(plan, problem: problem, options: SolverOptions())
    #expect(roster.assignments.first { $0.shift == late }?.employeeID == expected)
    // The bound stays below the roster's cost, discounts and all.
    #expect(try #require(plan.solution.bound) <= RosterCost(roster, problem: problem).total + 1e-6)
  }
}
