import Foundation
import RotaCore

/// The same slot one week earlier (the seasonal naive method, Hyndman & Athanasopoulos,
/// *Forecasting: Principles and Practice*, 3rd ed., §5.2). When that day was closed, the week
/// before it. The baseline every report shows.
public struct SeasonalNaive: ForecastMethod {
  public let name = "snaive"
  public init() {}

  public func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
    fill(history, days: days) { day, _, slot in
      var back = day - 7
      while back >= 0 {
        if back < history.dayCount, let value = history.values[back][slot] { return value }
        back -= 7
      }
      return 0
    }
  }
}

/// The mean of the same weekday and slot over the last `weeks` weeks on which the team was
/// open that day (the average method applied per seasonal slot, Hyndman & Athanasopoulos §5.2).
public struct SeasonalMean: ForecastMethod {
  public let weeks: Int
  public var name: String { "savg\(weeks)" }
  public init(weeks: Int) { self.weeks = weeks }

  public func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
    let history = history.withoutUnusualDays()
    return fill(history, days: days) { day, _, slot in
      var sum = 0.0
      var count = 0
      var back = day - 7
      while back >= 0 && count < weeks {
        if back < history.dayCount, let value = history.values[back][slot] {
          sum += value
          count += 1
        }
        back -= 7
      }
      return count > 0 ? sum / Double(count) : 0
    }
  }
}

/// Double-seasonal exponential smoothing (Taylor, "Short-term electricity demand forecasting
/// using double seasonal exponential smoothing", *J. Operational Research Society* 54, 2003):
/// a level, an intraday cycle and an intraweek cycle, additive, updated in error-correction
/// form `L += αe, D += δe, W += ωe` with `e` the one-step error. Closed slots are missing
/// observations: the states carry over unchanged. α, δ, ω are fitted by Nelder–Mead on the
/// in-sample one-step squared error over the last `fitWeeks` weeks; the states start from the
/// first two weeks' means.
public struct DoubleSeasonalSmoothing: ForecastMethod {
  public let name = "dshw"
  public var fitWeeks: Int
  public init(fitWeeks: Int = 12) { self.fitWeeks = fitWeeks }

  struct State {
    var level: Double
    var day: [Double]
    var week: [Double]
  }

  func run(_ series: [Double?], period: Int, parameters: [Double], state initial: State) -> (
    sse: Double, state: State
  ) {
    let (alpha, delta, omega) = (parameters[0], parameters[1], parameters[2])
    var state = initial
    var sse = 0.0
    for (t, observation) in series.enumerated() {
      guard let y = observation else { continue }
      let d = t % period
      let w = t % (7 * period)
      let error = y - (state.level + state.day[d] + state.week[w])
      sse += error * error
      state.level += alpha * error
      state.day[d] += delta * error
      state.week[w] += omega * error
    }
    return (sse, state)
  }

  public func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
    let history = history.withoutUnusualDays()
    let period = history.slotsPerDay
    let firstDay = max(0, history.dayCount - 7 * fitWeeks)
    let series = history.values[firstDay...].flatMap { $0 }
    guard history.dayCount - firstDay >= 14 else {
      return SeasonalMean(weeks: 4).forecast(history, days: days)
    }
    // Start: level = mean of the first two weeks; week cycle = their mean deviation per slot.
    let start = Array(series.prefix(14 * period))
    let openValues = start.compactMap { $0 }
    let level = openValues.isEmpty ? 0 : openValues.reduce(0, +) / Double(openValues.count)
    var week = Array(repeating: 0.0, count: 7 * period)
    for slot in 0..<(7 * period) {
      let values = [start[slot], start[slot + 7 * period]].compactMap { $0 }
      if !values.isEmpty { week[slot] = values.reduce(0, +) / Double(values.count) - level }
    }
    let initial = State(level: level, day: Array(repeating: 0, count: period), week: week)
    let best = NelderMead.minimize(start: [0.05, 0.05, 0.1], lower: 0, upper: 1, iterations: 120) {
      run(series, period: period, parameters: $0, state: initial).sse
    }
    let state = run(series, period: period, parameters: best, state: initial).state
    let origin = series.count
    return fill(history, days: days) { day, _, slot in
      let t = origin + (day - history.dayCount) * period + slot
      return state.level + state.day[t % period] + state.week[t % (7 * period)]
    }
  }
}

/// Intraday profiles: each weekday's average share of the day's total per slot, over the
/// given days, shrunk towards the profile of all weekdays that open the same slots with
/// weight `n / (n + 2)` for `n` days of that weekday, so thin data lean on the pooled shape.
struct IntradayProfiles {
  private var shares: [[Double]]

