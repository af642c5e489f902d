import RotaCore

/// Average handle time per interval, forecast from a channel's handled contacts and their
/// handle seconds, so that staffing follows handle time through the day and the week instead
/// of one figure per channel.
///
/// Two methods, each an average weighted by handled contacts (so a quiet interval's odd call
/// weighs what it is):
/// - `flat`: the last four weeks' average, for every interval;
/// - `profile`: each weekday and time of day's average over the last eight weeks, shrunk
///   towards the flat one as if it also held ``shrinkageContacts`` contacts at that average
///   (an empirical-Bayes compromise: a slot with few handled contacts says little on its own).
///
/// As with volumes, the method is picked by backtest: at the four weekly origins before the
/// forecast, each method forecasts the following week from what came before, scored by the
/// handle seconds it misses (Σ handled × |forecast − actual AHT| over Σ handle seconds, a WAPE
/// of handle time); the lower mean wins, `flat` on a tie.
public enum HandleTimeForecast {
  public enum Method: String, Sendable, CaseIterable {
    case flat
    case profile
  }

  /// The pseudo-count of contacts at the flat average that shrinks each slot's average.
  public static let shrinkageContacts = 30.0

  /// A channel's handle-time history: per interval start, handled contacts and their total
  /// handle seconds.
  public struct History: Sendable {
    public var handled: [LocalDateTime: Double]
    public var seconds: [LocalDateTime: Double]

    public init(handled: [LocalDateTime: Double], seconds: [LocalDateTime: Double]) {
      self.handled = handled
      self.seconds = seconds
    }
  }

  /// The backtest's score of each method (mean handle-time WAPE over the origins it could use)
  /// and the one picked; nil when no origin has handled contacts before and after it.
  public struct Choice: Sendable {
    public var method: Method
    public var errors: [Method: Double]
    public var origins: Int
  }

  /// AHT in seconds per interval start of `targets`, from the history before `origin`; an
  /// interval is left out when the last four weeks before `origin` handled nothing.
  public static func forecast(_ history: History, method: Method, origin: LocalDate, targets: [LocalDateTime])
    -> [LocalDateTime: Double]
  {
    var flatHandled = 0.0
    var flatSeconds = 0.0
    var slotHandled: [Slot: Double] = [:]
    var slotSeconds: [Slot: Double] = [:]
    for (time, handled) in history.handled where time.date < origin && handled > 0 {
      let daysBefore = time.date.days(to: origin)
      let seconds = history.seconds[time] ?? 0
      if daysBefore <= 28 {
        flatHandled += handled
        flatSeconds += seconds
      }
      if daysBefore <= 56 {
        let slot = Slot(weekday: time.date.weekday, minute: time.minuteOfDay)
        slotHandled[slot, default: 0] += handled
        slotSeconds[slot, default: 0] += seconds
      }
    }
    guard flatHandled > 0, flatSeconds > 0 else { return [:] }
    let flat = flatSeconds / flatHandled
    var result: [LocalDateTime: Double] = [:]
    for target in targets {
      switch method {
      case .flat:
        result[target] = flat
      case .profile:
        let slot = Slot(weekday: target.date.weekday, minute: target.minuteOfDay)
        let handled = slotHandled[slot] ?? 0
        let seconds = slotSeconds[slot] ?? 0
        result[target] = (seconds + shrinkageContacts * flat) / (handled + shrinkageContacts)
      }
    }
    return result
  }

  /// Picks the method by the backtest described above, at up to `origins` weekly origins
  /// before `start`.
  public static func choose(_ history: History, start: LocalDate, origins: Int = 4) -> Choice? {
    var totals: [Method: Double] = [:]
    var used = 0
    for week in 1...max(1, origins) {
      let origin = start.adding(days: -7 * week)
      let after = history.handled.filter {
        $0.key.date >= origin && $0.key.date < origin.adding(days: 7) && $0.value > 0
      }
      let actualSeconds = after.keys.reduce(0) { $0 + (history.seconds[$1] ?? 0) }
      guard actualSeconds > 0 else { continue }
      var scores: [Method: Double] = [:]
      for method in Method.allCases {
        let predicted = forecast(history, method: method, origin: origin, targets: Array(after.keys))
        guard !predicted.isEmpty else { break }
        scores[method] =
          after.reduce(0) { sum, entry in
            let actual = (history.seconds[entry.key] ?? 0) / entry.value
            return sum + entry.value * abs((predicted[entry.key] ?? actual) - actual)
          } / actualSeconds
      }
      guard scores.count == Method.allCases.count else { continue }
      used += 1
      for (method, score) in scores { totals[method, default: 0] += score }
    }
    guard used > 0 else { return nil }
    let errors = totals.mapValues { $0 / Double(used) }
    let best = Method.allCases.min {
      (errors[$0]!, $0 == .flat ? 0 : 1) < (errors[$1]!, $1 == .flat ? 0 : 1)
    }!
    return Choice(method: best, errors: errors, origins: used)
  }

  struct Slot: Hashable {
    var weekday: Weekday
    var minute: Int
  }
}
