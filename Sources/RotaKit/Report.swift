import Forecasting
import Foundation
import RotaCore
import Scheduling
import Scoring

/// The planner's report: one self-contained HTML file (inline SVG, no scripts, no network)
/// that reads on screen and on paper.
public enum PlanReport {
  /// The report of a plan, with a what-if table, a cost–service frontier and forecast
  /// accuracy by week (from a workspace) when given.
  public static func html(
    _ result: PlanResult, history: [String: VolumeHistory], whatIf: [WhatIf.Outcome]? = nil,
    accuracy: [WeekAccuracy]? = nil
  )
    -> String
  {
    let scenario = result.scenario
    var body = "<h1>\(escape(scenario.name))</h1>\n"
    body +=
      "<p class=\"sub\">Week from \(scenario.planStart), \(scenario.planDays) days · \(scenario.employees.count) employees · "
    body +=
      "interval \(scenario.grid.intervalMinutes) min · \(escape(scenario.grid.timeZone.identifier))</p>\n"
    body += kpiTable(result)
    if !result.historyWarnings.isEmpty || !result.historyNotes.isEmpty {
      body += "<h2>What the history said</h2>\n<ul>\n"
      for warning in result.historyWarnings { body += "<li class=\"fail\">\(escape(warning))</li>\n" }
      for note in result.historyNotes { body += "<li>\(escape(note))</li>\n" }
      body += "</ul>\n"
    }
    body +=
      "<h2>Forecast against history</h2>\n<p class=\"note\">The last two weeks of history (grey), the forecast (blue) with its 80% and 95% bands.</p>\n"
    for channel in scenario.channels {
      body +=
        "<h3>\(escape(channel.name))</h3>\n"
        + forecastChart(result, channel: channel.name, history: history[channel.name])
    }
    body +=
      "<h2>Required and scheduled agents</h2>\n<p class=\"note\">Per interval: gross agents required (orange) and agents on task from the roster, breaks taken out (blue). For email the orange line is the day's steady level that answers the target share in time; the roster may place the work anywhere before its deadline.</p>\n"
    for channel in scenario.channels {
      body += "<h3>\(escape(channel.name))</h3>\n" + coverageChart(result, channel: channel.name)
    }
    body += "<h2>Roster</h2>\n" + rosterChart(result)
    if let accuracy { body += accuracySection(accuracy) }
    if let whatIf {
      body += "<h2>What if</h2>\n" + whatIfTable(whatIf)
      let frontier = whatIf.compactMap { outcome in outcome.plan.map { (outcome.name, $0) } }.filter {
        $0.0 == "base" || $0.0.contains("service_level=")
      }
      if frontier.count > 2 { body += "<h3>Cost of service</h3>\n" + frontierChart(frontier) }
    }
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>\(escape(scenario.name)) — Rota report</title>
      <style>
      body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:1200px}
      h1{margin-bottom:0}h2{margin-top:32px;border-bottom:1px solid #ccc}h3{margin:16px 0 4px}
      .sub,.note{color:#555;margin-top:4px}table{border-collapse:collapse;margin:8px 0}
      td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
      th{max-width:110px;overflow-wrap:anywhere;font-weight:600}
      .pass{color:#1a7f37;font-weight:bold}.fail{color:#c62828;font-weight:bold}
      svg{display:block;margin:4px 0 12px}text{font-size:11px;fill:#333}
      @media print{body{margin:0}h2{page-break-before:auto}svg{page-break-inside:avoid}}
      </style></head><body>
      \(body)</body></html>

      """
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  static func number(_ value: Double, _ decimals: Int = 1) -> String {
    value.formatted(maxDecimals: decimals)
  }

  static func kpiTable(_ result: PlanResult) -> String {
    var rows = ""
    func percent(_ value: Double?) -> String { value.map { number($0 * 100) + "%" } ?? "–" }
    let verdicts = TargetVerdict.all(result.score, channels: result.scenario.channels)
    for channel in result.scenario.channels {
      guard let kpis = result.score.channels[channel.name] else { continue }
      var target = "–"
      if let level = channel.serviceLevel {
        target = "\(level)"
      } else if channel.kind == .email {
        target = channel.deadlineTarget
      }
      // Met only when every target of the channel is: abandonment and ASA caps included.
      let missed = verdicts.filter { $0.channel == channel.name && !$0.met }.map(\.target.rawValue)
      let verdict =
        missed.isEmpty
        ? "<span class=\"pass\">met</span>"
        : "<span class=\"fail\">missed: \(escape(missed.joined(separator: ", ")))</span>"
      rows +=
        "<tr><td>\(escape(channel.name))</td><td>\(number(kpis.contacts, 0))</td><td>\(percent(kpis.serviceLevel))</td>"
      rows += "<td>\(escape(target)) \(verdict)</td><td>\(kpis.asaSeconds.map { number($0) } ?? "–")</td>"
      rows +=
        "<td>\(percent(kpis.abandonRate))</td><td>\(percent(kpis.occupancy))</td><td>\(percent(kpis.emailWithinDeadline))</td>"
      rows += "<td>\(kpis.understaffedIntervals)</td></tr>\n"
    }
    let score = result.score
    let solver = result.shiftPlan.solution
    return """
      <h2>KPIs against targets</h2>
      <table><tr><th>channel</th><th>contacts</th><th>service level</th><th>target</th><th>ASA s</th><th>abandon</th><th>occupancy</th><th>email in deadline</th><th>intervals below target</th></tr>
      \(rows)</table>
      <p>Paid hours <b>\(number(score.paidHours))</b> · labour cost <b>\(number(score.laborCost, 2))</b> · \
      \(score.costPerContact.map { "cost per contact <b>\(number($0, 2))</b> · " } ?? "")open shifts \(result.roster.openShifts.count) · \
      solver \(solver.status.rawValue), cost \(solver.objective.map { number($0, 2) } ?? "–"), LP bound \(solver.bound.map { number($0, 2) } ?? "–"), \
      gap \(solver.gap.map { number($0 * 100, 2) + "%" } ?? "–")</p>

      """
  }

  /// A chart frame: width × height with margins, x in [0, xMax], y in [0, yMax].
  struct Frame {
    var width = 1100.0
    var height = 180.0
    var left = 40.0
    var bottom = 22.0
    var xMax: Double
    var yMax: Double

    func x(_ value: Double) -> Double { left + value / max(xMax, 1e-9) * (width - left - 10) }
    func y(_ value: Double) -> Double { height - bottom - value / max(yMax, 1e-9) * (height - bottom - 8) }

    /// Axes with a gridline and label at each day's first interval (`days`: label and its x
    /// position in intervals), since days hold different numbers of open intervals.
    func axes(days: [(label: String, at: Double)]) -> String {
      var svg =
        "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>"
      svg += "<line x1=\"\(left)\" y1=\"8\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>"
      for tick in 0...4 {
        let value = yMax * Double(tick) / 4
        svg += "<text x=\"\(left - 4)\" y=\"\(y(value) + 4)\" text-anchor=\"end\">\(number(value, 0))</text>"
        svg +=
          "<line x1=\"\(left)\" y1=\"\(y(value))\" x2=\"\(width - 10)\" y2=\"\(y(value))\" stroke=\"#eee\"/>"
      }
      for day in days {
        let position = x(day.at)
        svg +=
          "<line x1=\"\(position)\" y1=\"8\" x2=\"\(position)\" y2=\"\(height - bottom)\" stroke=\"#ddd\"/>"
        svg += "<text x=\"\(position + 3)\" y=\"\(height - 6)\">\(escape(day.label))</text>"
      }
      return svg
    }
  }

  /// Each day's label at the position of its first interval, for dates in interval order.
  static func dayStarts(_ dates: [LocalDate]) -> [(label: String, at: Double)] {
    dates.indices.filter { $0 == 0 || dates[$0] != dates[$0 - 1] }.map { (dayLabel(dates[$0]), Double($0)) }
  }

  static func path(_ points: [(Double, Double)], frame: Frame) -> String {
    points.enumerated().map { index, point in
      "\(index == 0 ? "M" : "L")\(number(frame.x(point.0), 1)),\(number(frame.y(point.1), 1))"
    }.joined()
  }

  /// Positions along a chart: each open interval of the shown days gets one slot, days
  /// side by side, so closed hours take no room.
  static func dayLabel(_ date: LocalDate) -> String {
    "\(date.weekday.shortName.capitalized) \(date.day)/\(date.month)"
  }

  static func forecastChart(_ result: PlanResult, channel: String, history: VolumeHistory?) -> String {
    let points = result.forecast.filter { $0.channel == channel }.sorted { $0.interval < $1.interval }
    guard !points.isEmpty else { return "<p>No open intervals.</p>" }
    let first = result.scenario.planStart.adding(days: -14)
    let pastIntervals = result.scenario.openingHours.openIntervals(
      of: result.scenario.grid, from: first, through: result.scenario.planStart.adding(days: -1))
    let past = pastIntervals.compactMap { interval in history?.volumes[interval.start].map { (interval, $0) }
    }
    let total = Double(past.count + points.count)
    let yMax = max(points.map(\.hi95).max() ?? 1, past.map(\.1).max() ?? 1) * 1.05
    let frame = Frame(xMax: total, yMax: yMax)
    let days = dayStarts(past.map(\.0.start.date) + points.map(\.interval.start.date))
    let offset = Double(past.count)
    let band95 =
      path(points.enumerated().map { (offset + Double($0), $1.hi95) }, frame: frame)
      + path(points.enumerated().reversed().map { (offset + Double($0), $1.lo95) }, frame: frame)
      .replacingOccurrences(of: "M", with: "L")
    let band80 =
      path(points.enumerated().map { (offset + Double($0), $1.hi80) }, frame: frame)
      + path(points.enumerated().reversed().map { (offset + Double($0), $1.lo80) }, frame: frame)
      .replacingOccurrences(of: "M", with: "L")
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(frame.width)\" height=\"\(frame.height)\" role=\"img\" aria-label=\"forecast \(escape(channel))\">"
    svg += frame.axes(days: days)
    svg += "<path d=\"\(band95)Z\" fill=\"#cfe0f5\"/><path d=\"\(band80)Z\" fill=\"#9fc1ea\"/>"
    svg +=
      "<path d=\"\(path(past.enumerated().map { (Double($0), $1.1) }, frame: frame))\" fill=\"none\" stroke=\"#888\"/>"
    svg +=
      "<path d=\"\(path(points.enumerated().map { (offset + Double($0), $1.mean) }, frame: frame))\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.5\"/>"
    svg +=
      "<line x1=\"\(frame.x(offset))\" y1=\"8\" x2=\"\(frame.x(offset))\" y2=\"\(frame.height - frame.bottom)\" stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>"
    svg += "<text x=\"\(frame.x(offset) + 4)\" y=\"18\">forecast from \(result.scenario.planStart)</text>"
    svg += "<text x=\"\(frame.left + 4)\" y=\"18\">history since \(first)</text>"
    return svg + "</svg>\n"
  }

  static func coverageChart(_ result: PlanResult, channel: String) -> String {
    let requirements = result.requirements.filter { $0.channel == channel }.sorted {
      $0.interval < $1.interval
    }
    guard !requirements.isEmpty else { return "<p>No open intervals.</p>" }
    let intervals = requirements.map(\.interval)
    let onTask =
      result.roster.agentsOnTask(in: intervals, intervalMinutes: result.scenario.grid.intervalMinutes)[
        channel] ?? [:]
    let required = requirements.map { Double($0.grossAgents) }
    let scheduled = intervals.map { onTask[$0.start] ?? 0 }
    let frame = Frame(
      xMax: Double(intervals.count), yMax: max(required.max() ?? 1, scheduled.max() ?? 1) * 1.1 + 1)
    func steps(_ values: [Double]) -> [(Double, Double)] {
      values.enumerated().flatMap { [(Double($0), $1), (Double($0 + 1), $1)] }
    }
    let days = dayStarts(intervals.map(\.start.date))
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(frame.width)\" height=\"\(frame.height)\" role=\"img\" aria-label=\"coverage \(escape(channel))\">"
    svg += frame.axes(days: days)
    svg +=
      "<path d=\"\(path(steps(scheduled), frame: frame))\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.5\"/>"
    svg +=
      "<path d=\"\(path(steps(required), frame: frame))\" fill=\"none\" stroke=\"#e07b00\" stroke-width=\"1.5\"/>"
    return svg + "</svg>\n"
  }

  static func rosterChart(_ result: PlanResult) -> String {
    let scenario = result.scenario
    let open = scenario.openingHours
    let dayStart = open.ranges.values.flatMap { $0 }.map(\.open.minutes).min() ?? 0
    let dayEnd = open.ranges.values.flatMap { $0 }.map(\.close.minutes).max() ?? 1440
    let dates = scenario.planDates.filter { open.isOpen(on: $0) }
    let rowHeight = 13.0
    let labelWidth = 170.0
    let dayWidth = (1100 - labelWidth) / Double(max(dates.count, 1))
    let employees = scenario.employees.filter { employee in
      result.roster.assignments.contains { $0.employeeID == employee.id }
    }
    let height = Double(employees.count) * rowHeight + 30
    let colours = ["#1f5fbf", "#2e9e5b", "#8e44ad", "#c0392b", "#d68910"]
    let channelColour = Dictionary(
      scenario.channels.enumerated().map { ($1.name, colours[$0 % colours.count]) },
      uniquingKeysWith: { a, _ in a })
    func x(_ date: LocalDate, _ minute: Int) -> Double? {
      guard let index = dates.firstIndex(of: date) else { return nil }
      // A night shift's minutes past midnight run on into the next day's column.
      return min(
        1100,
        labelWidth + Double(index) * dayWidth + Double(minute - dayStart) / Double(max(dayEnd - dayStart, 1))
          * (dayWidth - 4))
    }
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1100\" height=\"\(height)\" role=\"img\" aria-label=\"roster\">"
    for (index, date) in dates.enumerated() {
      let left = labelWidth + Double(index) * dayWidth
      svg +=
        "<rect x=\"\(number(left))\" y=\"0\" width=\"\(number(dayWidth - 4))\" height=\"\(height - 12)\" fill=\"\(index % 2 == 0 ? "#f7f7f7" : "#fdfdfd")\"/>"
      svg +=
        "<text x=\"\(number(left + 3))\" y=\"\(height - 2)\">\(dayLabel(date)) \(TimeOfDay(minutes: dayStart)!)–\(TimeOfDay(minutes: dayEnd)!)</text>"
    }
    let byEmployee = Dictionary(grouping: result.roster.assignments, by: \.employeeID)
    for (row, employee) in employees.enumerated() {
      let top = Double(row) * rowHeight + 2
      svg += "<text x=\"2\" y=\"\(number(top + 10))\">\(escape(employee.id)) \(escape(employee.name))</text>"
      for assignment in byEmployee[employee.id] ?? [] {
        let shift = assignment.shift
        guard let start = x(shift.date, shift.start), let end = x(shift.date, shift.end) else { continue }
        svg +=
          "<rect x=\"\(number(start))\" y=\"\(number(top))\" width=\"\(number(end - start))\" height=\"\(number(rowHeight - 3))\" fill=\"\(channelColour[shift.channel] ?? "#555")\"><title>\(escape("\(employee.name): \(shift.channel) \(Formats.clock(shift.start))–\(Formats.clock(shift.end))"))</title></rect>"
        for item in shift.breaks {
          guard let breakStart = x(shift.date, item.start), let breakEnd = x(shift.date, item.end) else {
            continue
          }
          svg +=
            "<rect x=\"\(number(breakStart))\" y=\"\(number(top))\" width=\"\(number(max(1, breakEnd - breakStart)))\" height=\"\(number(rowHeight - 3))\" fill=\"#fff\" opacity=\"0.85\"/>"
        }
      }
    }
    svg += "</svg>\n"
    let legend = scenario.channels.map {
      "<span style=\"color:\(channelColour[$0.name]!)\">■</span> \(escape($0.name))"
    }
    .joined(separator: " &nbsp; ")
    return "<p class=\"note\">One row per employee; white gaps are breaks. \(legend)</p>\n" + svg
  }

  static func whatIfTable(_ results: [WhatIf.Outcome]) -> String {
    var html =
      "<table><tr><th>metric</th>" + results.map { "<th>\(escape($0.name))</th>" }.joined() + "</tr>\n"
    for row in WhatIf.rows.indices {
      html +=
        "<tr><td>\(escape(WhatIf.rows[row].name))</td>"
        + results.map { "<td>\(escape(WhatIf.cell($0, row: row)))</td>" }.joined() + "</tr>\n"
    }
    html += "</table>\n"
    for outcome in results {
      if let failure = outcome.failure {
        html += "<p>\(escape(outcome.name)) failed: \(escape(failure))</p>\n"
      }
    }
    return html
  }

  static func frontierChart(_ results: [(String, PlanResult)]) -> String {
    let points = results.compactMap { result -> (Double, Double)? in
      guard let level = result.1.score.overall.serviceLevel else { return nil }
      return (level * 100, result.1.score.laborCost)
    }.sorted { $0.0 < $1.0 }
    guard let low = points.first?.0, let high = points.last?.0, high > low else { return "" }
    let costs = points.map(\.1)
    let minimum = costs.min()! * 0.98
    var frame = Frame(xMax: high - low, yMax: costs.max()! - minimum)
    frame.width = 600
    frame.height = 260
    frame.left = 60
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"260\" role=\"img\" aria-label=\"cost of service\">"
    svg +=
      "<line x1=\"60\" y1=\"\(frame.height - frame.bottom)\" x2=\"590\" y2=\"\(frame.height - frame.bottom)\" stroke=\"#999\"/>"
    svg += "<line x1=\"60\" y1=\"8\" x2=\"60\" y2=\"\(frame.height - frame.bottom)\" stroke=\"#999\"/>"
    let shifted = points.map { ($0.0 - low, $0.1 - minimum) }
    svg += "<path d=\"\(path(shifted, frame: frame))\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\"/>"
    var labelled: [(Double, Double)] = []
    for (point, original) in zip(shifted, points) {
      let (cx, cy) = (frame.x(point.0), frame.y(point.1))
      svg += "<circle cx=\"\(number(cx))\" cy=\"\(number(cy))\" r=\"3\" fill=\"#1f5fbf\"/>"
      // Label each distinct point once, to the left when near the right edge.
      guard !labelled.contains(where: { abs($0.0 - cx) < 30 && abs($0.1 - cy) < 12 }) else { continue }
      labelled.append((cx, cy))
      let anchor = cx > 450 ? "end" : "start"
      svg +=
        "<text x=\"\(number(cx + (anchor == "end" ? -6 : 6)))\" y=\"\(number(max(14, cy - 6)))\" text-anchor=\"\(anchor)\">\(number(original.0))% · \(number(original.1, 0))</text>"
    }
    svg += "<text x=\"60\" y=\"\(frame.height - 8)\">\(number(low))%</text>"
    svg += "<text x=\"590\" y=\"\(frame.height - 8)\" text-anchor=\"end\">\(number(high))%</text>"
    svg += "<text x=\"300\" y=\"\(frame.height - 4)\" text-anchor=\"middle\">overall service level (%)</text>"
    svg +=
      "<text x=\"12\" y=\"130\" transform=\"rotate(-90 12 130)\" text-anchor=\"middle\">labour cost</text>"
    return svg + "</svg>\n"
  }
}
