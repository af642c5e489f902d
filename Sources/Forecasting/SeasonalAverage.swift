import RotaCore

/// Forecast as the mean of the same weekday and time of day over the last `weeks` weeks
/// before the forecast starts (Hyndman & Athanasopoulos, *Forecasting: Principles and
/// Practice*, 3rd ed., §5.2, the average method restricted to one seasonal slot).
///
/// Weeks in which the slot was closed (absent from the history, e.g. a holiday) are skipped
/// rather than counted as zero. Prediction bounds come from a normal approximation whose
/// variance is the larger of the slot's sample variance and its mean (the Poisson floor),
/// inflated by `1 + 1/n` for the uncertainty of the mean of `n` weeks; bounds are cut at zero.
public struct SeasonalAverage: Sendable {
  public var weeks: Int

  public init(weeks: Int = 4) {
    precondition(weeks >= 1)
    self.weeks = weeks
  }

  static let z80 = 1.281_551_565_545
  static let z95 = 1.959_963_984_540

  /// One forecast point per interval in `intervals` (which should be the open intervals).
  public func forecast(history: VolumeHistory, intervals: [GridInterval]) -> [ForecastPoint] {
    intervals.map { interval in
      var values: [Double] = []
      var week = 1
      // Look back up to twice the window so that closed weeks do not shrink the sample.
      while values.count < weeks && week <= 2 * weeks {
        let date = interval.start.date.adding(days: -7 * week)
        if let value = history.volumes[LocalDateTime(date: date, minuteOfDay: interval.start.minuteOfDay)] {
          values.append(value)
        }
        week += 1
      }
      guard !values.isEmpty else {
        return ForecastPoint(
          interval: interval, channel: history.channel, mean: 0, lo80: 0, hi80: 0, lo95: 0, hi95: 0)
      }
      let n = Double(values.count)
      let mean = values.reduce(0, +) / n
      let sampleVariance =
        values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : mean
      let spread = (max(sampleVariance, mean) * (1 + 1 / n)).squareRoot()
      return ForecastPoint(
        interval: interval, channel: history.channel, mean: mean,
        lo80: max(0, mean - Self.z80 * spread), hi80: mean + Self.z80 * spread,
        lo95: max(0, mean - Self.z95 * spread), hi95: mean + Self.z95 * spread)
    }
  }
}
