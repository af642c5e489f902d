/// A mixed-integer linear program in the form GLPK solves:
/// minimise or maximise `c·x + c0` subject to `rowLower ≤ A·x ≤ rowUpper` and
/// `lower ≤ x ≤ upper`, with some `x` integer.
///
/// The model is a plain value: building it never touches GLPK, and ``validate()`` checks
/// everything GLPK would otherwise reject by aborting the process.
public struct MIPModel: Sendable {
  /// Whether the objective is minimised or maximised.
  public enum Sense: Sendable { case minimize, maximize }

  /// The domain of a variable.
  public enum Kind: Sendable { case continuous, integer, binary }

  /// A column of the model.
  public struct Variable: Sendable {
    public var name: String
    public var kind: Kind
    /// Lower bound; `-.infinity` for none.
    public var lower: Double
    /// Upper bound; `.infinity` for none.
    public var upper: Double
    /// Objective coefficient.
    public var cost: Double
  }

  /// A row of the model: `lower ≤ Σ coefficient·x ≤ upper`.
  public struct Constraint: Sendable {
    public var name: String
    /// Column indices, each at most once, with their non-zero coefficients.
    public var indices: [Int]
    public var coefficients: [Double]
    public var lower: Double
    public var upper: Double
  }

  public var sense: Sense
  public var objectiveConstant: Double = 0
  public private(set) var variables: [Variable] = []
  public private(set) var constraints: [Constraint] = []

  public init(sense: Sense = .minimize) {
    self.sense = sense
  }

  /// Adds a column and returns its index.
  @discardableResult
  public mutating func addVariable(
    _ name: String, kind: Kind = .continuous, lower: Double = 0, upper: Double = .infinity,
    cost: Double = 0
  ) -> Int {
    let (lo, up) = kind == .binary ? (max(lower, 0), min(upper, 1)) : (lower, upper)
    variables.append(Variable(name: name, kind: kind, lower: lo, upper: up, cost: cost))
    return variables.count - 1
  }

  /// Adds a row `lower ≤ Σ terms ≤ upper`. Repeated columns are summed and zero
  /// coefficients dropped, because GLPK rejects both.
  public mutating func addConstraint(
    _ name: String, terms: [(Int, Double)], lower: Double = -.infinity, upper: Double = .infinity
  ) {
    var merged: [Int: Double] = [:]
    for (index, value) in terms { merged[index, default: 0] += value }
    let sorted = merged.filter { $0.value != 0 }.sorted { $0.key < $1.key }
    constraints.append(
      Constraint(
        name: name, indices: sorted.map(\.key), coefficients: sorted.map(\.value),
        lower: lower, upper: upper))
  }

  /// The objective value of an assignment of the columns.
  public func objective(of values: [Double]) -> Double {
    zip(variables, values).reduce(objectiveConstant) { $0 + $1.0.cost * $1.1 }
  }

  /// Checks what GLPK would reject with an abort: NaN or infinite coefficients, crossed
  /// bounds, integer columns with fractional bounds, and out-of-range column indices.
  public func validate() throws(MIPModelError) {
    guard objectiveConstant.isFinite else {
      throw .invalid("objective constant is \(objectiveConstant)")
    }
    for variable in variables {
      let name = variable.name
      guard variable.cost.isFinite else { throw .invalid("variable \(name): cost \(variable.cost)") }
      guard !variable.lower.isNaN, !variable.upper.isNaN, variable.lower != .infinity,
        variable.upper != -.infinity, variable.lower <= variable.upper
      else {
        throw .invalid("variable \(name): bounds [\(variable.lower), \(variable.upper)]")
      }
      if variable.kind != .continuous {
        for bound in [variable.lower, variable.upper] where bound.isFinite {
          guard bound == bound.rounded() else {
            throw .invalid("integer variable \(name): fractional bound \(bound)")
          }
        }
      }
    }
    for row in constraints {
      guard !row.lower.isNaN, !row.upper.isNaN, row.lower != .infinity, row.upper != -.infinity,
        row.lower <= row.upper
      else {
        throw .invalid("constraint \(row.name): bounds [\(row.lower), \(row.upper)]")
      }
      for (index, value) in zip(row.indices, row.coefficients) {
        guard variables.indices.contains(index) else {
          throw .invalid("constraint \(row.name): unknown variable index \(index)")
        }
        guard value.isFinite else {
          throw .invalid("constraint \(row.name): coefficient \(value) on \(variables[index].name)")
        }
      }
    }
  }
}

