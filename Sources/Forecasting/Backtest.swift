import Foundation
import RotaCore

/// Accuracy of a method over rolling origins.
public struct MethodScore: Sendable {
  public var method: String
  /// Σ|actual − forecast| / Σ actual, over intervals.
  public var wape: Double
  /// The same over each day's totals, and over each week's (what planners report).
  public var dailyWAPE: Double = 0
  public var weeklyWAPE: Double = 0
  /// Mean absolute error over the in-sample mean absolute error of the weekly seasonal naive
  /// forecast (Hyndman & Koehler 2006, with a seasonal period of one week).
  public var mase: Double
  public var rmse: Double
  /// Share of actuals inside the 80% and 95% prediction intervals.
  public var coverage80: Double
  public var coverage95: Double
  /// The same shares in each third of the intervals by forecast volume (quietest first), so
  /// that calibration at night hours shows beside the peak's.
  public var coverageByTercile: [(coverage80: Double, coverage95: Double)] = []
  public var seconds: Double
  /// For `auto`: the methods it combined at the last origin.
  public var note: String?
}

/// Rolling-origin evaluation (Tashman, "Out-of-sample tests of forecasting accuracy",
/// *Int. J. Forecasting* 16, 2000): the method sees only the days before each origin.
public enum Backtest {
  /// Forecasts made at `origin` (a day index) for `days` days, from the history before it; with
  /// `calendar`, the days after each holiday of those days raised by the history's catch-up
  /// (``HolidayCatchUp/backtestScale(_:origin:days:)``), as a forecast told its holidays is.
  static func run(_ method: any ForecastMethod, _ history: SlotMatrix, origin: Int, days: Int, calendar: Bool)
    -> DayForecast
  {
    let forecast = method.forecast(history.truncated(before: origin), days: days)
    return calendar
      ? raised(forecast, by: HolidayCatchUp.backtestScale(history, origin: origin, days: days)) : forecast
  }

  /// Each day of `forecast` multiplied by its factor, as a holiday's catch-up raises it.
  static func raised<Value>(_ forecast: [[Value?]], by factors: [Double], _ scale: (Value, Double) -> Value)
    -> [[Value?]]
  {
    forecast.enumerated().map { index, day in
      let factor = index < factors.count ? factors[index] : 1
      return factor == 1 ? day : day.map { $0.map { scale($0, factor) } }
    }
  }

  static func raised(_ forecast: DayForecast, by factors: [Double]) -> DayForecast {
    raised(forecast, by: factors) { $0 * $1 }
  }

  /// Weekly origins ending at `end`: `end − 7·count … end − 7`, those with two weeks of
  /// history before them (fewer than `count` when the history is short).
  public static func origins(end: Int, count: Int) -> [Int] {
    let most = min(max(1, count), max(0, (end - 14) / 7))
    guard most >= 1 else { return [] }
    return (1...most).map { end - 7 * $0 }.sorted()
  }

  /// Pairs of (forecast, actual) over the open slots of the days after each origin.
  static func pairs(_ forecast: DayForecast, _ history: SlotMatrix, origin: Int) -> [(Double, Double)] {
    errors(forecast, history, origin: origin).map { ($0.forecast, $0.actual) }
  }

  /// The same pairs, each with the day of the history it is on.
  static func errors(_ forecast: DayForecast, _ history: SlotMatrix, origin: Int) -> [BacktestError] {
    var result: [BacktestError] = []
    for (offset, day) in forecast.enumerated() where origin + offset < history.dayCount {
      for (slot, value) in day.enumerated() {
        if let value, let actual = history.values[origin + offset][slot] {
          result.append(BacktestError(forecast: value, actual: actual, day: origin + offset))
        }
      }
    }
    return result
  }

  static func wape(_ pairs: [(Double, Double)]) -> Double {
    let actual = pairs.reduce(0) { $0 + $1.1 }
    return actual > 0 ? pairs.reduce(0) { $0 + abs($1.1 - $1.0) } / actual : 0
  }

