// Benchmarks for the figures the README reports. Run in a release build:
//   swift run -c release rota-bench [staffing]
import Forecasting
import Foundation
import RotaCore
import RotaKit
import Scheduling
import Scoring
import Staffing

/// Median and best of `runs` timings of `body`, in milliseconds.
func measure(runs: Int, _ body: () throws -> Void) rethrows -> (median: Double, best: Double) {
  var times: [Double] = []
  for _ in 0..<runs {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
  }
  times.sort()
  return (times[times.count / 2], times[0])
}

/// Requirements for 10,000 half-hour intervals of phone traffic under Erlang A (issue 3):
/// seeded arrivals from 1 to 800 per interval, 240 s handling, 120 s patience, 80/20 over
/// offered calls, at most 5% abandoning and 90% occupancy.
func staffing() throws {
  let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
  let start = LocalDate(iso: "2026-01-05")!
  let intervals = Array(grid.intervals(from: start, through: start.adding(days: 220)).prefix(10_000))
  var random = SeededGenerator(seed: 3)
  let forecast = intervals.map { interval in
    let mean = 1 + 799 * random.uniform() * random.uniform()
    return ForecastPoint(
      interval: interval, channel: "phone", mean: mean, lo80: mean, hi80: mean, lo95: mean, hi95: mean)
  }
  var phone = Channel(
    name: "phone", kind: .phone, handlingSeconds: 240,
    serviceLevel: ServiceLevelTarget(fraction: 0.8, answerSeconds: 20),
    maxOccupancy: 0.9, shrinkage: 0.3)
  phone.patienceSeconds = 120
  phone.maxAbandonRate = 0.05
  var agents = 0
  let erlangA = try measure(runs: 15) {
    agents = try StaffingPlanner.requirements(forecast: forecast, channels: [phone]).reduce(0) {
      $0 + $1.netAgents
    }
  }
  phone.patienceSeconds = nil
  phone.maxAbandonRate = nil
  let erlangC = try measure(runs: 15) {
    _ = try StaffingPlanner.requirements(forecast: forecast, channels: [phone])
  }
  print("staffing: \(forecast.count) intervals, \(agents) agent-intervals under Erlang A")
  print(String(format: "  Erlang A  median %.1f ms  best %.1f ms", erlangA.median, erlangA.best))
  print(String(format: "  Erlang C  median %.1f ms  best %.1f ms", erlangC.median, erlangC.best))
}

/// A synthetic contact-centre series with known truth: a double-seasonal mean (a late-morning
/// and an early-afternoon peak, weekday factors) with a trend that can change, a level shift
/// and closed holidays (the day after one can take `catchUp` more, the holiday's callers
/// calling then), and negative-binomial counts around it.
struct SyntheticSeries {
  var name: String
  var daily: Double
  var trend: (Int) -> Double
  var shift: (week: Int, factor: Double)?
  var holidays: Set<Int>
  var catchUp = 0.0
  /// The standard deviation of the log of a busyness factor that every interval of a day
  /// shares, an AR(1) from day to day with `dayPersistence` (Avramidis, Deslauriers &
  /// L'Ecuyer, "Modeling daily arrivals to a telephone call center", *Management Science* 50,
  /// 2004): real days run high or low as a whole, and busy weeks cluster.
  var dayShock = 0.0
  var dayPersistence = 0.0
  var dispersion: Double
  var slotMinutes: Int
  var open: (_ weekday: Int, _ slot: Int) -> Bool

  static let weekdayFactor = [1.18, 1.06, 1.0, 0.98, 0.92, 0.55, 0.45]

  func mean(day: Int, slot: Int) -> Double? {
    let weekday = day % 7
    guard open(weekday, slot), !holidays.contains(day) else { return nil }
    let hour = (Double(slot) + 0.5) * Double(slotMinutes) / 60
    let shape = 0.2 + exp(-0.5 * pow((hour - 10.5) / 1.4, 2)) + 0.8 * exp(-0.5 * pow((hour - 14.75) / 1.6, 2))
    let slots = (0..<(1440 / slotMinutes)).filter { open(weekday, $0) }
    let total = slots.reduce(0.0) { sum, s in
      let h = (Double(s) + 0.5) * Double(slotMinutes) / 60
      return sum + 0.2 + exp(-0.5 * pow((h - 10.5) / 1.4, 2)) + 0.8 * exp(-0.5 * pow((h - 14.75) / 1.6, 2))
    }
    var level = daily * Self.weekdayFactor[weekday] * trend(day / 7)
    if let shift, day / 7 >= shift.week { level *= shift.factor }
    if holidays.contains(day - 1) { level *= 1 + catchUp }
    return level * shape / total
  }

