import RotaCore

/// A channel's history as days × slots of the day, the shape every forecasting method works
/// on. `nil` marks a closed slot (outside opening hours, or a day the team was closed); an
/// open slot with no count in the file is zero.
public struct SlotMatrix: Sendable {
  public let firstDate: LocalDate
  public let slotsPerDay: Int
  /// `values[day][slot]`.
  public var values: [[Double?]]
  /// Open slots per weekday (index 0 = Monday).
  public let open: [[Bool]]

  public init(firstDate: LocalDate, slotsPerDay: Int, values: [[Double?]], open: [[Bool]]) {
    self.firstDate = firstDate
    self.slotsPerDay = slotsPerDay
    self.values = values
    self.open = open
  }

  /// Lays a history on the grid. Slots of the day come from the wall-clock time, so the hour
  /// repeated when clocks go back is added to the first pass and the hour skipped when they go
  /// forward is simply absent. A day with no rows at all was closed (a holiday); on a day with
  /// rows, an open slot without one had no contacts. `open` gives the open slots per weekday;
  /// when nil they are inferred: a slot is open on a weekday when it had contacts then in the
  /// last ``recentWeeks`` weeks of the history, so that hours the team has stopped opening are
  /// not forecast on the strength of old weeks.
  public init(history: VolumeHistory, intervalMinutes: Int, open: [[Bool]]? = nil) {
    let slots = 1440 / intervalMinutes
    let dates = history.volumes.keys.map(\.date)
    let first = dates.min() ?? LocalDate(daysSinceEpoch: 0)
    let last = dates.max() ?? first
    var raw: [[Double?]] = Array(
      repeating: Array(repeating: nil, count: slots), count: first.days(to: last) + 1)
    var inferred = Array(repeating: Array(repeating: false, count: slots), count: 7)
    for (time, volume) in history.volumes {
      let day = first.days(to: time.date)
      let slot = time.minuteOfDay / intervalMinutes
      raw[day][slot] = (raw[day][slot] ?? 0) + volume
      if volume > 0, time.date.days(to: last) < 7 * Self.recentWeeks {
        inferred[time.date.weekday.rawValue - 1][slot] = true
      }
    }
    let openSlots = open ?? inferred
    for day in raw.indices where raw[day].contains(where: { $0 != nil }) {
      let weekday = first.adding(days: day).weekday.rawValue - 1
      for slot in 0..<slots {
        if openSlots[weekday][slot] {
          if raw[day][slot] == nil { raw[day][slot] = 0 }
        } else {
          raw[day][slot] = nil
        }
      }
    }
    self.init(firstDate: first, slotsPerDay: slots, values: raw, open: openSlots)
  }

  /// The weeks at the end of a history whose contacts say which slots are open, when no
  /// opening hours are given.
  public static let recentWeeks = 8

  public var dayCount: Int { values.count }

  public func weekdayIndex(ofDay day: Int) -> Int { firstDate.adding(days: day).weekday.rawValue - 1 }

  /// Contacts over the day's open slots.
  public func total(ofDay day: Int) -> Double { values[day].reduce(0) { $0 + ($1 ?? 0) } }

  /// Whether the team worked at all that day.
  public func isOpenDay(_ day: Int) -> Bool {
    day >= 0 && day < values.count && values[day].contains { $0 != nil }
  }

  /// The matrix cut to the days before `day`: what a forecast made at that origin may see.
  public func truncated(before day: Int) -> SlotMatrix {
    SlotMatrix(
      firstDate: firstDate, slotsPerDay: slotsPerDay, values: Array(values.prefix(max(0, day))), open: open)
  }
}

/// Point forecasts for whole days: `[day][slot]`, nil where the slot is closed.
public typealias DayForecast = [[Double?]]

/// A forecasting method: from the history before an origin, the expected volume of each open
/// slot of the following days.
public protocol ForecastMethod: Sendable {
  /// Short name used on the command line and in reports.
  var name: String { get }
  /// Forecasts for days `history.dayCount ..< history.dayCount + days`, for the slots open on
  /// each day's weekday.
  func forecast(_ history: SlotMatrix, days: Int) -> DayForecast
}

extension ForecastMethod {
  /// Applies `value` to every open slot of the target days.
  func fill(_ history: SlotMatrix, days: Int, _ value: (_ day: Int, _ weekday: Int, _ slot: Int) -> Double)
    -> DayForecast
  {
    (0..<days).map { offset in
      let day = history.dayCount + offset
      let weekday = history.weekdayIndex(ofDay: day)
      return (0..<history.slotsPerDay).map { slot in
        history.open[weekday][slot] ? max(0, value(day, weekday, slot)) : nil
      }
    }
  }
}

