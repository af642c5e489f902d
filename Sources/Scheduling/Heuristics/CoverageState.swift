/// A whole plan of a ``CoverageModel`` kept with its coverage, so that the cost of any small
/// change is the sum over the slots it touches.
struct CoverageState {
  /// Agents on task per slot.
  var coverage: [Int]
  var groupCount: [Int]
  /// Per group and break choice, the agents taking that break.
  var breakCount: [[Int]]
  /// Agents per tour (empty without tours).
  var tourCount: [Int]
  /// Labour cost, without penalties.
  var labour: Double = 0
  /// What the limits count (tours, or shifts): part-time ones and all, and shifts per day.
  var partTime = 0
  var counted = 0
  var shiftsPerDay: [Int]

  init(_ model: CoverageModel) {
    coverage = Array(repeating: 0, count: model.problem.slotCount)
    groupCount = Array(repeating: 0, count: model.groups.count)
    breakCount = model.groups.map { Array(repeating: 0, count: $0.breaks.count) }
    tourCount = Array(repeating: 0, count: model.tours.count)
    shiftsPerDay = Array(repeating: 0, count: model.problem.days)
  }
}

/// The slots an agent of each (group, break choice) is on task, and the prices that turn a
/// coverage change into a cost change.
struct CoverageCosts {
  let required: [Int]
  let shortfall: Double
  let surplus: Double
  /// Per group, per break choice: the slots on task (the body less the break).
  let onTask: [[[Int]]]

  init(_ model: CoverageModel) {
    required = model.problem.required
    shortfall = model.problem.shortfallCost
    surplus = model.problem.surplusCost
    onTask = model.groups.map { group in
      group.breaks.map { away in
        let breakSlots = Set(away)
        return group.body.filter { !breakSlots.contains($0) }
      }
    }
  }

  /// The penalty change of one more (`by` = 1) or one fewer (−1) agent on task in `slot`.
  @inline(__always)
  func step(_ slot: Int, coverage: Int, by: Int) -> Double {
    let need = required[slot]
    if by > 0 { return coverage < need ? -shortfall : surplus }
    return coverage > need ? -surplus : shortfall
  }

  /// The penalty change of adding (`by` = 1) or removing (−1) one agent of `group` on break
  /// choice `choice`, for the coverage given.
  func penaltyDelta(_ coverage: [Int], group: Int, choice: Int, by: Int) -> Double {
    var delta = 0.0
    for slot in onTask[group][choice] { delta += step(slot, coverage: coverage[slot], by: by) }
    return delta
  }

  /// The penalties of a whole coverage: short and over agent-slots priced.
  func penalty(_ coverage: [Int]) -> Double {
    var total = 0.0
    for (slot, have) in coverage.enumerated() {
      let need = required[slot]
      total += have < need ? Double(need - have) * shortfall : Double(have - need) * surplus
    }
    return total
  }
}

extension CoverageState {
  /// Adds (`by` = 1) or removes (−1) one agent of `group` on break `choice`, shift count and
  /// labour included; tours are counted by the caller.
  mutating func change(
    _ model: CoverageModel, _ costs: CoverageCosts, group: Int, choice: Int, by: Int, countsShift: Bool
  ) {
    for slot in costs.onTask[group][choice] { coverage[slot] += by }
    groupCount[group] += by
    breakCount[group][choice] += by
    let shift = model.groups[group]
    let template = model.problem.templates[shift.template]
    labour += Double(by) * template.cost
    shiftsPerDay[shift.day] += by
    if countsShift {
      counted += by
      if template.partTime { partTime += by }
    }
  }

  /// Whether the counts keep the limits of `problem` (those a change of whole agents can break).
  func keepsLimits(_ problem: CoverageProblem) -> Bool {
    let limits = problem.limits
    if let most = limits.maxHeadcount, problem.tours != nil, counted > most { return false }
    if let share = limits.maxPartTimeShare, Double(partTime) > share * Double(counted) + 1e-9 { return false }
    if let share = limits.minPartTimeShare, Double(partTime) < share * Double(counted) - 1e-9 { return false }
    if let most = limits.maxShiftsPerDay, shiftsPerDay.contains(where: { $0 > most }) { return false }
    if let most = limits.maxAgentsPerSlot, coverage.contains(where: { $0 > most }) { return false }
    return true
  }

  func objective(_ costs: CoverageCosts) -> Double { labour + costs.penalty(coverage) }
}
