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
/// channel) counting agents, one continuous shortfall column per (channel, interval), and
/// rows for coverage (on-task share of each shift × agents + shortfall ≥ gross agents),
/// for the people available each day (per channel, per template and in all) and for the
/// week's days and hours the contracts allow. Labour cost is paid hours × the lowest wage of
/// the contracts allowing the template. Its LP relaxation rounded down is always feasible
/// (shortfall absorbs the rest) and is given to branch-and-cut as the first incumbent.
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
                cost: Double(shift.paidMinutes) / 60 * wage)
              candidates.append(shift)
              columns.append(column)
            }
          }
        }
      }
    }

    // Coverage rows, with shortfall columns.
    let candidatesByDateChannel = Dictionary(grouping: candidates.indices) {
      DateChannel(date: candidates[$0].date, channel: candidates[$0].channel)
    }
    let channelsByName = Dictionary(problem.channels.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var shortfallColumns: [(channel: String, column: Int, hours: Double)] = []
    for requirement in problem.requirements where requirement.grossAgents > 0 {
      let date = requirement.interval.start.date
      let minute = requirement.interval.start.minuteOfDay
      let hours = Double(intervalMinutes) / 60
      let penalty = (channelsByName[requirement.channel]?.shortfallCostPerHour ?? 0) * hours
      let shortfall = model.addVariable(
        "short[\(requirement.channel) \(requirement.interval)]", upper: Double(requirement.grossAgents),
        cost: penalty)
      shortfallColumns.append((requirement.channel, shortfall, hours))
      var terms: [(Int, Double)] = [(shortfall, 1)]
      for index in candidatesByDateChannel[DateChannel(date: date, channel: requirement.channel)] ?? [] {
        let share = candidates[index].onTaskFraction(date: date, minute: minute, length: intervalMinutes)
        if share > 0 { terms.append((columns[index], share)) }
      }
      model.addConstraint(
        "cover[\(requirement.channel) \(requirement.interval)]", terms: terms,
        lower: Double(requirement.grossAgents))
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
      options.startingSolution = try incumbent(model, columns: columns, options: options)
      options.timeLimit = max(0.1, options.timeLimit - (ContinuousClock.now - clock).seconds)
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
        shortfall[entry.channel, default: 0] += solution.values[entry.column] * entry.hours
      }
    }
    shifts.sort { $0.0 < $1.0 }
    return ShiftPlan(shifts: shifts, solution: solution, shortfallHours: shortfall)
  }

  /// A first incumbent, found in a share of the time limit: the LP optimum's shift counts
  /// rounded down become lower bounds, and the much smaller integer program over what is left
  /// is solved; the greedy rounding of ``CoverageState`` stands in if that finds nothing.
  /// Both are feasible whenever the LP is, because shortfall columns absorb any uncovered
  /// requirement and rounding down never breaks an upper limit.
  static func incumbent(_ model: MIPModel, columns: [Int], options: SolverOptions) throws(MIPModelError)
    -> [Double]?
  {
    var relaxed = model
    relaxed.relaxIntegrality()
    let lp = try MIPSolver.solve(relaxed, options: SolverOptions(timeLimit: options.timeLimit))
    guard lp.status == .optimal else { return nil }
    var values = lp.values
    for column in columns { values[column] = values[column].rounded(.down) }
    var cover = CoverageState(model: model, shiftColumns: columns, values: values)
    cover.improve()
    let greedy = cover.completed()
    var fixed = model
    for column in columns { fixed.raiseLowerBound(of: column, to: values[column]) }
    let restricted = try MIPSolver.solve(
      fixed,
      options: SolverOptions(
        timeLimit: options.timeLimit * 0.4, relativeGap: options.relativeGap / 2,
        nodeLimit: options.nodeLimit.map { $0 / 2 }, verbose: options.verbose, startingSolution: greedy))
    guard restricted.status.hasSolution, model.objective(of: restricted.values) < model.objective(of: greedy)
    else {
      return greedy
    }
    return restricted.values
  }

  static func wage(of template: ShiftTemplate, in problem: SchedulingProblem) -> Double? {
    problem.contracts.filter { $0.templates.contains(template.name) }.map(\.hourlyWage).min()
  }
}

struct DateChannel: Hashable {
  var date: LocalDate
  var channel: String
}

/// Shift counts with the coverage and limits they imply, for the greedy rounding heuristic.
/// Coverage rows are those with a finite lower bound; each holds one shortfall column whose
/// cost prices a unit of unmet requirement. Rows with a finite upper bound are limits.
struct CoverageState {
  let model: MIPModel
  let shiftColumns: [Int]
  var values: [Double]
  /// Activity of each row from the shift columns only.
  var activity: [Double]
  /// Per shift column: (row, coefficient) pairs.
  var rowsOfColumn: [Int: [(row: Int, coefficient: Double)]] = [:]
  /// Per coverage row: the shortfall column's unit cost.
  var shortfallCost: [Int: Double] = [:]

  init(model: MIPModel, shiftColumns: [Int], values: [Double]) {
    self.model = model
    self.shiftColumns = shiftColumns
    self.values = values
    let isShift = Set(shiftColumns)
    activity = Array(repeating: 0, count: model.constraints.count)
    for (rowIndex, row) in model.constraints.enumerated() {
      for (column, coefficient) in zip(row.indices, row.coefficients) {
        if isShift.contains(column) {
          rowsOfColumn[column, default: []].append((rowIndex, coefficient))
          activity[rowIndex] += coefficient * values[column]
        } else if row.lower.isFinite {
          shortfallCost[rowIndex] = model.variables[column].cost
        }
      }
    }
  }

  /// Shortfall cost saved, less the shift's cost, by one more (`step` 1) or one fewer
  /// (`step` −1) agent on `column`; nil when that breaks a limit or a bound.
  func gain(_ column: Int, step: Double) -> Double? {
    let next = values[column] + step
    let variable = model.variables[column]
    guard next >= variable.lower, next <= variable.upper else { return nil }
    var saved = -variable.cost * step
    for (row, coefficient) in rowsOfColumn[column] ?? [] {
      let constraint = model.constraints[row]
      let after = activity[row] + coefficient * step
      if constraint.upper.isFinite && after > constraint.upper + 1e-9 { return nil }
      if constraint.lower.isFinite, let price = shortfallCost[row] {
        let before = max(0, constraint.lower - activity[row])
        saved += (before - max(0, constraint.lower - after)) * price
      }
    }
    return saved
  }

  mutating func apply(_ column: Int, step: Double) {
    values[column] += step
    for (row, coefficient) in rowsOfColumn[column] ?? [] { activity[row] += coefficient * step }
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
    for (rowIndex, row) in model.constraints.enumerated()
    where row.lower.isFinite && shortfallCost[rowIndex] != nil {
      guard let slack = row.indices.first(where: { rowsOfColumn[$0] == nil }) else { continue }
      result[slack] = max(0, row.lower - activity[rowIndex])
    }
    return result
  }
}
