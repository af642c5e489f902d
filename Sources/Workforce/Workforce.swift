import RotaCore

/// A break inside a shift: its length and the window, measured from the shift's start, in
/// which it must begin.
public struct BreakRule: Sendable, Hashable {
  public var name: String
  /// Length in minutes.
  public var minutes: Int
  /// Paid breaks count towards paid hours; unpaid ones do not.
  public var paid: Bool
  /// Earliest start, minutes after the shift starts.
  public var earliestAfterStart: Int
  /// Latest start, minutes after the shift starts.
  public var latestAfterStart: Int
  /// Break starts lie this many minutes apart from the earliest; nil for the template's start
  /// step.
  public var stepMinutes: Int?

  public init(name: String, minutes: Int, paid: Bool, earliestAfterStart: Int, latestAfterStart: Int) {
    self.name = name
    self.minutes = minutes
    self.paid = paid
    self.earliestAfterStart = earliestAfterStart
    self.latestAfterStart = latestAfterStart
  }
}

/// A kind of shift a planner may roster: its length, when it may start, on which days, and
/// its breaks.
public struct ShiftTemplate: Sendable, Hashable {
  public var name: String
  /// Length from start to end in minutes, breaks included.
  public var lengthMinutes: Int
  /// Earliest and latest wall-clock start, minutes after midnight.
  public var earliestStart: Int
  public var latestStart: Int
  /// Starts (and break starts) fall on multiples of this many minutes after `earliestStart`.
  public var startStepMinutes: Int
  public var days: Set<Weekday>
  public var breaks: [BreakRule]
  /// Counted as part-time by ``LabourRules/maxPartTimeShare``.
  public var partTime = false

  public init(
    name: String, lengthMinutes: Int, earliestStart: Int, latestStart: Int, startStepMinutes: Int,
    days: Set<Weekday>, breaks: [BreakRule]
  ) {
    self.name = name
    self.lengthMinutes = lengthMinutes
    self.earliestStart = earliestStart
    self.latestStart = latestStart
    self.startStepMinutes = startStepMinutes
    self.days = days
    self.breaks = breaks
  }

  /// Minutes paid: the length less unpaid breaks.
  public var paidMinutes: Int {
    lengthMinutes - breaks.filter { !$0.paid }.reduce(0) { $0 + $1.minutes }
  }

  /// Every start time the template allows, in minutes after midnight.
  public var starts: [Int] { Array(stride(from: earliestStart, through: latestStart, by: startStepMinutes)) }

  /// The offsets, in minutes after the shift starts, at which break `index` may begin: every
  /// step of the break (the start step unless it has its own) in its window that lets it end
  /// inside the shift.
  public func breakOffsets(_ index: Int) -> [Int] {
    let rule = breaks[index]
    return stride(
      from: rule.earliestAfterStart, through: rule.latestAfterStart, by: rule.stepMinutes ?? startStepMinutes
    )
    .filter { $0 + rule.minutes <= lengthMinutes }
  }

  /// The first break whose window lets it start before the break before it has ended, if
  /// any. The scheduler places each break independently (Aykin 1996), which is exact only
  /// when every break must end before the next may start.
  public var overlappingBreak: Int? {
    breaks.indices.dropFirst().first {
      breaks[$0].earliestAfterStart < breaks[$0 - 1].latestAfterStart + breaks[$0 - 1].minutes
    }
  }
}

/// An employment contract: which shifts it allows, how much work a week, and its wage.
public struct Contract: Sendable, Hashable {
  public var name: String
  public var templates: [String]
  public var maxDaysPerWeek: Int
  /// Most paid minutes in a week.
  public var maxMinutesPerWeek: Int
  /// Paid minutes a week the employee is guaranteed: a soft floor, priced below an open
  /// shift, since the plan may not have that much work.
  public var minMinutesPerWeek: Int
  /// Most paid minutes in one day.
  public var maxMinutesPerDay: Int
  /// Wage per paid hour, in the scenario's currency.
  public var hourlyWage: Double
  /// Days a week the contract guarantees (`max_days_per_week` too, 5 and 5: exactly five).
  /// Whoever is rostered works at least this many days (as many as the week rules and their
  /// leave let them); a person of a contract that is not ``optional`` and gets no week is paid
  /// the days anyway, at ``idleDayCost``.
  public var minDaysPerWeek: Int = 0
  /// A flex pool (agency staff, vacancies to fill, hire candidates): a person given no shift
  /// costs nothing; given any, every rule of the contract holds.
  public var optional = false
  /// Every shift of a person's week is on one template.
  public var sameTemplateAllWeek = false

