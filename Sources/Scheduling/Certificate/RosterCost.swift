import RotaCore

/// What a delivered roster costs, recomputed from its shifts alone: the figure the solver's
/// certificate prints, so that it is what the written roster costs.
///
/// Labour is each shift at its employee's wage with the night and weekday premiums, plus the
/// overtime premium on paid minutes beyond a contract's week; an open shift costs its hours
/// at the lowest wage allowed to work it plus the open-shift premium; a live channel's agent-
/// hours short of the gross requirement and an email channel's overdue work (the backlog
/// worked first in, first out by the agents on task after shrinkage; with a share target only
/// what exceeds the share's allowance; on a repeating week the backlog wraps, and work the week
/// never answers costs a whole week overdue) cost the channel's `shortfall_cost_per_hour`. The shift plan prices the same things with every shift at the
/// lowest wage of its template and never more, so its bound is a bound on this cost too.
public struct RosterCost: Sendable, Equatable {
  public var labour: Double
  public var openShifts: Double
  public var liveShortfall: Double
  public var emailOverdue: Double
  /// Guaranteed days (`min_days_per_week`) not worked, each paid at the contract's
  /// ``Contract/idleDayCost``.
  public var idleDays: Double

  public var total: Double { labour + openShifts + liveShortfall + emailOverdue + idleDays }

  public init(_ roster: Roster, problem: SchedulingProblem) {
    let pay = problem.rules.pay
    let contracts = Dictionary(problem.contracts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let contractOf = Dictionary(
      roster.employees.compactMap { employee in contracts[employee.contract].map { (employee.id, $0) } },
      uniquingKeysWith: { a, _ in a })
    var labour = 0.0
    var minutes: [String: Int] = [:]
    for assignment in roster.assignments {
      labour += pay.cost(of: assignment.shift, wage: contractOf[assignment.employeeID]?.hourlyWage ?? 0)
      minutes[assignment.employeeID, default: 0] += assignment.shift.paidMinutes
    }
    for (employee, worked) in minutes.sorted(by: { $0.key < $1.key }) {
      guard let contract = contractOf[employee] else { continue }
      labour +=
        Double(max(0, worked - contract.maxMinutesPerWeek)) / 60 * contract.hourlyWage * pay.overtimePremium
    }
    self.labour = labour
    var idle = 0.0
    let daysWorked = Dictionary(grouping: roster.assignments, by: \.employeeID).mapValues {
      Set($0.map(\.shift.date)).count
    }
    for employee in roster.employees {
      guard let contract = contracts[employee.contract] else { continue }
      let guaranteed = contract.guaranteedDays(
        available: problem.dates.filter(employee.isAvailable(on:)).count)
      idle += Double(max(0, guaranteed - daysWorked[employee.id, default: 0])) * contract.idleDayCost
    }
    idleDays = idle
    openShifts = roster.openShifts.reduce(0) { sum, shift in
      let wage =
        problem.contracts.filter { $0.templates.contains(shift.template) }.map(\.hourlyWage).min() ?? 0
      return sum + pay.cost(of: shift, wage: wage) * (1 + pay.openShiftPremium)
    }
    let intervals = Array(Set(problem.requirements.map(\.interval))).sorted()
    let onTask = roster.agentsOnTask(in: intervals, intervalMinutes: problem.grid.intervalMinutes)
    let hours = Double(problem.grid.intervalMinutes) / 60
    let byChannel = Dictionary(grouping: problem.requirements, by: \.channel)
    var live = 0.0
    var overdue = 0.0
    for channel in problem.channels {
      let requirements = (byChannel[channel.name] ?? []).sorted { $0.interval < $1.interval }
      let agents = onTask[channel.name] ?? [:]
      let price = channel.shortfallCostPerHour * hours
      if channel.kind == .email {
        let capacity = requirements.map { requirement in
          (agents[requirement.interval.start] ?? 0) * (1 - channel.shrinkage(at: requirement.interval))
        }
        let path = EmailBacklog.workOff(
          work: requirements.map { $0.work ?? 0 }, capacity: capacity, cyclic: problem.cyclic)
        let notYetDue = EmailBacklog.notYetDue(requirements, cyclic: problem.cyclic)
        var late = zip(path.backlog, notYetDue).reduce(0) { $0 + max(0, $1.0 - $1.1) }
        if channel.deadlineShare < 1 {
          late = max(0, late - EmailBacklog.allowance(requirements, share: channel.deadlineShare))
        }
        overdue += (late + path.dropped * EmailBacklog.droppedWeight(requirements)) * price
      } else {
        for requirement in requirements where requirement.grossAgents > 0 {
          live += max(0, Double(requirement.grossAgents) - (agents[requirement.interval.start] ?? 0)) * price
        }
      }
    }
    liveShortfall = live
    emailOverdue = overdue
  }
}
