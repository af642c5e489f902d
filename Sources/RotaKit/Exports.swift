import Foundation
import RotaCore
import Scheduling

/// Rosters for HR and for people's calendars.
public enum RosterExport {
  /// Per employee: shifts, paid hours, the contract's weekly hours and the overtime beyond
  /// them. Spreadsheet-safe.
  public static func hoursCSV(_ roster: Roster, contracts: [Contract]) -> String {
    var writer = CSVWriter(
      header: [
        "employee_id", "employee_name", "contract", "shifts", "paid_hours", "contract_hours",
        "overtime_hours",
      ])
    let byEmployee = Dictionary(grouping: roster.assignments, by: \.employeeID)
    let contractsByName = Dictionary(contracts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for employee in roster.employees {
      let shifts = byEmployee[employee.id] ?? []
      let minutes = shifts.reduce(0) { $0 + $1.shift.paidMinutes }
      let limit = contractsByName[employee.contract]?.maxMinutesPerWeek ?? 0
      writer.append([
        employee.id, employee.name, employee.contract, String(shifts.count),
        (Double(minutes) / 60).formatted(maxDecimals: 2),
        (Double(limit) / 60).formatted(maxDecimals: 2),
        (Double(max(0, minutes - limit)) / 60).formatted(maxDecimals: 2),
      ])
    }
    return writer.text
  }

  /// A CSV as Excel on Windows reads UTF-8 ("Gráinne", not "GrÃ¡inne"): a byte-order mark
  /// first and CRLF line ends. Line breaks inside quoted cells stay as they are.
  public static func forExcel(_ csv: String) -> String {
    var result = String.UnicodeScalarView()
    result.append("\u{FEFF}")
    var quoted = false
    for scalar in csv.unicodeScalars {
      if scalar == "\"" { quoted.toggle() }
      if scalar == "\n" && !quoted { result.append("\r") }
      result.append(scalar)
    }
    return String(result)
  }

  /// `minutes` after `date`'s midnight (from 1440 on, the next date's) as an ISO 8601 time with
  /// the offset in force then, so that a time in the hour clocks pass twice is unambiguous;
  /// `after`, when given, is an earlier instant the time must not precede (a shift's start,
  /// for its end). Nil for a time the clocks skip.
  static func instantText(_ date: LocalDate, _ minutes: Int, grid: TimeGrid, after: Int? = nil) -> (
    text: String, instant: Int
  )? {
    let local = LocalDateTime(date: date.adding(days: minutes / 1440), minuteOfDay: minutes % 1440)
    guard var instant = grid.instant(of: local) else { return nil }
    if let after, instant < after, grid.localDateTime(at: instant + 3600) == local { instant += 3600 }
    let offset = grid.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))) / 60
    let sign = offset < 0 ? "-" : "+"
    let text = String(format: "%@%@%02d:%02d", local.description, sign, abs(offset) / 60, abs(offset) % 60)
    return (text, instant)
  }

  /// The roster as JSON: employees with their shifts and breaks; with `grid`, its time zone
  /// and each shift's start and end with their UTC offsets (`start_at`, `end_at`).
  public static func json(_ roster: Roster, grid: TimeGrid? = nil) -> JSONValue {
    let byEmployee = Dictionary(grouping: roster.assignments, by: \.employeeID)
    func instants(_ shift: Shift) -> [String: JSONValue] {
      guard let grid, let start = instantText(shift.date, shift.start, grid: grid),
        let end = instantText(shift.date, shift.end, grid: grid, after: start.instant)
      else { return [:] }
      return ["start_at": .string(start.text), "end_at": .string(end.text)]
    }
    var top: [String: JSONValue] = [:]
    if let grid { top["time_zone"] = .string(grid.timeZone.identifier) }
    top["employees"] = .array(
      roster.employees.map { employee in
        .object([
          "id": .string(employee.id), "name": .string(employee.name),
          "contract": .string(employee.contract),
          "shifts": .array(
            (byEmployee[employee.id] ?? []).map(\.shift).sorted().map { shift in
              .object(
                instants(shift).merging([
                  "date": .string(shift.date.description), "shift": .string(shift.template),
                  "channel": .string(shift.channel), "start": .string(Formats.clock(shift.start)),
                  "end": .string(Formats.clock(shift.end)),
                  "paid_hours": .number(Double(shift.paidMinutes) / 60, decimals: 2),
                  "breaks": .array(
                    shift.breaks.map {
                      .object([
                        "start": .string(Formats.clock($0.start)), "end": .string(Formats.clock($0.end)),
                        "paid": .bool($0.paid),
                      ])
                    }),
                ]) { _, new in new })
            }),
        ])
      })
    return .object(top)
  }
}

