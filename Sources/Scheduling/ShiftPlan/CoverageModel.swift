/// One (template, day, start) of a ``CoverageProblem``: the shifts that start together, with
/// the slots each covers and the slots each of its break choices takes away.
struct ShiftGroup {
  var template: Int
  var day: Int
  /// Slots after the day's midnight.
  var start: Int
  /// Slots on shift, wrapped onto the horizon.
  var body: [Int]
  /// Per break choice, the slots of the break (one empty choice for a shift without one).
  var breaks: [[Int]]
}

/// A weekly tour: one template at one start on every day outside one block of days off.
struct TourPattern {
  var template: Int
  var start: Int
  var offBlock: Int
  /// The groups of its working days.
  var groups: [Int]
}

/// The columns and rows of a ``CoverageProblem`` as an integer program, after Aykin's implicit
/// break placement ("Optimal shift scheduling with multiple break windows", *Management
/// Science* 42, 1996): an integer column per shift group counting its agents (for tours: a
/// continuous sum of the integer tour columns that work that day), per break choice an
/// integer column counting the group's agents who take it then, the break columns summing to
/// the group's. Per slot that needs agents, a coverage row with a priced shortfall column.
///
/// Over-coverage is folded into the costs exactly: the agents over in slot k are
/// `coverage_k − required_k + short_k`, so pricing them adds the surplus price to every
/// on-task slot of a shift, to the shortfall price, and `−surplus × Σ required` to the
/// constant. The model's objective is then the plan's cost to the cent.
struct CoverageModel {
  var problem: CoverageProblem
  var groups: [ShiftGroup] = []
  var tours: [TourPattern] = []
  var model = MIPModel(sense: .minimize)
  /// Per group: its count column, and per break choice the break column (nil without a break,
  /// and both nil for a group a window leaves fixed).
  var groupColumn: [Int?] = []
  var breakColumns: [[Int?]] = []
  var tourColumn: [Int?] = []
  /// The groups and tours with columns: all of them, or those of a window.
  var free: [Bool] = []
  var freeTour: [Bool] = []
  /// Per slot: the shortfall column (nil where nothing is required).
  var shortfallColumn: [Int?] = []

  init(_ problem: CoverageProblem) {
    self.problem = problem
    let count = problem.slotCount
    var groupIndex: [GroupKey: Int] = [:]
    for (templateIndex, template) in problem.templates.enumerated() {
      for day in 0..<problem.days {
        for start in template.startSlots {
          guard let first = problem.firstSlot(template, day: day, start: start) else { continue }
          let body = (0..<template.lengthSlots).map { (first + $0) % count }
          let breaks =
            template.breakOffsets.isEmpty
            ? [[]]
            : template.breakOffsets.map { offset in
              (0..<template.breakSlots).map { (first + offset + $0) % count }
            }
          groupIndex[GroupKey(template: templateIndex, day: day, start: start)] = groups.count
          groups.append(
            ShiftGroup(template: templateIndex, day: day, start: start, body: body, breaks: breaks))
        }
      }
    }
    if problem.tours != nil {
      for (templateIndex, template) in problem.templates.enumerated() {
        for start in template.startSlots {
          for (blockIndex, block) in problem.offBlocks.enumerated() {
            let working = (0..<problem.days).filter { !block.contains($0) }
            let members = working.compactMap {
              groupIndex[GroupKey(template: templateIndex, day: $0, start: start)]
            }
            guard members.count == working.count else { continue }
            tours.append(
              TourPattern(template: templateIndex, start: start, offBlock: blockIndex, groups: members))
          }
        }
      }
    }
    build(free: Array(repeating: true, count: groups.count), around: nil)
  }

  /// The model of a window: columns only for the `free` groups (and the tours working only
  /// them); every other shift stays as it is in `state`, its coverage taken off the
  /// requirement and its cost and limit counts made constants. Its optimum is the best plan
  /// that changes only the window.
  func window(free: [Bool], around state: CoverageState) -> CoverageModel {
    var window = self
    window.model = MIPModel(sense: .minimize)
    window.groupColumn = []
    window.breakColumns = []
    window.tourColumn = []
    window.shortfallColumn = []
    window.build(free: free, around: state)
    return window
  }

