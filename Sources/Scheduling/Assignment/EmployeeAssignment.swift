import RotaCore

/// Gives the planned shifts to employees with a second integer program.
///
/// One binary column per (employee, distinct shift) that the employee may work (skill,
/// available day and hours, not on leave, contract allows the template and its length), and
/// one open-shift column per distinct shift. Hard rows: each shift's count is met by
/// employees plus open shifts; an employee works at most one shift a day, at most the
/// contract's days and paid minutes a week, never two shifts with less than the minimum rest
/// between them; with week rules, each employee takes at most one tour (one of the widest
/// weeks the rules allow × one band of start times) and every shift must lie in it. The
/// objective is the wage of those rostered plus a heavy price per open shift, so open shifts
/// appear only when the rules leave no one to take them; then, far smaller, hours short of a
/// contract's guaranteed minimum, shifts on preferred days off, and the most evenings and
/// weekend days any one person works (which spreads them).
///
/// Tours are chosen by diving on the LP (or, when the LP would be slow, as the shift plan laid
/// them out); the LP's near-whole choices, completed greedily, are one first roster, the
/// plan's own tours matched to its shifts (``plannedStaffing(_:shifts:problem:columnsOfShift:columns:)``)
/// another; the cheaper, which fix-and-optimise improves with tours free again (windows of a day's shifts and of four
/// employees' weeks) before branch-and-cut. Models too large for GLPK's LP in reasonable
/// time keep that roster, with a bound from an LP over pools of alike employees.
public enum EmployeeAssignment {
  /// Cost of leaving a shift open, per paid hour, above any wage.
  static let openShiftCostPerHour = 1000.0
  /// Cost per hour below a contract's guaranteed hours.
  static let guaranteedHoursShortCostPerHour = 40.0
  /// Cost of a shift on a day the employee prefers off.
  static let preferenceCost = 2.0
  /// Cost per evening or weekend day that the busiest person works.
  static let fairnessCost = 1.0
  /// Above this many (employee, shift) and (employee, tour) columns the assignment is left to
  /// the greedy roster and its repair: GLPK's LP alone would take minutes.
  static let largestModel = 20_000

