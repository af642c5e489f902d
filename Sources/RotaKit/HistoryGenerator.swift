import Foundation
import RotaCore

/// Writes a realistic, reproducible contact history for a scenario: the seeded synthetic
/// data behind the default scenario.
///
/// For each open interval the expected volume is
/// `daily volume × weekday factor × intraday share × (1 + trend)^week`, where the intraday
/// share of live channels has a late-morning and an early-afternoon peak and email a flatter
/// morning-heavy shape. Counts are negative binomial (a Poisson draw around a gamma-distributed
/// mean with shape 1/k), so their variance is `mean + k·mean²`: over-dispersed like real
/// arrivals. Holidays and closed hours are left out of the file, as the history format
/// requires.
public enum HistoryGenerator {
  /// Weekday factors relative to Wednesday.
  static let weekdayFactor: [Weekday: Double] = [
    .monday: 1.18, .tuesday: 1.06, .wednesday: 1.0, .thursday: 0.98, .friday: 0.92, .saturday: 0.55,
    .sunday: 0.45,
  ]

  /// The history as CSV text, `timestamp,volume,channel`, for the weeks before the scenario's
  /// planning period.
  public static func csv(for scenario: Scenario, settings: SyntheticHistorySettings) -> String {
    var generator = SeededGenerator(seed: settings.seed)
    var writer = CSVWriter(header: ["timestamp", "volume", "channel"])
    let first = scenario.planStart.adding(days: -7 * settings.weeks)
    let intervals = scenario.openingHours.openIntervals(
      of: scenario.grid, from: first, through: scenario.planStart.adding(days: -1))
    let byDate = Dictionary(grouping: intervals) { $0.start.date }
    for date in byDate.keys.sorted() {
      let day = byDate[date]!
      let week = Double(first.days(to: date)) / 7
      for channel in scenario.channels {
        guard let daily = settings.dailyVolume[channel.name] else { continue }
        let shape = day.map {
          intradayWeight(minute: $0.start.minuteOfDay + scenario.grid.intervalMinutes / 2, kind: channel.kind)
        }
        let total = shape.reduce(0, +)
        let level = daily * weekdayFactor[date.weekday]! * pow(1 + settings.trendPerWeek, week)
        for (interval, weight) in zip(day, shape) {
          let mean = level * weight / total
          let count = negativeBinomial(mean: mean, dispersion: settings.dispersion, using: &generator)
          writer.append([interval.start.description, String(count), channel.name])
        }
      }
    }
    return writer.text
  }

  /// Relative arrival rate at a wall-clock minute.
  static func intradayWeight(minute: Int, kind: ChannelKind) -> Double {
    let hour = Double(minute) / 60
    func bump(_ centre: Double, _ width: Double) -> Double { exp(-0.5 * pow((hour - centre) / width, 2)) }
    switch kind {
    case .phone: return 0.2 + bump(10.5, 1.4) + 0.8 * bump(14.75, 1.6)
    case .chat: return 0.3 + 0.8 * bump(11, 1.6) + bump(15.5, 2)
    case .email: return 0.6 + 0.6 * bump(9, 2)
    }
  }

  /// A negative-binomial draw with the given mean and variance `mean + k·mean²`
  /// (Poisson when `k` is 0).
  public static func negativeBinomial(
    mean: Double, dispersion: Double, using generator: inout SeededGenerator
  )
    -> Int
  {
    guard mean > 0 else { return 0 }
    let rate = dispersion > 0 ? mean * gamma(shape: 1 / dispersion, using: &generator) * dispersion : mean
    return generator.poisson(rate)
  }

  /// Gamma(shape, 1) draw by Marsaglia & Tsang (2000), boosted for shape < 1.
  static func gamma(shape: Double, using generator: inout SeededGenerator) -> Double {
    if shape < 1 {
      return gamma(shape: shape + 1, using: &generator) * pow(generator.uniform(), 1 / shape)
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = generator.normal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = generator.uniform()
      if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
    }
  }
}
