import Foundation
import RotaCore
import Testing

@testable import Forecasting

/// Bounds from the days' busyness and each interval's own noise.
@Suite struct DayLevelBandsTests {
  /// Forty days whose intervals all run at their day's ratio to the forecast, 0.90 to 1.10
  /// evenly, with no noise of their own: a forecast's bounds are the ratios' quantiles (the
  /// 10% one at position 3.9 of 39, 0.92), widened by √(1 + 1/40).
  @Test func withoutIntervalNoiseTheBoundsAreTheDaysRatios() throws {
    let ratios = (0..<40).map { 0.9 + 0.2 * Double($0) / 39 }
    let errors = ratios.enumerated().flatMap { day, ratio in
      (0..<10).map { _ in BacktestError(forecast: 1000, actual: 1000 * ratio, day: day) }
    }
    let bands = try #require(DayLevelBands(errors, points: [1000]))
    let widen = (1 + 1.0 / 40).squareRoot()
    let offsets = bands.offsets(at: 1000)
    #expect(abs(offsets[0] - (0.92 - 1) * 1000 * widen) < 1e-9, "\(offsets)")
    #expect(abs(offsets[1] - (1.08 - 1) * 1000 * widen) < 1e-9, "\(offsets)")
  }

  @Test func fewerThanFiveDaysFallBack() {
    let errors = (0..<4).flatMap { day in
      (0..<10).map { _ in BacktestError(forecast: 10, actual: 11, day: day) }
    }
    #expect(DayLevelBands(errors, points: [10]) == nil)
  }

  /// Counts drawn as a contact centre's are: Poisson around a mean from 2 to 200 a slot, times
  /// a day's busyness (log-normal, 6%) shared by the day's slots. Fitted on 200 days, the
  /// bounds cover 80% and 95% of 400 fresh days in each third of the slots by volume, where
  /// the day's busyness dominates the busy slots and the Poisson noise the quiet ones.
  @Test func boundsCoverTwoLevelCountsInEveryThirdOfVolume() throws {
    var random = SeededGenerator(seed: 17)
    let means = (0..<30).map { 2 * pow(100, Double($0) / 29) }
    func day(_ index: Int) -> [BacktestError] {
      let busyness = exp(0.06 * random.normal() - 0.0018)
      return means.map {
        BacktestError(forecast: $0, actual: Double(random.poisson($0 * busyness)), day: index)
      }
    }
    let fitted = (0..<200).flatMap(day)
    let bands = try #require(DayLevelBands(fitted, points: means))
    var covered: [(forecast: Double, in80: Bool, in95: Bool)] = []
    for index in 200..<600 {
      for error in day(index) {
        let offset = bands.offsets(at: error.forecast)
        let (value, actual) = (error.forecast, error.actual)
        covered.append(
          (
            value, actual >= value + offset[0] && actual <= value + offset[1],
            actual >= value + offset[2] && actual <= value + offset[3]
          ))
      }
    }
    for (third, coverage) in Backtest.terciles(covered).enumerated() {
      #expect(abs(coverage.coverage80 - 0.8) < 0.04, "third \(third): \(coverage)")
      #expect(abs(coverage.coverage95 - 0.95) < 0.025, "third \(third): \(coverage)")
    }
  }
}
