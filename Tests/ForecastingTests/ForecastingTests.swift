import Foundation
import RotaCore
import Testing

@testable import Forecasting

/// A noiseless weekly pattern on a 30-minute grid: open 08:00–20:00 on weekdays and
/// 09:00–15:00 on Saturdays, volume `(10 + 3·weekday) · (1 + ½ sin(2π·slot/48))`.
enum Synthetic {
  static let start = LocalDate(iso: "2026-09-07")!
  static let open: [[Bool]] = (0..<7).map { weekday in
    (0..<48).map { slot in
      weekday < 5 ? (16..<40).contains(slot) : weekday == 5 ? (18..<30).contains(slot) : false
    }
  }

  static func truth(weekday: Int, slot: Int) -> Double {
    Double(10 + 3 * weekday) * (1 + 0.5 * sin(2 * Double.pi * (Double(slot) + 0.5) / 48))
  }

  /// `weeks` weeks of history; `skip` leaves days out (closed), `spike` adds to one day.
  static func history(weeks: Int, skip: Set<Int> = [], spike: (day: Int, amount: Double)? = nil) -> SlotMatrix
  {
    let values: [[Double?]] = (0..<(7 * weeks)).map { day in
      let weekday = day % 7
      guard !skip.contains(day) else { return Array(repeating: nil, count: 48) }
      return (0..<48).map { slot in
        guard open[weekday][slot] else { return nil }
        return truth(weekday: weekday, slot: slot) + (spike?.day == day ? spike!.amount : 0)
      }
    }
    return SlotMatrix(firstDate: start, slotsPerDay: 48, values: values, open: open)
  }
}

@Suite struct MethodTests {
  @Test(arguments: ForecastMethods.all.map(\.name))
  func recoversANoiselessSeasonalMean(_ name: String) throws {
    let method = try #require(ForecastMethods.named(name))
    let history = Synthetic.history(weeks: 10)
    let forecast = method.forecast(history, days: 7)
    for (offset, day) in forecast.enumerated() {
      let weekday = (history.dayCount + offset) % 7
      for slot in 0..<48 {
        guard Synthetic.open[weekday][slot] else {
          #expect(day[slot] == nil)
          continue
        }
        let value = try #require(day[slot])
        let truth = Synthetic.truth(weekday: weekday, slot: slot)
        #expect(
          abs(value - truth) <= 1e-3 * truth, "\(name) day \(offset) slot \(slot): \(value) vs \(truth)")
      }
    }
  }

  @Test(arguments: ["snaive", "savg4", "topdown", "auto"])
  func aClosedDayDoesNotDistortTheProfile(_ name: String) throws {
    // The Monday a week before the forecast is a holiday: absent, not zero.
    let method = try #require(ForecastMethods.named(name))
    let history = Synthetic.history(weeks: 10, skip: [63])
    let monday = method.forecast(history, days: 1)[0]
    for slot in 16..<40 {
      let truth = Synthetic.truth(weekday: 0, slot: slot)
      #expect(abs(monday[slot]! - truth) <= 1e-3 * truth, "\(name) slot \(slot)")
    }
  }
}

@Suite struct UnusualDayTests {
  /// Monday of week 8 is a holiday and Tuesday takes its calls: +6 per slot, about +46%.
  let afterHoliday = Synthetic.history(weeks: 10, skip: [49], spike: (day: 50, amount: 6))

  @Test func theDayAfterAHolidayIsLeftOut() {
    let typical = afterHoliday.withoutUnusualDays()
    let dropped = (0..<typical.dayCount).filter { afterHoliday.isOpenDay($0) && !typical.isOpenDay($0) }
    #expect(dropped == [50])
  }

  @Test func itDoesNotPullTheSeasonalMean() throws {
    // The next Tuesday's four-week mean would take in day 50; without it, it is exact.
    let tuesday = try #require(SeasonalMean(weeks: 4).forecast(afterHoliday, days: 2)[1][24])
    #expect(abs(tuesday - Synthetic.truth(weekday: 1, slot: 24)) < 1e-9)
  }