  /// Coverage in each third of `covered` by forecast volume, ties kept together by sorting on
  /// (forecast, order seen); empty thirds count as fully covered. Thirds by the forecast, not
  /// by the actual count: grouping by the outcome puts the intervals whose noise ran low in the
  /// quietest third and high in the busiest, so even exact bands would cover too little there
  /// and too much in the middle.
  static func terciles(_ covered: [(forecast: Double, in80: Bool, in95: Bool)]) -> [(
    coverage80: Double, coverage95: Double
  )] {
    let sorted = covered.enumerated().sorted {
      ($0.element.forecast, $0.offset) < ($1.element.forecast, $1.offset)
    }
    .map(\.element)
    return (0..<3).map { third in
      let part = sorted[(third * sorted.count / 3)..<((third + 1) * sorted.count / 3)]
      guard !part.isEmpty else { return (1, 1) }
      let n = Double(part.count)
      return (Double(part.filter(\.in80).count) / n, Double(part.filter(\.in95).count) / n)
    }
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
  /// With `calendar`, each forecast knows the holidays of the days it forecasts (the days the
  /// history shows closed), as a forecast from a scenario that lists its holidays does, and
  /// raises the days after them; without, they are the surprise they are to a forecast told
  /// of none.
  public static func score(
    _ methods: [any ForecastMethod], history: SlotMatrix, count: Int, days: Int, calendar: Bool = false
  )
    -> [MethodScore]
  {
    let starts = origins(end: history.dayCount, count: count)
    return methods.map { method in
      let clock = ContinuousClock.now
      let memo = BacktestMemo(calendar: calendar)
      var all: [(Double, Double)] = []
      var squared = 0.0
      var inside80 = 0
      var inside95 = 0
      var scaledError = 0.0
      var dayTotals: [(actual: Double, forecast: Double)] = []
      var covered: [(forecast: Double, in80: Bool, in95: Bool)] = []
      var weeks: [(actual: Double, forecast: Double)] = []
      var note: String?
      for origin in starts {
        let past = history.truncated(before: origin)
        var result = PredictionIntervals.forecast(method, past, days: days, memo: memo)
        if calendar { result.raise(by: memo.scale(history, origin: origin, days: days)) }
        note = result.note
        let pairs = pairs(result.points, history, origin: origin)
        let scale = naiveScale(past)
        var week = (actual: 0.0, forecast: 0.0)
        for (offset, day) in result.points.enumerated() where origin + offset < history.dayCount {
          var total = (actual: 0.0, forecast: 0.0)
          for slot in day.indices {
            guard let value = day[slot], let actual = history.values[origin + offset][slot] else { continue }
            total.actual += actual
            total.forecast += value
            let bounds = result.bounds[offset][slot]!
            let in80 = actual >= bounds.lo80 && actual <= bounds.hi80
            let in95 = actual >= bounds.lo95 && actual <= bounds.hi95
            if in80 { inside80 += 1 }
            if in95 { inside95 += 1 }
            covered.append((value, in80, in95))
            squared += (actual - value) * (actual - value)
            scaledError += abs(actual - value) / max(scale, 1e-9)
          }
          dayTotals.append(total)
          week.actual += total.actual
          week.forecast += total.forecast
        }
        all += pairs
        weeks.append(week)
      }
      let n = Double(max(all.count, 1))
      let elapsed = ContinuousClock.now - clock
      var score = MethodScore(
        method: method.name, wape: wape(all), mase: scaledError / n, rmse: (squared / n).squareRoot(),
        coverage80: Double(inside80) / n, coverage95: Double(inside95) / n,
        seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
        note: note)
      score.dailyWAPE = wape(dayTotals.map { ($0.forecast, $0.actual) })
      score.weeklyWAPE = wape(weeks.map { ($0.forecast, $0.actual) })
      score.coverageByTercile = terciles(covered)
      return score
    }
  }
}

/// Week-ahead backtest forecasts of one history by method and origin. Scoring `auto` at
/// weekly origins asks for each candidate at each earlier weekly origin again and again, and
/// the answer depends only on the days before that origin (and, with `calendar`, on which days
/// of its week were closed). One memo serves one history, on one thread.
final class BacktestMemo {
  private var forecasts: [String: DayForecast] = [:]
  private var scales: [String: [Double]] = [:]
  /// Whether the backtest forecasts know their week's holidays (``Backtest/run(_:_:origin:days:calendar:)``).
  let calendar: Bool

  init(calendar: Bool = false) {
    self.calendar = calendar
  }

  func run(_ method: any ForecastMethod, _ history: SlotMatrix, origin: Int) -> DayForecast {
    let key = "\(method.name) \(origin)"
    if let known = forecasts[key] { return known }
    var forecast = Backtest.run(method, history, origin: origin, days: 7, calendar: false)
    if calendar { forecast = Backtest.raised(forecast, by: scale(history, origin: origin, days: 7)) }
    forecasts[key] = forecast
    return forecast
  }

