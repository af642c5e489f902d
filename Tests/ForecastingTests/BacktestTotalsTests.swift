import Foundation
import RotaCore
import Testing

@testable import Forecasting

/// Daily and weekly WAPE beside the interval one: errors that cancel within a day count at
/// the interval level only, so the day's and week's can never exceed it.
@Suite struct BacktestTotalsTests {
  @Test func errorsThatCancelWithinADayVanishFromItsTotal() throws {
    // Mondays only, two slots: [10, 10], [10, 10], then [15, 5]. The seasonal naive forecast
    // at the third Monday is [10, 10]: 10 of 20 missed per interval, none per day or week.
    let open = (0..<7).map { weekday in (0..<2).map { _ in weekday == 0 } }
    let mondays: [[Double?]] = [[10, 10], [10, 10], [15, 5]]
    let values = (0..<21).map { day in day % 7 == 0 ? mondays[day / 7] : [nil, nil] }
    let history = SlotMatrix(
      firstDate: LocalDate(iso: "2026-09-07")!, slotsPerDay: 2, values: values, open: open)
    let score = try #require(Backtest.score([SeasonalNaive()], history: history, count: 1, days: 7).first)
    #expect(abs(score.wape - 0.5) < 1e-12)
    #expect(score.dailyWAPE == 0)
    #expect(score.weeklyWAPE == 0)
  }

  @Test func dayAndWeekTotalsNeverMissMoreThanIntervals() {
    let history = Synthetic.history(weeks: 10, spike: (day: 60, amount: 7))
    for score in Backtest.score(ForecastMethods.all, history: history, count: 4, days: 7) {
      #expect(score.dailyWAPE <= score.wape + 1e-12, "\(score.method)")
      #expect(score.weeklyWAPE <= score.dailyWAPE + 1e-12, "\(score.method)")
    }
  }

  @Test func coverageIsReportedByThirdsOfVolume() {
    // Nine intervals: the three forecast quietest all inside both bands, the middle three
    // inside the 95% band only, the busiest three inside neither.
    var covered: [(forecast: Double, in80: Bool, in95: Bool)] = []
    for index in 0..<9 { covered.append((Double(10 * (9 - index)), index >= 6, index >= 3)) }
    let thirds = Backtest.terciles(covered)
    #expect(thirds.map { $0.coverage80 } == [1, 0, 0])
    #expect(thirds.map { $0.coverage95 } == [1, 1, 0])
  }
}
