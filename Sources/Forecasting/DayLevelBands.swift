import Foundation

/// Prediction bounds from backtest errors split in two levels, as call arrivals are modelled
/// (Jongbloed & Koole 2001; Avramidis, Deslauriers & L'Ecuyer, "Modeling daily arrivals to a
/// telephone call center", *Management Science* 50, 2004): a day's busyness `r`, the ratio of
/// its actual total to its forecast total, shared by all its intervals; and each interval's
/// own noise around `r·f`, of variance `a·r·f + c·(r·f)²` (``ErrorVariance`` fitted to those
/// residuals), scaled to a common shape.
///
/// The forecast `f` of an interval is then `r·f + √V(r·f)·z` for `r` drawn from the backtest's
/// days and `z` from the scaled residuals, and its bounds are that mixture's 10/90% and
/// 2.5/97.5% quantiles, widened by √(1 + 1/D) for the D days they rest on. At night hours the
/// interval's noise sets them, at the peak the days' busyness, each with its own shape: errors
/// scaled alike and pooled had left the busiest third of the intervals under-covered on real
/// data, whose busy days come as a whole.
struct DayLevelBands {
  /// Forecast levels (log-spaced over the points' range) and the four bounds' offsets from
  /// the forecast at each, interpolated in between.
  var levels: [Double] = []
  var offsets: [[Double]] = []

  /// The days a backtest needs before its busyness is a distribution.
  static let fewestDays = 5
  /// Quantiles of the scaled residuals kept, and forecast levels computed.
  static let residualQuantiles = 50
  static let levelCount = 16

  /// Nil with fewer than ``fewestDays`` days or 20 errors.
  init?(_ errors: [BacktestError], points: [Double]) {
    var days: [Int: (forecast: Double, actual: Double)] = [:]
    for error in errors {
      days[error.day, default: (0, 0)].forecast += error.forecast
      days[error.day, default: (0, 0)].actual += error.actual
    }
    let ratio = days.filter { $0.value.forecast > 0 }.mapValues { $0.actual / $0.forecast }
    guard ratio.count >= Self.fewestDays, errors.count >= 20 else { return nil }
    let busyness = ratio.keys.sorted().map { ratio[$0]! }
    let aroundBusyness = errors.compactMap { error in
      ratio[error.day].map {
        BacktestError(forecast: $0 * error.forecast, actual: error.actual, day: error.day)
      }
    }
    let variance = ErrorVariance.fit(aroundBusyness)
    let scaled = aroundBusyness.map {
      ($0.actual - $0.forecast) / variance.standardDeviation(max($0.forecast, 1))
    }
    .sorted()
    let residuals = (0..<Self.residualQuantiles).map { k in
      quantile(scaled, (Double(k) + 0.5) / Double(Self.residualQuantiles))
    }
    let lowest = max(1, points.min() ?? 1)
    let highest = max(lowest, points.max() ?? 1)
    levels = (0..<Self.levelCount).map { k in
      lowest * pow(highest / lowest, Double(k) / Double(Self.levelCount - 1))
    }
    let widen = (1 + 1 / Double(busyness.count)).squareRoot()
    offsets = levels.map { f in
      var outcomes: [Double] = []
      outcomes.reserveCapacity(busyness.count * residuals.count)
      for r in busyness {
        let mean = r * f
        let spread = variance.standardDeviation(max(mean, 1))
        for z in residuals { outcomes.append(mean + spread * z - f) }
      }
      outcomes.sort()
      return [0.1, 0.9, 0.025, 0.975].map { quantile(outcomes, $0) * widen }
    }
  }

  /// The four bounds' offsets from a forecast `f` (lo80, hi80, lo95, hi95), those of a
  /// forecast of 1 below it.
  func offsets(at f: Double) -> [Double] {
    let x = max(f, 1)
    guard let first = levels.first, let last = levels.last, x > first else { return offsets[0] }
    guard x < last else { return offsets[offsets.count - 1] }
    let upper = levels.firstIndex { $0 >= x }!
    let t = log(x / levels[upper - 1]) / log(levels[upper] / levels[upper - 1])
    return (0..<4).map { offsets[upper - 1][$0] * (1 - t) + offsets[upper][$0] * t }
  }
}

/// The `p` quantile of ascending `sorted` values, linear between neighbours.
func quantile(_ sorted: [Double], _ p: Double) -> Double {
  let position = p * Double(sorted.count - 1)
  let low = Int(position.rounded(.down))
  let high = min(low + 1, sorted.count - 1)
  return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
}
