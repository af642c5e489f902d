import CGLPK
import Foundation

/// How a solve ended.
public enum SolveStatus: String, Sendable, Codable {
  /// Proven optimal.
  case optimal
  /// Stopped with an integer solution within the requested relative gap.
  case withinGap = "within_gap"
  /// Stopped by the time limit with an integer solution.
  case timeLimit = "time_limit"
  /// Stopped by the node limit with an integer solution.
  case nodeLimit = "node_limit"
  /// An integer solution from a heuristic alone, without branch-and-cut: no bound.
  case heuristic
  /// Stopped by the time limit before any integer solution was found.
  case noSolution = "no_solution"
  /// No solution satisfies the constraints.
  case infeasible
  /// The objective can improve without limit.
  case unbounded

  /// Whether the solve left an integer solution to read.
  public var hasSolution: Bool {
    self == .optimal || self == .withinGap || self == .timeLimit || self == .nodeLimit || self == .heuristic
  }
}

/// Limits and switches for one solve.
public struct SolverOptions: Sendable {
  /// Wall-clock limit for the whole solve, in seconds.
  public var timeLimit: Double
  /// Stop once `|objective − bound| / |objective|` is at most this (a fraction, e.g. 0.005).
  public var relativeGap: Double
  /// Branch-and-cut subproblems to examine before stopping. Unlike the time limit, this
  /// limit stops at the same point on every run, so the result repeats byte for byte.
  public var nodeLimit: Int?
  /// Let GLPK print its progress to the terminal.
  public var verbose: Bool
  /// An integer-feasible assignment of every column, offered to branch-and-cut as its first
  /// incumbent (GLPK's `glp_ios_heur_sol`).
  public var startingSolution: [Double]?
  /// Called about once a second during branch-and-cut, for a progress display.
  public var progress: (@Sendable (SolverProgress) -> Void)?
  /// Let GLPK generate cuts (Gomory, MIR, cover, clique).
  public var cuts = true

  public init(
    timeLimit: Double = 30, relativeGap: Double = 0.005, nodeLimit: Int? = nil, verbose: Bool = false,
    startingSolution: [Double]? = nil
  ) {
    self.timeLimit = timeLimit
    self.relativeGap = relativeGap
    self.nodeLimit = nodeLimit
    self.verbose = verbose
    self.startingSolution = startingSolution
  }
}

/// Where a branch-and-cut search stands.
public struct SolverProgress: Sendable {
  /// Subproblems examined so far.
  public var nodes: Int
  /// Objective of the best integer solution so far, if any.
  public var incumbent: Double?
  /// Best proven bound so far.
  public var bound: Double?
  /// Seconds since this solve began.
  public var seconds: Double
}

/// The outcome of a solve: status, the incumbent and a proven bound on the optimum.
public struct MIPSolution: Sendable {
  public var status: SolveStatus
  /// Objective of the integer solution, when there is one.
  public var objective: Double?
  /// A proven bound on the optimum (below it when minimising): the best open node's LP
  /// value, or the root LP relaxation when branch-and-cut has not improved on it.
  public var bound: Double?
  /// Column values of the integer solution (empty when there is none).
  public var values: [Double]
  /// Wall-clock seconds spent.
  public var seconds: Double

  /// `|objective − bound| / (|objective| + ε)`, the relative gap as GLPK defines it.
  public var gap: Double? {
    guard let objective, let bound else { return nil }
    return abs(objective - bound) / (abs(objective) + Double.ulpOfOne)
  }
}

