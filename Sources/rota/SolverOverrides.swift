import ArgumentParser
import RotaKit

/// The solver limits every scheduling command can override.
struct SolverOverrides: ParsableArguments {
  @Option(parsing: .unconditional, help: "Seconds allowed for each integer program (overrides the scenario).")
  var timeLimit: Double?

  @Option(
    parsing: .unconditional,
    help: "Relative gap at which the solver may stop, e.g. 0.005 (overrides the scenario).")
  var gap: Double?

  @Option(
    parsing: .unconditional,
    help: "Branch-and-cut subproblems per integer program (overrides the scenario; 0 for none).")
  var nodeLimit: Int?

  func apply(to scenario: inout Scenario) throws {
    if let timeLimit {
      guard timeLimit > 0, timeLimit <= 86_400 else {
        throw ValidationError("--time-limit must be above 0 seconds and at most a day (86400)")
      }
      scenario.solverTimeLimit = timeLimit
    }
    if let gap {
      guard (0...1).contains(gap) else { throw ValidationError("--gap must be a fraction from 0 to 1") }
      scenario.solverGap = gap
    }
    if let nodeLimit {
      guard nodeLimit >= 0 else { throw ValidationError("--node-limit must be 0 (none) or more") }
      scenario.solverNodeLimit = nodeLimit == 0 ? nil : nodeLimit
    }
  }
}