extension SlotMatrix {
  /// The matrix with unusual days left out (set closed), so that one odd day does not pull a
  /// seasonal estimate for weeks: the day after a holiday, when the calls of the closed day
  /// arrive; an outage; a mailing. A day is unusual when its total, divided by the median total
  /// of the same weekday in the `weeks` weeks either side (before the origin: the matrix ends
  /// there), differs from the same ratio's median over the other days of its week by more than
  /// `tolerance` and by more than four Poisson standard deviations. Comparing with the rest of the
  /// week keeps a level shift, which moves every day alike, in the data (one in mid-week can
  /// leave out the days after it in that week). Special days are modelled apart from the
  /// seasonal pattern in call-centre forecasting generally (Gans, Koole & Mandelbaum 2003, §4).
  /// A weekday keeps at least ``keptPerWeekday`` of its open days in the last
  /// ``recentWeeks`` weeks however unusual they look, the least unusual first: when every
  /// recent Monday differs from the rest of its week (a trend, an outage skewing the medians),
  /// the Mondays are the evidence, and leaving them all out forecast Monday as zero.
  public func withoutUnusualDays(tolerance: Double = 0.12, weeks: Int = 4) -> SlotMatrix {
    let unusual = unusualDays(tolerance: tolerance, weeks: weeks)
    var removed = Set(unusual.map(\.day))
    let recent = max(0, dayCount - 7 * Self.recentWeeks)..<dayCount
    for weekday in 0..<7 {
      let days = recent.filter { weekdayIndex(ofDay: $0) == weekday && isOpenDay($0) }
      var kept = days.filter { !removed.contains($0) }.count
      let leastUnusual = unusual.filter { days.contains($0.day) }.sorted {
        ($0.deviation, -$0.day) < ($1.deviation, -$1.day)
      }
      for candidate in leastUnusual where kept < Self.keptPerWeekday {
        removed.remove(candidate.day)
        kept += 1
      }
    }
    var cleaned = self
    for day in removed { cleaned.values[day] = Array(repeating: nil, count: slotsPerDay) }
    return cleaned
  }

  /// Open days of each weekday the unusual-day filter always leaves in the recent weeks.
  public static let keptPerWeekday = 2

  /// `forecast` (days from ``dayCount`` on) with every open day that it puts below a quarter of
  /// its weekday's recent level — the mean total of the last four open days of that weekday in
  /// the last ``recentWeeks`` weeks, when they had contacts — replaced by those days' mean, slot
  /// by slot; and which days (offsets into `forecast`) were replaced. A forecast of almost
  /// nothing for a day that has been busy is a method without evidence, not a prediction.
  public func replacingNearZeroDays(_ forecast: DayForecast) -> (forecast: DayForecast, replaced: [Int]) {
    var result = forecast
    var replaced: [Int] = []
    for offset in forecast.indices {
      guard let recent = recentWeekday(weekdayIndex(ofDay: dayCount + offset))?.mean else { continue }
      let total = forecast[offset].reduce(0) { $0 + ($1 ?? 0) }
      let open = forecast[offset].indices.filter { forecast[offset][$0] != nil }
      let level = open.reduce(0) { $0 + recent[$1] }
      guard level >= 1, total < 0.25 * level else { continue }
      for slot in open { result[offset][slot] = recent[slot] }
      replaced.append(offset)
    }
    return (result, replaced)
  }

  /// Per slot, the mean and sample variance of the last four open days of `weekday` in the
  /// last ``recentWeeks`` weeks; nil when there are none or they had no contacts.
  func recentWeekday(_ weekday: Int) -> (mean: [Double], variance: [Double])? {
    let days = Array(
      (max(0, dayCount - 7 * Self.recentWeeks)..<dayCount).filter {
        weekdayIndex(ofDay: $0) == weekday && isOpenDay($0)
      }.suffix(4))
    guard !days.isEmpty, days.contains(where: { total(ofDay: $0) > 0 }) else { return nil }
    let n = Double(days.count)
    let mean = (0..<slotsPerDay).map { slot in days.reduce(0) { $0 + (values[$1][slot] ?? 0) } / n }
    let variance = (0..<slotsPerDay).map { slot in
      guard days.count > 1 else { return 0.0 }
      let squares = days.reduce(0.0) { sum, day in
        let difference = (values[day][slot] ?? 0) - mean[slot]
        return sum + difference * difference
      }
      return squares / (n - 1)
    }
    return (mean, variance)
  }
}

extension SlotMatrix {
  /// Each day's total, nil on closed days.
  var dayTotals: [Double?] { values.indices.map { isOpenDay($0) ? total(ofDay: $0) : nil } }
}

/// The usual total of `day`'s weekday around it: the median of `totals` (nil: closed) on the
/// same weekday in the `weeks` weeks either side, leaving out `excluded`; nil with fewer than
/// two such days or a median of zero.
func usualTotal(_ totals: [Double?], aroundDay day: Int, weeks: Int, excluding excluded: Set<Int> = [])
  -> Double?
{
  var around: [Double] = []
  for distance in 1...weeks {
    for other in [day - 7 * distance, day + 7 * distance]
    where other >= 0 && other < totals.count && !excluded.contains(other) {
      if let total = totals[other] { around.append(total) }
    }
  }
  guard around.count >= 2, let level = median(around), level > 0 else { return nil }
  return level
}

/// The middle value (the mean of the two middle values for an even count); nil for none.
func median(_ values: [Double]) -> Double? {
  guard !values.isEmpty else { return nil }
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