  /// The catch-up factors of the `days` days from `origin`
  /// (``HolidayCatchUp/backtestScale(_:origin:days:)``), once per origin for every method.
  func scale(_ history: SlotMatrix, origin: Int, days: Int) -> [Double] {
    let key = "\(origin) \(days)"
    if let known = scales[key] { return known }
    let scale = HolidayCatchUp.backtestScale(history, origin: origin, days: days)
    scales[key] = scale
    return scale
  }
}

/// Prediction intervals from the method's own recent errors: the forecast is backtested
/// week-ahead at the `calibrationWeeks` weekly origins before the end of the history. Counts
/// of contacts vary more than Poisson, and more so the busier the interval (Jongbloed & Koole,
/// "Managing uncertainty in call centres using Poisson mixtures", *Applied Stochastic Models
/// in Business and Industry* 17, 2001), so the errors are scaled by `√(a·f + c·f²)`, `f` the
/// forecast, with `a` and `c` fitted to the same errors (`ErrorVariance`); the empirical
/// 10/90% and 2.5/97.5% quantiles of the scaled errors, widened by √(1 + 1/n) for the finite
/// sample, set the bounds.
public enum PredictionIntervals {
  /// Weekly origins whose backtest errors calibrate the intervals: eight weeks see more kinds
  /// of week (month ends, holidays) than four, and intervals from four covered too little on
  /// real call-centre data.
  public static let calibrationWeeks = 8

  public struct Bounds: Sendable {
    public var lo80, hi80, lo95, hi95: Double
  }

  public struct Result: Sendable {
    public var points: DayForecast
    public var bounds: [[Bounds?]]
    public var note: String?
    /// Days (offsets into `points`) the method forecast at under a quarter of their weekday's
    /// recent level, forecast from those recent days instead
    /// (``SlotMatrix/replacingNearZeroDays(_:)``).
    public var replacedDays: [Int] = []

    /// Multiplies each day's forecast and bounds by its factor, as a holiday's catch-up does.
    mutating func raise(by factors: [Double]) {
      points = Backtest.raised(points, by: factors)
      bounds = Backtest.raised(bounds, by: factors) { bounds, factor in
        Bounds(
          lo80: bounds.lo80 * factor, hi80: bounds.hi80 * factor, lo95: bounds.lo95 * factor,
          hi95: bounds.hi95 * factor)
      }
    }
  }

  /// The forecast of the `days` days after `history`, with bounds. With `calendar` the caller
  /// knows the holidays of those days and raises the days after them, so the backtests that
  /// calibrate the bounds do the same with the holidays the history shows; without, a day after
  /// a holiday is a surprise there as it will be in the forecast, and widens the bounds.
  public static func forecast(
    _ method: any ForecastMethod, _ history: SlotMatrix, days: Int, calendar: Bool = false
  )
    -> Result
  {
    forecast(method, history, days: days, memo: BacktestMemo(calendar: calendar))
  }

  static func forecast(_ method: any ForecastMethod, _ history: SlotMatrix, days: Int, memo: BacktestMemo)
    -> Result
  {
    var points: DayForecast
    var errors: [BacktestError] = []
    var note: String?
    if let auto = method as? AutoCombination {
      let chosen = auto.choose(history, days: days, memo: memo)
      points = chosen.forecast
      errors = chosen.errors
      note = "mean of " + chosen.names.joined(separator: ", ")
    } else {
      points = method.forecast(history, days: days)
      for origin in Backtest.origins(end: history.dayCount, count: calibrationWeeks) {
        let past = memo.run(method, history, origin: origin)
        errors += Backtest.errors(past, history, origin: origin)
      }
    }
    let (repaired, replaced) = history.replacingNearZeroDays(points)
    var result = Result(
      points: repaired, bounds: bounds(repaired, errors: errors), note: note, replacedDays: replaced)
    // The method's backtest errors say nothing about days it had no evidence for: their bounds
    // come from the spread of the recent days they are forecast from, at least Poisson's.
    for day in replaced {
      guard let recent = history.recentWeekday(history.weekdayIndex(ofDay: history.dayCount + day)) else {
        continue
      }
      for slot in repaired[day].indices where repaired[day][slot] != nil {
        let mean = recent.mean[slot]
        let deviation = max(recent.variance[slot], mean).squareRoot()
        result.bounds[day][slot] = Bounds(
          lo80: max(0, mean - 1.2816 * deviation), hi80: mean + 1.2816 * deviation,
          lo95: max(0, mean - 1.96 * deviation), hi95: mean + 1.96 * deviation)
      }
    }
    return result
  }