  /// What a guaranteed day not worked costs: an average day's pay (the week's hours over its
  /// days at the wage), which the roster pays whether the person works or not.
  public var idleDayCost: Double {
    hourlyWage * Double(maxMinutesPerWeek) / Double(max(1, maxDaysPerWeek)) / 60
  }

  /// Guaranteed days an employee available on `available` of the plan's days is paid for,
  /// worked or not: none on an optional contract.
  public func guaranteedDays(available: Int) -> Int { optional ? 0 : min(minDaysPerWeek, available) }

  /// Whether a person's week is planned whole (a tour): some days are guaranteed or one
  /// template is kept all week.
  public var shapesWeek: Bool { minDaysPerWeek > 0 || sameTemplateAllWeek }

  public init(
    name: String, templates: [String], maxDaysPerWeek: Int, maxMinutesPerWeek: Int, hourlyWage: Double,
    minMinutesPerWeek: Int = 0, maxMinutesPerDay: Int = 24 * 60
  ) {
    self.name = name
    self.templates = templates
    self.maxDaysPerWeek = maxDaysPerWeek
    self.maxMinutesPerWeek = maxMinutesPerWeek
    self.minMinutesPerWeek = minMinutesPerWeek
    self.maxMinutesPerDay = maxMinutesPerDay
    self.hourlyWage = hourlyWage
  }
}

/// A person who can be rostered.
public struct Employee: Sendable, Hashable {
  public var id: String
  public var name: String
  public var contract: String
  /// Channels the employee can serve.
  public var skills: [String]
  /// Weekdays the employee can work.
  public var availableDays: Set<Weekday>
  /// Wall-clock window, minutes after midnight, that every shift must lie in.
  public var availableFrom: Int
  public var availableUntil: Int
  /// Dates of leave: no shift on them.
  public var leave: Set<LocalDate>
  /// Weekdays the employee would rather have off (soft).
  public var preferredDaysOff: Set<Weekday>

  public init(
    id: String, name: String, contract: String, skills: [String], availableDays: Set<Weekday>,
    availableFrom: Int = 0, availableUntil: Int = 24 * 60, leave: Set<LocalDate> = [],
    preferredDaysOff: Set<Weekday> = []
  ) {
    self.id = id
    self.name = name
    self.contract = contract
    self.skills = skills
    self.availableDays = availableDays
    self.availableFrom = availableFrom
    self.availableUntil = availableUntil
    self.leave = leave
    self.preferredDaysOff = preferredDaysOff
  }

  /// Whether a shift from `start` to `end` (minutes after its date's midnight; past 1440 for
  /// a night shift) lies in the employee's hours. A window of the whole day allows any shift,
  /// night shifts included.
  public func hoursAllow(start: Int, end: Int) -> Bool {
    (availableFrom == 0 && availableUntil == 1440) || (start >= availableFrom && end <= availableUntil)
  }

  /// Whether the employee can work some shift on `date`: an available weekday, not on leave.
  public func isAvailable(on date: LocalDate) -> Bool {
    availableDays.contains(date.weekday) && !leave.contains(date)
  }
}

/// Rules that hold for everyone. A seven-day plan is taken as a week that repeats, so days
/// off and runs of working days wrap from Sunday to Monday.
public struct LabourRules: Sendable, Hashable {
  /// Least rest between the end of one shift and the start of the next, in minutes.
  public var minRestMinutes: Int
  /// Most working days in a row; nil for no limit.
  public var maxConsecutiveDays: Int?
  /// Most of Saturday and Sunday worked in a week; nil for no limit.
  public var maxWeekendDays: Int?
  /// The week's days off include at least this many in a row (1 for no rule).
  public var daysOffTogether: Int
  /// A person's shift starts in one week differ by at most this many minutes; nil for no limit.
  public var maxStartVariationMinutes: Int?
  /// A shift that ends after this wall-clock minute counts as an evening, for fairness.
  public var eveningStartMinute: Int
  /// Every requirement must be met (no priced shortfall, no overdue email); when the rules
  /// make that impossible, the scheduler says which rules conflict.
  public var coverageIsHard: Bool = false
  /// At most this share of the week's planned shifts (open ones included) are on part-time
  /// templates; nil for no limit.
  public var maxPartTimeShare: Double?
  public var pay: PayRules

  public init(
    minRestMinutes: Int = 11 * 60, maxConsecutiveDays: Int? = nil, maxWeekendDays: Int? = nil,
    daysOffTogether: Int = 1, maxStartVariationMinutes: Int? = nil, eveningStartMinute: Int = 19 * 60,
    pay: PayRules = PayRules()
  ) {
    self.minRestMinutes = minRestMinutes
    self.maxConsecutiveDays = maxConsecutiveDays
    self.maxWeekendDays = maxWeekendDays
    self.daysOffTogether = daysOffTogether
    self.maxStartVariationMinutes = maxStartVariationMinutes
    self.eveningStartMinute = eveningStartMinute
    self.pay = pay
  }

