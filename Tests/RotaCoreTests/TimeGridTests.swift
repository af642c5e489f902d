import Foundation
import Testing

@testable import RotaCore

@Suite struct CalendarTests {
  /// Day numbers checked with Python's `datetime.date(…) - date(1970, 1, 1)`.
  @Test(arguments: [
    ("1970-01-01", 0, Weekday.thursday), ("2026-12-07", 20_794, .monday), ("2000-02-29", 11_016, .tuesday),
    ("2024-12-31", 20_088, .tuesday), ("1969-12-31", -1, .wednesday),
  ])
  func datesRoundTripThroughDayNumbers(_ text: String, _ days: Int, _ weekday: Weekday) throws {
    let date = try #require(LocalDate(iso: text))
    #expect(date.daysSinceEpoch == days)
    #expect(LocalDate(daysSinceEpoch: days) == date)
    #expect(date.weekday == weekday)
    #expect(date.description == text)
  }

  @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-32", ""])
  func impossibleDatesAreRejected(_ text: String) {
    #expect(LocalDate(iso: text) == nil)
  }

  @Test func timestampsParseWithOrWithoutSeconds() {
    #expect(LocalDateTime(iso: "2026-12-07T07:30:00")?.minuteOfDay == 450)
    #expect(LocalDateTime(iso: "2026-12-07 07:30")?.description == "2026-12-07T07:30:00")
    #expect(LocalDateTime(iso: "2026-12-07T07:30:15") == nil)
    #expect(LocalDateTime(iso: "2026-12-07T24:00") == nil)
  }
}

@Suite struct DaylightSavingTests {
  let dublin = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!

  @Test func springForwardDayHas23Hours() throws {
    // Ireland moves clocks from 01:00 to 02:00 on the last Sunday of March.
    let day = try #require(LocalDate(iso: "2026-03-29"))
    let intervals = dublin.intervals(on: day)
    #expect(intervals.count == 46)
    #expect(!intervals.contains { $0.start.minuteOfDay == 60 || $0.start.minuteOfDay == 90 })
    #expect(intervals.allSatisfy { $0.minutes == 30 && $0.repeatedHour == 0 })
    #expect(dublin.instant(of: LocalDateTime(date: day, minuteOfDay: 75)) == nil)
  }

  @Test func fallBackDayHas25HoursWithTheRepeatedHourInOrder() throws {
    // Clocks go back from 02:00 to 01:00 on the last Sunday of October.
    let day = try #require(LocalDate(iso: "2026-10-25"))
    let intervals = dublin.intervals(on: day)
    #expect(intervals.count == 50)
    let oneAM = intervals.filter { $0.start.minuteOfDay == 60 }
    #expect(oneAM.count == 2)
    #expect(oneAM.map(\.repeatedHour) == [0, 1])
    #expect(oneAM[1].instant - oneAM[0].instant == 3600)
    #expect(zip(intervals, intervals.dropFirst()).allSatisfy { $1.instant - $0.instant == 1800 })
  }

  @Test func ordinaryDayHas48HalfHours() throws {
    let day = try #require(LocalDate(iso: "2026-12-07"))
    let intervals = dublin.intervals(on: day)
    #expect(intervals.count == 48)
    #expect(intervals.first?.start.description == "2026-12-07T00:00:00")
    #expect(intervals.last?.start.description == "2026-12-07T23:30:00")
  }

  @Test func openingHoursFollowWallClockAcrossTheChange() throws {
    let hours = OpeningHours(
      ranges: [.sunday: [TimeRange(open: TimeOfDay("00:00")!, close: TimeOfDay("04:00")!)!]])
    let fallBack = try #require(LocalDate(iso: "2026-10-25"))
    let springForward = try #require(LocalDate(iso: "2026-03-29"))
    #expect(hours.openIntervals(of: dublin, from: fallBack, through: fallBack).count == 10)
    #expect(hours.openIntervals(of: dublin, from: springForward, through: springForward).count == 6)
  }

  @Test func fifteenMinuteGridInNewYork() throws {
    let grid = TimeGrid(timeZone: TimeZone(identifier: "America/New_York")!, intervalMinutes: 15)!
    #expect(grid.intervals(on: LocalDate(iso: "2026-03-08")!).count == 92)
    #expect(grid.intervals(on: LocalDate(iso: "2026-11-01")!).count == 100)
    #expect(TimeGrid(timeZone: .gmt, intervalMinutes: 20) == nil)
  }

  @Test func holidaysAreClosed() throws {
    let open = TimeRange(open: TimeOfDay("08:00")!, close: TimeOfDay("20:00")!)!
    let holiday = LocalDate(iso: "2026-10-26")!
    let hours = OpeningHours(ranges: [.monday: [open]], holidays: [holiday])
    #expect(!hours.isOpen(on: holiday))
    #expect(hours.openIntervals(of: dublin, from: holiday, through: holiday.adding(days: 7)).count == 24)
  }
}

@Suite struct NumberTests {
  @Test(arguments: [
    (42.0 / (1 - 0.3), 60), (40.8 / 0.85, 48), (3.0000001, 4), (2.0, 2), (0.0, 0), (59.5, 60),
  ])
  func ceilingToleratesRoundingError(_ value: Double, _ expected: Int) {
    #expect(value.toleranceCeil() == expected)
  }

  @Test(arguments: [(1.0, "1"), (0.125, "0.125"), (-2.5, "-2.5"), (1234.5678, "1234.568"), (-0.0001, "0")])
  func fixedFormatting(_ value: Double, _ text: String) {
    #expect(value.formatted(maxDecimals: 3) == text)
  }

  @Test func jsonIsDeterministic() {
    let value = JSONValue.object(["b": .number(1.5), "a": .array([.string("x\"y"), .null, .bool(true)])])
    #expect(value.text == "{\n  \"a\": [\n    \"x\\\"y\",\n    null,\n    true\n  ],\n  \"b\": 1.5\n}\n")
  }

  @Test func poissonAndNormalDrawsHaveTheirMoments() {
    var generator = SeededGenerator(seed: 2)
    for mean in [0.5, 12.0, 75.0] {
      let draws = (0..<20_000).map { _ in Double(generator.poisson(mean)) }
      let average = draws.reduce(0, +) / Double(draws.count)
      let variance = draws.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(draws.count - 1)
      #expect(abs(average - mean) < 0.05 * mean + 0.02, "mean \(mean)")
      #expect(abs(variance - mean) < 0.08 * mean + 0.02, "variance \(mean)")
    }
    let normals = (0..<20_000).map { _ in generator.normal() }
    let average = normals.reduce(0, +) / Double(normals.count)
    let variance = normals.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(normals.count - 1)
    #expect(abs(average) < 0.03 && abs(variance - 1) < 0.04)
  }

  @Test func seededGeneratorRepeats() {
    var first = SeededGenerator(seed: 42)
    var second = SeededGenerator(seed: 42)
    var other = SeededGenerator(seed: 43)
    let a = (0..<5).map { _ in first.next() }
    #expect(a == (0..<5).map { _ in second.next() })
    #expect(a != (0..<5).map { _ in other.next() })
    let mean = (0..<10_000).reduce(0.0) { sum, _ in sum + first.uniform() } / 10_000
    #expect(abs(mean - 0.5) < 0.02)
  }

  @Test(arguments: [("2026-10-25T01:30", true), ("2026-10-25T02:30", false), ("2026-03-29T01:30", false)])
  func onlyTheHourClocksGoBackPassesTwice(_ text: String, _ twice: Bool) {
    let dublin = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
    #expect(dublin.passesTwice(LocalDateTime(iso: text)!) == twice)
  }
}
