import RotaCore
import Testing

@testable import Scheduling

/// The cost of a plan recomputed from its shifts alone, sharing no code with the planner (the
/// rules of roster-bench's checker): coverage per slot, wrapped on a cyclic horizon.
struct RecomputedPlan {
  var objective = 0.0
  var coverage: [Int]
  var problems: [String] = []

  init(_ plan: CoveragePlan, _ problem: CoverageProblem) {
    let slots = problem.slotCount
    coverage = Array(repeating: 0, count: slots)
    var labour = 0.0
    func place(_ name: String, day: Int, start: Int, breakOffset: Int?, count: Int) {
      guard let template = problem.templates.first(where: { $0.name == name }) else {
        problems.append("unknown template \(name)")
        return
      }
      let first = day * problem.slotsPerDay + start / problem.slotMinutes
      if !template.startSlots.contains(start / problem.slotMinutes) {
        problems.append("\(name) start \(start)")
      }
      if !problem.cyclic && first + template.lengthSlots > slots {
        problems.append("\(name) ends after the horizon")
      }
      let away = breakOffset.map { $0 / problem.slotMinutes }
      if (away == nil) != template.breakOffsets.isEmpty
        || away.map({ !template.breakOffsets.contains($0) }) == true
      {
        problems.append("\(name) break \(String(describing: breakOffset))")
      }
      for step in 0..<template.lengthSlots {
        if let away, step >= away && step < away + template.breakSlots { continue }
        coverage[(first + step) % slots] += count
      }
      labour += template.cost * Double(count)
    }
    for shift in plan.shifts {
      place(
        shift.template, day: shift.day, start: shift.startMinute, breakOffset: shift.breakOffsetMinutes,
        count: shift.count)
    }
    for agent in plan.agents {
      let working = (0..<problem.days).filter { !agent.daysOff.contains($0) }
      if let tours = problem.tours, working.count != tours.daysOn {
        problems.append("\(working.count) days on")
      }
      for day in working {
        place(
          agent.template, day: day, start: agent.startMinute, breakOffset: agent.breakOffsetMinutes[day],
          count: agent.count)
      }
    }
    objective = labour
    for (need, have) in zip(problem.required, coverage) {
      objective +=
        Double(max(0, need - have)) * problem.shortfallCost + Double(max(0, have - need))
        * problem.surplusCost
    }
  }
}

/// Small seeded problems of every shape the planner takes.
func smallProblem(seed: UInt64, cyclic: Bool, tours: Bool, limits: CoverageLimits = CoverageLimits())
  -> CoverageProblem
{
  var random = SeededGenerator(seed: seed)
  let days = tours ? 7 : 2
  let perDay = 24
  let required = (0..<(days * perDay)).map { slot -> Int in
    let hour = slot % perDay
    let base = hour >= 7 && hour < 22 ? 3 : (cyclic ? 1 : 0)
    return base + Int(random.uniform() * 3)
  }
  let starts = cyclic ? Array(stride(from: 0, to: 24, by: 2)) : Array(stride(from: 6, through: 14, by: 2))
  let templates = [
    CoverageTemplate(
      name: "F8", lengthSlots: 8, cost: 7.5 * 19.5, paidHours: 7.5, partTime: false, startSlots: starts,
      days: Set(0..<days), breakSlots: 1, breakOffsets: [3, 4]),
    CoverageTemplate(
      name: "P4", lengthSlots: 4, cost: 4 * 22.5, paidHours: 4, partTime: true,
      startSlots: starts.map { $0 + 1 },
      days: Set(0..<days)),
  ]
  return CoverageProblem(
    slotMinutes: 60, days: days, cyclic: cyclic, required: required, shortfallCost: 60, surplusCost: 1,
    templates: templates, tours: tours ? TourRule(daysOn: 5, daysOffWrap: true) : nil, limits: limits)
}

@Suite struct CoveragePlannerTests {
  struct Shape: Sendable, CustomTestStringConvertible {
    var cyclic: Bool
    var tours: Bool
    var limits: CoverageLimits
    var testDescription: String { "cyclic \(cyclic), tours \(tours), limits \(limits)" }
  }

