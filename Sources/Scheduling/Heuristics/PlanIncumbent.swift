import RotaCore

/// With tours, the row that routes one day's shift columns to the (group, band) slots whose
/// people could work them, and per slot its route column with the slot's row (routes ≤ the
/// tours working in it that day).
struct ShiftRoutes {
  var date: LocalDate
  var row: Int
  var slots: [(column: Int, slotRow: Int)]
}

/// The columns of a shift plan's model that its primal heuristics round, complete and repair.
struct PlanColumns {
  var shifts: [ShiftColumn]
  var tours: [(tour: PlannedTour, column: Int)]
  var routes: [ShiftRoutes] = []
  var backlogs: [EmailBacklog]
  /// Coverage rows with the shortfall column that makes each one hold.
  var coverRows: [(row: Int, shortfall: Int)]
  /// Whether the model being rounded takes break columns whole; the plan's search model
  /// leaves them continuous.
  var wholeBreaks = false
  /// The part-time share row, whose full-time shifts rounding down may lower below the share.
  var shareRow: Int?

  /// Routes a day's shifts afresh to the (group, band) slots of the tours: a maximum flow
  /// from shift columns to slots (augmenting paths, Ford & Fulkerson), which finds a routing
  /// whenever one exists; false when the tours have no room.
  func reroute(_ values: inout [Double], on date: LocalDate, in model: MIPModel) -> Bool {
    let today = routes.filter { $0.date == date }
    guard !today.isEmpty else { return true }
    func activity(_ row: Int) -> Double {
      let constraint = model.constraints[row]
      return zip(constraint.indices, constraint.coefficients).reduce(0) { $0 + values[$1.0] * $1.1 }
    }
    for entry in today { for choice in entry.slots { values[choice.column] = 0 } }
    let rows = Array(Set(today.flatMap { $0.slots.map(\.slotRow) })).sorted()
    let slotOf = Dictionary(rows.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    var room = rows.map { max(0, -activity($0)) }
    let demand = today.map { max(0, activity($0.row)) }
    var flow: [[Double]] = today.map { Array(repeating: 0, count: $0.slots.count) }
    // Per slot, the (shift, route) pairs that lead into it, in shift order.
    var into: [[(shift: Int, route: Int)]] = Array(repeating: [], count: rows.count)
    for (shift, entry) in today.enumerated() {
      for (route, choice) in entry.slots.enumerated() { into[slotOf[choice.slotRow]!].append((shift, route)) }
    }
    for (source, need) in demand.enumerated() {
      var left = need
      while left > 1e-9 {
        // Breadth-first search from `source` for a slot with room: forward along any route,
        // back along routes that carry flow.
        var cameFrom: [Int: (shift: Int, route: Int)] = [:]
        var reachedShift: [Int: (slot: Int, route: Int)?] = [source: nil]
        var queue = [source]
        var found: Int?
        var head = 0
        search: while head < queue.count {
          let shift = queue[head]
          head += 1
          for (routeIndex, choice) in today[shift].slots.enumerated() {
            let slot = slotOf[choice.slotRow]!
            guard cameFrom[slot] == nil else { continue }
            cameFrom[slot] = (shift, routeIndex)
            if room[slot] > 1e-9 {
              found = slot
              break search
            }
            for back in into[slot]
            where reachedShift[back.shift] == nil && flow[back.shift][back.route] > 1e-9 {
              reachedShift[back.shift] = (slot, back.route)
              queue.append(back.shift)
            }
          }
        }
        guard let end = found else { break }
        // The bottleneck along the path, then push it.
        var amount = min(left, room[end])
        var slot = end
        while true {
          let (shift, _) = cameFrom[slot]!
          guard let previous = reachedShift[shift]! else { break }
          amount = min(amount, flow[shift][previous.route])
          slot = previous.slot
        }
        slot = end
        room[end] -= amount
        while true {
          let (shift, route) = cameFrom[slot]!
          flow[shift][route] += amount
          guard let previous = reachedShift[shift]! else { break }
          flow[shift][previous.route] -= amount
          slot = previous.slot
        }
        left -= amount
      }
      if left > 1e-6 { return false }
    }
    for (entry, routed) in zip(today, flow) {
      for (choice, amount) in zip(entry.slots, routed) { values[choice.column] = amount }
    }
    return true
  }

  /// Lets the email backlog and the shortfall columns take up what the shifts in `values` do
  /// not cover.
  func complete(_ values: inout [Double], in model: MIPModel) {
    for backlog in backlogs { backlog.complete(&values) }
    for (row, shortfall) in coverRows {
      let constraint = model.constraints[row]
      var covered = 0.0
      for (column, coefficient) in zip(constraint.indices, constraint.coefficients) where column != shortfall
      {
        covered += coefficient * values[column]
      }
      values[shortfall] = min(model.variables[shortfall].upper, max(0, constraint.lower - covered))
    }
  }

  /// LP values made whole for `entries`, feasible for `model`, or nil when the LP under
  /// rounded tours cannot be solved. Fractional tours are rounded per group
  /// (``roundTours(_:)``) and the LP re-solved under them; then `entries` are rounded down,
  /// which breaks no upper limit, and raised again one agent at a time, largest fraction
  /// first, wherever that keeps every row and lowers the cost: the shortfall a plain
  /// rounding-down leaves costs several times the agents that would cover it.
  func rounded(_ model: MIPModel, lp: [Double], entries: [ShiftColumn], timeLimit: Double)
    throws(MIPModelError)
    -> [Double]?
  {
    var values = lp
    if tours.contains(where: { abs(values[$0.column] - values[$0.column].rounded()) > 1e-6 }) {
      roundTours(&values)
      var relaxed = model
      relaxed.relaxIntegrality()
      for entry in tours {
        relaxed.fix(entry.column, lower: values[entry.column], upper: values[entry.column])
      }
      let resolved = try MIPSolver.solve(relaxed, options: SolverOptions(timeLimit: timeLimit))
      guard resolved.status == .optimal else { return nil }
      values = resolved.values
    }
    let fractions = values
    for entry in entries { entry.roundDown(&values, wholeBreaks: wholeBreaks) }
    keepShare(&values, entries: entries, in: model)
    for date in Set(entries.map(\.shift.date)) { _ = reroute(&values, on: date, in: model) }
    complete(&values, in: model)
    guard model.firstViolation(values) == nil else { return nil }
    var cost = model.objective(of: values)
    // Largest fraction first, then the rest, pass after pass while a pass gains.
    let order = entries.sorted {
      let (a, b) = (fractions[$0.column] - values[$0.column], fractions[$1.column] - values[$1.column])
      return a != b ? a > b : $0.column < $1.column
    }
    for _ in 0..<4 {
      let before = cost
      for entry in order {
        var trial = values
        entry.setCount(values[entry.column] + 1, &trial, whole: wholeBreaks)
        guard reroute(&trial, on: entry.shift.date, in: model) else { continue }
        complete(&trial, in: model)
        let trialCost = model.objective(of: trial)
        guard trialCost < cost - 1e-9, model.firstViolation(trial) == nil else { continue }
        values = trial
        cost = trialCost
      }
      if cost > before - 1e-9 { break }
    }
    return values
  }

  /// Takes part-time agents off `entries`, from the shift with most, until the share row holds
  /// again: rounding the full-time shifts down can leave it broken.
  func keepShare(_ values: inout [Double], entries: [ShiftColumn], in model: MIPModel) {
    guard let shareRow else { return }
    let row = model.constraints[shareRow]
    let coefficient = Dictionary(zip(row.indices, row.coefficients), uniquingKeysWith: +)
    func activity() -> Double { zip(row.indices, row.coefficients).reduce(0) { $0 + values[$1.0] * $1.1 } }
    let partTime = entries.filter { (coefficient[$0.column] ?? 0) > 0 }
    while activity() > row.upper + 1e-9,
      let entry = partTime.max(by: { values[$0.column] < values[$1.column] }), values[entry.column] >= 1
    {
      entry.setCount(values[entry.column] - 1, &values, whole: wholeBreaks)
    }
  }

  /// Rounds each group's tours so that the group keeps the LP's number of people at work,
  /// rounded down: every tour gets its whole part, and the people left over go to the tours
  /// with the largest fractions. The group's headcount is the only row on tours alone, so
  /// every row holds again once the shifts are re-solved under the rounded tours.
  func roundTours(_ values: inout [Double]) {
    let groups = Dictionary(grouping: tours, by: \.tour.employees).values.map { $0.map(\.column) }
    for columns in groups.sorted(by: { $0[0] < $1[0] }) {
      let total = (columns.reduce(0) { $0 + values[$1] } + 1e-6).rounded(.down)
      var whole = columns.map { max(0, (values[$0] + 1e-6).rounded(.down)) }
      var left = max(0, total - whole.reduce(0, +))
      let byFraction = columns.indices.sorted {
        let (a, b) = (values[columns[$0]] - whole[$0], values[columns[$1]] - whole[$1])
        return a != b ? a > b : $0 < $1
      }
      for index in byFraction where left > 0 {
        whole[index] += 1
        left -= 1
      }
      for (column, value) in zip(columns, whole) { values[column] = value }
    }
  }
}

extension ShiftPlanner {
  /// A first incumbent: relax-and-fix by day, or when that finds nothing, the LP optimum
  /// rounded (``PlanColumns/rounded(_:lp:entries:timeLimit:)``), or at worst the empty plan.
  /// Each is feasible whenever coverage is soft, because shortfall columns absorb any
  /// uncovered requirement or overdue email.
  static func incumbent(
    _ model: MIPModel, columns: [Int], days: [LocalDate], plan: PlanColumns, lp: [Double]?,
    options: SolverOptions
  ) throws(MIPModelError) -> [Double]? {
    let staged = try relaxAndFix(model, columns: columns, days: days, options: options) {
      stage, lp, day throws(MIPModelError) in
      try plan.rounded(
        stage, lp: lp, entries: plan.shifts.filter { $0.shift.date == day }, timeLimit: options.timeLimit)
    }
    if let staged, model.firstViolation(staged) == nil { return staged }
    // The LP under rounded tours gets a second however tight the limit: without it the plan
    // is empty.
    if let lp,
      let values = try plan.rounded(
        model, lp: lp, entries: plan.shifts, timeLimit: max(1, options.timeLimit)),
      model.firstViolation(values) == nil
    {
      return values
    }
    var empty = Array(repeating: 0.0, count: model.variables.count)
    for entry in plan.shifts { entry.roundDown(&empty, wholeBreaks: plan.wholeBreaks) }
    plan.complete(&empty, in: model)
    return model.firstViolation(empty) == nil ? empty : nil
  }

