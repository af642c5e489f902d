import RotaCore

/// The shifts to staff, before they are given to people: how many agents work each shift.
public struct ShiftPlan: Sendable {
  /// Each distinct shift with the number of agents to put on it.
  public var shifts: [(shift: Shift, count: Int)]
  /// The solve that chose them; once people are on the shifts, the delivered roster's
  /// certificate: its ``cost`` as the objective, against the plan's bound.
  public var solution: MIPSolution
  /// What the delivered roster costs, part by part (set with the certificate).
  public var cost: RosterCost?
  /// Agent-hours short of the requirement, per channel, as the model priced them.
  public var shortfallHours: [String: Double]
  /// When coverage is a hard rule and cannot be met: the rules in conflict, in the
  /// planner's words. Empty otherwise.
  public var conflicts: [String] = []
  /// With week rules, the tours the shifts were planned around: a guide for the assignment.
  public var tours: [PlannedTour] = []
  /// Each search stage's plan cost (the plan model's objective) and the seconds since the
  /// start when it ended.
  public var stages: [(name: String, objective: Double, seconds: Double)] = []
  /// The stages the clock stopped before their node or pass limits did (``ClockStops``).
  public var clockStops: [String] = []
}

/// A number of people of alike employees working one week of days within one band of starts.
public struct PlannedTour: Sendable {
  /// The employees it may go to (their indices in the problem), all alike for the rules.
  public var employees: [Int]
  /// One flag per plan day.
  public var week: [Bool]
  /// Earliest and latest start, minutes after midnight.
  public var band: ClosedRange<Int>
  /// The one template of every shift, where the contract keeps one all week.
  public var template: String?
  /// Days of the week each person on it must work (all of them, with days guaranteed).
  public var leastDays = 0
  public var count: Int
}

/// What a tour stands for, planned or given to one employee: a week of days, a band of starts
/// and, where the contract keeps one all week, the template.
protocol TourShape {
  var week: [Bool] { get }
  var band: ClosedRange<Int> { get }
  var template: String? { get }
}

extension TourShape {
  /// Whether someone on this tour may work `shift` on plan day `day`.
  func holds(_ shift: Shift, day: Int) -> Bool {
    week[day] && band.contains(shift.start) && (template == nil || template == shift.template)
  }
}

extension PlannedTour: TourShape {}
