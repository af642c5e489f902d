/// A plan for a ``CoverageProblem``: the shifts (or tours) with their breaks, what they cost,
/// and a proven lower bound on every plan the problem allows.
public struct CoveragePlan: Sendable {
  /// Agents starting one template at one start on one day with one break.
  public struct PlannedShift: Sendable, Hashable {
    public var template: String
    public var day: Int
    /// Minutes after the day's midnight.
    public var startMinute: Int
    /// Minutes after the shift's start; nil for a shift without a break.
    public var breakOffsetMinutes: Int?
    public var count: Int
  }

  /// Agents working the same tour with the same breaks.
  public struct PlannedAgent: Sendable, Hashable {
    public var template: String
    public var startMinute: Int
    public var daysOff: [Int]
    /// Per day of the horizon: the break's offset after the start, nil on days off and for a
    /// template without a break.
    public var breakOffsetMinutes: [Int?]
    public var count: Int
  }

  public var shifts: [PlannedShift] = []
  public var agents: [PlannedAgent] = []
  /// Labour plus priced shortfall and surplus, recomputed from the shifts.
  public var objective: Double
  public var labourCost: Double
  /// Agent-slots short and over.
  public var shortSlots: Int
  public var overSlots: Int
  /// A lower bound on the objective of every plan (nil when no LP could be solved).
  public var bound: Double?
  public var status: SolveStatus
  public var seconds: Double
  /// Each stage with the plan's cost after it and the seconds since the start.
  public var stages: [(name: String, objective: Double, seconds: Double)] = []

  /// `(objective − bound) / objective`, how far the plan may be from the best.
  public var gap: Double? {
    guard let bound else { return nil }
    return objective > 0 ? max(0, objective - bound) / objective : 0
  }
}

/// Plans a ``CoverageProblem`` so that a plan always comes back: the LP relaxation gives the
/// bound and a start (rounded down, over-limit parts taken away), local search improves it,
/// and branch-and-cut gets it as its first incumbent and a share of the budget to improve
/// either side. Every stage keeps the best plan so far; node and pass limits, not the clock,
/// stop the stages, so the same problem gives the same plan.
public enum CoveragePlanner {
  /// Passes of local search at most, before and after branch-and-cut.
  static let searchPasses = 200

  public static func plan(_ problem: CoverageProblem, options: SolverOptions = SolverOptions())
    throws(CoverageProblemError) -> CoveragePlan
  {
    try problem.validate()
    let clock = ContinuousClock.now
    func remaining() -> Double { max(0.05, options.timeLimit - (ContinuousClock.now - clock).seconds) }
    let model = CoverageModel(problem)
    let costs = CoverageCosts(model)

    var stages: [(name: String, objective: Double, seconds: Double)] = []
    func record(_ name: String, _ state: CoverageState) {
      stages.append((name, state.objective(costs), (ContinuousClock.now - clock).seconds))
    }
    var relaxed = model.model
    relaxed.relaxIntegrality()
    var bound: Double?
    var state = CoverageState(model)
    if let lp = try? MIPSolver.solve(
      relaxed, options: SolverOptions(timeLimit: remaining() * 0.6, verbose: options.verbose)),
      lp.status == .optimal, let objective = lp.objective
    {
      bound = objective
      state = rounded(model, costs, values: lp.values)
      stages.append(("LP bound", objective, (ContinuousClock.now - clock).seconds))
    }
    repairLimits(model, costs, &state)
    record("LP rounded down", state)
    var search = CoverageSearch(model, state: state)
    search.improve(passes: searchPasses)
    record("local search", search.state)
    state = search.state
    let deadline = clock + .seconds(options.timeLimit * 0.8)
    fixAndOptimize(model, costs, &state, options: options, deadline: deadline)
    search.state = state
    search.improve(passes: searchPasses)
    record("fix-and-optimise", search.state)
    var best = search.state
    var status = SolveStatus.heuristic

    let gap = bound.map { max(0, best.objective(costs) - $0) / max(best.objective(costs), 1e-9) } ?? 1
    if gap > options.relativeGap, options.nodeLimit != 0, remaining() > 0.05 * options.timeLimit {
      var treeOptions = options
      treeOptions.timeLimit = min(remaining() * 0.8, 0.08 * options.timeLimit)
      treeOptions.startingSolution = model.values(of: best)
      treeOptions.nodeLimit = options.nodeLimit ?? 200
      if let tree = try? MIPSolver.solve(model.model, options: treeOptions), tree.status.hasSolution {
        if let treeBound = tree.bound { bound = max(bound ?? treeBound, treeBound) }
        status = tree.status
        var improved = CoverageSearch(model, state: rounded(model, costs, values: tree.values))
        improved.improve(passes: searchPasses)
        if improved.state.keepsLimits(problem), improved.state.objective(costs) < best.objective(costs) {
          best = improved.state
        }
        record("branch-and-cut", best)
      }
    } else if bound != nil {
      status = .withinGap
    }
    var plan = result(
      model, costs, best, bound: bound, status: status, seconds: (ContinuousClock.now - clock).seconds)
    plan.stages = stages
    return plan
  }