  /// Relax-and-fix by day (Dillenberger, Escudero, Wollensak & Zhang, "On practical resource
  /// allocation for production planning and scheduling with period overlapping setups",
  /// *EJOR* 75, 1994): day by day, the shifts of that day are integer and those of later days
  /// continuous; the day's integer answer is then fixed. Each stage is a one-day integer
  /// program, which GLPK solves quickly, while the relaxed later days keep it aware of what
  /// is still to come (the email backlog links the days). A stage that reaches its node or
  /// time limit without an integer answer (tours stay integer in every stage, so this
  /// happens, and with tiny node limits always) takes its LP made whole by `round`, which
  /// gets the stage's model, its LP values and the day; tours it rounds stay fixed after.
  static func relaxAndFix(
    _ model: MIPModel, columns: [Int], days: [LocalDate], options: SolverOptions,
    round: (MIPModel, [Double], LocalDate) throws(MIPModelError) -> [Double]?
  ) throws(MIPModelError) -> [Double]? {
    let clock = ContinuousClock.now
    func left() -> Double { max(0.1, options.timeLimit - (ContinuousClock.now - clock).seconds) }
    let order = Array(Set(days)).sorted()
    guard !order.isEmpty else { return nil }
    var staged = model
    staged.relaxIntegrality()
    // Integer columns not tied to one day (tours) stay integer in every stage.
    let daily = Set(columns)
    let shared = model.variables.indices.filter {
      model.variables[$0].kind != .continuous && !daily.contains($0)
    }
    for index in shared { staged.setKind(of: index, to: model.variables[index].kind) }
    var values: [Double] = []
    var fixed = Set<Int>()
    for day in order {
      var stage = staged
      let today = zip(columns, days).filter { $0.1 == day }.map(\.0)
      for column in today { stage.setKind(of: column, to: .integer) }
      // The days fixed so far leave the stage's model, so its LPs are the smaller.
      let kept = stage.variables.indices.filter { !fixed.contains($0) }
      // The node limit stops each stage at the same point on every run; the time limit is
      // only a safety net, shared by all the stages. A quarter of the budget: fix-and-
      // optimise after relax-and-fix does more with the rest.
      let solution = try MIPSolver.solve(
        values.isEmpty ? stage : stage.restricted(to: kept, at: values),
        options: SolverOptions(
          timeLimit: left(), relativeGap: options.relativeGap,
          nodeLimit: options.nodeLimit.map { max(1, $0 / 4) }, verbose: options.verbose))
      if solution.status.hasSolution {
        if values.isEmpty {
          values = solution.values
        } else {
          for (index, column) in kept.enumerated() { values[column] = solution.values[index] }
        }
      } else {
        var relaxed = stage
        relaxed.relaxIntegrality()
        let lp = try MIPSolver.solve(relaxed, options: SolverOptions(timeLimit: left()))
        guard lp.status == .optimal, let rounded = try round(stage, lp.values, day) else { return nil }
        values = rounded
        for column in shared where !fixed.contains(column) {
          staged.fix(column, lower: values[column], upper: values[column])
          fixed.insert(column)
        }
      }
      for column in today {
        values[column] = values[column].rounded()
        staged.fix(column, lower: values[column], upper: values[column])
        fixed.insert(column)
      }
    }
    for (index, variable) in model.variables.enumerated() where variable.kind != .continuous {
      values[index] = values[index].rounded()
    }
    return values
  }

