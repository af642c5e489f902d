import Foundation
import RotaCore
import Testing

@testable import Forecasting

/// Named days: left out of what a method learns, forecast from the history's days of the same
/// name or by a multiplier, and warned about when nothing says how they go. Weekdays are open
/// 08:00–10:00 (four 30-minute slots) at 10 contacts a slot unless a case says otherwise, so
/// every expected value is worked out by hand.
@Suite struct SpecialDayTests {
  static let grid = TimeGrid(timeZone: TimeZone(identifier: "UTC")!, intervalMinutes: 30)!
  static let first = LocalDate(iso: "2026-09-07")!  // a Monday

  /// `weeks` weeks of weekdays at 10 a slot, with `days` replaced by their own slot values.
  static func history(weeks: Int, days: [Int: [Double]] = [:]) -> [String: VolumeHistory] {
    var volumes: [LocalDateTime: Double] = [:]
    for day in 0..<(7 * weeks) where day % 7 < 5 {
      for (index, slot) in (16..<20).enumerated() {
        volumes[LocalDateTime(date: first.adding(days: day), minuteOfDay: slot * 30)] =
          days[day]?[index] ?? 10
      }
    }
    return ["phone": VolumeHistory(channel: "phone", volumes: volumes)]
  }

  static func means(_ points: [ForecastPoint], on date: LocalDate) -> [Double] {
    points.filter { $0.interval.start.date == date }.sorted { $0.interval.start < $1.interval.start }.map(
      \.mean)
  }

