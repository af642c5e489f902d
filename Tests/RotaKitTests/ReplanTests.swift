import Foundation
import RotaCore
import Scheduling
import Testing

@testable import RotaKit

/// An absent person's shift under way at the re-plan time ends there.
@Suite struct ReplanTests {
  static let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!

  static func shift(_ date: String, _ start: Int, _ end: Int, breaks: [Shift.Break] = []) -> RosteredShift {
    RosteredShift(
      employeeID: "E1",
      shift: Shift(
        date: LocalDate(iso: date)!, template: "t", channel: "phone", start: start, end: end, breaks: breaks))
  }

  @Test(arguments: [
    // 08:00–16:30 with an unpaid 12:00–12:30 break, gone at 12:15: four hours paid.
    ("2026-12-09", 480, 990, "2026-12-09T12:15", 735, 240),
    // Gone before the break: it is dropped.
    ("2026-12-09", 480, 990, "2026-12-09T10:00", 600, 120),
    // A night shift 22:00–06:00, gone at 02:00 the next morning.
    ("2026-12-09", 1320, 1800, "2026-12-10T02:00", 1560, 240),
    // The night clocks go back (25 October in Dublin): 22:00 to 02:00 on the clock is five hours.
    ("2026-10-24", 1320, 1800, "2026-10-25T02:00", 1560, 300),
  ])
  func aShiftUnderWayEndsAtTheReplanTime(
    _ date: String, _ start: Int, _ end: Int, _ from: String, _ newEnd: Int, _ paid: Int
  ) throws {
    let unpaid = Shift.Break(start: 720, end: 750, paid: false)
    let ended = ReplanPipeline.ended(
      Self.shift(date, start, end, breaks: start == 480 ? [unpaid] : []), at: LocalDateTime(iso: from)!,
      grid: Self.grid)
    #expect(ended.shift.start == start && ended.shift.end == newEnd)
    #expect(ended.shift.paidMinutes == paid)
  }

  @Test(arguments: ["2026-12-09T08:00", "2026-12-09T16:30", "2026-12-09T07:00", "2026-12-10T12:00"])
  func aShiftNotUnderWayIsKept(_ from: String) {
    let kept = Self.shift("2026-12-09", 480, 990)
    #expect(ReplanPipeline.ended(kept, at: LocalDateTime(iso: from)!, grid: Self.grid) == kept)
  }
}
