import Forecasting
import Foundation
import RotaCore

/// Loading history files of either kind, for `rota forecast`.
public enum HistoryFile {
  /// Interval counts when the file has a `volume` column (or an alias such as `y` or `calls`),
  /// otherwise a ticket log read by
  /// `timeColumn`. Without a channel column everything belongs to `defaultChannel`.
  public static func load(
    _ path: String, grid: TimeGrid, timeColumn: String, defaultChannel: String, knownChannels: Set<String>?,
    delimiter: UInt8 = UInt8(ascii: ","), mostPerInterval: [String: Double] = [:]
  ) throws(InputError) -> [String: VolumeHistory] {
    // Read a block at a time: a history may run to millions of lines.
    let table = try CSVFileRows(contentsOf: path, delimiter: delimiter)
    if HistoryReader.isIntervalCounts(table) {
      return try HistoryReader.read(
        table, grid: grid, defaultChannel: defaultChannel, knownChannels: knownChannels,
        mostPerInterval: mostPerInterval)
    }
    guard table.columnIndex(timeColumn) != nil else {
      throw .invalid(
        SourceLocation(file: path, line: 1, field: timeColumn),
        CSVDelimiter.hint(forHeader: table.header)
          ?? "neither a 'volume' column (interval counts) nor a '\(timeColumn)' column (ticket log); name the time column with --time-column"
      )
    }
    let histories = try TicketLogReader.read(
      table, grid: grid, timeColumn: timeColumn, defaultChannel: defaultChannel)
    if let knownChannels, let unknown = histories.keys.sorted().first(where: { !knownChannels.contains($0) })
    {
      throw .invalid(
        SourceLocation(file: path, field: "channel"), "channel '\(unknown)' is not defined in the scenario")
    }
    return histories
  }
}

/// How `rota forecast --backtest` shows its scores.
public enum BacktestReport {
  static let header = [
    "method", "wape", "wape_day", "wape_week", "mase", "rmse", "coverage80", "coverage95",
    "coverage80_terciles",
    "coverage95_terciles", "seconds", "note",
  ]

  static func row(_ score: MethodScore) -> [String] {
    [
      score.method, score.wape.formatted(maxDecimals: 4), score.dailyWAPE.formatted(maxDecimals: 4),
      score.weeklyWAPE.formatted(maxDecimals: 4), score.mase.formatted(maxDecimals: 3),
      score.rmse.formatted(maxDecimals: 3), score.coverage80.formatted(maxDecimals: 3),
      score.coverage95.formatted(maxDecimals: 3),
      score.coverageByTercile.map { $0.coverage80.formatted(maxDecimals: 2) }.joined(separator: "/"),
      score.coverageByTercile.map { $0.coverage95.formatted(maxDecimals: 2) }.joined(separator: "/"),
      score.seconds.formatted(maxDecimals: 3), score.note ?? "",
    ]
  }

  public static func csv(_ scores: [String: [MethodScore]]) -> String {
    var writer = CSVWriter(header: ["channel"] + header)
    for channel in scores.keys.sorted() {
      for score in scores[channel]! { writer.append([channel] + row(score)) }
    }
    return writer.text
  }

  public static func json(_ scores: [String: [MethodScore]]) -> JSONValue {
    .object(
      scores.mapValues { list in
        .array(
          list.map { score in
            .object([
              "method": .string(score.method), "wape": .number(score.wape, decimals: 6),
              "wape_day": .number(score.dailyWAPE, decimals: 6),
              "wape_week": .number(score.weeklyWAPE, decimals: 6),
              "mase": .number(score.mase, decimals: 6), "rmse": .number(score.rmse, decimals: 6),
              "coverage80": .number(score.coverage80, decimals: 6),
              "coverage95": .number(score.coverage95, decimals: 6),
              "coverage80_terciles": .array(
                score.coverageByTercile.map { .number($0.coverage80, decimals: 6) }),
              "coverage95_terciles": .array(
                score.coverageByTercile.map { .number($0.coverage95, decimals: 6) }),
              "seconds": .number(score.seconds, decimals: 4),
              "note": score.note.map(JSONValue.string) ?? .null,
            ])
          })
      })
  }

  public static func table(_ scores: [String: [MethodScore]], origins: Int) -> String {
    var text = ""
    for channel in scores.keys.sorted() {
      text += "\(channel): \(origins) weekly origins, week-ahead\n"
      let rows = [header] + scores[channel]!.map(row)
      let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
      for row in rows {
        text +=
          zip(row, widths).enumerated().map { index, cell in
            index == 0 || index == header.count - 1
              ? cell.0.padding(toLength: cell.1, withPad: " ", startingAt: 0)
              : String(repeating: " ", count: cell.1 - cell.0.count) + cell.0
          }.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
      }
      text += "\n"
    }
    return text
  }
}
