import RotaCore

/// One shift column of the model with the columns that place its breaks.
struct ShiftColumn {
  /// The shift with no breaks placed.
  var shift: Shift
  /// The contract whose wage prices it: one column per contract allowed the shift, so the
  /// plan pays what the people on it earn.
  var contract: String
  var column: Int
  /// Per break of the template, its (offset after the start, column) choices.
  var breaks: [[(offset: Int, column: Int)]]
  var rules: [BreakRule]
}

extension ShiftColumn {
  /// The shifts this column stands for in `values`, each with its breaks: the k-th earliest
  /// start of every break goes to the same agent, which keeps each agent's breaks in order
  /// because the break windows do not overlap.
  func placed(_ values: [Double]) -> [Shift] {
    let count = Int(values[column].rounded())
    guard count > 0 else { return [] }
    let starts = breaks.map { choices in
      choices.flatMap { Array(repeating: $0.offset, count: Int(values[$0.column].rounded())) }.sorted()
    }
    return (0..<count).map { agent in
      var placed = shift
      placed.breaks = zip(rules, starts).map { rule, offsets in
        let start = shift.start + offsets[agent]
        return Shift.Break(start: start, end: start + rule.minutes, paid: rule.paid)
      }
      return placed
    }
  }

  /// Rounds the shift count down (``setCount(_:_:whole:)``).
  func roundDown(_ values: inout [Double], wholeBreaks: Bool = true) {
    setCount(max(0, (values[column] + 1e-6).rounded(.down)), &values, whole: wholeBreaks)
  }

  /// Sets the shift count to the whole `count` and shares it among each break's starts in
  /// proportion to their values (evenly when they are all 0), so that a break the LP spread
  /// stays spread; with `whole`, the shares are rounded by largest remainder.
  func setCount(_ count: Double, _ values: inout [Double], whole: Bool = true) {
    values[column] = count
    for choices in breaks where !choices.isEmpty {
      let weights = choices.map { max(0, values[$0.column]) }
      let total = weights.reduce(0, +)
      var shares = weights.map { total > 1e-9 ? count * $0 / total : count / Double(choices.count) }
      if whole {
        let floors = shares.map { ($0 + 1e-9).rounded(.down) }
        var left = Int((count - floors.reduce(0, +)).rounded())
        let byRemainder = shares.indices.sorted {
          let (a, b) = (shares[$0] - floors[$0], shares[$1] - floors[$1])
          return a != b ? a > b : $0 < $1
        }
        shares = floors
        for index in byRemainder where left > 0 {
          shares[index] += 1
          left -= 1
        }
      }
      for (choice, share) in zip(choices, shares) { values[choice.column] = share }
    }
  }
}

/// The columns of one email channel's backlog, per interval in time order.
struct EmailBacklog {
  struct Step {
    var done: Int
    var backlog: Int
    var overdue: Int
    /// (shift column, agents on task per agent on the shift).
    var capacity: [(Int, Double)]
    /// Agents on task that pinned shifts add, whatever the plan.
    var fixedCapacity: Double = 0
    var work: Double
    var notYetDue: Double
  }

  var steps: [Step]
  /// With a share target: the overdue work beyond the share allowed late, the priced column.
  var excess: Int? = nil
  /// Overdue work (agent-intervals summed over intervals) the share target allows unpriced.
  var allowance = 0.0

  /// The columns the plan's objective prices: the excess, else each interval's overdue work.
  var pricedColumns: [Int] { excess.map { [$0] } ?? steps.map(\.overdue) }

  /// The overdue work a share target leaves unpriced: `(1 − share)` of all work arriving.
  static func allowance(_ requirements: [Requirement], share: Double) -> Double {
    (1 - share) * requirements.reduce(0) { $0 + ($1.work ?? 0) }
  }

  /// Per interval of `requirements` (in time order), the work arrived by then that is not
  /// yet due: a backlog above it is overdue.
  static func notYetDue(_ requirements: [Requirement]) -> [Double] {
    var dueByIndex: [Int: Double] = [:]
    let position = Dictionary(
      requirements.enumerated().map { ($1.interval, $0) }, uniquingKeysWith: { a, _ in a })
    for requirement in requirements {
      let due = requirement.due.flatMap { position[$0] } ?? position[requirement.interval]!
      dueByIndex[due, default: 0] += requirement.work ?? 0
    }
    var arrived = 0.0
    var dueSoFar = 0.0
    return requirements.indices.map { index in
      arrived += requirements[index].work ?? 0
      dueSoFar += dueByIndex[index] ?? 0
      return max(0, arrived - dueSoFar)
    }
  }

  /// Sets the backlog columns for the shift counts in `values`: each interval works off as
  /// much of the oldest work as its capacity allows.
  func complete(_ values: inout [Double]) {
    var backlog = 0.0
    for step in steps {
      let capacity = step.capacity.reduce(step.fixedCapacity) { $0 + values[$1.0] * $1.1 }
      let done = min(capacity, backlog + step.work)
      backlog = backlog + step.work - done
      values[step.done] = done
      values[step.backlog] = backlog
      values[step.overdue] = max(0, backlog - step.notYetDue)
    }
    if let excess {
      values[excess] = max(0, steps.reduce(0) { $0 + values[$1.overdue] } - allowance)
    }
  }
}
