import Foundation
import RotaCore
import Store
import Testing

@testable import RotaKit

@Suite struct ForecastAccuracyTests {
  static let defaultScenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../scenarios/default/scenario.yaml").standardizedFileURL.path

  /// Actuals of a day still under way: an open interval left out before the file's last row
  /// had no contacts, those after it are not known yet and are not stored as zeros.
  @Test func aPartDayOfActualsStopsAtItsLastRow() throws {
    let scenario = try Scenario.load(Self.defaultScenario)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rota-part-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let lines = try String(contentsOfFile: scenario.historyFile, encoding: .utf8).split(separator: "\n")
    let morning = lines.dropFirst().filter {
      $0.hasPrefix("2026-12-02T") && $0.dropFirst(11).prefix(5) < "12:00"
        && !$0.hasPrefix("2026-12-02T09:00:00,")
        || $0.hasPrefix("2026-12-02T09:00:00,") && !$0.hasSuffix(",phone")
    }
    #expect(morning.count > 10)
    let file = folder.appendingPathComponent("actuals.csv").path
    try ([lines[0]] + morning).joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
    let records = try ActualsImport.read(file, scenario: scenario)
    let noon = LocalDateTime(iso: "2026-12-02T12:00")!
    #expect(!records.isEmpty && records.allSatisfy { $0.start < noon })
    let left = try #require(
      records.first { $0.channel == "phone" && $0.start == LocalDateTime(iso: "2026-12-02T09:00")! })
    #expect(left.offered == 0)
    #expect(records.count == Set(morning.map { String($0.prefix(19)) }).count * scenario.channels.count)
  }

  /// Eight weekly snapshots forecast from the default scenario's synthetic history (each from
  /// the weeks before it only), that history imported as the actuals, and `rota accuracy`'s
  /// figures against a recount straight from the forecast points and the history file.
  @Test func eightWeeksMatchARecountFromTheirInputs() throws {
    let scenario = try Scenario.load(Self.defaultScenario)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "rota-accuracy-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let workspace = try Workspace(folder: folder.path, access: .createIfMissing)
    let history = try CSVTable(contentsOf: scenario.historyFile)
    var actual: [String: Double] = [:]
    let timestamp = try history.requireColumn("timestamp")
    let channel = try history.requireColumn("channel")
    let volume = try history.requireColumn("volume")
    for row in history.rows {
      actual["\(row.fields[channel]) \(row.fields[timestamp])"] = Double(row.fields[volume])!
    }

    struct Sums {
      var absolute = 0.0
      var actual = 0.0
      var forecast = 0.0
      var intervals = 0
    }
    var expected: [String: Sums] = [:]
    let first = LocalDate(iso: "2026-10-12")!
    for week in 0..<8 {
      var planned = scenario
      planned.planStart = first.adding(days: 7 * week)
      let points = try PlanPipeline.forecast(planned)
      #expect(!points.isEmpty)
      let run = RunRecord(
        createdAt: Date(), command: "forecast", scenarioName: scenario.name,
        scenarioDigest: try scenario.digest(),
        weekStart: planned.planStart, days: 7, timeZone: scenario.grid.timeZone.identifier,
        intervalMinutes: scenario.grid.intervalMinutes, cost: nil, bound: nil, solverStatus: "none",
        openShifts: 0,
        files: [:],
        intervals: points.map {
          IntervalRecord(
            channel: $0.channel, start: $0.interval.start, repeatedHour: $0.interval.repeatedHour,
            forecast: $0.mean,
            lo80: $0.lo80, hi80: $0.hi80, lo95: $0.lo95, hi95: $0.hi95)
        })
      _ = try workspace.record(run)
      for point in points {
        // An open interval the history has no row for had no contacts.
        let seen = actual["\(point.channel) \(point.interval.start)"] ?? 0
        var sums = expected["\(planned.planStart) \(point.channel)", default: Sums()]
        sums.absolute += abs(seen - point.mean)
        sums.actual += seen
        sums.forecast += point.mean
        sums.intervals += 1
        expected["\(planned.planStart) \(point.channel)"] = sums
      }
    }
    let imported = try ActualsImport.read(scenario.historyFile, scenario: scenario)
    _ = try workspace.importActuals(imported, source: scenario.historyFile)

    let rows = try ForecastAccuracy.weeks(workspace, last: 8)
    #expect(rows.count == 8 * scenario.channels.count)
    #expect(Set(rows.map(\.weekStart)).count == 8)
    for row in rows {
      let sums = try #require(expected["\(row.weekStart) \(row.channel)"])
      #expect(row.intervals == sums.intervals)
      #expect(abs(row.actual - sums.actual) < 1e-6)
      #expect(abs(row.wape! - sums.absolute / sums.actual) < 1e-9)
      #expect(abs(row.bias! - (sums.forecast - sums.actual) / sums.actual) < 1e-9)
      #expect((0...1).contains(row.coverage80!) && row.coverage80! <= row.coverage95!)
    }
    // On this history (about 10 contacts an interval, so Poisson noise alone gives 20–30%
    // WAPE per interval): unbiased within 10% each week, and 80% intervals holding about 80%.
    #expect(rows.allSatisfy { abs($0.bias!) < 0.1 })
    let coverage = rows.map { $0.coverage80! }.reduce(0, +) / Double(rows.count)
    #expect((0.7...0.9).contains(coverage))
    // Only the latest weeks when fewer are asked for; the CSV has a row per week and channel.
    #expect(try ForecastAccuracy.weeks(workspace, last: 2).map(\.weekStart).min() == first.adding(days: 42))
    #expect(ForecastAccuracy.csv(rows).split(separator: "\n").count == rows.count + 1)
    // The report's chart: a line per channel with a point per week.
    let section = PlanReport.accuracySection(rows)
    #expect(section.components(separatedBy: "<path d=").count == scenario.channels.count + 1)
    #expect(section.components(separatedBy: "<circle").count == rows.count + 1)
  }
}
