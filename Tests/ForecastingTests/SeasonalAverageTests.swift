import Foundation
import RotaCore
import Testing

@testable import Forecasting

@Suite struct SeasonalAverageTests {
  let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
  let start = LocalDate(iso: "2026-12-07")!

  /// A noiseless weekly pattern: volume = 10 × weekday + minute / 30.
  func truth(_ time: LocalDateTime) -> Double {
    Double(10 * time.date.weekday.rawValue + time.minuteOfDay / 30)
  }

  func history(weeks: Int, skipping: Set<LocalDate> = []) -> VolumeHistory {
    var volumes: [LocalDateTime: Double] = [:]
    for interval in grid.intervals(from: start.adding(days: -7 * weeks), through: start.adding(days: -1))
    where !skipping.contains(interval.start.date) {
      volumes[interval.start] = truth(interval.start)
    }
    return VolumeHistory(channel: "phone", volumes: volumes)
  }

  @Test func recoversANoiselessSeasonalMean() {
    let target = grid.intervals(from: start, through: start.adding(days: 6))
    let forecast = SeasonalAverage(weeks: 4).forecast(history: history(weeks: 6), intervals: target)
    #expect(forecast.count == target.count)
    for point in forecast {
      #expect(point.mean == truth(point.interval.start))
      // No week-to-week variation, so only the Poisson floor widens the bounds.
      #expect(
        point.lo95 <= point.lo80 && point.lo80 <= point.mean && point.mean <= point.hi80
          && point.hi80 <= point.hi95)
    }
  }

  @Test func aClosedDayIsSkippedNotCountedAsZero() {
    let holiday = start.adding(days: -7)
    let target = grid.intervals(on: start)
    let forecast = SeasonalAverage(weeks: 2).forecast(
      history: history(weeks: 4, skipping: [holiday]), intervals: target)
    for point in forecast { #expect(point.mean == truth(point.interval.start)) }
  }

  @Test func boundsWidenWithWeekToWeekVariation() {
    let slot = grid.intervals(on: start).first { $0.start.minuteOfDay == 600 }!
    var volumes: [LocalDateTime: Double] = [:]
    for (week, value) in [100.0, 140, 60, 100].enumerated() {
      volumes[LocalDateTime(date: start.adding(days: -7 * (week + 1)), minuteOfDay: 600)] = value
    }
    let point = SeasonalAverage(weeks: 4).forecast(
      history: VolumeHistory(channel: "phone", volumes: volumes), intervals: [slot])[0]
    // Sample variance 3200/3; spread = sqrt(3200/3 · 1.25) = 36.51…; hi80 = 100 + 1.28155 · spread.
    #expect(point.mean == 100)
    #expect(abs(point.hi80 - (100 + 1.281_551_565_545 * (3200.0 / 3 * 1.25).squareRoot())) < 1e-9)
  }
}

@Suite struct HistoryReaderTests {
  let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!

  @Test func readsPerChannel() throws {
    let table = try CSVTable(
      text: "volume,timestamp,channel,extra\n3,2026-12-07T08:00:00,phone,x\n4,2026-12-07T08:00:00,chat,y\n",
      file: "h.csv")
    let histories = try HistoryReader.read(table, grid: grid, defaultChannel: nil)
    #expect(histories["phone"]?.volumes.values.first == 3)
    #expect(histories["chat"]?.volumes.values.first == 4)
  }

  @Test(arguments: [
    ("timestamp,volume\n2026-12-07T08:00:00,-1\n", "h.csv:2: field 'volume': volume -1 is negative"),
    (
      "timestamp,volume\n07/12/2026 08:00,1\n",
      "h.csv:2: field 'timestamp': '07/12/2026 08:00' is not a timestamp like 2026-12-07T07:30:00"
    ),
    (
      "timestamp,volume\n2026-12-07T08:00:00,1\n2026-12-07T08:00:00,2\n",
      "h.csv:3: field 'timestamp': 2026-12-07T08:00:00 appears twice for channel 'phone'"
    ),
    (
      "timestamp,volume\n2026-12-07T08:10:00,1\n",
      "h.csv:2: field 'timestamp': 2026-12-07T08:10:00 is not on a 30-minute interval boundary"
    ),
    ("timestamp,volume\n2026-12-07T08:00:00,many\n", "h.csv:2: field 'volume': 'many' is not a number"),
  ])
  func badRowsNameFileLineAndField(_ text: String, _ message: String) throws {
    let table = try CSVTable(text: text, file: "h.csv")
    do {
      _ = try HistoryReader.read(table, grid: grid, defaultChannel: "phone")
      Issue.record("expected an error")
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func theRepeatedHourMayAppearTwice() throws {
    let table = try CSVTable(
      text: "timestamp,volume\n2026-10-25T01:00:00,1\n2026-10-25T01:00:00,2\n", file: "h.csv")
    let histories = try HistoryReader.read(table, grid: grid, defaultChannel: "phone")
    #expect(histories["phone"]?.volumes[LocalDateTime(iso: "2026-10-25T01:00:00")!] == 3)
  }
}

@Suite struct ZeroFillingTests {
  @Test func openIntervalsMissingFromTheHistoryAreZeros() throws {
    let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 60)!
    let day = LocalDate(iso: "2026-12-07")!
    let open = grid.intervals(on: day).filter { (8 * 60..<10 * 60).contains($0.start.minuteOfDay) }
    let history = VolumeHistory(channel: "phone", volumes: [open[0].start: 5]).fillingZeros(in: open)
    #expect(history.volumes == [open[0].start: 5, open[1].start: 0])
  }
}
