import Foundation
import RotaCore
import Testing

@testable import Forecasting

/// Handle-time forecasts: handled-weighted averages, flat or per weekday and time shrunk to
/// the flat one, picked by backtest. Every expected value is worked out by hand.
@Suite struct HandleTimeForecastTests {
  static let first = LocalDate(iso: "2026-09-07")!  // a Monday

  /// `weeks` weeks, every day 08:00 and 14:00, 20 contacts handled at `aht(minute)` seconds.
  static func history(weeks: Int, aht: (Int) -> Double) -> HandleTimeForecast.History {
    var handled: [LocalDateTime: Double] = [:]
    var seconds: [LocalDateTime: Double] = [:]
    for day in 0..<(7 * weeks) {
      for minute in [480, 840] {
        let time = LocalDateTime(date: first.adding(days: day), minuteOfDay: minute)
        handled[time] = 20
        seconds[time] = 20 * aht(minute)
      }
    }
    return HandleTimeForecast.History(handled: handled, seconds: seconds)
  }

  @Test func aHandleTimeThatFollowsTheDayIsForecastByItsProfile() throws {
    // 300 s mornings, 400 s afternoons: flat is 350 everywhere, 50 s off either way. Each
    // weekday's slot has 8 weeks × 20 = 160 contacts, shrunk by 30 more at 350.
    let history = Self.history(weeks: 12) { $0 == 480 ? 300 : 400 }
    let start = Self.first.adding(days: 7 * 12)
    let choice = try #require(HandleTimeForecast.choose(history, start: start))
    #expect(choice.method == .profile)
    #expect(choice.origins == 4)
    // Flat misses 50 of every 350 handle seconds on average.
    #expect(abs(choice.errors[.flat]! - 50.0 / 350) < 1e-12)
    let morning = LocalDateTime(date: start, minuteOfDay: 480)
    let afternoon = LocalDateTime(date: start, minuteOfDay: 840)
    let forecast = HandleTimeForecast.forecast(
      history, method: .profile, origin: start, targets: [morning, afternoon])
    #expect(abs(forecast[morning]! - (160 * 300 + 30 * 350) / 190) < 1e-9)
    #expect(abs(forecast[afternoon]! - (160 * 400 + 30 * 350) / 190) < 1e-9)
  }

  @Test func aSteadyHandleTimeStaysFlat() throws {
    let history = Self.history(weeks: 6) { _ in 320 }
    let start = Self.first.adding(days: 42)
    let choice = try #require(HandleTimeForecast.choose(history, start: start))
    // Both are exact; a tie goes to the simpler one.
    #expect(choice.method == .flat)
    let target = LocalDateTime(date: start.adding(days: 2), minuteOfDay: 480)
    #expect(
      HandleTimeForecast.forecast(history, method: .flat, origin: start, targets: [target])[target] == 320)
  }

  @Test func onlyTheLastFourWeeksMakeTheFlatAverage() {
    // 200 s until four weeks before the origin, 500 s after.
    let start = Self.first.adding(days: 70)
    var history = Self.history(weeks: 10) { _ in 200 }
    for (time, handled) in history.handled where time.date.days(to: start) <= 28 {
      history.seconds[time] = handled * 500
    }
    let target = LocalDateTime(date: start, minuteOfDay: 480)
    #expect(
      HandleTimeForecast.forecast(history, method: .flat, origin: start, targets: [target])[target] == 500)
  }

  @Test func noHandledContactsGiveNoForecast() {
    let history = HandleTimeForecast.History(handled: [:], seconds: [:])
    let target = LocalDateTime(date: Self.first, minuteOfDay: 480)
    #expect(
      HandleTimeForecast.forecast(history, method: .profile, origin: Self.first, targets: [target]).isEmpty)
    #expect(HandleTimeForecast.choose(history, start: Self.first) == nil)
  }
}
