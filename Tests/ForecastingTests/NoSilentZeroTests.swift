import Foundation
import RotaCore
import Testing

@testable import Forecasting

/// A month of calls falling 40%, with one Monday an outage (its rows all zero): the shape of a
/// bank's January log on which four methods forecast the next Monday as zero, because the
/// unusual-day filter kept the zero Monday (its Poisson noise judged from its own count, 0)
/// and left out every real one.
@Suite struct NoSilentZeroTests {
  static let first = LocalDate(iso: "1999-01-01")!
  static let grid = TimeGrid(timeZone: TimeZone(identifier: "UTC")!, intervalMinutes: 30)!
  /// Monday totals as the log had them; the third Monday (18th) an outage.
  static let mondays: [Int: Double] = [4: 1822, 11: 1554, 18: 0, 25: 1092]

  /// Open 08:00–16:00 Monday to Saturday; other days fall 40% over the month.
  static func history(outage: Bool = true) -> [String: VolumeHistory] {
    var volumes: [LocalDateTime: Double] = [:]
    for offset in 0..<31 {
      let date = first.adding(days: offset)
      guard date.weekday != .sunday else { continue }
      if !outage && date.day == 18 { continue }
      let total =
        mondays[date.day] ?? (date.weekday == .saturday ? 600 : 1500) * (1 - 0.4 * Double(offset) / 30)
      for slot in 16..<32 {
        volumes[LocalDateTime(date: date, minuteOfDay: slot * 30)] = (total / 16).rounded()
      }
    }
    return ["phone": VolumeHistory(channel: "phone", volumes: volumes)]
  }

  static let nextMonday = LocalDate(iso: "1999-02-01")!

  @Test(arguments: ForecastMethods.all.map(\.name))
  func noMethodForecastsABusyWeekdayAsNothing(_ name: String) throws {
    let run = ForecastRun(grid: Self.grid, method: try #require(ForecastMethods.named(name)))
    let (points, _) = run.forecastWithNotes(Self.history(), start: Self.nextMonday, days: 7)
    let monday = points.filter { $0.interval.start.date == Self.nextMonday }.reduce(0) { $0 + $1.mean }
    // Repeating last Monday gives 1,092; the month's decline says less, never almost nothing.
    #expect(monday > 0.5 * 1092, "\(name) forecast \(monday) for the next Monday")
  }

  @Test func theOutageIsLeftOutAndTwoRealMondaysAreKept() {
    let matrix = SlotMatrix(history: Self.history()["phone"]!, intervalMinutes: 30)
    let unusual = Set(matrix.unusualDays().map { Self.first.adding(days: $0.day).day })
    #expect(unusual.contains(18))
    let cleaned = matrix.withoutUnusualDays()
    let kept = [4, 11, 18, 25].filter {
      cleaned.isOpenDay(Self.first.days(to: LocalDate(year: 1999, month: 1, day: $0)!))
    }
    #expect(!kept.contains(18) && kept.count >= 2, "kept \(kept)")
  }

  /// A weekday the filter finds unusual every time still keeps its latest two days.
  @Test func theFilterKeepsTwoRecentDaysOfEveryWeekday() {
    // Every Monday twice the rest of its week, and each Monday far from the others.
    let values: [[Double?]] = (0..<28).map { day in
      let level = day % 7 == 0 ? [100.0, 400, 100, 400][day / 7] : day % 7 == 6 ? nil : 100
      return (0..<48).map { slot in (16..<32).contains(slot) ? level.map { $0 / 16 } : nil }
    }
    let open = (0..<7).map { weekday in (0..<48).map { weekday < 6 && (16..<32).contains($0) } }
    let matrix = SlotMatrix(firstDate: Synthetic.start, slotsPerDay: 48, values: values, open: open)
    let cleaned = matrix.withoutUnusualDays()
    let mondaysLeft = [0, 7, 14, 21].filter { cleaned.isOpenDay($0) }
    #expect(mondaysLeft.count >= SlotMatrix.keptPerWeekday, "\(mondaysLeft)")
  }

  /// A method that forecasts nothing is replaced for the days its weekday has been busy, and
  /// the forecast says so.
  @Test func aMethodWithoutEvidenceIsReplacedWithANote() throws {
    struct Nothing: ForecastMethod {
      let name = "nothing"
      func forecast(_ history: SlotMatrix, days: Int) -> DayForecast {
        fill(history, days: days) { _, _, _ in 0 }
      }
    }
    let run = ForecastRun(grid: Self.grid, method: Nothing())
    let (points, notes) = run.forecastWithNotes(Self.history(), start: Self.nextMonday, days: 7)
    let monday = points.filter { $0.interval.start.date == Self.nextMonday }
    // The last four Mondays in the history: 1,822, 1,554, 0 and 1,092 (rounded per slot).
    let totals: [Double] = [1822, 1554, 0, 1092].map { (($0 / 16) as Double).rounded() * 16 }
    let expected = totals.reduce(0, +) / 4
    #expect(abs(monday.reduce(0) { $0 + $1.mean } - expected) < 1e-6)
    #expect(monday.allSatisfy { $0.hi80 > $0.mean && $0.lo80 <= $0.mean })
    #expect(notes.count == 6, "\(notes)")
    #expect(notes.first?.contains("'phone' Monday 1999-02-01") == true, "\(notes)")
  }
}
