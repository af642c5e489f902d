/// One backtest forecast of one interval beside what happened, on day `day` of the history.
struct BacktestError: Sendable {
  var forecast: Double
  var actual: Double
  var day: Int
}

/// The variance of a forecast's error as a function of the interval's forecast `f`:
/// `a·f + c·f²`.
///
/// Jongbloed & Koole ("Managing uncertainty in call centres using Poisson mixtures", *Applied
/// Stochastic Models in Business and Industry* 17, 2001) model a day's counts as Poisson around
/// a mean that is itself random; a day level with relative variance `c_day` gives every
/// interval of the day at least `c_day·f²` besides its own noise. `a` is free because an
/// average of past weeks adds its own noise to every count's.
///
/// Fitted by quasi-likelihood: a squared error `e²` has mean `V(f)` and, for errors near
/// normal, variance `2V(f)²`, so `a` and `c` minimise `Σ (e² − a·f − c·f²)² / V(f)²`, solved
/// by iteratively reweighted least squares (McCullagh & Nelder, *Generalized Linear Models*,
/// 2nd ed., §9.2). The weights trust the many quiet intervals more than the few busy ones,
/// where a day's shared error shows most, so `c` is kept at least `c_day`, the method-of-
/// moments estimate on the days' totals `F` and `A`: `E[(A − F)²] = F + c_day·F²`. Only the
/// shape matters to the intervals: ``DayLevelBands`` fits it to the errors around each day's
/// busyness and takes the quantiles of those scaled by `√V`, and so do pooled bounds.
struct ErrorVariance: Equatable {
  var a: Double
  var c: Double

  func standardDeviation(_ forecast: Double) -> Double {
    (a * forecast + c * forecast * forecast).squareRoot()
  }

  /// Fits `a ≥ 0` and `c ≥ c_day` to backtest errors, each interval's forecast taken as at
  /// least 1; Poisson (`a = 1`, `c = 0`) with no errors or none that differ from the forecast.
  static func fit(_ errors: [BacktestError], iterations: Int = 8) -> ErrorVariance {
    let poisson = ErrorVariance(a: 1, c: 0)
    let pairs = errors.map {
      (f: max($0.forecast, 1), y: ($0.actual - $0.forecast) * ($0.actual - $0.forecast))
    }
    guard pairs.contains(where: { $0.y > 0 }) else { return poisson }
    let floor = dayLevelVariance(errors)
    let forecastSum = pairs.reduce(0) { $0 + $1.f }
    let forecastSquares = pairs.reduce(0) { $0 + $1.f * $1.f }
    let squaredErrors = pairs.reduce(0) { $0 + $1.y }
    var fitted = ErrorVariance(a: 1, c: max(floor, (squaredErrors - forecastSum) / forecastSquares))
    for _ in 0..<iterations {
      // Weighted normal equations of e² ≈ a·f + c·f², weights 1/V².
      var ff = 0.0
      var fg = 0.0
      var gg = 0.0
      var fy = 0.0
      var gy = 0.0
      for pair in pairs {
        let g = pair.f * pair.f
        let v = max(fitted.a * pair.f + fitted.c * g, 1e-9)
        let w = 1 / (v * v)
        ff += w * pair.f * pair.f
        fg += w * pair.f * g
        gg += w * g * g
        fy += w * pair.f * pair.y
        gy += w * g * pair.y
      }
      let determinant = ff * gg - fg * fg
      var next = ErrorVariance(a: -1, c: -1)
      if determinant > 1e-12 * ff * gg {
        next = ErrorVariance(a: (fy * gg - gy * fg) / determinant, c: (gy * ff - fy * fg) / determinant)
      }
      // On a bound the other parameter is fitted alone.
      if next.c < floor { next = ErrorVariance(a: (fy - floor * fg) / ff, c: floor) }
      if next.a < 0 { next = ErrorVariance(a: 0, c: max(floor, gy / gg)) }
      guard next.a.isFinite, next.c.isFinite, next.a + next.c > 0 else { return fitted }
      fitted = next
    }
    return fitted
  }

  /// `c_day`: the relative variance of the days' totals beyond Poisson, at least 0.
  static func dayLevelVariance(_ errors: [BacktestError]) -> Double {
    var days: [Int: (forecast: Double, actual: Double)] = [:]
    for error in errors {
      days[error.day, default: (0, 0)].forecast += max(error.forecast, 1)
      days[error.day, default: (0, 0)].actual += error.actual
    }
    var excess = 0.0
    var squares = 0.0
    for day in days.keys.sorted() {
      let total = days[day]!
      excess += (total.actual - total.forecast) * (total.actual - total.forecast) - total.forecast
      squares += total.forecast * total.forecast
    }
    return squares > 0 ? max(0, excess / squares) : 0
  }
}
