import Forecasting
import Foundation
import RotaKit
import Testing

/// Each vendor preset read end to end: the default history written in the preset's shape
/// (made here, with the columns, time formats and durations its documentation describes)
/// plans a day whose forecast is the plain history's, and a damaged cell is named by file,
/// line and column.
@Suite struct VendorExportTests {
  /// One interval of the plain history.
  struct Interval {
    var date: (year: Int, month: Int, day: Int)
    var hour: Int
    var minute: Int
    var volume: Int
    var channel: String
  }

  static let intervals: [Interval] = {
    let text = try! String(contentsOfFile: ForecastCommandTests.history, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { line in
      let fields = line.split(separator: ",")
      let stamp = fields[0]
      let date = stamp.prefix(10).split(separator: "-").map { Int($0)! }
      return Interval(
        date: (date[0], date[1], date[2]), hour: Int(stamp.dropFirst(11).prefix(2))!,
        minute: Int(stamp.dropFirst(14).prefix(2))!, volume: Int(fields[1])!, channel: String(fields[2]))
    }
  }()

  static func twelveHour(_ hour: Int, _ minute: Int) -> String {
    String(format: "%d:%02d %@", (hour + 11) % 12 + 1, minute, hour < 12 ? "AM" : "PM")
  }

  static func clock(_ seconds: Int) -> String {
    String(format: "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
  }

  /// Every tenth contact abandons after 45 s; the rest wait 15 s and take 5 minutes.
  static func split(_ volume: Int) -> (answered: Int, abandoned: Int) { (volume - volume / 10, volume / 10) }

  /// The export's text, the `planning.history` mapping that reads it, and a cell to damage
  /// (line 5's column, with a value it cannot hold).
  static func export(_ preset: IntervalExportLayout.Preset) -> (text: String, history: String, damage: String)
  {
    var lines: [String] = []
    var queues = "{ \"Phone EN\": phone, \"Chat EN\": chat, \"Email EN\": email }"
    let queue = ["phone": "Phone EN", "chat": "Chat EN", "email": "Email EN"]
    var extra = ""
    let damage: String
    switch preset {
    case .genesysCloud:
      lines.append("Interval Start,Queue,Media Type,Offer,Answer,Abandon,Avg Handle,ASA,Avg Abandon")
      for row in intervals {
        let (answered, abandoned) = split(row.volume)
        lines.append(
          "\(row.date.month)/\(row.date.day)/\(row.date.year) \(twelveHour(row.hour, row.minute)),"
            + "\(queue[row.channel]!),voice,\(row.volume),\(answered),\(abandoned),0:05:00,15,45")
      }
      damage = "Offer"
    case .genesysHistoricalImport:
      // UTC stamps at 15 minutes: each half hour of the plain history (Dublin time, an hour
      // ahead of UTC until 25 October) split in two, the second quarter taking the odd contact.
      lines.append(
        "Interval Start UTC Date,Queue,Media Type,Offered,Interactions Handled,Total Handle Time (Seconds)")
      var dublin = Calendar(identifier: .gregorian)
      dublin.timeZone = TimeZone(identifier: "Europe/Dublin")!
      let utc = ISO8601DateFormatter()
      for row in intervals {
        let (answered, _) = split(row.volume)
        let start = dublin.date(
          from: DateComponents(
            year: row.date.year, month: row.date.month, day: row.date.day, hour: row.hour, minute: row.minute)
        )!
        for quarter in 0..<2 {
          let offered = quarter == 0 ? row.volume / 2 : row.volume - row.volume / 2
          let handled = quarter == 0 ? answered / 2 : answered - answered / 2
          lines.append(
            "\(utc.string(from: start.addingTimeInterval(Double(900 * quarter)))),\(queue[row.channel]!),voice,"
              + "\(offered),\(handled),\(300 * handled)")
        }
      }
      damage = "Interactions Handled"
    case .niceCXone:
      // A semicolon-separated export, as Excel writes one where the comma is the decimal mark.
      extra = "\n    delimiter: \";\""
      lines.append("Skill Name;Interval Start;Offered;Handled;Abandoned;AHT;ASA;Avg Abandon Time")
      for row in intervals {
        let (answered, abandoned) = split(row.volume)
        lines.append(
          String(
            format: "%@;%02d/%02d/%d %02d:%02d;%d;%d;%d;300;0:15;0:45", queue[row.channel]!, row.date.month,
            row.date.day, row.date.year, row.hour, row.minute, row.volume, answered, abandoned))
      }
      damage = "Interval Start"
    case .five9:
      lines.append("SKILL,DATE,HALF HOUR,CALLS,HANDLED,ABANDONED,HANDLE TIME")
      for row in intervals {
        let (answered, abandoned) = split(row.volume)
        lines.append(
          String(
            format: "%@,%02d/%02d/%d,%02d:%02d,%d,%d,%d,%@", queue[row.channel]!, row.date.month,
            row.date.day,
            row.date.year, row.hour, row.minute, row.volume, answered, abandoned, clock(300 * answered)))
      }
      damage = "HANDLE TIME"
    case .avayaCMS:
      lines.append(
        "Split/Skill,Date,Time,ACD Calls,Aban Calls,Avg ACD Time,Avg ACW Time,Avg Speed Ans,Avg Aban Time")
      for row in intervals {
        let (answered, abandoned) = split(row.volume)
        let end = row.hour * 60 + row.minute + 30
        lines.append(
          "\(queue[row.channel]!),\(row.date.month)/\(row.date.day)/\(row.date.year),"
            + "\(twelveHour(row.hour, row.minute))-\(twelveHour(end / 60, end % 60)),\(answered),\(abandoned),"
            + "4:00,1:00,0:15,0:45")
      }
      damage = "Time"
    case .zendeskTalk:
      // One row per call, the three channels on three numbers; outbound calls and calls that
      // hung up in the IVR come between them and must not count.
      extra = "\n    columns: { queue: phone_number_id }"
      queues = "{ \"1\": phone, \"2\": chat, \"3\": email }"
      let number = ["phone": 1, "chat": 2, "email": 3]
      lines.append(
        "id,created_at,direction,phone_number_id,completion_status,wait_time,talk_time,wrap_up_time")
      var id = 0
      for row in intervals {
        for contact in 0..<row.volume {
          id += 1
          let second = contact * 1800 / max(1, row.volume)
          let stamp = String(
            format: "%d-%02d-%02dT%02d:%02d:%02d", row.date.year, row.date.month, row.date.day, row.hour,
            row.minute + second / 60, second % 60)
          let abandoned = contact % 10 == 9
          lines.append(
            "\(id),\(stamp),inbound,\(number[row.channel]!),"
              + (abandoned ? "abandoned_in_queue,45,0,0" : "completed,15,240,60"))
          if contact == 0 {
            lines.append("\(id)0,\(stamp),outbound,\(number[row.channel]!),completed,0,120,30")
            lines.append("\(id)1,\(stamp),inbound,\(number[row.channel]!),abandoned_in_ivr,0,0,0")
          }
        }
      }
      damage = "created_at"
    case .zendeskSupport:
      queues = "{ voice: phone, chat: chat, email: email }"
      let via = ["phone": "voice", "chat": "chat", "email": "email"]
      lines.append("id,created_at,via,subject")
      var id = 0
      for row in intervals {
        for contact in 0..<row.volume {
          id += 1
          let minute = row.minute + contact * 30 / max(1, row.volume)
          lines.append(
            String(
              format: "%d,%d-%02d-%02d %02d:%02d:00,%@,Where is my order?", id, row.date.year, row.date.month,
              row.date.day, row.hour, minute, via[row.channel]!))
        }
      }
      damage = "via"
    }
    let history = """
        history:
          file: export.csv
          format: \(preset.rawValue)\(extra)
          queues: \(queues)
      """
    return (lines.joined(separator: "\n") + "\n", history, damage)
  }

  /// The default scenario over one day, its history the preset's export.
  static func scenario(_ preset: IntervalExportLayout.Preset, in folder: URL) throws -> (URL, String) {
    let (text, history, damage) = export(preset)
    try text.write(to: folder.appendingPathComponent("export.csv"), atomically: true, encoding: .utf8)
    let scenario = folder.appendingPathComponent("scenario.yaml")
    var yaml = try String(contentsOf: scenario, encoding: .utf8)
      .replacingOccurrences(of: "  history: history.csv", with: history)
      .replacingOccurrences(of: "  days: 7\n", with: "  days: 1\n")
    if preset.layout.hasWaits {
      // Patience is then the export's to say.
      yaml = yaml.replacingOccurrences(
        of: "    patience_seconds: 120 # callers hang up after 2 minutes on average: Erlang A\n", with: ""
      ).replacingOccurrences(of: "    patience_seconds: 240\n", with: "")
      #expect(!yaml.contains("patience_seconds"))
    }
    #expect(yaml.contains("format: \(preset.rawValue)") && yaml.contains("  days: 1\n"))
    try yaml.write(to: scenario, atomically: true, encoding: .utf8)
    return (scenario, damage)
  }

  static let referenceForecast: [String] = {
    let result = try! CLIRunner.run([
      "forecast", "--history", ForecastCommandTests.history, "--scenario", CLIRunner.defaultScenario,
      "--start",
      "2026-12-07", "--days", "1",
    ])
    return result.stdout.split(separator: "\n").dropFirst().map(String.init)
  }()

  @Test(arguments: IntervalExportLayout.Preset.allCases)
  func aPresetsExportPlansLikeItsHistory(_ preset: IntervalExportLayout.Preset) throws {
    let folder = try CLIRunner.copyOfDefaultScenario()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (scenario, _) = try Self.scenario(preset, in: folder)
    let out = folder.appendingPathComponent("out")
    let plan = try CLIRunner.run(["plan", scenario.path, "--out", out.path, "--quiet"])
    #expect(plan.status == 0, "\(plan.stderr)")
    let forecast = try String(contentsOf: out.appendingPathComponent("forecast.csv"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
    // The volumes are the plain history's; presets with handle time add their forecast of it.
    let withHandleTime = preset != .zendeskSupport
    #expect(
      forecast.first
        == "timestamp,channel,forecast,lo80,hi80,lo95,hi95" + (withHandleTime ? ",aht_seconds" : ""))
    let volumes = forecast.dropFirst().map {
      withHandleTime
        ? $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
        : $0
    }
    #expect(volumes == Self.referenceForecast)
    if withHandleTime {
      // 300 s per handled contact in every shape (4:00 talk plus 1:00 wrap-up in two of them).
      let seconds = forecast.dropFirst().map { Double($0.split(separator: ",").last!)! }
      #expect(seconds.allSatisfy { abs($0 - 300) < 1e-6 }, "\(seconds.prefix(5))")
    }
    let roster = try String(contentsOf: out.appendingPathComponent("roster.csv"), encoding: .utf8)
    #expect(roster.split(separator: "\n").count > 10)
    // Where the shape has abandonments and waits, the live channels' patience comes from them:
    // (15 s × answered + 45 s × abandoned) over the abandoned.
    let loaded = try Scenario.load(scenario.path)
    if preset.layout.hasWaits {
      let phone = Self.intervals.filter { $0.channel == "phone" }
      let abandoned = phone.reduce(0) { $0 + Self.split($1.volume).abandoned }
      let waited = phone.reduce(0) {
        $0 + 15 * Self.split($1.volume).answered + 45 * Self.split($1.volume).abandoned
      }
      let estimate = try #require(loaded.patienceEstimates["phone"])
      #expect(abs(estimate.meanSeconds - Double(waited) / Double(abandoned)) < 1e-6)
    } else {
      #expect(loaded.patienceEstimates.isEmpty)
    }
  }

  @Test(arguments: IntervalExportLayout.Preset.allCases)
  func aDamagedCellIsNamed(_ preset: IntervalExportLayout.Preset) throws {
    let folder = try CLIRunner.copyOfDefaultScenario()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (scenario, column) = try Self.scenario(preset, in: folder)
    let file = folder.appendingPathComponent("export.csv")
    var lines = try String(contentsOf: file, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    let separator: Character = preset == .niceCXone ? ";" : ","
    let header = lines[0].split(separator: separator).map(String.init)
    var cells = lines[4].split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    cells[try #require(header.firstIndex(of: column))] = column == "via" ? "twitter" : "x"
    lines[4] = cells.joined(separator: String(separator))[...]
    try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    let plan = try CLIRunner.run(["plan", scenario.path, "--out", folder.appendingPathComponent("out").path])
    #expect(plan.status == 1)
    #expect(plan.stderr.contains("export.csv:5: field '\(column)'"), "\(plan.stderr)")
  }

  /// Plans the default scenario from its Genesys Cloud export with `header` renamed to
  /// `renamed`; the folder is removed afterwards, its forecast kept.
  static func planGenesysExport(renaming header: String, to renamed: String) throws -> (
    plan: CLIRunner.Result, forecast: String?
  ) {
    let folder = try CLIRunner.copyOfDefaultScenario()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (scenario, _) = try Self.scenario(.genesysCloud, in: folder)
    let file = folder.appendingPathComponent("export.csv")
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(text.contains(header))
    try text.replacingOccurrences(of: header, with: renamed).write(
      to: file, atomically: true, encoding: .utf8)
    let out = folder.appendingPathComponent("out")
    let plan = try CLIRunner.run(["plan", scenario.path, "--out", out.path, "--quiet"])
    return (plan, try? String(contentsOf: out.appendingPathComponent("forecast.csv"), encoding: .utf8))
  }

  /// Genesys Cloud's views head their columns Offered, Answered and Abandoned where the metric
  /// definitions say Offer, Answer and Abandon: either reads the same.
  @Test func aPresetReadsTheOtherNamesItsVendorUses() throws {
    let (plan, forecast) = try Self.planGenesysExport(
      renaming: ",Offer,Answer,Abandon,", to: ",Offered,Answered,Abandoned,")
    #expect(plan.status == 0, "\(plan.stderr)")
    let volumes = try #require(forecast).split(separator: "\n").dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
    }
    #expect(volumes == Self.referenceForecast)
  }

  /// A preset's columns missing from the file are named, with the columns it has.
  @Test func aMissingPresetColumnIsNamed() throws {
    let (plan, _) = try Self.planGenesysExport(renaming: ",Avg Handle,", to: ",AHT,")
    #expect(plan.status == 1)
    #expect(plan.stderr.contains("export.csv:1: field 'Avg Handle': missing column"), "\(plan.stderr)")
  }
}
