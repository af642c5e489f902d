import RotaCore

/// The columns of one email channel's backlog, per interval in time order.
///
/// On a week that repeats (`planning.cyclic`) the backlog wraps too: the work still waiting at
/// the end of the week is the work waiting at its start, a ticket's due interval may lie early
/// in the week (Sunday evening's tickets are due Monday evening), and only work the week never
/// answers at all (its capacity short of its work) is dropped, priced as overdue for the whole
/// week.
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
  /// On a repeating week: the work carried from the week's end into its start, and the work
  /// the week never answers.
  var carry: Int? = nil
  var dropped: Int? = nil

  /// The columns the plan's objective prices: the excess, else each interval's overdue work;
  /// and the dropped work.
  var pricedColumns: [Int] { (excess.map { [$0] } ?? steps.map(\.overdue)) + (dropped.map { [$0] } ?? []) }

  /// The overdue work a share target leaves unpriced: `(1 − share)` of all work arriving.
  static func allowance(_ requirements: [Requirement], share: Double) -> Double {
    (1 - share) * requirements.reduce(0) { $0 + ($1.work ?? 0) }
  }

  /// How many intervals' overdue a unit of dropped work is priced as: the whole week's.
  static func droppedWeight(_ requirements: [Requirement]) -> Double { Double(max(requirements.count, 1)) }

  /// Per interval of `requirements` (in time order), the work arrived by then that is not
  /// yet due: a backlog above it is overdue. On a repeating week (`cyclic`) a due interval
  /// before its own is next week's, so the work counts as not yet due from its arrival to the
  /// week's end and from the week's start to that interval.
  static func notYetDue(_ requirements: [Requirement], cyclic: Bool = false) -> [Double] {
    let count = requirements.count
    let position = Dictionary(
      requirements.enumerated().map { ($1.interval, $0) }, uniquingKeysWith: { a, _ in a })
    // Work arrived and work due by each interval, on two laps of the week.
    var dueByIndex = Array(repeating: 0.0, count: 2 * count)
    for (index, requirement) in requirements.enumerated() {
      var due = requirement.due.flatMap { position[$0] } ?? index
      if due < index { due = cyclic ? due + count : index }
      dueByIndex[due] += requirement.work ?? 0
    }
    var arrived = 0.0
    var dueSoFar = 0.0
    let waiting = (0..<(2 * count)).map { index -> Double in
      if index < count { arrived += requirements[index].work ?? 0 }
      dueSoFar += dueByIndex[index]
      return arrived - dueSoFar
    }
    return (0..<count).map { max(0, waiting[$0] + (cyclic ? waiting[$0 + count] : 0)) }
  }

  /// The backlog path when `capacity[i]` agent-intervals work off `work[i]`, oldest first.
  /// On a repeating week the week starts with what a week from empty ends with: the backlog
  /// that repeats whenever the week's capacity covers its work (the end of a week is a
  /// monotone map of its start that moves it by at most as much, so one lap from empty reaches
  /// its least fixed point); whatever the second lap ends with beyond it was dropped.
  static func workOff(work: [Double], capacity: [Double], cyclic: Bool)
    -> (done: [Double], backlog: [Double], carry: Double, dropped: Double)
  {
    func lap(from start: Double) -> (done: [Double], backlog: [Double]) {
      var backlog = start
      var done: [Double] = []
      var path: [Double] = []
      for (arriving, available) in zip(work, capacity) {
        let answered = min(available, backlog + arriving)
        backlog = backlog + arriving - answered
        done.append(answered)
        path.append(backlog)
      }
      return (done, path)
    }
    guard cyclic else {
      let path = lap(from: 0)
      return (path.done, path.backlog, 0, 0)
    }
    let carry = lap(from: 0).backlog.last ?? 0
    let path = lap(from: carry)
    return (path.done, path.backlog, carry, max(0, (path.backlog.last ?? 0) - carry))
  }

  /// Sets the backlog columns for the shift counts in `values`: each interval works off as
  /// much of the oldest work as its capacity allows.
  func complete(_ values: inout [Double]) {
    let capacity = steps.map { step in step.capacity.reduce(step.fixedCapacity) { $0 + values[$1.0] * $1.1 } }
    let path = Self.workOff(work: steps.map(\.work), capacity: capacity, cyclic: carry != nil)
    for (index, step) in steps.enumerated() {
      values[step.done] = path.done[index]
      values[step.backlog] = path.backlog[index]
      values[step.overdue] = max(0, path.backlog[index] - step.notYetDue)
    }
    if let carry, let dropped {
      values[carry] = path.carry
      values[dropped] = path.dropped
    }
    if let excess {
      values[excess] = max(0, steps.reduce(0) { $0 + values[$1.overdue] } - allowance)
    }
  }

  /// Adds an email channel's backlog: per interval, work done `u ≤ on-task capacity`, the
  /// backlog `b_i = b_{i−1} + arrivals_i − u_i ≥ 0` (no work before it arrives), and the overdue
  /// part `o_i ≥ b_i − (work arrived by i but not yet due)`, priced per agent-interval per
  /// interval it stays overdue. With a share target `s < 1` (90% within 24 h) only the excess
  /// `e ≥ Σ o_i − (1 − s)·Σ arrivals` is priced. Under first-in-first-out the work that goes
  /// late at `i` is `min(due_i, o_i) ≤ o_i`, so `Σ o_i` is the tightest convex over-count of late
  /// work: a plan with no excess meets the share (counted in work), one with excess may too.
  /// On a repeating week `b_{−1}` is a carry `c ≤ b_{N−1}`, and `b_{N−1} − c` is dropped work,
  /// priced as ``droppedWeight(_:)`` intervals overdue; the backlog path ``workOff(work:capacity:cyclic:)``
  /// gives a roster is feasible here at the cost `RosterCost` gives it, so the bound holds.
  static func add(
    _ channel: Channel, _ requirements: [Requirement], to model: inout MIPModel, penalty: Double,
    hardDeadlines: Bool = false, cyclic: Bool = false, capacity: (GridInterval) -> [(Int, Double)],
    pinned: (GridInterval) -> Double = { _ in 0 }
  ) -> EmailBacklog {
    let share = channel.deadlineShare
    let notYetDueByIndex = notYetDue(requirements, cyclic: cyclic)
    var steps: [Step] = []
    let carry = cyclic && !requirements.isEmpty ? model.addVariable("carry[\(channel.name)]") : nil
    var previous = carry
    for (index, requirement) in requirements.enumerated() {
      let label = "\(channel.name) \(requirement.interval)"
      let work = requirement.work ?? 0
      let done = model.addVariable("done[\(label)]")
      let backlog = model.addVariable("backlog[\(label)]")
      let overdue = model.addVariable(
        "overdue[\(label)]", upper: hardDeadlines && share >= 1 ? 0 : .infinity,
        cost: share >= 1 ? penalty : 0)
      let terms = capacity(requirement.interval)
      let fixed = pinned(requirement.interval)
      model.addConstraint(
        "capacity[\(label)]", terms: [(done, 1)] + terms.map { ($0.0, -$0.1) }, upper: fixed)
      var balance: [(Int, Double)] = [(backlog, 1), (done, 1)]
      if let previous { balance.append((previous, -1)) }
      model.addConstraint("backlog[\(label)]", terms: balance, lower: work, upper: work)
      let notYetDue = notYetDueByIndex[index]
      model.addConstraint("deadline[\(label)]", terms: [(backlog, 1), (overdue, -1)], upper: notYetDue)
      steps.append(
        Step(
          done: done, backlog: backlog, overdue: overdue, capacity: terms, fixedCapacity: fixed, work: work,
          notYetDue: notYetDue))
      previous = backlog
    }
    var result = EmailBacklog(steps: steps)
    if let carry, let last = steps.last {
      let dropped = model.addVariable(
        "dropped[\(channel.name)]", upper: hardDeadlines ? 0 : .infinity,
        cost: penalty * droppedWeight(requirements))
      model.addConstraint(
        "carry[\(channel.name)]", terms: [(last.backlog, 1), (carry, -1), (dropped, -1)], lower: 0, upper: 0)
      result.carry = carry
      result.dropped = dropped
    }
    guard share < 1 else { return result }
    result.allowance = allowance(requirements, share: share)
    let excess = model.addVariable(
      "overdue[\(channel.name) beyond \(share)]", upper: hardDeadlines ? 0 : .infinity, cost: penalty)
    model.addConstraint(
      "late share[\(channel.name)]", terms: steps.map { ($0.overdue, 1) } + [(excess, -1)],
      upper: result.allowance)
    result.excess = excess
    return result
  }
}
