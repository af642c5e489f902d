import Foundation
import RotaCore
import Testing

@testable import RotaKit

/// forecast.csv with handle times: written only when the forecast has them, read back as
/// written, and a bad cell named.
@Suite struct ForecastFileTests {
  static let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
  static let phone = Channel(name: "phone", kind: .phone, handlingSeconds: 300)

  static func points() -> [ForecastPoint] {
    let intervals = grid.intervals(on: LocalDate(iso: "2026-12-07")!).filter { $0.start.minuteOfDay >= 480 }
    var first = ForecastPoint(
      interval: intervals[0], channel: "phone", mean: 10, lo80: 8, hi80: 12, lo95: 7, hi95: 13)
    first.ahtSeconds = 287.25
    let second = ForecastPoint(
      interval: intervals[1], channel: "phone", mean: 11, lo80: 9, hi80: 13, lo95: 8, hi95: 14)
    return [first, second]
  }

  @Test func handleTimesRoundTrip() throws {
    let text = Formats.forecastCSV(Self.points())
    #expect(text.hasPrefix("timestamp,channel,forecast,lo80,hi80,lo95,hi95,aht_seconds\n"))
    let read = try ForecastFile.read(
      CSVTable(text: text, file: "forecast.csv"), grid: Self.grid, channels: [Self.phone])
    #expect(read == Self.points())
    #expect(Self.phone.handlingSeconds(at: read[0]) == 287.25)
    #expect(Self.phone.handlingSeconds(at: read[1]) == 300)
  }

  @Test func withoutHandleTimesTheColumnIsLeftOut() {
    let plain = Self.points().map { point in
      var copy = point
      copy.ahtSeconds = nil
      return copy
    }
    #expect(Formats.forecastCSV(plain).hasPrefix("timestamp,channel,forecast,lo80,hi80,lo95,hi95\n"))
  }

  @Test(arguments: ["0", "-5", "86401", "abc"])
  func aBadHandleTimeIsNamed(_ cell: String) {
    let text = "timestamp,channel,forecast,aht_seconds\n2026-12-07T08:00:00,phone,10,\(cell)\n"
    do {
      _ = try ForecastFile.read(
        CSVTable(text: text, file: "forecast.csv"), grid: Self.grid, channels: [Self.phone])
      Issue.record("expected an error")
    } catch {
      guard case .invalid(let location, _) = error else { return }
      #expect(location.line == 2 && location.field == "aht_seconds")
    }
  }
}
