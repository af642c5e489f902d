import Forecasting
import Foundation
import RotaCore
import Testing

@testable import RotaKit

/// One rule for a day inside the history with no rows: closed, in plan as in `rota forecast`,
/// unless the scenario says `missing_days: zero`; and the days so read are named.
@Suite struct MissingDaysTests {
  /// Four Mondays 08:00–12:00 at 10 contacts a slot, the third without rows.
  private func scenario(_ extra: String = "") throws -> Scenario {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rota-missing-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var history = "timestamp,channel,volume\n"
    for week in [0, 1, 3] {
      let date = LocalDate(iso: "2026-11-09")!.adding(days: 7 * week)
      for slot in 16..<24 { history += "\(LocalDateTime(date: date, minuteOfDay: slot * 30)),phone,10\n" }
    }
    try history.write(to: folder.appendingPathComponent("history.csv"), atomically: true, encoding: .utf8)
    let text = minimalScenario.replacingOccurrences(
      of: "  history: history.csv\n", with: "  history: history.csv\n\(extra)")
    let path = folder.appendingPathComponent("scenario.yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try Scenario.load(path)
  }

  static let missingMonday = LocalDate(iso: "2026-11-23")!

  @Test func aDayWithoutRowsIsClosedInThePlanAsInTheForecast() throws {
    let scenario = try scenario()
    let histories = try PlanPipeline.histories(scenario)
    #expect(!histories["phone"]!.volumes.keys.contains { $0.date == Self.missingMonday })
    let note = try #require(PlanPipeline.missingDaysNote(histories, scenario))
    #expect(
      note.contains("1 open day inside the history has no rows and was read as closed: Monday 2026-11-23"))
    // The plan's forecast is the command's: the mean of the three Mondays with rows.
    let forecast = try PlanPipeline.forecastWithNotes(scenario)
    let monday = forecast.points.filter { $0.interval.start.date == scenario.planStart }
    #expect(monday.count == 8)
    #expect(monday.allSatisfy { abs($0.mean - 10) < 1e-9 }, "\(monday.map(\.mean))")
    #expect(forecast.warnings.contains(note))
  }

  /// The plan's kpis.json and report carry what reading the history said.
  @Test func kpisJSONListsTheHistorysWarnings() throws {
    let result = try PlanPipeline.run(try scenario())
    let kpis = try #require(PlanOutputs.contents(result, report: nil).first { $0.0 == "kpis.json" }?.1)
    #expect(kpis.contains("\"history\""))
    #expect(kpis.contains("read as closed: Monday 2026-11-23"), "\(kpis.prefix(400))")
    let report = PlanReport.html(result, history: try PlanPipeline.histories(result.scenario))
    #expect(report.contains("<h2>What the history said</h2>"))
    #expect(report.contains("read as closed: Monday 2026-11-23"))
  }

  @Test func missingDaysZeroReadsThemAsDaysWithoutContacts() throws {
    let scenario = try scenario("  missing_days: zero\n")
    let histories = try PlanPipeline.histories(scenario)
    let monday = histories["phone"]!.volumes.filter { $0.key.date == Self.missingMonday }
    #expect(monday.count == 8 && monday.values.allSatisfy { $0 == 0 })
    #expect(PlanPipeline.missingDaysNote(histories, scenario) == nil)
  }

  @Test func anUnknownReadingIsRefusedNamingTheLine() {
    expectParseError(
      minimalScenario.replacingOccurrences(
        of: "  history: history.csv\n", with: "  history: history.csv\n  missing_days: skip\n"),
      line: 9, field: "planning.missing_days", message: "'skip' is not closed or zero")
  }
}