  func matrix(weeks: Int, seed: UInt64) -> (observed: SlotMatrix, truth: [[Double?]]) {
    var random = SeededGenerator(seed: seed)
    let slots = 1440 / slotMinutes
    var busyness = SeededGenerator(seed: seed + 7777)
    var logFactor = 0.0
    let truth = (0..<(7 * weeks)).map { day in
      let innovation = dayShock * busyness.normal()
      logFactor = dayPersistence * logFactor + (1 - dayPersistence * dayPersistence).squareRoot() * innovation
      let factor = exp(logFactor - dayShock * dayShock / 2)
      return (0..<slots).map { mean(day: day, slot: $0).map { $0 * factor } }
    }
    let observed = truth.map { row in
      row.map { value in
        value.map {
          Double(HistoryGenerator.negativeBinomial(mean: $0, dispersion: dispersion, using: &random))
        }
      }
    }
    let openSlots = (0..<7).map { weekday in (0..<slots).map { open(weekday, $0) } }
    return (
      SlotMatrix(
        firstDate: LocalDate(iso: "2025-01-06")!, slotsPerDay: slots, values: observed, open: openSlots),
      truth
    )
  }
}

/// Every method's 8-origin backtest on one series, against the seasonal naive and, when the
/// truth is known, the true mean's WAPE.
func report(_ name: String, _ observed: SlotMatrix, truth: [[Double?]]?, calendar: Bool) {
  let scores = Backtest.score(ForecastMethods.all, history: observed, count: 8, days: 7, calendar: calendar)
  var title = "\n  \(name)"
  if let truth {
    var floor = (error: 0.0, actual: 0.0)
    for origin in Backtest.origins(end: observed.dayCount, count: 8) {
      for day in origin..<min(origin + 7, observed.dayCount) {
        for slot in 0..<observed.slotsPerDay {
          if let mean = truth[day][slot], let actual = observed.values[day][slot] {
            floor.error += abs(actual - mean)
            floor.actual += actual
          }
        }
      }
    }
    title += ": true-mean WAPE " + String(format: "%.4f", floor.error / floor.actual)
  }
  print(title)
  let naive = scores.first { $0.method == "snaive" }!.wape
  for score in scores {
    print(
      "    " + score.method.padding(toLength: 12, withPad: " ", startingAt: 0)
        + String(
          format: " WAPE %.4f (%+.1f%% vs snaive)  cover80 %.3f  cover95 %.3f  %.3f s", score.wape,
          100 * (score.wape / naive - 1), score.coverage80, score.coverage95, score.seconds)
        + "  by tercile "
        + score.coverageByTercile.map { String(format: "%.2f/%.2f", $0.coverage80, $0.coverage95) }.joined(
          separator: " ") + (score.note.map { "  \($0)" } ?? ""))
  }
}

