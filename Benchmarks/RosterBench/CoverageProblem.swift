/// A shift-scheduling problem on one timeline of equal slots: how many agents each slot needs,
/// the shifts (or weekly tours) that may cover it, and the price of every slot short or over.
///
/// Slot `k` of day `d` is `d × slotsPerDay + i`. A shift may run past midnight into the next
/// day; with `cyclic` the slots after the last day wrap onto the first (a Sunday-night shift
/// covers Monday's early hours of the same week), and without it a shift must end by the end
/// of the horizon. This is the form of the public rostering instances of `roster-bench`.
public struct CoverageProblem: Sendable {
  public var slotMinutes: Int
  public var days: Int
  public var cyclic: Bool
  /// Agents needed in each slot, `days × slotsPerDay` values.
  public var required: [Int]
  /// Price of one agent missing for one slot.
  public var shortfallCost: Double
  /// Price of one agent more than needed for one slot.
  public var surplusCost: Double
  public var templates: [CoverageTemplate]
  /// Weekly tours: with them, an agent works one template at one start on every day of a
  /// week that is not in its block of days off.
  public var tours: TourRule?
  public var limits: CoverageLimits

  public init(
    slotMinutes: Int, days: Int, cyclic: Bool, required: [Int], shortfallCost: Double,
    surplusCost: Double, templates: [CoverageTemplate], tours: TourRule? = nil,
    limits: CoverageLimits = CoverageLimits()
  ) {
    self.slotMinutes = slotMinutes
    self.days = days
    self.cyclic = cyclic
    self.required = required
    self.shortfallCost = shortfallCost
    self.surplusCost = surplusCost
    self.templates = templates
    self.tours = tours
    self.limits = limits
  }

  public var slotsPerDay: Int { 1440 / slotMinutes }
  public var slotCount: Int { days * slotsPerDay }
}

/// A kind of shift on the slot timeline.
public struct CoverageTemplate: Sendable, Hashable {
  public var name: String
  public var lengthSlots: Int
  /// Cost of one shift (paid hours × wage).
  public var cost: Double
  public var paidHours: Double
  public var partTime: Bool
  /// Allowed starts, slots after the day's midnight.
  public var startSlots: [Int]
  /// Days (0-based) the template may start on.
  public var days: Set<Int>
  /// Length of the one break, in slots; 0 for a shift without a break.
  public var breakSlots: Int
  /// Allowed break starts, slots after the shift's start (empty without a break).
  public var breakOffsets: [Int]

  public init(
    name: String, lengthSlots: Int, cost: Double, paidHours: Double, partTime: Bool, startSlots: [Int],
    days: Set<Int>, breakSlots: Int = 0, breakOffsets: [Int] = []
  ) {
    self.name = name
    self.lengthSlots = lengthSlots
    self.cost = cost
    self.paidHours = paidHours
    self.partTime = partTime
    self.startSlots = startSlots
    self.days = days
    self.breakSlots = breakSlots
    self.breakOffsets = breakOffsets
  }

  /// Slots an agent on the shift is on task: the length less the break.
  public var onTaskSlots: Int { lengthSlots - breakSlots }
}

/// Weekly tours: `daysOn` working days and the rest of the week's days off in one block.
public struct TourRule: Sendable, Hashable {
  public var daysOn: Int
  /// The block of days off may run from the last day into the first.
  public var daysOffWrap: Bool

  public init(daysOn: Int, daysOffWrap: Bool) {
    self.daysOn = daysOn
    self.daysOffWrap = daysOffWrap
  }
}

/// Hard limits on a plan; every one is optional.
public struct CoverageLimits: Sendable, Hashable {
  /// Tours: most agents.
  public var maxHeadcount: Int?
  /// Part-time shifts (tours: agents) as a share of all, at most and at least.
  public var maxPartTimeShare: Double?
  public var minPartTimeShare: Double?
  public var maxShiftsPerDay: Int?
  public var maxAgentsPerSlot: Int?

  public init(
    maxHeadcount: Int? = nil, maxPartTimeShare: Double? = nil, minPartTimeShare: Double? = nil,
    maxShiftsPerDay: Int? = nil, maxAgentsPerSlot: Int? = nil
  ) {
    self.maxHeadcount = maxHeadcount
    self.maxPartTimeShare = maxPartTimeShare
    self.minPartTimeShare = minPartTimeShare
    self.maxShiftsPerDay = maxShiftsPerDay
    self.maxAgentsPerSlot = maxAgentsPerSlot
  }
}

/// A problem that cannot be planned as given.
public enum CoverageProblemError: Error, Equatable, CustomStringConvertible {
  case invalid(String)

  public var description: String {
    switch self {
    case .invalid(let what): what
    }
  }
}

extension CoverageProblem {
  /// Checks the shape: sizes, lengths and windows inside the day and the horizon, costs finite.
  public func validate() throws(CoverageProblemError) {
    guard (1...1440).contains(slotMinutes), 1440 % slotMinutes == 0 else {
      throw .invalid("slot length \(slotMinutes) min does not divide a day")
    }
    guard (1...62).contains(days) else { throw .invalid("\(days) days: 1 to 62 are planned") }
    guard required.count == slotCount else {
      throw .invalid("\(required.count) required values for \(slotCount) slots")
    }
    if let bad = required.first(where: { !(0...1_000_000).contains($0) }) {
      throw .invalid("required \(bad) agents is outside 0 to 1,000,000")
    }
    for cost in [shortfallCost, surplusCost] where !(cost.isFinite && cost >= 0) {
      throw .invalid("penalty \(cost) is not a finite non-negative amount")
    }
    for template in templates {
      let name = template.name
      guard (1...2 * slotsPerDay).contains(template.lengthSlots) else {
        throw .invalid("template \(name): length of \(template.lengthSlots) slots")
      }
      guard template.cost.isFinite, template.cost >= 0 else { throw .invalid("template \(name): cost") }
      guard template.startSlots.allSatisfy({ (0..<slotsPerDay).contains($0) }) else {
        throw .invalid("template \(name): a start outside the day")
      }
      guard template.days.allSatisfy({ (0..<days).contains($0) }) else {
        throw .invalid("template \(name): a day outside the horizon")
      }
      guard (template.breakSlots == 0) == template.breakOffsets.isEmpty,
        template.breakOffsets.allSatisfy({ $0 >= 0 && $0 + template.breakSlots <= template.lengthSlots })
      else { throw .invalid("template \(name): a break outside the shift") }
    }
    if let tours {
      guard (1...days).contains(tours.daysOn) else { throw .invalid("tours of \(tours.daysOn) days") }
    }
  }

  /// The first slot of a shift of `template` starting at `start` on `day`, if it may start
  /// then: the template works that day and, on a horizon that does not wrap, ends inside it.
  func firstSlot(_ template: CoverageTemplate, day: Int, start: Int) -> Int? {
    guard template.days.contains(day) else { return nil }
    let first = day * slotsPerDay + start
    return cyclic || first + template.lengthSlots <= slotCount ? first : nil
  }

  /// The blocks of days off a tour may have, each as the set of its first..last days.
  var offBlocks: [[Int]] {
    guard let tours else { return [] }
    let off = days - tours.daysOn
    guard off > 0 else { return [[]] }
    let firsts = tours.daysOffWrap && off < days ? Array(0..<days) : Array(0...(days - off))
    return firsts.map { first in (0..<off).map { (first + $0) % days } }
  }
}
