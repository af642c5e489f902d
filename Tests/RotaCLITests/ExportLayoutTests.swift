import Foundation
import RotaCore
import Testing

/// Real exports' layouts: tab-separated files and headers written as people write them.
@Suite struct ExportLayoutTests {
  static func history(separator: String, header: String) -> String {
    var text = header + "\n"
    let first = LocalDate(iso: "2026-11-02")!
    for day in 0..<28 {
      for hour in 9..<17 {
        text += "\(first.adding(days: day))T\(hour < 10 ? "0" : "")\(hour):00:00\(separator)\(10 + day % 7)\n"
      }
    }
    return text
  }

  @Test func aTabSeparatedHistoryIsNamedAsSuchAndReadWithDelimiterTab() throws {
    let folder = try CLIRunner.folder(with: [
      "calls.tsv": Self.history(separator: "\t", header: "timestamp\tvolume")
    ])
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("calls.tsv").path
    let refused = try CLIRunner.run(["forecast", "--history", path, "--interval", "60m"])
    #expect(refused.status == 1)
    #expect(
      refused.stderr.contains("\(path):1:") && refused.stderr.contains("looks tab-separated"),
      "\(refused.stderr)")
    let read = try CLIRunner.run(["forecast", "--history", path, "--interval", "60m", "--delimiter", "tab"])
    #expect(read.status == 0, "\(read.stderr)")
    #expect(read.stdout.hasPrefix("timestamp,channel,forecast"))
  }

  /// Zendesk's web export names its column `Created at`; the ticket-log default is `created_at`.
  @Test func aColumnMatchesIgnoringCaseSpacesAndUnderscores() throws {
    var log = "Ticket ID,Created at\n"
    let first = LocalDate(iso: "2026-11-02")!
    for day in 0..<28 {
      for minute in stride(from: 540, to: 1020, by: 20) {
        log +=
          "\(day * 100 + minute),\(LocalDateTime(date: first.adding(days: day), minuteOfDay: minute + 3))\n"
      }
    }
    let folder = try CLIRunner.folder(with: ["tickets.csv": log])
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try CLIRunner.run([
      "forecast", "--history", folder.appendingPathComponent("tickets.csv").path, "--interval", "60m",
    ])
    #expect(result.status == 0, "\(result.stderr)")
  }
}
