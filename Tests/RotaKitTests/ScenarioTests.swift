import Forecasting
import Foundation
import RotaCore
import Testing

@testable import RotaKit

/// A small valid scenario; tests change one thing in it.
let minimalScenario = """
  team:
    time_zone: Europe/Dublin
    interval_minutes: 30
    opening_hours:
      monday: "08:00-12:00"
  planning:
    week_start: 2026-12-07
    history: history.csv
  channels:
    phone:
      kind: phone
      handling_seconds: 300
      service_level: { target: 0.8, answer_seconds: 20 }
  shift_templates:
    four:
      length: "4:00"
      start_window: "08:00-08:00"
  contracts:
    std: { templates: [four], max_days_per_week: 5, max_hours_per_week: 40, hourly_wage: 20 }
  employees:
    - { id: E1, name: Ann, contract: std, skills: [phone] }

  """

/// Parsing `text` as `s.yaml` fails at `line` and `field` with a message containing `message`.
func expectParseError(_ text: String, line: Int, field: String, message: String) {
  do {
    _ = try Scenario.parse(text, file: "s.yaml")
    Issue.record("expected an error")
  } catch {
    guard case .invalid(let location, let text) = error else {
      Issue.record("unexpected \(error)")
      return
    }
    #expect(location.file == "s.yaml")
    #expect(location.line == line)
    #expect(location.field == field)
    #expect(text.contains(message), "\(text)")
  }
}

@Suite struct ScenarioTests {
  @Test func minimalScenarioLoads() throws {
    let scenario = try Scenario.parse(minimalScenario, file: "/tmp/s/scenario.yaml")
    #expect(scenario.historyFile == "/tmp/s/history.csv")
    #expect(scenario.channels.map(\.name) == ["phone"])
    #expect(scenario.templates[0].starts == [480])
    #expect(scenario.employees[0].availableDays.count == 7)
    #expect(scenario.planDays == 7)
  }

