import Foundation
import RotaCore

/// A roster-bench shift instance as a Rota scenario (scenario.yaml, employees.csv,
/// requirements.csv for `rota schedule`), and Rota's roster.csv back as a solution file.
///
/// Day `d` of the instance is 2026-12-07 (a Monday) + `d` in UTC, open round the clock so that
/// every start the instance allows is a start Rota allows. Over-coverage, which Rota does not
/// price, is folded in exactly: coverage = required − shortfall + surplus in every interval, so
/// `over · surplus = over · (on-task agent-intervals − required + shortfall)`. Each template's
/// wage therefore carries `over × its on-task intervals ÷ its paid hours`, the shortfall price
/// is `under + over` per agent-interval, and the instance's objective is Rota's cost less
/// `over × Σ required` (``objectiveOffset(_:)``). One contract per template carries its wage,
/// with as many employees as could ever be used in a day, and no rest or week rules: shift
/// instances have no people. A part-time share limit becomes `rules.max_part_time_share` over
/// the templates marked `part_time`; tours and the other limits have no scenario form yet and
/// are refused.
extension RosterBenchFormat {
  /// The date of day 0.
  public static let firstDate = LocalDate(iso: "2026-12-07")!

  /// The scenario's files by name: scenario.yaml, employees.csv, requirements.csv and an
  /// empty history.csv. `pool` multiplies the people on the books (within a headcount limit):
  /// more people must not make the roster dearer.
  public static func scenarioFiles(_ instance: Instance, pool: Int = 1) throws(InputError) -> [String: String]
  {
    let problem = instance.problem
    let minutes = problem.slotMinutes
    func refuse(_ field: String, _ why: String) -> InputError {
      .invalid(SourceLocation(file: instance.name, field: field), why)
    }
    let tours = problem.tours
    if let tours {
      guard problem.days == 7, tours.daysOffWrap else {
        throw refuse("tour", "a scenario's days off together wrap over a week of 7 days")
      }
    }
    let limits = problem.limits
    guard
      (limits.maxHeadcount == nil || tours != nil) && limits.minPartTimeShare == nil
        && limits.maxShiftsPerDay == nil && limits.maxAgentsPerSlot == nil
    else {
      throw refuse("limits", "only max_part_time_share (and, for tours, max_headcount) has a scenario form")
    }
    guard [15, 30, 60].contains(minutes) else {
      throw refuse("interval_min", "Rota plans 15, 30 or 60 minutes")
    }
    guard problem.days <= 7 else {
      throw refuse("days", "a scenario's template days are weekdays: at most 7 days")
    }
    let dates = (0..<problem.days).map { firstDate.adding(days: $0) }
    func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }
    func duration(_ minute: Int) -> String { String(format: "%d:%02d", minute / 60, minute % 60) }
    let over = problem.surplusCost
    var yaml = """
      # Made by `rota-bench roster-bench` from roster-bench instance \(instance.name).
      name: roster-bench \(instance.name)
      team:
        time_zone: UTC
        interval_minutes: \(minutes)
        opening_hours:

      """
    for weekday in Weekday.allCases {
      let open = dates.contains { $0.weekday == weekday }
      yaml += "    \(weekday.name): \(open ? "\"00:00-24:00\"" : "closed")\n"
    }
    yaml += """
      planning:
        week_start: \(firstDate.description)
        days: \(problem.days)
        cyclic: \(problem.cyclic)
        history: history.csv # not read by rota schedule
      solver:
        time_limit_seconds: 60
        node_limit: 400
        gap: 0.005
      channels:
        phone:
          kind: phone
          handling_seconds: 300
          service_level: { target: 0.8, answer_seconds: 20 }
          shortfall_cost_per_hour: \(decimal((problem.shortfallCost + over) * 60 / Double(minutes)))
      rules:
        min_rest_hours: 0\(limits.maxPartTimeShare.map { "\n  max_part_time_share: \(decimal($0))" } ?? "")\(
          tours.map { "\n  days_off_together: \(problem.days - $0.daysOn)\n  start_time_variation_minutes: 0" } ?? "")
      pay:
        overtime_premium: 0
        open_shift_premium: 0
      shift_templates:

      """
    var contracts = "contracts:\n"
    var employees = "id,name,contract,skills\n"
    let perDay = problem.required.count / max(1, problem.days)
    let work = (0..<problem.days).map { day in
      problem.required[(day * perDay)..<((day + 1) * perDay)].reduce(0, +)
    }
    let peak = problem.required.max() ?? 0
    for (index, template) in problem.templates.enumerated() {
      let field = "shift_templates[\(index)]"
      let length = template.lengthSlots * minutes
      let breakMinutes = template.breakSlots * minutes
      let paidMinutes = (template.paidHours * 60).rounded()
      guard paidMinutes == Double(length) || paidMinutes == Double(length - breakMinutes) else {
        throw refuse(field, "paid hours are neither the shift's length nor its length less the break")
      }
      let starts = template.startSlots.map { $0 * minutes }
      guard let first = starts.first, let last = starts.last, last < 1440 else {
        throw refuse(field, "a start at or after midnight")
      }
      let step = starts.count > 1 ? starts[1] - starts[0] : minutes
      guard starts == Array(stride(from: first, through: last, by: step)) else {
        throw refuse(field, "starts are not evenly spaced")
      }
      yaml += """
          \(template.name):
            length: "\(duration(length))"
            start_window: "\(clock(first))-\(clock(last))"
            start_step_minutes: \(step)
            days: [\(template.days.sorted().map { dates[$0].weekday.shortName }.joined(separator: ", "))]
            part_time: \(template.partTime)

        """
      if template.breakSlots > 0 {
        let offsets = template.breakOffsets.map { $0 * minutes }
        let breakStep = offsets.count > 1 ? offsets[1] - offsets[0] : step
        let expected = Array(stride(from: offsets[0], through: offsets.last!, by: breakStep)).filter {
          $0 + breakMinutes <= length
        }
        guard offsets == expected else {
          throw refuse("\(field).break", "break starts are not evenly spaced")
        }
        let paid = paidMinutes == Double(length)
        yaml +=
          "    breaks:\n      - { name: break, minutes: \(breakMinutes), paid: \(paid), "
          + "window: \"\(duration(offsets[0]))-\(duration(offsets.last!))\", step_minutes: \(breakStep) }\n"
      }
      let onTask = Double(template.lengthSlots - template.breakSlots)
      let wage = template.cost / template.paidHours + over * onTask / template.paidHours
      // A tour agent is a person of an optional contract working exactly the tour's days on
      // one template at one start.
      let tourTerms =
        tours.map {
          "\n    optional: true\n    same_shift_all_week: true\n    min_days_per_week: \($0.daysOn)"
        } ?? ""
      contracts += """
          \(template.name):
            templates: [\(template.name)]\(tourTerms)
            max_days_per_week: \(tours?.daysOn ?? 7)
            max_hours_per_week: 168
            hourly_wage: \(decimal(wage))

        """
      // Enough people for every shift of this template a day could use: its work in shifts,
      // and the peak again for overlaps; for tours as many again for the days off. A
      // headcount limit is kept by splitting it: the part-time share of it to the part-time
      // templates, the rest to the others, evenly.
      var people = Int((Double(work.max() ?? 0) / max(1, onTask)).rounded(.up)) + peak
      if let tours { people = (people * problem.days + tours.daysOn - 1) / tours.daysOn }
      people *= pool
      if let headcount = limits.maxHeadcount {
        let partTime = problem.templates.filter(\.partTime).count
        let partTimeHeads =
          partTime == 0 ? 0 : Int((Double(headcount) * (limits.maxPartTimeShare ?? 0.5)).rounded(.down))
        let heads = template.partTime ? partTimeHeads : headcount - partTimeHeads
        let share = template.partTime ? partTime : problem.templates.count - partTime
        people = min(people, heads / max(1, share))
      }
      for person in 1...max(1, people) where people > 0 {
        employees += "\(template.name)-\(person),\(template.name) \(person),\(template.name),phone\n"
      }
    }
    yaml += contracts + "employees: employees.csv\n"
    var requirements = "timestamp,channel,gross_agents\n"
    for (slot, agents) in problem.required.enumerated() where agents > 0 {
      let minute = slot * minutes
      requirements += "\(dates[minute / 1440])T\(clock(minute % 1440)):00,phone,\(agents)\n"
    }
    return [
      "scenario.yaml": yaml, "employees.csv": employees, "requirements.csv": requirements,
      "history.csv": "timestamp,channel,volume\n",
    ]
  }

  /// What the instance's objective adds to the cost of the scenario's roster: the fold's
  /// `−over × Σ required`.
  public static func objectiveOffset(_ instance: Instance) -> Double {
    -instance.problem.surplusCost * Double(instance.problem.required.reduce(0, +))
  }

  /// The solution file for the shifts of a roster.csv written for ``scenarioFiles(_:)``.
  public static func solution(fromRoster path: String, instance: Instance) throws(InputError) -> String {
    let table = try CSVTable(contentsOf: path)
    let columns = (
      date: try table.requireColumn("date"), shift: try table.requireColumn("shift"),
      start: try table.requireColumn("start"), breakStart: try table.requireColumn("break_start")
    )
    func minutes(_ text: String, _ line: Int, _ field: String) throws(InputError) -> Int {
      guard let time = TimeOfDay(text) else {
        throw .invalid(SourceLocation(file: path, line: line, field: field), "not a time")
      }
      return time.minutes
    }
    let employeeColumn = try table.requireColumn("employee_id")
    var counts: [ShiftKey: Int] = [:]
    var weeks: [String: [ShiftKey]] = [:]
    for row in table.rows {
      guard let date = LocalDate(iso: row.fields[columns.date]) else {
        throw .invalid(SourceLocation(file: path, line: row.line, field: "date"), "not a date")
      }
      let day = date.daysSinceEpoch - firstDate.daysSinceEpoch
      guard (0..<instance.problem.days).contains(day) else {
        throw .invalid(
          SourceLocation(file: path, line: row.line, field: "date"), "outside the instance's days")
      }
      let start = try minutes(row.fields[columns.start], row.line, "start")
      let breakText = row.fields[columns.breakStart]
      let offset =
        try breakText.isEmpty ? nil : (minutes(breakText, row.line, "break_start") - start + 1440) % 1440
      let key = ShiftKey(template: row.fields[columns.shift], day: day, start: start, offset: offset)
      counts[key, default: 0] += 1
      weeks[row.fields[employeeColumn], default: []].append(key)
    }
    let name = String(decoding: try! JSONSerialization.data(withJSONObject: [instance.name]), as: UTF8.self)
    if instance.problem.tours != nil {
      // One agent per person: the template and start of their week, their days off, and each
      // working day's break.
      var agents: [String] = []
      for (employee, shifts) in weeks.sorted(by: { $0.key < $1.key }) {
        guard Set(shifts.map(\.template)).count == 1, Set(shifts.map(\.start)).count == 1,
          Set(shifts.map(\.day)).count == shifts.count
        else {
          throw .invalid(
            SourceLocation(file: path, field: "employee_id"),
            "\(employee): not one template at one start, one shift a day")
        }
        let byDay = Dictionary(shifts.map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })
        let days = 0..<instance.problem.days
        let object: [String: Any] = [
          "template": shifts[0].template, "start_min": shifts[0].start,
          "days_off": days.filter { byDay[$0] == nil },
          "break_offset_min": days.map { byDay[$0]?.offset.map { $0 as Any } ?? NSNull() }, "count": 1,
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        agents.append(String(decoding: data, as: UTF8.self))
      }
      return "{\"instance\":\(name.dropFirst().dropLast()),\"solver\":\"rota-schedule\",\"agents\":[\n"
        + agents.joined(separator: ",\n") + "\n]}\n"
    }
    let lines = counts.sorted { $0.key < $1.key }.map { key, count in
      let object: [String: Any] = [
        "template": key.template, "day": key.day, "start_min": key.start,
        "break_offset_min": key.offset.map { $0 as Any } ?? NSNull(), "count": count,
      ]
      let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      return String(decoding: data, as: UTF8.self)
    }
    return "{\"instance\":\(name.dropFirst().dropLast()),\"solver\":\"rota-schedule\",\"shifts\":[\n"
      + lines.joined(separator: ",\n") + "\n]}\n"
  }

  private struct ShiftKey: Hashable, Comparable {
    var template: String
    var day: Int
    var start: Int
    var offset: Int?
    static func < (a: ShiftKey, b: ShiftKey) -> Bool {
      (a.day, a.start, a.template, a.offset ?? -1) < (b.day, b.start, b.template, b.offset ?? -1)
    }
  }

  /// A number with enough digits that the fold stays exact to the cent over a week.
  private static func decimal(_ value: Double) -> String {
    var text = String(format: "%.10f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}