  /// The plan the columns' `values` round down to: each free group's or tour's count rounded
  /// down, its breaks placed where the values put most of them; the rest as in `base`.
  static func rounded(
    _ model: CoverageModel, _ costs: CoverageCosts, values: [Double], base: CoverageState? = nil
  ) -> CoverageState {
    func whole(_ value: Double) -> Int { max(0, Int((value + 1e-6).rounded(.down))) }
    let touring = model.problem.tours != nil
    var state = base ?? CoverageState(model)
    for (group, free) in model.free.enumerated() where free {
      for (choice, agents) in state.breakCount[group].enumerated() {
        for _ in 0..<agents {
          state.change(model, costs, group: group, choice: choice, by: -1, countsShift: !touring)
        }
      }
    }
    var counts = Array(repeating: 0, count: model.groups.count)
    if touring {
      for (tour, column) in model.tourColumn.enumerated() {
        guard let column else { continue }
        let partTime = model.problem.templates[model.tours[tour].template].partTime
        let count = whole(values[column])
        state.counted += count - state.tourCount[tour]
        if partTime { state.partTime += count - state.tourCount[tour] }
        state.tourCount[tour] = count
        for group in model.tours[tour].groups { counts[group] += count }
      }
    } else {
      for (group, column) in model.groupColumn.enumerated() {
        if let column { counts[group] = whole(values[column]) }
      }
    }
    for (group, count) in counts.enumerated() where count > 0 {
      let columns = model.breakColumns[group]
      var placed = columns.map { $0.map { whole(values[$0]) } ?? count }
      var total = placed.reduce(0, +)
      while total > count, let most = placed.indices.max(by: { placed[$0] < placed[$1] }) {
        placed[most] -= 1
        total -= 1
      }
      if total < count {
        let share = columns.map { $0.map { values[$0] } ?? 0 }
        let most = share.indices.max { share[$0] - Double(placed[$0]) < share[$1] - Double(placed[$1]) }!
        placed[most] += count - total
      }
      for (choice, agents) in placed.enumerated() {
        for _ in 0..<agents {
          state.change(model, costs, group: group, choice: choice, by: 1, countsShift: !touring)
        }
      }
    }
    return state
  }

  /// Fix-and-optimise (after Helber & Sahling, "A fix-and-optimize approach for the
  /// multi-level capacitated lot sizing problem", *IJPE* 123, 2010): windows of start times
  /// slide over the horizon; in each, the shifts (or tours) starting in it are re-solved as a
  /// small integer program with everything else fixed, starting from the current plan, and
  /// the answer kept when it is cheaper. Rounds repeat while one pays.
  static func fixAndOptimize(
    _ model: CoverageModel, _ costs: CoverageCosts, _ state: inout CoverageState, options: SolverOptions,
    deadline: ContinuousClock.Instant
  ) {
    let problem = model.problem
    let perDay = problem.slotsPerDay
    let touring = problem.tours != nil
    // Tours span the week, so their windows are times of day; shifts', times of the horizon.
    let span = touring ? perDay : problem.slotCount
    let starts = model.groups.map { touring ? $0.start : $0.day * perDay + $0.start }
    // Window widths in hours, taken in turn: a plan no width improves is left as it is.
    let widths = (touring ? [4, 6, 8] : [8, 4, 12]).map { max(1, $0 * 60 / problem.slotMinutes) }
    var unimproved = 0
    for round in 0..<8 {
      let width = widths[round % widths.count]
      let before = state.objective(costs)
      for first in stride(from: 0, to: span, by: max(1, width / 2)) {
        guard ContinuousClock.now < deadline else { return }
        let free = starts.map { (($0 - first) % span + span) % span < width }
        guard free.contains(true) else { continue }
        let window = model.window(free: free, around: state)
        var windowOptions = options
        windowOptions.timeLimit = min(10, (deadline - ContinuousClock.now).seconds)
        windowOptions.nodeLimit = 400
        windowOptions.relativeGap = 1e-5
        windowOptions.startingSolution = window.values(of: state)
        windowOptions.progress = nil
        guard let solution = try? MIPSolver.solve(window.model, options: windowOptions),
          solution.status.hasSolution
        else { continue }
        let next = rounded(window, costs, values: solution.values, base: state)
        if next.keepsLimits(problem), next.objective(costs) < state.objective(costs) - 1e-6 { state = next }
      }
      unimproved = state.objective(costs) > before - 0.5 ? unimproved + 1 : 0
      if unimproved == widths.count { return }
    }
  }

