import Foundation
import RotaCore
import Scheduling
import Scoring
import Staffing
import Store

/// What to re-plan: the rest of a published week from a moment on.
public struct ReplanRequest: Sendable {
  /// The run to re-plan; nil for the latest published version of the week holding ``from``.
  public var runID: Int64?
  /// Shifts starting before this wall-clock time are kept as published; new ones start at it
  /// or later.
  public var from: LocalDateTime
  /// Employees absent from ``from`` on: their later shifts are cancelled, and one under way
  /// then ends at it.
  public var absent: [String] = []
  /// Scale the forecast from ``from`` on by 1 + this (0.15 for +15%).
  public var volumeChange: Double?
  /// Actual volumes so far (the history format, or the scenario's interval report).
  public var actualsFile: String?
  /// The price of changing one employee's day (a shift moved, shortened, cancelled or
  /// added), in the scenario's currency.
  public var changeCost: Double = ReplanRequest.defaultChangeCost

  public static let defaultChangeCost = 50.0

  public init(from: LocalDateTime) { self.from = from }
}

/// One employee-day the re-plan changes.
public struct ShiftChange: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case cancelled, added, moved, shortened, lengthened
    /// Same hours, another template or channel.
    case changed
  }
  public var employeeID: String
  public var date: LocalDate
  public var kind: Kind
  public var old: Shift?
  public var new: Shift?
}

/// A re-planned week: the new roster's plan result, the published roster scored on the same
/// forecast, and what changed.
public struct ReplanResult: Sendable {
  public var baseRun: StoredRun
  public var result: PlanResult
  /// The published roster, scored against the re-forecast.
  public var publishedScore: RosterScore
  public var changes: [ShiftChange]
  /// Employee-days a plan of the rest from scratch (only the past kept) would change, and
  /// whether that plan was the one delivered (it is when it costs less, changes priced in).
  public var freshChanges: Int
  public var deliveredFresh: Bool
  /// Per channel, what the forecast from ``ReplanRequest/from`` on was scaled by.
  public var scaling: [String: Double]
  public var notes: [String]
}

