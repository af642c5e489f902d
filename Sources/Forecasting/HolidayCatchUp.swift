import RotaCore

/// The extra contacts on the first open day after a holiday: customers who would have called
/// on the closed day call then. Estimated from the history's own holidays (days absent on a
/// weekday the team opens): each such next open day's total over the median total of the same
/// weekday in the four weeks either side (leaving out other such days). The factor is the mean
/// ratio, shrunk towards 1 by `n / (n + 1)` for `n` holidays seen, and exactly 1 without any,
/// so a history with no holidays in it changes nothing.
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
    let mean = ratios.isEmpty ? 1 : ratios.reduce(0, +) / n
    self.init(factor: 1 + (mean - 1) * n / (n + 1), holidaysSeen: ratios.count)
  }
}
