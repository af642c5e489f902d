import Foundation
import RotaCore
import Scheduling
import Testing

@testable import RotaKit

@Suite struct ICalendarTests {
  @Test func textIsEscaped() {
    #expect(ICalendar.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
  }

  @Test func longLinesFoldAt75OctetsWithoutSplittingCharacters() {
    let line = "SUMMARY:" + String(repeating: "Ó", count: 60) + String(repeating: "x", count: 40)
    let folded = ICalendar.fold(line)
    let parts = folded.components(separatedBy: "\r\n")
    #expect(parts.count > 1)
    for (index, part) in parts.enumerated() {
      #expect(part.utf8.count <= 75)
      if index > 0 { #expect(part.hasPrefix(" ")) }
    }
    // Unfolding (RFC 5545 §3.1: remove CRLF followed by one space) restores the line.
    #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
  }

  func roster(name: String) -> (Roster, TimeGrid) {
    let employee = Employee(
      id: "E1", name: name, contract: "std", skills: ["phone"], availableDays: Set(Weekday.allCases))
    let shift = Shift(
      date: LocalDate(iso: "2026-12-07")!, template: "day", channel: "phone", start: 480, end: 1440,
      breaks: [Shift.Break(start: 720, end: 750, paid: false)])
    let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
    return (
      Roster(
        employees: [employee], assignments: [RosteredShift(employeeID: "E1", shift: shift)], openShifts: []),
      grid
    )
  }

  @Test func eventsCarryTheZoneAndRepeatExactly() {
    let (roster, grid) = roster(name: "Ní Bhriain, Síle; team lead")
    let text = ICalendar.ics(roster, grid: grid, name: "test")
    #expect(text == ICalendar.ics(roster, grid: grid, name: "test"))
    #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
    #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Dublin\r\n"))
    #expect(text.contains("DTSTART;TZID=Europe/Dublin:20261207T080000\r\n"))
    // A shift ending at midnight ends at the next day's 00:00.
    #expect(text.contains("DTEND;TZID=Europe/Dublin:20261208T000000\r\n"))
    #expect(text.contains("SUMMARY:Ní Bhriain\\, Síle\\; team lead: phone (day)"))
    // Every line ends in CRLF and none is longer than 75 octets.
    let lines = text.components(separatedBy: "\r\n").dropLast()
    #expect(lines.allSatisfy { $0.utf8.count <= 75 && !$0.contains("\n") })
  }

  /// A re-issued calendar with a shift moved keeps its event's UID: one per person and day.
  @Test func aMovedShiftKeepsItsEvent() {
    let (roster, grid) = roster(name: "Síle")
    var moved = roster
    moved.assignments[0].shift.start += 60
    let (before, after) = (
      ICalendar.ics(roster, grid: grid, name: "t"), ICalendar.ics(moved, grid: grid, name: "t")
    )
    #expect(before.contains("METHOD:PUBLISH\r\n"))
    #expect(before.contains("UID:E1-20261207@rota\r\n") && after.contains("UID:E1-20261207@rota\r\n"))
    #expect(before != after)
  }

  /// Published versions: Monday's shift moved in version 2, Tuesday's cancelled in 2 and
  /// back in 3. Each change raises the day's SEQUENCE; issuing version 2 sends Tuesday as a
  /// cancelled event, version 3 as a live one again.
  @Test func republishedCalendarsRaiseSequenceAndCancel() {
    let (first, grid) = roster(name: "Síle")
    var monday = first.assignments[0]
    monday.shift.end = 960
    var tuesday = monday
    tuesday.shift.date = monday.shift.date.adding(days: 1)
    var v1 = first
    v1.assignments = [monday, tuesday]
    var v2 = v1
    v2.assignments = [monday]
    v2.assignments[0].shift.start += 60
    var v3 = v2
    v3.assignments.append(tuesday)
    let atTwo = CalendarVersions(versions: [v1, v2], publishedAt: "2026-12-08T09:15:30.123Z")
    #expect(atTwo.sequence == ["E1 2026-12-07": 1, "E1 2026-12-08": 1])
    #expect(atTwo.cancelled == [tuesday])
    #expect(atTwo.stamp == "20261208T091530Z")
    let text = ICalendar.ics(v2, grid: grid, name: "t", versions: atTwo)
    #expect(
      text.contains("UID:E1-20261208@rota\r\nDTSTAMP:20261208T091530Z\r\nSEQUENCE:1\r\nSTATUS:CANCELLED\r\n"))
    #expect(text.components(separatedBy: "BEGIN:VEVENT").count == 3)
    let atThree = CalendarVersions(versions: [v1, v2, v3], publishedAt: "2026-12-09T10:00:00Z")
    #expect(atThree.sequence == ["E1 2026-12-07": 1, "E1 2026-12-08": 2])
    #expect(atThree.cancelled.isEmpty)
    #expect(!ICalendar.ics(v3, grid: grid, name: "t", versions: atThree).contains("CANCELLED"))
    // The first version: nothing changed yet.
    let atOne = CalendarVersions(versions: [v1], publishedAt: "2026-12-07T08:00:00Z")
    #expect(atOne.sequence.isEmpty && atOne.cancelled.isEmpty)
    #expect(ICalendar.ics(v1, grid: grid, name: "t", versions: atOne).contains("SEQUENCE:0\r\n"))
  }

