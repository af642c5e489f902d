import Foundation
import RotaCore
import Store

/// How one week's forecast snapshot did against the actuals, for one channel.
public struct WeekAccuracy: Sendable, Equatable {
  public var weekStart: LocalDate
  public var channel: String
  /// The run whose snapshot is measured: the week's latest published version, or else its
  /// latest run.
  public var runID: Int64
  public var publishedVersion: Int?
  /// Intervals with both a forecast and an actual.
  public var intervals: Int
  public var actual: Double
  public var forecast: Double
  /// Σ|actual − forecast| ÷ Σ actual, over the compared intervals.
  public var wape: Double?
  /// (Σ forecast − Σ actual) ÷ Σ actual: above 0 the forecast ran high.
  public var bias: Double?
  /// Share of compared intervals whose actual lies in the forecast's 80% and 95% intervals.
  public var coverage80: Double?
  public var coverage95: Double?
  /// Service level the roster was planned at (forecast-weighted) and achieved (weighted by
  /// offered contacts, where the actuals say).
  public var plannedServiceLevel: Double?
  public var achievedServiceLevel: Double?
}

/// Forecast accuracy week over week, from a workspace's snapshots and actuals: what a planner
/// reads on Monday. Intervals an hour repeated when clocks went back are summed, as actuals
/// are stored by wall-clock start.
public enum ForecastAccuracy {
  /// The last `weeks` planned weeks, oldest first, each channel a row.
  public static func weeks(_ workspace: Workspace, last weeks: Int) throws(StoreError) -> [WeekAccuracy] {
    let runs = try workspace.runs()
    let planned = Array(Set(runs.map(\.weekStart)).sorted().suffix(weeks))
    var rows: [WeekAccuracy] = []
    for week in planned {
      let ofWeek = runs.filter { $0.weekStart == week }
      let published = ofWeek.filter { $0.publishedVersion != nil }.max {
        $0.publishedVersion! < $1.publishedVersion!
      }
      guard let run = published ?? ofWeek.last else { continue }
      let actuals = try workspace.actuals(from: week, until: week.adding(days: run.days))
      rows += measure(
        snapshot: try workspace.intervals(run: run.id), actuals: actuals, week: week, runID: run.id,
        publishedVersion: run.publishedVersion)
    }
    return rows
  }

  /// One snapshot against actuals, per channel (every channel of the snapshot, compared or not).
  static func measure(
    snapshot: [IntervalRecord], actuals: [ActualRecord], week: LocalDate, runID: Int64, publishedVersion: Int?
  ) -> [WeekAccuracy] {
    struct Key: Hashable {
      var channel: String
      var start: LocalDateTime
    }
    var merged: [Key: IntervalRecord] = [:]
    for row in snapshot {
      let key = Key(channel: row.channel, start: row.start)
      if var earlier = merged[key] {
        earlier.forecast += row.forecast
        earlier.lo80 += row.lo80
        earlier.hi80 += row.hi80
        earlier.lo95 += row.lo95
        earlier.hi95 += row.hi95
        merged[key] = earlier
      } else {
        merged[key] = row
      }
    }
    let actual = Dictionary(
      actuals.map { (Key(channel: $0.channel, start: $0.start), $0) }, uniquingKeysWith: { _, last in last })
    var rows: [WeekAccuracy] = []
    for channel in Set(snapshot.map(\.channel)).sorted() {
      var row = WeekAccuracy(
        weekStart: week, channel: channel, runID: runID, publishedVersion: publishedVersion, intervals: 0,
        actual: 0,
        forecast: 0)
      var absolute = 0.0
      var inside80 = 0
      var inside95 = 0
      var planned = (weighted: 0.0, weight: 0.0)
      var achieved = (weighted: 0.0, weight: 0.0)
      for (key, forecast) in merged where key.channel == channel {
        guard let seen = actual[key] else { continue }
        row.intervals += 1
        row.actual += seen.offered
        row.forecast += forecast.forecast
        absolute += abs(seen.offered - forecast.forecast)
        if (forecast.lo80...forecast.hi80).contains(seen.offered) { inside80 += 1 }
        if (forecast.lo95...forecast.hi95).contains(seen.offered) { inside95 += 1 }
        if let level = forecast.plannedServiceLevel {
          planned.weighted += level * forecast.forecast
          planned.weight += forecast.forecast
        }
        if let level = seen.serviceLevel {
          achieved.weighted += level * seen.offered
          achieved.weight += seen.offered
        }
      }
      if row.actual > 0 {
        row.wape = absolute / row.actual
        row.bias = (row.forecast - row.actual) / row.actual
      }
      if row.intervals > 0 {
        row.coverage80 = Double(inside80) / Double(row.intervals)
        row.coverage95 = Double(inside95) / Double(row.intervals)
      }
      if planned.weight > 0 { row.plannedServiceLevel = planned.weighted / planned.weight }
      if achieved.weight > 0 { row.achievedServiceLevel = achieved.weighted / achieved.weight }
      rows.append(row)
    }
    return rows
  }