  @Test func aLevelShiftIsKept() {
    // From the Monday of week 7 every day is 30% busier: the whole week moves, no day stands out.
    var shifted = Synthetic.history(weeks: 10)
    for day in 42..<shifted.dayCount { shifted.values[day] = shifted.values[day].map { $0.map { $0 * 1.3 } } }
    let typical = shifted.withoutUnusualDays()
    #expect((0..<typical.dayCount).allSatisfy { typical.isOpenDay($0) == shifted.isOpenDay($0) })
  }

  @Test func poissonNoiseAtLowVolumeIsNotUnusual() {
    // Totals near 40 contacts vary by ±4√40 ≈ ±25% by chance alone; a +20% day stays.
    var quiet = Synthetic.history(weeks: 6)
    quiet.values = quiet.values.enumerated().map { day, row in
      row.map { $0.map { _ in day == 22 ? 2.0 : 40.0 / 24 } }
    }
    #expect(quiet.withoutUnusualDays().isOpenDay(22))
  }
}

@Suite struct HolidayCatchUpTests {
  @Test func estimatesTheDayAfterFromTheHistorysHolidays() {
    // Mondays 21 and 49 closed; the Tuesdays after take 4 more contacts in each open slot.
    let history = Synthetic.history(weeks: 10, skip: [21, 49])
    var spiked = history
    for day in [22, 50] { spiked.values[day] = spiked.values[day].map { $0.map { $0 + 4 } } }
    let tuesday = (16..<40).reduce(0) { $0 + Synthetic.truth(weekday: 1, slot: $1) }
    let ratio = (tuesday + 24 * 4) / tuesday
    let catchUp = HolidayCatchUp(history: spiked)
    #expect(catchUp.holidaysSeen == 2)
    // Ordinary days are noiseless here, so nothing shrinks the effect.
    #expect(abs(catchUp.factor - ratio) < 1e-9)
    #expect(HolidayCatchUp(history: history).factor == 1)
  }

  /// Ordinary days spread by up to ±5%: one Tuesday after a holiday at 0.96 of usual is inside
  /// that noise and changes nothing; one at 1.5 is far outside it and nearly all stays.
  @Test(arguments: [(0.96, 1.0, 1e-12), (1.5, 1.5, 0.01)])
  func aDayAfterInsideTheNoiseIsNoEffect(ratio: Double, factor: Double, tolerance: Double) {
    var history = Synthetic.history(weeks: 10, skip: [21])
    for day in history.values.indices where day != 22 {
      let noise = 1 + 0.05 * Double((day * 7919) % 11 - 5) / 5
      history.values[day] = history.values[day].map { $0.map { $0 * noise } }
    }
    history.values[22] = history.values[22].map { $0.map { $0 * ratio } }
    let catchUp = HolidayCatchUp(history: history)
    #expect(catchUp.holidaysSeen == 1)
    #expect(abs(catchUp.factor - factor) < tolerance, "\(catchUp.factor)")
  }