  /// Bounds around `points` from backtest `errors`: from the days' busyness and each
  /// interval's noise (``DayLevelBands``); with errors from fewer days, from the errors scaled
  /// by `√V(f)` and pooled; with fewer than 20 errors, ±1.28 and ±1.96 Poisson standard
  /// deviations.
  static func bounds(_ points: DayForecast, errors: [BacktestError]) -> [[Bounds?]] {
    let offsets: (Double) -> [Double]
    if let model = DayLevelBands(errors, points: points.flatMap { $0.compactMap { $0 } }) {
      offsets = model.offsets(at:)
    } else {
      let variance = ErrorVariance.fit(errors)
      func spread(_ forecast: Double) -> Double { variance.standardDeviation(max(forecast, 1)) }
      let scaled = errors.map { ($0.actual - $0.forecast) / spread($0.forecast) }.sorted()
      let widen = (1 + 1 / Double(max(scaled.count, 1))).squareRoot()
      let factors =
        scaled.count >= 20
        ? [0.1, 0.9, 0.025, 0.975].map { quantile(scaled, $0) * widen } : [-1.2816, 1.2816, -1.96, 1.96]
      offsets = { f in factors.map { $0 * spread(f) } }
    }
    return points.map { day in
      day.map { value in
        value.map { point in
          let offset = offsets(point)
          return Bounds(
            lo80: max(0, point + offset[0]), hi80: max(0, point + offset[1]),
            lo95: max(0, point + offset[2]), hi95: max(0, point + offset[3]))
        }
      }
    }
  }
}

/// `auto`: a forecast combination (Bates & Granger 1969; Clemen, "Combining forecasts: a
/// review", *Int. J. Forecasting* 5, 1989). Every candidate is backtested week-ahead at the
/// weekly origins before the end of the history; the `pick` with the lowest WAPE over the last
/// `selectionWeeks` of them are averaged with equal weights, which is usually more accurate
/// than the single best. Its prediction intervals come from the errors of the same procedure
/// at the `calibrationWeeks` origins before, each choosing on the weeks before it.
public struct AutoCombination: ForecastMethod {
  public let name = "auto"
  public var candidates: [any ForecastMethod]
  public var pick: Int
  public var selectionWeeks: Int

  public init(candidates: [any ForecastMethod], pick: Int = 3, selectionWeeks: Int = 4) {
    self.candidates = candidates
    self.pick = pick
    self.selectionWeeks = selectionWeeks
  }

  struct Choice {
    var names: [String]
    var forecast: DayForecast
    /// The combination's backtest (forecast, actual) pairs, for its prediction intervals.
    var errors: [BacktestError]
  }

  func choose(_ history: SlotMatrix, days: Int = 7, memo: BacktestMemo = BacktestMemo()) -> Choice {
    let origins = Backtest.origins(
      end: history.dayCount, count: selectionWeeks + PredictionIntervals.calibrationWeeks)
    guard !origins.isEmpty else {
      let fallback = SeasonalMean(weeks: 4)
      return Choice(names: [fallback.name], forecast: fallback.forecast(history, days: days), errors: [])
    }
    let backtests = candidates.map { method in origins.map { memo.run(method, history, origin: $0) } }
    let pairs = backtests.map { runs in
      origins.indices.map { Backtest.pairs(runs[$0], history, origin: origins[$0]) }
    }
    /// The `pick` candidates with the lowest WAPE over the origins in `range`.
    func best(_ range: Range<Int>) -> [Int] {
      // Rounded to 1e-10 so that a method and its variant that forecast the same (a `+dom`
      // method before twelve weeks of history) tie exactly, whatever the last bits of their
      // arithmetic, and the tie goes to the earlier candidate in every build and on every CPU.
      let wapes = pairs.map { byOrigin in
        (Backtest.wape(range.flatMap { byOrigin[$0] }) * 1e10).rounded()
      }
      return Array(wapes.indices.sorted { (wapes[$0], $0) < (wapes[$1], $1) }.prefix(pick))
    }
    func mean(_ forecasts: [DayForecast]) -> DayForecast {
      forecasts[0].indices.map { day in
        forecasts[0][day].indices.map { slot in
          forecasts[0][day][slot].map { _ in
            forecasts.reduce(0) { $0 + ($1[day][slot] ?? 0) } / Double(forecasts.count)
          }
        }
      }
    }
    let chosen = best(max(0, origins.count - selectionWeeks)..<origins.count)
    // The whole procedure, choice included, is scored at each calibration origin on the weeks
    // before it only: the combination's errors on the weeks that chose it would be too kind.
    var errors: [BacktestError] = []
    for index in origins.indices.suffix(PredictionIntervals.calibrationWeeks) where index > 0 {
      let combined = mean(best(max(0, index - selectionWeeks)..<index).map { backtests[$0][index] })
      errors += Backtest.errors(combined, history, origin: origins[index])
    }
    return Choice(
      names: chosen.map { candidates[$0].name },
      // A candidate that forecasts a busy weekday as nothing is not averaged in as zero.
      forecast: mean(
        chosen.map { history.replacingNearZeroDays(candidates[$0].forecast(history, days: days)).forecast }),
      errors: errors)
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
    DoubleSeasonalSmoothing(), TopDown(), WeekdayProfile(), FourierRegression(), SmoothedLevel(),
    DayOfMonthAdjusted(WeekdayProfile()), DayOfMonthAdjusted(SeasonalMean(weeks: 4)),
    DayOfMonthAdjusted(TopDown()),
  ]

  public static let all: [any ForecastMethod] = candidates + [AutoCombination(candidates: candidates)]

  public static func named(_ name: String) -> (any ForecastMethod)? {
    all.first { $0.name == name }
  }
}