  private struct GroupKey: Hashable {
    var template: Int
    var day: Int
    var start: Int
  }

  /// A shift's cost with the surplus price of its on-task slots folded in.
  func foldedCost(_ template: CoverageTemplate) -> Double {
    template.cost + problem.surplusCost * Double(template.onTaskSlots)
  }

  private mutating func build(free: [Bool], around state: CoverageState?) {
    let templates = problem.templates
    let touring = problem.tours != nil
    let count = problem.slotCount
    self.free = free
    freeTour = tours.map { $0.groups.allSatisfy { free[$0] } }
    // What the fixed part of `state` covers and costs.
    var fixedCoverage = state?.coverage ?? Array(repeating: 0, count: count)
    var constant = 0.0
    var fixedCounted: [(partTime: Bool, days: [Int], count: Int)] = []
    if let state {
      let costs = CoverageCosts(self)
      for (index, group) in groups.enumerated() {
        let template = templates[group.template]
        if free[index] {
          for (choice, agents) in state.breakCount[index].enumerated() where agents > 0 {
            for slot in costs.onTask[index][choice] { fixedCoverage[slot] -= agents }
          }
        } else {
          constant += foldedCost(template) * Double(state.groupCount[index])
          if !touring { fixedCounted.append((template.partTime, [group.day], state.groupCount[index])) }
        }
      }
      if touring {
        for (index, tour) in tours.enumerated() where !freeTour[index] {
          fixedCounted.append(
            (templates[tour.template].partTime, tour.groups.map { groups[$0].day }, state.tourCount[index]))
        }
      }
    }
    var coverTerms: [[(Int, Double)]] = Array(repeating: [], count: count)
    for (index, group) in groups.enumerated() {
      guard free[index] else {
        groupColumn.append(nil)
        breakColumns.append(group.breaks.map { _ in nil })
        continue
      }
      let template = templates[group.template]
      let label = "\(template.name) d\(group.day) s\(group.start)"
      let column = model.addVariable(
        "x[\(label)]", kind: touring ? .continuous : .integer, cost: touring ? 0 : foldedCost(template))
      groupColumn.append(column)
      for slot in group.body { coverTerms[slot].append((column, 1)) }
      if template.breakOffsets.isEmpty {
        breakColumns.append([nil])
        continue
      }
      var choices: [Int?] = []
      for (choice, slots) in group.breaks.enumerated() {
        let breakColumn = model.addVariable("b[\(label) \(template.breakOffsets[choice])]", kind: .integer)
        choices.append(breakColumn)
        for slot in slots { coverTerms[slot].append((breakColumn, -1)) }
      }
      breakColumns.append(choices)
      model.addConstraint(
        "breaks[\(label)]", terms: [(column, -1)] + choices.map { ($0!, 1) }, lower: 0, upper: 0)
    }
    if touring {
      var members: [[Int]] = Array(repeating: [], count: groups.count)
      for (index, tour) in tours.enumerated() {
        guard freeTour[index] else {
          tourColumn.append(nil)
          continue
        }
        let template = templates[tour.template]
        let column = model.addVariable(
          "y[\(template.name) s\(tour.start) off\(tour.offBlock)]", kind: .integer,
          cost: foldedCost(template) * Double(tour.groups.count))
        tourColumn.append(column)
        for group in tour.groups { members[group].append(index) }
      }
      for (group, tourIndices) in members.enumerated() {
        guard let column = groupColumn[group] else { continue }
        model.addConstraint(
          "tours[\(group)]", terms: [(column, 1)] + tourIndices.map { (tourColumn[$0]!, -1) },
          lower: 0, upper: 0)
      }
    }
    let shortfallPrice = problem.shortfallCost + problem.surplusCost
    for slot in 0..<count {
      let required = problem.required[slot] - fixedCoverage[slot]
      guard required > 0, !coverTerms[slot].isEmpty || state == nil else {
        shortfallColumn.append(nil)
        continue
      }
      let short = model.addVariable("u[\(slot)]", upper: Double(required), cost: shortfallPrice)
      shortfallColumn.append(short)
      model.addConstraint("cover[\(slot)]", terms: coverTerms[slot] + [(short, 1)], lower: Double(required))
    }
    // Slots the window cannot reach keep their shortfall as a constant.
    for slot in 0..<count where state != nil && coverTerms[slot].isEmpty {
      constant += shortfallPrice * Double(max(0, problem.required[slot] - fixedCoverage[slot]))
    }
    model.objectiveConstant = constant - problem.surplusCost * Double(problem.required.reduce(0, +))
    addLimits(coverTerms: coverTerms, fixedCoverage: fixedCoverage, fixed: fixedCounted)
  }

