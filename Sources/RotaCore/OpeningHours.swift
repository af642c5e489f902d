/// A span of wall-clock time within one day, `[open, close)`.
public struct TimeRange: Sendable, Hashable, CustomStringConvertible {
  public let open: TimeOfDay
  public let close: TimeOfDay

  public init?(open: TimeOfDay, close: TimeOfDay) {
    guard open < close else { return nil }
    self.open = open
    self.close = close
  }

  /// Whether the minutes `[start, start + length)` lie inside the range.
  public func contains(minute start: Int, length: Int) -> Bool {
    start >= open.minutes && start + length <= close.minutes
  }

  public var description: String { "\(open)-\(close)" }
}

/// When a team is open: wall-clock ranges per weekday, and closed holidays.
public struct OpeningHours: Sendable, Hashable {
  public var ranges: [Weekday: [TimeRange]]
  public var holidays: Set<LocalDate>

  public init(ranges: [Weekday: [TimeRange]], holidays: Set<LocalDate> = []) {
    self.ranges = ranges
    self.holidays = holidays
  }

  /// Whether the team is open on `date` at all.
  public func isOpen(on date: LocalDate) -> Bool {
    !holidays.contains(date) && !(ranges[date.weekday] ?? []).isEmpty
  }

  /// Whether a whole interval of the grid lies inside the opening hours, judged by its
  /// wall-clock start and nominal length.
  public func isOpen(_ interval: GridInterval, intervalMinutes: Int) -> Bool {
    isOpen(at: interval.start, minutes: intervalMinutes)
  }

  /// Whether the `minutes` from the wall-clock time `start` lie inside the opening hours (not
  /// on a holiday).
  public func isOpen(at start: LocalDateTime, minutes: Int) -> Bool {
    guard !holidays.contains(start.date) else { return false }
    return (ranges[start.date.weekday] ?? []).contains {
      $0.contains(minute: start.minuteOfDay, length: minutes)
    }
  }

  /// The open intervals of the grid from `first` through `last`.
  public func openIntervals(of grid: TimeGrid, from first: LocalDate, through last: LocalDate)
    -> [GridInterval]
  {
    grid.intervals(from: first, through: last).filter {
      isOpen($0, intervalMinutes: grid.intervalMinutes)
    }
  }
}
