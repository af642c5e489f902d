import Forecasting
import Foundation
import RotaCore
import Scheduling
import Staffing

/// Parameters of the seeded synthetic history that `rota generate-history` writes.
public struct SyntheticHistorySettings: Sendable {
  public var seed: UInt64
  public var weeks: Int
  /// Average contacts per open weekday, per channel, at the start of the history.
  public var dailyVolume: [String: Double]
  /// Relative growth per week (0.004 is +0.4% a week).
  public var trendPerWeek: Double
  /// Negative-binomial over-dispersion k: variance = mean + k·mean².
  public var dispersion: Double
}

/// A team, its targets and rules, and the files it reads: everything one run needs.
public struct Scenario: Sendable {
  /// Path of the scenario file, as given.
  public var file: String
  public var name: String
  public var grid: TimeGrid
  public var openingHours: OpeningHours
  /// First day of the planning period and its length in days.
  public var planStart: LocalDate
  public var planDays: Int
  /// Where the scenario sets `planning.week_start`, for errors about the period.
  public var planStartLocation: SourceLocation?
  /// The period repeats as a pattern (`planning.cyclic`): night shifts of its last day cover
  /// its first day's early hours, and rest wraps from the last day to the first.
  public var cyclic: Bool = false
  /// Named days (`special_days`) that are open: each forecast apart from its weekday's pattern.
  /// Closed ones are in ``openingHours``' holidays.
  public var specialDays: [LocalDate: SpecialDay] = [:]
  /// History of interval counts, resolved against the scenario's folder.
  public var historyFile: String
  /// How to read the history when it is an ACD or help-desk interval report
  /// (`planning.history` as a mapping); nil for `timestamp,volume[,channel]` or a ticket log.
  public var historyLayout: IntervalExportLayout?
  /// A roster CSV of shifts to keep as they are (`planning.pinned`, or `--pinned`).
  public var pinnedFile: String?
  /// The workspace folder every `rota plan` of this scenario records its run in (`workspace`,
  /// resolved against the scenario's folder); `--workspace` overrides it.
  public var workspaceFolder: String?
  /// Mean patience per live channel estimated from the report's abandonments and waits
  /// (``PatienceEstimate``), for channels whose `patience_seconds` the scenario leaves open;
  /// those channels queue by Erlang A with it.
  public var patienceEstimates: [String: PatienceEstimate] = [:]
  /// Where each channel's `max_abandon_rate` is set, for the error when its patience cannot
  /// be estimated.
  var abandonTargetLocations: [String: SourceLocation] = [:]
  /// Where the scenario names its history file, for an error reading it.
  var historyFileLocation: SourceLocation?
  /// The forecasting method's name (`auto` unless the scenario says otherwise).
  public var forecastMethod: String
  /// How a day inside the history with no rows at all is read: closed (a holiday, a day the
  /// export left out), unless `planning.missing_days: zero` says the team was open and had no
  /// contacts. The same in plan, forecast, backtest and actuals.
  public var missingDaysAreZero = false
  public var channels: [Channel]
  public var templates: [ShiftTemplate]
  public var contracts: [Contract]
  public var employees: [Employee]
  public var rules: LabourRules
  /// Solver limits: wall-clock seconds per integer program, and the relative gap to stop at.
  public var solverTimeLimit: Double
  public var solverGap: Double
  /// Branch-and-cut subproblems per integer program; nil for no limit but time.
  public var solverNodeLimit: Int?
  public var syntheticHistory: SyntheticHistorySettings?

  /// The dates of the planning period.
  public var planDates: [LocalDate] { (0..<planDays).map { planStart.adding(days: $0) } }
  /// With a repeating period, its length in seconds (email's deadlines wrap over it); nil
  /// otherwise.
  public var cycleSeconds: Int? {
    cyclic ? grid.seconds(from: planStart, through: planStart.adding(days: planDays - 1)) : nil
  }

  /// Every file the scenario reads (for refusing to overwrite inputs).
  public var inputFiles: [String]
}

extension Scenario {
  /// Reads and checks a scenario file. Every error names the file, the line and the key.
  public static func load(_ path: String) throws(InputError) -> Scenario {
    let text = try TextFile.read(path)
    var scenario = try parse(text, file: path)
    try scenario.estimatePatience()
    return scenario
  }

  /// A history file that cannot be opened, said at the scenario line that names it.
  func locatingHistory(_ error: InputError) -> InputError {
    switch error {
    case .fileNotFound(let path), .unreadable(let path, _):
      guard path == historyFile, let location = historyFileLocation else { return error }
      return .invalid(location, error.description)
    case .invalid: return error
    }
  }