  static let shapes: [Shape] = [
    Shape(cyclic: false, tours: false, limits: CoverageLimits()),
    Shape(cyclic: true, tours: false, limits: CoverageLimits()),
    Shape(cyclic: true, tours: false, limits: CoverageLimits(maxPartTimeShare: 0.2, maxShiftsPerDay: 9)),
    Shape(cyclic: false, tours: true, limits: CoverageLimits(maxHeadcount: 6)),
    Shape(cyclic: true, tours: true, limits: CoverageLimits(maxHeadcount: 12, maxPartTimeShare: 0.3)),
  ]

  /// The printed cost is the plan's cost recomputed from its shifts, every shift is one the
  /// rules allow, the limits hold, and the bound is below the cost.
  @Test(arguments: shapes)
  func thePrintedCostIsThePlansAndTheLimitsHold(_ shape: Shape) throws {
    for seed in [1, 2, 3] as [UInt64] {
      let problem = smallProblem(seed: seed, cyclic: shape.cyclic, tours: shape.tours, limits: shape.limits)
      let plan = try CoveragePlanner.plan(problem, options: SolverOptions(timeLimit: 30, relativeGap: 0))
      let recomputed = RecomputedPlan(plan, problem)
      #expect(recomputed.problems.isEmpty, "\(recomputed.problems)")
      #expect(abs(recomputed.objective - plan.objective) < 1e-6)
      let bound = try #require(plan.bound)
      #expect(bound <= plan.objective + 1e-6)
      let units = shape.tours ? plan.agents.map(\.count) : plan.shifts.map(\.count)
      let partTime =
        shape.tours
        ? plan.agents.filter { $0.template == "P4" }.map(\.count)
        : plan.shifts.filter { $0.template == "P4" }.map(\.count)
      let all = units.reduce(0, +)
      if let most = shape.limits.maxHeadcount { #expect(all <= most) }
      if let share = shape.limits.maxPartTimeShare {
        #expect(Double(partTime.reduce(0, +)) <= share * Double(all) + 1e-9)
      }
      if let most = shape.limits.maxShiftsPerDay {
        for day in 0..<problem.days {
          #expect(plan.shifts.filter { $0.day == day }.map(\.count).reduce(0, +) <= most)
        }
      }
    }
  }

  /// A night shift on the last day of a cyclic week covers the first day's early hours; on a
  /// horizon that does not wrap it may not start at all.
  @Test func aSundayNightShiftCoversMondayMorningOnlyInACyclicWeek() throws {
    var required = Array(repeating: 0, count: 48)
    for slot in [22, 23, 46, 47, 0, 1, 2, 3, 4, 5] { required[slot] = 1 }
    let night = CoverageTemplate(
      name: "N8", lengthSlots: 8, cost: 100, paidHours: 8, partTime: false, startSlots: [22], days: [0, 1])
    var problem = CoverageProblem(
      slotMinutes: 60, days: 2, cyclic: true, required: required, shortfallCost: 40, surplusCost: 0,
      templates: [night])
    let wrapped = try CoveragePlanner.plan(problem)
    // Monday night covers two needed hours (80 saved for 100), Sunday night eight.
    #expect(wrapped.shifts.map(\.day).sorted() == [1], "Sunday night's shift is the one worth working")
    #expect(wrapped.shortSlots == 2 && abs(wrapped.objective - 180) < 1e-9)
    problem.cyclic = false
    let open = try CoveragePlanner.plan(problem)
    #expect(open.shifts.allSatisfy { $0.day == 0 }, "a shift may not end after a horizon that does not wrap")
    #expect(RecomputedPlan(open, problem).problems.isEmpty)
  }

  /// On problems small enough to try every plan, the planner's plan is the cheapest and its
  /// bound lies below it.
  @Test(arguments: [11, 12, 13, 14] as [UInt64])
  func theBestPlanOfATinyProblem(_ seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    // At most 2 agents a slot: then no plan with 3 alike shifts is cheapest (one fewer saves its
    // cost and leaves every slot it covers at 2 or more), so counts of 0 to 2 find the best.
    let required = (0..<10).map { _ in Int(random.uniform() * 3) }
    let templates = [
      CoverageTemplate(
        name: "L", lengthSlots: 5, cost: 40, paidHours: 5, partTime: false, startSlots: [0, 2, 4, 5],
        days: [0], breakSlots: 1, breakOffsets: [1, 3]),
      CoverageTemplate(
        name: "S", lengthSlots: 3, cost: 28, paidHours: 3, partTime: true, startSlots: [1, 4, 7], days: [0]),
    ]
    let problem = CoverageProblem(
      slotMinutes: 144, days: 1, cyclic: false, required: required, shortfallCost: 15, surplusCost: 2,
      templates: templates)
    let plan = try CoveragePlanner.plan(problem, options: SolverOptions(relativeGap: 0))
    // Every plan: per (template, start, break) a count of 0 to 2.
    var options: [(template: CoverageTemplate, start: Int, away: Int?)] = []
    for template in templates {
      for start in template.startSlots where start + template.lengthSlots <= 10 {
        if template.breakOffsets.isEmpty { options.append((template, start, nil)) }
        for away in template.breakOffsets { options.append((template, start, away)) }
      }
    }
    var best = Double.infinity
    var counts = Array(repeating: 0, count: options.count)
    while true {
      var coverage = Array(repeating: 0, count: 10)
      var cost = 0.0
      for (option, count) in zip(options, counts) where count > 0 {
        cost += option.template.cost * Double(count)
        for step in 0..<option.template.lengthSlots where step != option.away {
          coverage[option.start + step] += count
        }
      }
      for (need, have) in zip(required, coverage) {
        cost += Double(max(0, need - have)) * 15 + Double(max(0, have - need)) * 2
      }
      best = min(best, cost)
      guard let next = counts.indices.first(where: { counts[$0] < 2 }) else { break }
      counts[next] += 1
      for index in 0..<next { counts[index] = 0 }
    }
    #expect(abs(plan.objective - best) < 1e-6, "planner \(plan.objective), best of all plans \(best)")
    #expect(try #require(plan.bound) <= best + 1e-6)
  }

  /// The same problem gives the same plan.
  @Test func theSameProblemGivesTheSamePlan() throws {
    let problem = smallProblem(
      seed: 5, cyclic: true, tours: true, limits: CoverageLimits(maxPartTimeShare: 0.3))
    let first = try CoveragePlanner.plan(problem)
    let second = try CoveragePlanner.plan(problem)
    #expect(first.agents == second.agents && first.objective == second.objective)
  }

  /// A tiny time limit or a node limit of one still gives a plan, with a bound when the LP
  /// was solved.
  @Test(arguments: [
    SolverOptions(timeLimit: 0.001), SolverOptions(nodeLimit: 1), SolverOptions(relativeGap: 0),
  ])
  func limitsStillGiveAPlan(_ options: SolverOptions) throws {
    let problem = smallProblem(seed: 9, cyclic: true, tours: false)
    let plan = try CoveragePlanner.plan(problem, options: options)
    #expect(RecomputedPlan(plan, problem).problems.isEmpty)
    #expect(abs(RecomputedPlan(plan, problem).objective - plan.objective) < 1e-6)
    if let bound = plan.bound { #expect(bound <= plan.objective + 1e-6) }
  }

  /// Slots that do not divide a day, no days, and a requirement of the wrong length.
  @Test(arguments: [(60, 2, 47), (7, 1, 24), (60, 0, 0)] as [(Int, Int, Int)])
  func badShapesAreRefused(_ minutes: Int, _ days: Int, _ count: Int) {
    let problem = CoverageProblem(
      slotMinutes: minutes, days: days, cyclic: false, required: Array(repeating: 1, count: count),
      shortfallCost: 1, surplusCost: 0, templates: [])
    #expect(throws: CoverageProblemError.self) { try CoveragePlanner.plan(problem) }
  }
}

@Suite struct GLPKTimeLimitTests {
  /// GLPK aborts the process on a negative time limit; every limit reaching it is at least 1 ms.
  @Test(
    arguments: [
      (-13.0, 1), (0, 1), (.nan, 1), (0.0004, 1), (2.5, 2500), (.infinity, Int32.max), (-.infinity, 1),
      (1e12, Int32.max),
    ] as [(Double, Int32)])
  func limitsAreClamped(_ seconds: Double, _ expected: Int32) {
    #expect(MIPSolver.milliseconds(seconds) == expected)
  }
}
