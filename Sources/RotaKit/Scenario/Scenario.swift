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
  /// Mean patience per live channel estimated from the report's abandonments and waits
  /// (``PatienceEstimate``), for channels whose `patience_seconds` the scenario leaves open;
  /// those channels queue by Erlang A with it.
  public var patienceEstimates: [String: PatienceEstimate] = [:]
  /// Where each channel's `max_abandon_rate` is set, for the error when its patience cannot
  /// be estimated.
  var abandonTargetLocations: [String: SourceLocation] = [:]
  /// The forecasting method's name (`auto` unless the scenario says otherwise).
  public var forecastMethod: String
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

  /// Parses scenario text; relative paths are resolved against the folder of `file`.
  public static func parse(_ text: String, file: String) throws(InputError) -> Scenario {
    let root = try YAMLValue.parse(text, file: file)
    let top = try root.fields(
      allowed: [
        "name", "planning", "solver", "rules", "pay", "synthetic_history", "employees", "special_days",
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
        "week_start", "days", "history", "forecast_method", "cyclic", "pinned",
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
      historyLayout.map { $0.abandoned != nil && $0.answerWait != nil && $0.abandonWait != nil } ?? false
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
        "start_time_variation_minutes", "evenings_from", "coverage",
      ]) ?? [:]
    let rest = try rulesFields["min_rest_hours"]?.double(in: 0...48, "0 to 48 hours") ?? 11
    var rules = LabourRules(
      minRestMinutes: Int((rest * 60).rounded()),
      maxConsecutiveDays: try rulesFields["max_consecutive_days"]?.int(in: 1...14, "1 to 14 days"),
      maxWeekendDays: try rulesFields["max_weekend_days"]?.int(in: 0...2, "0, 1 or 2 days"),
      daysOffTogether: try rulesFields["days_off_together"]?.int(in: 1...6, "1 to 6 days") ?? 1,
      maxStartVariationMinutes: try rulesFields["start_time_variation_minutes"]?.int(
        in: 0...1440, "0 to 1440 minutes"))
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
    scenario.specialDays = special?.named ?? [:]
    scenario.historyLayout = historyLayout
    if let pinned = planning["pinned"] {
      scenario.pinnedFile = resolve(try pinned.string())
      scenario.inputFiles.append(scenario.pinnedFile!)
    }
    scenario.abandonTargetLocations = abandonTargets.mapValues(\.location)
    scenario.planStartLocation = startValue.location
    return scenario
  }

  static func parseChannel(_ name: String, _ value: YAMLValue) throws(InputError) -> Channel {
    let fields = try value.fields(
      allowed: [
        "service_level", "max_occupancy", "concurrency", "deadline_hours", "shrinkage",
        "shortfall_cost_per_hour", "patience_seconds", "max_asa_seconds", "max_abandon_rate",
        "service_level_basis", "shrinkage_by_time",
      ], required: ["kind", "handling_seconds"])
    let kindText = try fields["kind"]!.string()
    guard let kind = ChannelKind(rawValue: kindText) else {
      throw fields["kind"]!.fail("'\(kindText)' is not one of phone, chat, email")
    }
    var channel = Channel(
      name: name, kind: kind,
      handlingSeconds: try fields["handling_seconds"]!.double(
        in: 0.1...86_400, "0.1 s to a day (86400 s)"))
    if let level = fields["service_level"] {
      let target = try level.fields(allowed: [], required: ["target", "answer_seconds"])
      channel.serviceLevel = ServiceLevelTarget(
        fraction: try target["target"]!.double(in: 0...1, "a fraction strictly between 0 and 1"),
        answerSeconds: try target["answer_seconds"]!.double(in: 0...86_400, "0 seconds or more"))
      guard channel.serviceLevel!.fraction > 0, channel.serviceLevel!.fraction < 1 else {
        throw target["target"]!.fail("must lie strictly between 0 and 1")
      }
    } else if kind != .email {
      throw value.fail("missing required key 'service_level' for a \(kind.rawValue) channel")
    }
    channel.maxOccupancy = try fields["max_occupancy"]?.double(in: 0.01...1, "a fraction in (0, 1]") ?? 1
    channel.concurrency = try fields["concurrency"]?.int(in: 1...20, "1 to 20 chats at once") ?? 1
    if kind != .chat, channel.concurrency != 1 {
      throw fields["concurrency"]!.fail("concurrency applies to chat channels only")
    }
    if let deadline = fields["deadline_hours"] {
      channel.deadlineSeconds = try deadline.double(in: 0.01...720, "above 0 and at most 720 hours") * 3600
    } else if kind == .email {
      throw value.fail("missing required key 'deadline_hours' for an email channel")
    }
    channel.shrinkage = try fields["shrinkage"]?.double(in: 0...0.95, "a fraction from 0 to 0.95") ?? 0
    for item in try fields["shrinkage_by_time"]?.sequence() ?? [] {
      let window = try item.fields(allowed: ["days"], required: ["hours", "shrinkage"])
      var days = Set(Weekday.allCases)
      if let list = window["days"] {
        days = []
        for day in try list.sequence() { days.insert(try day.weekday()) }
      }
      let (open, close) = try window["hours"]!.timeRange()
      channel.shrinkageWindows.append(
        ShrinkageWindow(
          days: days, hours: TimeRange(open: open, close: close)!,
          shrinkage: try window["shrinkage"]!.double(in: 0...0.95, "a fraction from 0 to 0.95")))
    }
    channel.patienceSeconds = try fields["patience_seconds"]?.double(
      in: 0.1...86_400, "0.1 s to a day (86400 s)")
    channel.maxASASeconds = try fields["max_asa_seconds"]?.double(
      in: 0.1...86_400, "0.1 s to a day (86400 s)")
    if let value = fields["max_abandon_rate"] {
      // Without patience_seconds the history must give one (checked once it is known).
      channel.maxAbandonRate = try value.double(in: 0.0001...0.99, "a fraction such as 0.05")
    }
    if let value = fields["service_level_basis"] {
      let text = try value.string()
      guard let basis = ServiceLevelBasis(rawValue: text) else {
        throw value.fail("'\(text)' is not offered or answered")
      }
      channel.serviceLevelBasis = basis
    }
    if kind == .email, fields["patience_seconds"] != nil || fields["max_asa_seconds"] != nil {
      throw value.fail("patience and ASA targets apply to phone and chat, not email")
    }
    channel.shortfallCostPerHour =
      try fields["shortfall_cost_per_hour"]?.double(in: 0...1e9, "0 or more") ?? 100
    return channel
  }

  static func parseTemplate(_ name: String, _ value: YAMLValue, intervalMinutes: Int) throws(InputError)
    -> ShiftTemplate
  {
    let fields = try value.fields(
      allowed: ["start_step_minutes", "days", "breaks"], required: ["length", "start_window"])
    let length = try fields["length"]!.duration()
    guard length > 0 else { throw fields["length"]!.fail("a shift must last more than 0 minutes") }
    let window = try fields["start_window"]!.timeRange(allowEmpty: true)
    let step = try fields["start_step_minutes"]?.int(in: 5...240, "5 to 240 minutes") ?? intervalMinutes
    // A shift may run past midnight into the next date (a night shift), but lasts at most a day.
    guard length <= 1440 else { throw fields["length"]!.fail("a shift lasts at most 24 hours") }
    guard window.close.minutes < 1440 else {
      throw fields["start_window"]!.fail("the last start must be before midnight (23:59 at the latest)")
    }
    guard (window.close.minutes - window.open.minutes) % step == 0 else {
      throw fields["start_window"]!.fail("the window's length is not a multiple of the \(step)-minute step")
    }
    var days = Set(Weekday.allCases)
    if let list = fields["days"] {
      days = []
      for item in try list.sequence() { days.insert(try item.weekday()) }
    }
    var breaks: [BreakRule] = []
    for item in try fields["breaks"]?.sequence() ?? [] {
      let rule = try item.fields(allowed: ["name", "paid"], required: ["minutes", "window"])
      let minutes = try rule["minutes"]!.int(in: 1...240, "1 to 240 minutes")
      let windowValue = rule["window"]!
      let (earliest, latest) = try windowValue.durationRange()
      guard earliest <= latest, latest + minutes <= length else {
        throw windowValue.fail("the break must start and end inside the \(length)-minute shift")
      }
      breaks.append(
        BreakRule(
          name: try rule["name"]?.string() ?? "break\(breaks.count + 1)", minutes: minutes,
          paid: try rule["paid"]?.bool() ?? false, earliestAfterStart: earliest, latestAfterStart: latest))
    }
    let template = ShiftTemplate(
      name: name, lengthMinutes: length, earliestStart: window.open.minutes,
      latestStart: window.close.minutes,
      startStepMinutes: step, days: days, breaks: breaks)
    if let index = template.overlappingBreak {
      throw value.fail(
        "break '\(breaks[index].name)' may start before break '\(breaks[index - 1].name)' has ended: "
          + "give each break a window that starts after the previous one's latest end")
    }
    for index in breaks.indices where template.breakOffsets(index).isEmpty {
      throw value.fail(
        "break '\(breaks[index].name)' has no start on the \(step)-minute step inside the shift")
    }
    return template
  }

  static func parseContract(_ name: String, _ value: YAMLValue, templates known: Set<String>)
    throws(InputError)
    -> Contract
  {
    let fields = try value.fields(
      allowed: ["min_hours_per_week", "max_hours_per_day", "min_days_per_week"],
      required: ["templates", "max_days_per_week", "max_hours_per_week", "hourly_wage"])
    var templates: [String] = []
    for item in try fields["templates"]!.sequence() {
      let template = try item.string()
      guard known.contains(template) else { throw item.fail("no shift template named '\(template)'") }
      templates.append(template)
    }
    let maxDays = try fields["max_days_per_week"]!.int(in: 1...7, "1 to 7 days")
    var contract = Contract(
      name: name, templates: templates,
      maxDaysPerWeek: maxDays,
      maxMinutesPerWeek: Int(
        (try fields["max_hours_per_week"]!.double(in: 1...168, "1 to 168 hours") * 60).rounded()),
      hourlyWage: try fields["hourly_wage"]!.double(in: 0...100_000, "0 or more"),
      minMinutesPerWeek: Int(
        (try fields["min_hours_per_week"]?.double(in: 0...168, "0 to 168 hours") ?? 0) * 60),
      maxMinutesPerDay: Int((try fields["max_hours_per_day"]?.double(in: 1...24, "1 to 24 hours") ?? 24) * 60)
    )
    if let value = fields["min_days_per_week"] {
      contract.minDaysPerWeek = try value.int(in: 0...maxDays, "0 to max_days_per_week (\(maxDays))")
    }
    return contract
  }

  static func parseEmployees(_ value: YAMLValue, channels: [Channel], contracts: [Contract])
    throws(InputError)
    -> [Employee]
  {
    var employees: [Employee] = []
    var ids: Set<String> = []
    for item in try value.sequence() {
      let fields = try item.fields(
        allowed: ["days", "hours", "leave", "prefers_off"], required: ["id", "name", "contract", "skills"])
      let id = try fields["id"]!.string()
      guard ids.insert(id).inserted else { throw fields["id"]!.fail("employee id '\(id)' appears twice") }
      let contract = try fields["contract"]!.string()
      guard contracts.contains(where: { $0.name == contract }) else {
        throw fields["contract"]!.fail("no contract named '\(contract)'")
      }
      var skills: [String] = []
      for skill in try fields["skills"]!.sequence() {
        let name = try skill.string()
        guard channels.contains(where: { $0.name == name }) else {
          throw skill.fail("no channel named '\(name)'")
        }
        skills.append(name)
      }
      var days = Set(Weekday.allCases)
      if let list = fields["days"] {
        days = []
        for day in try list.sequence() { days.insert(try day.weekday()) }
      }
      var employee = Employee(
        id: id, name: try fields["name"]!.string(), contract: contract, skills: skills, availableDays: days)
      if let hours = fields["hours"] {
        let (from, until) = try hours.timeRange()
        employee.availableFrom = from.minutes
        employee.availableUntil = until.minutes
      }
      for date in try fields["leave"]?.sequence() ?? [] { employee.leave.insert(try date.date()) }
      for day in try fields["prefers_off"]?.sequence() ?? [] {
        employee.preferredDaysOff.insert(try day.weekday())
      }
      employees.append(employee)
    }
    return employees
  }

  static func parsePay(_ value: YAMLValue) throws(InputError) -> PayRules {
    let fields = try value.fields(
      allowed: ["night_premium", "night_hours", "weekday_premiums", "overtime_premium", "open_shift_premium"])
    var pay = PayRules()
    pay.nightPremium = try fields["night_premium"]?.double(in: 0...10, "a fraction such as 0.25") ?? 0
    if let hours = fields["night_hours"] {
      let text = try hours.string()
      let parts = text.split(separator: "-")
      guard parts.count == 2, let start = TimeOfDay(parts[0].trimmingWhitespace()),
        let end = TimeOfDay(parts[1].trimmingWhitespace())
      else { throw hours.fail("'\(text)' is not a window like 22:00-06:00") }
      (pay.nightStart, pay.nightEnd) = (start.minutes % 1440, end.minutes % 1440)
    }
    for (name, premium) in try fields["weekday_premiums"]?.mapping() ?? [] {
      guard let day = Weekday(name: name) else { throw premium.fail("'\(name)' is not a weekday") }
      pay.weekdayPremiums[day] = try premium.double(in: 0...10, "a fraction such as 0.5")
    }
    pay.overtimePremium = try fields["overtime_premium"]?.double(in: 0...10, "a fraction such as 0.5") ?? 0.5
    pay.openShiftPremium =
      try fields["open_shift_premium"]?.double(in: 0...10, "a fraction such as 0.5") ?? 0.5
    return pay
  }

  static func parseSynthetic(_ value: YAMLValue, channels: [Channel]) throws(InputError)
    -> SyntheticHistorySettings
  {
    let fields = try value.fields(
      allowed: ["trend_per_week", "dispersion"], required: ["seed", "weeks", "daily_volume"])
    var volumes: [String: Double] = [:]
    for (name, volume) in try fields["daily_volume"]!.mapping() {
      guard channels.contains(where: { $0.name == name }) else {
        throw volume.fail("no channel named '\(name)'")
      }
      volumes[name] = try volume.double(in: 0...10_000_000, "0 or more contacts a day")
    }
    let seedText = try fields["seed"]!.string()
    guard let seed = UInt64(seedText) else {
      throw fields["seed"]!.fail("'\(seedText)' is not a whole number ≥ 0")
    }
    return SyntheticHistorySettings(
      seed: seed, weeks: try fields["weeks"]!.int(in: 1...520, "1 to 520 weeks"), dailyVolume: volumes,
      trendPerWeek: try fields["trend_per_week"]?.double(in: -0.5...0.5, "-0.5 to 0.5") ?? 0,
      dispersion: try fields["dispersion"]?.double(in: 0...10, "0 to 10") ?? 0)
  }
}

