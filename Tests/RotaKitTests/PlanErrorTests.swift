import Scheduling
import Testing

@testable import RotaKit

/// How a run that found no roster reads and exits: status 2, with what the planner can do.
@Suite struct PlanErrorTests {
  @Test func noRosterInTimeGivesTheBoundAndAdvice() {
    let error = PlanError.noRoster(
      status: .noSolution, bound: 24642.537, advice: "Raise solver.time_limit_seconds.")
    #expect(error.exitCode == 2)
    #expect(
      error.description
        == "no feasible roster (no_solution); best bound on the cost: 24642.54. Raise solver.time_limit_seconds."
    )
  }

  @Test func conflictsAreListed() {
    let error = PlanError.infeasible(["Saturday needs 8", "the week needs 40 shifts"])
    #expect(error.exitCode == 2)
    #expect(
      error.description
        == "the hard rules cannot all hold:\n  - Saturday needs 8\n  - the week needs 40 shifts")
  }

  @Test func badInputExitsOne() {
    #expect(PlanError.input(.fileNotFound("x.csv")).exitCode == 1)
  }
}
