import RotaCore

/// A shift given to a named employee.
public struct RosteredShift: Sendable, Hashable {
  public var employeeID: String
  public var shift: Shift

  public init(employeeID: String, shift: Shift) {
    self.employeeID = employeeID
    self.shift = shift
  }
}

/// Who works when: the week's shifts given to employees, and the shifts nobody could take.
public struct Roster: Sendable {
  public var employees: [Employee]
  /// Sorted by employee, then date.
  public var assignments: [RosteredShift]
  /// Shifts the plan wanted that no employee could take within the rules: to hire for or
  /// cover with overtime.
  public var openShifts: [Shift]

  public init(employees: [Employee], assignments: [RosteredShift], openShifts: [Shift]) {
    self.employees = employees
    self.assignments = assignments
    self.openShifts = openShifts
  }

  /// Agents on task per channel and interval start: each shift counts by the share of the
  /// interval it spends working (not on a break).
  public func agentsOnTask(in intervals: [GridInterval], intervalMinutes: Int) -> [String: [LocalDateTime:
    Double]]
  {
    var byDate: [LocalDate: [Shift]] = [:]
    for assignment in assignments { byDate[assignment.shift.date, default: []].append(assignment.shift) }
    var result: [String: [LocalDateTime: Double]] = [:]
    for interval in intervals {
      for shift in byDate[interval.start.date] ?? [] {
        let share = shift.onTaskFraction(
          date: interval.start.date, minute: interval.start.minuteOfDay, length: intervalMinutes)
        if share > 0 { result[shift.channel, default: [:]][interval.start, default: 0] += share }
      }
    }
    return result
  }
}

/// Gives the planned shifts to employees with a second integer program.
///
/// One binary column per (employee, distinct shift) that the employee may work (skill,
/// available weekday, contract allows the template), and one open-shift column per distinct
/// shift. Rows: each shift's count is met by employees plus open shifts; an employee works at
/// most one shift a day, at most the contract's days and paid minutes a week, and never two
/// shifts with less than the minimum rest between them. The objective is the wage of those
/// rostered plus a heavy price per open shift, so open shifts appear only when the rules
/// leave no one to take them.
public enum EmployeeAssignment {
  /// Cost of leaving a shift open, per paid hour, above any wage.
  static let openShiftCostPerHour = 1000.0

  public static func assign(_ plan: ShiftPlan, problem: SchedulingProblem, options: SolverOptions)
    throws(MIPModelError) -> (roster: Roster, solution: MIPSolution)
  {
    var model = MIPModel(sense: .minimize)
    let shifts = plan.shifts
    var columnsOfShift: [[(employee: Int, column: Int)]] = Array(repeating: [], count: shifts.count)
    var openColumns: [Int] = []
    var columnsOfEmployeeDay: [EmployeeDay: [(shift: Int, column: Int)]] = [:]
    for (index, entry) in shifts.enumerated() {
      let shift = entry.shift
      for (employeeIndex, employee) in problem.employees.enumerated()
      where problem.employee(employee, canWork: shift.template, channel: shift.channel, on: shift.date) {
        let wage = problem.contract(of: employee)!.hourlyWage
        let column = model.addVariable(
          "y[\(employee.id) \(index)]", kind: .binary, cost: problem.rules.pay.cost(of: shift, wage: wage))
        columnsOfShift[index].append((employeeIndex, column))
        columnsOfEmployeeDay[EmployeeDay(employee: employeeIndex, date: shift.date), default: []].append(
          (index, column))
      }
      let open = model.addVariable(
        "open[\(index)]", kind: .integer, upper: Double(entry.count),
        cost: openShiftCostPerHour * Double(shift.paidMinutes) / 60)
      openColumns.append(open)
      model.addConstraint(
        "fill[\(index)]", terms: columnsOfShift[index].map { ($0.column, 1) } + [(open, 1)],
        lower: Double(entry.count), upper: Double(entry.count))
    }
    for (employeeIndex, employee) in problem.employees.enumerated() {
      let contract = problem.contract(of: employee)!
      var weekDays: [(Int, Double)] = []
      var weekMinutes: [(Int, Double)] = []
      for date in problem.dates {
        let today = columnsOfEmployeeDay[EmployeeDay(employee: employeeIndex, date: date)] ?? []
        guard !today.isEmpty else { continue }
        model.addConstraint("day[\(employee.id) \(date)]", terms: today.map { ($0.column, 1) }, upper: 1)
        weekDays += today.map { ($0.column, 1) }
        weekMinutes += today.map { ($0.column, Double(shifts[$0.shift].shift.paidMinutes)) }
        let tomorrow =
          columnsOfEmployeeDay[EmployeeDay(employee: employeeIndex, date: date.adding(days: 1))] ?? []
        for entry in today {
          let end = shifts[entry.shift].shift.end
          let clashes = tomorrow.filter {
            shifts[$0.shift].shift.start + 1440 - end < problem.rules.minRestMinutes
          }
          if !clashes.isEmpty {
            model.addConstraint(
              "rest[\(employee.id) \(entry.shift)]",
              terms: [(entry.column, 1)] + clashes.map { ($0.column, 1) },
              upper: 1)
          }
        }
      }
      if !weekDays.isEmpty {
        model.addConstraint("days[\(employee.id)]", terms: weekDays, upper: Double(contract.maxDaysPerWeek))
        model.addConstraint(
          "minutes[\(employee.id)]", terms: weekMinutes, upper: Double(contract.maxMinutesPerWeek))
      }
    }
    let solution = try MIPSolver.solve(model, options: options)
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
    return (Roster(employees: problem.employees, assignments: assignments, openShifts: openShifts), solution)
  }
}

struct EmployeeDay: Hashable {
  var employee: Int
  var date: LocalDate
}