  @Test func withoutHolidaysNothingChanges() {
    #expect(
      HolidayCatchUp(history: Synthetic.history(weeks: 10))
        == HolidayCatchUp(factors: [1, 1, 1], holidaysSeen: 0))
  }

  /// Mondays 21 and 49 closed; each Tuesday after takes 4 more contacts a slot, each Wednesday
  /// 2 more, each Thursday none: three factors, each its own day's ratio.
  @Test func eachOpenDayAfterAHolidayHasItsOwnFactor() {
    var history = Synthetic.history(weeks: 10, skip: [21, 49])
    for (day, extra) in [(22, 4.0), (50, 4), (23, 2), (51, 2)] {
      history.values[day] = history.values[day].map { $0.map { $0 + extra } }
    }
    func dayTotal(_ weekday: Int) -> Double {
      (16..<40).reduce(0) { $0 + Synthetic.truth(weekday: weekday, slot: $1) }
    }
    let catchUp = HolidayCatchUp(history: history)
    #expect(abs(catchUp.factor(openDaysAfter: 1) - (dayTotal(1) + 96) / dayTotal(1)) < 1e-9)
    #expect(abs(catchUp.factor(openDaysAfter: 2) - (dayTotal(2) + 48) / dayTotal(2)) < 1e-9)
    #expect(catchUp.factor(openDaysAfter: 3) == 1)
    #expect(catchUp.factor(openDaysAfter: 4) == 1)
  }

  /// A Wednesday and a Friday closed: the Saturday after each counts (the team opens 09:00–15:00),
  /// the Sunday does not (it never opens).
  @Test func openDaysAfterAHolidayCountOnlyTheDaysTheTeamOpens() {
    let history = Synthetic.history(weeks: 4, skip: [9, 18])
    let lags = HolidayCatchUp.openDaysAfterHoliday(history)
    #expect(lags == [10: 1, 11: 2, 12: 3, 19: 1, 21: 2, 22: 3])
  }

  /// A backtest told the calendar knows the held-out week's holidays, as a planner's forecast
  /// does: a noiseless history whose day after a holiday doubles is forecast without error.
  @Test func theBacktestRaisesTheDayAfterAHolidayInItsWeek() throws {
    var history = Synthetic.history(weeks: 10, skip: [21, 63])
    for day in [22, 64] { history.values[day] = history.values[day].map { $0.map { 2 * $0 } } }
    let scale = HolidayCatchUp.backtestScale(history, origin: 63, days: 7)
    #expect(scale == [1, 2, 1, 1, 1, 1, 1])
    let told = try #require(
      Backtest.score([SeasonalMean(weeks: 4)], history: history, count: 1, days: 7, calendar: true).first)
    #expect(told.wape < 1e-12, "\(told.wape)")
    // Told of no holidays, the forecast misses the Tuesday's second half.
    let untold = try #require(
      Backtest.score([SeasonalMean(weeks: 4)], history: history, count: 1, days: 7).first)
    #expect(untold.wape > 0.05, "\(untold.wape)")
  }

  @Test func theForecastRaisesTheDayAfterAHolidayToCome() throws {
    // Weekdays 08:00–10:00 at 10 a slot; the Monday of week 4 closed and its Tuesday at 20.
    let grid = TimeGrid(timeZone: TimeZone(identifier: "UTC")!, intervalMinutes: 30)!
    let first = LocalDate(iso: "2026-09-07")!
    var volumes: [LocalDateTime: Double] = [:]
    for day in 0..<56 where day % 7 < 5 && day != 21 {
      for slot in 16..<20 {
        volumes[LocalDateTime(date: first.adding(days: day), minuteOfDay: slot * 30)] =
          day == 22 ? 20 : day == 23 ? 15 : 10
      }
    }
    let history = ["phone": VolumeHistory(channel: "phone", volumes: volumes)]
    let holiday = first.adding(days: 56)
    let run = ForecastRun(grid: grid, method: SeasonalMean(weeks: 4), holidays: [holiday])
    let points = run.forecast(history, start: holiday, days: 4)
    #expect(!points.contains { $0.interval.start.date == holiday })
    let byDay = Dictionary(grouping: points) { $0.interval.start.date }
    // One holiday seen, the days after it at 2 and 1.5 of usual, on noiseless ordinary days.
    for (after, mean) in [(1, 20.0), (2, 15), (3, 10)] {
      #expect(try #require(byDay[holiday.adding(days: after)]).allSatisfy { abs($0.mean - mean) < 1e-9 })
    }
  }
}

/// The bank's calls (Fixtures/README.md): the week-ahead protocol of issue 4 on real data.
@Suite struct RealCallCentreTests {
  @Test func autoBeatsSeasonalNaiveWithCalibratedIntervals() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/bank-calls-30min.csv").path
    let grid = TimeGrid(timeZone: TimeZone(identifier: "UTC")!, intervalMinutes: 30)!
    let histories = try HistoryReader.read(CSVTable(contentsOf: path), grid: grid, defaultChannel: "all")
    let matrix = SlotMatrix(history: try #require(histories["all"]), intervalMinutes: 30)
    #expect(matrix.dayCount == 236)
    let scores = Backtest.score(
      [SeasonalNaive(), AutoCombination(candidates: ForecastMethods.candidates)], history: matrix, count: 8,
      days: 7)
    let (naive, auto) = (scores[0], scores[1])
    #expect(auto.wape <= 0.8 * naive.wape, "auto \(auto.wape) against seasonal naive \(naive.wape)")
    #expect(abs(auto.coverage80 - 0.8) <= 0.05, "80%: \(auto.coverage80)")
    #expect(abs(auto.coverage95 - 0.95) <= 0.05, "95%: \(auto.coverage95)")
  }
}