  /// Whether any rule shapes a person's week beyond days and hours: the scheduler then plans
  /// tours, not only shifts.
  public var shapesWeeks: Bool {
    maxConsecutiveDays != nil || maxWeekendDays != nil || daysOffTogether > 1
      || maxStartVariationMinutes != nil
  }

  /// The bands of start times one person's week may use, for sorted distinct `starts`: with a
  /// variation limit X, [s, s + X] from each start s (of those reaching the last start, the
  /// first holds all the others need); with none, one band holding every start.
  public func startBands(_ starts: [Int]) -> [ClosedRange<Int>] {
    Self.startBands(starts, variation: maxStartVariationMinutes)
  }

  /// ``startBands(_:)`` also narrowed so that any shift of a band, then any shift of it the
  /// next day, leaves the minimum rest: from a band's first start to the latest end of its
  /// shifts is at most 24 h less the rest. The rules do not ask for this (a person may work a
  /// late shift, a day off, then an early one), so a plan made with these bands restricts
  /// the rules, but none of its tours can break the rest rule. `shifts` are (start, end)
  /// minutes after the day's midnight.
  public func restfulStartBands(_ shifts: [(start: Int, end: Int)]) -> [ClosedRange<Int>] {
    let starts = Set(shifts.map(\.start)).sorted()
    let span = 1440 - minRestMinutes
    guard let first = starts.first, let end = shifts.map(\.end).max(), end - first > span else {
      return startBands(starts)
    }
    var latestEnd: [Int: Int] = [:]
    for shift in shifts { latestEnd[shift.start] = max(latestEnd[shift.start] ?? shift.end, shift.end) }
    let bands = starts.map { low in
      var high = low
      for start in starts where start > low {
        guard latestEnd[start]! - low <= span, start - low <= maxStartVariationMinutes ?? .max else { break }
        high = start
      }
      return low...high
    }
    return bands.enumerated().filter { index, band in
      !bands.enumerated().contains {
        $0.offset != index && $0.element.contains(band.lowerBound) && $0.element.contains(band.upperBound)
          && ($0.element != band || $0.offset < index)
      }
    }.map(\.element)
  }

  static func startBands(_ starts: [Int], variation: Int?) -> [ClosedRange<Int>] {
    guard let first = starts.first, let last = starts.last else { return [] }
    guard let variation else { return [first...last] }
    let widest = starts.first { $0 + variation >= last }
    return starts.filter { $0 + variation < last || $0 == widest }.map { $0...($0 + variation) }
  }

  /// Whether the days worked, one flag per day of a plan, keep the week's day rules: the
  /// contract's most days, days off together, runs of working days and weekend days.
  public func allows(_ worked: [Bool], weekdays: [Weekday], maxDays: Int) -> Bool {
    guard worked.filter({ $0 }).count <= maxDays else { return false }
    let windows = Self.windows(length:days:)
    if let maxConsecutiveDays,
      windows(maxConsecutiveDays + 1, worked.count).contains(where: { $0.allSatisfy { worked[$0] } })
    {
      return false
    }
    // A plan shorter than a week leaves the rest of the person's week unplanned: those days
    // may be the days off, so they count as off, next to the plan's last day and (the week
    // wrapping) its first.
    let week = worked.count < 7 ? worked + Array(repeating: false, count: 7 - worked.count) : worked
    if daysOffTogether > 1, week.contains(true),
      !windows(daysOffTogether, week.count).contains(where: { $0.allSatisfy { !week[$0] } })
    {
      return false
    }
    if let maxWeekendDays,
      zip(worked, weekdays).filter({ $0.0 && ($0.1 == .saturday || $0.1 == .sunday) }).count > maxWeekendDays
    {
      return false
    }
    return true
  }

  /// The runs of `length` days in a plan of `days` days, as day indices; a seven-day plan
  /// wraps from its last day to its first.
  static func windows(length: Int, days: Int) -> [[Int]] {
    guard length <= days else { return [] }
    let starts = days == 7 ? days : days - length + 1
    return (0..<starts).map { start in (0..<length).map { (start + $0) % days } }
  }
}

