import Foundation
import RotaCore

/// Accuracy of a method over rolling origins.
public struct MethodScore: Sendable {
  public var method: String
  /// Σ|actual − forecast| / Σ actual.
  public var wape: Double
  /// Mean absolute error over the in-sample mean absolute error of the weekly seasonal naive
  /// forecast (Hyndman & Koehler 2006, with a seasonal period of one week).
  public var mase: Double
  public var rmse: Double
  /// Share of actuals inside the 80% and 95% prediction intervals.
  public var coverage80: Double
  public var coverage95: Double
  public var seconds: Double
  /// For `auto`: the methods it combined at the last origin.
  public var note: String?
}

/// Rolling-origin evaluation (Tashman, "Out-of-sample tests of forecasting accuracy",
/// *Int. J. Forecasting* 16, 2000): the method sees only the days before each origin.
public enum Backtest {
  /// Forecasts made at `origin` (a day index) for `days` days, from the history before it.
  static func run(_ method: any ForecastMethod, _ history: SlotMatrix, origin: Int, days: Int) -> DayForecast
  {
    method.forecast(history.truncated(before: origin), days: days)
  }

  /// Weekly origins ending at `end`: `end − 7·count … end − 7`.
  public static func origins(end: Int, count: Int) -> [Int] {
    (1...max(1, count)).map { end - 7 * $0 }.filter { $0 >= 14 }.sorted()
  }

  /// Pairs of (forecast, actual) over the open slots of the days after each origin.
  static func pairs(_ forecast: DayForecast, _ history: SlotMatrix, origin: Int) -> [(Double, Double)] {
    var result: [(Double, Double)] = []
    for (offset, day) in forecast.enumerated() where origin + offset < history.dayCount {
      for (slot, value) in day.enumerated() {
        if let value, let actual = history.values[origin + offset][slot] { result.append((value, actual)) }
      }
    }
    return result
  }

  static func wape(_ pairs: [(Double, Double)]) -> Double {
    let actual = pairs.reduce(0) { $0 + $1.1 }
    return actual > 0 ? pairs.reduce(0) { $0 + abs($1.1 - $1.0) } / actual : 0
  }

  /// In-sample mean absolute error of the weekly seasonal naive forecast.
  static func naiveScale(_ history: SlotMatrix) -> Double {
    var sum = 0.0
    var count = 0
    for day in 7..<max(7, history.dayCount) {
      for slot in 0..<history.slotsPerDay {
        if let now = history.values[day][slot], let before = history.values[day - 7][slot] {
          sum += abs(now - before)
          count += 1
        }
      }
    }
    return count > 0 ? sum / Double(count) : 1
  }

  /// Scores `methods` over `count` weekly origins before the end of `history`, each forecast
  /// `days` days ahead with prediction intervals calibrated only on data before its origin.
  public static func score(_ methods: [any ForecastMethod], history: SlotMatrix, count: Int, days: Int)
    -> [MethodScore]
  {
    let starts = origins(end: history.dayCount, count: count)
    return methods.map { method in
      let clock = ContinuousClock.now
      var all: [(Double, Double)] = []
      var squared = 0.0
      var inside80 = 0
      var inside95 = 0
      var scaledError = 0.0
      var note: String?
      for origin in starts {
        let past = history.truncated(before: origin)
        let result = PredictionIntervals.forecast(method, past, days: days)
        note = result.note
        let pairs = pairs(result.points, history, origin: origin)
        let scale = naiveScale(past)
        for (offset, day) in result.points.enumerated() where origin + offset < history.dayCount {
          for slot in day.indices {
            guard let value = day[slot], let actual = history.values[origin + offset][slot] else { continue }
            let bounds = result.bounds[offset][slot]!
            if actual >= bounds.lo80 && actual <= bounds.hi80 { inside80 += 1 }
            if actual >= bounds.lo95 && actual <= bounds.hi95 { inside95 += 1 }
            squared += (actual - value) * (actual - value)
            scaledError += abs(actual - value) / max(scale, 1e-9)
          }
        }
        all += pairs
      }
      let n = Double(max(all.count, 1))
      let elapsed = ContinuousClock.now - clock
      return MethodScore(
        method: method.name, wape: wape(all), mase: scaledError / n, rmse: (squared / n).squareRoot(),
        coverage80: Double(inside80) / n, coverage95: Double(inside95) / n,
        seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
        note: note)
    }
  }
}

/// Prediction intervals from the method's own recent errors: the forecast is backtested at
/// the four weekly origins before the end of the history, errors are scaled by the square
/// root of the forecast (count data spread like √mean), and their empirical 10/90% and
/// 2.5/97.5% quantiles, widened by √(1 + 1/n) for the finite sample, set the bounds.
public enum PredictionIntervals {
  public struct Bounds: Sendable {
    public var lo80, hi80, lo95, hi95: Double
  }

  public struct Result: Sendable {
    public var points: DayForecast
    public var bounds: [[Bounds?]]
    public var note: String?
  }

