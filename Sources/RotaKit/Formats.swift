import Forecasting
import Foundation
import RotaCore
import Scheduling
import Scoring
import Staffing

/// Rota's interchange files (DESIGN.md, "Formats").
public enum Formats {
  /// `timestamp,channel,forecast,lo80,hi80,lo95,hi95`, and `aht_seconds` when the forecast
  /// has handle times (empty for a channel without).
  public static func forecastCSV(_ points: [ForecastPoint]) -> String {
    let withHandleTime = points.contains { $0.ahtSeconds != nil }
    var writer = CSVWriter(
      header: ["timestamp", "channel", "forecast", "lo80", "hi80", "lo95", "hi95"]
        + (withHandleTime ? ["aht_seconds"] : []))
    for point in points.sorted(by: { ($0.interval, $0.channel) < ($1.interval, $1.channel) }) {
      writer.append(
        [point.interval.start.description, point.channel]
          + [point.mean, point.lo80, point.hi80, point.lo95, point.hi95].map { $0.formatted(maxDecimals: 3) }
          + (withHandleTime ? [point.ahtSeconds?.formatted(maxDecimals: 3) ?? ""] : []))
    }
    return writer.text
  }

  /// A forecast point with its values rounded as ``forecastCSV(_:)`` writes them.
  public static func asWritten(_ point: ForecastPoint) -> ForecastPoint {
    func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
    var copy = point
    (copy.mean, copy.lo80, copy.hi80, copy.lo95, copy.hi95) = (
      round(point.mean), round(point.lo80), round(point.hi80), round(point.lo95), round(point.hi95)
    )
    copy.ahtSeconds = point.ahtSeconds.map(round)
    return copy
  }

  /// A requirement with its email work rounded as ``requirementsCSV(_:)`` writes it.
  public static func asWritten(_ requirement: Requirement) -> Requirement {
    var copy = requirement
    copy.work = requirement.work.map { ($0 * 10_000).rounded() / 10_000 }
    return copy
  }

  /// `timestamp,channel,forecast,net_agents,gross_agents,work_agent_intervals,due`; the last two
  /// only for email: the work arriving, and the start of the last interval it may be done in.
  public static func requirementsCSV(_ requirements: [Requirement]) -> String {
    var writer = CSVWriter(header: [
      "timestamp", "channel", "forecast", "net_agents", "gross_agents", "work_agent_intervals", "due",
    ])
    for item in requirements.sorted(by: { ($0.interval, $0.channel) < ($1.interval, $1.channel) }) {
      writer.append([
        item.interval.start.description, item.channel, item.forecast.formatted(maxDecimals: 3),
        String(item.netAgents), String(item.grossAgents),
        item.work.map { $0.formatted(maxDecimals: 4) } ?? "",
        item.due?.start.description ?? "",
      ])
    }
    return writer.text
  }