@Suite struct BacktestTests {
  /// A spike planted after the origin must not change what any method forecasts there, nor
  /// its bounds, with the held-out week's holidays told or not (the origin's Monday and a
  /// Tuesday before it are closed, the spike on the second open day after the first).
  @Test(arguments: ForecastMethods.all.map(\.name), [false, true])
  func neverLooksPastItsOrigin(_ name: String, calendar: Bool) throws {
    let method = try #require(ForecastMethods.named(name))
    let origin = 56
    let clean = Synthetic.history(weeks: 10, skip: [22, origin])
    let spiked = Synthetic.history(weeks: 10, skip: [22, origin], spike: (day: origin + 2, amount: 10_000))
    #expect(
      Backtest.run(method, clean, origin: origin, days: 7, calendar: calendar)
        == Backtest.run(method, spiked, origin: origin, days: 7, calendar: calendar))
    let clean80 = PredictionIntervals.forecast(
      method, clean.truncated(before: origin), days: 7, calendar: calendar)
    let spiked80 = PredictionIntervals.forecast(
      method, spiked.truncated(before: origin), days: 7, calendar: calendar)
    #expect(clean80.bounds.map { $0.map { $0?.hi80 } } == spiked80.bounds.map { $0.map { $0?.hi80 } })
  }

  /// A candidate and one that forecasts the same but for the last bits of its arithmetic (a
  /// `+dom` method before the day-of-month cycle is known): `auto` picks the earlier in either
  /// order, so a debug and a release build, or two CPUs, choose alike.
  @Test(arguments: [false, true])
  func candidatesThatForecastAlikeGoToTheEarlier(_ nudgedFirst: Bool) {
    struct Nudged: ForecastMethod {
      let name = "nudged"
      func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
        SeasonalMean(weeks: 4).forecast(history, days: days).map { $0.map { $0.map { $0 * (1 + 1e-13) } } }
      }
    }
    let pair: [any ForecastMethod] =
      nudgedFirst ? [Nudged(), SeasonalMean(weeks: 4)] : [SeasonalMean(weeks: 4), Nudged()]
    let auto = AutoCombination(candidates: pair, pick: 1)
    #expect(auto.choose(Synthetic.history(weeks: 12)).names == [pair[0].name])
  }

  @Test func scoresSeeThePlantedSpike() {
    let spiked = Synthetic.history(weeks: 10, spike: (day: 66, amount: 100))
    let scores = Backtest.score([SeasonalMean(weeks: 4)], history: spiked, count: 1, days: 7)
    // The spike lies in the scored week: 24 slots × 100 of error.
    #expect(scores[0].wape > 0)
  }

  @Test func intervalsCoverNearNominalOnTheDefaultHistory() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../scenarios/default/history.csv").standardizedFileURL.path
    let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
    let histories = try HistoryReader.read(CSVTable(contentsOf: path), grid: grid, defaultChannel: nil)
    let matrix = SlotMatrix(history: histories["phone"]!, intervalMinutes: 30)
    let scores = Backtest.score(
      [AutoCombination(candidates: ForecastMethods.candidates)], history: matrix, count: 4, days: 6)
    #expect(abs(scores[0].coverage80 - 0.8) <= 0.05, "80%: \(scores[0].coverage80)")
    #expect(abs(scores[0].coverage95 - 0.95) <= 0.05, "95%: \(scores[0].coverage95)")
    let naive = Backtest.score([SeasonalNaive()], history: matrix, count: 4, days: 6)
    #expect(scores[0].wape < naive[0].wape)
  }
}

@Suite struct ForecastRunTests {
  let dublin = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!

  /// A flat history open around the clock, every day.
  func flatHistory(from first: LocalDate, days: Int) -> VolumeHistory {
    var volumes: [LocalDateTime: Double] = [:]
    for interval in dublin.intervals(from: first, through: first.adding(days: days - 1)) {
      volumes[interval.start, default: 0] += 5
    }
    return VolumeHistory(channel: "phone", volumes: volumes)
  }