/// A model that cannot be handed to the solver.
public enum MIPModelError: Error, CustomStringConvertible, Equatable {
  case invalid(String)

  public var description: String {
    switch self {
    case .invalid(let what): "invalid optimisation model: \(what)"
    }
  }
}

extension MIPModel {
  /// Makes every column continuous, keeping its bounds: the LP relaxation.
  public mutating func relaxIntegrality() {
    for index in variables.indices { variables[index].kind = .continuous }
  }

  /// Sets a column's kind.
  public mutating func setKind(of index: Int, to kind: Kind) {
    variables[index].kind = kind
  }

  /// The first bound, integrality or row that `values` breaks (beyond 1e-6), described; nil
  /// when `values` is a feasible integer solution.
  public func firstViolation(_ values: [Double]) -> String? {
    guard values.count == variables.count else {
      return "\(values.count) values for \(variables.count) variables"
    }
    let tolerance = 1e-6
    for (variable, value) in zip(variables, values) {
      if !(value >= variable.lower - tolerance && value <= variable.upper + tolerance) {
        return "\(variable.name) = \(value) is outside its bounds"
      }
      if variable.kind != .continuous && abs(value - value.rounded()) > tolerance {
        return "\(variable.name) = \(value) is not whole"
      }
    }
    for row in constraints {
      let activity = zip(row.indices, row.coefficients).reduce(0) { $0 + values[$1.0] * $1.1 }
      if activity < row.lower - tolerance || activity > row.upper + tolerance {
        return "row \(row.name) = \(activity) is outside [\(row.lower), \(row.upper)]"
      }
    }
    return nil
  }

  /// Adds `coefficient` times `column` to row `row` (the column must not be in it yet).
  public mutating func addTerm(row: Int, column: Int, coefficient: Double) {
    constraints[row].indices.append(column)
    constraints[row].coefficients.append(coefficient)
  }

  /// Sets a column's bounds.
  public mutating func fix(_ index: Int, lower: Double, upper: Double) {
    variables[index].lower = lower
    variables[index].upper = upper
  }
}

extension MIPModel {
  /// The model over `kept` columns alone (ascending indices), every other column fixed at its
  /// value in `values`: fixed columns move into the row bounds and the objective constant, and
  /// rows left with no column are dropped (`values` must satisfy them). A neighbourhood of a
  /// large model solves faster this way than with its fixed columns still in GLPK's LP.
  public func restricted(to kept: [Int], at values: [Double]) -> MIPModel {
    var sub = MIPModel(sense: sense)
    var position = Array(repeating: -1, count: variables.count)
    for (index, column) in kept.enumerated() {
      position[column] = index
      sub.variables.append(variables[column])
    }
    sub.objectiveConstant = objectiveConstant
    for (column, variable) in variables.enumerated() where position[column] < 0 {
      sub.objectiveConstant += variable.cost * values[column]
    }
    for row in constraints {
      var fixed = 0.0
      var indices: [Int] = []
      var coefficients: [Double] = []
      for (column, coefficient) in zip(row.indices, row.coefficients) {
        if position[column] >= 0 {
          indices.append(position[column])
          coefficients.append(coefficient)
        } else {
          fixed += coefficient * values[column]
        }
      }
      guard !indices.isEmpty else { continue }
      sub.constraints.append(
        Constraint(
          name: row.name, indices: indices, coefficients: coefficients, lower: row.lower - fixed,
          upper: row.upper - fixed))
    }
    return sub
  }
}