/// Every method's 8-origin week-ahead backtest on the synthetic family (issue 4), with the
/// WAPE of the true mean as the noise floor no method can beat on average, and on the bank's
/// calls; then the time of `auto` on a year of 15-minute history. `draw` > 0 takes other seeds
/// for the synthetic families: the same kinds of series, drawn anew. With `calendar` the
/// forecasts know each held-out week's holidays, as a scenario that lists them tells them.
func forecasting(draw: UInt64 = 0, calendar: Bool = false) {
  let weekdays: (Int, Int) -> Bool = { weekday, slot in weekday < 5 ? (16..<40).contains(slot) : false }
  let sixDays: (Int, Int) -> Bool = { weekday, slot in
    weekday < 5 ? (16..<40).contains(slot) : weekday == 5 ? (18..<30).contains(slot) : false
  }
  let family = [
    SyntheticSeries(
      name: "steady, weekdays", daily: 900, trend: { _ in 1 }, shift: nil, holidays: [], dispersion: 0.02,
      slotMinutes: 30, open: weekdays),
    SyntheticSeries(
      name: "trend turns at week 12", daily: 700,
      trend: { $0 < 12 ? pow(1.012, Double($0)) : pow(1.012, 12) * pow(0.99, Double($0 - 12)) },
      shift: nil, holidays: [], dispersion: 0.03, slotMinutes: 30, open: sixDays),
    SyntheticSeries(
      name: "level +25% at week 15", daily: 600, trend: { _ in 1 }, shift: (15, 1.25), holidays: [],
      dispersion: 0.02,
      slotMinutes: 30, open: sixDays),
    SyntheticSeries(
      name: "holidays, low volume", daily: 160, trend: { 1 + 0.004 * Double($0) }, shift: nil,
      holidays: [77, 105, 121],
      dispersion: 0.05, slotMinutes: 30, open: sixDays),
    SyntheticSeries(
      name: "holidays, the day after +40%", daily: 900, trend: { _ in 1 }, shift: nil,
      holidays: [84, 105, 122], catchUp: 0.4, dispersion: 0.02, slotMinutes: 30, open: weekdays),
    SyntheticSeries(
      name: "busy and quiet days, 5% persistent", daily: 1200, trend: { _ in 1 }, shift: nil, holidays: [],
      dayShock: 0.05, dayPersistence: 0.6, dispersion: 0.01, slotMinutes: 30, open: sixDays),
  ]
  print(
    "forecasting: week-ahead backtest, 8 weekly origins, 20 weeks of 30-minute history each"
      + (draw > 0 ? ", draw \(draw)" : "") + (calendar ? ", holidays known" : ", holidays not told"))
  for (index, series) in family.enumerated() {
    let (observed, truth) = series.matrix(weeks: 20, seed: UInt64(index + 1) + 100 * draw)
    report(series.name, observed, truth: truth, calendar: calendar)
  }
  let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Tests/ForecastingTests/Fixtures/bank-calls-30min.csv").standardizedFileURL
    .path
  do {
    let grid = TimeGrid(timeZone: TimeZone(identifier: "UTC")!, intervalMinutes: 30)!
    let calls = try HistoryReader.read(CSVTable(contentsOf: path), grid: grid, defaultChannel: "all")["all"]!
    report(
      "real: a bank's calls, weekdays 2003 (Tests/ForecastingTests/Fixtures)",
      SlotMatrix(history: calls, intervalMinutes: 30), truth: nil, calendar: calendar)
  } catch {
    print("  real series not read: \(error)")
  }
  let year = SyntheticSeries(
    name: "year", daily: 2000, trend: { 1 + 0.002 * Double($0) }, shift: nil, holidays: [], dispersion: 0.02,
    slotMinutes: 15, open: { _, slot in (28..<88).contains(slot) })
  let (observed, _) = year.matrix(weeks: 52, seed: 9)
  let auto = ForecastMethods.named("auto")!
  let single = measure(runs: 5) { _ = PredictionIntervals.forecast(auto, observed, days: 7) }
  let clock = ContinuousClock.now
  _ = Backtest.score([auto], history: observed, count: 8, days: 7)
  let backtest = ContinuousClock.now - clock
  print("\n  a year of 15-minute history (\(observed.dayCount) days × 60 open slots):")
  print(String(format: "    auto forecast with its own 8-week backtest: median %.0f ms", single.median))
  print(
    String(
      format: "    8-origin backtest of auto: %.2f s",
      Double(backtest.components.seconds) + Double(backtest.components.attoseconds) * 1e-18))
}

