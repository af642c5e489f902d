/// Local search on a whole plan: add, remove and move single shifts (or tours) and their
/// breaks while the plan's exact cost falls, in a fixed order so that it repeats run for run.
///
/// The neighbourhoods are the ones of the shift-scheduling local searches surveyed by Ernst,
/// Jiang, Krishnamoorthy & Sier ("Staff scheduling and rostering: a review", *EJOR* 153,
/// 2004): one agent more or less on a shift, a shift moved to a nearby start or another
/// template, a break moved inside its window; for tours also another block of days off. Each
/// move is priced by the slots it touches, so a pass over every move is cheap.
struct CoverageSearch {
  let model: CoverageModel
  let costs: CoverageCosts
  var state: CoverageState
  /// Per template and day, the group of each start (by position in the template's starts).
  private let groupAt: [[[Int?]]]
  /// Per template and start position, the tour of each block of days off.
  private let tourAt: [[[Int?]]]
  private let epsilon = 1e-7

  init(_ model: CoverageModel, state: CoverageState) {
    self.model = model
    self.costs = CoverageCosts(model)
    self.state = state
    let templates = model.problem.templates
    var groupAt = templates.map { template in
      Array(repeating: [Int?](repeating: nil, count: template.startSlots.count), count: model.problem.days)
    }
    let position = templates.map {
      Dictionary(uniqueKeysWithValues: $0.startSlots.enumerated().map { ($1, $0) })
    }
    for (index, group) in model.groups.enumerated() {
      groupAt[group.template][group.day][position[group.template][group.start]!] = index
    }
    var tourAt = templates.map { template in
      Array(
        repeating: [Int?](repeating: nil, count: model.problem.offBlocks.count),
        count: template.startSlots.count)
    }
    for (index, tour) in model.tours.enumerated() {
      tourAt[tour.template][position[tour.template][tour.start]!][tour.offBlock] = index
    }
    self.groupAt = groupAt
    self.tourAt = tourAt
  }

  var touring: Bool { model.problem.tours != nil }

  /// Improves until no move helps or `passes` passes are done; returns the passes made.
  @discardableResult
  mutating func improve(passes: Int) -> Int {
    for pass in 0..<passes {
      let improved = touring ? tourPass() : shiftPass()
      if !improved { return pass + 1 }
    }
    return passes
  }

  // MARK: Shifts

  private mutating func shiftPass() -> Bool {
    var improved = false
    for group in model.groups.indices {
      for choice in model.groups[group].breaks.indices {
        while tryAdd(group: group, choice: choice) { improved = true }
        guard state.breakCount[group][choice] > 0 else { continue }
        if tryRemove(group: group, choice: choice) || tryMove(group: group, choice: choice) {
          improved = true
        }
      }
    }
    return improved
  }

  private func shiftCost(_ group: Int) -> Double {
    model.problem.templates[model.groups[group].template].cost
  }

  private mutating func tryAdd(group: Int, choice: Int) -> Bool {
    let delta = shiftCost(group) + costs.penaltyDelta(state.coverage, group: group, choice: choice, by: 1)
    guard delta < -epsilon else { return false }
    state.change(model, costs, group: group, choice: choice, by: 1, countsShift: true)
    if state.keepsLimits(model.problem) { return true }
    state.change(model, costs, group: group, choice: choice, by: -1, countsShift: true)
    return false
  }

  private mutating func tryRemove(group: Int, choice: Int) -> Bool {
    let delta = -shiftCost(group) + costs.penaltyDelta(state.coverage, group: group, choice: choice, by: -1)
    guard delta < -epsilon else { return false }
    state.change(model, costs, group: group, choice: choice, by: -1, countsShift: true)
    if state.keepsLimits(model.problem) { return true }
    state.change(model, costs, group: group, choice: choice, by: 1, countsShift: true)
    return false
  }

