import RotaCore

/// Chooses how many agents start each shift so that every interval's gross requirement is
/// covered at least cost, with a priced shortfall where covering it is impossible or dearer.
///
/// Breaks are placed implicitly, after Aykin ("Optimal shift scheduling with multiple break
/// windows", *Management Science* 42, 1996): one integer column per (day, template, start,
/// channel) counts agents on the shift, and per break one integer column per start in the
/// break's window counts those of them taking it then, the break columns summing to the
/// shift column. A shift with a lunch window of five starts and two rest windows of four
/// needs 1 + 5 + 4 + 4 columns instead of the 80 of explicit placement, with the same LP
/// bound (each explicit placement is a sum of break columns and back), and the break windows
/// of different shifts are free to interleave. For live channels one continuous shortfall
/// column per interval and a coverage row (agents on shift − agents on a break + shortfall ≥
/// gross agents); for email a backlog carried from interval to interval with its overdue part
/// priced; and rows for the people available each day (per channel, per template and in all)
/// and for the week's days and hours the contracts allow; with week rules, the tours of
/// ``addTours(_:shifts:to:)``. A shift costs its paid hours at its contract's wage, premiums
/// included (with start-time bands, at the lowest wage of the contracts allowing it). The
/// search: the LP bound, relax-and-fix by day for a first plan (LP rounding where a stage finds
/// nothing), fix-and-optimise per day and channel, branch-and-cut for the bound, and the breaks
/// placed last; shift counts are searched with break columns continuous. Node limits stop
/// every stage. With hard coverage, ``Infeasibility`` explains an infeasible model instead.
public enum ShiftPlanner {
  public static func plan(_ problem: SchedulingProblem, options: SolverOptions) throws(MIPModelError)
    -> ShiftPlan
  {
    let clock = ContinuousClock.now
    let built = model(problem)
    if problem.rules.coverageIsHard,
      let conflicts = try Infeasibility.explain(
        built.model, record: built.record, problem: problem, options: options)
    {
      return ShiftPlan(
        shifts: [],
        solution: MIPSolution(status: .infeasible, objective: nil, bound: nil, values: [], seconds: 0),
        shortfallHours: [:], conflicts: conflicts)
    }
    return try search(built, problem: problem, options: options, since: clock)
  }

  static func wage(of template: ShiftTemplate, in problem: SchedulingProblem) -> Double? {
    problem.contracts.filter { $0.templates.contains(template.name) }.map(\.hourlyWage).min()
  }
}
