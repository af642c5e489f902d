import RotaCore

/// A forecast request for every channel of a history, with the open slots either given (a
/// scenario's opening hours) or inferred from the history.
public struct ForecastRun: Sendable {
  public var grid: TimeGrid
  public var method: any ForecastMethod
  /// Open slots per weekday (index 0 = Monday); nil to infer them from the history.
  public var open: [[Bool]]?
  /// Days to leave out of the forecast (closed holidays). The first open days after one are
  /// scaled by the history's `HolidayCatchUp`.
  public var holidays: Set<LocalDate>
  /// Named days, in the history and in the forecast period (``SpecialDayProfile``): left out
  /// of what the method learns, and forecast from the history's days of the same name or by
  /// their multiplier.
  public var specialDays: [LocalDate: SpecialDay]

  public init(
    grid: TimeGrid, method: any ForecastMethod, open: [[Bool]]? = nil, holidays: Set<LocalDate> = [],
    specialDays: [LocalDate: SpecialDay] = [:]
  ) {
    self.grid = grid
    self.method = method
    self.open = open
    self.holidays = holidays
    self.specialDays = specialDays
  }

  /// The open slots of a scenario's opening hours, per weekday.
  public static func openSlots(_ hours: OpeningHours, intervalMinutes: Int) -> [[Bool]] {
    Weekday.allCases.map { weekday in
      (0..<(1440 / intervalMinutes)).map { slot in
        (hours.ranges[weekday] ?? []).contains {
          $0.contains(minute: slot * intervalMinutes, length: intervalMinutes)
        }
      }
    }
  }

  /// The most days one forecast covers, and the most days its start may lie past the end of
  /// the history.
  public static let mostDays = 366

  /// Why `days` days from `start` cannot be forecast from `histories`, or nil when they can:
  /// at least one day of history before `start`, a start at most ``mostDays`` after the
  /// history ends, and 1 to ``mostDays`` days.
  public static func spanProblem(_ histories: [String: VolumeHistory], start: LocalDate, days: Int) -> String?
  {
    guard (1...mostDays).contains(days) else {
      return "the forecast must cover 1 to \(mostDays) days, not \(days)"
    }
    let dates = histories.values.flatMap { $0.volumes.keys.map(\.date) }
    guard let first = dates.min(), let last = dates.max() else { return "the history has no rows" }
    guard first < start else {
      return
        "the forecast starts \(start), but the history only begins \(first): there is nothing before it to forecast from"
    }
    guard last.days(to: start) <= mostDays else {
      return "the forecast starts \(start), more than \(mostDays) days after the history ends (\(last))"
    }
    return nil
  }

  /// A warning when the history before `start` is shorter than two weeks, which a weekly
  /// pattern needs to be seen at all; nil otherwise.
  public static func shortHistoryNote(_ histories: [String: VolumeHistory], start: LocalDate) -> String? {
    guard let first = histories.values.flatMap({ $0.volumes.keys.map(\.date) }).min() else { return nil }
    let days = first.days(to: start)
    guard days < 14 else { return nil }
    return "the forecast rests on \(days) day\(days == 1 ? "" : "s") of history: with less than two weeks, "
      + "each weekday's level and shape are guesses"
  }

  /// Forecasts for the `days` days from `start`, from the history before `start` only.
  public func forecast(_ histories: [String: VolumeHistory], start: LocalDate, days: Int) -> [ForecastPoint] {
    forecastWithNotes(histories, start: start, days: days).points
  }