  public static let csvHeader = [
    "week_start", "channel", "run_id", "published_version", "intervals", "actual", "forecast", "wape", "bias",
    "coverage80", "coverage95", "planned_service_level", "achieved_service_level",
  ]

  public static func csv(_ rows: [WeekAccuracy]) -> String {
    func number(_ value: Double?, _ decimals: Int = 4) -> String {
      value.map { $0.formatted(maxDecimals: decimals) } ?? ""
    }
    var writer = CSVWriter(header: csvHeader)
    for row in rows {
      writer.append([
        row.weekStart.description, row.channel, String(row.runID),
        row.publishedVersion.map(String.init) ?? "",
        String(row.intervals), number(row.actual, 3), number(row.forecast, 3), number(row.wape),
        number(row.bias),
        number(row.coverage80), number(row.coverage95), number(row.plannedServiceLevel),
        number(row.achievedServiceLevel),
      ])
    }
    return writer.text
  }

  public static func json(_ rows: [WeekAccuracy]) -> String {
    let values: [JSONValue] = rows.map { row in
      func number(_ value: Double?) -> JSONValue { .number(value, decimals: 6) }
      return .object([
        "week_start": .string(row.weekStart.description), "channel": .string(row.channel),
        "run_id": .number(Double(row.runID)),
        "published_version": number(row.publishedVersion.map(Double.init)),
        "intervals": .number(Double(row.intervals)), "actual": number(row.actual),
        "forecast": number(row.forecast),
        "wape": number(row.wape), "bias": number(row.bias), "coverage80": number(row.coverage80),
        "coverage95": number(row.coverage95), "planned_service_level": number(row.plannedServiceLevel),
        "achieved_service_level": number(row.achievedServiceLevel),
      ])
    }
    return JSONValue.object(["weeks": .array(values)]).text
  }

  /// The table `rota accuracy` prints.
  public static func table(_ rows: [WeekAccuracy]) -> String {
    func percent(_ value: Double?, signed: Bool = false) -> String {
      guard let value else { return "–" }
      return (signed && value >= 0 ? "+" : "") + (value * 100).formatted(maxDecimals: 1) + "%"
    }
    let header = [
      "week", "channel", "run", "snapshot", "intervals", "actual", "forecast", "WAPE", "bias", "in 80%",
      "in 95%",
      "planned SL", "achieved SL",
    ]
    let body = rows.map { row in
      [
        row.weekStart.description, row.channel, String(row.runID),
        row.publishedVersion.map { "published v\($0)" } ?? "latest run", String(row.intervals),
        row.actual.formatted(maxDecimals: 0), row.forecast.formatted(maxDecimals: 0), percent(row.wape),
        percent(row.bias, signed: true), percent(row.coverage80), percent(row.coverage95),
        percent(row.plannedServiceLevel), percent(row.achievedServiceLevel),
      ]
    }
    let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max()! }
    return ([header] + body).map { cells in
      cells.enumerated().map { column, cell in
        column < 4
          ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[column] - cell.count) + cell
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }
}
