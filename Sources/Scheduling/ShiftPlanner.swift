import RotaCore

/// Everything the scheduler needs for one planning week.
public struct SchedulingProblem: Sendable {
  public var grid: TimeGrid
  public var openingHours: OpeningHours
  /// The dates of the planning period, in order.
  public var dates: [LocalDate]
  public var channels: [Channel]
  public var requirements: [Requirement]
  public var templates: [ShiftTemplate]
  public var contracts: [Contract]
  public var employees: [Employee]
  public var rules: LabourRules

  public init(
    grid: TimeGrid, openingHours: OpeningHours, dates: [LocalDate], channels: [Channel],
    requirements: [Requirement], templates: [ShiftTemplate], contracts: [Contract], employees: [Employee],
    rules: LabourRules
  ) {
    self.grid = grid
    self.openingHours = openingHours
    self.dates = dates
    self.channels = channels
    self.requirements = requirements
    self.templates = templates
    self.contracts = contracts
    self.employees = employees
    self.rules = rules
  }

  func contract(of employee: Employee) -> Contract? { contracts.first { $0.name == employee.contract } }

  func employee(_ employee: Employee, canWork template: String, channel: String, on date: LocalDate) -> Bool {
    guard let contract = contract(of: employee) else { return false }
    return employee.availableDays.contains(date.weekday) && contract.templates.contains(template)
      && employee.skills.contains(channel)
  }
}

/// The shifts to staff, before they are given to people: how many agents work each shift.
public struct ShiftPlan: Sendable {
  /// Each distinct shift with the number of agents to put on it.
  public var shifts: [(shift: Shift, count: Int)]
  /// The solve that chose them.
  public var solution: MIPSolution
  /// Agent-hours short of the requirement, per channel, as the model priced them.
  public var shortfallHours: [String: Double]
}

