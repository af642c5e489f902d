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
  /// With a week that repeats, its first and last dates: the night shifts of the last date
  /// cover the first date's early hours.
  public var cyclicPeriod: ClosedRange<LocalDate>?

  /// With a week that repeats, its length in seconds on `grid` (email's backlog wraps over
  /// it); nil otherwise.
  public func cycleSeconds(on grid: TimeGrid) -> Int? {
    cyclicPeriod.map { grid.seconds(from: $0.lowerBound, through: $0.upperBound) }
  }

  public init(
    employees: [Employee], assignments: [RosteredShift], openShifts: [Shift],
    cyclicPeriod: ClosedRange<LocalDate>? = nil
  ) {
    self.employees = employees
    self.assignments = assignments
    self.openShifts = openShifts
    self.cyclicPeriod = cyclicPeriod
  }

  /// Agents on task per channel and interval start: each shift counts by the share of the
  /// interval it spends working (not on a break).
  public func agentsOnTask(in intervals: [GridInterval], intervalMinutes: Int) -> [String: [LocalDateTime:
    Double]]
  {
    // Each shift under the dates it covers: its own, and the next for a night shift (on a
    // repeating week, the last date's night shifts as if they began the day before the first).
    var byDate: [LocalDate: [Shift]] = [:]
    for assignment in assignments {
      var shift = assignment.shift
      byDate[shift.date, default: []].append(shift)
      guard shift.end > 1440 else { continue }
      byDate[shift.date.adding(days: 1), default: []].append(shift)
      if let period = cyclicPeriod, shift.date == period.upperBound {
        shift.date = period.lowerBound.adding(days: -1)
        byDate[period.lowerBound, default: []].append(shift)
      }
    }
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

/// How evenly the unpopular shifts fall: per employee with any shift, the evenings (shifts
/// ending after the rules' evening start) and weekend days worked, as the fewest and the most.
public struct FairnessSpread: Sendable, Equatable {
  public var evenings: ClosedRange<Int>
  public var weekendDays: ClosedRange<Int>

  public init(_ roster: Roster, rules: LabourRules) {
    let byEmployee = Dictionary(grouping: roster.assignments, by: \.employeeID)
    let evenings = byEmployee.values.map { $0.filter { $0.shift.end > rules.eveningStartMinute }.count }
    let weekend = byEmployee.values.map {
      $0.filter { [.saturday, .sunday].contains($0.shift.date.weekday) }.count
    }
    self.evenings = (evenings.min() ?? 0)...(evenings.max() ?? 0)
    self.weekendDays = (weekend.min() ?? 0)...(weekend.max() ?? 0)
  }
}

extension Roster {
  /// Per optional contract (a flex pool: agency staff, vacancies, hire candidates), how many of
  /// its people the roster uses and how many it has, in the contracts' order. For vacancies,
  /// the number used is the number to hire.
  public func optionalUse(_ contracts: [Contract]) -> [(contract: String, used: Int, of: Int)] {
    let working = Set(assignments.map(\.employeeID))
    return contracts.filter(\.optional).map { contract in
      let members = employees.filter { $0.contract == contract.name }
      return (contract.name, members.filter { working.contains($0.id) }.count, members.count)
    }
  }
}
