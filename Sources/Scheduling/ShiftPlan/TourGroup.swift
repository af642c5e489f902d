import RotaCore

/// A key of something on one date: a channel, a template, a start, a band.
struct OnDate<Key: Hashable & Comparable>: Hashable, Comparable {
  var date: LocalDate
  var key: Key

  static func < (lhs: OnDate, rhs: OnDate) -> Bool { (lhs.date, lhs.key) < (rhs.date, rhs.key) }
}

/// Employees alike for the week rules: same contract, days available and skills.
struct TourGroup: Hashable, CustomStringConvertible {
  var contract: String
  var days: [Bool]
  var skills: [String]
  /// The wall-clock window every shift must lie in, minutes after midnight.
  var hours: ClosedRange<Int>

  /// Whether `shift` lies in the group's hours (a whole-day window allows night shifts).
  func allows(_ shift: Shift) -> Bool {
    hours == 0...1440 || (hours.contains(shift.start) && hours.contains(shift.end))
  }

  var description: String {
    "\(contract) \(days.map { $0 ? "1" : "0" }.joined()) \(skills.joined(separator: "+")) \(hours)"
  }

  /// The weeks one person of `contract` may be given, and the days of such a week they must
  /// work. With days guaranteed (``Contract/minDaysPerWeek``), every week the rules allow with
  /// at least those days, or the most the rules and the person's leave allow where that is
  /// fewer, each worked whole; otherwise the widest weeks, of which any part may be worked.
  static func weeks(available: [Bool], rules: LabourRules, weekdays: [Weekday], contract: Contract)
    -> (weeks: [[Bool]], leastDays: Int)
  {
    guard contract.minDaysPerWeek > 0 else {
      return (
        widestWeeks(available: available, rules: rules, weekdays: weekdays, maxDays: contract.maxDaysPerWeek),
        0
      )
    }
    let allowed = allowedWeeks(
      available: available, rules: rules, weekdays: weekdays, maxDays: contract.maxDaysPerWeek)
    let most = allowed.map { $0.filter { $0 }.count }.max() ?? 0
    let least = min(contract.minDaysPerWeek, most)
    guard least > 0 else { return ([], 0) }
    return (allowed.filter { $0.filter { $0 }.count >= least }, least)
  }

  /// Every week (a flag per day) within `available` that the rules allow.
  static func allowedWeeks(available: [Bool], rules: LabourRules, weekdays: [Weekday], maxDays: Int)
    -> [[Bool]]
  {
    allowedMasks(available: available, rules: rules, weekdays: weekdays, maxDays: maxDays).map {
      flags($0, days: available.count)
    }
  }

  /// The weeks (a flag per day) that the rules allow and no other allowed week contains:
  /// any allowed week is a subset of one of them, since every rule is kept by subsets.
  static func widestWeeks(available: [Bool], rules: LabourRules, weekdays: [Weekday], maxDays: Int)
    -> [[Bool]]
  {
    let days = available.count
    let allowed = allowedMasks(available: available, rules: rules, weekdays: weekdays, maxDays: maxDays)
    let widest = allowed.filter { mask in !allowed.contains { $0 != mask && $0 & mask == mask } }
    return widest.map { flags($0, days: days) }
  }

  /// The allowed weeks as bit masks, bit d for plan day d.
  private static func allowedMasks(available: [Bool], rules: LabourRules, weekdays: [Weekday], maxDays: Int)
    -> [Int]
  {
    let days = available.count
    return (0..<(1 << days)).filter { mask in
      let worked = flags(mask, days: days)
      return zip(worked, available).allSatisfy { !$0.0 || $0.1 }
        && rules.allows(worked, weekdays: weekdays, maxDays: maxDays)
    }
  }

  private static func flags(_ mask: Int, days: Int) -> [Bool] { (0..<days).map { mask & (1 << $0) != 0 } }
}
