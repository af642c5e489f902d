import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// The search's stages on their own: relax-and-fix, the explanation of infeasible hard
/// coverage, and the pooled bound of the assignment's large-model path.
@Suite struct SearchStageTests {
  /// Two days of agents at 10 each, day 1 needing 2.5 and day 2 1.5, a shortfall at 100 a unit,
  /// and at most 4 agents over both days. By hand: (3, 1) and (2, 2) both cost 90, the optimum.
  /// Relax-and-fix makes day 1 whole with day 2 still continuous (x₁ = 2 costs 85 against 90
  /// for 3), then day 2 (x₂ = 2), and reaches 90.
  @Test func relaxAndFixMakesEachDayWholeInTurn() throws {
    var model = MIPModel(sense: .minimize)
    let x = (0..<2).map { model.addVariable("x\($0)", kind: .integer, upper: 10, cost: 10) }
    let short = (0..<2).map { model.addVariable("s\($0)", upper: 10, cost: 100) }
    for (day, need) in [2.5, 1.5].enumerated() {
      model.addConstraint("cover\(day)", terms: [(x[day], 1), (short[day], 1)], lower: need)
    }
    model.addConstraint("agents", terms: x.map { ($0, 1) }, upper: 4)
    let days = [LocalDate(iso: "2026-12-07")!, LocalDate(iso: "2026-12-08")!]
    let values = try #require(
      try ShiftPlanner.relaxAndFix(model, columns: x, days: days, options: SolverOptions()) { _, _, _ in nil }
    )
    #expect(model.firstViolation(values) == nil)
    #expect(x.allSatisfy { values[$0] == values[$0].rounded() })
    #expect(abs(model.objective(of: values) - 90) < 1e-9)
    let optimum = try MIPSolver.solve(model, options: SolverOptions(relativeGap: 0))
    #expect(abs(try #require(optimum.objective) - 90) < 1e-9)
  }

  let grid = TimeGrid(timeZone: TimeZone(identifier: "UTC")!, intervalMinutes: 60)!
  let monday = LocalDate(iso: "2026-12-07")!
  let phone = Channel(name: "phone", kind: .phone, handlingSeconds: 300, shortfallCostPerHour: 200)
  let day = ShiftTemplate(
    name: "day", lengthMinutes: 480, earliestStart: 480, latestStart: 480, startStepMinutes: 60,
    days: Set(Weekday.allCases), breaks: [])

  func problem(agents: Int, employees: Int) -> SchedulingProblem {
    let open = OpeningHours(
      ranges: Dictionary(
        uniqueKeysWithValues: Weekday.allCases.map {
          ($0, [TimeRange(open: TimeOfDay("08:00")!, close: TimeOfDay("16:00")!)!])
        }))
    let needs = grid.intervals(on: monday).filter { (480..<960).contains($0.start.minuteOfDay) }.map {
      Requirement(interval: $0, channel: "phone", forecast: 10, netAgents: agents, grossAgents: agents)
    }
    let contract = Contract(
      name: "std", templates: ["day"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: 20)
    let people = (1...employees).map {
      Employee(
        id: "E\($0)", name: "E\($0)", contract: "std", skills: ["phone"], availableDays: Set(Weekday.allCases)
      )
    }
    return SchedulingProblem(
      grid: grid, openingHours: open, dates: [monday], channels: [phone], requirements: needs,
      templates: [day],
      contracts: [contract], employees: people, rules: LabourRules())
  }

  /// Three agents needed all day and two people: with hard coverage there is no plan, and the
  /// explanation names the day, the peak and how many people are short.
  @Test func infeasibleHardCoverageIsExplainedInThePlannersWords() throws {
    var problem = problem(agents: 3, employees: 2)
    problem.rules.coverageIsHard = true
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions())
    #expect(plan.solution.status == .infeasible)
    #expect(plan.shifts.isEmpty)
    #expect(
      plan.conflicts.contains { $0.contains("needs 3 agents on phone") && $0.contains("2 employees") },
      "\(plan.conflicts)")
    // With soft coverage the same week has a plan: two shifts and a priced shortfall.
    problem.rules.coverageIsHard = false
    let soft = try ShiftPlanner.plan(problem, options: SolverOptions())
    #expect(soft.conflicts.isEmpty && soft.shifts.map(\.count) == [2])
  }

  /// The pooled bound of the assignment's large-model path: with people enough it is the
  /// shifts' pay (3 × 8 h × 20 = 480); with one person for three shifts of one day, one is paid
  /// and two are open at the open-shift price (2 × 8 h × 1000).
  @Test(arguments: [(3, 480.0), (1, 160.0 + 2 * 8 * 1000)])
  func thePooledBoundPricesWhatThePeopleCannotTake(_ employees: Int, _ expected: Double) throws {
    let problem = problem(agents: 3, employees: employees)
    let shift = Shift(date: monday, template: "day", channel: "phone", start: 480, end: 960, breaks: [])
    let open = EmployeeAssignment.openShiftCostPerHour * 8
    let bound = try #require(
      try EmployeeAssignment.aggregateBound([(shift, 3)], problem: problem, openCost: [open]))
    #expect(abs(bound - expected) < 1e-6)
    // It bounds the assignment's own answer.
    let plan = ShiftPlan(
      shifts: [(shift, 3)], solution: MIPSolution(status: .optimal, values: [], seconds: 0),
      shortfallHours: [:])
    let (_, solution) = try EmployeeAssignment.assign(plan, problem: problem, options: SolverOptions())
    let cost = try #require(solution.objective)
    #expect(bound <= cost + 1e-6)
  }
}