  @Test func daylightSavingDaysGetTheirOwnIntervals() {
    let run = ForecastRun(grid: dublin, method: SeasonalMean(weeks: 2))
    let springForward = LocalDate(iso: "2027-03-28")!
    let history = flatHistory(from: springForward.adding(days: -28), days: 28)
    let points = run.forecast(["phone": history], start: springForward, days: 1)
    #expect(points.count == 46)
    let fallBack = LocalDate(iso: "2026-10-25")!
    let before = flatHistory(from: fallBack.adding(days: -28), days: 28)
    let autumn = run.forecast(["phone": before], start: fallBack, days: 1)
    #expect(autumn.count == 50)
    #expect(autumn.allSatisfy { $0.mean == 5 })
  }

  @Test func ticketLogIsBucketedAcrossTheClockChange() throws {
    // Dublin leaves summer time at 01:00 UTC on 2026-10-25: 00:40Z is 01:40 local (IST),
    // 01:10+00:00 is 01:10 local (GMT), and a time without an offset is local already.
    let text = """
      created_at,channel
      2026-10-25T00:40:00Z,phone
      2026-10-25T01:10:00+01:00,phone
      2026-10-25T01:10:00+00:00,phone
      2026-10-25T01:59:59,phone
      2026-10-25T02:05:00.250+00:00,chat
      """
    let table = try CSVTable(text: text, file: "log.csv")
    let histories = try TicketLogReader.read(
      table, grid: dublin, timeColumn: "created_at", defaultChannel: "all")
    let phone = try #require(histories["phone"])
    #expect(phone.volumes[LocalDateTime(iso: "2026-10-25T01:30:00")!] == 2)
    #expect(phone.volumes[LocalDateTime(iso: "2026-10-25T01:00:00")!] == 2)
    #expect(histories["chat"]?.volumes[LocalDateTime(iso: "2026-10-25T02:00:00")!] == 1)
  }