  public static func assign(_ plan: ShiftPlan, problem: SchedulingProblem, options: SolverOptions)
    throws(MIPModelError) -> (roster: Roster, solution: MIPSolution)
  {
    let built = AssignmentModel(plan, problem: problem)
    var model = built.model
    let (shifts, pinnedEmployee, columnsOfShift, openColumns, extras) = (
      built.shifts, built.pinnedEmployee, built.columnsOfShift, built.openColumns, built.extras
    )
    let (mostEvenings, mostWeekendDays) = (built.mostEvenings, built.mostWeekendDays)
    let dates = problem.dates
    var options = options
    let pairs = columnsOfShift.reduce(0) { $0 + $1.count } + extras.reduce(0) { $0 + $1.tours.count }
    var startsOfEmployee: [[(start: Int, day: Int)]] = Array(repeating: [], count: problem.employees.count)
    let dayOf = Dictionary(dates.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    for (index, columns) in columnsOfShift.enumerated() {
      for entry in columns {
        startsOfEmployee[entry.employee].append(
          (shifts[index].shift.start, dayOf[shifts[index].shift.date]!))
      }
    }
    // Tours by diving on the LP where the LP is quick; otherwise as the shift plan laid them out.
    let clock = ContinuousClock.now
    func left() -> Double { max(0.1, options.timeLimit - (ContinuousClock.now - clock).seconds) }
    var guide: [Double]?
    let toursFree = model
    if pairs <= largestModel {
      guide = try fixTours(&model, extras: extras, options: options)
    } else if !plan.tours.isEmpty {
      let pinnedOnes = Set(pinnedEmployee.compactMap { $0 })
      let tours = plan.tours.map { tour in
        var kept = tour
        kept.employees = tour.employees.filter { !pinnedOnes.contains($0) }
        return kept
      }
      fixPlannedTours(tours, in: &model, extras: extras, starts: startsOfEmployee)
    }
    if options.startingSolution == nil {
      var starts = [
        greedy(
          shifts: shifts, problem: problem, model: model, columnsOfShift: columnsOfShift, open: openColumns,
          extras: extras, most: (mostEvenings, mostWeekendDays), guide: guide)
      ]
      // The plan's tours staff all its shifts; the dive's roster may still be the cheaper on
      // preferences and fairness.
      if !plan.tours.isEmpty {
        let staffing = plannedStaffing(
          plan, shifts: shifts, problem: problem, columnsOfShift: columnsOfShift,
          columns: model.variables.count)
        starts.append(
          greedy(
            shifts: shifts, problem: problem, model: toursFree, columnsOfShift: columnsOfShift,
            open: openColumns, extras: extras, most: (mostEvenings, mostWeekendDays), guide: staffing))
      }
      options.startingSolution = starts.filter { toursFree.firstViolation($0) == nil }.min {
        toursFree.objective(of: $0) < toursFree.objective(of: $1)
      }
    }
    // Fix-and-optimise on that roster with the tours free again: each day's shifts, then each
    // four employees' weeks with their tours, then eight at a time straddling two of those
    // fours, the open shifts free in every window; three rounds in at most half the time
    // left. On the 24/7 hotline the greedy roster costs 119032 (open shifts at their price),
    // where 100 nodes of branch-and-cut found nothing better; the windows of four make it
    // 64553, and with those of eight the roster ends at 60343 with 2 open shifts, not 61435
    // with 3.
    if let start = options.startingSolution {
      let personal = Set(columnsOfShift.joined().map(\.column) + extras.flatMap { $0.tours.map(\.column) })
      let shared = model.variables.indices.filter {
        model.variables[$0].kind != .continuous && !personal.contains($0)
      }
      let byDay = dates.map { date in
        shifts.indices.filter { shifts[$0].shift.date == date }.flatMap { columnsOfShift[$0].map(\.column) }
          + shared
      }
      var weeks = Array(repeating: [Int](), count: problem.employees.count)
      for entry in columnsOfShift.joined() { weeks[entry.employee].append(entry.column) }
      for (employee, columns) in extras.enumerated() { weeks[employee] += columns.tours.map(\.column) }
      func employees(from: Int, count: Int) -> [Int] {
        weeks[from..<min(weeks.count, from + count)].flatMap { $0 } + shared
      }
      let byFour = stride(from: 0, to: weeks.count, by: 4).map { employees(from: $0, count: 4) }
      let byEight = stride(from: 2, to: weeks.count, by: 4).map { employees(from: $0, count: 8) }
      options.startingSolution = FixAndOptimize.improve(
        toursFree, start: start, windows: byDay + byFour + byEight,
        nodeLimit: max(1, (options.nodeLimit ?? 400) / 4),
        rounds: 3, deadline: ContinuousClock.now + .seconds(left() / 2))
    }
    options.timeLimit = left()
    // From that roster, branch-and-cut rarely finds better within the budget: a quarter of it.
    options.nodeLimit = options.nodeLimit.map { max(1, $0 / 4) }
    var solution: MIPSolution
    if pairs > largestModel, let start = options.startingSolution {
      let bound = try aggregateBound(
        shifts, problem: problem, openCost: openColumns.map { model.variables[$0].cost })
      solution = MIPSolution(
        status: .heuristic, objective: zip(model.variables, start).reduce(0) { $0 + $1.0.cost * $1.1 },
        bound: bound, values: start, seconds: 0)
    } else {
      solution = try MIPSolver.solve(toursFree, options: options)
    }
    if !solution.status.hasSolution, let start = options.startingSolution {
      // Out of time before branch-and-cut took the start in: the start is a valid roster.
      solution.values = start
      solution.objective = zip(model.variables, start).reduce(0) { $0 + $1.0.cost * $1.1 }
      solution.status = .timeLimit
    }
    var assignments: [RosteredShift] = []
    var openShifts: [Shift] = []
    if solution.status.hasSolution {
      for (index, entry) in shifts.enumerated() {
        for (employeeIndex, column) in columnsOfShift[index] where solution.values[column] > 0.5 {
          assignments.append(
            RosteredShift(employeeID: problem.employees[employeeIndex].id, shift: entry.shift))
        }
        let open = Int(solution.values[openColumns[index]].rounded())
        openShifts += Array(repeating: entry.shift, count: open)
      }
    } else {
      openShifts = shifts.flatMap { Array(repeating: $0.shift, count: $0.count) }
    }
    let order = Dictionary(
      problem.employees.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    assignments.sort { (order[$0.employeeID]!, $0.shift) < (order[$1.employeeID]!, $1.shift) }
    let period =
      problem.cyclic ? problem.dates.first.flatMap { first in problem.dates.last.map { first...$0 } } : nil
    return (
      Roster(
        employees: problem.employees, assignments: assignments, openShifts: openShifts, cyclicPeriod: period),
      solution
    )
  }
}

extension EmployeeAssignment {
  /// Chooses each employee's tour by diving on the LP relaxation: solve it, fix the tours the
  /// LP already takes whole (or else the largest fractional ones), and repeat until
  /// every employee the LP uses has a tour. With the tours fixed the rest is close to a
  /// transportation problem, which GLPK's branch-and-cut settles quickly; choosing tours
  /// inside branch-and-cut instead left it without an incumbent better than the greedy one.
  /// A lower bound on the assignment's cost from a far smaller LP: employees alike (contract,
  /// skills, days, hours, leave) are pooled, and each pool may take any share of the shifts
  /// its members could work, within the pool's total days and minutes; the rest is open.
  /// Every roster is a solution of it (preferences and fairness cost nothing at best).
  static func aggregateBound(
    _ shifts: [(shift: Shift, count: Int)], problem: SchedulingProblem, openCost: [Double]
  )
    throws(MIPModelError) -> Double?
  {
    struct Pool: Hashable {
      var contract: String
      var skills: [String]
      var days: [Bool]
      var from: Int
      var until: Int
    }
    let pools = Dictionary(grouping: problem.employees) {
      Pool(
        contract: $0.contract, skills: $0.skills.sorted(), days: problem.dates.map($0.isAvailable(on:)),
        from: $0.availableFrom, until: $0.availableUntil)
    }
    var model = MIPModel(sense: .minimize)
    var fill: [[(Int, Double)]] = shifts.indices.map {
      [(model.addVariable("open[\($0)]", cost: openCost[$0]), 1)]
    }
    for (pool, members) in pools.sorted(by: { "\($0.key)" < "\($1.key)" }) {
      let contract = problem.contract(of: members[0])!
      var days: [(Int, Double)] = []
      var minutes: [(Int, Double)] = []
      for (index, entry) in shifts.enumerated() where problem.employee(members[0], canWork: entry.shift) {
        let column = model.addVariable(
          "take[\(pool.contract) \(index)]", upper: Double(min(entry.count, members.count)),
          cost: problem.rules.pay.cost(of: entry.shift, wage: contract.hourlyWage))
        fill[index].append((column, 1))
        days.append((column, 1))
        minutes.append((column, Double(entry.shift.paidMinutes)))
      }
      model.addConstraint("days", terms: days, upper: Double(members.count * contract.maxDaysPerWeek))
      model.addConstraint(
        "minutes", terms: minutes, upper: Double(members.count * contract.maxMinutesPerWeek))
    }
    for (index, terms) in fill.enumerated() {
      model.addConstraint(
        "fill[\(index)]", terms: terms, lower: Double(shifts[index].count), upper: Double(shifts[index].count)
      )
    }
    let solution = try MIPSolver.solve(model, options: SolverOptions(timeLimit: 10))
    return solution.status == .optimal ? solution.objective : nil
  }

  /// Gives the shift plan's tours to employees of their groups, each to the one with shifts
  /// to take in the tour's band on the most of its days (the first on a tie), and fixes
  /// their tour columns to it.
  static func fixPlannedTours(
    _ tours: [PlannedTour], in model: inout MIPModel, extras: [EmployeeColumns],
    starts: [[(start: Int, day: Int)]]
  ) {
    var given = Set<Int>()
    for tour in tours {
      for _ in 0..<tour.count {
        let candidates = tour.employees.filter { !given.contains($0) }
        func fit(_ employee: Int) -> Int {
          Set(starts[employee].filter { tour.week[$0.day] && tour.band.contains($0.start) }.map(\.day)).count
        }
        guard let employee = candidates.max(by: { (fit($0), -$0) < (fit($1), -$1) }) else { break }
        // The employee's own tour with the same week (and template) whose band holds the
        // planned one.
        let own = extras[employee].tours.filter {
          $0.week == tour.week && $0.band.lowerBound <= tour.band.lowerBound && $0.template == tour.template
        }
        guard
          let match = own.first(where: { $0.band.upperBound >= tour.band.upperBound })
            ?? own.max(by: { $0.band.lowerBound < $1.band.lowerBound })
        else { continue }
        given.insert(employee)
        for entry in extras[employee].tours {
          let value: Double = entry.column == match.column ? 1 : 0
          model.fix(entry.column, lower: value, upper: value)
        }
      }
    }
  }

  /// Returns the last LP's values (the LP's when no employee has tours), a guide for rounding.
  static func fixTours(_ model: inout MIPModel, extras: [EmployeeColumns], options: SolverOptions)
    throws(MIPModelError) -> [Double]?
  {
    var relaxed = model
    relaxed.relaxIntegrality()
    var undecided = Set(extras.indices.filter { !extras[$0].tours.isEmpty })
    let clock = ContinuousClock.now
    var last: [Double]?
    repeat {
      let lp = try MIPSolver.solve(
        relaxed,
        options: SolverOptions(timeLimit: max(0.1, options.timeLimit - (ContinuousClock.now - clock).seconds))
      )
      guard lp.status == .optimal else { return last }
      last = lp.values
      var chosen: [(employee: Int, column: Int, value: Double)] = []
      for employee in undecided.sorted() {
        guard let top = extras[employee].tours.max(by: { lp.values[$0.column] < lp.values[$1.column] }),
          lp.values[top.column] > 1e-6
        else {
          undecided.remove(employee)
          continue
        }
        chosen.append((employee, top.column, lp.values[top.column]))
      }
      let whole = chosen.filter { $0.value > 1 - 1e-6 }
      // Otherwise the surest eighth of the rest at once, which keeps the number of LPs small
      // for large teams.
      let fixing =
        whole.isEmpty
        ? Array(
          chosen.sorted { ($0.value, -$0.employee) > ($1.value, -$1.employee) }.prefix(
            max(1, chosen.count / 8)))
        : whole
      for choice in fixing {
        for tour in extras[choice.employee].tours {
          let value: Double = tour.column == choice.column ? 1 : 0
          relaxed.fix(tour.column, lower: value, upper: value)
          model.fix(tour.column, lower: value, upper: value)
        }
        undecided.remove(choice.employee)
      }
    } while !undecided.isEmpty
    return last
  }
}

/// One week an employee may be given: its days, band of starts and (with one template all
/// week) template, and its binary column.
struct EmployeeTour: TourShape {
  var week: [Bool]
  var band: ClosedRange<Int>
  var template: String?
  var column: Int
}

/// The columns of one employee's week rules that a starting solution must set.
struct EmployeeColumns {
  var tours: [EmployeeTour] = []
  /// Days of a tour to work: all of them where the contract guarantees days.
  var leastDays = 0
  var short: Int?
  /// Guaranteed days not worked, and how many are guaranteed.
  var idle: (column: Int, days: Int)?
}

struct EmployeeDay: Hashable {
  var employee: Int
  var date: LocalDate
}