  /// The forecast, with a note for each day the method put at almost nothing although its
  /// weekday has had contacts lately, forecast from those recent days instead.
  public func forecastWithNotes(_ histories: [String: VolumeHistory], start: LocalDate, days: Int) -> (
    points: [ForecastPoint], notes: [String]
  ) {
    var points: [ForecastPoint] = []
    var notes: [String] = []
    let targets = grid.intervals(from: start, through: start.adding(days: days - 1))
    for channel in histories.keys.sorted() {
      let full = SlotMatrix(history: histories[channel]!, intervalMinutes: grid.intervalMinutes, open: open)
      let origin = full.firstDate.days(to: start)
      let history = full.truncated(before: origin)
      let gap = origin - history.dayCount
      // The method learns from usual days only; named days come back below.
      let named = Set(
        specialDays.keys.map { history.firstDate.days(to: $0) }.filter { (0..<history.dayCount).contains($0) }
      )
      var usualDays = history
      for day in named { usualDays.values[day] = Array(repeating: nil, count: history.slotsPerDay) }
      let result = PredictionIntervals.forecast(
        method, usualDays, days: gap + days, calendar: !holidays.isEmpty)
      for day in result.replacedDays where day >= gap {
        let date = start.adding(days: day - gap)
        notes.append(
          "'\(channel)' \(date.weekday) \(date): \(method.name) forecast under a quarter of the last "
            + "\(date.weekday)s' level (its usable history for that day is too thin or was left out as "
            + "unusual); forecast from those recent \(date.weekday)s instead")
      }
      var profiles: [String: SpecialDayProfile?] = [:]
      func profile(_ name: String) -> SpecialDayProfile? {
        if let known = profiles[name] { return known }
        let days = named.filter { specialDays[history.firstDate.adding(days: $0)]?.name == name }.sorted()
        let made = SpecialDayProfile(history: history, days: days, special: named)
        profiles[name] = made
        return made
      }
      // Per target day, what a named day's usual forecast is multiplied by, slot by slot.
      var scaling: [Int: [Double?]] = [:]
      for offset in 0..<days {
        let date = start.adding(days: offset)
        guard let special = specialDays[date] else { continue }
        let usual = result.points[gap + offset]
        if let multiplier = special.multiplier {
          scaling[offset] = usual.map { $0.map { _ in multiplier } }
        } else if let profile = profile(special.name) {
          scaling[offset] = zip(usual, profile.apply(to: usual)).map { value, adjusted in
            guard let value, let adjusted else { return nil }
            return value > 1e-9 ? adjusted / value : nil
          }
        }
      }
      let catchUp = holidays.isEmpty ? nil : HolidayCatchUp(history: history)
      let opens = full.open.map { $0.contains(true) }
      /// Which open day after a holiday `date` is (1 the first), among the first
      /// `HolidayCatchUp.days`; nil when none of the days the team opens on their weekday in
      /// that stretch before it is a holiday.
      func openDaysAfterHoliday(_ date: LocalDate) -> Int? {
        var openDays = 0
        for back in 1...(7 * HolidayCatchUp.days) {
          let previous = date.adding(days: -back)
          guard opens[previous.weekday.rawValue - 1] else { continue }
          if holidays.contains(previous) { return openDays + 1 }
          openDays += 1
          if openDays == HolidayCatchUp.days { return nil }
        }
        return nil
      }
      for interval in targets where !holidays.contains(interval.start.date) {
        let day = gap + start.days(to: interval.start.date)
        let slot = interval.start.minuteOfDay / grid.intervalMinutes
        guard day >= 0, let mean = result.points[day][slot], let bounds = result.bounds[day][slot] else {
          continue
        }
        var scale = 1.0
        if let catchUp, let after = openDaysAfterHoliday(interval.start.date) {
          scale = catchUp.factor(openDaysAfter: after)
        }
        if let factors = scaling[start.days(to: interval.start.date)], let factor = factors[slot] {
          scale *= factor
        }
        points.append(
          ForecastPoint(
            interval: interval, channel: channel, mean: mean * scale, lo80: bounds.lo80 * scale,
            hi80: bounds.hi80 * scale, lo95: bounds.lo95 * scale, hi95: bounds.hi95 * scale))
      }
    }
    return (points, notes)
  }
}
