/// A day of the week, numbered the ISO way (Monday = 1 … Sunday = 7).
public enum Weekday: Int, Sendable, CaseIterable, Comparable, Codable, CustomStringConvertible {
  case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

  /// Accepts full English names and three-letter abbreviations, in any case.
  public init?(name: String) {
    let key = name.lowercased()
    guard let day = Weekday.allCases.first(where: { $0.name == key || $0.shortName == key }) else {
      return nil
    }
    self = day
  }

  /// Lower-case English name, as the scenario writes it.
  public var name: String {
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][rawValue - 1]
  }
  public var shortName: String { String(name.prefix(3)) }
  public var description: String { name.prefix(1).uppercased() + name.dropFirst() }
  public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A calendar date in the proleptic Gregorian calendar, with no time zone.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Returns nil when the fields do not name a real date.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year),
      (1...9999).contains(year)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// The date `daysSinceEpoch` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
  public init(daysSinceEpoch days: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    day = dayOfYear - (153 * mp + 2) / 5 + 1
    month = mp < 10 ? mp + 3 : mp - 9
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  }

  /// Parses `YYYY-MM-DD`.
  public init?(iso text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
  public var daysSinceEpoch: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  public var weekday: Weekday {
    // 1970-01-01 was a Thursday.
    let index = ((daysSinceEpoch % 7) + 7 + 3) % 7
    return Weekday(rawValue: index + 1)!
  }

  public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

  /// Whole days from `self` to `other`.
  public func days(to other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

  public var description: String {
    "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}

/// A wall-clock time of day in minutes after midnight (0…1440; 1440 is the end of the day).
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let minutes: Int

  public init?(minutes: Int) {
    guard (0...1440).contains(minutes) else { return nil }
    self.minutes = minutes
  }

  /// Parses `HH:MM` or `HH:MM:SS` (seconds must be zero); `24:00` is the end of the day.
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 }),
      let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...59).contains(minutes),
      parts.count == 2 || Int(parts[2]) == 0
    else { return nil }
    self.init(minutes: hours * 60 + minutes)
  }

  public var description: String { "\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2))" }
  public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}

/// A local wall-clock date and time to the minute, as written in Rota's files
/// (`2026-12-07T07:30:00`, ISO 8601 without offset).
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let date: LocalDate
  /// Minutes after midnight, 0…1439.
  public let minuteOfDay: Int

  public init(date: LocalDate, minuteOfDay: Int) {
    precondition((0..<1440).contains(minuteOfDay), "minute of day out of range")
    self.date = date
    self.minuteOfDay = minuteOfDay
  }

  /// Parses `YYYY-MM-DDTHH:MM[:SS]` (a space may stand for the `T`; seconds must be zero).
  public init?(iso text: some StringProtocol) {
    let trimmed = text.trimmingWhitespace()
    guard trimmed.count >= 16 else { return nil }
    let dateEnd = trimmed.index(trimmed.startIndex, offsetBy: 10)
    guard trimmed[dateEnd] == "T" || trimmed[dateEnd] == " ",
      let date = LocalDate(iso: trimmed[..<dateEnd]),
      let time = TimeOfDay(trimmed[trimmed.index(after: dateEnd)...]), time.minutes < 1440
    else { return nil }
    self.init(date: date, minuteOfDay: time.minutes)
  }

  public var timeOfDay: TimeOfDay { TimeOfDay(minutes: minuteOfDay)! }

  /// Minutes since 1970-01-01T00:00 on a clock with no daylight-saving changes.
  public var civilMinutes: Int { date.daysSinceEpoch * 1440 + minuteOfDay }

  public init(civilMinutes: Int) {
    let days = civilMinutes >= 0 ? civilMinutes / 1440 : (civilMinutes - 1439) / 1440
    self.init(date: LocalDate(daysSinceEpoch: days), minuteOfDay: civilMinutes - days * 1440)
  }

  public var description: String { "\(date)T\(timeOfDay):00" }

  public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
    (lhs.date, lhs.minuteOfDay) < (rhs.date, rhs.minuteOfDay)
  }
}

func pad(_ value: Int, _ width: Int) -> String {
  let digits = String(value)
  return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

extension StringProtocol {
  /// The text without leading and trailing spaces and tabs.
  public func trimmingWhitespace() -> Substring {
    let text = self[...]
    guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
    let last = text.lastIndex(where: { $0 != " " && $0 != "\t" })!
    return Substring(text[first...last])
  }
}