/// Premiums on the hourly wage, as fractions (0.25 is +25%).
public struct PayRules: Sendable, Hashable {
  /// Paid minutes from `nightStart` to `nightEnd` (wall clock, minutes after midnight; the
  /// window may wrap past midnight) earn `nightPremium`.
  public var nightPremium: Double
  public var nightStart: Int
  public var nightEnd: Int
  /// Paid minutes on these weekdays earn the premium given.
  public var weekdayPremiums: [Weekday: Double]
  /// Paid minutes beyond the contract's weekly maximum earn this.
  public var overtimePremium: Double
  /// An open shift (covered by overtime or a temp) costs its hours at the lowest wage that
  /// could work it, plus this.
  public var openShiftPremium: Double

  public init(
    nightPremium: Double = 0, nightStart: Int = 22 * 60, nightEnd: Int = 6 * 60,
    weekdayPremiums: [Weekday: Double] = [:],
    overtimePremium: Double = 0.5, openShiftPremium: Double = 0.5
  ) {
    self.nightPremium = nightPremium
    self.nightStart = nightStart
    self.nightEnd = nightEnd
    self.weekdayPremiums = weekdayPremiums
    self.overtimePremium = overtimePremium
    self.openShiftPremium = openShiftPremium
  }

  /// The pay for `shift` at `wage` per hour, premiums included: each paid minute earns the
  /// wage times (1 + the day's premium + the night premium when in the night window).
  public func cost(of shift: Shift, wage: Double) -> Double {
    let day = weekdayPremiums[shift.date.weekday] ?? 0
    var unpaid: [(Int, Int)] = shift.breaks.filter { !$0.paid }.map { ($0.start, $0.end) }
    unpaid.sort { $0.0 < $1.0 }
    func inNight(_ minute: Int) -> Bool {
      let minute = minute % 1440
      return nightStart <= nightEnd
        ? (minute >= nightStart && minute < nightEnd) : (minute >= nightStart || minute < nightEnd)
    }
    var nightMinutes = 0
    if nightPremium != 0 {
      for minute in shift.start..<shift.end
      where inNight(minute) && !unpaid.contains(where: { minute >= $0.0 && minute < $0.1 }) {
        nightMinutes += 1
      }
    }
    // Clocks change in the small hours, inside any night window.
    if nightMinutes > 0 { nightMinutes = max(0, nightMinutes + shift.clockChangeMinutes) }
    let paid = Double(shift.paidMinutes)
    return wage / 60 * (paid * (1 + day) + Double(nightMinutes) * nightPremium)
  }
}

/// One shift as worked on one day, serving one channel, in wall-clock minutes of its date: a
/// night shift belongs to the date it starts, and its end (and breaks) lie past 1440.
public struct Shift: Sendable, Hashable, Comparable {
  public struct Break: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var paid: Bool

    public init(start: Int, end: Int, paid: Bool) {
      self.start = start
      self.end = end
      self.paid = paid
    }
  }

  public var date: LocalDate
  public var template: String
  public var channel: String
  public var start: Int
  public var end: Int
  public var breaks: [Break]
  /// Real minutes less clock minutes: −60 for a shift across the night clocks go forward,
  /// +60 across the night they go back, else 0 (see ``TimeGrid/elapsedMinutes(on:from:to:)``).
  public var clockChangeMinutes: Int

  public init(
    date: LocalDate, template: String, channel: String, start: Int, end: Int, breaks: [Break],
    clockChangeMinutes: Int = 0
  ) {
    self.date = date
    self.template = template
    self.channel = channel
    self.start = start
    self.end = end
    self.breaks = breaks
    self.clockChangeMinutes = clockChangeMinutes
  }

  /// Minutes paid: the real time on shift (a 22:00–06:00 shift is 7 h the night clocks go
  /// forward) less unpaid breaks.
  public var paidMinutes: Int {
    end - start + clockChangeMinutes - breaks.filter { !$0.paid }.reduce(0) { $0 + $1.end - $1.start }
  }

  /// Share of the interval `[minute, minute + length)` of `date` spent on task: on shift and
  /// not on a break.
  public func onTaskFraction(date: LocalDate, minute: Int, length: Int) -> Double {
    guard date == self.date || (end > 1440 && date == self.date.adding(days: 1)) else { return 0 }
    let minute = date == self.date ? minute : minute + 1440
    func overlap(_ a: Int, _ b: Int) -> Int { max(0, min(b, minute + length) - max(a, minute)) }
    let onShift = overlap(start, end) - breaks.reduce(0) { $0 + overlap($1.start, $1.end) }
    return Double(onShift) / Double(length)
  }

  public static func < (lhs: Shift, rhs: Shift) -> Bool {
    (lhs.date, lhs.start, lhs.end, lhs.channel, lhs.template, lhs.breaks.map(\.start).description)
      < (rhs.date, rhs.start, rhs.end, rhs.channel, rhs.template, rhs.breaks.map(\.start).description)
  }
}