/// One simulated week of 100,000 phone calls (Erlang A, agents per interval from the
/// staffing maths), 30 replications (issue 6).
func scoring() throws {
  var phone = Channel(
    name: "phone", kind: .phone, handlingSeconds: 240,
    serviceLevel: ServiceLevelTarget(fraction: 0.8, answerSeconds: 20),
    maxOccupancy: 0.9)
  phone.patienceSeconds = 120
  func shape(_ slot: Int) -> Double {
    let hour = (Double(slot) + 0.5) / 2
    return 0.3 + exp(-0.5 * pow((hour - 10.5) / 1.5, 2)) + 0.8 * exp(-0.5 * pow((hour - 15) / 1.8, 2))
  }
  let dayShape = (16..<40).reduce(0) { $0 + shape($1) }
  var intervals: [ChannelSimulation.Interval] = []
  for day in 0..<7 {
    for slot in 16..<40 {
      let calls = 100_000.0 / 7 * shape(slot) / dayShape
      let agents = try ErlangA.leastAgents(
        arrivalsPerSecond: calls / 1800, handlingSeconds: 240, patienceSeconds: 120,
        targets: StaffingPlanner.targets(of: phone))
      intervals.append(
        ChannelSimulation.Interval(
          start: Double((day * 48 + slot) * 1800), seconds: 1800, arrivals: calls, servers: agents))
    }
  }
  var result: SimulatedChannel?
  let time = measure(runs: 3) {
    result = RosterSimulation.simulate(
      intervals, channel: phone, options: SimulationOptions(replications: 30, seed: 1))
  }
  let level = result!.serviceLevel!
  print("scoring: one week, \(Int(result!.contacts.mean)) calls on average, 30 replications")
  print(
    String(
      format: "  median %.2f s  best %.2f s  (service level %.3f, 95%% CI %.3f–%.3f)",
      time.median / 1000, time.best / 1000, level.mean, level.low, level.high))
}

/// A seeded shift-scheduling instance for the scheduling benchmark (issue 5).
struct SchedulingInstance {
  var name: String
  var problem: SchedulingProblem
  var options: SolverOptions
}

/// Requirements with a double-peaked day (late morning, early evening), weekday factors and
/// ±15% seeded noise in every open interval of `dates`, scaled to `agentHours` in all, so
/// that a team's size sets how tight the instance is.
func syntheticRequirements(
  grid: TimeGrid, dates: [LocalDate], hours: OpeningHours, agentHours: Double, seed: UInt64
) -> [Requirement] {
  var random = SeededGenerator(seed: seed)
  let weekday: [Weekday: Double] = [
    .monday: 1.1, .tuesday: 1.0, .wednesday: 0.97, .thursday: 0.95, .friday: 0.9, .saturday: 0.6,
    .sunday: 0.5,
  ]
  var shapes: [(GridInterval, Double)] = []
  for date in dates where hours.isOpen(on: date) {
    for interval in grid.intervals(on: date)
    where hours.isOpen(interval, intervalMinutes: grid.intervalMinutes) {
      let hour = Double(interval.start.minuteOfDay) / 60
      let shape =
        0.12 + exp(-pow((hour - 11) / 2.2, 2)) + 0.8 * exp(-pow((hour - 18.5) / 2.5, 2))
      shapes.append((interval, shape * weekday[date.weekday]! * (0.85 + 0.3 * random.uniform())))
    }
  }
  let scale = agentHours / (shapes.reduce(0) { $0 + $1.1 } * Double(grid.intervalMinutes) / 60)
  return shapes.map { interval, shape in
    let gross = max(1, Int((shape * scale).rounded()))
    return Requirement(
      interval: interval, channel: "phone", forecast: 0, netAgents: gross, grossAgents: gross)
  }
}