/// iCalendar (RFC 5545) for rosters: one VEVENT per shift, published (`METHOD:PUBLISH`) with a
/// UID per employee and day, local times with a TZID and a VTIMEZONE built from the zone's
/// real transitions in the roster's year, lines folded at 75 octets, text escaped. Byte for
/// byte the same for the same roster.
public enum ICalendar {
  /// A calendar file name per employee id, safe to put in one folder: letters, digits, `-`,
  /// `_` and inner dots kept, anything else (`/`, `..`, spaces) made `_`, at most 100
  /// characters, and names that then clash (also by case, for case-blind file systems) told
  /// apart by `-2`, `-3`, … in the order given.
  public static func fileNames(for ids: [String]) -> [String] {
    var taken: Set<String> = []
    return ids.map { id in
      var stem = String(
        id.unicodeScalars.map { scalar -> Character in
          scalar.isASCII
            && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
            ? Character(scalar) : "_"
        }
        .prefix(100))
      while stem.hasPrefix(".") { stem = "_" + stem.dropFirst() }
      if stem.isEmpty { stem = "employee" }
      var name = stem
      var suffix = 2
      while taken.contains(name.lowercased()) {
        name = "\(stem)-\(suffix)"
        suffix += 1
      }
      taken.insert(name.lowercased())
      return name + ".ics"
    }
  }

  /// One calendar holding the shifts of `employees` (all when nil); with `versions`, a
  /// published roster's: each event's SEQUENCE, the earlier versions' removed shifts as
  /// cancelled events, and the publication's time as DTSTAMP.
  public static func ics(
    _ roster: Roster, grid: TimeGrid, employees: Set<String>? = nil, name: String,
    versions: CalendarVersions? = nil
  ) -> String {
    let names = Dictionary(roster.employees.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    let shifts = roster.assignments.filter { employees?.contains($0.employeeID) ?? true }
    let year = shifts.map(\.shift.date.year).min() ?? 2026
    let zone = grid.timeZone.identifier
    let created =
      versions?.stamp ?? shifts.map(\.shift.date).min().map { "\(compact($0))T000000Z" } ?? "20260101T000000Z"
    let cancelled = (versions?.cancelled ?? []).filter { employees?.contains($0.employeeID) ?? true }
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Rota//Roster//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
      "X-WR-CALNAME:\(escape(name))",
    ]
    lines += timezone(grid.timeZone, year: year)
    for (assignment, isCancelled) in shifts.map({ ($0, false) }) + cancelled.map({ ($0, true) }) {
      let shift = assignment.shift
      let key = CalendarVersions.key(assignment)
      let who = names[assignment.employeeID] ?? assignment.employeeID
      var description =
        "\(shift.template) on \(shift.channel), \((Double(shift.paidMinutes) / 60).formatted(maxDecimals: 2)) paid hours"
      for item in shift.breaks {
        description +=
          "\nbreak \(Formats.clock(item.start))–\(Formats.clock(item.end))" + (item.paid ? " (paid)" : "")
      }
      lines += [
        "BEGIN:VEVENT",
        // One shift a day per person: the UID names the person's day, not its start time, so a
        // re-issued calendar with the shift moved updates the event instead of adding one.
        "UID:\(escape("\(assignment.employeeID)-\(compact(shift.date))"))@rota",
        "DTSTAMP:\(created)",
      ]
      if let versions { lines.append("SEQUENCE:\(versions.sequence[key] ?? 0)") }
      if isCancelled { lines.append("STATUS:CANCELLED") }
      lines += [
        "DTSTART;TZID=\(zone):\(stamp(shift.date, shift.start))",
        "DTEND;TZID=\(zone):\(stamp(shift.date, shift.end))",
        "SUMMARY:\(escape("\(who): \(shift.channel) (\(shift.template))" + (isCancelled ? " — cancelled" : "")))",
        "DESCRIPTION:\(escape(description))",
        "END:VEVENT",
      ]
    }
    lines.append("END:VCALENDAR")
    return lines.map(fold).joined(separator: "\r\n") + "\r\n"
  }

