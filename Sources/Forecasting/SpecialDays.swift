import RotaCore

/// A day that does not follow its weekday's pattern: a holiday the team works, a sale, an
/// event. Days of the same name are alike (every Christmas Eve, every Black Friday).
public struct SpecialDay: Sendable, Hashable {
  /// What the planner calls it; history days of the same name teach the forecast.
  public var name: String
  /// Contacts as a multiple of a usual day of that weekday, when the planner gives it: it
  /// then replaces what the history's days of the name show.
  public var multiplier: Double?

  public init(name: String, multiplier: Double? = nil) {
    self.name = name
    self.multiplier = multiplier
  }

  /// The most a multiplier may be: ten times a usual day.
  public static let largestMultiplier = 10.0
}

/// How a special day in the forecast period is forecast: each of the history's days of its
/// name is measured against a usual day of its weekday around it (the median total of the same
/// weekday in the four weeks either side, special days left out), which gives a level (the mean
/// of those ratios) and a shape over the day (the mean share of each slot); the forecast is
/// the day's usual forecast total × that level, spread by that shape over the slots open that
/// day. A multiplier, when given, scales the usual forecast instead. This is the
/// "special days apart from the seasonal pattern" treatment of Gans, Koole & Mandelbaum (2003,
/// §4), with the history's own days of the same name as the analogue.
struct SpecialDayProfile {
  var level: Double
  /// Per slot of the day, its share of the day's contacts (summing to 1 over the slots seen).
  var shape: [Double]
  /// The history's days it was learned from.
  var days: Int

  /// The profile of the history days `days` (indices into `history`), or nil when none of
  /// them has a usual day to compare with.
  init?(history: SlotMatrix, days: [Int], special: Set<Int>) {
    let totals = history.dayTotals
    var ratios: [Double] = []
    var shape = Array(repeating: 0.0, count: history.slotsPerDay)
    for day in days {
      guard let total = totals[day], total > 0,
        let usual = usualTotal(totals, aroundDay: day, weeks: 4, excluding: special)
      else { continue }
      ratios.append(total / usual)
      for (slot, value) in history.values[day].enumerated() { shape[slot] += (value ?? 0) / total }
    }
    guard !ratios.isEmpty else { return nil }
    self.level = ratios.reduce(0, +) / Double(ratios.count)
    self.shape = shape.map { $0 / Double(ratios.count) }
    self.days = ratios.count
  }

  /// The day's forecast: `usual` (the forecast of a usual day, nil where closed) rescaled.
  /// Slots the shape never saw get none; when the open slots hold none of the shape (the day
  /// opens at other hours than its namesakes did), the usual shape is kept at the new level.
  func apply(to usual: [Double?]) -> [Double?] {
    let usualTotal = usual.reduce(0) { $0 + ($1 ?? 0) }
    let openShare = zip(usual, shape).reduce(0) { $0 + ($1.0 == nil ? 0 : $1.1) }
    guard openShare > 1e-12 else { return usual.map { $0.map { $0 * level } } }
    return zip(usual, shape).map { value, share in
      value.map { _ in level * usualTotal * share / openShare }
    }
  }
}

extension ForecastRun {
  /// Warnings about special days for a forecast of `days` days from `start`: a special day
  /// of the period that neither the history (no day of its name before `start`) nor a
  /// multiplier says anything about, and a day of the period that falls a year (52 weeks, or
  /// the same date) after a history day with far more or fewer contacts than its weekday's
  /// usual (30% and more either way) while the scenario names neither.
  public func specialDayNotes(_ histories: [String: VolumeHistory], start: LocalDate, days: Int) -> [String] {
    let period = (0..<days).map { start.adding(days: $0) }
    var notes: [String] = []
    let historyDates = Set(histories.values.flatMap { $0.volumes.keys.map(\.date) }.filter { $0 < start })
    for date in period {
      guard let special = specialDays[date], special.multiplier == nil else { continue }
      let seen = specialDays.contains {
        $0.key < start && $0.value.name == special.name && historyDates.contains($0.key)
      }
      if !seen {
        notes.append(
          "\(date) is named '\(special.name)', but the history has no day of that name and no multiplier is "
            + "given: it is forecast as a usual \(date.weekday.name)")
      }
    }
    var flagged: [LocalDate: (date: LocalDate, ratio: Double, channel: String)] = [:]
    for channel in histories.keys.sorted() {
      let matrix = SlotMatrix(history: histories[channel]!, intervalMinutes: grid.intervalMinutes, open: open)
      for (day, ratio, _) in matrix.unusualDays() {
        let date = matrix.firstDate.adding(days: day)
        guard date < start, specialDays[date] == nil, !holidays.contains(date) else { continue }
        // Only a day far from its weekday's usual is worth a warning a year on.
        guard ratio >= 1.3 || ratio <= 0.7 else { continue }
        let sameDate = LocalDate(year: date.year + 1, month: date.month, day: date.day)
        // The same weekday 52 weeks on, else the same date, if the team opens then.
        guard
          let later = [date.adding(days: 364), sameDate].compactMap({ $0 }).first(where: {
            period.contains($0) && matrix.open[$0.weekday.rawValue - 1].contains(true)
          }), specialDays[later] == nil, !holidays.contains(later)
        else { continue }
        if let known = flagged[later], abs(known.ratio - 1) >= abs(ratio - 1) { continue }
        flagged[later] = (date, ratio, channel)
      }
    }
    for (later, seen) in flagged.sorted(by: { $0.key < $1.key }) {
      notes.append(
        "\(later) falls a year after \(seen.date), which had \(seen.ratio.formatted(maxDecimals: 2))× the "
          + "\(seen.channel) contacts of a usual \(seen.date.weekday.name): if both are special, name them under "
          + "special_days so that \(later) is forecast from it")
    }
    return notes
  }
}

extension SlotMatrix {
  /// The days ``withoutUnusualDays(tolerance:weeks:)`` leaves out, each with its total over
  /// the usual total of its weekday around it, and how far that ratio is from the rest of its
  /// week's (`|ratio / usual − 1|`).
  func unusualDays(tolerance: Double = 0.12, weeks: Int = 4) -> [(day: Int, ratio: Double, deviation: Double)]
  {
    let totals = dayTotals
    let levels = totals.indices.map { usualTotal(totals, aroundDay: $0, weeks: weeks) }
    let ratios: [Double?] = totals.indices.map { day in
      guard let total = totals[day] else { return nil }
      return levels[day].map { total / $0 } ?? 1
    }
    var unusual: [(day: Int, ratio: Double, deviation: Double)] = []
    for day in totals.indices {
      guard let total = totals[day], let ratio = ratios[day] else { continue }
      let monday = day - weekdayIndex(ofDay: day)
      let week = (monday..<(monday + 7)).filter { $0 != day && $0 >= 0 && $0 < ratios.count }
      let usual = median(week.compactMap { ratios[$0] }) ?? 1
      // Poisson noise of the count the day was expected to have, not of the count it had: a
      // day with no contacts where 1,500 were usual is an outage, not noise.
      let expected = levels[day].map { $0 * usual } ?? total
      let allowed = max(tolerance, 4 / max(expected, 1).squareRoot())
      let deviation = abs(ratio / usual - 1)
      if deviation > allowed { unusual.append((day, ratio, deviation)) }
    }
    return unusual
  }
}