  /// The groups a shift of `group` may move to: its neighbours in start, its start in the
  /// other templates, and itself (another break).
  private func neighbours(of group: Int) -> [Int] {
    let shift = model.groups[group]
    let templates = model.problem.templates
    let position = templates[shift.template].startSlots.firstIndex(of: shift.start)!
    var result: [Int] = []
    let starts = groupAt[shift.template][shift.day]
    for offset in -2...2 where starts.indices.contains(position + offset) {
      if let other = starts[position + offset] { result.append(other) }
    }
    for template in templates.indices where template != shift.template {
      if let start = templates[template].startSlots.firstIndex(of: shift.start),
        let other = groupAt[template][shift.day][start]
      {
        result.append(other)
      }
    }
    return result
  }

  private mutating func tryMove(group: Int, choice: Int) -> Bool {
    let removed = -shiftCost(group) + costs.penaltyDelta(state.coverage, group: group, choice: choice, by: -1)
    state.change(model, costs, group: group, choice: choice, by: -1, countsShift: true)
    var best: (group: Int, choice: Int, delta: Double)?
    for other in neighbours(of: group) {
      for otherChoice in model.groups[other].breaks.indices where other != group || otherChoice != choice {
        let delta =
          removed + shiftCost(other)
          + costs.penaltyDelta(state.coverage, group: other, choice: otherChoice, by: 1)
        if delta < (best?.delta ?? -epsilon) { best = (other, otherChoice, delta) }
      }
    }
    if let best {
      state.change(model, costs, group: best.group, choice: best.choice, by: 1, countsShift: true)
      if state.keepsLimits(model.problem) { return true }
      state.change(model, costs, group: best.group, choice: best.choice, by: -1, countsShift: true)
    }
    state.change(model, costs, group: group, choice: choice, by: 1, countsShift: true)
    return false
  }

  // MARK: Tours

  private mutating func tourPass() -> Bool {
    var improved = false
    for tour in model.tours.indices {
      while tryAddTour(tour) { improved = true }
      guard state.tourCount[tour] > 0 else { continue }
      if tryRemoveTour(tour) || tryMoveTour(tour) { improved = true }
    }
    for group in model.groups.indices where model.groups[group].breaks.count > 1 {
      for choice in model.groups[group].breaks.indices where state.breakCount[group][choice] > 0 {
        if tryMoveBreak(group: group, choice: choice) { improved = true }
      }
    }
    return improved
  }

  /// Puts one agent on `tour`, each day's break where it helps most; returns the cost change.
  private mutating func addTour(_ tour: Int) -> Double {
    var delta = 0.0
    for group in model.tours[tour].groups {
      var best = (choice: 0, delta: Double.infinity)
      for choice in model.groups[group].breaks.indices {
        let change = costs.penaltyDelta(state.coverage, group: group, choice: choice, by: 1)
        if change < best.delta { best = (choice, change) }
      }
      delta += shiftCost(group) + best.delta
      state.change(model, costs, group: group, choice: best.choice, by: 1, countsShift: false)
    }
    state.tourCount[tour] += 1
    state.counted += 1
    if model.problem.templates[model.tours[tour].template].partTime { state.partTime += 1 }
    return delta
  }

  /// Takes one agent off `tour`, each day's break where it is missed least; returns the cost
  /// change and the breaks taken away, to put back.
  private mutating func removeTour(_ tour: Int) -> (delta: Double, choices: [Int]) {
    var delta = 0.0
    var choices: [Int] = []
    for group in model.tours[tour].groups {
      var best = (choice: 0, delta: Double.infinity)
      for choice in model.groups[group].breaks.indices where state.breakCount[group][choice] > 0 {
        let change = costs.penaltyDelta(state.coverage, group: group, choice: choice, by: -1)
        if change < best.delta { best = (choice, change) }
      }
      delta += -shiftCost(group) + best.delta
      choices.append(best.choice)
      state.change(model, costs, group: group, choice: best.choice, by: -1, countsShift: false)
    }
    state.tourCount[tour] -= 1
    state.counted -= 1
    if model.problem.templates[model.tours[tour].template].partTime { state.partTime -= 1 }
    return (delta, choices)
  }

