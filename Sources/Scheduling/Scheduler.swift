import RotaCore

/// Why scheduling delivered no roster.
public enum ScheduleError: Error, Sendable {
  /// GLPK refused a model (a bug, not the planner's input).
  case model(MIPModelError)
  /// Hard coverage the rules cannot meet: the rules in conflict, in the planner's words.
  case infeasible([String])
  /// The shift plan found nothing (its status and whatever bound it proved).
  case noRoster(status: SolveStatus, bound: Double?)
}

/// Scheduling's entry point: the shift plan (``ShiftPlanner``), people on its shifts
/// (``EmployeeAssignment``), and the certificate of the delivered roster (``RosterCost``
/// against the plan's bound) with its status word.
public enum Scheduler {
  /// Shifts, then people, for `problem`. The shift plan may take three quarters of the time
  /// limit and the assignment what it leaves; node and pass limits stop both long before, by
  /// default. The status word comes from the certificate: `optimal` at no gap, `within_gap`
  /// within the asked gap, otherwise `time_limit` when the clock stopped some stage (listed in
  /// ``ShiftPlan/clockStops``) and `node_limit` when only node and pass limits did.
  public static func schedule(_ problem: SchedulingProblem, options: SolverOptions) throws(ScheduleError)
    -> (plan: ShiftPlan, roster: Roster)
  {
    let stops = ClockStops()
    let result: Result<(plan: ShiftPlan, roster: Roster), ScheduleError> = ClockStops.$current.withValue(
      stops
    ) {
      do throws(ScheduleError) {
        return .success(try certified(problem, options: options))
      } catch { return .failure(error) }
    }
    var (plan, roster) = try result.get()
    plan.clockStops = stops.stages
    plan.solution.status = status(
      plan.solution, askedGap: options.relativeGap, clockStopped: !plan.clockStops.isEmpty)
    return (plan, roster)
  }

  /// The status word of a certified roster (see ``schedule(_:options:)``).
  public static func status(_ certificate: MIPSolution, askedGap: Double, clockStopped: Bool) -> SolveStatus {
    let gap = certificate.gap ?? .infinity
    if gap <= 1e-9 { return .optimal }
    if gap <= askedGap { return .withinGap }
    return clockStopped ? .timeLimit : .nodeLimit
  }

  static func certified(_ problem: SchedulingProblem, options: SolverOptions) throws(ScheduleError)
    -> (plan: ShiftPlan, roster: Roster)
  {
    var options = options
    let clock = ContinuousClock.now
    var planOptions = options
    planOptions.timeLimit = options.timeLimit * 0.75
    let plan: ShiftPlan
    do { plan = try ShiftPlanner.plan(problem, options: planOptions) } catch { throw .model(error) }
    if !plan.conflicts.isEmpty { throw .infeasible(plan.conflicts) }
    guard plan.solution.status.hasSolution else {
      throw .noRoster(status: plan.solution.status, bound: plan.solution.bound)
    }
    options.timeLimit = max(0.1, options.timeLimit - (ContinuousClock.now - clock).seconds)
    let assigned = ContinuousClock.now
    let roster: Roster
    do { roster = try EmployeeAssignment.assign(plan, problem: problem, options: options).roster } catch {
      throw .model(error)
    }
    // The certificate is the delivered roster's: its cost recomputed from its shifts, against
    // the shift plan's bound, which bounds that cost for every roster the rules allow.
    var certified = plan
    let cost = RosterCost(roster, problem: problem)
    certified.cost = cost
    certified.solution.objective = cost.total
    // Without a solved LP, nothing better than 0 bounds the cost. The plan covered what the
    // pinned shifts leave, so their pay (which no roster can avoid) adds to its bound.
    certified.solution.bound = (plan.solution.bound ?? 0) + problem.pinnedPay
    certified.solution.seconds += (ContinuousClock.now - assigned).seconds
    return (certified, roster)
  }
}
