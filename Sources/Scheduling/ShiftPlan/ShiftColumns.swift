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