  private mutating func addLimits(
    coverTerms: [[(Int, Double)]], fixedCoverage: [Int], fixed: [(partTime: Bool, days: [Int], count: Int)]
  ) {
    let limits = problem.limits
    let templates = problem.templates
    // Who counts for the limits: tours when touring, else shifts.
    let counted: [(column: Int, partTime: Bool, days: [Int])] =
      problem.tours != nil
      ? zip(tours, tourColumn).compactMap { tour, column in
        column.map { ($0, templates[tour.template].partTime, tour.groups.map { groups[$0].day }) }
      }
      : zip(groups, groupColumn).compactMap { group, column in
        column.map { ($0, templates[group.template].partTime, [group.day]) }
      }
    let fixedAll = Double(fixed.reduce(0) { $0 + $1.count })
    let fixedPartTime = Double(fixed.filter(\.partTime).reduce(0) { $0 + $1.count })
    if let most = limits.maxHeadcount, problem.tours != nil {
      model.addConstraint("headcount", terms: counted.map { ($0.column, 1) }, upper: Double(most) - fixedAll)
    }
    // part-time − share × all, the fixed part's value taken to the right-hand side.
    if let share = limits.maxPartTimeShare {
      model.addConstraint(
        "parttime.max", terms: counted.map { ($0.column, $0.partTime ? 1 - share : -share) },
        upper: share * fixedAll - fixedPartTime)
    }
    if let share = limits.minPartTimeShare {
      model.addConstraint(
        "parttime.min", terms: counted.map { ($0.column, $0.partTime ? 1 - share : -share) },
        lower: share * fixedAll - fixedPartTime)
    }
    if let most = limits.maxShiftsPerDay {
      for day in 0..<problem.days {
        let terms = zip(groups, groupColumn).filter { $0.0.day == day }.compactMap { $0.1.map { ($0, 1.0) } }
        let fixedToday = fixed.filter { $0.days.contains(day) }.reduce(0) { $0 + $1.count }
        model.addConstraint("shifts[\(day)]", terms: terms, upper: Double(most - fixedToday))
      }
    }
    if let most = limits.maxAgentsPerSlot {
      for (slot, terms) in coverTerms.enumerated() where !terms.isEmpty {
        model.addConstraint("agents[\(slot)]", terms: terms, upper: Double(most - fixedCoverage[slot]))
      }
    }
  }

  /// The columns' values for `state`, a feasible start for branch-and-cut.
  func values(of state: CoverageState) -> [Double] {
    var values = Array(repeating: 0.0, count: model.variables.count)
    for (group, column) in groupColumn.enumerated() {
      guard let column else { continue }
      values[column] = Double(state.groupCount[group])
      for (choice, breakColumn) in breakColumns[group].enumerated() {
        if let breakColumn { values[breakColumn] = Double(state.breakCount[group][choice]) }
      }
    }
    for (tour, column) in tourColumn.enumerated() {
      if let column { values[column] = Double(state.tourCount[tour]) }
    }
    for (slot, column) in shortfallColumn.enumerated() {
      if let column { values[column] = Double(max(0, problem.required[slot] - state.coverage[slot])) }
    }
    return values
  }
}
