import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// The shift plan's primal heuristics: neighbourhood models, break shares, LP rounding and
/// the certificate they leave when the search budget is tiny.
@Suite struct PlanHeuristicsTests {
  /// A small integer program, solved once with a column fixed by its bounds and once as the
  /// model restricted to the other columns: both must reach the same optimum and the
  /// restricted answer, expanded, must be feasible for the whole model.
  @Test func aRestrictedModelHasTheOptimumOfFixingTheRest() throws {
    var model = MIPModel(sense: .minimize)
    let x = (0..<3).map { model.addVariable("x\($0)", kind: .integer, upper: 3, cost: [-1.0, -2, -3][$0]) }
    let y = model.addVariable("y", upper: 10, cost: 1)
    model.addConstraint("cap", terms: x.map { ($0, 1) }, upper: 4)
    model.addConstraint("link", terms: [(x[2], 1), (y, -1)], upper: 0.5)
    model.addConstraint("pair", terms: [(x[0], 1), (x[1], 1)], lower: 1)
    var start = Array(repeating: 0.0, count: model.variables.count)
    start[x[0]] = 2
    var fixed = model
    fixed.fix(x[0], lower: 2, upper: 2)
    let whole = try MIPSolver.solve(fixed, options: SolverOptions(relativeGap: 0))
    let kept = [x[1], x[2], y]
    let sub = model.restricted(to: kept, at: start)
    #expect(sub.variables.count == 3)
    let part = try MIPSolver.solve(sub, options: SolverOptions(relativeGap: 0))
    let wholeObjective = try #require(whole.objective)
    let partObjective = try #require(part.objective)
    #expect(abs(wholeObjective - partObjective) < 1e-9)
    var expanded = start
    for (index, column) in kept.enumerated() { expanded[column] = part.values[index] }
    #expect(model.firstViolation(expanded) == nil)
    #expect(abs(model.objective(of: expanded) - partObjective) < 1e-9)
  }

  static let monday = LocalDate(iso: "2026-12-07")!

  /// One shift column with one break of three starts in columns 1…3.
  static let column = ShiftColumn(
    shift: Shift(date: monday, template: "t", channel: "phone", start: 480, end: 960, breaks: []),
    contract: "std", column: 0, breaks: [[(60, 1), (90, 2), (120, 3)]],
    rules: [BreakRule(name: "lunch", minutes: 30, paid: false, earliestAfterStart: 60, latestAfterStart: 120)]
  )

  struct BreakCase: Sendable, CustomTestStringConvertible {
    var lp: [Double]
    var count: Double
    var whole: Bool
    var shares: [Double]
    var testDescription: String { "\(lp) → \(count)\(whole ? " whole" : "")" }
  }

  static let breakCases: [BreakCase] = [
    BreakCase(lp: [0.6, 0.3, 0.1], count: 3, whole: false, shares: [1.8, 0.9, 0.3]),
    BreakCase(lp: [0.6, 0.3, 0.1], count: 3, whole: true, shares: [2, 1, 0]),
    BreakCase(lp: [0, 0, 0], count: 3, whole: true, shares: [1, 1, 1]),
    BreakCase(lp: [0, 0, 0], count: 2, whole: false, shares: [2.0 / 3, 2.0 / 3, 2.0 / 3]),
    BreakCase(lp: [1, 4, 1], count: 0, whole: true, shares: [0, 0, 0]),
  ]

