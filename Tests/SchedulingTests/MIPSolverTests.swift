import Testing

@testable import Scheduling

/// Small models whose optima are checked by hand.
@Suite struct MIPSolverTests {
  @Test func linearProgramOptimum() throws {
    // max 3x + 2y, x + y ≤ 4, x + 3y ≤ 6, x ≤ 3: the vertex (3, 1) gives 11.
    var model = MIPModel(sense: .maximize)
    let x = model.addVariable("x", upper: 3, cost: 3)
    let y = model.addVariable("y", cost: 2)
    model.addConstraint("a", terms: [(x, 1), (y, 1)], upper: 4)
    model.addConstraint("b", terms: [(x, 1), (y, 3)], upper: 6)
    let solution = try MIPSolver.solve(model)
    #expect(solution.status == .optimal)
    #expect(abs(solution.objective! - 11) < 1e-9)
    #expect(abs(solution.values[x] - 3) < 1e-9 && abs(solution.values[y] - 1) < 1e-9)
    #expect(solution.gap! < 1e-9)
  }

  @Test func integerProgramOptimumDiffersFromItsRelaxation() throws {
    // max 5x + 4y, 6x + 4y ≤ 24, x + 2y ≤ 6, x, y integer. The LP optimum is (3, 1.5) = 21;
    // the integer points (4,0) = 20, (3,1) = 19, (2,2) = 18 make 20 the optimum.
    var model = MIPModel(sense: .maximize)
    let x = model.addVariable("x", kind: .integer, cost: 5)
    let y = model.addVariable("y", kind: .integer, cost: 4)
    model.addConstraint("a", terms: [(x, 6), (y, 4)], upper: 24)
    model.addConstraint("b", terms: [(x, 1), (y, 2)], upper: 6)
    let solution = try MIPSolver.solve(model, options: SolverOptions(relativeGap: 0))
    #expect(solution.status == .optimal)
    #expect(solution.objective == 20)
    #expect(solution.values == [4, 0])
  }

  @Test func knapsackWithAStartingSolution() throws {
    // Values 10, 13, 7, 8; weights 5, 6, 4, 3; capacity 10: items 2 and 4 give 21.
    var model = MIPModel(sense: .maximize)
    let values = [10.0, 13, 7, 8]
    let weights = [5.0, 6, 4, 3]
    let items = values.indices.map { model.addVariable("item\($0)", kind: .binary, cost: values[$0]) }
    model.addConstraint("capacity", terms: items.map { ($0, weights[$0]) }, upper: 10)
    let solution = try MIPSolver.solve(
      model, options: SolverOptions(relativeGap: 0, startingSolution: [1, 0, 1, 0]))
    #expect(solution.status == .optimal)
    #expect(solution.objective == 21)
    #expect(solution.values == [0, 1, 0, 1])
  }

  @Test func infeasibleLinearProgram() throws {
    var model = MIPModel()
    let x = model.addVariable("x", cost: 1)
    let y = model.addVariable("y", cost: 1)
    model.addConstraint("atLeast", terms: [(x, 1), (y, 1)], lower: 5)
    model.addConstraint("atMost", terms: [(x, 1), (y, 1)], upper: 3)
    let solution = try MIPSolver.solve(model)
    #expect(solution.status == .infeasible)
    #expect(solution.objective == nil && solution.values.isEmpty)
  }

  @Test func integerInfeasibleThoughTheRelaxationIsFeasible() throws {
    var model = MIPModel()
    let x = model.addVariable("x", kind: .integer, upper: 10, cost: 1)
    model.addConstraint("half", terms: [(x, 2)], lower: 1, upper: 1)
    let solution = try MIPSolver.solve(model)
    #expect(solution.status == .infeasible)
  }

  @Test func unboundedProgram() throws {
    var model = MIPModel(sense: .maximize)
    let x = model.addVariable("x", kind: .integer, cost: 1)
    let y = model.addVariable("y", cost: 1)
    model.addConstraint("diff", terms: [(x, 1), (y, -1)], upper: 1)
    let solution = try MIPSolver.solve(model)
    #expect(solution.status == .unbounded)
  }

  @Test func emptyModel() throws {
    var model = MIPModel()
    model.objectiveConstant = 7
    let solution = try MIPSolver.solve(model)
    #expect(solution.status == .optimal && solution.objective == 7)
  }

