import Foundation
import RotaCore
import Scheduling

/// Reads a roster CSV (the HR format of DESIGN.md, as `rota plan` writes it or a planner
/// edited it) and checks it against the scenario: every row names a known employee, a date in
/// the planning period, a shift that ends after it starts, breaks inside their shift, and no
/// employee works two overlapping shifts. `paid_hours` is recomputed, not trusted.
public enum RosterFile {
  public static func read(_ table: CSVTable, scenario: Scenario) throws(InputError) -> Roster {
    let idColumn = try table.requireColumn("employee_id")
    let dateColumn = try table.requireColumn("date")
    let startColumn = try table.requireColumn("start")
    let endColumn = try table.requireColumn("end")
    let shiftColumn = table.columnIndex("shift")
    let channelColumn = table.columnIndex("channel")
    let breakColumns: [(start: Int, end: Int)] = table.header.compactMap { name in
      guard name.hasPrefix("break"), name.hasSuffix("_start"),
        let end = table.columnIndex(String(name.dropLast("_start".count)) + "_end")
      else { return nil }
      return (table.columnIndex(name)!, end)
    }
    let employees = Dictionary(scenario.employees.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let templates = Dictionary(scenario.templates.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let channels = Set(scenario.channels.map(\.name))
    let period = Set(scenario.planDates)
    var assignments: [RosteredShift] = []
    var worked: [String: [(shift: Shift, line: Int)]] = [:]

    func time(_ row: CSVRow, _ column: Int) throws(InputError) -> Int {
      let text = row.fields[column].trimmingWhitespace()
      guard let time = TimeOfDay(text) else {
        throw table.error(row, column: column, "'\(text)' is not a time like 08:30")
      }
      return time.minutes
    }

    for row in table.rows {
      let id = String(row.fields[idColumn].trimmingWhitespace())
      guard let employee = employees[id] else {
        throw table.error(row, column: idColumn, "unknown employee '\(id)': not in the scenario's employees")
      }
      let dateText = row.fields[dateColumn].trimmingWhitespace()
      guard let date = LocalDate(iso: dateText) else {
        throw table.error(row, column: dateColumn, "'\(dateText)' is not a date like 2026-12-07")
      }
      guard period.contains(date) else {
        throw table.error(
          row, column: dateColumn,
          "\(date) is outside the scenario's week (\(scenario.planStart) to \(scenario.planDates.last!))")
      }
      let start = try time(row, startColumn)
      // An end before the start is the next day's: a night shift.
      var end = try time(row, endColumn)
      if end < start { end += 1440 }
      guard end > start, end - start <= 1440 else {
        throw table.error(
          row, column: endColumn, "the shift ends at \(Formats.clock(end)), not after its start")
      }
      let templateName = shiftColumn.map { String(row.fields[$0].trimmingWhitespace()) } ?? ""
      let template = templates[templateName]
      var breaks: [Shift.Break] = []
      for (index, columns) in breakColumns.enumerated() {
        let startText = row.fields[columns.start].trimmingWhitespace()
        let endText = row.fields[columns.end].trimmingWhitespace()
        if startText.isEmpty && endText.isEmpty { continue }
        // Break times before the shift's start are after its midnight.
        var breakStart = try time(row, columns.start)
        var breakEnd = try time(row, columns.end)
        if breakStart < start { breakStart += 1440 }
        if breakEnd <= breakStart && breakEnd < start { breakEnd += 1440 }
        guard breakStart >= start, breakEnd <= end, breakEnd > breakStart else {
          throw table.error(
            row, column: columns.start,
            "break \(Formats.clock(breakStart))–\(Formats.clock(breakEnd)) is not inside the shift "
              + "\(Formats.clock(start))–\(Formats.clock(end))")
        }
        if let previous = breaks.last, breakStart < previous.end {
          throw table.error(row, column: columns.start, "breaks overlap")
        }
        let paid = template.flatMap { index < $0.breaks.count ? $0.breaks[index].paid : nil } ?? false
        breaks.append(Shift.Break(start: breakStart, end: breakEnd, paid: paid))
      }
      var channel = employee.skills.first ?? ""
      if let channelColumn {
        channel = String(row.fields[channelColumn].trimmingWhitespace())
        guard channels.contains(channel) else {
          throw table.error(row, column: channelColumn, "no channel named '\(channel)' in the scenario")
        }
        guard employee.skills.contains(channel) else {
          throw table.error(row, column: channelColumn, "\(employee.name) (\(id)) has no '\(channel)' skill")
        }
      }
      guard let elapsed = scenario.grid.elapsedMinutes(on: date, from: start, to: end) else {
        throw table.error(
          row, column: startColumn,
          "\(date) \(Formats.clock(start))–\(Formats.clock(end)): the clocks skip that time in "
            + scenario.grid.timeZone.identifier)
      }
      let shift = Shift(
        date: date, template: templateName, channel: channel, start: start, end: end, breaks: breaks,
        clockChangeMinutes: elapsed - (end - start))
      // Shifts in minutes since the period began, to compare across midnight.
      func span(_ shift: Shift) -> Range<Int> {
        let base = scenario.planStart.days(to: shift.date) * 1440
        return (base + shift.start)..<(base + shift.end)
      }
      for other in worked[id] ?? [] where span(other.shift).overlaps(span(shift)) {
        throw table.error(
          row, column: startColumn,
          "\(employee.name) (\(id)) already works \(other.shift.date) \(Formats.clock(other.shift.start))–"
            + "\(Formats.clock(other.shift.end)) (line \(other.line)): overlapping shifts")
      }
      worked[id, default: []].append((shift, row.line))
      assignments.append(RosteredShift(employeeID: id, shift: shift))
    }
    return Roster(
      employees: scenario.employees, assignments: assignments, openShifts: [],
      cyclicPeriod: scenario.cyclic ? scenario.planStart...scenario.planDates.last! : nil)
  }
}