  static func close(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-9 }
  }

  /// A promotion on the Thursday of the last week, at 1.5 times a usual Thursday and heavy in
  /// the morning: mild enough that the methods' own unusual-day filter keeps it.
  static let promotion = 7 * 7 + 3
  static let promotionSlots: [Double] = [30, 20, 10, 0]

  @Test func aNamedHistoryDayIsLeftOutOfUsualDays() {
    let histories = Self.history(weeks: 8, days: [Self.promotion: Self.promotionSlots])
    let thursday = Self.first.adding(days: 59)
    let unnamed = ForecastRun(grid: Self.grid, method: SeasonalMean(weeks: 4))
    // Unnamed, the promotion is one of the four Thursdays averaged: (30 + 3 · 10) / 4 = 15.
    #expect(
      Self.close(
        Self.means(unnamed.forecast(histories, start: Self.first.adding(days: 56), days: 7), on: thursday),
        [15, 12.5, 10, 7.5]))
    let named = ForecastRun(
      grid: Self.grid, method: SeasonalMean(weeks: 4),
      specialDays: [Self.first.adding(days: Self.promotion): SpecialDay(name: "promotion")])
    #expect(
      Self.close(
        Self.means(named.forecast(histories, start: Self.first.adding(days: 56), days: 7), on: thursday),
        [10, 10, 10, 10]))
  }

  @Test func aSpecialDayIsForecastFromItsNamesakes() {
    let histories = Self.history(weeks: 8, days: [Self.promotion: Self.promotionSlots])
    // The next promotion falls on a Tuesday: level 60 / 40, shape 30:20:10:0 of 60, over a
    // usual Tuesday's 40.
    let tuesday = Self.first.adding(days: 57)
    let run = ForecastRun(
      grid: Self.grid, method: SeasonalMean(weeks: 4),
      specialDays: [
        Self.first.adding(days: Self.promotion): SpecialDay(name: "promotion"),
        tuesday: SpecialDay(name: "promotion"),
      ])
    let points = run.forecast(histories, start: Self.first.adding(days: 56), days: 7)
    #expect(Self.close(Self.means(points, on: tuesday), [30, 20, 10, 0]))
    #expect(Self.close(Self.means(points, on: tuesday.adding(days: 1)), [10, 10, 10, 10]))
    #expect(run.specialDayNotes(histories, start: Self.first.adding(days: 56), days: 7).isEmpty)
  }

  @Test func aMultiplierScalesTheUsualForecast() {
    let histories = Self.history(weeks: 8)
    let friday = Self.first.adding(days: 60)
    let run = ForecastRun(
      grid: Self.grid, method: SeasonalMean(weeks: 4),
      specialDays: [friday: SpecialDay(name: "staff party", multiplier: 0.4)])
    let points = run.forecast(histories, start: Self.first.adding(days: 56), days: 7)
    #expect(Self.close(Self.means(points, on: friday), [4, 4, 4, 4]))
    // The bounds scale with it: 0.4 of a usual Friday's.
    let usual = ForecastRun(grid: Self.grid, method: SeasonalMean(weeks: 4)).forecast(
      histories, start: Self.first.adding(days: 56), days: 7
    ).filter { $0.interval.start.date == friday }
    let scaled = points.filter { $0.interval.start.date == friday }
    #expect(
      zip(usual, scaled).allSatisfy {
        abs($0.hi95 * 0.4 - $1.hi95) < 1e-9 && abs($0.lo80 * 0.4 - $1.lo80) < 1e-9
      })
    #expect(run.specialDayNotes(histories, start: Self.first.adding(days: 56), days: 7).isEmpty)
  }

  @Test func aNameTheHistoryNeverSawIsForecastAsUsualAndSaidSo() {
    let histories = Self.history(weeks: 8)
    let wednesday = Self.first.adding(days: 58)
    let run = ForecastRun(
      grid: Self.grid, method: SeasonalMean(weeks: 4), specialDays: [wednesday: SpecialDay(name: "launch")])
    let points = run.forecast(histories, start: Self.first.adding(days: 56), days: 7)
    #expect(Self.close(Self.means(points, on: wednesday), [10, 10, 10, 10]))
    let notes = run.specialDayNotes(histories, start: Self.first.adding(days: 56), days: 7)
    #expect(notes.count == 1)
    #expect(notes.first?.contains("'launch'") == true && notes.first?.contains("\(wednesday)") == true)
  }

  @Test func aDayAYearAfterAnUnusualOneIsPointedOut() {
    // 60 weeks; the Friday of week 10 had three times the contacts.
    let spike = 7 * 10 + 4
    let histories = Self.history(weeks: 60, days: [spike: [30, 30, 30, 30]])
    let start = Self.first.adding(days: 7 * 60)
    let later = Self.first.adding(days: spike + 364)
    let run = ForecastRun(grid: Self.grid, method: SeasonalMean(weeks: 4))
    let notes = run.specialDayNotes(histories, start: start, days: 21)
    #expect(notes.count == 1)
    #expect(notes.first?.contains("\(later) falls a year after \(Self.first.adding(days: spike))") == true)
    // Named, it is no longer a surprise.
    var named = run
    named.specialDays = [later: SpecialDay(name: "big friday")]
    #expect(
      named.specialDayNotes(histories, start: start, days: 21).allSatisfy {
        !$0.contains("falls a year after")
      })
  }

  @Test func aProfileKeepsItsLevelWhereTheDayOpensAtOtherHours() throws {
    let matrix = SlotMatrix(
      history: Self.history(weeks: 8, days: [Self.promotion: Self.promotionSlots])["phone"]!,
      intervalMinutes: 30)
    let profile = try #require(
      SpecialDayProfile(history: matrix, days: [Self.promotion], special: [Self.promotion]))
    #expect(abs(profile.level - 1.5) < 1e-12)
    // Open only in the afternoon, where the namesake had nothing: the usual shape at 1.5 times.
    var usual = [Double?](repeating: nil, count: 48)
    for slot in 28..<32 { usual[slot] = 10 }
    #expect(profile.apply(to: usual).compactMap { $0 } == [15, 15, 15, 15])
  }
}

/// Open hours inferred from a history without a scenario follow its recent weeks.
@Suite struct InferredOpenHoursTests {
  @Test func aWeekdayNotOpenLatelyIsClosed() {
    // Twenty weeks of weekdays 08:00–10:00; the first Saturday alone had contacts.
    let first = LocalDate(iso: "2026-01-05")!  // a Monday
    var volumes: [LocalDateTime: Double] = [:]
    for day in 0..<140 where day % 7 < 5 || day == 5 {
      for slot in 16..<20 {
        volumes[LocalDateTime(date: first.adding(days: day), minuteOfDay: slot * 30)] = 10
      }
    }
    let matrix = SlotMatrix(history: VolumeHistory(channel: "phone", volumes: volumes), intervalMinutes: 30)
    #expect(!matrix.open[5].contains(true))
    #expect(matrix.open[0] == (0..<48).map { (16..<20).contains($0) })
    // The old Saturday is read as closed too.
    #expect(!matrix.isOpenDay(5))
  }
}
