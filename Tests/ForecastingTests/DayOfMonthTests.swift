import Foundation
import RotaCore
import Testing

@testable import Forecasting

@Suite struct DayOfMonthTests {
  /// The noiseless synthetic week over `weeks` weeks, 20% busier on the 1st to the 3rd.
  func monthStartHistory(weeks: Int, lift: Double = 1.2) -> SlotMatrix {
    var history = Synthetic.history(weeks: weeks)
    for day in 0..<history.dayCount where history.firstDate.adding(days: day).day <= 3 {
      history.values[day] = history.values[day].map { $0.map { $0 * lift } }
    }
    return history
  }

  @Test func aMonthStartLiftIsFoundAndShrunk() {
    let factors = DayOfMonthAdjusted.factors(monthStartHistory(weeks: 26))
    // Every ratio on the 1st–3rd is 1.2; shrinkage n/(n + 5) keeps the factor below it.
    #expect(factors[2] > 1.12 && factors[2] < 1.2, "\(factors[2])")
    // The 12th to the 14th see no month start one or two weeks either side.
    #expect(abs(factors[13] - 1) < 1e-9, "\(factors[13])")
  }

  @Test(arguments: [26, 11])
  func withoutACycleTheBaseForecastIsKept(_ weeks: Int) {
    // Flat months, or under 12 weeks of history (where even a lift would be ignored).
    let history = weeks < 12 ? monthStartHistory(weeks: weeks) : Synthetic.history(weeks: weeks)
    #expect(DayOfMonthAdjusted.factors(history).allSatisfy { abs($0 - 1) < 1e-12 })
    let adjusted = DayOfMonthAdjusted(WeekdayProfile()).forecast(history, days: 7)
    let base = WeekdayProfile().forecast(history, days: 7)
    let pairs = zip(Array(adjusted.joined()), Array(base.joined()))
    for (a, b) in pairs {
      #expect(abs((a ?? 0) - (b ?? 0)) <= 1e-9 * max(1, b ?? 0))
    }
  }

  @Test func aWeekHoldingTheFirstIsForecastHigher() throws {
    // Cut before the last Monday that is a 1st (2027-03-01), so that the week forecast
    // starts with three lifted days.
    let history = monthStartHistory(weeks: 26)
    let origin = try #require(
      (0..<history.dayCount).last { history.firstDate.adding(days: $0).day == 1 && $0 % 7 == 0 })
    let past = history.truncated(before: origin)
    let adjusted = DayOfMonthAdjusted(WeekdayProfile()).forecast(past, days: 7)
    let base = WeekdayProfile().forecast(past, days: 7)
    func error(_ forecast: DayForecast) -> Double {
      var sum = 0.0
      for offset in 0..<7 {
        for slot in 0..<48 {
          let actual: Double = history.values[origin + offset][slot] ?? 0
          let predicted: Double = forecast[offset][slot] ?? 0
          sum += abs(predicted - actual)
        }
      }
      return sum
    }
    #expect(error(adjusted) < 0.7 * error(base), "\(error(adjusted)) against \(error(base))")
    for offset in 0..<3 {
      let actual = history.values[origin + offset][20]!
      #expect(abs(adjusted[offset][20]! - actual) < abs(base[offset][20]! - actual), "day \(offset)")
    }
  }
}