  /// A market-split instance (Cornuéjols & Dawande 1999): equality knapsacks that
  /// branch-and-bound cannot finish quickly, so the limits must stop it.
  static func marketSplit(seed: UInt64) -> MIPModel {
    var random = SplitMix(state: seed)
    var model = MIPModel()
    let columns = (0..<40).map { model.addVariable("x\($0)", kind: .binary) }
    for row in 0..<5 {
      let coefficients = columns.map { _ in Double(random.next() % 100) }
      let target = (coefficients.reduce(0, +) / 2).rounded(.down)
      let slackUp = model.addVariable("up\(row)", cost: 1)
      let slackDown = model.addVariable("down\(row)", cost: 1)
      model.addConstraint(
        "split\(row)", terms: zip(columns, coefficients).map { ($0, $1) } + [(slackUp, 1), (slackDown, -1)],
        lower: target, upper: target)
    }
    return model
  }

  @Test func timeLimitStopsTheSearchAndKeepsTheBound() throws {
    let model = Self.marketSplit(seed: 7)
    let solution = try MIPSolver.solve(model, options: SolverOptions(timeLimit: 1, relativeGap: 0))
    #expect(solution.status == .timeLimit || solution.status == .noSolution || solution.status == .optimal)
    #expect(solution.seconds < 10)
    if solution.status == .timeLimit {
      #expect(solution.bound! <= solution.objective! + 1e-9)
      #expect(abs(model.objective(of: solution.values) - solution.objective!) < 1e-6)
    }
  }

  /// GLPK would take a starting solution on trust; the solver checks it first.
  @Test func startingSolutionThatBreaksARowIsRefused() throws {
    var model = MIPModel(sense: .minimize)
    let x = model.addVariable("x", kind: .integer, upper: 5, cost: 1)
    let y = model.addVariable("y", kind: .integer, upper: 5, cost: 1)
    model.addConstraint("cover", terms: [(x, 1), (y, 1)], lower: 3)
    #expect(model.firstViolation([1, 1]) == "row cover = 2.0 is outside [3.0, inf]")
    #expect(model.firstViolation([1.5, 2]) == "x = 1.5 is not whole")
    #expect(model.firstViolation([1, 2]) == nil)
    #expect(throws: MIPModelError.self) {
      try MIPSolver.solve(model, options: SolverOptions(startingSolution: [1, 1]))
    }
    let solved = try MIPSolver.solve(model, options: SolverOptions(startingSolution: [1, 2]))
    #expect(solved.objective == 3)
  }

  @Test func nodeLimitRepeatsExactly() throws {
    let model = Self.marketSplit(seed: 7)
    let options = SolverOptions(timeLimit: 60, relativeGap: 0, nodeLimit: 50)
    let first = try MIPSolver.solve(model, options: options)
    let second = try MIPSolver.solve(model, options: options)
    #expect(first.status == .nodeLimit)
    #expect(first.status == second.status)
    #expect(first.values == second.values)
    #expect(first.bound == second.bound)
  }

  enum InvalidModel: CaseIterable, Sendable {
    case nanCost, crossedBounds, fractionalIntegerBound, infiniteCoefficient, unknownColumn, crossedRowBounds

    var model: MIPModel {
      var model = MIPModel()
      switch self {
      case .nanCost: model.addVariable("x", cost: .nan)
      case .crossedBounds: model.addVariable("x", lower: 2, upper: 1)
      case .fractionalIntegerBound: model.addVariable("x", kind: .integer, upper: 2.5)
      case .infiniteCoefficient:
        let x = model.addVariable("x")
        model.addConstraint("r", terms: [(x, .infinity)], upper: 1)
      case .unknownColumn: model.addConstraint("r", terms: [(3, 1)], upper: 1)
      case .crossedRowBounds:
        let x = model.addVariable("x")
        model.addConstraint("r", terms: [(x, 1)], lower: 2, upper: 1)
      }
      return model
    }
  }

  @Test(arguments: InvalidModel.allCases)
  func invalidModelsAreRejectedBeforeGLPKSeesThem(_ invalid: InvalidModel) {
    #expect(throws: MIPModelError.self) { try MIPSolver.solve(invalid.model) }
  }

  @Test func repeatedColumnsInARowAreMerged() throws {
    var model = MIPModel()
    let x = model.addVariable("x", cost: 1)
    model.addConstraint("r", terms: [(x, 1), (x, 1), (x, 0)], lower: 4)
    #expect(model.constraints[0].indices == [x] && model.constraints[0].coefficients == [2])
    let solution = try MIPSolver.solve(model)
    #expect(solution.objective == 2)
  }
}

struct SplitMix {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
