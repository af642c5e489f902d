import RotaCore

/// How an export's cells are read: its times, by pattern or named format, and its durations.
extension IntervalExportReader {
  static func example(_ format: IntervalExportLayout.TimeFormat) -> String {
    switch format {
    case .iso: "like 2026-12-07 08:30 or 2026-12-07T08:30:00+01:00"
    case .monthFirst: "month first, like 12/07/2026 08:30 or 12-07-2026 8:30 AM"
    case .dayFirst: "day first, like 07/12/2026 08:30 or 07-12-2026 08:30"
    }
  }

  /// Wall-clock time in the grid's zone of a report's interval start, by the layout's
  /// pattern or its named format.
  static func localTime(_ text: String, layout: IntervalExportLayout, grid: TimeGrid) -> LocalDateTime? {
    guard let pattern = layout.timePattern else {
      return localTime(text, format: layout.timeFormat, grid: grid)
    }
    guard let (local, offset) = pattern.read(text) else { return nil }
    guard let offset else { return local }
    return grid.localDateTime(at: local.civilMinutes * 60 - offset * 60)
  }

  /// Wall-clock time in the grid's zone of a report's interval start.
  static func localTime(_ text: String, format: IntervalExportLayout.TimeFormat, grid: TimeGrid)
    -> LocalDateTime?
  {
    guard format != .iso else { return TicketLogReader.localTime(text, grid: grid) }
    // "12/07/2026 8:30[:00][ AM|PM][ +01:00]"
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    guard parts.count >= 2, parts.count <= 4 else { return nil }
    // Slashes, dashes or dots, one kind throughout: 12/07/2026, 07-12-2026, 07.12.2026.
    guard let separator = parts[0].first(where: { $0 == "/" || $0 == "-" || $0 == "." }) else { return nil }
    let dateParts = parts[0].split(separator: separator, omittingEmptySubsequences: false)
    guard dateParts.count == 3, dateParts[2].count == 4, let year = Int(dateParts[2]),
      let first = Int(dateParts[0]), let second = Int(dateParts[1])
    else { return nil }
    let (month, day) = format == .monthFirst ? (first, second) : (second, first)
    guard let date = LocalDate(year: year, month: month, day: day) else { return nil }
    let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
    guard clock.count == 2 || clock.count == 3, let hourValue = Int(clock[0]), let minute = Int(clock[1]),
      clock[1].count == 2, (0..<60).contains(minute), clock.count == 2 || Int(clock[2]) != nil
    else { return nil }
    var hour = hourValue
    var rest = parts.dropFirst(2)
    if let meridiem = rest.first?.uppercased(), meridiem == "AM" || meridiem == "PM" {
      guard (1...12).contains(hour) else { return nil }
      hour = hour % 12 + (meridiem == "PM" ? 12 : 0)
      rest = rest.dropFirst()
    }
    guard (0..<24).contains(hour) else { return nil }
    let local = LocalDateTime(date: date, minuteOfDay: hour * 60 + minute)
    guard let offset = rest.first else { return rest.isEmpty ? local : nil }
    // An offset: read the same way ISO times are.
    return TicketLogReader.localTime("\(local)\(offset)", grid: grid)
  }

  /// Seconds in `"315"`, `"315.5"`, `"5:15"` (minutes and seconds) or `"1:05:15"`.
  /// Only digits and a decimal point: a sign (`-0:05:00`, whose `-0` reads as 0) is refused.
  static func durationSeconds(_ text: Substring) -> Double? {
    guard !text.isEmpty, text.utf8.allSatisfy({ (48...58).contains($0) || $0 == UInt8(ascii: ".") }) else {
      return nil
    }
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    switch parts.count {
    case 1:
      guard let value = Double(parts[0]), value.isFinite, value >= 0 else { return nil }
      return value
    case 2, 3:
      let values = parts.compactMap { Double($0) }
      guard values.count == parts.count, parts.dropFirst().allSatisfy({ $0.count == 2 }),
        values.allSatisfy({ $0 >= 0 && $0.isFinite }), values.dropFirst().allSatisfy({ $0 < 60 })
      else { return nil }
      return values.reduce(0) { $0 * 60 + $1 }
    default:
      return nil
    }
  }
}
