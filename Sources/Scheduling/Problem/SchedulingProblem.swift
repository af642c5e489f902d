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

  func employee(_ employee: Employee, canWork template: String, channel: String, on date: LocalDate) -> Bool {
    guard let contract = contract(of: employee),
      let paid = templates.first(where: { $0.name == template })?.paidMinutes
    else { return false }
    return employee.isAvailable(on: date) && contract.templates.contains(template)
      && employee.skills.contains(channel) && paid <= contract.maxMinutesPerDay
  }

  /// Whether `employee` may work `shift`: the template, channel and date allow it and the
  /// shift lies inside the employee's hours.
  func employee(_ employee: Employee, canWork shift: Shift) -> Bool {
    self.employee(employee, canWork: shift.template, channel: shift.channel, on: shift.date)
      && employee.hoursAllow(start: shift.start, end: shift.end)
  }
}
