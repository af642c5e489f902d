import RotaCore

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

  /// Rounds the shift count down and gives each break the same number of agents, keeping the
  /// break starts the LP used most.
  func roundDown(_ values: inout [Double]) {
    // LP values come within GLPK's tolerance of whole numbers, on either side of them.
    func whole(_ value: Double) -> Double { max(0, (value + 1e-6).rounded(.down)) }
    let count = whole(values[column])
    values[column] = count
    for choices in breaks {
      var remaining = count
      for choice in choices {
        let kept = min(remaining, whole(values[choice.column]))
        values[choice.column] = kept
        remaining -= kept
      }
      let byShare = choices.sorted { values[$0.column] > values[$1.column] }
      if let first = byShare.first { values[first.column] += remaining }
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
    var work: Double
    var notYetDue: Double
  }

  var steps: [Step]

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
      let capacity = step.capacity.reduce(0) { $0 + values[$1.0] * $1.1 }
      let done = min(capacity, backlog + step.work)
      backlog = backlog + step.work - done
      values[step.done] = done
      values[step.backlog] = backlog
      values[step.overdue] = max(0, backlog - step.notYetDue)
    }
  }
}
