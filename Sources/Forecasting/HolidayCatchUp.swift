import RotaCore

/// The extra contacts on the open days after a holiday: customers who would have called on the
/// closed day call then, most on the first day back and fewer on each after it. Estimated from
/// the history's own holidays (days absent on a weekday the team opens), separately for the
/// first, second and third open day after one: each such day's total over the median total of
/// the same weekday in the four weeks either side (leaving out every such day). Each factor is
/// the mean ratio m shrunk towards 1 by what the history says of its noise: with σ the spread
/// of the same ratio on ordinary days (1.4826 × their median absolute deviation, which other
/// odd days do not inflate) and n holidays seen, m − 1 is scaled by
/// max(0, 1 − σ²/(n (m − 1)²)), the positive-part James–Stein rule. An effect inside the noise
/// of one or two samples is no effect; one far outside it stays. Without holidays every factor
/// is exactly 1, so a history with none changes nothing.
public struct HolidayCatchUp: Sendable, Equatable {
  /// Multipliers of the first, second, … open day after a holiday.
  public var factors: [Double]
  /// Holidays in the history the first day's factor was estimated from.
  public var holidaysSeen: Int

  /// The open days after a holiday that get a factor of their own.
  public static let days = 3

  public init(factors: [Double], holidaysSeen: Int) {
    self.factors = factors
    self.holidaysSeen = holidaysSeen
  }

  /// The multiplier of the first open day after a holiday.
  public var factor: Double { factors.first ?? 1 }

  /// The multiplier of the `openDaysAfter`-th open day after a holiday (1 the first).
  public func factor(openDaysAfter: Int) -> Double {
    (1...factors.count).contains(openDaysAfter) ? factors[openDaysAfter - 1] : 1
  }

  public init(history: SlotMatrix) {
    let lags = Self.openDaysAfterHoliday(history)
    let near = Set(lags.keys)
    let totals = history.dayTotals
    let ordinary = (0..<history.dayCount).compactMap { day -> Double? in
      guard !near.contains(day), let total = totals[day] else { return nil }
      return usualTotal(totals, aroundDay: day, weeks: 4, excluding: near).map { total / $0 }
    }
    let centre = median(ordinary) ?? 1
    let spread = 1.4826 * (median(ordinary.map { abs($0 - centre) }) ?? 0)
    var factors: [Double] = []
    var seen = 0
    for lag in 1...Self.days {
      let ratios = lags.filter { $0.value == lag }.keys.sorted().compactMap { day in
        usualTotal(totals, aroundDay: day, weeks: 4, excluding: near).map { totals[day]! / $0 }
      }
      if lag == 1 { seen = ratios.count }
      let n = Double(ratios.count)
      guard n > 0 else {
        factors.append(1)
        continue
      }
      let mean = ratios.reduce(0, +) / n
      let effect = (mean - 1) * (mean - 1)
      let shrink = effect > 0 ? max(0, 1 - spread * spread / (n * effect)) : 0
      factors.append(1 + (mean - 1) * shrink)
    }
    self.init(factors: factors, holidaysSeen: seen)
  }

  /// For each open day among the first ``days`` after a holiday, which open day after it it
  /// is (1 the first). A holiday is a day absent from the history, after some open day, on a
  /// weekday the team opens.
  static func openDaysAfterHoliday(_ history: SlotMatrix) -> [Int: Int] {
    let opens = history.open.map { $0.contains(true) }
    var lags: [Int: Int] = [:]
    var sinceHoliday: Int?
    var seenOpen = false
    for day in 0..<history.dayCount where opens[history.weekdayIndex(ofDay: day)] {
      if history.isOpenDay(day) {
        if let count = sinceHoliday {
          sinceHoliday = count + 1
          if count + 1 <= days { lags[day] = count + 1 }
        }
        seenOpen = true
      } else if seenOpen {
        sinceHoliday = 0
      }
    }
    return lags
  }
}

extension HolidayCatchUp {
  /// The multiplier of each of the `days` days from `origin` in a backtest: on each of the
  /// first ``days`` open days after a day the history shows closed (a holiday), the history's
  /// catch-up before `origin` for that day; 1 elsewhere. A backtest forecasts each held-out
  /// week as the planner would, with that week's holidays on the calendar: the forecast path
  /// raises the days after a scenario holiday, and a backtest that did not would score, and
  /// calibrate the prediction intervals on, a surprise the product never makes.
  static func backtestScale(_ history: SlotMatrix, origin: Int, days: Int) -> [Double] {
    let lags = openDaysAfterHoliday(history.truncated(before: origin + days))
    let inWindow = (origin..<(origin + days)).map { lags[$0] }
    guard inWindow.contains(where: { $0 != nil }) else { return Array(repeating: 1, count: days) }
    let catchUp = HolidayCatchUp(history: history.truncated(before: origin))
    return inWindow.map { $0.map { catchUp.factor(openDaysAfter: $0) } ?? 1 }
  }
}