  /// Undoes ``addTour(_:)`` or ``removeTour(_:)`` given the breaks it used.
  private mutating func restore(_ tour: Int, choices: [Int], by: Int) {
    for (group, choice) in zip(model.tours[tour].groups, choices) {
      state.change(model, costs, group: group, choice: choice, by: by, countsShift: false)
    }
    state.tourCount[tour] += by
    state.counted += by
    if model.problem.templates[model.tours[tour].template].partTime { state.partTime += by }
  }

  /// The break choices the last agent added to `tour` took, read back from what changed.
  private mutating func undoAdd(_ tour: Int, _ snapshot: [[Int]]) {
    let choices = zip(model.tours[tour].groups, snapshot).map { group, before in
      state.breakCount[group].indices.first { state.breakCount[group][$0] > before[$0] } ?? 0
    }
    restore(tour, choices: choices, by: -1)
  }

  private mutating func tryAddTour(_ tour: Int) -> Bool {
    let snapshot = model.tours[tour].groups.map { state.breakCount[$0] }
    let delta = addTour(tour)
    if delta < -epsilon, state.keepsLimits(model.problem) { return true }
    undoAdd(tour, snapshot)
    return false
  }

  private mutating func tryRemoveTour(_ tour: Int) -> Bool {
    let (delta, choices) = removeTour(tour)
    if delta < -epsilon, state.keepsLimits(model.problem) { return true }
    restore(tour, choices: choices, by: 1)
    return false
  }

  private func tourNeighbours(of tour: Int) -> [Int] {
    let pattern = model.tours[tour]
    let templates = model.problem.templates
    let position = templates[pattern.template].startSlots.firstIndex(of: pattern.start)!
    var result: [Int] = []
    let byStart = tourAt[pattern.template]
    for offset in -2...2 where byStart.indices.contains(position + offset) {
      // At the same start every other block of days off; at a nearby start the same block.
      let row = byStart[position + offset]
      let blocks = offset == 0 ? row.indices.filter { $0 != pattern.offBlock } : [pattern.offBlock]
      result += blocks.compactMap { row[$0] }
    }
    for template in templates.indices where template != pattern.template {
      if let start = templates[template].startSlots.firstIndex(of: pattern.start),
        let other = tourAt[template][start][pattern.offBlock]
      {
        result.append(other)
      }
    }
    return result
  }

  private mutating func tryMoveTour(_ tour: Int) -> Bool {
    let (removed, choices) = removeTour(tour)
    var best: (tour: Int, delta: Double)?
    for other in tourNeighbours(of: tour) {
      let snapshot = model.tours[other].groups.map { state.breakCount[$0] }
      let delta = removed + addTour(other)
      if delta < (best?.delta ?? -epsilon), state.keepsLimits(model.problem) { best = (other, delta) }
      undoAdd(other, snapshot)
    }
    if let best {
      _ = addTour(best.tour)
      return true
    }
    restore(tour, choices: choices, by: 1)
    return false
  }

  private mutating func tryMoveBreak(group: Int, choice: Int) -> Bool {
    let removed = costs.penaltyDelta(state.coverage, group: group, choice: choice, by: -1)
    state.change(model, costs, group: group, choice: choice, by: -1, countsShift: false)
    var best: (choice: Int, delta: Double)?
    for other in model.groups[group].breaks.indices where other != choice {
      let delta = removed + costs.penaltyDelta(state.coverage, group: group, choice: other, by: 1)
      if delta < (best?.delta ?? -epsilon) { best = (other, delta) }
    }
    state.change(model, costs, group: group, choice: best?.choice ?? choice, by: 1, countsShift: false)
    return best != nil
  }
}