  @Test func defaultScenarioLoads() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "../../scenarios/default/scenario.yaml"
    ).standardizedFileURL.path
    let scenario = try Scenario.load(path)
    #expect(scenario.employees.count >= 35 && scenario.employees.count <= 45)
    #expect(Set(scenario.channels.map(\.kind)) == Set(ChannelKind.allCases))
    #expect(scenario.grid.intervalMinutes == 30)
    #expect(!scenario.openingHours.holidays.isEmpty)
  }

  /// Each case replaces one line of the minimal scenario and names the line and key that the
  /// error must point at.
  @Test(arguments: [
    (
      "    handling_seconds: 300", "    handling_seconds: -5", 12, "channels.phone.handling_seconds",
      "out of range"
    ),
    ("    kind: phone", "    kind: phone\n    colour: red", 12, "channels.phone.colour", "unknown key"),
    ("  time_zone: Europe/Dublin", "  time_zone: Mars/Olympus", 2, "team.time_zone", "not a time zone"),
    ("  interval_minutes: 30", "  interval_minutes: 20", 3, "team.interval_minutes", "not one of 15, 30, 60"),
    (
      "    monday: \"08:00-12:00\"", "    monday: \"12:00-08:00\"", 5, "team.opening_hours.monday",
      "closes before it opens"
    ),
    ("  week_start: 2026-12-07", "  week_start: 2026-02-30", 7, "planning.week_start", "not a date"),
    (
      "  std: { templates: [four],", "  std: { templates: [five],", 19, "contracts.std.templates.0",
      "no shift template named 'five'"
    ),
    (
      "contract: std, skills: [phone] }", "contract: std, skills: [fax] }", 21, "employees.0.skills.0",
      "no channel named 'fax'"
    ),
    (
      "    service_level: { target: 0.8,", "    service_level: { target: 1.5,", 13,
      "channels.phone.service_level.target", "out of range"
    ),
    (
      "  length: \"4:00\"", "  length: \"4:00\"\n    shape: round", 17, "shift_templates.four.shape",
      "unknown key"
    ),
  ])
  func errorsNameLineAndKey(_ old: String, _ new: String, _ line: Int, _ field: String, _ message: String)
    throws
  {
    let text = minimalScenario.replacingOccurrences(of: old, with: new)
    #expect(text != minimalScenario, "the case must change the scenario")
    expectParseError(text, line: line, field: field, message: message)
  }

  @Test func partTimeShareIsReadAndChecked() throws {
    let share =
      minimalScenario.replacingOccurrences(
        of: "    start_window: \"08:00-08:00\"\n",
        with: "    start_window: \"08:00-08:00\"\n    part_time: true\n")
      + "rules:\n  max_part_time_share: 0.3\n"
    #expect(share.contains("part_time: true"))
    let scenario = try Scenario.parse(share, file: "s.yaml")
    #expect(scenario.templates[0].partTime && scenario.rules.maxPartTimeShare == 0.3)
    expectParseError(
      minimalScenario + "rules:\n  max_part_time_share: 0.3\n", line: 23, field: "rules.max_part_time_share",
      message: "no shift template says part_time: true")
    expectParseError(
      share.replacingOccurrences(of: "0.3", with: "1.5"), line: 24, field: "rules.max_part_time_share",
      message: "out of range")
  }

  /// A break may start on a finer step than its shift: every 15 minutes of a window 2:00–3:00
  /// on a shift that starts on the half hour.
  @Test func aBreakCanStepFinerThanItsShift() throws {
    let text = minimalScenario.replacingOccurrences(
      of: "    start_window: \"08:00-08:00\"\n",
      with: "    start_window: \"08:00-08:00\"\n"
        + "    breaks: [{ name: rest, minutes: 15, window: \"2:00-3:00\", step_minutes: 15 }]\n")
    let template = try Scenario.parse(text, file: "s.yaml").templates[0]
    #expect(template.startStepMinutes == 30 && template.breakOffsets(0) == [120, 135, 150, 165, 180])
    expectParseError(
      text.replacingOccurrences(of: "step_minutes: 15", with: "step_minutes: 1"), line: 18,
      field: "shift_templates.four.breaks.0.step_minutes", message: "out of range")
  }

  @Test func malformedYAMLNamesTheLine() {
    do {
      _ = try Scenario.parse("team:\n  time_zone: [unclosed\n", file: "s.yaml")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.hasPrefix("s.yaml:"))
      #expect(error.description.contains("not valid YAML"))
    }
  }

  @Test func employeeFileErrorsNameTheRow() throws {
    let table = try CSVTable(
      text: "id,name,contract,skills\nE1,Ann,std,phone\nE1,Bob,std,phone\n", file: "e.csv")
    let scenario = try Scenario.parse(minimalScenario, file: "s.yaml")
    #expect(throws: InputError.self) {
      try EmployeeFile.read(table, channels: scenario.channels, contracts: scenario.contracts)
    }
    do { _ = try EmployeeFile.read(table, channels: scenario.channels, contracts: scenario.contracts) } catch
    {
      #expect(error.description == "e.csv:3: field 'id': employee id 'E1' appears twice")
    }
  }
}

@Suite struct HistoryGeneratorTests {
  static let settings = SyntheticHistorySettings(
    seed: 5, weeks: 8, dailyVolume: ["phone": 2000], trendPerWeek: 0, dispersion: 0.05)

  @Test func sameSeedSameFile() throws {
    let scenario = try Scenario.parse(minimalScenario, file: "s.yaml")
    let first = HistoryGenerator.csv(for: scenario, settings: Self.settings)
    #expect(first == HistoryGenerator.csv(for: scenario, settings: Self.settings))
    var other = Self.settings
    other.seed = 6
    #expect(first != HistoryGenerator.csv(for: scenario, settings: other))
    // Monday 08:00–12:00 only: eight weeks of eight half hours.
    #expect(try CSVTable(text: first, file: "h.csv").rows.count == 64)
  }

  @Test func countsAreOverDispersed() {
    // Negative binomial with mean 100 and k = 0.05 has variance 100 + 0.05 · 100² = 600.
    var generator = SeededGenerator(seed: 1)
    let draws = (0..<20_000).map { _ in
      Double(HistoryGenerator.negativeBinomial(mean: 100, dispersion: 0.05, using: &generator))
    }
    let mean = draws.reduce(0, +) / Double(draws.count)
    let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
    #expect(abs(mean - 100) < 1)
    #expect(abs(variance - 600) < 40)
  }
}

@Suite struct DefaultScenarioDataTests {
  /// The committed history is exactly what the documented generator writes.
  @Test func committedHistoryIsTheGeneratorsOutput() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../scenarios/default").standardizedFileURL
    let scenario = try Scenario.load(folder.appendingPathComponent("scenario.yaml").path)
    let settings = try #require(scenario.syntheticHistory)
    let committed = try TextFile.read(folder.appendingPathComponent("history.csv").path)
    #expect(HistoryGenerator.csv(for: scenario, settings: settings) == committed)
  }
}