  init(_ history: SlotMatrix, days: [Int]) {
    var sums = Array(repeating: Array(repeating: 0.0, count: history.slotsPerDay), count: 7)
    var counts = Array(repeating: 0, count: 7)
    for day in days {
      let total = history.total(ofDay: day)
      guard total > 0 else { continue }
      let weekday = history.weekdayIndex(ofDay: day)
      counts[weekday] += 1
      for slot in 0..<history.slotsPerDay { sums[weekday][slot] += (history.values[day][slot] ?? 0) / total }
    }
    shares = (0..<7).map { weekday in
      let alike = (0..<7).filter { history.open[$0] == history.open[weekday] && counts[$0] > 0 }
      let pooledDays = Double(alike.reduce(0) { $0 + counts[$1] })
      let n = Double(counts[weekday])
      return (0..<history.slotsPerDay).map { slot in
        let pooled = pooledDays > 0 ? alike.reduce(0) { $0 + sums[$1][slot] } / pooledDays : 0
        let own = n > 0 ? sums[weekday][slot] / n : pooled
        return (n * own + 2 * pooled) / (n + 2)
      }
    }
  }

  func share(weekday: Int, slot: Int) -> Double { shares[weekday][slot] }
}

/// Top-down: the day's total, then its spread over the day (Gans, Koole & Mandelbaum,
/// "Telephone call centers: tutorial, review, and research prospects", *M&SOM* 5(2), 2003, §4).
/// Daily totals by least squares on weekday effects and a linear trend over the last
/// `weeks` weeks, spread by the `IntradayProfiles` of the same weeks. Unusual days are left
/// out.
public struct TopDown: ForecastMethod {
  public let name = "topdown"
  public var weeks: Int
  public init(weeks: Int = 8) { self.weeks = weeks }

  public func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
    let typical = history.withoutUnusualDays()
    let firstDay = max(0, typical.dayCount - 7 * weeks)
    let used = (firstDay..<typical.dayCount).filter { typical.isOpenDay($0) }
    var rows: [[Double]] = []
    var totals: [Double] = []
    for day in used {
      var row = Array(repeating: 0.0, count: 8)
      row[typical.weekdayIndex(ofDay: day)] = 1
      row[7] = Double(day - typical.dayCount) / 7
      rows.append(row)
      totals.append(typical.total(ofDay: day))
    }
    let profiles = IntradayProfiles(typical, days: used)
    // Weekdays never seen get no column, so the system stays positive definite.
    let seen = (0..<7).filter { weekday in rows.contains { $0[weekday] == 1 } }
    let columns = seen + [7]
    let design = rows.map { row in columns.map { row[$0] } }
    let coefficients = LeastSquares.solve(design, totals, ridge: 1e-6) ?? []
    return fill(typical, days: days) { day, weekday, slot in
      guard let position = seen.firstIndex(of: weekday), coefficients.count == columns.count else { return 0 }
      let total = max(0, coefficients[position] + coefficients.last! * Double(day - typical.dayCount) / 7)
      return total * profiles.share(weekday: weekday, slot: slot)
    }
  }
}

/// Weekday level times weekday profile, without a trend: the day's total is the mean total of
/// the last `levelWeeks` typical days of that weekday, spread by the `IntradayProfiles` of the
/// last `profileWeeks` typical days of each weekday. The day total moves week to week and is
/// averaged over few weeks; the intraday shape is stable and is averaged over many, which is
/// why the two are estimated apart (Gans, Koole & Mandelbaum 2003, §4; Taylor, "A comparison
/// of univariate time series methods for forecasting intraday arrivals at a call center",
/// *Management Science* 54(2), 2008, on simple seasonal averages a week or more ahead).
public struct WeekdayProfile: ForecastMethod {
  public let name = "profile"
  public var levelWeeks: Int
  public var profileWeeks: Int
  public init(levelWeeks: Int = 4, profileWeeks: Int = 16) {
    self.levelWeeks = levelWeeks
    self.profileWeeks = profileWeeks
  }

  public func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
    let typical = history.withoutUnusualDays()
    var recent = Array(repeating: [Int](), count: 7)
    for day in stride(from: typical.dayCount - 1, through: 0, by: -1) where typical.isOpenDay(day) {
      let weekday = typical.weekdayIndex(ofDay: day)
      if recent[weekday].count < max(levelWeeks, profileWeeks) { recent[weekday].append(day) }
    }
    let profiles = IntradayProfiles(typical, days: recent.flatMap { $0.prefix(profileWeeks) })
    let levels: [Double?] = recent.map { days in
      let last = days.prefix(levelWeeks)
      guard !last.isEmpty else { return nil }
      return last.reduce(0) { $0 + typical.total(ofDay: $1) }
        / Double(last.count)
    }
    let fallback = SeasonalMean(weeks: 4).forecast(history, days: days)
    return fill(typical, days: days) { day, weekday, slot in
      guard let level = levels[weekday] else { return fallback[day - typical.dayCount][slot] ?? 0 }
      return level * profiles.share(weekday: weekday, slot: slot)
    }
  }
}

