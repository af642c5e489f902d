import RotaCore

/// A strftime-style pattern an export's times are read by, for the layouts the named formats
/// do not cover: `%y%m%d %H:%M:%S` (`990101 0:00:31`), `%d-%m-%Y %H:%M`, `%a %b %d %H:%M:%S %z %Y`.
///
/// Directives: `%Y` four-digit year, `%y` two-digit year (69–99 are 19xx, 00–68 are 20xx, as
/// POSIX `strptime` reads them), `%m` month, `%d` day, `%H` hour 0–23, `%I` hour 1–12 with `%p`
/// (`AM`/`PM`), `%M` minute, `%S` seconds (read and dropped; a fraction may follow), `%b` an
/// English month name or its first three letters, `%a` a weekday name (checked against the
/// date), `%z` a UTC offset (`+0100`, `+01:00`, `Z`), `%%` a percent sign. Numbers may be written
/// without their leading zero when a non-digit follows them (`0:00:31`). A space matches one or
/// more spaces; any other character matches itself.
public struct TimePattern: Sendable, Hashable, CustomStringConvertible {
  enum Piece: Hashable {
    case year4, year2, month, day, hour24, hour12, meridiem, minute, second, monthName, weekdayName, offset
    case space
    case literal(Character)
  }

  let pieces: [Piece]
  public let description: String

  /// Nil when the pattern has an unknown directive, lacks a date or a time, or says one
  /// thing twice.
  public init?(_ pattern: String) {
    var pieces: [Piece] = []
    var characters = pattern.makeIterator()
    while let character = characters.next() {
      if character == " " {
        if pieces.last != .space { pieces.append(.space) }
        continue
      }
      guard character == "%" else {
        pieces.append(.literal(character))
        continue
      }
      switch characters.next() {
      case "Y": pieces.append(.year4)
      case "y": pieces.append(.year2)
      case "m": pieces.append(.month)
      case "d": pieces.append(.day)
      case "H": pieces.append(.hour24)
      case "I": pieces.append(.hour12)
      case "p": pieces.append(.meridiem)
      case "M": pieces.append(.minute)
      case "S": pieces.append(.second)
      case "b": pieces.append(.monthName)
      case "a": pieces.append(.weekdayName)
      case "z": pieces.append(.offset)
      case "%": pieces.append(.literal("%"))
      default: return nil
      }
    }
    let directives = pieces.filter {
      if case .literal = $0 { return false }
      return $0 != .space
    }
    guard Set(directives).count == directives.count,
      directives.contains(.year4) != directives.contains(.year2),
      directives.contains(.month) != directives.contains(.monthName),
      directives.contains(.day), directives.contains(.minute),
      directives.contains(.hour24) != directives.contains(.hour12),
      directives.contains(.hour12) == directives.contains(.meridiem)
    else { return nil }
    self.pieces = pieces
    description = pattern
  }

  static let monthNames = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
  ]

  /// The wall-clock time `text` writes and the UTC offset it gives, in minutes, if any; nil
  /// when it does not follow the pattern or names a date that does not exist.
  public func read(_ text: some StringProtocol) -> (time: LocalDateTime, offsetMinutes: Int?)? {
    let scalars = Array(text.unicodeScalars)
    var index = 0
    func number(most: Int) -> Int? {
      var value = 0
      var digits = 0
      while digits < most, index < scalars.count,
        let digit = scalars[index].properties.numericType == .decimal
          ? Int(String(scalars[index])) : nil
      {
        value = value * 10 + digit
        digits += 1
        index += 1
      }
      return digits > 0 ? value : nil
    }
    func word() -> String {
      var letters = ""
      while index < scalars.count, scalars[index].properties.isAlphabetic {
        letters.unicodeScalars.append(scalars[index])
        index += 1
      }
      return letters.lowercased()
    }
    var year: Int?
    var month: Int?
    var day: Int?
    var hour: Int?
    var minute: Int?
    var meridiem: String?
    var weekday: String?
    var offset: Int?
    for piece in pieces {
      switch piece {
      case .year4: year = number(most: 4)
      case .year2: year = number(most: 2).map { $0 >= 69 ? 1900 + $0 : 2000 + $0 }
      case .month: month = number(most: 2)
      case .day: day = number(most: 2)
      case .hour24, .hour12: hour = number(most: 2)
      case .minute:
        guard let value = number(most: 2) else { return nil }
        minute = value
      case .second:
        guard number(most: 2) != nil else { return nil }
        if index < scalars.count, scalars[index] == "." {
          index += 1
          while index < scalars.count, scalars[index].properties.numericType == .decimal { index += 1 }
        }
      case .meridiem:
        meridiem = word()
      case .monthName:
        let name = word()
        guard name.count >= 3, let found = Self.monthNames.firstIndex(where: { $0.hasPrefix(name) }),
          name.count == 3 || name == Self.monthNames[found]
        else { return nil }
        month = found + 1
      case .weekdayName:
        weekday = word()
      case .offset:
        guard index < scalars.count else { return nil }
        if scalars[index] == "Z" {
          index += 1
          offset = 0
          continue
        }
        guard scalars[index] == "+" || scalars[index] == "-" else { return nil }
        let sign = scalars[index] == "-" ? -1 : 1
        index += 1
        guard let hours = number(most: 2) else { return nil }
        if index < scalars.count, scalars[index] == ":" { index += 1 }
        guard let minutes = number(most: 2), hours <= 14, minutes < 60 else { return nil }
        offset = sign * (hours * 60 + minutes)
      case .space:
        guard index < scalars.count, scalars[index] == " " else { return nil }
        while index < scalars.count, scalars[index] == " " { index += 1 }
      case .literal(let character):
        for scalar in character.unicodeScalars {
          guard index < scalars.count, scalars[index] == scalar else { return nil }
          index += 1
        }
      }
    }
    guard index == scalars.count, let year, let month, let day, var hour, let minute, minute < 60,
      let date = LocalDate(year: year, month: month, day: day)
    else { return nil }
    if let meridiem {
      guard meridiem == "am" || meridiem == "pm", (1...12).contains(hour) else { return nil }
      hour = hour % 12 + (meridiem == "pm" ? 12 : 0)
    }
    guard (0..<24).contains(hour) else { return nil }
    if let weekday {
      guard weekday.count >= 3, date.weekday.name.hasPrefix(weekday) else { return nil }
    }
    return (LocalDateTime(date: date, minuteOfDay: hour * 60 + minute), offset)
  }
}