@Suite struct ChannelOptionTests {
  @Test func erlangAKeysAreRead() throws {
    let text = minimalScenario.replacingOccurrences(
      of: "    handling_seconds: 300",
      with:
        "    handling_seconds: 300\n    patience_seconds: 90\n    max_abandon_rate: 0.05\n    service_level_basis: answered"
    )
    let phone = try Scenario.parse(text, file: "s.yaml").channels[0]
    #expect(phone.patienceSeconds == 90)
    #expect(phone.maxAbandonRate == 0.05)
    #expect(phone.serviceLevelBasis == .answered)
  }

  @Test func abandonmentNeedsPatience() {
    let text = minimalScenario.replacingOccurrences(
      of: "    handling_seconds: 300", with: "    handling_seconds: 300\n    max_abandon_rate: 0.05")
    #expect(throws: InputError.self) { try Scenario.parse(text, file: "s.yaml") }
  }
}

@Suite struct ChatConcurrencyTests {
  @Test func concurrencyBelowOneNamesTheLine() {
    let text = minimalScenario.replacingOccurrences(
      of: "    kind: phone", with: "    kind: chat\n    concurrency: 0")
    do {
      _ = try Scenario.parse(text, file: "s.yaml")
      Issue.record("expected an error")
    } catch {
      #expect(error.description.hasPrefix("s.yaml:12: field 'channels.phone.concurrency'"), "\(error)")
    }
  }
}

@Suite struct ShrinkageByTimeTests {
  @Test func windowsAreRead() throws {
    let text = minimalScenario.replacingOccurrences(
      of: "    handling_seconds: 300",
      with:
        "    handling_seconds: 300\n    shrinkage: 0.2\n    shrinkage_by_time:\n      - { days: [mon], hours: \"08:00-10:00\", shrinkage: 0.4 }"
    )
    let phone = try Scenario.parse(text, file: "s.yaml").channels[0]
    #expect(phone.shrinkage == 0.2)
    #expect(phone.shrinkageWindows.count == 1 && phone.shrinkageWindows[0].shrinkage == 0.4)
  }
}

/// `special_days`: a name, or a name with a multiplier or `closed: true`; closed days become
/// holidays.
@Suite struct SpecialDaysScenarioTests {
  static func scenario(_ block: String) -> String { minimalScenario + block }

  @Test func namesMultipliersAndClosedDaysAreRead() throws {
    let scenario = try Scenario.parse(
      Self.scenario(
        """
        special_days:
          2026-11-27: black_friday
          2026-12-24: { name: christmas_eve, multiplier: 0.6 }
          2026-12-25: { name: christmas, closed: true }

        """), file: "s.yaml")
    #expect(scenario.specialDays[LocalDate(iso: "2026-11-27")!] == SpecialDay(name: "black_friday"))
    #expect(
      scenario.specialDays[LocalDate(iso: "2026-12-24")!]
        == SpecialDay(name: "christmas_eve", multiplier: 0.6))
    #expect(scenario.specialDays[LocalDate(iso: "2026-12-25")!] == nil)
    #expect(scenario.openingHours.holidays.contains(LocalDate(iso: "2026-12-25")!))
  }

  @Test(arguments: [
    ("  2026-13-01: sale\n", 23, "special_days.2026-13-01", "not a date"),
    (
      "  2026-12-24: { name: eve, multiplier: 11 }\n", 23, "special_days.2026-12-24.multiplier",
      "out of range"
    ),
    (
      "  2026-12-24: { name: eve, multiplier: 0.5, closed: true }\n", 23,
      "special_days.2026-12-24.multiplier",
      "a closed day has no multiplier"
    ),
    ("  2026-12-24: { multiplier: 0.5 }\n", 23, "special_days.2026-12-24", "missing required key 'name'"),
    ("  2026-12-24: { name: eve, factor: 2 }\n", 23, "special_days.2026-12-24.factor", "unknown key"),
  ])
  func badEntriesNameLineAndKey(_ entry: String, _ line: Int, _ field: String, _ message: String) {
    do {
      _ = try Scenario.parse(Self.scenario("special_days:\n" + entry), file: "s.yaml")
      Issue.record("expected an error")
    } catch {
      guard case .invalid(let location, let text) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(location.line == line)
      #expect(location.field == field)
      #expect(text.contains(message), "\(text)")
    }
  }
}

