import Foundation
import RotaCore

extension PlanReport {
  /// The report's section on forecast accuracy by week, from a workspace: WAPE per channel
  /// and week as lines (one colour per channel), and the table `rota accuracy` prints.
  static func accuracySection(_ rows: [WeekAccuracy]) -> String {
    let measured = rows.filter { $0.wape != nil }
    guard !measured.isEmpty else {
      return
        "<h2>Forecast accuracy by week</h2>\n<p class=\"note\">No actuals stored for the planned weeks yet (rota actuals import).</p>\n"
    }
    let weeks = Array(Set(measured.map(\.weekStart))).sorted()
    let channels = Array(Set(measured.map(\.channel))).sorted()
    let colours = ["#1f5fbf", "#e07b00", "#2e7d32", "#8e24aa", "#c62828"]
    let top = max(0.05, (measured.compactMap(\.wape).max() ?? 0) * 1.15)
    var frame = Frame(xMax: Double(max(1, weeks.count - 1)), yMax: top * 100)
    frame.width = 700
    frame.height = 220
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"700\" height=\"220\" role=\"img\" aria-label=\"forecast WAPE by week\">"
    svg += frame.axes(
      days: weeks.enumerated().map { ("\($0.element.day)/\($0.element.month)", Double($0.offset)) })
    for (index, channel) in channels.enumerated() {
      let colour = colours[index % colours.count]
      let points = weeks.enumerated().compactMap { position, week -> (Double, Double)? in
        measured.first { $0.weekStart == week && $0.channel == channel }?.wape.map {
          (Double(position), $0 * 100)
        }
      }
      svg +=
        "<path d=\"\(path(points, frame: frame))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
      for point in points {
        svg +=
          "<circle cx=\"\(number(frame.x(point.0)))\" cy=\"\(number(frame.y(point.1)))\" r=\"3\" fill=\"\(colour)\"/>"
      }
      svg +=
        "<text x=\"\(frame.width - 120)\" y=\"\(20 + 14 * index)\" fill=\"\(colour)\">\(escape(channel))</text>"
    }
    svg += "</svg>\n"
    return """
      <h2>Forecast accuracy by week</h2>
      <p class="note">WAPE (%) of each planned week's published forecast against the actuals stored in the \
      workspace, per channel; the table gives bias, interval coverage and service levels.</p>
      \(svg)<pre>\(escape(ForecastAccuracy.table(rows)))</pre>

      """
  }
}
