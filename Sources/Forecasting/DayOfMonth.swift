import RotaCore

/// A method run on a history cleared of the day-of-month cycle, its forecast given the cycle
/// back: contacts that rise at the start of each month (statements, salaries, bills) and
/// ease mid-month, which weekday and intraday methods cannot see (Brown et al., "Statistical
/// analysis of a telephone call center", *JASA* 100, 2005, on a bank's daily volumes; Gans,
/// Koole & Mandelbaum 2003, §4). Each typical day's total is divided by the mean total of the
/// same weekday one and two weeks either side; a calendar day's factor is the mean of those
/// ratios over the days within one of it (31 wraps to 1), shrunk towards 1 as `1 + (m − 1)·n/(n
/// + 5)` for `n` ratios, and 1 for every day when the history spans under 12 weeks.
public struct DayOfMonthAdjusted: ForecastMethod {
  public var base: any ForecastMethod
  public var name: String { "\(base.name)+dom" }
  public init(_ base: any ForecastMethod) { self.base = base }

  /// Factor per calendar day of the month, index 1...31 (index 0 unused).
  static func factors(_ history: SlotMatrix) -> [Double] {
    var factors = Array(repeating: 1.0, count: 32)
    guard history.dayCount >= 84 else { return factors }
    let typical = history.withoutUnusualDays()
    var ratios: [(day: Int, ratio: Double)] = []
    for day in 0..<typical.dayCount where typical.isOpenDay(day) {
      let total = typical.total(ofDay: day)
      let around = [-14, -7, 7, 14].map { day + $0 }.filter { typical.isOpenDay($0) }.map(
        typical.total(ofDay:))
      let mean = around.reduce(0, +) / Double(around.count)
      guard around.count >= 2, mean > 0 else { continue }
      ratios.append((typical.firstDate.adding(days: day).day, total / mean))
    }
    for calendarDay in 1...31 {
      let near = ratios.filter { abs($0.day - calendarDay) <= 1 || abs($0.day - calendarDay) == 30 }
      guard !near.isEmpty else { continue }
      let n = Double(near.count)
      let mean = near.reduce(0) { $0 + $1.ratio } / n
      factors[calendarDay] = 1 + (mean - 1) * n / (n + 5)
    }
    return factors
  }

  public func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
    let factors = Self.factors(history)
    func factor(_ day: Int) -> Double { factors[history.firstDate.adding(days: day).day] }
    var cleared = history
    for day in 0..<cleared.dayCount {
      let divisor = factor(day)
      cleared.values[day] = cleared.values[day].map { $0.map { $0 / divisor } }
    }
    let forecast = base.forecast(cleared, days: days)
    return forecast.indices.map { offset in
      let multiplier = factor(history.dayCount + offset)
      return forecast[offset].map { $0.map { $0 * multiplier } }
    }
  }
}