/// The `planning.history` mapping of an export: presets, overrides and the mistakes named.
@Suite struct HistoryExportScenarioTests {
  static func scenario(_ history: String) -> String {
    minimalScenario.replacingOccurrences(of: "  history: history.csv", with: history)
  }

  @Test func aPresetsColumnsCanBeOverridden() throws {
    let scenario = try Scenario.parse(
      Self.scenario(
        """
          history:
            file: cms.csv
            format: avaya-cms
            delimiter: tab
            columns: { queue: Skill, handle_time: [Avg Talk Time, Avg Hold Time, Avg ACW Time] }
        """), file: "s.yaml")
    let layout = try #require(scenario.historyLayout)
    #expect(
      layout.queue == "Skill" && layout.handleTime == ["Avg Talk Time", "Avg Hold Time", "Avg ACW Time"])
    #expect(layout.offered == ["ACD Calls", "Aban Calls"] && layout.timeIsRange && layout.delimiter == 9)
  }

  @Test(arguments: [
    (
      "    format: genesys", 10, "planning.history.format",
      "not one of genesys-cloud, genesys-historical-import, nice-cxone, five9"
    ),
    ("    columns: { timestamp: At }", 10, "planning.history.columns", "missing required key 'offered'"),
    (
      "    rows: contacts\n    columns: { timestamp: At, offered: N }", 11,
      "planning.history.columns.offered",
      "counts each row as offered"
    ),
    (
      "    columns: { timestamp: At, offered: N, status: S }", 10, "planning.history.columns.status",
      "one row per contact"
    ),
    ("    format: five9\n    delimiter: \"#\"", 11, "planning.history.delimiter", "not one of ','"),
    ("    format: five9\n    abandoned: [gone]", 11, "planning.history.abandoned", "one row per contact"),
    ("    format: zendesk-support\n    abandoned: [gone]", 11, "planning.history.abandoned", "status column"),
    ("    format: five9\n    rows: contacts", 11, "planning.history.rows", "leave out rows"),
    (
      "    columns: { timestamp: At, offered: [] }", 10, "planning.history.columns.offered",
      "at least one column"
    ),
    (
      "    columns: { timestamp: At, offered: N }\n    time_range: true", 11, "planning.history.time_range",
      "separate time column"
    ),
  ])
  func mistakesAreNamed(_ lines: String, _ line: Int, _ field: String, _ message: String) {
    expectParseError(
      Self.scenario("  history:\n    file: report.csv\n" + lines), line: line, field: field, message: message)
  }
}

@Suite struct EmailServiceLevelTests {
  /// The minimal scenario with its phone channel made an email channel with `target`.
  func email(_ target: String) -> String {
    minimalScenario.replacingOccurrences(of: "    kind: phone", with: "    kind: email").replacingOccurrences(
      of: "    service_level: { target: 0.8, answer_seconds: 20 }", with: target)
  }

  @Test(arguments: [
    ("    service_level: { target: 0.9, within_hours: 24 }", 0.9, 86_400.0),
    ("    deadline_hours: 4", 1.0, 14_400.0),
    ("    service_level: { target: 1, within_hours: 0.5 }", 1.0, 1_800.0),
  ])
  func aShareWithinHoursIsRead(_ target: String, _ share: Double, _ seconds: Double) throws {
    let channel = try Scenario.parse(email(target), file: "s.yaml").channels[0]
    #expect(channel.kind == .email)
    #expect(channel.deadlineShare == share)
    #expect(channel.deadlineSeconds == seconds)
  }

  @Test(arguments: [
    (
      "    service_level: { target: 0.9, within_hours: 24 }\n    deadline_hours: 24", 14,
      "channels.phone.deadline_hours", "not both"
    ),
    (
      "    service_level: { target: 0, within_hours: 24 }", 13, "channels.phone.service_level.target",
      "out of range"
    ),
    (
      "    service_level: { target: 0.9, within_hours: 0 }", 13, "channels.phone.service_level.within_hours",
      "out of range"
    ),
    (
      "    service_level: { target: 0.9, answer_seconds: 20 }", 13,
      "channels.phone.service_level.answer_seconds", "expected one of: target, within_hours"
    ),
    ("    max_occupancy: 0.9", 11, "channels.phone", "deadline_hours"),
  ])
  func aBadEmailTargetNamesTheLine(_ target: String, _ line: Int, _ field: String, _ message: String) {
    expectParseError(email(target), line: line, field: field, message: message)
  }
}