/// Chooses how many agents start each shift so that every interval's gross requirement is
/// covered at least cost, with a priced shortfall where covering it is impossible or dearer.
///
/// The integer program has one integer column per (day, template, start, break placement,
/// channel) counting agents; for live channels one continuous shortfall column per interval
/// and a coverage row (on-task share of each shift × agents + shortfall ≥ gross agents); for
/// email a backlog carried from interval to interval with its overdue part priced; and rows
/// for the people available each day (per channel, per template and in all) and for the
/// week's days and hours the contracts allow. A shift costs its paid hours at the lowest wage
/// of the contracts allowing the template, premiums included. Relax-and-fix by day supplies
/// the first incumbent; branch-and-cut then tightens the bound within a quarter of the node
/// budget.
public enum ShiftPlanner {
  public static func plan(_ problem: SchedulingProblem, options: SolverOptions) throws(MIPModelError)
    -> ShiftPlan
  {
    let clock = ContinuousClock.now
    let intervalMinutes = problem.grid.intervalMinutes
    var model = MIPModel(sense: .minimize)
    var options = options

    // Candidate shifts.
    var candidates: [Shift] = []
    var columns: [Int] = []
    for date in problem.dates where problem.openingHours.isOpen(on: date) {
      let ranges = problem.openingHours.ranges[date.weekday] ?? []
      let dayOpen = ranges.map(\.open.minutes).min() ?? 0
      let dayClose = ranges.map(\.close.minutes).max() ?? 0
      for template in problem.templates where template.days.contains(date.weekday) {
        guard let wage = wage(of: template, in: problem) else { continue }
        let placements = template.breakPlacements
        for start in template.starts where start >= dayOpen && start + template.lengthMinutes <= dayClose {
          for channel in problem.channels
          where problem.employees.contains(where: {
            problem.employee($0, canWork: template.name, channel: channel.name, on: date)
          }) {
            for placement in placements {
              let breaks = zip(placement, template.breaks).map {
                Shift.Break(start: start + $0, end: start + $0 + $1.minutes, paid: $1.paid)
              }
              let shift = Shift(
                date: date, template: template.name, channel: channel.name, start: start,
                end: start + template.lengthMinutes, breaks: breaks)
              let column = model.addVariable(
                "x[\(date) \(template.name) \(start) \(placement) \(channel.name)]", kind: .integer,
                cost: problem.rules.pay.cost(of: shift, wage: wage))
              candidates.append(shift)
              columns.append(column)
            }
          }
        }
      }
    }

    // Live channels: coverage rows, each with its priced shortfall column.
    let candidatesByDateChannel = Dictionary(grouping: candidates.indices) {
      DateChannel(date: candidates[$0].date, channel: candidates[$0].channel)
    }
    func onTaskTerms(_ interval: GridInterval, channel: String, scale: Double) -> [(Int, Double)] {
      let date = interval.start.date
      let minute = interval.start.minuteOfDay
      return (candidatesByDateChannel[DateChannel(date: date, channel: channel)] ?? []).compactMap { index in
        let share = candidates[index].onTaskFraction(date: date, minute: minute, length: intervalMinutes)
        return share > 0 ? (columns[index], share * scale) : nil
      }
    }
    let channelsByName = Dictionary(problem.channels.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let hours = Double(intervalMinutes) / 60
    var shortfallColumns: [(channel: String, column: Int)] = []
    var coverageRows: [(row: Int, shortfall: Int)] = []
    var backlogs: [EmailBacklog] = []
    let requirementsByChannel = Dictionary(grouping: problem.requirements, by: \.channel)
    for channel in problem.channels {
      let requirements = (requirementsByChannel[channel.name] ?? []).sorted { $0.interval < $1.interval }
      let penalty = channel.shortfallCostPerHour * hours
      if channel.kind == .email {
        backlogs.append(
          addBacklog(
            channel, requirements, to: &model, penalty: penalty,
            capacity: { onTaskTerms($0, channel: channel.name, scale: 1 - channel.shrinkage(at: $0)) }))
        shortfallColumns += backlogs.last!.steps.map { (channel.name, $0.overdue) }
        continue
      }
      for requirement in requirements where requirement.grossAgents > 0 {
        let shortfall = model.addVariable(
          "short[\(channel.name) \(requirement.interval)]", upper: Double(requirement.grossAgents),
          cost: penalty)
        shortfallColumns.append((channel.name, shortfall))
        coverageRows.append((model.constraints.count, shortfall))
        model.addConstraint(
          "cover[\(channel.name) \(requirement.interval)]",
          terms: [(shortfall, 1)] + onTaskTerms(requirement.interval, channel: channel.name, scale: 1),
          lower: Double(requirement.grossAgents))
      }
    }

    // People available each day: in all, per channel, per template.
    let byDate = Dictionary(grouping: candidates.indices) { candidates[$0].date }
    for date in problem.dates {
      guard let indices = byDate[date] else { continue }
      let available = problem.employees.filter { $0.availableDays.contains(date.weekday) }
      model.addConstraint(
        "people[\(date)]", terms: indices.map { (columns[$0], 1) }, upper: Double(available.count))
      for channel in problem.channels {
        let count = available.filter { $0.skills.contains(channel.name) }.count
        let terms = indices.filter { candidates[$0].channel == channel.name }.map { (columns[$0], 1.0) }
        if !terms.isEmpty {
          model.addConstraint("people[\(date) \(channel.name)]", terms: terms, upper: Double(count))
        }
      }
      for template in problem.templates {
        let count = available.filter { problem.contract(of: $0)?.templates.contains(template.name) ?? false }
          .count
        let terms = indices.filter { candidates[$0].template == template.name }.map { (columns[$0], 1.0) }
        if !terms.isEmpty {
          model.addConstraint("people[\(date) \(template.name)]", terms: terms, upper: Double(count))
        }
      }
    }

    // The week's days and hours that the contracts allow.
    let contractsOf = problem.employees.compactMap { problem.contract(of: $0) }
    model.addConstraint(
      "week.days", terms: columns.map { ($0, 1) },
      upper: Double(contractsOf.reduce(0) { $0 + $1.maxDaysPerWeek }))
    model.addConstraint(
      "week.hours", terms: zip(columns, candidates).map { ($0, Double($1.paidMinutes)) },
      upper: Double(contractsOf.reduce(0) { $0 + $1.maxMinutesPerWeek }))
    for template in problem.templates {
      let days = contractsOf.filter { $0.templates.contains(template.name) }.reduce(0) {
        $0 + $1.maxDaysPerWeek
      }
      let terms = zip(columns, candidates).filter { $1.template == template.name }.map { ($0.0, 1.0) }
      if !terms.isEmpty { model.addConstraint("week.\(template.name)", terms: terms, upper: Double(days)) }
    }

    if options.startingSolution == nil {
      options.startingSolution = try incumbent(
        model, columns: columns, days: candidates.map(\.date), coverageRows: coverageRows, backlogs: backlogs,
        options: options)
      options.timeLimit = max(0.1, options.timeLimit - (ContinuousClock.now - clock).seconds)
      // With a good incumbent, branch-and-cut mostly tightens the bound: a quarter of the
      // node budget is enough for that.
      options.nodeLimit = options.nodeLimit.map { max(1, $0 / 4) }
    }
    var solution = try MIPSolver.solve(model, options: options)
    // Report the whole search, the incumbent phase included.
    solution.seconds = (ContinuousClock.now - clock).seconds
    var shifts: [(Shift, Int)] = []
    var shortfall: [String: Double] = [:]
    if solution.status.hasSolution {
      for (shift, column) in zip(candidates, columns) {
        let count = Int(solution.values[column].rounded())
        if count > 0 { shifts.append((shift, count)) }
      }
      for entry in shortfallColumns {
        shortfall[entry.channel, default: 0] += solution.values[entry.column] * hours
      }
    }
    shifts.sort { $0.0 < $1.0 }
    return ShiftPlan(shifts: shifts, solution: solution, shortfallHours: shortfall)
  }

  /// A first incumbent, found in a share of the time limit: relax-and-fix by day, or when
  /// that finds nothing, the LP optimum rounded by the greedy steps of ``CoverageState``. Both
  /// are feasible whenever the LP is, because shortfall columns absorb any uncovered
  /// requirement or overdue email and rounding down never breaks an upper limit.
  static func incumbent(
    _ model: MIPModel, columns: [Int], days: [LocalDate], coverageRows: [(row: Int, shortfall: Int)],
    backlogs: [EmailBacklog], options: SolverOptions
  ) throws(MIPModelError) -> [Double]? {
    if let staged = try relaxAndFix(model, columns: columns, days: days, options: options) {
      return staged
    }
    var relaxed = model
    relaxed.relaxIntegrality()
    let lp = try MIPSolver.solve(relaxed, options: SolverOptions(timeLimit: options.timeLimit))
    guard lp.status == .optimal else { return nil }
    var values = lp.values
    for column in columns { values[column] = values[column].rounded(.down) }
    // Live channels cover their rows; email channels aim at the capacity the LP put to work in
    // each interval, and their backlog follows from the shifts chosen.
    var targets = coverageRows.map { entry in
      let row = model.constraints[entry.row]
      return CoverageTarget(
        terms: zip(row.indices, row.coefficients).filter { $0.0 != entry.shortfall }.map { ($0.0, $0.1) },
        lower: row.lower, price: model.variables[entry.shortfall].cost, shortfall: entry.shortfall)
    }
    for backlog in backlogs {
      for step in backlog.steps where lp.values[step.done] > 1e-9 {
        targets.append(
          CoverageTarget(
            terms: step.capacity.map { ($0.0, $0.1) }, lower: lp.values[step.done],
            price: model.variables[step.overdue].cost, shortfall: nil))
      }
    }
    var cover = CoverageState(model: model, shiftColumns: columns, targets: targets, values: values)
    cover.improve()
    var greedy = cover.completed()
    for backlog in backlogs { backlog.complete(&greedy) }
    return greedy
  }

  /// Relax-and-fix by day (Dillenberger, Escudero, Wollensak & Zhang, "On practical resource
  /// allocation for production planning and scheduling with period overlapping setups",
  /// *EJOR* 75, 1994): day by day, the shifts of that day are integer and those of later days
  /// continuous; the day's integer answer is then fixed. Each stage is a one-day integer
  /// program, which GLPK solves quickly, while the relaxed later days keep it aware of what
  /// is still to come (the email backlog links the days).
  static func relaxAndFix(_ model: MIPModel, columns: [Int], days: [LocalDate], options: SolverOptions)
    throws(MIPModelError) -> [Double]?
  {
    let clock = ContinuousClock.now
    let order = Array(Set(days)).sorted()
    guard !order.isEmpty else { return nil }
    var staged = model
    staged.relaxIntegrality()
    var values: [Double] = []
    for day in order {
      var stage = staged
      let today = zip(columns, days).filter { $0.1 == day }.map(\.0)
      for column in today { stage.setKind(of: column, to: .integer) }
      let solution = try MIPSolver.solve(
        stage,
        options: SolverOptions(
          // The node limit stops each stage at the same point on every run; the time limit is
          // only a safety net, shared by all the stages.
          timeLimit: max(0.1, options.timeLimit - (ContinuousClock.now - clock).seconds),
          relativeGap: options.relativeGap,
          nodeLimit: options.nodeLimit, verbose: options.verbose))
      guard solution.status.hasSolution else { return nil }
      values = solution.values
      for column in today {
        staged.fix(column, lower: values[column].rounded(), upper: values[column].rounded())
      }
    }
    for column in columns { values[column] = values[column].rounded() }
    return values
  }

  /// Adds an email channel's backlog: per interval, work done `u ≤ on-task capacity`, the
  /// backlog `b_i = b_{i−1} + arrivals_i − u_i ≥ 0` (no work before it arrives), and the overdue
  /// part `o_i ≥ b_i − (work arrived by i but not yet due)`, priced per agent-interval per
  /// interval it stays overdue.
  static func addBacklog(
    _ channel: Channel, _ requirements: [Requirement], to model: inout MIPModel, penalty: Double,
    capacity: (GridInterval) -> [(Int, Double)]
  ) -> EmailBacklog {
    var dueByIndex: [Int: Double] = [:]
    let position = Dictionary(
      requirements.enumerated().map { ($1.interval, $0) }, uniquingKeysWith: { a, _ in a })
    for requirement in requirements {
      let due = requirement.due.flatMap { position[$0] } ?? position[requirement.interval]!
      dueByIndex[due, default: 0] += requirement.work ?? 0
    }
    var steps: [EmailBacklog.Step] = []
    var arrived = 0.0
    var dueSoFar = 0.0
    var previous: Int?
    for (index, requirement) in requirements.enumerated() {
      let label = "\(channel.name) \(requirement.interval)"
      let work = requirement.work ?? 0
      arrived += work
      dueSoFar += dueByIndex[index] ?? 0
      let done = model.addVariable("done[\(label)]")
      let backlog = model.addVariable("backlog[\(label)]")
      let overdue = model.addVariable("overdue[\(label)]", cost: penalty)
      let terms = capacity(requirement.interval)
      model.addConstraint("capacity[\(label)]", terms: [(done, 1)] + terms.map { ($0.0, -$0.1) }, upper: 0)
      var balance: [(Int, Double)] = [(backlog, 1), (done, 1)]
      if let previous { balance.append((previous, -1)) }
      model.addConstraint("backlog[\(label)]", terms: balance, lower: work, upper: work)
      let notYetDue = max(0, arrived - dueSoFar)
      model.addConstraint("deadline[\(label)]", terms: [(backlog, 1), (overdue, -1)], upper: notYetDue)
      steps.append(
        EmailBacklog.Step(
          done: done, backlog: backlog, overdue: overdue, capacity: terms, work: work, notYetDue: notYetDue))
      previous = backlog
    }
    return EmailBacklog(steps: steps)
  }

  static func wage(of template: ShiftTemplate, in problem: SchedulingProblem) -> Double? {
    problem.contracts.filter { $0.templates.contains(template.name) }.map(\.hourlyWage).min()
  }
}

struct DateChannel: Hashable {
  var date: LocalDate
  var channel: String
}

/// A requirement the greedy rounding tries to cover: `Σ coefficient·x ≥ lower` over shift
/// columns, each unit short costing `price`; `shortfall` is the model column that takes up
/// the rest, if the model has one.
struct CoverageTarget {
  var terms: [(column: Int, coefficient: Double)]
  var lower: Double
  var price: Double
  var shortfall: Int?
}

/// Shift counts with the coverage and limits they imply, for the greedy rounding heuristic.
/// Limits are the model's rows with a finite upper bound, counted over shift columns only.
struct CoverageState {
  let model: MIPModel
  let targets: [CoverageTarget]
  /// Shift columns that appear in a target: the only ones the greedy steps change.
  let shiftColumns: [Int]
  var values: [Double]
  /// Per target, its covered amount; per limit row, its activity from shift columns.
  var covered: [Double]
  var activity: [Double]
  var targetsOfColumn: [Int: [(target: Int, coefficient: Double)]] = [:]
  var limitsOfColumn: [Int: [(row: Int, coefficient: Double)]] = [:]