  /// Calendar file names made from employee ids stay in their folder and never clash.
  @Test func calendarFileNamesStayInTheirFolder() {
    let ids = [
      "../../escaped2", "a/b", "a_b", "A_B", "..", "", "E001", String(repeating: "x", count: 300), "Róisín",
    ]
    let names = ICalendar.fileNames(for: ids)
    #expect(
      Array(names.prefix(7)) == [
        "_._.._escaped2.ics", "a_b.ics", "a_b-2.ics", "A_B-3.ics", "_..ics", "employee.ics", "E001.ics",
      ])
    #expect(names[7] == String(repeating: "x", count: 100) + ".ics")
    #expect(names[8] == "R_is_n.ics")
    for name in names {
      #expect(!name.contains("/") && !name.hasPrefix("."), "\(name)")
      #expect(URL(fileURLWithPath: "/cal").appendingPathComponent(name).standardized.path.hasPrefix("/cal/"))
    }
    #expect(Set(names.map { $0.lowercased() }).count == names.count)
  }

  @Test func hoursSummaryNeutralisesFormulas() throws {
    let (roster, _) = roster(name: "=HYPERLINK(\"http://x\",\"y\")")
    let contract = Contract(
      name: "std", templates: ["day"], maxDaysPerWeek: 5, maxMinutesPerWeek: 600, hourlyWage: 20)
    let text = RosterExport.hoursCSV(roster, contracts: [contract])
    #expect(text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), "a spreadsheet sees text")
    // Rota reads its own file back as the name it wrote.
    let table = try CSVTable(text: text, file: "hours.csv")
    #expect(table.rows[0].fields[1] == "=HYPERLINK(\"http://x\",\"y\")")
    // 15.5 paid hours against a 10-hour contract: 5.5 hours of overtime.
    #expect(table.rows[0].fields[4] == "15.5" && table.rows[0].fields[6] == "5.5")
  }
}

@Suite struct ReportChartTests {
  /// Day gridlines sit at each day's first interval: a short Saturday after five long
  /// weekdays starts at interval 120 of 132, not at 5/6 of the width (110).
  @Test func dayGridlinesFollowTheIntervals() {
    let monday = LocalDate(iso: "2026-12-07")!
    let dates =
      (0..<5).flatMap { Array(repeating: monday.adding(days: $0), count: 24) }
      + Array(repeating: monday.adding(days: 5), count: 12)
    let starts = PlanReport.dayStarts(dates)
    #expect(starts.map(\.at) == [0, 24, 48, 72, 96, 120])
    #expect(starts.last?.label == "Sat 12/12")
  }
}

/// Exports that other programs must read right: Excel's UTF-8, and times that stay
/// unambiguous on the nights clocks change.
@Suite struct ExportShapeTests {
  @Test func excelGetsAByteOrderMarkAndCRLFOutsideQuotes() {
    let csv = "id,name\nE1,Gráinne\nE2,\"two\nlines\"\n"
    #expect(RosterExport.forExcel(csv) == "\u{FEFF}id,name\r\nE1,Gráinne\r\nE2,\"two\nlines\"\r\n")
  }

  /// Dublin's clocks go back at 02:00 on 2026-10-25: a 22:00–06:00 night shift from the 24th
  /// starts at +01:00 and ends at +00:00, nine hours later.
  @Test func jsonTimesCarryTheirOffsets() throws {
    let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
    let employee = Employee(
      id: "E1", name: "Róisín", contract: "std", skills: ["phone"], availableDays: Set(Weekday.allCases))
    let night = Shift(
      date: LocalDate(iso: "2026-10-24")!, template: "night", channel: "phone", start: 22 * 60, end: 30 * 60,
      breaks: [])
    let roster = Roster(
      employees: [employee], assignments: [RosteredShift(employeeID: "E1", shift: night)], openShifts: [])
    let text = RosterExport.json(roster, grid: grid).text
    #expect(
      text.contains("\"time_zone\":\"Europe/Dublin\"") || text.contains("\"time_zone\": \"Europe/Dublin\""))
    #expect(text.contains("2026-10-24T22:00:00+01:00"))
    #expect(text.contains("2026-10-25T06:00:00+00:00"))
    // Without a grid the shape is as before.
    #expect(!RosterExport.json(roster).text.contains("start_at"))
  }
}
