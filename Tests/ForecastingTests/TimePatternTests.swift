import Foundation
import RotaCore
import Testing

@testable import Forecasting

/// Times as real exports write them: a bank's `YYMMDD` log, day-first dates with dashes, a
/// support export's `Tue Oct 31 22:10:47 +0000 2017`, hours without their leading zero.
@Suite struct TimePatternTests {
  static let utc = TimeGrid(timeZone: TimeZone(identifier: "UTC")!, intervalMinutes: 30)!
  static let newYork = TimeGrid(timeZone: TimeZone(identifier: "America/New_York")!, intervalMinutes: 30)!

  @Test(
    arguments: [
      ("%y%m%d %H:%M:%S", "990101 0:00:31", "1999-01-01T00:00:00", nil),
      ("%y%m%d %H:%M:%S", "000229 13:05:00", "2000-02-29T13:05:00", nil),
      ("%d-%m-%Y %H:%M", "29-02-2016 01:16", "2016-02-29T01:16:00", nil),
      ("%a %b %d %H:%M:%S %z %Y", "Tue Oct 31 22:10:47 +0000 2017", "2017-10-31T22:10:00", 0),
      ("%a %b %d %H:%M:%S %z %Y", "Wed Nov  1 08:00:00 -05:00 2017", "2017-11-01T08:00:00", -300),
      ("%m/%d/%Y %I:%M %p", "12/7/2026 8:30 PM", "2026-12-07T20:30:00", nil),
      ("%Y-%m-%d %H:%M:%S", "2026-12-07 09:15:07.250", "2026-12-07T09:15:00", nil),
      ("%d %b %Y %H.%M", "7 December 2026 9.05", "2026-12-07T09:05:00", nil),
    ] as [(String, String, String, Int?)])
  func realLayoutsRead(_ pattern: String, _ text: String, _ local: String, _ offset: Int?) throws {
    let parsed = try #require(TimePattern(pattern))
    let read = try #require(parsed.read(text))
    #expect(read.time.description == local)
    #expect(read.offsetMinutes == offset)
  }

  @Test(arguments: [
    ("%y%m%d %H:%M:%S", "990230 0:00:31"),  // no 30 February
    ("%y%m%d %H:%M:%S", "990101 24:00:00"),
    ("%a %b %d %H:%M:%S %z %Y", "Mon Oct 31 22:10:47 +0000 2017"),  // the 31st was a Tuesday
    ("%d-%m-%Y %H:%M", "29-02-2016 01:16 extra"),
    ("%m/%d/%Y %I:%M %p", "12/7/2026 13:30 PM"),
    ("%d-%m-%Y %H:%M", "29/02/2016 01:16"),
  ])
  func wrongTimesAreRefused(_ pattern: String, _ text: String) throws {
    let parsed = try #require(TimePattern(pattern))
    #expect(parsed.read(text) == nil)
  }

  @Test(arguments: ["%Y-%m-%d", "%H:%M", "%Y %Y-%m-%d %H:%M", "%Y-%m-%d %H:%M %q", "%Y-%m-%d %I:%M"])
  func incompletePatternsAreRefused(_ pattern: String) {
    #expect(TimePattern(pattern) == nil)
  }

  /// A pattern's offset moves the time to the team's zone, as an ISO offset does.
  @Test func anOffsetIsReadIntoTheTeamsZone() throws {
    var layout = IntervalExportLayout(timestamp: "created_at", offered: ["n"])
    layout.timePattern = TimePattern("%a %b %d %H:%M:%S %z %Y")
    let local = IntervalExportReader.localTime(
      "Tue Oct 31 22:10:47 +0000 2017", layout: layout, grid: Self.newYork)
    #expect(local?.description == "2017-10-31T18:10:00")
  }

  @Test(arguments: [
    ("1999-01-01 0:00:31", "1999-01-01T00:00:00"), ("1999-01-01T9:30:00", "1999-01-01T09:30:00"),
    ("1999-01-01 09:30", "1999-01-01T09:30:00"),
  ])
  func isoTimesMayLeaveOutTheHoursZero(_ text: String, _ local: String) {
    #expect(TicketLogReader.localTime(text, grid: Self.utc)?.description == local)
  }

  @Test func dayFirstDatesMayUseDashesOrDots() {
    for text in ["29-02-2016 01:16", "29.02.2016 01:16", "29/02/2016 01:16"] {
      #expect(
        IntervalExportReader.localTime(text, format: .dayFirst, grid: Self.utc)?.description
          == "2016-02-29T01:16:00",
        "\(text)")
    }
    #expect(IntervalExportReader.localTime("29-02/2016 01:16", format: .dayFirst, grid: Self.utc) == nil)
  }
}
