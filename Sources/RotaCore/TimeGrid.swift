import Foundation

/// One interval of the planning grid: a local wall-clock start and its real length.
public struct GridInterval: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Wall-clock start, as written in Rota's files.
  public let start: LocalDateTime
  /// The instant the interval starts, in seconds since 1970-01-01T00:00:00Z.
  public let instant: Int
  /// Real length in minutes.
  public let minutes: Int
  /// 0, or 1 for the second pass through a wall-clock hour repeated when clocks go back.
  public let repeatedHour: Int

  public var description: String { start.description }

  public static func < (lhs: GridInterval, rhs: GridInterval) -> Bool { lhs.instant < rhs.instant }
}

/// The planning grid of a team: fixed-length intervals in the team's time zone.
///
/// A day is the real time between two local midnights, so a day on which clocks go forward
/// has one hour fewer intervals (a 23-hour day) and a day on which they go back has one hour
/// more (a 25-hour day), the repeated wall-clock hour appearing twice in order.
public struct TimeGrid: Sendable {
  public let timeZone: TimeZone
  /// Interval length in minutes: 15, 30 or 60.
  public let intervalMinutes: Int

  public static let allowedIntervalMinutes = [15, 30, 60]

  public init?(timeZone: TimeZone, intervalMinutes: Int) {
    guard TimeGrid.allowedIntervalMinutes.contains(intervalMinutes) else { return nil }
    self.timeZone = timeZone
    self.intervalMinutes = intervalMinutes
  }

  /// The intervals of one local day, in time order.
  public func intervals(on date: LocalDate) -> [GridInterval] {
    let dayStart = firstInstant(on: date)
    let dayEnd = firstInstant(on: date.adding(days: 1))
    var result: [GridInterval] = []
    var seen: Set<LocalDateTime> = []
    var instant = dayStart
    let step = intervalMinutes * 60
    while instant < dayEnd {
      let start = localDateTime(at: instant)
      let repeated = seen.insert(start).inserted ? 0 : 1
      let minutes = (min(instant + step, dayEnd) - instant) / 60
      result.append(GridInterval(start: start, instant: instant, minutes: minutes, repeatedHour: repeated))
      instant += step
    }
    return result
  }

  /// The intervals from the start of `first` to the end of `last`.
  public func intervals(from first: LocalDate, through last: LocalDate) -> [GridInterval] {
    guard first <= last else { return [] }
    return (0...first.days(to: last)).flatMap { intervals(on: first.adding(days: $0)) }
  }

  /// The wall-clock time at an instant (seconds since the Unix epoch).
  public func localDateTime(at instant: Int) -> LocalDateTime {
    let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
    let local = instant + offset
    let minutes = local >= 0 ? local / 60 : (local - 59) / 60
    return LocalDateTime(civilMinutes: minutes)
  }

  /// The seconds from the start of `first` to the end of `last` (midnight to midnight, so a
  /// week across a clock change is an hour longer or shorter): the length of a period that
  /// repeats. Days of 86,400 s where a midnight does not exist.
  public func seconds(from first: LocalDate, through last: LocalDate) -> Int {
    let after = last.adding(days: 1)
    guard let start = instant(of: LocalDateTime(date: first, minuteOfDay: 0)),
      let end = instant(of: LocalDateTime(date: after, minuteOfDay: 0))
    else { return first.days(to: after) * 86_400 }
    return end - start
  }

  /// The instant of a wall-clock time: nil when clocks skip it; the first of the two when
  /// clocks pass it twice.
  public func instant(of local: LocalDateTime) -> Int? {
    let naive = local.civilMinutes * 60
    let offsets = Set(
      [-86_400, 0, 86_400].map {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive + $0)))
      })
    let candidates = offsets.map { naive - $0 }.filter { localDateTime(at: $0) == local }
    return candidates.min()
  }

  /// Whether clocks pass the wall-clock time `local` twice (the hour they go back).
  public func passesTwice(_ local: LocalDateTime) -> Bool {
    instant(of: local).map { localDateTime(at: $0 + 3600) == local } ?? false
  }

  /// Real minutes from `start` to `end` on `date` (wall-clock minutes after its midnight;
  /// from 1440 on, the next date's): 60 fewer than on the clock across the night clocks go
  /// forward, 60 more when they go back. Nil when either time does not exist that night.
  public func elapsedMinutes(on date: LocalDate, from start: Int, to end: Int) -> Int? {
    func local(_ minute: Int) -> LocalDateTime {
      LocalDateTime(date: date.adding(days: minute / 1440), minuteOfDay: minute % 1440)
    }
    guard start >= 0, end >= start, let first = instant(of: local(start)), let last = instant(of: local(end))
    else { return nil }
    return (last - first) / 60
  }

  /// The first instant of a local day (local midnight, or the first instant after it when
  /// clocks skip midnight).
  func firstInstant(on date: LocalDate) -> Int {
    let midnight = LocalDateTime(date: date, minuteOfDay: 0)
    if let instant = instant(of: midnight) { return instant }
    var minute = 0
    while minute < 1440 {
      minute += 15
      if let instant = instant(of: LocalDateTime(date: date, minuteOfDay: minute)) {
        return instant
      }
    }
    return date.daysSinceEpoch * 86_400
  }
}