  /// Parses scenario text; relative paths are resolved against the folder of `file`.
  public static func parse(_ text: String, file: String) throws(InputError) -> Scenario {
    let root = try YAMLValue.parse(text, file: file)
    let top = try root.fields(
      allowed: [
        "name", "planning", "solver", "rules", "pay", "synthetic_history", "employees", "special_days",
        "workspace",
      ],
      required: ["team", "channels", "shift_templates", "contracts", "employees"])
    let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
    func resolve(_ relative: String) -> String {
      relative.hasPrefix("/") ? relative : folder.appendingPathComponent(relative).path
    }

    // Team.
    let team = try top["team"]!.fields(
      allowed: ["holidays"], required: ["time_zone", "interval_minutes", "opening_hours"])
    let zoneName = try team["time_zone"]!.string()
    guard let zone = TimeZone(identifier: zoneName) else {
      throw team["time_zone"]!.fail("'\(zoneName)' is not a time zone name like Europe/Berlin")
    }
    let intervalMinutes = try team["interval_minutes"]!.int()
    guard let grid = TimeGrid(timeZone: zone, intervalMinutes: intervalMinutes) else {
      throw team["interval_minutes"]!.fail("\(intervalMinutes) is not one of 15, 30, 60")
    }
    var ranges: [Weekday: [TimeRange]] = [:]
    for (key, value) in try team["opening_hours"]!.mapping() {
      guard let day = Weekday(name: key) else { throw value.fail("'\(key)' is not a weekday") }
      let items = value.node.sequence != nil ? try value.sequence() : [value]
      var dayRanges: [TimeRange] = []
      for item in items {
        if try item.string().lowercased() == "closed" { continue }
        let (open, close) = try item.timeRange()
        let range = TimeRange(open: open, close: close)!
        guard range.open.minutes % intervalMinutes == 0, range.close.minutes % intervalMinutes == 0 else {
          throw item.fail("opening hours must start and end on \(intervalMinutes)-minute boundaries")
        }
        dayRanges.append(range)
      }
      ranges[day] = dayRanges
    }
    var holidays: Set<LocalDate> = []
    if let list = team["holidays"] {
      for item in try list.sequence() { holidays.insert(try item.date()) }
    }
    let special = try top["special_days"].map { value throws(InputError) in try parseSpecialDays(value) }
    holidays.formUnion(special?.closed ?? [])
    let openingHours = OpeningHours(ranges: ranges, holidays: holidays)

    // Channels.
    var channels: [Channel] = []
    var abandonTargets: [String: YAMLValue] = [:]
    for (name, value) in try top["channels"]!.mapping() {
      channels.append(try parseChannel(name, value))
      if let target = try value.mapping().first(where: { $0.key == "max_abandon_rate" })?.value {
        abandonTargets[name] = target
      }
    }
    guard !channels.isEmpty else { throw top["channels"]!.fail("define at least one channel") }

    // Shifts, contracts, employees.
    var templates: [ShiftTemplate] = []
    for (name, value) in try top["shift_templates"]!.mapping() {
      templates.append(try parseTemplate(name, value, intervalMinutes: intervalMinutes))
    }
    var contracts: [Contract] = []
    for (name, value) in try top["contracts"]!.mapping() {
      contracts.append(try parseContract(name, value, templates: Set(templates.map(\.name))))
    }
    var inputFiles = [file]
    let employeesValue = top["employees"]!
    let employees: [Employee]
    if employeesValue.node.scalar != nil {
      let path = resolve(try employeesValue.string())
      inputFiles.append(path)
      // A file that cannot be read is reported at the line naming it.
      let table: CSVTable
      do { table = try CSVTable(contentsOf: path) } catch {
        switch error {
        case .fileNotFound: throw employeesValue.fail("\(path): file not found")
        case .unreadable(_, let reason): throw employeesValue.fail("\(path): cannot read: \(reason)")
        case .invalid: throw error
        }
      }
      employees = try EmployeeFile.read(table, channels: channels, contracts: contracts)
    } else {
      employees = try parseEmployees(employeesValue, channels: channels, contracts: contracts)
    }

    // Planning period and inputs.
    let planning =
      try top["planning"]?.fields(allowed: [
        "week_start", "days", "history", "forecast_method", "cyclic", "pinned", "missing_days",
      ])
      ?? [:]
    guard let historyValue = planning["history"] else {
      throw root.fail("missing required key 'planning.history' (the history CSV)")
    }
    var historyLayout: IntervalExportLayout?
    let historyFile: String
    if historyValue.node.scalar != nil {
      historyFile = resolve(try historyValue.string())
    } else {
      let export = try parseHistoryExport(historyValue, channels: channels)
      historyFile = resolve(export.file)
      historyLayout = export.layout
    }
    let estimable =
      historyLayout?.hasWaits ?? false
    for channel in channels where channel.maxAbandonRate != nil && channel.patienceSeconds == nil {
      guard estimable else {
        throw abandonTargets[channel.name]!.fail(
          "an abandonment target needs patience_seconds, or a history report with abandoned contacts and "
            + "both waits to estimate it from: under Erlang C nobody abandons")
      }
    }
    inputFiles.append(historyFile)
    guard let startValue = planning["week_start"] else {
      throw root.fail("missing required key 'planning.week_start' (first day to plan)")
    }
    let planStart = try startValue.date()
    let planDays = try planning["days"]?.int(in: 1...14, "plan 1 to 14 days") ?? 7
    let cyclic = try planning["cyclic"]?.bool() ?? false
    let forecastMethod = try planning["forecast_method"]?.string() ?? "auto"
    guard ForecastMethods.named(forecastMethod) != nil else {
      throw planning["forecast_method"]!.fail(
        "'\(forecastMethod)' is not one of \(ForecastMethods.all.map(\.name).joined(separator: ", "))")
    }

    let solver = try top["solver"]?.fields(allowed: ["time_limit_seconds", "gap", "node_limit"]) ?? [:]
    let timeLimit = try solver["time_limit_seconds"]?.double(in: 0.1...86_400, "0.1 s to a day") ?? 20
    let gap = try solver["gap"]?.double(in: 0...1, "a fraction such as 0.005") ?? 0.005
    let nodeLimit = try solver["node_limit"]?.int(in: 1...100_000_000, "1 or more subproblems")

    let rulesFields =
      try top["rules"]?.fields(allowed: [
        "min_rest_hours", "max_consecutive_days", "max_weekend_days", "days_off_together",
        "start_time_variation_minutes", "evenings_from", "coverage", "max_part_time_share",
      ]) ?? [:]
    let rest = try rulesFields["min_rest_hours"]?.double(in: 0...48, "0 to 48 hours") ?? 11
    var rules = LabourRules(
      minRestMinutes: Int((rest * 60).rounded()),
      maxConsecutiveDays: try rulesFields["max_consecutive_days"]?.int(in: 1...14, "1 to 14 days"),
      maxWeekendDays: try rulesFields["max_weekend_days"]?.int(in: 0...2, "0, 1 or 2 days"),
      daysOffTogether: try rulesFields["days_off_together"]?.int(in: 1...6, "1 to 6 days") ?? 1,
      maxStartVariationMinutes: try rulesFields["start_time_variation_minutes"]?.int(
        in: 0...1440, "0 to 1440 minutes"))
    if let share = rulesFields["max_part_time_share"] {
      rules.maxPartTimeShare = try share.double(in: 0...1, "a share from 0 to 1")
      guard templates.contains(where: \.partTime) else {
        throw share.fail("no shift template says part_time: true, so there is no share to limit")
      }
    }
    if let coverage = rulesFields["coverage"] {
      switch try coverage.string() {
      case "hard": rules.coverageIsHard = true
      case "priced": rules.coverageIsHard = false
      case let other: throw coverage.fail("'\(other)' is not 'hard' or 'priced'")
      }
    }
    if let evenings = rulesFields["evenings_from"] {
      guard let time = TimeOfDay(try evenings.string()) else {
        throw evenings.fail("'\(try evenings.string())' is not a time like 19:00")
      }
      rules.eveningStartMinute = time.minutes
    }
    let pay = try top["pay"].map { value throws(InputError) in try parsePay(value) } ?? PayRules()
    rules.pay = pay
    let synthetic = try top["synthetic_history"].map { value throws(InputError) in
      try parseSynthetic(value, channels: channels)
    }

    var scenario = Scenario(
      file: file,
      name: try top["name"]?.string() ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent,
      grid: grid, openingHours: openingHours, planStart: planStart, planDays: planDays,
      historyFile: historyFile,
      forecastMethod: forecastMethod, channels: channels, templates: templates, contracts: contracts,
      employees: employees, rules: rules,
      solverTimeLimit: timeLimit, solverGap: gap, solverNodeLimit: nodeLimit, syntheticHistory: synthetic,
      inputFiles: inputFiles)
    scenario.cyclic = cyclic
    if let missing = planning["missing_days"] {
      switch try missing.string().trimmingWhitespace() {
      case "closed": scenario.missingDaysAreZero = false
      case "zero": scenario.missingDaysAreZero = true
      case let other: throw missing.fail("'\(other)' is not closed or zero")
      }
    }
    scenario.specialDays = special?.named ?? [:]
    scenario.historyLayout = historyLayout
    if let pinned = planning["pinned"] {
      scenario.pinnedFile = resolve(try pinned.string())
      scenario.inputFiles.append(scenario.pinnedFile!)
    }
    if let workspace = top["workspace"] {
      let text = try workspace.string().trimmingWhitespace()
      guard !text.isEmpty else { throw workspace.fail("a workspace is a folder path; it cannot be empty") }
      scenario.workspaceFolder = resolve(String(text))
    }
    scenario.abandonTargetLocations = abandonTargets.mapValues(\.location)
    scenario.planStartLocation = startValue.location
    scenario.historyFileLocation =
      (try? historyValue.mapping())?.first { $0.key == "file" }?.value.location ?? historyValue.location
    return scenario
  }
}

extension Scenario {
  /// Per phone or chat channel, the most contacts in one interval whose work Rota staffs:
  /// ``QueueLimits/mostErlangs`` agents busy for the interval at the channel's handle time
  /// and concurrency. Email is worked to a deadline, not per interval, and has none.
  public var mostContactsPerInterval: [String: Double] {
    var most: [String: Double] = [:]
    for channel in channels where channel.kind != .email && channel.handlingSeconds > 0 {
      most[channel.name] =
        QueueLimits.mostErlangs * Double(grid.intervalMinutes * 60) * Double(channel.concurrency)
        / channel.handlingSeconds
    }
    return most
  }
}
