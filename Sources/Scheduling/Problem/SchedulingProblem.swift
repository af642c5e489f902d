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
  /// The period repeats (`planning.cyclic`): a night shift on its last day runs into its
  /// first day's early hours, and rest between them counts.
  public var cyclic: Bool
  /// Shifts that must stay as they are (agreed requests, training): each employee's exactly
  /// as given. The shift plan covers what they leave; the assignment keeps them.
  public var pinned: [RosteredShift] = []
  /// When re-planning part of a week: no new shift starts before this wall-clock time (the
  /// shifts kept from before it are ``pinned``).
  public var newShiftsFrom: LocalDateTime?
  /// When re-planning: the published shifts not yet started, each worth ``changeCost`` kept
  /// (the same template, channel, start and end for the same employee on the same day).
  public var published: [RosteredShift] = []
  public var changeCost: Double = 0

  public init(
    grid: TimeGrid, openingHours: OpeningHours, dates: [LocalDate], channels: [Channel],
    requirements: [Requirement], templates: [ShiftTemplate], contracts: [Contract], employees: [Employee],
    rules: LabourRules, cyclic: Bool = false
  ) {
    self.cyclic = cyclic
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

  /// The date after `date` in the plan: the next date, or with a cyclic plan the first after
  /// the last; nil past the end of a plan that does not repeat.
  func dateAfter(_ date: LocalDate) -> LocalDate? {
    let next = date.adding(days: 1)
    if dates.contains(next) { return next }
    return cyclic && date == dates.last ? dates.first : nil
  }

  func contract(of employee: Employee) -> Contract? { contracts.first { $0.name == employee.contract } }

  /// Whether people get whole weeks (tours) rather than shifts one by one: the week rules
  /// shape weeks, or a contract guarantees days or keeps one template all week.
  var plansTours: Bool { rules.shapesWeeks || contracts.contains(where: \.shapesWeek) }

  func employee(_ employee: Employee, canWork template: String, channel: String, on date: LocalDate) -> Bool {
    guard let contract = contract(of: employee),
      let paid = templates.first(where: { $0.name == template })?.paidMinutes
    else { return false }
    return employee.isAvailable(on: date) && contract.templates.contains(template)
      && employee.skills.contains(channel) && paid <= contract.maxMinutesPerDay
  }

  /// Whether `employee` may work `shift`: the template, channel and date allow it and the
  /// shift lies inside the employee's hours.
  /// Whether the plan may add a shift starting at `start` minutes on `date`: always, unless
  /// it lies before ``newShiftsFrom``.
  func allowsNewShift(on date: LocalDate, start: Int) -> Bool {
    guard let first = newShiftsFrom else { return true }
    return date > first.date || (date == first.date && start >= first.minuteOfDay)
  }

  /// The published shifts by what the shift plan's columns tell apart, with the contract of
  /// their employee.
  func publishedCounts() -> [PublishedKey: Int] {
    var counts: [PublishedKey: Int] = [:]
    let contractOf = Dictionary(employees.map { ($0.id, $0.contract) }, uniquingKeysWith: { a, _ in a })
    for entry in published {
      guard let contract = contractOf[entry.employeeID] else { continue }
      counts[PublishedKey(entry.shift, contract: contract), default: 0] += 1
    }
    return counts
  }

  func employee(_ employee: Employee, canWork shift: Shift) -> Bool {
    self.employee(employee, canWork: shift.template, channel: shift.channel, on: shift.date)
      && employee.hoursAllow(start: shift.start, end: shift.end)
  }
}

extension SchedulingProblem {
  /// What the pinned shifts alone cost in pay (wage, premiums, overtime among themselves):
  /// every roster that keeps them pays at least this on top of what covers the rest, so the
  /// shift plan's bound, made for what the pins leave, plus this bounds every such roster.
  public var pinnedPay: Double {
    pinned.isEmpty
      ? 0
      : RosterCost(Roster(employees: employees, assignments: pinned, openShifts: []), problem: self).labour
  }

  /// Why the pinned shifts cannot all be kept, one line per conflict naming the employee and
  /// the date (empty when they can): each must be one the employee may work (skill, day,
  /// hours, contract), and together an employee's pins must keep the week's rules (one shift
  /// a day, rest, days and hours, days off together and runs of days, start-time variation).
  public func pinConflicts() -> [String] {
    var conflicts: [String] = []
    let byEmployee = Dictionary(grouping: pinned, by: \.employeeID)
    for id in byEmployee.keys.sorted() {
      let pins = byEmployee[id]!.map(\.shift).sorted()
      guard let employee = employees.first(where: { $0.id == id }), let contract = contract(of: employee)
      else {
        conflicts.append("\(id): not an employee of the scenario")
        continue
      }
      for shift in pins {
        if !dates.contains(shift.date) {
          conflicts.append("\(id) on \(shift.date): the date is not in the plan")
        } else if !self.employee(employee, canWork: shift) {
          conflicts.append(
            "\(id) on \(shift.date): may not work \(shift.template) on \(shift.channel) then (skill, day, "
              + "hours or contract)")
        }
      }
      let days = Dictionary(grouping: pins, by: \.date)
      for (date, same) in days.sorted(by: { $0.key < $1.key }) where same.count > 1 {
        conflicts.append("\(id) on \(date): \(same.count) pinned shifts on one day")
      }
      for shift in pins {
        guard let next = dateAfter(shift.date), let following = days[next]?.first else { continue }
        if following.start + 1440 - shift.end < rules.minRestMinutes {
          conflicts.append(
            "\(id) on \(shift.date): the pinned shift the next day leaves less than "
              + "\((Double(rules.minRestMinutes) / 60).formatted(maxDecimals: 1)) h of rest")
        }
      }
      let minutes = pins.reduce(0) { $0 + $1.paidMinutes }
      if minutes > contract.maxMinutesPerWeek {
        conflicts.append("\(id): pinned shifts make \(minutes / 60) h, above the contract's week")
      }
      let worked = dates.map { days[$0] != nil }
      if !rules.allows(worked, weekdays: dates.map(\.weekday), maxDays: contract.maxDaysPerWeek) {
        conflicts.append(
          "\(id): the pinned days break the week's day rules (days, days off together, days in a row)")
      }
      if let variation = rules.maxStartVariationMinutes, let first = pins.map(\.start).min(),
        let last = pins.map(\.start).max(), last - first > variation
      {
        conflicts.append("\(id): pinned starts vary by more than \(variation) minutes")
      }
    }
    return conflicts
  }
}

/// A published shift as the shift plan sees it.
struct PublishedKey: Hashable {
  var date: LocalDate
  var template: String
  var channel: String
  var start: Int
  var end: Int
  var contract: String?

  init(_ shift: Shift, contract: String?) {
    date = shift.date
    template = shift.template
    channel = shift.channel
    start = shift.start
    end = shift.end
    self.contract = contract
  }
}