/// Linear regression per weekday on a level, a linear trend and Fourier terms of the time of
/// day, `y = a + b·week + Σ_k (c_k cos 2πks/S + d_k sin 2πks/S)` (Hyndman & Athanasopoulos
/// §7.4 and §12.1 on Fourier terms for long seasonal periods), fitted by least squares over
/// the last `weeks` weeks with more recent weeks weighted up (weight 0.85 per week back). The
/// Fourier terms smooth the intraday shape, so noise in one slot does not carry over.
public struct FourierRegression: ForecastMethod {
  public let name = "fourier"
  public var weeks: Int
  public var harmonics: Int
  public init(weeks: Int = 8, harmonics: Int = 6) {
    self.weeks = weeks
    self.harmonics = harmonics
  }

  func features(slot: Int, slotsPerDay: Int, week: Double) -> [Double] {
    var row = [1, week]
    for k in 1...harmonics {
      let angle = 2 * Double.pi * Double(k) * (Double(slot) + 0.5) / Double(slotsPerDay)
      row += [cos(angle), sin(angle)]
    }
    return row
  }

  public func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
    let history = history.withoutUnusualDays()
    let firstDay = max(0, history.dayCount - 7 * weeks)
    var models: [Int: [Double]] = [:]
    for weekday in 0..<7 {
      var design: [[Double]] = []
      var targets: [Double] = []
      for day in firstDay..<history.dayCount where history.weekdayIndex(ofDay: day) == weekday {
        let week = Double(day - history.dayCount) / 7
        let weight = pow(0.85, -week).squareRoot()
        for slot in 0..<history.slotsPerDay {
          guard let value = history.values[day][slot] else { continue }
          design.append(
            features(slot: slot, slotsPerDay: history.slotsPerDay, week: week).map { $0 * weight })
          targets.append(value * weight)
        }
      }
      if design.count > 3 * (2 + 2 * harmonics) {
        models[weekday] = LeastSquares.solve(design, targets, ridge: 1e-9)
      }
    }
    let fallback = SeasonalMean(weeks: 4).forecast(history, days: days)
    return fill(history, days: days) { day, weekday, slot in
      guard let coefficients = models[weekday] else { return fallback[day - history.dayCount][slot] ?? 0 }
      let row = features(
        slot: slot, slotsPerDay: history.slotsPerDay, week: Double(day - history.dayCount) / 7)
      return zip(row, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
    }
  }
}

/// Dense least squares by the normal equations and a Cholesky factorisation, with a small
/// ridge on the diagonal for stability.
enum LeastSquares {
  static func solve(_ design: [[Double]], _ targets: [Double], ridge: Double) -> [Double]? {
    guard let p = design.first?.count, p > 0 else { return nil }
    var gram = Array(repeating: Array(repeating: 0.0, count: p), count: p)
    var right = Array(repeating: 0.0, count: p)
    for (row, y) in zip(design, targets) {
      for i in 0..<p {
        right[i] += row[i] * y
        for j in 0...i { gram[i][j] += row[i] * row[j] }
      }
    }
    for i in 0..<p { gram[i][i] += ridge * max(1, gram[i][i]) }
    // Cholesky: gram = L·Lᵀ, stored in the lower triangle.
    for j in 0..<p {
      var diagonal = gram[j][j]
      for k in 0..<j { diagonal -= gram[j][k] * gram[j][k] }
      guard diagonal > 0 else { return nil }
      gram[j][j] = diagonal.squareRoot()
      for i in (j + 1)..<max(j + 1, p) {
        var value = gram[i][j]
        for k in 0..<j { value -= gram[i][k] * gram[j][k] }
        gram[i][j] = value / gram[j][j]
      }
    }
    var z = right
    for i in 0..<p {
      for k in 0..<i { z[i] -= gram[i][k] * z[k] }
      z[i] /= gram[i][i]
    }
    for i in stride(from: p - 1, through: 0, by: -1) {
      for k in (i + 1)..<max(i + 1, p) { z[i] -= gram[k][i] * z[k] }
      z[i] /= gram[i][i]
    }
    return z
  }
}

