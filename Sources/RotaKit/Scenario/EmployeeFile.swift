import RotaCore
import Scheduling

/// Reads employees from CSV: `id,name,contract,skills[,days][,hours][,leave][,prefers_off]`;
/// lists (skills, days, leave dates, preferred days off) separated by spaces or semicolons,
/// `hours` a wall-clock window such as `08:00-17:00` that every shift must lie in.
public enum EmployeeFile {
  public static func read(_ table: CSVTable, channels: [Channel], contracts: [Contract]) throws(InputError)
    -> [Employee]
  {
    let idColumn = try table.requireColumn("id")
    let nameColumn = try table.requireColumn("name")
    let contractColumn = try table.requireColumn("contract")
    let skillsColumn = try table.requireColumn("skills")
    let daysColumn = table.columnIndex("days")
    let hoursColumn = table.columnIndex("hours")
    let leaveColumn = table.columnIndex("leave")
    let prefersColumn = table.columnIndex("prefers_off")
    var ids: Set<String> = []
    var employees: [Employee] = []
    func words(_ text: String) -> [String] {
      text.split(whereSeparator: { $0 == ";" || $0 == " " }).map(String.init)
    }
    for row in table.rows {
      for column in [idColumn, nameColumn] {
        if let control = OneLineText.controlCharacter(in: row.fields[column]) {
          throw table.error(
            row, column: column,
            "holds a control character (\(control)); ids and names are one line of text, as every file "
              + "Rota writes them into needs")
        }
      }
      let id = String(row.fields[idColumn].trimmingWhitespace())
      guard !id.isEmpty else { throw table.error(row, column: idColumn, "employee id is empty") }
      guard ids.insert(id).inserted else {
        throw table.error(row, column: idColumn, "employee id '\(id)' appears twice")
      }
      let contract = String(row.fields[contractColumn].trimmingWhitespace())
      guard contracts.contains(where: { $0.name == contract }) else {
        throw table.error(row, column: contractColumn, "no contract named '\(contract)'")
      }
      let skills = words(row.fields[skillsColumn])
      guard !skills.isEmpty else { throw table.error(row, column: skillsColumn, "no skills given") }
      for skill in skills where !channels.contains(where: { $0.name == skill }) {
        throw table.error(row, column: skillsColumn, "no channel named '\(skill)'")
      }
      func weekdays(_ column: Int?) throws(InputError) -> Set<Weekday>? {
        guard let column, !row.fields[column].trimmingWhitespace().isEmpty else { return nil }
        var days: Set<Weekday> = []
        for word in words(row.fields[column]) {
          guard let day = Weekday(name: word) else {
            throw table.error(row, column: column, "'\(word)' is not a weekday")
          }
          days.insert(day)
        }
        return days
      }
      var employee = Employee(
        id: id, name: String(row.fields[nameColumn].trimmingWhitespace()), contract: contract,
        skills: skills, availableDays: try weekdays(daysColumn) ?? Set(Weekday.allCases))
      employee.preferredDaysOff = try weekdays(prefersColumn) ?? []
      if let hoursColumn, case let text = row.fields[hoursColumn].trimmingWhitespace(), !text.isEmpty {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let from = TimeOfDay(parts[0].trimmingWhitespace()),
          let until = TimeOfDay(parts[1].trimmingWhitespace()), from < until
        else {
          throw table.error(row, column: hoursColumn, "'\(text)' is not a window like 08:00-17:00")
        }
        employee.availableFrom = from.minutes
        employee.availableUntil = until.minutes
      }
      if let leaveColumn {
        for word in words(row.fields[leaveColumn]) {
          guard let date = LocalDate(iso: word) else {
            throw table.error(row, column: leaveColumn, "'\(word)' is not a date like 2026-12-07")
          }
          employee.leave.insert(date)
        }
      }
      employees.append(employee)
    }
    return employees
  }
}