  /// The roster for HR: one row per employee per working day,
  /// `employee_id,employee_name,date,shift,start,end,break_start,break_end[,break2_start,…],paid_hours,channel`.
  /// Spreadsheet-safe.
  public static func rosterCSV(_ roster: Roster) -> String {
    let breakColumns = max(1, roster.assignments.map(\.shift.breaks.count).max() ?? 1)
    var header = ["employee_id", "employee_name", "date", "shift", "start", "end"]
    for index in 1...breakColumns {
      let prefix = index == 1 ? "break" : "break\(index)"
      header += ["\(prefix)_start", "\(prefix)_end"]
    }
    header += ["paid_hours", "channel"]
    var writer = CSVWriter(header: header)
    let names = Dictionary(roster.employees.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    for assignment in roster.assignments {
      let shift = assignment.shift
      var row = [
        assignment.employeeID, names[assignment.employeeID] ?? "", shift.date.description, shift.template,
        clock(shift.start), clock(shift.end),
      ]
      for index in 0..<breakColumns {
        if index < shift.breaks.count {
          row += [clock(shift.breaks[index].start), clock(shift.breaks[index].end)]
        } else {
          row += ["", ""]
        }
      }
      row += [(Double(shift.paidMinutes) / 60).formatted(maxDecimals: 2), shift.channel]
      writer.append(row)
    }
    return writer.text
  }

  /// Open shifts: `date,shift,start,end,paid_hours,channel`.
  public static func openShiftsCSV(_ shifts: [Shift]) -> String {
    var writer = CSVWriter(header: ["date", "shift", "start", "end", "paid_hours", "channel"])
    for shift in shifts.sorted() {
      writer.append([
        shift.date.description, shift.template, clock(shift.start), clock(shift.end),
        (Double(shift.paidMinutes) / 60).formatted(maxDecimals: 2), shift.channel,
      ])
    }
    return writer.text
  }

  /// The KPI object of DESIGN.md: `overall`, `channels`, cost, the solver's certificate, and
  /// per interval the agents the scores were computed from. With a simulation, each KPI it
  /// estimates is an object `{"mean": …, "ci95": [low, high]}` instead of a number.
  public static func kpisJSON(
    _ score: RosterScore, solver: MIPSolution?, channels: [Channel], simulation: SimulatedScore? = nil,
    fairness: FairnessSpread? = nil, cost: RosterCost? = nil,
    stages: [(name: String, objective: Double, seconds: Double)] = [], clockStops: [String] = [],
    optionalUse: [(contract: String, used: Int, of: Int)] = [],
    history: (warnings: [String], notes: [String]) = ([], [])
  ) -> JSONValue {
    func estimate(_ value: Estimate?, decimals: Int) -> JSONValue? {
      value.map {
        .object([
          "mean": .number($0.mean, decimals: decimals),
          "ci95": .array([.number($0.low, decimals: decimals), .number($0.high, decimals: decimals)]),
        ])
      }
    }
    func kpis(_ value: ServiceKPIs, target: ServiceLevelTarget?, simulated: SimulatedChannel?) -> [String:
      JSONValue]
    {
      var members: [String: JSONValue] = [
        "contacts": .number(value.contacts, decimals: 3),
        "service_level": estimate(simulated?.serviceLevel, decimals: 6)
          ?? .number(value.serviceLevel, decimals: 6),
        "asa_seconds": estimate(simulated?.asaSeconds, decimals: 3) ?? .number(value.asaSeconds, decimals: 3),
        "abandon_rate": estimate(simulated?.abandonRate, decimals: 6)
          ?? .number(value.abandonRate, decimals: 6),
        "occupancy": estimate(simulated?.occupancy, decimals: 6) ?? .number(value.occupancy, decimals: 6),
        "email_within_deadline": estimate(simulated?.emailWithinDeadline, decimals: 6)
          ?? .number(value.emailWithinDeadline, decimals: 6),
        "understaffed_intervals": .number(Double(value.understaffedIntervals)),
      ]
      if simulated != nil {
        members["analytic"] = .object([
          "service_level": .number(value.serviceLevel, decimals: 6),
          "asa_seconds": .number(value.asaSeconds, decimals: 3),
          "abandon_rate": .number(value.abandonRate, decimals: 6),
          "occupancy": .number(value.occupancy, decimals: 6),
          "email_within_deadline": .number(value.emailWithinDeadline, decimals: 6),
        ])
      }
      if let target {
        members["target"] = .object([
          "service_level": .number(target.fraction), "answer_seconds": .number(target.answerSeconds),
        ])
      }
      return members
    }
    var channelObjects: [String: JSONValue] = [:]
    for channel in channels {
      guard let value = score.channels[channel.name] else { continue }
      var members = kpis(value, target: channel.serviceLevel, simulated: simulation?.channels[channel.name])
      members["model"] = .string(
        channel.kind == .email ? "fifo_backlog" : channel.patienceSeconds == nil ? "erlang_c" : "erlang_a")
      if channel.kind != .email {
        members["service_level_basis"] = .string(channel.serviceLevelBasis.rawValue)
      }
      channelObjects[channel.name] = .object(members)
    }
    let intervals: [JSONValue] = score.intervals.sorted {
      ($0.interval, $0.channel) < ($1.interval, $1.channel)
    }
    .map {
      .object([
        "timestamp": .string($0.interval.start.description),
        "channel": .string($0.channel),
        "forecast": .number($0.forecast, decimals: 3),
        "scheduled": .number($0.scheduled, decimals: 6),
        "effective_agents": .number(Double($0.effectiveAgents)),
        "service_level": .number($0.serviceLevel, decimals: 6),
        "misses_target": .bool($0.missesTarget),
      ])
    }
    var object: [String: JSONValue] = [
      "overall": .object(kpis(score.overall, target: nil, simulated: simulation?.overall)),
      "channels": .object(channelObjects),
      "paid_hours": .number(score.paidHours, decimals: 2),
      "labor_cost": .number(score.laborCost, decimals: 2),
      "cost_per_contact": .number(score.costPerContact, decimals: 4),
      "cost_per_handled_contact": .number(score.costPerHandledContact, decimals: 4),
      "overtime_hours": .number(score.overtimeHours, decimals: 2),
      "open_shift_hours": .number(score.openShiftHours, decimals: 2),
      "open_shift_cost": .number(score.openShiftCost, decimals: 2),
      "shortfall_cost": .number(score.shortfallCost, decimals: 2),
      "intervals": .array(intervals),
      "days": .object(
        Dictionary(
          uniqueKeysWithValues: score.days.map { date, channels in
            (
              date.description,
              JSONValue.object(
                channels.mapValues { kpis in
                  .object([
                    "contacts": .number(kpis.contacts, decimals: 3),
                    "service_level": .number(kpis.serviceLevel, decimals: 6),
                    "asa_seconds": .number(kpis.asaSeconds, decimals: 3),
                    "abandon_rate": .number(kpis.abandonRate, decimals: 6),
                    "occupancy": .number(kpis.occupancy, decimals: 6),
                    "understaffed_intervals": .number(Double(kpis.understaffedIntervals)),
                  ])
                })
            )
          })),
    ]
    if let solver {
      var fields: [String: JSONValue] = [
        "status": .string(solver.status.rawValue),
        "objective": .number(solver.objective, decimals: 4),
        "bound": .number(solver.bound, decimals: 4),
        "gap": .number(solver.gap, decimals: 6),
        "seconds": .number(solver.seconds, decimals: 2),
        // The stages the time limit stopped; empty when node and pass limits decided.
        "stopped_by_clock": .array(clockStops.map { .string($0) }),
      ]
      // The objective's parts, so that it can be recomputed from the files.
      if let cost {
        fields["cost"] = .object([
          "labour": .number(cost.labour, decimals: 4), "open_shifts": .number(cost.openShifts, decimals: 4),
          "live_shortfall": .number(cost.liveShortfall, decimals: 4),
          "email_overdue": .number(cost.emailOverdue, decimals: 4),
          "idle_days": .number(cost.idleDays, decimals: 4),
        ])
      }
      // Where the shift plan's search spent its time and what each part reached, so that a
      // slow or loose plan can be traced to its stage.
      if !stages.isEmpty {
        fields["stages"] = .array(
          stages.map {
            .object([
              "name": .string($0.name), "objective": .number($0.objective, decimals: 4),
              "seconds": .number($0.seconds, decimals: 2),
            ])
          })
      }
      object["solver"] = .object(fields)
    }
    // People of each optional contract the roster uses (for vacancies, the number to hire).
    if !optionalUse.isEmpty {
      object["optional_used"] = .object(
        Dictionary(
          optionalUse.map {
            ($0.contract, JSONValue.object(["used": .number(Double($0.used)), "of": .number(Double($0.of))]))
          },
          uniquingKeysWith: { a, _ in a }))
    }
    // What reading the history said, only when it said something.
    if !history.warnings.isEmpty || !history.notes.isEmpty {
      object["history"] = .object([
        "warnings": .array(history.warnings.map { .string($0) }),
        "notes": .array(history.notes.map { .string($0) }),
      ])
    }
    if let fairness {
      func range(_ range: ClosedRange<Int>) -> JSONValue {
        .object(["min": .number(Double(range.lowerBound)), "max": .number(Double(range.upperBound))])
      }
      object["fairness"] = .object([
        "evenings_per_person": range(fairness.evenings),
        "weekend_days_per_person": range(fairness.weekendDays),
      ])
    }
    if let simulation {
      object["simulation"] = .object(["replications": .number(Double(simulation.replications))])
    }
    return .object(object)
  }

  /// `HH:MM` of a shift time: past midnight (a night shift's end), the next day's clock time.
  static func clock(_ minutes: Int) -> String {
    TimeOfDay(minutes: minutes > 1440 ? minutes - 1440 : max(0, minutes))!.description
  }
}

/// Writes a plan's files into a folder, each atomically, never over an input.
public enum PlanOutputs {
  /// The files written, in order.
  public static let fileNames = [
    "forecast.csv", "requirements.csv", "roster.csv", "open-shifts.csv", "kpis.json",
  ]

