import ArgumentParser
import Forecasting
import Foundation
import RotaCore
import RotaKit

struct Forecast: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Forecast contacts per interval from history, or backtest the methods.",
    discussion: """
      History is interval counts (timestamp,volume[,channel]; ds,y too; counts at a finer \
      step are summed into each interval) or a ticket log (one row per ticket; --time-column \
      names the creation time). Without --scenario, open hours are inferred: a slot is open on \
      a weekday when it had contacts then in the last eight weeks. Methods: \
      \(ForecastMethods.all.map(\.name).joined(separator: ", ")); auto averages the three with \
      the lowest week-ahead WAPE over the last four weeks. Every method but snaive leaves \
      unusual days (the day after a holiday, an outage) out of its estimates.

      Example:
        rota forecast --history history.csv --start 2026-12-07 --days 5 --interval 30m --out forecast.csv
        rota forecast --history history.csv --backtest 8
      """)

  @Option(help: "History CSV: interval counts or a ticket log.")
  var history: String

  @Option(help: "First day to forecast, YYYY-MM-DD (default: the day after the history ends).")
  var start: String?

  @Option(parsing: .unconditional, help: "Days to forecast.")
  var days: Int = 7

  @Option(help: "Interval length: 15m, 30m or 60m (ignored with --scenario).")
  var interval: String = "30m"

  @Option(help: "Forecasting method.")
  var method: String = "auto"

  @Option(help: "Scenario whose time zone, interval, opening hours and channels to use.")
  var scenario: String?

  @Option(help: "Time zone of a history without a scenario (default UTC: no clock changes).")
  var timeZone: String = "UTC"

  @Option(help: "Creation-time column of a ticket log.")
  var timeColumn: String = "created_at"

  @Option(help: "Field delimiter of a history without a scenario mapping: , ; | or tab.")
  var delimiter: String = ","

  @Option(
    help:
      "Closed days, YYYY-MM-DD,… (besides the scenario's): no forecast, and the next open day raised by the history's catch-up after holidays."
  )
  var holidays: String?

  @Option(
    parsing: .unconditional, help: "Score every method over this many weekly origins instead of forecasting.")
  var backtest: Int?

  @Option(help: "Forecast CSV to write (default: standard output).")
  var out: String?

  @Option(help: "Backtest output: table, csv or json.")
  var format: OutputFormat = .table

  func run() throws {
    guard let delimiterByte = CSVDelimiter.byte(delimiter) else {
      throw ValidationError("--delimiter takes , ; | or tab")
    }
    do {
      var grid: TimeGrid
      var open: [[Bool]]?
      var closed: Set<LocalDate> = []
      var special: [LocalDate: SpecialDay] = [:]
      var layout: IntervalExportLayout?
      var known: Set<String>?
      var inputs = [history]
      var loaded: Scenario?
      if let scenario {
        let read: Scenario
        do { read = try Scenario.load(scenario) } catch { throw PlanError.input(error) }
        loaded = read
        grid = read.grid
        open = ForecastRun.openSlots(read.openingHours, intervalMinutes: grid.intervalMinutes)
        closed = read.openingHours.holidays
        special = read.specialDays
        layout = read.historyLayout
        known = Set(read.channels.map(\.name))
        inputs += read.inputFiles
      } else {
        guard let zone = TimeZone(identifier: timeZone) else {
          throw ValidationError("--time-zone '\(timeZone)' is not a time zone name like Europe/Berlin")
        }
        guard let seconds = ErlangOptions.seconds(interval),
          let made = TimeGrid(timeZone: zone, intervalMinutes: Int(seconds) / 60)
        else { throw ValidationError("--interval must be 15m, 30m or 60m") }
        grid = made
      }
      for text in holidays?.split(separator: ",") ?? [] {
        guard let date = LocalDate(iso: text.trimmingWhitespace()) else {
          throw ValidationError("--holidays: '\(text)' is not a date like 2026-12-25")
        }
        closed.insert(date)
      }
      guard let chosen = ForecastMethods.named(method) else {
        throw ValidationError(
          "--method must be one of \(ForecastMethods.all.map(\.name).joined(separator: ", "))")
      }
      guard (1...ForecastRun.mostDays).contains(days) else {
        throw ValidationError("--days must be from 1 to \(ForecastRun.mostDays)")
      }
      var histories: [String: VolumeHistory]
      var contacts: [String: ContactHistory] = [:]
      do {
        if let layout {
          // The scenario's history is an interval report: --history is read as one.
          var skipped = IntervalExportReader.SkippedRows()
          contacts = try IntervalExportReader.read(
            CSVFileRows(contentsOf: history, delimiter: layout.delimiter), layout: layout, grid: grid,
            defaultChannel: known?.count == 1 ? known!.first! : nil, knownChannels: known, skipped: &skipped)
          if let note = skipped.note { FileHandle.standardError.write(Data("warning: \(note)\n".utf8)) }
          histories = contacts.mapValues(\.volume)
        } else {
          histories = try HistoryFile.load(
            history, grid: grid, timeColumn: timeColumn,
            defaultChannel: known?.count == 1 ? known!.first! : "all",
            knownChannels: known, delimiter: delimiterByte,
            mostPerInterval: loaded?.mostContactsPerInterval ?? [:])
        }
      } catch { throw PlanError.input(error) }
      if let loaded {
        histories = PlanPipeline.filled(histories, loaded)
        for note in [
          PlanPipeline.missingDaysNote(histories, loaded), HistoryQuality.nightPeak(histories, loaded),
        ].compactMap({ $0 }) {
          FileHandle.standardError.write(Data("warning: \(note)\n".utf8))
        }
        if let outside = HistoryQuality.outsideHours(histories, loaded) {
          let kind = outside.share > HistoryQuality.warnAbove ? "warning" : "note"
          FileHandle.standardError.write(Data("\(kind): \(outside.note)\n".utf8))
        }
      }
      guard let last = histories.values.flatMap({ $0.volumes.keys.map(\.date) }).max() else {
        throw PlanError.input(.invalid(SourceLocation(file: history), "the history has no rows"))
      }
      if let backtest {
        guard backtest >= 1 else { throw ValidationError("--backtest must be at least 1 week") }
        var scores: [String: [MethodScore]] = [:]
        var origins = backtest
        for (channel, series) in histories.sorted(by: { $0.key < $1.key }) {
          let matrix = SlotMatrix(history: series, intervalMinutes: grid.intervalMinutes, open: open)
          let allowed = Backtest.origins(end: matrix.dayCount, count: backtest).count
          guard allowed > 0 else {
            throw PlanError.input(
              .invalid(
                SourceLocation(file: history),
                "\(matrix.dayCount) days of '\(channel)' allow no backtest: a weekly origin needs two weeks of "
                  + "history before it and a week after"))
          }
          if allowed < backtest {
            FileHandle.standardError.write(
              Data(
                "note: \(matrix.dayCount) days of '\(channel)' allow \(allowed) weekly origins, not \(backtest)\n"
                  .utf8))
          }
          origins = min(origins, allowed)
          scores[channel] = Backtest.score(
            ForecastMethods.all, history: matrix, count: allowed, days: days, calendar: !closed.isEmpty)
        }
        // Handle time's backtest, when the history is an interval report: in the table, else
        // on stderr beside the CSV or JSON.
        let handleNotes = HandleTimes.attach([], contacts: contacts, start: last.adding(days: 1)).notes
        if format != .table {
          for note in handleNotes { FileHandle.standardError.write(Data("\(note)\n".utf8)) }
        }
        switch format {
        case .table:
          write(BacktestReport.table(scores, origins: origins), terminator: "")
          for note in handleNotes { write(note) }
        case .csv: write(BacktestReport.csv(scores), terminator: "")
        case .json: write(BacktestReport.json(scores).text, terminator: "")
        }
        return
      }
      var first = last.adding(days: 1)
      if let start {
        guard let parsed = LocalDate(iso: start) else {
          throw ValidationError("--start '\(start)' is not a date like 2026-12-07")
        }
        first = parsed
      }
      if let problem = ForecastRun.spanProblem(histories, start: first, days: days) {
        throw ValidationError("--start/--days: \(problem)")
      }
      if let note = ForecastRun.shortHistoryNote(histories, start: first) {
        FileHandle.standardError.write(Data("warning: \(note)\n".utf8))
      }
      let run = ForecastRun(grid: grid, method: chosen, open: open, holidays: closed, specialDays: special)
      for note in run.specialDayNotes(histories, start: first, days: days) {
        FileHandle.standardError.write(Data("warning: \(note)\n".utf8))
      }
      let forecast = run.forecastWithNotes(histories, start: first, days: days)
      for note in forecast.notes { FileHandle.standardError.write(Data("warning: \(note)\n".utf8)) }
      let (points, handleNotes) = HandleTimes.attach(forecast.points, contacts: contacts, start: first)
      for note in handleNotes { FileHandle.standardError.write(Data("\(note)\n".utf8)) }
      let text = Formats.forecastCSV(points)
      guard let out else {
        write(text, terminator: "")
        return
      }
      try writeOutputs([(out, text)], protecting: inputs)
    } catch let error as PlanError {
      throw fail(error)
    }
  }
}