  /// Takes agents away, the least missed first, until the plan keeps every limit (the empty
  /// plan keeps them all).
  static func repairLimits(_ model: CoverageModel, _ costs: CoverageCosts, _ state: inout CoverageState) {
    let problem = model.problem
    while !state.keepsLimits(problem) {
      var best: (unit: Int, delta: Double, fixes: Bool)?
      if problem.tours != nil {
        for tour in model.tours.indices where state.tourCount[tour] > 0 {
          var trial = state
          removeTour(model, costs, tour, from: &trial)
          let delta = trial.objective(costs) - state.objective(costs)
          let fixes = trial.keepsLimits(problem)
          if best == nil || (fixes && !best!.fixes) || (fixes == best!.fixes && delta < best!.delta) {
            best = (tour, delta, fixes)
          }
        }
        guard let best else { return }
        removeTour(model, costs, best.unit, from: &state)
      } else {
        let units = model.groups.indices.flatMap { group in
          state.breakCount[group].indices.filter { state.breakCount[group][$0] > 0 }.map { (group, $0) }
        }
        guard !units.isEmpty else { return }
        // Remove the unit whose loss is least among those that move towards the limits.
        var chosen = units[0]
        var chosenDelta = Double.infinity
        for (group, choice) in units {
          var trial = state
          trial.change(model, costs, group: group, choice: choice, by: -1, countsShift: true)
          let delta = trial.objective(costs) - state.objective(costs) - (trial.keepsLimits(problem) ? 1e9 : 0)
          if delta < chosenDelta {
            chosen = (group, choice)
            chosenDelta = delta
          }
        }
        state.change(model, costs, group: chosen.0, choice: chosen.1, by: -1, countsShift: true)
      }
    }
  }

  private static func removeTour(
    _ model: CoverageModel, _ costs: CoverageCosts, _ tour: Int, from state: inout CoverageState
  ) {
    for group in model.tours[tour].groups {
      let choice = state.breakCount[group].indices.first { state.breakCount[group][$0] > 0 }!
      state.change(model, costs, group: group, choice: choice, by: -1, countsShift: false)
    }
    state.tourCount[tour] -= 1
    state.counted -= 1
    if model.problem.templates[model.tours[tour].template].partTime { state.partTime -= 1 }
  }

  static func result(
    _ model: CoverageModel, _ costs: CoverageCosts, _ state: CoverageState, bound: Double?,
    status: SolveStatus,
    seconds: Double
  ) -> CoveragePlan {
    let problem = model.problem
    let minutes = problem.slotMinutes
    var plan = CoveragePlan(
      objective: state.objective(costs), labourCost: state.labour,
      shortSlots: zip(problem.required, state.coverage).reduce(0) { $0 + max(0, $1.0 - $1.1) },
      overSlots: zip(problem.required, state.coverage).reduce(0) { $0 + max(0, $1.1 - $1.0) },
      bound: bound.map { min($0, state.objective(costs)) }, status: status, seconds: seconds)
    func offset(_ group: ShiftGroup, _ choice: Int) -> Int? {
      let template = problem.templates[group.template]
      return template.breakOffsets.isEmpty ? nil : template.breakOffsets[choice] * minutes
    }
    if problem.tours == nil {
      for (index, group) in model.groups.enumerated() {
        for (choice, count) in state.breakCount[index].enumerated() where count > 0 {
          plan.shifts.append(
            CoveragePlan.PlannedShift(
              template: problem.templates[group.template].name, day: group.day,
              startMinute: group.start * minutes,
              breakOffsetMinutes: offset(group, choice), count: count))
        }
      }
      return plan
    }
    // Give each group's breaks out to the agents of the tours working it, in order.
    var left = state.breakCount
    var merged: [CoveragePlan.PlannedAgent: Int] = [:]
    var order: [CoveragePlan.PlannedAgent] = []
    for (index, tour) in model.tours.enumerated() {
      for _ in 0..<state.tourCount[index] {
        var breaks = [Int?](repeating: nil, count: problem.days)
        for group in tour.groups {
          let choice = left[group].indices.first { left[group][$0] > 0 }!
          left[group][choice] -= 1
          breaks[model.groups[group].day] = offset(model.groups[group], choice)
        }
        let agent = CoveragePlan.PlannedAgent(
          template: problem.templates[tour.template].name, startMinute: tour.start * minutes,
          daysOff: problem.offBlocks[tour.offBlock].sorted(), breakOffsetMinutes: breaks, count: 0)
        if merged[agent] == nil { order.append(agent) }
        merged[agent, default: 0] += 1
      }
    }
    plan.agents = order.map { agent in
      var agent = agent
      agent.count = merged[agent]!
      return agent
    }
    return plan
  }
}