/// Solves ``MIPModel``s with GLPK's simplex and branch-and-cut.
public enum MIPSolver {
  /// Validates `model`, then solves its LP relaxation (for the status and the root bound) and
  /// the integer program by branch-and-cut with GLPK's cuts and heuristics switched on.
  public static func solve(_ model: MIPModel, options: SolverOptions = SolverOptions())
    throws(MIPModelError) -> MIPSolution
  {
    try model.validate()
    if let start = options.startingSolution {
      // GLPK takes a starting solution on trust: a wrong one would end the search early.
      if let broken = model.firstViolation(start) { throw .invalid("starting solution: \(broken)") }
    }
    let clock = ContinuousClock.now
    func elapsed() -> Double { (ContinuousClock.now - clock).seconds }
    // A search stopped before it found anything still has the starting solution.
    func keepingStart(_ solution: MIPSolution) -> MIPSolution {
      guard let start = options.startingSolution, solution.status == .noSolution else { return solution }
      let objective = model.objective(of: start)
      return MIPSolution(
        status: .heuristic, objective: objective,
        bound: solution.bound.map { model.sense == .minimize ? min($0, objective) : max($0, objective) },
        values: start,
        seconds: solution.seconds)
    }
    if model.variables.isEmpty { return solveEmpty(model, seconds: elapsed()) }

    glp_term_out(options.verbose ? GLP_ON : GLP_OFF)
    let problem = glp_create_prob()!
    defer { glp_delete_prob(problem) }
    load(model, into: problem)

    var simplex = glp_smcp()
    glp_init_smcp(&simplex)
    simplex.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
    simplex.presolve = GLP_OFF
    simplex.tm_lim = milliseconds(options.timeLimit)
    let lpReturn = glp_simplex(problem, &simplex)
    switch (lpReturn, glp_get_status(problem)) {
    case (0, GLP_OPT): break
    case (0, GLP_NOFEAS), (GLP_ENOPFS, _):
      return MIPSolution(status: .infeasible, values: [], seconds: elapsed())
    case (0, GLP_UNBND), (GLP_ENODFS, _):
      return MIPSolution(status: .unbounded, values: [], seconds: elapsed())
    default:
      if lpReturn == GLP_ETMLIM { ClockStops.current?.record("LP") }
      return keepingStart(MIPSolution(status: .noSolution, values: [], seconds: elapsed()))
    }
    let rootBound = glp_get_obj_val(problem)

    let progress = BranchAndCutProgress(
      startingSolution: options.startingSolution.map { [0] + $0 }, minimizing: model.sense == .minimize,
      nodeLimit: options.nodeLimit)
    progress.report = options.progress
    var tree = glp_iocp()
    glp_init_iocp(&tree)
    tree.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
    tree.presolve = GLP_OFF
    tree.mip_gap = options.relativeGap
    tree.tm_lim = milliseconds(max(options.timeLimit - elapsed(), 0.001))
    let cuts = options.cuts ? GLP_ON : GLP_OFF
    tree.gmi_cuts = cuts
    tree.mir_cuts = cuts
    tree.cov_cuts = cuts
    tree.clq_cuts = cuts
    tree.fp_heur = GLP_ON
    tree.br_tech = GLP_BR_DTH
    tree.bt_tech = GLP_BT_BLB
    tree.cb_func = branchAndCutCallback
    let unmanaged = Unmanaged.passRetained(progress)
    defer { unmanaged.release() }
    tree.cb_info = unmanaged.toOpaque()
    let mipReturn = glp_intopt(problem, &tree)
    let mipStatus = glp_mip_status(problem)

    let hasIncumbent = mipStatus == GLP_OPT || mipStatus == GLP_FEAS
    let status: SolveStatus
    switch mipReturn {
    case 0 where mipStatus == GLP_OPT: status = .optimal
    case 0 where mipStatus == GLP_NOFEAS, GLP_ENOPFS: status = .infeasible
    case GLP_ENODFS: status = .unbounded
    case GLP_EMIPGAP: status = .withinGap
    case GLP_ESTOP where hasIncumbent: status = .nodeLimit
    default: status = hasIncumbent ? .timeLimit : .noSolution
    }
    if mipReturn == GLP_ETMLIM { ClockStops.current?.record("branch-and-cut") }
    guard hasIncumbent, status.hasSolution else {
      let bound = status == .infeasible ? nil : progress.bound ?? rootBound
      return keepingStart(MIPSolution(status: status, bound: bound, values: [], seconds: elapsed()))
    }
    let objective = glp_mip_obj_val(problem)
    let values = (0..<model.variables.count).map { glp_mip_col_val(problem, Int32($0 + 1)) }
    let treeBound = progress.bound ?? rootBound
    let bound =
      status == .optimal
      ? objective
      : model.sense == .minimize
        ? min(max(treeBound, rootBound), objective) : max(min(treeBound, rootBound), objective)
    return MIPSolution(
      status: status, objective: objective, bound: bound, values: values, seconds: elapsed())
  }

  /// GLPK's time limit: at least 1 ms (it aborts on a negative one), at most `Int32.max`.
  static func milliseconds(_ seconds: Double) -> Int32 {
    guard seconds.isFinite else { return seconds.isNaN || seconds < 0 ? 1 : Int32.max }
    return Int32(min(max((seconds * 1000).rounded(.up), 1), Double(Int32.max)))
  }

  private static func solveEmpty(_ model: MIPModel, seconds: Double) -> MIPSolution {
    let feasible = model.constraints.allSatisfy { $0.lower <= 0 && 0 <= $0.upper }
    guard feasible else { return MIPSolution(status: .infeasible, values: [], seconds: seconds) }
    return MIPSolution(
      status: .optimal, objective: model.objectiveConstant, bound: model.objectiveConstant,
      values: [], seconds: seconds)
  }