  /// Throws when any file a plan may write into `folder` is one of the scenario's inputs:
  /// checked before anything is computed, so that a mistake costs no solving time.
  public static func check(folder: String, against scenario: Scenario) throws(OutputError) {
    let names = fileNames + ["report.html"]
    try AtomicFile.refuse(
      overwriting: scenario.inputFiles,
      with: names.map { URL(fileURLWithPath: folder).appendingPathComponent($0).path })
  }

  public static func write(_ result: PlanResult, to folder: String, report: String? = nil) throws(OutputError)
    -> [String]
  {
    let files = contents(result, report: report)
    let paths = files.map { URL(fileURLWithPath: folder).appendingPathComponent($0.name).path }
    try AtomicFile.write(Array(zip(paths, files.map(\.text))), protecting: result.scenario.inputFiles)
    return paths
  }

  /// The files a plan writes, by name, in order: what ``write(_:to:report:)`` writes and a
  /// workspace stores.
  public static func contents(_ result: PlanResult, report: String? = nil) -> [(name: String, text: String)] {
    var files: [(name: String, text: String)] = [
      ("forecast.csv", Formats.forecastCSV(result.forecast)),
      ("requirements.csv", Formats.requirementsCSV(result.requirements)),
      ("roster.csv", Formats.rosterCSV(result.roster)),
      // Always written, so that a folder never keeps an earlier run's open shifts.
      ("open-shifts.csv", Formats.openShiftsCSV(result.roster.openShifts)),
      (
        "kpis.json",
        Formats.kpisJSON(
          result.score, solver: result.shiftPlan.solution, channels: result.scenario.channels,
          simulation: result.simulation,
          fairness: FairnessSpread(result.roster, rules: result.scenario.rules),
          cost: result.shiftPlan.cost, stages: result.shiftPlan.stages,
          clockStops: result.shiftPlan.clockStops,
          optionalUse: result.roster.optionalUse(result.scenario.contracts),
          history: (result.historyWarnings, result.historyNotes)
        ).text
      ),
    ]
    if let report { files.append(("report.html", report)) }
    return files
  }
}

/// Reads a forecast file (`timestamp,channel,forecast[,lo80,hi80,lo95,hi95][,aht_seconds]`) back onto a
/// scenario's grid. A timestamp repeated on the day clocks go back takes the repeated hour's
/// second interval.
public enum ForecastFile {
  public static func read(_ table: CSVTable, grid: TimeGrid, channels: [Channel]) throws(InputError)
    -> [ForecastPoint]
  {
    let timestampColumn = try table.requireColumn("timestamp")
    let channelColumn = try table.requireColumn("channel")
    let forecastColumn = try table.requireColumn("forecast")
    let boundColumns = ["lo80", "hi80", "lo95", "hi95"].map { table.columnIndex($0) }
    let handleTimeColumn = table.columnIndex("aht_seconds")
    let known = Set(channels.map(\.name))
    var intervalsByDate: [LocalDate: [GridInterval]] = [:]
    var seen: [String: [LocalDateTime: Int]] = [:]
    var points: [ForecastPoint] = []
    for row in table.rows {
      let text = row.fields[timestampColumn]
      guard let start = LocalDateTime(iso: text) else {
        throw table.error(
          row, column: timestampColumn, "'\(text)' is not a timestamp like 2026-12-07T07:30:00")
      }
      let channel = String(row.fields[channelColumn].trimmingWhitespace())
      guard known.contains(channel) else {
        throw table.error(row, column: channelColumn, "channel '\(channel)' is not defined in the scenario")
      }
      if intervalsByDate[start.date] == nil { intervalsByDate[start.date] = grid.intervals(on: start.date) }
      let occurrence = seen[channel, default: [:]][start, default: 0]
      let matches = intervalsByDate[start.date]!.filter { $0.start == start }
      guard occurrence < matches.count else {
        throw table.error(
          row, column: timestampColumn,
          matches.isEmpty
            ? "\(text) is not the start of a \(grid.intervalMinutes)-minute interval in \(grid.timeZone.identifier)"
            : "\(text) appears twice for channel '\(channel)'")
      }
      seen[channel, default: [:]][start] = occurrence + 1
      func number(_ column: Int) throws(InputError) -> Double {
        let value = row.fields[column].trimmingWhitespace()
        guard let number = Double(value), number >= 0, number <= VolumeHistory.mostContacts else {
          throw table.error(
            row, column: column,
            "'\(value)' is not a number of contacts from 0 to \(Int(VolumeHistory.mostContacts))")
        }
        return number
      }
      let mean = try number(forecastColumn)
      var bounds: [Double] = []
      for column in boundColumns {
        if let column, !row.fields[column].trimmingWhitespace().isEmpty {
          bounds.append(try number(column))
        } else {
          bounds.append(mean)
        }
      }
      var point = ForecastPoint(
        interval: matches[occurrence], channel: channel, mean: mean, lo80: bounds[0], hi80: bounds[1],
        lo95: bounds[2], hi95: bounds[3])
      if let handleTimeColumn, case let text = row.fields[handleTimeColumn].trimmingWhitespace(),
        !text.isEmpty
      {
        guard let seconds = Double(text), seconds > 0, seconds <= 86_400 else {
          throw table.error(
            row, column: handleTimeColumn, "'\(text)' is not a handle time above 0 and at most a day")
        }
        point.ahtSeconds = seconds
      }
      points.append(point)
    }
    return points
  }
}

/// Reads a requirements file (`timestamp,channel,forecast,net_agents,gross_agents[,
/// work_agent_intervals,due]`) back onto a scenario's grid.
public enum RequirementsFile {
  public static func read(_ table: CSVTable, grid: TimeGrid, channels: [Channel]) throws(InputError)
    -> [Requirement]
  {
    let timestampColumn = try table.requireColumn("timestamp")
    let channelColumn = try table.requireColumn("channel")
    let grossColumn = try table.requireColumn("gross_agents")
    let netColumn = table.columnIndex("net_agents")
    let forecastColumn = table.columnIndex("forecast")
    let workColumn = table.columnIndex("work_agent_intervals")
    let dueColumn = table.columnIndex("due")
    let known = Set(channels.map(\.name))
    var intervalsByDate: [LocalDate: [GridInterval]] = [:]
    func interval(_ text: String, _ row: CSVRow, _ column: Int) throws(InputError) -> GridInterval {
      guard let start = LocalDateTime(iso: text) else {
        throw table.error(row, column: column, "'\(text)' is not a timestamp like 2026-12-07T07:30:00")
      }
      if intervalsByDate[start.date] == nil { intervalsByDate[start.date] = grid.intervals(on: start.date) }
      guard let found = intervalsByDate[start.date]!.first(where: { $0.start == start }) else {
        throw table.error(
          row, column: column, "\(text) is not the start of a \(grid.intervalMinutes)-minute interval")
      }
      return found
    }
    // Agents and agent-intervals of work up to what one queue is staffed for, contacts up
    // to what a history may hold.
    func number(_ row: CSVRow, _ column: Int, most: Double = ErlangC.maxLoad) throws(InputError) -> Double {
      let text = row.fields[column].trimmingWhitespace()
      guard let value = Double(text), value >= 0, value <= most else {
        throw table.error(row, column: column, "'\(text)' is not a number from 0 to \(Int(most))")
      }
      return value
    }
    var result: [Requirement] = []
    for row in table.rows {
      let channel = String(row.fields[channelColumn].trimmingWhitespace())
      guard known.contains(channel) else {
        throw table.error(row, column: channelColumn, "channel '\(channel)' is not defined in the scenario")
      }
      let gross = try number(row, grossColumn)
      guard gross == gross.rounded() else {
        throw table.error(row, column: grossColumn, "agents must be whole")
      }
      var requirement = Requirement(
        interval: try interval(row.fields[timestampColumn], row, timestampColumn), channel: channel,
        forecast: try forecastColumn.map { column throws(InputError) in
          try number(row, column, most: VolumeHistory.mostContacts)
        } ?? 0,
        netAgents: Int(try netColumn.map { column throws(InputError) in try number(row, column) } ?? gross),
        grossAgents: Int(gross))
      if let workColumn, !row.fields[workColumn].trimmingWhitespace().isEmpty {
        requirement.work = try number(row, workColumn)
      }
      if let dueColumn, !row.fields[dueColumn].trimmingWhitespace().isEmpty {
        requirement.due = try interval(row.fields[dueColumn], row, dueColumn)
      }
      result.append(requirement)
    }
    return result
  }
}

extension Formats {
  /// Per interval and channel: `timestamp,channel,required,scheduled,shortfall` (agents on
  /// task from the roster, gross requirement).
  public static func coverageCSV(_ requirements: [Requirement], roster: Roster, intervalMinutes: Int)
    -> String
  {
    let onTask = roster.agentsOnTask(
      in: Array(Set(requirements.map(\.interval))), intervalMinutes: intervalMinutes)
    var writer = CSVWriter(header: ["timestamp", "channel", "required", "scheduled", "shortfall"])
    for item in requirements.sorted(by: { ($0.interval, $0.channel) < ($1.interval, $1.channel) }) {
      let scheduled = onTask[item.channel]?[item.interval.start] ?? 0
      writer.append([
        item.interval.start.description, item.channel, String(item.grossAgents),
        scheduled.formatted(maxDecimals: 3),
        max(0, Double(item.grossAgents) - scheduled).formatted(maxDecimals: 3),
      ])
    }
    return writer.text
  }

  /// The solver summary `rota schedule --format json` prints.
  public static func solverJSON(_ solution: MIPSolution) -> JSONValue {
    .object([
      "status": .string(solution.status.rawValue), "objective": .number(solution.objective, decimals: 4),
      "bound": .number(solution.bound, decimals: 4), "gap": .number(solution.gap, decimals: 6),
      "seconds": .number(solution.seconds, decimals: 2),
    ])
  }
}
