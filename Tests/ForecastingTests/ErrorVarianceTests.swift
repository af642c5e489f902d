import Foundation
import RotaCore
import Testing

@testable import Forecasting

/// The prediction intervals' variance shape `a·f + c·f²`, fitted to errors drawn with a known
/// one.
@Suite struct ErrorVarianceTests {
  /// Standard normal deviates by Box–Muller.
  static func normals(_ count: Int, seed: UInt64) -> [Double] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
      let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
      let v = Double.random(in: 0..<1, using: &generator)
      return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
  }

  /// 40 days of 50 intervals with forecasts 1–200 and normal errors of variance `a·f + c·f²`,
  /// plus a shared relative shock per day of standard deviation `daySD`.
  static func errors(a: Double, c: Double, daySD: Double, seed: UInt64) -> [BacktestError] {
    let noise = normals(2000, seed: seed)
    let shocks = normals(40, seed: seed + 1)
    return (0..<2000).map { index in
      let day = index / 50
      let forecast = 1 + Double((index * 37) % 200)
      let error = (a * forecast + c * forecast * forecast).squareRoot() * noise[index]
      return BacktestError(
        forecast: forecast, actual: forecast * (1 + daySD * shocks[day]) + error, day: day)
    }
  }

  /// 2,000 errors pin the variance down to about ±10% across the range (the parameters
  /// themselves trade off against each other more than that).
  @Test(arguments: [(a: 1.0, c: 0.0), (a: 3.0, c: 0.0), (a: 1.0, c: 0.02), (a: 4.0, c: 0.01)])
  func recoversAKnownShape(_ truth: (a: Double, c: Double)) {
    let fitted = ErrorVariance.fit(Self.errors(a: truth.a, c: truth.c, daySD: 0, seed: 11))
    for f in [2.0, 10, 50, 100, 200] {
      let ratio = fitted.standardDeviation(f) / ErrorVariance(a: truth.a, c: truth.c).standardDeviation(f)
      #expect(abs(ratio * ratio - 1) <= 0.15, "f \(f): \(fitted) against \(truth)")
    }
  }

  /// A day level with relative standard deviation 0.1 (variance 0.01) adds 0.01·f² to every
  /// interval of the day: the days' totals show it, and the fit keeps at least that much.
  @Test func aSharedDayShockKeepsItsShare() {
    let errors = Self.errors(a: 2, c: 0, daySD: 0.1, seed: 5)
    let dayLevel = ErrorVariance.dayLevelVariance(errors)
    // 40 days: the sample variance of 40 normal shocks is within ±50% of the truth.
    #expect(dayLevel > 0.005 && dayLevel < 0.015, "c_day \(dayLevel)")
    #expect(ErrorVariance.fit(errors).c >= dayLevel)
  }

  @Test func withoutErrorsItIsPoisson() {
    #expect(ErrorVariance.fit([]) == ErrorVariance(a: 1, c: 0))
    #expect(ErrorVariance.fit([BacktestError(forecast: 5, actual: 5, day: 0)]) == ErrorVariance(a: 1, c: 0))
  }
}