  private static func load(_ model: MIPModel, into problem: OpaquePointer) {
    glp_set_obj_dir(problem, model.sense == .minimize ? GLP_MIN : GLP_MAX)
    glp_set_obj_coef(problem, 0, model.objectiveConstant)
    glp_add_cols(problem, Int32(model.variables.count))
    for (offset, variable) in model.variables.enumerated() {
      let column = Int32(offset + 1)
      let (type, lower, upper) = boundType(variable.lower, variable.upper)
      glp_set_col_bnds(problem, column, type, lower, upper)
      glp_set_obj_coef(problem, column, variable.cost)
      switch variable.kind {
      case .continuous: glp_set_col_kind(problem, column, GLP_CV)
      case .integer: glp_set_col_kind(problem, column, GLP_IV)
      case .binary: glp_set_col_kind(problem, column, GLP_IV)
      }
    }
    guard !model.constraints.isEmpty else { return }
    glp_add_rows(problem, Int32(model.constraints.count))
    for (offset, constraint) in model.constraints.enumerated() {
      let row = Int32(offset + 1)
      let (type, lower, upper) = boundType(constraint.lower, constraint.upper)
      glp_set_row_bnds(problem, row, type, lower, upper)
      // GLPK's arrays are 1-based: element 0 is ignored.
      var indices = [Int32(0)] + constraint.indices.map { Int32($0 + 1) }
      var values = [0.0] + constraint.coefficients
      glp_set_mat_row(problem, row, Int32(constraint.indices.count), &indices, &values)
    }
  }

  private static func boundType(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
    switch (lower.isFinite, upper.isFinite) {
    case (false, false): (GLP_FR, 0, 0)
    case (true, false): (GLP_LO, lower, 0)
    case (false, true): (GLP_UP, 0, upper)
    case (true, true): lower == upper ? (GLP_FX, lower, upper) : (GLP_DB, lower, upper)
    }
  }
}

/// State shared with GLPK's branch-and-cut callback for one solve.
private final class BranchAndCutProgress {
  /// 1-based, as `glp_ios_heur_sol` expects.
  let startingSolution: [Double]?
  let minimizing: Bool
  let nodeLimit: Int?
  var offeredStart = false
  var bound: Double?
  var nodesSelected = 0
  var report: (@Sendable (SolverProgress) -> Void)?
  let clock = ContinuousClock.now
  var lastReport = ContinuousClock.now

  init(startingSolution: [Double]?, minimizing: Bool, nodeLimit: Int?) {
    self.startingSolution = startingSolution
    self.minimizing = minimizing
    self.nodeLimit = nodeLimit
  }
}

private func branchAndCutCallback(_ tree: OpaquePointer?, _ info: UnsafeMutableRawPointer?) {
  guard let tree, let info else { return }
  let progress = Unmanaged<BranchAndCutProgress>.fromOpaque(info).takeUnretainedValue()
  let best = glp_ios_best_node(tree)
  // A node whose LP is not solved yet reports ±DBL_MAX: no bound at all.
  if best != 0, abs(glp_ios_node_bound(tree, best)) < 1e300 {
    let nodeBound = glp_ios_node_bound(tree, best)
    if let known = progress.bound {
      progress.bound = progress.minimizing ? max(known, nodeBound) : min(known, nodeBound)
    } else {
      progress.bound = nodeBound
    }
  }
  if glp_ios_reason(tree) == GLP_ISELECT {
    progress.nodesSelected += 1
    if let limit = progress.nodeLimit, progress.nodesSelected > limit { glp_ios_terminate(tree) }
    if let report = progress.report, (ContinuousClock.now - progress.lastReport).seconds >= 1 {
      progress.lastReport = ContinuousClock.now
      let problem = glp_ios_get_prob(tree)
      report(
        SolverProgress(
          nodes: progress.nodesSelected,
          incumbent: glp_mip_status(problem) == GLP_FEAS ? glp_mip_obj_val(problem) : nil,
          bound: progress.bound, seconds: (ContinuousClock.now - progress.clock).seconds))
    }
  }
  if glp_ios_reason(tree) == GLP_IHEUR, !progress.offeredStart, var start = progress.startingSolution {
    progress.offeredStart = true
    _ = glp_ios_heur_sol(tree, &start)
  }
}

extension Duration {
  /// The duration in seconds.
  public var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) * 1e-18
  }
}
