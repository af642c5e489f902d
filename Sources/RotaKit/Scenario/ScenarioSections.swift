import RotaCore
import Scheduling

/// The parsers of the scenario's sections: channels, shift templates, contracts, employees, pay
/// and the synthetic history.
extension Scenario {
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
    if let level = fields["service_level"], kind == .email {
      // A share of tickets within a time, where `deadline_hours` means all of them.
      guard fields["deadline_hours"] == nil else {
        throw fields["deadline_hours"]!.fail("give deadline_hours or service_level.within_hours, not both")
      }
      let target = try level.fields(allowed: [], required: ["target", "within_hours"])
      channel.deadlineShare = try target["target"]!.double(in: 0.01...1, "a fraction above 0 and at most 1")
      channel.deadlineSeconds =
        try target["within_hours"]!.double(in: 0.01...720, "above 0 and at most 720 hours") * 3600
    } else if let level = fields["service_level"] {
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
    } else if kind == .email, channel.deadlineSeconds == nil {
      throw value.fail(
        "missing required key 'deadline_hours' (or service_level: { target: …, within_hours: … }) for an email channel"
      )
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
      allowed: ["start_step_minutes", "days", "breaks", "part_time"], required: ["length", "start_window"])
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
      let rule = try item.fields(allowed: ["name", "paid", "step_minutes"], required: ["minutes", "window"])
      let minutes = try rule["minutes"]!.int(in: 1...240, "1 to 240 minutes")
      let windowValue = rule["window"]!
      let (earliest, latest) = try windowValue.durationRange()
      guard earliest <= latest, latest + minutes <= length else {
        throw windowValue.fail("the break must start and end inside the \(length)-minute shift")
      }
      var breakRule = BreakRule(
        name: try rule["name"]?.string() ?? "break\(breaks.count + 1)", minutes: minutes,
        paid: try rule["paid"]?.bool() ?? false, earliestAfterStart: earliest, latestAfterStart: latest)
      breakRule.stepMinutes = try rule["step_minutes"]?.int(in: 5...240, "5 to 240 minutes")
      breaks.append(breakRule)
    }
    var template = ShiftTemplate(
      name: name, lengthMinutes: length, earliestStart: window.open.minutes,
      latestStart: window.close.minutes,
      startStepMinutes: step, days: days, breaks: breaks)
    template.partTime = try fields["part_time"]?.bool() ?? false
    if let index = template.overlappingBreak {
      throw value.fail(
        "break '\(breaks[index].name)' may start before break '\(breaks[index - 1].name)' has ended: "
          + "give each break a window that starts after the previous one's latest end")
    }
    for index in breaks.indices where template.breakOffsets(index).isEmpty {
      throw value.fail(
        "break '\(breaks[index].name)' has no start on the \(breaks[index].stepMinutes ?? step)-minute step"
          + " inside the shift")
    }
    return template
  }

  static func parseContract(_ name: String, _ value: YAMLValue, templates known: Set<String>)
    throws(InputError)
    -> Contract
  {
    let fields = try value.fields(
      allowed: [
        "min_hours_per_week", "max_hours_per_day", "min_days_per_week", "optional", "same_shift_all_week",
      ],
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
    contract.optional = try fields["optional"]?.bool() ?? false
    contract.sameTemplateAllWeek = try fields["same_shift_all_week"]?.bool() ?? false
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