/// The families of issue 5; `load` is the share of the team's contract hours that the
/// requirements add up to.
func schedulingInstances(load: Double) -> [SchedulingInstance] {
  let zone = TimeZone(identifier: "UTC")!
  let monday = LocalDate(iso: "2027-03-01")!
  let week = (0..<7).map { monday.adding(days: $0) }
  let phone = Channel(name: "phone", kind: .phone, handlingSeconds: 300, shortfallCostPerHour: 150)
  func hours(_ from: String, _ to: String) -> OpeningHours {
    let range = TimeRange(open: TimeOfDay(from)!, close: TimeOfDay(to)!)!
    return OpeningHours(ranges: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [range]) }))
  }
  func template(
    _ name: String, hours: Int, from: String, to: String, step: Int, breaks: [BreakRule] = []
  ) -> ShiftTemplate {
    ShiftTemplate(
      name: name, lengthMinutes: hours, earliestStart: TimeOfDay(from)!.minutes,
      latestStart: TimeOfDay(to)!.minutes,
      startStepMinutes: step, days: Set(Weekday.allCases), breaks: breaks)
  }
  func team(_ count: Int, contract: String, prefix: String) -> [Employee] {
    (0..<count).map {
      Employee(
        id: "\(prefix)\($0)", name: "\(prefix)\($0)", contract: contract, skills: ["phone"],
        availableDays: Set(Weekday.allCases))
    }
  }
  let lunch = BreakRule(
    name: "lunch", minutes: 30, paid: false, earliestAfterStart: 180, latestAfterStart: 300)
  let rest = BreakRule(name: "rest", minutes: 15, paid: true, earliestAfterStart: 90, latestAfterStart: 150)
  let tea = BreakRule(name: "tea", minutes: 15, paid: true, earliestAfterStart: 360, latestAfterStart: 420)
  let pay = PayRules(
    nightPremium: 0.25, nightStart: 20 * 60, nightEnd: 7 * 60, weekdayPremiums: [.sunday: 0.5])
  // Every family: one phone channel, seeded requirements summing to `load` of the team's
  // hours, 60 s and 400 nodes per integer program.
  func instance(
    _ name: String, interval: Int, open: OpeningHours, dates: [LocalDate], teamHours: Double, seed: UInt64,
    templates: [ShiftTemplate], contracts: [Contract], employees: [Employee], rules: LabourRules
  ) -> SchedulingInstance {
    let grid = TimeGrid(timeZone: zone, intervalMinutes: interval)!
    return SchedulingInstance(
      name: name,
      problem: SchedulingProblem(
        grid: grid, openingHours: open, dates: dates, channels: [phone],
        requirements: syntheticRequirements(
          grid: grid, dates: dates, hours: open, agentHours: load * teamHours, seed: seed),
        templates: templates, contracts: contracts, employees: employees, rules: rules),
      options: SolverOptions(timeLimit: 60, nodeLimit: 400))
  }
  let fullWeek = Contract(
    name: "full", templates: ["full", "part"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: 22)
  let flex = Contract(
    name: "flex", templates: ["four", "six", "eight"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400,
    hourlyWage: 20)
  let eightHours = Contract(
    name: "full", templates: ["eight", "six"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: 22)
  let tourContract = Contract(
    name: "full", templates: ["tour"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: 22)
  return [
    // One day at 30 minutes, shifts of 4, 6 and 8 hours.
    instance(
      "day-30min", interval: 30, open: hours("07:00", "23:00"), dates: [monday], teamHours: 80 * 8, seed: 1,
      templates: [
        template("four", hours: 240, from: "07:00", to: "19:00", step: 30),
        template("six", hours: 360, from: "07:00", to: "17:00", step: 30),
        template("eight", hours: 480, from: "07:00", to: "15:00", step: 30),
      ],
      contracts: [flex], employees: team(80, contract: "flex", prefix: "D"), rules: LabourRules(pay: pay)),
    // A week at 30 minutes with break windows.
    instance(
      "week-30min-breaks", interval: 30, open: hours("07:00", "23:00"), dates: week,
      teamHours: 70 * 40 + 30 * 24, seed: 2,
      templates: [
        template("full", hours: 510, from: "07:00", to: "14:30", step: 30, breaks: [rest, lunch, tea]),
        template("part", hours: 360, from: "07:00", to: "17:00", step: 30, breaks: [rest]),
      ],
      contracts: [
        fullWeek,
        Contract(
          name: "part", templates: ["part"], maxDaysPerWeek: 4, maxMinutesPerWeek: 1440, hourlyWage: 20),
      ],
      employees: team(70, contract: "full", prefix: "F") + team(30, contract: "part", prefix: "P"),
      rules: LabourRules(pay: pay)),
    // A week at 15 minutes, open 24/7, about 300 agents, break windows. Shifts start and end
    // within a day (00:00–08:00 covers the night), as Rota does not yet roster across midnight.
    instance(
      "week-15min-24/7", interval: 15, open: hours("00:00", "24:00"), dates: week, teamHours: 300 * 40,
      seed: 3,
      templates: [
        template("eight", hours: 510, from: "00:00", to: "15:30", step: 15, breaks: [rest, lunch]),
        template("six", hours: 360, from: "00:00", to: "18:00", step: 15, breaks: [rest]),
      ],
      contracts: [eightHours], employees: team(300, contract: "full", prefix: "W"),
      rules: LabourRules(pay: pay)),
    // Weekly tours: 5-day tours, two consecutive days off, one start time all week.
    instance(
      "tours-150", interval: 30, open: hours("06:00", "24:00"), dates: week, teamHours: 150 * 40, seed: 4,
      templates: [template("tour", hours: 510, from: "06:00", to: "15:30", step: 30, breaks: [lunch])],
      contracts: [tourContract], employees: team(150, contract: "full", prefix: "T"),
      rules: LabourRules(daysOffTogether: 2, maxStartVariationMinutes: 0, pay: pay)),
    // The named assignment of 500 employees (two contracts, days off together, at most five
    // days in a row) to a week's shifts.
    instance(
      "assign-500", interval: 30, open: hours("07:00", "23:00"), dates: week, teamHours: 350 * 40 + 150 * 16,
      seed: 5,
      templates: [
        template("full", hours: 510, from: "07:00", to: "14:30", step: 30, breaks: [lunch]),
        template("part", hours: 240, from: "07:00", to: "19:00", step: 30),
      ],
      contracts: [
        fullWeek,
        Contract(
          name: "part", templates: ["part"], maxDaysPerWeek: 4, maxMinutesPerWeek: 960, hourlyWage: 20),
      ],
      employees: team(350, contract: "full", prefix: "A") + team(150, contract: "part", prefix: "B"),
      rules: LabourRules(maxConsecutiveDays: 5, daysOffTogether: 2, pay: pay)),
  ]
}

/// Recomputes a shift plan's cost from its shifts alone: pay at the template's lowest wage
/// plus the priced shortfall of every interval.
func recomputedCost(_ shifts: [(shift: Shift, count: Int)], _ problem: SchedulingProblem) -> Double {
  var cost = 0.0
  for (shift, count) in shifts {
    let wage = problem.contracts.filter { $0.templates.contains(shift.template) }.map(\.hourlyWage).min()!
    cost += Double(count) * problem.rules.pay.cost(of: shift, wage: wage)
  }
  let minutes = problem.grid.intervalMinutes
  let byDate = Dictionary(grouping: shifts, by: \.shift.date)
  for requirement in problem.requirements {
    let date = requirement.interval.start.date
    let onTask = (byDate[date] ?? []).reduce(0.0) {
      $0 + Double($1.count)
        * $1.shift.onTaskFraction(date: date, minute: requirement.interval.start.minuteOfDay, length: minutes)
    }
    let channel = problem.channels.first { $0.name == requirement.channel }!
    cost +=
      max(0, Double(requirement.grossAgents) - onTask) * channel.shortfallCostPerHour * Double(minutes) / 60
  }
  return cost
}

/// The shift plan's cost recomputed from `roster.csv` as Rota writes it (rows parsed back,
/// breaks included) plus the open shifts: pay at the template's lowest wage, as the shift
/// model prices it, and the shortfall of every interval against the requirements.
func costFromRosterFile(_ roster: Roster, _ problem: SchedulingProblem) throws -> Double {
  let table = try CSVTable(text: Formats.rosterCSV(roster), file: "roster.csv")
  func minutes(_ text: String) -> Int { TimeOfDay(text)!.minutes }
  let column = { (name: String) in table.columnIndex(name)! }
  var shifts: [Shift] = roster.openShifts
  for row in table.rows {
    let field = { (name: String) in row.fields[column(name)] }
    var breaks: [Shift.Break] = []
    for number in ["", "2", "3", "4"] {
      guard let start = table.columnIndex("break\(number)_start"), !row.fields[start].isEmpty else {
        continue
      }
      let template = problem.templates.first { $0.name == field("shift") }!
      let rule = template.breaks[breaks.count]
      breaks.append(
        Shift.Break(
          start: minutes(row.fields[start]), end: minutes(field("break\(number)_end")), paid: rule.paid))
    }
    shifts.append(
      Shift(
        date: LocalDate(iso: field("date"))!, template: field("shift"), channel: field("channel"),
        start: minutes(field("start")), end: minutes(field("end")), breaks: breaks))
  }
  let counted = Dictionary(grouping: shifts) { $0 }.map { (shift: $0.key, count: $0.value.count) }
  return recomputedCost(counted, problem)
}

/// Arguments: an instance name to run only that one, `load=F` for requirements at that share
/// of the team's hours (0.45 unless given).
func scheduling(_ arguments: [String]) throws {
  let load = arguments.first { $0.hasPrefix("load=") }.flatMap { Double($0.dropFirst(5)) } ?? 0.45
  let only = arguments.first { !$0.hasPrefix("load=") }
  print(
    "scheduling: per instance, the shift plan's objective / bound / gap / seconds, then the named assignment's;"
      + " requirements are \(Int(load * 100))% of the hours the team can work")
  for instance in schedulingInstances(load: load) where only == nil || instance.name == only {
    let plan = try ShiftPlanner.plan(instance.problem, options: instance.options)
    let solution = plan.solution
    let recomputed = recomputedCost(plan.shifts, instance.problem)
    let agents = plan.shifts.reduce(0) { $0 + $1.count }
    print(
      String(
        format: "  %@ shifts %8.2f  bound %8.2f  gap %5.2f%%  %5.1f s  (%@; %d shifts; recomputed %8.2f)",
        instance.name.padding(toLength: 18, withPad: " ", startingAt: 0), solution.objective ?? .nan,
        solution.bound ?? .nan, (solution.gap ?? .nan) * 100,
        solution.seconds, solution.status.rawValue, agents, recomputed))
    let clock = ContinuousClock.now
    let (roster, assignment) = try EmployeeAssignment.assign(
      plan, problem: instance.problem, options: instance.options)
    let seconds = (ContinuousClock.now - clock).seconds
    let fromFile = try costFromRosterFile(roster, instance.problem)
    guard abs(fromFile - recomputed) <= 1e-6 * max(1, recomputed) else {
      throw BenchmarkError.mismatch("\(instance.name): roster.csv costs \(fromFile), the plan \(recomputed)")
    }
    print(
      String(
        format: "  %@ assign %8.2f  bound %8.2f  gap %5.2f%%  %5.1f s  (%@; %d employees, %d open shifts)",
        String(repeating: " ", count: 18), assignment.objective ?? .nan, assignment.bound ?? .nan,
        (assignment.gap ?? .nan) * 100, seconds,
        assignment.status.rawValue, instance.problem.employees.count, roster.openShifts.count))
  }
}

enum BenchmarkError: Error {
  case mismatch(String)
}

let which = CommandLine.arguments.dropFirst().first ?? "all"
do {
  switch which {
  case "staffing": try staffing()
  case "forecasting":
    let options = CommandLine.arguments.dropFirst(2)
    let calendar = options.contains("holidays=known")
    let draw = options.first { $0.hasPrefix("draw=") }.flatMap { UInt64($0.dropFirst(5)) }
    let understood = options.allSatisfy { $0 == "holidays=known" || $0.hasPrefix("draw=") }
    guard understood, draw.map({ $0 <= 1000 }) ?? !options.contains(where: { $0.hasPrefix("draw=") }) else {
      FileHandle.standardError.write(
        Data("forecasting takes draw=N (N from 0 to 1000) and holidays=known\n".utf8))
      exit(1)
    }
    forecasting(draw: draw ?? 0, calendar: calendar)
  case "handle-time": handleTime()
  case "scoring": try scoring()
  case "scheduling": try scheduling(Array(CommandLine.arguments.dropFirst(2)))
  case "roster-bench": try rosterBench(Array(CommandLine.arguments.dropFirst(2)))
  case "all":
    try staffing()
    forecasting()
    handleTime()
    try scoring()
    try scheduling([])
  default:
    FileHandle.standardError.write(
      Data(
        "unknown benchmark '\(which)'; known: staffing, forecasting, handle-time, scoring, scheduling, roster-bench\n"
          .utf8
      ))
    exit(1)
  }
} catch {
  FileHandle.standardError.write(Data("rota-bench \(which): \(error)\n".utf8))
  exit(1)
}