/// Re-plans the rest of a published week (intraday or mid-week): keeps every shift that
/// starts before the re-plan time (an absent person's ending at it), re-forecasts the rest, and re-optimises it with a price on
/// every changed employee-day.
///
/// Rosters are made for the rest of the week, all keeping the past and the pinned shifts,
/// with no new shift starting before the re-plan time and the absent given none: one planned
/// afresh, one where the shift plan and the assignment count each published shift kept as
/// saving ``ReplanRequest/changeCost``, and one keeping every published shift of those
/// present and only adding to it. The delivered roster is the cheapest once each changed
/// employee-day is priced; rules (rest, days, hours) hold across the boundary because the
/// kept shifts are pinned in the same model.
///
/// The intraday re-forecast follows the practice of scaling the rest of the day by observed ÷
/// forecast volume so far, shrunk towards 1 by the share of the day's forecast volume seen:
/// factor = 1 + w·(observed ÷ forecast − 1), with w = forecast so far ÷ forecast for the day.
public enum ReplanPipeline {
  public static func run(
    _ request: ReplanRequest, scenario given: Scenario, workspace: Workspace,
    progress: (String) -> Void = { _ in }
  ) throws(PlanError) -> ReplanResult {
    let base = try baseRun(request, workspace: workspace)
    var scenario = given
    var notes: [String] = []
    scenario.planStart = base.weekStart
    scenario.planDays = base.days
    if (try? scenario.digest()) != base.scenarioDigest {
      notes.append("the scenario's files differ from those run \(base.id) was planned with")
    }
    func stored(_ name: String) throws(PlanError) -> CSVTable {
      let text: String?
      do { text = try workspace.file(name, run: base.id) } catch { throw .store(error) }
      guard let text else {
        throw .store(.refused(workspace.path, "run \(base.id) has no \(name) to re-plan from"))
      }
      do { return try CSVTable(text: text, file: "\(workspace.path) run \(base.id) \(name)") } catch {
        throw .input(error)
      }
    }
    let rosterTable = try stored("roster.csv")
    let forecastTable = try stored("forecast.csv")
    let published: Roster
    var forecast: [ForecastPoint]
    do {
      published = try RosterFile.read(rosterTable, scenario: scenario)
      forecast = try ForecastFile.read(forecastTable, grid: scenario.grid, channels: scenario.channels)
    } catch { throw .input(error) }
    let known = Set(scenario.employees.map(\.id))
    for id in request.absent where !known.contains(id) {
      throw .input(.invalid(SourceLocation(file: "--absent"), "\(id) is not an employee of the scenario"))
    }
    let from = request.from
    guard scenario.planDates.contains(from.date) else {
      throw .input(
        .invalid(
          SourceLocation(file: "--from"),
          "\(from) is not in the week of run \(base.id) (\(base.weekStart) + \(base.days) days)"))
    }

    progress("re-forecasting from \(from)")
    let scaling = try scale(&forecast, request: request, scenario: scenario)
    let requirements: [Requirement]
    do {
      requirements = try StaffingPlanner.requirements(
        forecast: forecast, channels: scenario.channels, repeatingEvery: scenario.cycleSeconds
      )
      .map(Formats.asWritten)
    } catch { throw .staffing(error) }
    let ahead = requirements.filter { $0.interval.start >= from }

    func startsBefore(_ shift: Shift) -> Bool {
      LocalDateTime(date: shift.date, minuteOfDay: shift.start) < from
    }
    let absent = Set(request.absent)
    let kept = published.assignments.filter { startsBefore($0.shift) }
    let later = published.assignments.filter { !startsBefore($0.shift) && !absent.contains($0.employeeID) }
    var pins = kept.filter { !absent.contains($0.employeeID) }
    for pin in try PlanPipeline.pinnedShifts(scenario) where !pins.contains(pin) {
      if absent.contains(pin.employeeID) {
        notes.append("\(pin.employeeID)'s pinned shift on \(pin.shift.date) is cancelled: absent")
      } else if !startsBefore(pin.shift) {
        pins.append(pin)
      }
    }
    // The absent go home at the re-plan time: a shift under way then ends there.
    let absentBefore = kept.filter { absent.contains($0.employeeID) }
    let absentKept = absentBefore.map { ended($0, at: from, grid: scenario.grid) }
    let cuts = zip(absentBefore, absentKept).compactMap { was, now in
      was == now
        ? nil
        : ShiftChange(
          employeeID: was.employeeID, date: was.shift.date, kind: .shortened, old: was.shift, new: now.shift)
    }

    var problem = SchedulingProblem(
      grid: scenario.grid, openingHours: scenario.openingHours, dates: scenario.planDates,
      channels: scenario.channels, requirements: ahead, templates: scenario.templates,
      contracts: scenario.contracts, employees: scenario.employees.filter { !absent.contains($0.id) },
      rules: scenario.rules, cyclic: scenario.cyclic)
    problem.newShiftsFrom = from

    // Three rosters for the rest of the week, each keeping the past and the pins: planned
    // afresh (what a new plan would change), with each published shift kept worth the change
    // it saves, and keeping every published shift of those present, only adding to them.
    problem.pinned = pins
    if let conflict = problem.pinConflicts().first {
      throw .input(.invalid(SourceLocation(file: "\(workspace.path) run \(base.id) roster.csv"), conflict))
    }
    progress("re-planning the rest of the week afresh")
    let freshPlan = try PlanPipeline.solve(problem, scenario: scenario)
    let freshChanges = changes(from: published, to: freshPlan.roster, after: from, absent: absent)
    var candidates = [(plan: freshPlan, changes: freshChanges, fresh: true)]
    if request.changeCost > 0 {
      progress(
        "re-planning the rest of the week with each change priced at \(request.changeCost.formatted(maxDecimals: 2))"
      )
      var priced = problem
      priced.published = later
      priced.changeCost = request.changeCost
      let plan = try PlanPipeline.solve(priced, scenario: scenario)
      candidates.append((plan, changes(from: published, to: plan.roster, after: from, absent: absent), false))
    }
    var keeping = problem
    keeping.pinned = pins + later.filter { shift in !pins.contains(shift) }
    if keeping.pinConflicts().isEmpty {
      progress("re-planning the rest of the week around the published shifts")
      let plan = try PlanPipeline.solve(keeping, scenario: scenario)
      candidates.append((plan, changes(from: published, to: plan.roster, after: from, absent: absent), false))
    } else {
      notes.append("the published shifts no longer keep the rules together")
    }
    // The cheapest once every changed employee-day is priced; the first on a tie.
    func priced(_ candidate: (plan: (plan: ShiftPlan, roster: Roster), changes: [ShiftChange], fresh: Bool))
      -> Double
    {
      (candidate.plan.plan.solution.objective ?? .infinity) + request.changeCost
        * Double(candidate.changes.count)
    }
    let best = candidates.dropFirst().reduce(candidates[0]) { priced($1) < priced($0) ? $1 : $0 }
    let chosen = best.plan
    let chosenChanges = (cuts + best.changes).sorted { ($0.employeeID, $0.date) < ($1.employeeID, $1.date) }
    let deliveredFresh = best.fresh

    // The delivered roster: the solved rest and the absent's kept shifts. Its cost and bound
    // are the solved part's (people absent cover nothing from the re-plan time on) plus the
    // pay of the absent's kept shifts, which every roster keeping the past pays.
    var roster = chosen.roster
    roster.employees = scenario.employees
    roster.assignments += absentKept
    let order = Dictionary(
      scenario.employees.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    roster.assignments.sort { (order[$0.employeeID]!, $0.shift) < (order[$1.employeeID]!, $1.shift) }
    var plan = chosen.plan
    // The fresh plan's bound holds for every roster keeping the past and the pins; the priced
    // plans' own bounds are on cost less the changes they save, weaker.
    plan.solution.bound = freshPlan.plan.solution.bound
    var absentProblem = problem
    absentProblem.employees = scenario.employees.filter { absent.contains($0.id) }
    absentProblem.pinned = absentKept
    let absentPay = absentProblem.pinnedPay
    plan.solution.objective = (plan.solution.objective ?? 0) + absentPay
    plan.solution.bound = plan.solution.bound.map { $0 + absentPay }

    progress("scoring the re-planned roster")
    func score(_ roster: Roster) -> RosterScore {
      RosterScorer.score(
        roster: roster, forecast: forecast, channels: scenario.channels, contracts: scenario.contracts,
        grid: scenario.grid, requirements: requirements, pay: scenario.rules.pay)
    }
    var result = PlanResult(
      scenario: scenario, forecast: forecast, requirements: requirements, shiftPlan: plan, roster: roster,
      score: score(roster), simulation: nil)
    result.pinned = pins
    return ReplanResult(
      baseRun: base, result: result, publishedScore: score(published), changes: chosenChanges,
      freshChanges: cuts.count + freshChanges.count, deliveredFresh: deliveredFresh, scaling: scaling,
      notes: notes)
  }

  /// The run to re-plan: the one asked for, or the latest published version of the week that
  /// holds the re-plan time.
  static func baseRun(_ request: ReplanRequest, workspace: Workspace) throws(PlanError) -> StoredRun {
    let runs: [StoredRun]
    do { runs = try workspace.runs() } catch { throw .store(error) }
    if let id = request.runID {
      guard let run = runs.first(where: { $0.id == id }) else {
        throw .store(.refused(workspace.path, "no run \(id) in this workspace"))
      }
      return run
    }
    let date = request.from.date
    let holding = runs.filter { $0.weekStart <= date && date < $0.weekStart.adding(days: $0.days) }
    guard
      let run = holding.filter({ $0.publishedVersion != nil }).max(by: {
        $0.publishedVersion! < $1.publishedVersion!
      })
    else {
      throw .store(
        .refused(
          workspace.path,
          "no published roster for the week holding \(request.from); publish one (rota publish) or name a run with --run"
        ))
    }
    return run
  }

  /// Scales the forecast from the re-plan time on; returns each channel's factor.
  static func scale(_ forecast: inout [ForecastPoint], request: ReplanRequest, scenario: Scenario)
    throws(PlanError)
    -> [String: Double]
  {
    var factors: [String: Double] = [:]
    for channel in scenario.channels { factors[channel.name] = 1 + (request.volumeChange ?? 0) }
    if let file = request.actualsFile {
      let actuals = try ActualsImport.read(file, scenario: scenario)
      let today = request.from.date
      var seen: [String: (actual: Double, forecast: Double)] = [:]
      let observed = Dictionary(
        actuals.filter { $0.start.date == today && $0.start < request.from }.map {
          ("\($0.channel) \($0.start)", $0.offered)
        },
        uniquingKeysWith: +)
      var day: [String: Double] = [:]
      for point in forecast where point.interval.start.date == today {
        day[point.channel, default: 0] += point.mean
        guard point.interval.start < request.from,
          let actual = observed["\(point.channel) \(point.interval.start)"]
        else { continue }
        seen[point.channel, default: (0, 0)].actual += actual
        seen[point.channel, default: (0, 0)].forecast += point.mean
      }
      for (channel, sums) in seen where sums.forecast > 0 {
        let weight = min(1, sums.forecast / max(day[channel] ?? 0, sums.forecast))
        factors[channel] = (factors[channel] ?? 1) * (1 + weight * (sums.actual / sums.forecast - 1))
      }
    }
    for index in forecast.indices where forecast[index].interval.start >= request.from {
      let factor = factors[forecast[index].channel] ?? 1
      guard factor != 1 else { continue }
      var point = forecast[index]
      point.mean *= factor
      point.lo80 *= factor
      point.hi80 *= factor
      point.lo95 *= factor
      point.hi95 *= factor
      forecast[index] = Formats.asWritten(point)
    }
    return factors
  }

  /// The shift ended at `from` when it is under way then: breaks after it dropped, one under
  /// way cut short, paid time recounted on the clock of its night.
  static func ended(_ assignment: RosteredShift, at from: LocalDateTime, grid: TimeGrid) -> RosteredShift {
    var shift = assignment.shift
    let cut = shift.date.days(to: from.date) * 1440 + from.minuteOfDay
    guard cut > shift.start, cut < shift.end else { return assignment }
    shift.end = cut
    shift.breaks = shift.breaks.filter { $0.start < cut }.map {
      Shift.Break(start: $0.start, end: min($0.end, cut), paid: $0.paid)
    }
    shift.clockChangeMinutes =
      (grid.elapsedMinutes(on: shift.date, from: shift.start, to: cut) ?? (cut - shift.start))
      - (cut - shift.start)
    return RosteredShift(employeeID: assignment.employeeID, shift: shift)
  }

  /// Employee-days from `from` on where `new` differs from `old`; the absent's cancelled
  /// shifts count.
  static func changes(from old: Roster, to new: Roster, after from: LocalDateTime, absent: Set<String>)
    -> [ShiftChange]
  {
    struct Day: Hashable, Comparable {
      var employee: String
      var date: LocalDate
      static func < (a: Day, b: Day) -> Bool { (a.employee, a.date) < (b.employee, b.date) }
    }
    func ahead(_ roster: Roster) -> [Day: Shift] {
      Dictionary(
        roster.assignments.filter { LocalDateTime(date: $0.shift.date, minuteOfDay: $0.shift.start) >= from }
          .map {
            (Day(employee: $0.employeeID, date: $0.shift.date), $0.shift)
          }, uniquingKeysWith: { first, _ in first })
    }
    let before = ahead(old)
    let after = ahead(new)
    var result: [ShiftChange] = []
    for day in Set(before.keys).union(after.keys).sorted() {
      let was = before[day]
      let now = after[day]
      let kind: ShiftChange.Kind
      switch (was, now) {
      case (nil, nil): continue
      case (.some, nil): kind = .cancelled
      case (nil, .some): kind = .added
      case (.some(let was), .some(let now)):
        if was.start != now.start {
          kind = .moved
        } else if was.end != now.end {
          kind = now.end < was.end ? .shortened : .lengthened
        } else if was.template != now.template || was.channel != now.channel {
          kind = .changed
        } else {
          continue
        }
      }
      result.append(ShiftChange(employeeID: day.employee, date: day.date, kind: kind, old: was, new: now))
    }
    return result
  }

  /// changes.csv: who, what, old, new (a shift as `template start–end channel`).
  public static func changesCSV(_ changes: [ShiftChange], employees: [Employee]) -> String {
    let names = Dictionary(employees.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    func describe(_ shift: Shift?) -> String {
      guard let shift else { return "" }
      func clock(_ minutes: Int) -> String { TimeOfDay(minutes: minutes % 1440)!.description }
      return "\(shift.template) \(clock(shift.start))-\(clock(shift.end)) \(shift.channel)"
    }
    var writer = CSVWriter(header: ["employee_id", "employee_name", "date", "change", "old", "new"])
    for change in changes {
      writer.append([
        change.employeeID, names[change.employeeID] ?? "", change.date.description, change.kind.rawValue,
        describe(change.old), describe(change.new),
      ])
    }
    return writer.text
  }
}