/// Contacts outside the opening hours are left out of the forecast: said, with a warning above
/// 1%, never dropped in silence (a file of local times marked `Z` lost 31% of its calls so).
@Suite struct HistoryQualityTests {
  /// Mondays 08:00–12:00 open; `outside` of every 1,000 contacts a Monday arrive 12:00–14:00.
  private func history(outsidePerMille: Double) -> [String: VolumeHistory] {
    var volumes: [LocalDateTime: Double] = [:]
    for week in 0..<4 {
      let date = LocalDate(iso: "2026-11-02")!.adding(days: 7 * week)
      for slot in 16..<24 {
        volumes[LocalDateTime(date: date, minuteOfDay: slot * 30)] = (1000 - outsidePerMille) / 8
      }
      for slot in 24..<28 { volumes[LocalDateTime(date: date, minuteOfDay: slot * 30)] = outsidePerMille / 4 }
    }
    return ["phone": VolumeHistory(channel: "phone", volumes: volumes)]
  }

  @Test(arguments: [(310.0, true), (27, true), (5, false)])
  func contactsOutsideTheHoursAreCountedAndNamed(_ perMille: Double, _ warns: Bool) throws {
    let scenario = try Scenario.parse(minimalScenario, file: "/tmp/s/scenario.yaml")
    let found = try #require(HistoryQuality.outsideHours(history(outsidePerMille: perMille), scenario))
    #expect(abs(found.share - perMille / 1000) < 1e-12)
    #expect(
      found.note.contains("(\((perMille / 10).formatted(maxDecimals: 1))%) fall outside the opening hours"))
    #expect(found.note.contains("Mon 12:00") && found.note.contains("Mon 13:00"))
    #expect((found.share > HistoryQuality.warnAbove) == warns)
  }

  @Test func aHistoryInsideTheHoursSaysNothing() throws {
    let scenario = try Scenario.parse(minimalScenario, file: "/tmp/s/scenario.yaml")
    #expect(HistoryQuality.outsideHours(history(outsidePerMille: 0), scenario) == nil)
  }
}

/// `time_format` takes a strftime-style pattern for layouts the named formats do not cover.
@Suite struct TimeFormatPatternTests {
  static func scenario(_ format: String) -> String {
    minimalScenario.replacingOccurrences(
      of: "  history: history.csv\n",
      with: """
          history:
            file: calls.tsv
            rows: contacts
            time_format: "\(format)"
            columns: { timestamp: date, time: vru_entry }

        """)
  }

  @Test func aPatternIsRead() throws {
    let scenario = try Scenario.parse(Self.scenario("%y%m%d %H:%M:%S"), file: "/tmp/s/scenario.yaml")
    #expect(scenario.historyLayout?.timePattern?.description == "%y%m%d %H:%M:%S")
  }

  @Test func aPatternWithoutATimeIsRefusedNamingTheLine() {
    expectParseError(
      Self.scenario("%y%m%d"), line: 11, field: "planning.history.time_format",
      message: "'%y%m%d' is not a time pattern Rota reads")
  }
}

/// A file of UTC times read in a team's zone far from UTC peaks at night: the plan asks.
@Suite struct NightPeakTests {
  private func history(peakHour: Int) -> [String: VolumeHistory] {
    var volumes: [LocalDateTime: Double] = [:]
    let first = LocalDate(iso: "2026-11-02")!
    for day in 0..<14 {
      for hour in 0..<24 {
        let distance = min(abs(hour - peakHour), 24 - abs(hour - peakHour))
        volumes[LocalDateTime(date: first.adding(days: day), minuteOfDay: hour * 60)] = Double(
          max(1, 20 - 3 * distance))
      }
    }
    return ["phone": VolumeHistory(channel: "phone", volumes: volumes)]
  }

  @Test(arguments: [(3, true), (14, false), (0, true), (6, false)])
  func aNightPeakIsQuestioned(_ peakHour: Int, _ asked: Bool) throws {
    let scenario = try Scenario.parse(minimalScenario, file: "/tmp/s/scenario.yaml")
    let note = HistoryQuality.nightPeak(history(peakHour: peakHour), scenario)
    #expect((note != nil) == asked, "\(note ?? "none")")
    if asked {
      #expect(note?.contains("busiest hour of the day is 0\(peakHour):00") == true, "\(note ?? "")")
    }
  }
}
