import RotaCore

/// The extra contacts on the first open day after a holiday: customers who would have called
/// on the closed day call then. Estimated from the history's own holidays (days absent on a
/// weekday the team opens): each such next open day's total over the median total of the same
/// weekday in the four weeks either side (leaving out other such days). The factor is the mean
/// ratio m shrunk towards 1 by what the history says of its noise: with σ the spread of the
/// same ratio on ordinary days (1.4826 × their median absolute deviation, which other odd days
/// do not inflate) and n holidays seen, m − 1 is scaled by max(0, 1 − σ²/(n (m − 1)²)), the
/// positive-part James–Stein rule. An effect inside the noise of one or two samples is no
/// effect; one far outside it stays. Without holidays the factor is exactly 1, so a history
/// with none changes nothing.
public struct HolidayCatchUp: Sendable, Equatable {
  /// Multiplier of the first open day after a holiday.
  public var factor: Double
  /// Holidays in the history it was estimated from.
  public var holidaysSeen: Int

  public init(factor: Double, holidaysSeen: Int) {
    self.factor = factor
    self.holidaysSeen = holidaysSeen
  }

  public init(history: SlotMatrix) {
    let opens = history.open.map { $0.contains(true) }
    func opensOn(_ day: Int) -> Bool { opens[history.weekdayIndex(ofDay: day)] }
    var afterHoliday = Set<Int>()
    var lastOpen: Int?
    for day in 0..<history.dayCount where opensOn(day) {
      if history.isOpenDay(day) {
        // A weekday the team opens, absent after some open day, was a holiday.
        if let lastOpen, (lastOpen + 1..<day).contains(where: { opensOn($0) }) { afterHoliday.insert(day) }
        lastOpen = day
      }
    }
    let totals = history.dayTotals
    let ratios = afterHoliday.sorted().compactMap { day in
      usualTotal(totals, aroundDay: day, weeks: 4, excluding: afterHoliday).map { totals[day]! / $0 }
    }
    let n = Double(ratios.count)
    guard n > 0 else {
      self.init(factor: 1, holidaysSeen: 0)
      return
    }
    let mean = ratios.reduce(0, +) / n
    let ordinary = (0..<history.dayCount).compactMap { day -> Double? in
      guard !afterHoliday.contains(day), let total = totals[day] else { return nil }
      return usualTotal(totals, aroundDay: day, weeks: 4, excluding: afterHoliday).map { total / $0 }
    }
    let centre = median(ordinary) ?? 1
    let spread = 1.4826 * (median(ordinary.map { abs($0 - centre) }) ?? 0)
    let effect = (mean - 1) * (mean - 1)
    let shrink = effect > 0 ? max(0, 1 - spread * spread / (n * effect)) : 0
    self.init(factor: 1 + (mean - 1) * shrink, holidaysSeen: ratios.count)
  }
}