  public static func forecast(_ method: any ForecastMethod, _ history: SlotMatrix, days: Int) -> Result {
    let points: DayForecast
    var residuals: [Double] = []
    var note: String?
    if let auto = method as? AutoCombination {
      let chosen = auto.choose(history, days: days)
      points = chosen.forecast
      residuals = chosen.residuals
      note = "mean of " + chosen.names.joined(separator: ", ")
    } else {
      points = method.forecast(history, days: days)
      for origin in Backtest.origins(end: history.dayCount, count: 4) {
        let past = Backtest.run(method, history, origin: origin, days: 7)
        residuals += Backtest.pairs(past, history, origin: origin).map { ($1 - $0) / max($0, 1).squareRoot() }
      }
    }
    residuals.sort()
    let widen = residuals.isEmpty ? 1 : (1 + 1 / Double(residuals.count)).squareRoot()
    func quantile(_ p: Double) -> Double {
      guard !residuals.isEmpty else { return 0 }
      let position = p * Double(residuals.count - 1)
      let low = Int(position.rounded(.down))
      let high = min(low + 1, residuals.count - 1)
      return residuals[low] + (residuals[high] - residuals[low]) * (position - Double(low))
    }
    let q = [0.1, 0.9, 0.025, 0.975].map { quantile($0) * widen }
    let fallback = [-1.2816, 1.2816, -1.96, 1.96]
    let factors = residuals.count >= 20 ? q : fallback
    let bounds = points.map { day in
      day.map { value in
        value.map { point in
          let spread = max(point, 1).squareRoot()
          return Bounds(
            lo80: max(0, point + factors[0] * spread), hi80: max(0, point + factors[1] * spread),
            lo95: max(0, point + factors[2] * spread), hi95: max(0, point + factors[3] * spread))
        }
      }
    }
    return Result(points: points, bounds: bounds, note: note)
  }
}

/// `auto`: a forecast combination (Bates & Granger 1969; Clemen, "Combining forecasts: a
/// review", *Int. J. Forecasting* 5, 1989). Every candidate is backtested week-ahead at the
/// four weekly origins before the end of the history; the `pick` with the lowest WAPE are
/// averaged with equal weights, which is usually more accurate than the single best.
public struct AutoCombination: ForecastMethod {
  public let name = "auto"
  public var candidates: [any ForecastMethod]
  public var pick: Int

  public init(candidates: [any ForecastMethod], pick: Int = 3) {
    self.candidates = candidates
    self.pick = pick
  }

  struct Choice {
    var names: [String]
    var forecast: DayForecast
    /// Scaled backtest errors of the combination, for its prediction intervals.
    var residuals: [Double]
  }

  func choose(_ history: SlotMatrix, days: Int = 7) -> Choice {
    let origins = Backtest.origins(end: history.dayCount, count: 4)
    guard !origins.isEmpty else {
      let fallback = SeasonalMean(weeks: 4)
      return Choice(names: [fallback.name], forecast: fallback.forecast(history, days: days), residuals: [])
    }
    let backtests = candidates.map { method in
      origins.map { Backtest.run(method, history, origin: $0, days: 7) }
    }
    let errors = backtests.map { runs in
      Backtest.wape(zip(runs, origins).flatMap { Backtest.pairs($0, history, origin: $1) })
    }
    let best = errors.indices.sorted { (errors[$0], $0) < (errors[$1], $1) }.prefix(pick)
    func mean(_ forecasts: [DayForecast]) -> DayForecast {
      forecasts[0].indices.map { day in
        forecasts[0][day].indices.map { slot in
          forecasts[0][day][slot].map { _ in
            forecasts.reduce(0) { $0 + ($1[day][slot] ?? 0) } / Double(forecasts.count)
          }
        }
      }
    }
    var residuals: [Double] = []
    for (index, origin) in origins.enumerated() {
      let combined = mean(best.map { backtests[$0][index] })
      residuals += Backtest.pairs(combined, history, origin: origin).map {
        ($1 - $0) / max($0, 1).squareRoot()
      }
    }
    return Choice(
      names: best.map { candidates[$0].name },
      forecast: mean(best.map { candidates[$0].forecast(history, days: days) }),
      residuals: residuals)
  }

  public func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
    choose(history, days: days).forecast
  }
}

/// The methods by name, as the command line offers them.
public enum ForecastMethods {
  public static let candidates: [any ForecastMethod] = [
    SeasonalNaive(), SeasonalMean(weeks: 2), SeasonalMean(weeks: 4), SeasonalMean(weeks: 6),
    SeasonalMean(weeks: 8),
    DoubleSeasonalSmoothing(), TopDown(), FourierRegression(),
  ]

  public static let all: [any ForecastMethod] = candidates + [AutoCombination(candidates: candidates)]

  public static func named(_ name: String) -> (any ForecastMethod)? {
    all.first { $0.name == name }
  }
}