  @Test(arguments: breakCases)
  func breakSharesFollowTheLP(_ example: BreakCase) {
    let (lp, count, whole, shares) = (example.lp, example.count, example.whole, example.shares)
    var values = [0.7] + lp
    Self.column.setCount(count, &values, whole: whole)
    #expect(values[0] == count)
    for (value, share) in zip(values.dropFirst(), shares) { #expect(abs(value - share) < 1e-9) }
    #expect(abs(values.dropFirst().reduce(0, +) - count) < 1e-9)
  }

  /// A week with a morning and an evening peak, two templates with breaks, and nine people with
  /// a five-day week with two days off together and at most one weekend day: the LP is fractional and branch-and-cut has work to do.
  func week() -> SchedulingProblem {
    let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
    let open = OpeningHours(
      ranges: Dictionary(
        uniqueKeysWithValues: Weekday.allCases.map {
          ($0, [TimeRange(open: TimeOfDay("07:00")!, close: TimeOfDay("21:00")!)!])
        }))
    let lunch = BreakRule(
      name: "lunch", minutes: 30, paid: false, earliestAfterStart: 180, latestAfterStart: 300)
    let rest = BreakRule(name: "rest", minutes: 15, paid: true, earliestAfterStart: 90, latestAfterStart: 180)
    let templates = [
      ShiftTemplate(
        name: "long", lengthMinutes: 510, earliestStart: 420, latestStart: 750, startStepMinutes: 30,
        days: Set(Weekday.allCases), breaks: [lunch]),
      ShiftTemplate(
        name: "short", lengthMinutes: 270, earliestStart: 420, latestStart: 990, startStepMinutes: 30,
        days: Set(Weekday.allCases), breaks: [rest]),
    ]
    let dates = (0..<7).map { Self.monday.adding(days: $0) }
    var requirements: [Requirement] = []
    for (day, date) in dates.enumerated() {
      for interval in grid.intervals(on: date) {
        let minute = interval.start.minuteOfDay
        guard minute >= 420, minute < 1260 else { continue }
        let peak = (minute >= 600 && minute < 720) || (minute >= 1020 && minute < 1140)
        let agents = (peak ? 3 : 1) + (minute / 30 + day) % 2
        requirements.append(
          Requirement(
            interval: interval, channel: "phone", forecast: 10, netAgents: agents, grossAgents: agents))
      }
    }
    let contract = Contract(
      name: "std", templates: ["long", "short"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: 20)
    let people = (1...9).map {
      Employee(
        id: "E\($0)", name: "Agent \($0)", contract: "std", skills: ["phone"],
        availableDays: Set(Weekday.allCases))
    }
    return SchedulingProblem(
      grid: grid, openingHours: open, dates: dates,
      channels: [Channel(name: "phone", kind: .phone, handlingSeconds: 300, shortfallCostPerHour: 200)],
      requirements: requirements, templates: templates, contracts: [contract], employees: people,
      rules: LabourRules(maxConsecutiveDays: 4, maxWeekendDays: 1, daysOffTogether: 2))
  }

  /// With one node per search, relax-and-fix never finds an integer answer: its LP rounding
  /// must still give a plan close to the bound, and the roster made from it must cost no less
  /// than that bound (the certificate holds whatever the budget).
  @Test(arguments: [1, 4, 400])
  func anyNodeBudgetGivesAPlanAndATrueBound(_ nodes: Int) throws {
    let problem = week()
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions(timeLimit: 60, nodeLimit: nodes))
    #expect(plan.solution.status.hasSolution)
    let objective = try #require(plan.solution.objective)
    let bound = try #require(plan.solution.bound)
    #expect(bound <= objective + 1e-6)
    #expect((objective - bound) / objective < 0.05, "plan \(objective) against bound \(bound)")
    let (roster, _) = try EmployeeAssignment.assign(
      plan, problem: problem, options: SolverOptions(nodeLimit: nodes))
    let cost = RosterCost(roster, problem: problem)
    #expect(cost.total >= bound - 1e-6)
    #expect(!roster.assignments.isEmpty)
  }

  /// Rerouting is a maximum flow: shift A may use either slot, B only the first; routed in
  /// order, A takes the first slot and B must push it to the second. With one slot's room
  /// gone the day cannot be routed.
  @Test(arguments: [(1.0, true), (0.0, false)])
  func reroutingFindsARoutingWheneverOneExists(_ secondRoom: Double, _ routable: Bool) {
    var model = MIPModel(sense: .minimize)
    let (shiftA, shiftB) = (model.addVariable("a", kind: .integer), model.addVariable("b", kind: .integer))
    let (a1, a2, b1) = (model.addVariable("a1"), model.addVariable("a2"), model.addVariable("b1"))
    let (room1, room2) = (model.addVariable("t1", kind: .integer), model.addVariable("t2", kind: .integer))
    model.addConstraint("route a", terms: [(shiftA, 1), (a1, -1), (a2, -1)], upper: 0)
    model.addConstraint("route b", terms: [(shiftB, 1), (b1, -1)], upper: 0)
    model.addConstraint("slot 1", terms: [(a1, 1), (b1, 1), (room1, -1)], upper: 0)
    model.addConstraint("slot 2", terms: [(a2, 1), (room2, -1)], upper: 0)
    let plan = PlanColumns(
      shifts: [], tours: [],
      routes: [
        ShiftRoutes(date: Self.monday, row: 0, slots: [(a1, 2), (a2, 3)]),
        ShiftRoutes(date: Self.monday, row: 1, slots: [(b1, 2)]),
      ], backlogs: [], coverRows: [])
    var values = Array(repeating: 0.0, count: model.variables.count)
    values[shiftA] = 1
    values[shiftB] = 1
    values[room1] = 1
    values[room2] = secondRoom
    #expect(plan.reroute(&values, on: Self.monday, in: model) == routable)
    if routable {
      #expect(model.firstViolation(values) == nil)
      #expect(values[a2] == 1 && values[b1] == 1 && values[a1] == 0)
    }
  }
}