  init(model: MIPModel, shiftColumns: [Int], targets: [CoverageTarget], values: [Double]) {
    self.model = model
    self.targets = targets
    self.values = values
    covered = targets.map { $0.terms.reduce(0) { $0 + $1.coefficient * values[$1.column] } }
    for (index, target) in targets.enumerated() {
      for term in target.terms { targetsOfColumn[term.column, default: []].append((index, term.coefficient)) }
    }
    let isShift = Set(shiftColumns)
    activity = Array(repeating: 0, count: model.constraints.count)
    for (rowIndex, row) in model.constraints.enumerated() where row.upper.isFinite && !row.lower.isFinite {
      for (column, coefficient) in zip(row.indices, row.coefficients) where isShift.contains(column) {
        limitsOfColumn[column, default: []].append((rowIndex, coefficient))
        activity[rowIndex] += coefficient * values[column]
      }
    }
    let targeted = targetsOfColumn
    self.shiftColumns = shiftColumns.filter { targeted[$0] != nil }
  }

  /// Shortfall cost saved, less the shift's cost, by one more (`step` 1) or one fewer
  /// (`step` −1) agent on `column`; nil when that breaks a limit or a bound.
  func gain(_ column: Int, step: Double) -> Double? {
    let next = values[column] + step
    let variable = model.variables[column]
    guard next >= variable.lower, next <= variable.upper else { return nil }
    for (row, coefficient) in limitsOfColumn[column] ?? []
    where activity[row] + coefficient * step > model.constraints[row].upper + 1e-9 {
      return nil
    }
    var saved = -variable.cost * step
    for (index, coefficient) in targetsOfColumn[column] ?? [] {
      let target = targets[index]
      let before = max(0, target.lower - covered[index])
      saved += (before - max(0, target.lower - covered[index] - coefficient * step)) * target.price
    }
    return saved
  }