/// Reads employees from CSV: `id,name,contract,skills[,days][,hours][,leave][,prefers_off]`;
/// lists (skills, days, leave dates, preferred days off) separated by spaces or semicolons,
/// `hours` a wall-clock window such as `08:00-17:00` that every shift must lie in.
public enum EmployeeFile {
  public static func read(_ table: CSVTable, channels: [Channel], contracts: [Contract]) throws(InputError)
    -> [Employee]
  {
    let idColumn = try table.requireColumn("id")
    let nameColumn = try table.requireColumn("name")
    let contractColumn = try table.requireColumn("contract")
    let skillsColumn = try table.requireColumn("skills")
    let daysColumn = table.columnIndex("days")
    let hoursColumn = table.columnIndex("hours")
    let leaveColumn = table.columnIndex("leave")
    let prefersColumn = table.columnIndex("prefers_off")
    var ids: Set<String> = []
    var employees: [Employee] = []
    func words(_ text: String) -> [String] {
      text.split(whereSeparator: { $0 == ";" || $0 == " " }).map(String.init)
    }
    for row in table.rows {
      let id = String(row.fields[idColumn].trimmingWhitespace())
      guard !id.isEmpty else { throw table.error(row, column: idColumn, "employee id is empty") }
      guard ids.insert(id).inserted else {
        throw table.error(row, column: idColumn, "employee id '\(id)' appears twice")
      }
      let contract = String(row.fields[contractColumn].trimmingWhitespace())
      guard contracts.contains(where: { $0.name == contract }) else {
        throw table.error(row, column: contractColumn, "no contract named '\(contract)'")
      }
      let skills = words(row.fields[skillsColumn])
      guard !skills.isEmpty else { throw table.error(row, column: skillsColumn, "no skills given") }
      for skill in skills where !channels.contains(where: { $0.name == skill }) {
        throw table.error(row, column: skillsColumn, "no channel named '\(skill)'")
      }
      func weekdays(_ column: Int?) throws(InputError) -> Set<Weekday>? {
        guard let column, !row.fields[column].trimmingWhitespace().isEmpty else { return nil }
        var days: Set<Weekday> = []
        for word in words(row.fields[column]) {
          guard let day = Weekday(name: word) else {
            throw table.error(row, column: column, "'\(word)' is not a weekday")
          }
          days.insert(day)
        }
        return days
      }
      var employee = Employee(
        id: id, name: String(row.fields[nameColumn].trimmingWhitespace()), contract: contract,
        skills: skills, availableDays: try weekdays(daysColumn) ?? Set(Weekday.allCases))
      employee.preferredDaysOff = try weekdays(prefersColumn) ?? []
      if let hoursColumn, case let text = row.fields[hoursColumn].trimmingWhitespace(), !text.isEmpty {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let from = TimeOfDay(parts[0].trimmingWhitespace()),
          let until = TimeOfDay(parts[1].trimmingWhitespace()), from < until
        else {
          throw table.error(row, column: hoursColumn, "'\(text)' is not a window like 08:00-17:00")
        }
        employee.availableFrom = from.minutes
        employee.availableUntil = until.minutes
      }
      if let leaveColumn {
        for word in words(row.fields[leaveColumn]) {
          guard let date = LocalDate(iso: word) else {
            throw table.error(row, column: leaveColumn, "'\(word)' is not a date like 2026-12-07")
          }
          employee.leave.insert(date)
        }
      }
      employees.append(employee)
    }
    return employees
  }
}
