/// Fix-and-optimise on any integer program (after Helber & Sahling, "A fix-and-optimize
/// approach for the multi-level capacitated lot sizing problem", *IJPE* 123, 2010): given a
/// feasible solution, each window of integer columns in turn is re-solved with every other
/// integer column fixed at its value, starting from the current solution, and the answer is
/// kept when it is cheaper. A window is a small integer program, so GLPK settles it within a
/// few hundred nodes where the whole model would stall; the solution never gets worse.
enum FixAndOptimize {
  /// Improves `start` window by window, for `rounds` rounds or until a round gains nothing;
  /// `nodeLimit` per window, and no window starts after `deadline`.
  static func improve(
    _ model: MIPModel, start: [Double], windows: [[Int]], nodeLimit: Int, rounds: Int,
    deadline: ContinuousClock.Instant, verbose: Bool = false
  ) -> [Double] {
    var best = start
    var bestObjective = model.objective(of: start)
    let integer = model.variables.indices.filter { model.variables[$0].kind != .continuous }
    for _ in 0..<rounds {
      let before = bestObjective
      for window in windows where !window.isEmpty {
        let now = ContinuousClock.now
        guard now < deadline else { return best }
        let free = Set(window)
        var sub = model
        for column in integer where !free.contains(column) {
          sub.fix(column, lower: best[column].rounded(), upper: best[column].rounded())
        }
        var options = SolverOptions(
          timeLimit: (deadline - now).seconds, relativeGap: 1e-6, nodeLimit: nodeLimit, verbose: verbose,
          startingSolution: best)
        options.progress = nil
        guard let solution = try? MIPSolver.solve(sub, options: options), solution.status.hasSolution,
          let objective = solution.objective, objective < bestObjective - 1e-6,
          model.firstViolation(solution.values) == nil
        else { continue }
        best = solution.values
        bestObjective = objective
      }
      if bestObjective > before - 1e-3 * max(1, abs(before)) * 1e-3 { break }
    }
    return best
  }
}