  mutating func apply(_ column: Int, step: Double) {
    values[column] += step
    for (index, coefficient) in targetsOfColumn[column] ?? [] { covered[index] += coefficient * step }
    for (row, coefficient) in limitsOfColumn[column] ?? [] { activity[row] += coefficient * step }
  }

  /// Adds the best shift while one saves money, then drops shifts that do not pay for
  /// themselves; repeats until neither helps.
  mutating func improve() {
    var changed = true
    var rounds = 0
    while changed && rounds < 20 {
      changed = false
      rounds += 1
      while true {
        var best: (column: Int, gain: Double)?
        for column in shiftColumns {
          if let gain = gain(column, step: 1), gain > 1e-9, gain > best?.gain ?? 0 { best = (column, gain) }
        }
        guard let best else { break }
        apply(best.column, step: 1)
        changed = true
      }
      for column in shiftColumns where values[column] > 0 {
        while let gain = gain(column, step: -1), gain > 1e-9 {
          apply(column, step: -1)
          changed = true
        }
      }
    }
  }

  /// All columns: shift counts as they stand, shortfall columns set to what is uncovered.
  func completed() -> [Double] {
    var result = values
    for (index, target) in targets.enumerated() {
      if let column = target.shortfall { result[column] = max(0, target.lower - covered[index]) }
    }
    return result
  }
}

/// The columns of one email channel's backlog, per interval in time order.
struct EmailBacklog {
  struct Step {
    var done: Int
    var backlog: Int
    var overdue: Int
    /// (shift column, agents on task per agent on the shift).
    var capacity: [(Int, Double)]
    var work: Double
    var notYetDue: Double
  }

  var steps: [Step]

  /// Sets the backlog columns for the shift counts in `values`: each interval works off as
  /// much of the oldest work as its capacity allows.
  func complete(_ values: inout [Double]) {
    var backlog = 0.0
    for step in steps {
      let capacity = step.capacity.reduce(0) { $0 + values[$1.0] * $1.1 }
      let done = min(capacity, backlog + step.work)
      backlog = backlog + step.work - done
      values[step.done] = done
      values[step.backlog] = backlog
      values[step.overdue] = max(0, backlog - step.notYetDue)
    }
  }
}