  @Test func unparseableTicketTimeNamesTheLine() throws {
    let table = try CSVTable(text: "created_at\n2026-10-25T01:10:00\nyesterday\n", file: "log.csv")
    #expect(throws: InputError.self) {
      try TicketLogReader.read(table, grid: dublin, timeColumn: "created_at", defaultChannel: "all")
    }
    do {
      _ = try TicketLogReader.read(table, grid: dublin, timeColumn: "created_at", defaultChannel: "all")
    } catch {
      #expect(error.description.hasPrefix("log.csv:3: field 'created_at'"))
    }
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
      "h.csv:2: field 'timestamp': '07/12/2026 08:00' is not a timestamp like 2026-12-07T07:30:00 or "
        + "2026-12-07T07:30:00+01:00"
    ),
    (
      "timestamp,volume\n2026-12-07T08:00:00,1\n2026-12-07T08:00:00,2\n",
      "h.csv:3: field 'timestamp': 2026-12-07T08:00:00 appears twice for channel 'phone'"
    ),
    (
      "timestamp,volume\n2026-12-07T08:30:00,1\n2026-12-07T08:00:00,2\n",
      "h.csv:3: field 'timestamp': 2026-12-07T08:00:00 comes after 2026-12-07T08:30:00 for channel 'phone': rows must be in time order"
    ),
    (
      "timestamp,volume\n2026-12-07T08:00:00,1\n2026-12-07T08:20:00,1\n",
      "h.csv:3: field 'timestamp': 2026-12-07T08:20:00 is not on a 30-minute interval boundary, nor on a "
        + "finer step that divides it: its count cannot be put in one interval"
    ),
    (
      "timestamp,volume\n" + (0..<24).map { "2026-12-07T\($0 < 10 ? "0" : "")\($0):00:00,1\n" }.joined(),
      "h.csv:2: field 'timestamp': the history counts contacts per 60 minutes, coarser than the 30-minute "
        + "intervals asked for: use --interval 60m, or a scenario with that interval"
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

  @Test func finerCountsAreSummedIntoTheirInterval() throws {
    let table = try CSVTable(
      text: "timestamp,volume\n2026-12-07T08:00:00,1\n2026-12-07T08:15:00,2\n2026-12-07T08:30:00,4\n",
      file: "h.csv")
    let volumes = try #require(HistoryReader.read(table, grid: grid, defaultChannel: "phone")["phone"])
      .volumes
    #expect(
      volumes == [LocalDateTime(iso: "2026-12-07T08:00")!: 3, LocalDateTime(iso: "2026-12-07T08:30")!: 4])
  }

  /// `ds,y` as forecasting libraries write them, with UTC offsets converted to the grid's zone
  /// (Dublin is on UTC in December, on UTC+1 in July).
  @Test func readsLibraryColumnNamesAndOffsets() throws {
    let table = try CSVTable(
      text: "ds,y\n2026-12-07 08:00:00+00:00,5\n2027-07-05T08:00:00Z,6\n", file: "h.csv")
    let volumes = try #require(HistoryReader.read(table, grid: grid, defaultChannel: "phone")["phone"])
      .volumes
    #expect(
      volumes == [LocalDateTime(iso: "2026-12-07T08:00")!: 5, LocalDateTime(iso: "2027-07-05T09:00")!: 6])
  }

  @Test func theRepeatedHourMayAppearTwiceInOrder() throws {
    let table = try CSVTable(
      text:
        "timestamp,volume\n2026-10-25T01:00:00,1\n2026-10-25T01:30:00,1\n2026-10-25T01:00:00,2\n2026-10-25T01:30:00,2\n",
      file: "h.csv")
    let histories = try HistoryReader.read(table, grid: grid, defaultChannel: "phone")
    #expect(histories["phone"]?.volumes[LocalDateTime(iso: "2026-10-25T01:00:00")!] == 3)
  }

  /// Read in UTC (the default without a scenario), a history kept in local time still repeats
  /// the hour its clocks go back: on a Sunday night, between 01:00 and 03:00, that hour is
  /// summed as a zone's own would be. Any other repeat is a duplicated row.
  @Test(arguments: [
    ("2026-10-25T01:00:00,1\n2026-10-25T01:30:00,1\n2026-10-25T01:00:00,2\n2026-10-25T01:30:00,2\n", nil),
    ("2026-11-01T01:00:00,1\n2026-11-01T01:00:00,2\n2026-11-01T02:00:00,5\n", nil),
    (
      "2026-10-28T01:00:00,1\n2026-10-28T01:00:00,2\n",
      "h.csv:3: field 'timestamp': 2026-10-28T01:00:00 appears twice"
    ),
    (
      "2026-10-25T10:00:00,1\n2026-10-25T10:00:00,2\n",
      "h.csv:3: field 'timestamp': 2026-10-25T10:00:00 appears twice"
    ),
    (
      "2026-10-25T01:00:00,1\n2026-10-25T01:00:00,1\n2026-10-25T02:00:00,1\n2026-10-25T02:00:00,1\n",
      "h.csv:5: field 'timestamp': 2026-10-25T02:00:00 appears twice"
    ),
  ])
  func aRepeatedHourReadInUTCIsAClockGoingBack(_ rows: String, _ error: String?) throws {
    let utc = TimeGrid(timeZone: TimeZone(identifier: "UTC")!, intervalMinutes: 30)!
    let table = try CSVTable(text: "timestamp,volume\n" + rows, file: "h.csv")
    guard let error else {
      let histories = try HistoryReader.read(table, grid: utc, defaultChannel: "phone")
      let first = try #require(rows.split(separator: ",").first)
      #expect(histories["phone"]?.volumes[LocalDateTime(iso: String(first))!] == 3)
      return
    }
    #expect {
      _ = try HistoryReader.read(table, grid: utc, defaultChannel: "phone")
    } throws: { thrown in
      "\(thrown)".hasPrefix(error)
    }
  }

  @Test func openIntervalsMissingFromTheHistoryAreZeros() throws {
    let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 60)!
    let day = LocalDate(iso: "2026-12-07")!
    let open = grid.intervals(on: day).filter { (8 * 60..<10 * 60).contains($0.start.minuteOfDay) }
    let history = VolumeHistory(channel: "phone", volumes: [open[0].start: 5]).fillingZeros(in: open)
    #expect(history.volumes == [open[0].start: 5, open[1].start: 0])
  }
}