  /// TEXT escaping of RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks.
  static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "\\": result += "\\\\"
      case ";": result += "\\;"
      case ",": result += "\\,"
      case "\n", "\r\n": result += "\\n"
      case "\r": break
      default: result.append(character)
      }
    }
    return result
  }

  /// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence.
  static func fold(_ line: String) -> String {
    var parts: [String] = []
    var current = ""
    var octets = 0
    for character in line {
      let size = String(character).utf8.count
      let limit = parts.isEmpty ? 75 : 74
      if octets + size > limit {
        parts.append(current)
        current = ""
        octets = 0
      }
      current.append(character)
      octets += size
    }
    parts.append(current)
    return parts.joined(separator: "\r\n ")
  }

  /// VTIMEZONE with one STANDARD or DAYLIGHT part per real transition in `year`, or a fixed
  /// STANDARD part for a zone without transitions.
  static func timezone(_ zone: TimeZone, year: Int) -> [String] {
    var lines = ["BEGIN:VTIMEZONE", "TZID:\(zone.identifier)"]
    let start = Date(
      timeIntervalSince1970: Double(LocalDate(year: year, month: 1, day: 1)!.daysSinceEpoch) * 86_400)
    let end = Date(
      timeIntervalSince1970: Double(LocalDate(year: year + 1, month: 1, day: 1)!.daysSinceEpoch) * 86_400)
    var transitions: [Date] = []
    var cursor = start
    while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end {
      transitions.append(next)
      cursor = next
    }
    func offset(_ seconds: Int) -> String {
      let sign = seconds < 0 ? "-" : "+"
      let minutes = abs(seconds) / 60
      return sign + String(format: "%02d%02d", minutes / 60, minutes % 60)
    }
    if transitions.isEmpty {
      let current = offset(zone.secondsFromGMT(for: start))
      lines += [
        "BEGIN:STANDARD", "DTSTART:\(year)0101T000000", "TZOFFSETFROM:\(current)", "TZOFFSETTO:\(current)",
        "END:STANDARD",
      ]
    }
    for transition in transitions {
      let before = zone.secondsFromGMT(for: transition.addingTimeInterval(-1))
      let after = zone.secondsFromGMT(for: transition)
      let kind = zone.isDaylightSavingTime(for: transition) ? "DAYLIGHT" : "STANDARD"
      // DTSTART is the local time just before the change, in the offset then in force.
      let local = LocalDateTime(civilMinutes: (Int(transition.timeIntervalSince1970) + before) / 60)
      lines += [
        "BEGIN:\(kind)", "DTSTART:\(compact(local.date))T\(clockCompact(local.minuteOfDay))",
        "TZOFFSETFROM:\(offset(before))", "TZOFFSETTO:\(offset(after))", "END:\(kind)",
      ]
    }
    lines.append("END:VTIMEZONE")
    return lines
  }

  static func compact(_ date: LocalDate) -> String {
    date.description.replacingOccurrences(of: "-", with: "")
  }

  static func clockCompact(_ minutes: Int) -> String {
    String(format: "%02d%02d00", minutes / 60, minutes % 60)
  }

  /// A local DATE-TIME; minutes from 1440 on (a shift ending at or after midnight) fall on the
  /// next day.
  static func stamp(_ date: LocalDate, _ minutes: Int) -> String {
    minutes >= 1440
      ? "\(compact(date.adding(days: 1)))T\(clockCompact(minutes - 1440))"
      : "\(compact(date))T\(clockCompact(minutes))"
  }
}

/// What a published roster's calendar needs from the versions before it (RFC 5545 §3.8.7.4):
/// each employee-day's SEQUENCE, raised whenever a later version changed its shift; the
/// shifts earlier versions had and this one has not, as cancelled events; and DTSTAMP.
public struct CalendarVersions: Sendable, Equatable {
  /// Per ``key(_:)``: 0 for an event unchanged since it first appeared, +1 per change.
  public var sequence: [String: Int]
  public var cancelled: [RosteredShift]
  /// The publication's time, UTC, as `YYYYMMDDTHHMMSSZ`.
  public var stamp: String

  /// One event per person and day, as the UID is.
  static func key(_ shift: RosteredShift) -> String { "\(shift.employeeID) \(shift.shift.date)" }

  /// From the published versions of a week, oldest first; the last is the one issued.
  public init(versions: [Roster], publishedAt: String) {
    var sequence: [String: Int] = [:]
    var last: [String: RosteredShift] = [:]
    for (index, roster) in versions.enumerated() {
      let now = Dictionary(
        roster.assignments.map { (Self.key($0), $0) }, uniquingKeysWith: { first, _ in first })
      if index > 0 {
        for key in Set(last.keys).union(now.keys) where last[key] != now[key] {
          sequence[key, default: 0] += 1
        }
      }
      last = now
    }
    let issued = Set((versions.last?.assignments ?? []).map(Self.key))
    var everSeen: [String: RosteredShift] = [:]
    for roster in versions.dropLast() {
      for shift in roster.assignments { everSeen[Self.key(shift)] = shift }
    }
    self.sequence = sequence
    cancelled = everSeen.filter { !issued.contains($0.key) }.map(\.value).sorted {
      ($0.employeeID, $0.shift) < ($1.employeeID, $1.shift)
    }
    stamp =
      String(publishedAt.prefix(19)).replacingOccurrences(of: "-", with: "").replacingOccurrences(
        of: ":", with: "") + "Z"
  }
}