  /// Places the breaks of a plan whose shift counts are whole but whose break columns may
  /// not be: each shift's breaks rounded (``ShiftColumn/roundDown(_:wholeBreaks:)``), then
  /// re-chosen day by day as small integer programs with the shift counts fixed
  /// (fix-and-optimise). `counted`'s bound still holds, its model being a relaxation of this
  /// one; the status stays optimal only when placing the breaks cost nothing.
  static func placeBreaks(
    _ model: MIPModel, counted: MIPSolution, plan: PlanColumns, byDay: [[Int]], relativeGap: Double,
    nodeLimit: Int, deadline: ContinuousClock.Instant, verbose: Bool
  ) -> MIPSolution {
    var values = counted.values
    for entry in plan.shifts { entry.roundDown(&values) }
    plan.complete(&values, in: model)
    // Rounding keeps every row when coverage is soft, which is when this runs.
    if model.firstViolation(values) == nil {
      values = FixAndOptimize.improve(
        model, start: values, windows: byDay, nodeLimit: nodeLimit, rounds: 1, deadline: deadline,
        verbose: verbose)
    }
    var placed = counted
    placed.values = values
    let objective = model.objective(of: values)
    placed.objective = objective
    if let before = counted.objective, objective > before + 1e-6, counted.status == .optimal {
      let gap = counted.bound.map { abs(objective - $0) / max(1e-9, abs(objective)) } ?? 1
      placed.status = gap <= relativeGap ? .withinGap : .heuristic
    }
    return placed
  }
}