/// Nelder–Mead simplex minimisation inside a box (Nelder & Mead 1965), with points clamped
/// to the box.
enum NelderMead {
  static func minimize(
    start: [Double], lower: Double, upper: Double, iterations: Int, _ f: ([Double]) -> Double
  ) -> [Double] {
    let n = start.count
    func clamp(_ x: [Double]) -> [Double] { x.map { min(upper, max(lower, $0)) } }
    var simplex = [clamp(start)]
    for i in 0..<n {
      var point = start
      point[i] += point[i] < 0.5 ? 0.2 : -0.2
      simplex.append(clamp(point))
    }
    var values = simplex.map(f)
    for _ in 0..<iterations {
      let order = values.indices.sorted { values[$0] < values[$1] }
      simplex = order.map { simplex[$0] }
      values = order.map { values[$0] }
      let centroid = (0..<n).map { i in simplex.dropLast().reduce(0) { $0 + $1[i] } / Double(n) }
      func along(_ t: Double) -> [Double] {
        clamp((0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) })
      }
      let reflected = along(-1)
      let reflectedValue = f(reflected)
      if reflectedValue < values[0] {
        let expanded = along(-2)
        let expandedValue = f(expanded)
        (simplex[n], values[n]) =
          expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue)
      } else if reflectedValue < values[n - 1] {
        (simplex[n], values[n]) = (reflected, reflectedValue)
      } else {
        let contracted = along(0.5)
        let contractedValue = f(contracted)
        if contractedValue < values[n] {
          (simplex[n], values[n]) = (contracted, contractedValue)
        } else {
          for i in 1...n {
            simplex[i] = clamp((0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) })
            values[i] = f(simplex[i])
          }
        }
      }
      if abs(values[n] - values[0]) <= 1e-10 * max(1, abs(values[0])) { break }
    }
    return simplex[values.indices.min { values[$0] < values[$1] }!]
  }
}

/// Weekly level smoothed day by day, times weekday factors, times weekday profiles: a
/// multiplicative decomposition of daily totals (Gans, Koole & Mandelbaum 2003, §4) whose
/// level is simple exponential smoothing of the deseasonalised daily totals (Hyndman &
/// Athanasopoulos §8.1), so every recent day informs the level of every weekday, where
/// `profile` averages each weekday's own few days. Weekday factors and intraday profiles are
/// averaged over the last `weeks` weeks of typical days; the smoothing weight is the one of
/// 0.05, 0.10, …, 0.60 with the least squared error a week ahead over those weeks.
public struct SmoothedLevel: ForecastMethod {
  public let name = "level"
  public var weeks: Int
  public init(weeks: Int = 16) { self.weeks = weeks }

  public func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
    let typical = history.withoutUnusualDays()
    let firstDay = max(0, typical.dayCount - 7 * weeks)
    let used = (firstDay..<typical.dayCount).filter { typical.isOpenDay($0) && typical.total(ofDay: $0) > 0 }
    var sums = Array(repeating: 0.0, count: 7)
    var counts = Array(repeating: 0, count: 7)
    for day in used {
      sums[typical.weekdayIndex(ofDay: day)] += typical.total(ofDay: day)
      counts[typical.weekdayIndex(ofDay: day)] += 1
    }
    let seen = (0..<7).filter { counts[$0] > 0 }
    let fallback = SeasonalMean(weeks: 4).forecast(history, days: days)
    guard used.count >= 2 else { return fallback }
    // Factors relative to the mean weekday, so that the level is a day's usual total.
    let means = (0..<7).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : 0 }
    let overall = seen.reduce(0) { $0 + means[$1] } / Double(seen.count)
    let factors = means.map { overall > 0 ? $0 / overall : 0 }
    let series = used.map { typical.total(ofDay: $0) / factors[typical.weekdayIndex(ofDay: $0)] }
    // Scored on every day of the week after each day, as the level is used: a weight fitted
    // one day ahead chases day-to-day swings (month-end, paydays) a week-ahead level must not.
    func smoothed(_ alpha: Double) -> (level: Double, error: Double) {
      var level = series[0]
      var error = 0.0
      for index in series.indices.dropFirst() {
        if index > 1 {
          for ahead in index..<series.count where used[ahead] < used[index - 1] + 7 {
            error += (series[ahead] - level) * (series[ahead] - level)
          }
        }
        level += alpha * (series[index] - level)
      }
      return (level, error)
    }
    let level = stride(from: 0.05, through: 0.6001, by: 0.05).map(smoothed).min { $0.error < $1.error }!.level
    let profiles = IntradayProfiles(typical, days: used)
    return fill(typical, days: days) { day, weekday, slot in
      guard counts[weekday] > 0 else { return fallback[day - typical.dayCount][slot] ?? 0 }
      return level * factors[weekday] * profiles.share(weekday: weekday, slot: slot)
    }
  }
}
