import Forecasting
import RotaCore
import Scheduling
import Scoring
import Staffing
import Store

/// Why a run stopped. ``exitCode`` is the process status the command line should use.
public enum PlanError: Error, CustomStringConvertible {
  case input(InputError)
  case output(OutputError)
  case staffing(StaffingError)
  case model(MIPModelError)
  /// The workspace store refused a read or write.
  case store(StoreError)
  /// The solver found no roster in time.
  case noRoster(status: SolveStatus, bound: Double?, advice: String)
  /// Coverage is a hard rule and the other rules make it impossible: the conflicts.
  case infeasible([String])

  public var description: String {
    switch self {
    case .input(let error): error.description
    case .output(let error): error.description
    case .staffing(let error): error.description
    case .model(let error): error.description
    case .store(let error): error.description
    case .noRoster(let status, let bound, let advice):
      "no feasible roster (\(status.rawValue))"
        + (bound.map { "; best bound on the cost: \($0.formatted(maxDecimals: 2))" } ?? "") + ". \(advice)"
    case .infeasible(let conflicts):
      "the hard rules cannot all hold:\n" + conflicts.map { "  - \($0)" }.joined(separator: "\n")
    }
  }

  /// 1 for bad input, 2 when no feasible roster was found.
  public var exitCode: Int32 {
    switch self {
    case .noRoster, .infeasible: 2
    default: 1
    }
  }
}

/// Everything one `rota plan` run produced.
public struct PlanResult: Sendable {
  public var scenario: Scenario
  public var forecast: [ForecastPoint]
  public var requirements: [Requirement]
  public var shiftPlan: ShiftPlan
  public var roster: Roster
  public var score: RosterScore
  /// Present when the run was asked to simulate.
  public var simulation: SimulatedScore?
  /// The pinned shifts the roster keeps.
  public var pinned: [RosteredShift] = []
  /// What reading the history and forecasting said: warnings (days read as closed, contacts
  /// outside the hours, a day forecast from its recent level…) and notes.
  public var historyWarnings: [String] = []
  public var historyNotes: [String] = []
}

/// The whole pipeline: history → forecast → requirements → shift plan → roster → score.
public enum PlanPipeline {
  /// Runs every stage on a scenario; `forecast`, when given, replaces the forecasting stage.
  /// `progress` receives one short line per stage, and warnings.
  public static func run(
    _ scenario: Scenario, forecast given: [ForecastPoint]? = nil, verboseSolver: Bool = false,
    solverProgress: (@Sendable (SolverProgress) -> Void)? = nil,
    simulation: SimulationOptions? = nil, progress: (String) -> Void = { _ in }
  ) throws(PlanError) -> PlanResult {
    for note in scenario.patienceNotes { progress(note) }
    let forecast: [ForecastPoint]
    var warnings: [String] = []
    var notes: [String] = []
    if let given {
      forecast = given
    } else {
      progress("forecasting from \(scenario.historyFile)")
      (forecast, warnings, notes) = try forecastWithNotes(scenario)
      for warning in warnings { progress("warning: \(warning)") }
      for note in notes { progress(note) }
    }
    progress("staffing \(forecast.count) channel-intervals")
    let requirements: [Requirement]
    do {
      // With the precision requirements.csv has, so that scheduling the file repeats the plan.
      requirements = try StaffingPlanner.requirements(
        forecast: forecast, channels: scenario.channels, repeatingEvery: scenario.cycleSeconds
      )
      .map(Formats.asWritten)
    } catch { throw .staffing(error) }
    progress("scheduling (solver limit \(scenario.solverTimeLimit.formatted(maxDecimals: 1)) s)")
    let (plan, roster) = try schedule(
      scenario, requirements: requirements, verboseSolver: verboseSolver, solverProgress: solverProgress)
    progress("scoring the roster")
    let score = RosterScorer.score(
      roster: roster, forecast: forecast, channels: scenario.channels, contracts: scenario.contracts,
      grid: scenario.grid, requirements: requirements, pay: scenario.rules.pay)
    var simulated: SimulatedScore?
    if let simulation {
      progress("simulating the week \(simulation.replications) times")
      simulated = RosterSimulation.run(
        roster: roster, forecast: forecast, channels: scenario.channels, grid: scenario.grid,
        options: simulation)
    }
    var result = PlanResult(
      scenario: scenario, forecast: forecast, requirements: requirements, shiftPlan: plan,
      roster: roster, score: score, simulation: simulated)
    result.pinned = try pinnedShifts(scenario)
    (result.historyWarnings, result.historyNotes) = (warnings, notes)
    return result
  }

  /// The scheduling stage alone: shifts for `requirements`, then people for the shifts.
  public static func schedule(
    _ scenario: Scenario, requirements: [Requirement], verboseSolver: Bool = false,
    solverProgress: (@Sendable (SolverProgress) -> Void)? = nil
  )
    throws(PlanError) -> (plan: ShiftPlan, roster: Roster)
  {
    var problem = SchedulingProblem(
      grid: scenario.grid, openingHours: scenario.openingHours, dates: scenario.planDates,
      channels: scenario.channels, requirements: requirements, templates: scenario.templates,
      contracts: scenario.contracts, employees: scenario.employees, rules: scenario.rules,
      cyclic: scenario.cyclic)
    problem.pinned = try pinnedShifts(scenario)
    if let conflict = problem.pinConflicts().first, let file = scenario.pinnedFile {
      throw .input(.invalid(SourceLocation(file: file), "\(conflict): a pinned shift must keep the rules"))
    }
    return try solve(
      problem, scenario: scenario, verboseSolver: verboseSolver, solverProgress: solverProgress)
  }

  /// Shifts, then people, for a problem made from `scenario` (its solver settings), with the
  /// certificate of the delivered roster and its status word (``Scheduler/schedule(_:options:)``).
  static func solve(
    _ problem: SchedulingProblem, scenario: Scenario, verboseSolver: Bool = false,
    solverProgress: (@Sendable (SolverProgress) -> Void)? = nil
  ) throws(PlanError) -> (plan: ShiftPlan, roster: Roster) {
    var options = SolverOptions(
      timeLimit: scenario.solverTimeLimit, relativeGap: scenario.solverGap,
      nodeLimit: scenario.solverNodeLimit,
      verbose: verboseSolver)
    options.progress = solverProgress
    do { return try Scheduler.schedule(problem, options: options) } catch {
      switch error {
      case .model(let error): throw .model(error)
      case .infeasible(let conflicts): throw .infeasible(conflicts)
      case .noRoster(let status, let bound):
        throw .noRoster(
          status: status, bound: bound,
          advice: status == .noSolution
            ? "Raise solver.time_limit_seconds or solver.node_limit in the scenario (or --time-limit, --node-limit)."
            : "Check the shift templates, contracts and opening hours.")
      }
    }
  }

  /// The forecast for every open interval of the planning period, per channel.
  public static func forecast(_ scenario: Scenario) throws(PlanError) -> [ForecastPoint] {
    try forecastWithNotes(scenario).points
  }

  /// The forecast, with warnings (when it rests on less than two weeks of history, and about
  /// special days: ``ForecastRun/specialDayNotes(_:start:days:)``) and notes (how handle
  /// times were forecast).
  static func forecastWithNotes(_ scenario: Scenario) throws(PlanError) -> (
    points: [ForecastPoint], warnings: [String], notes: [String]
  ) {
    let (contacts, skippedNote) = try contactHistoriesWithNote(scenario)
    let histories = try histories(scenario, contacts: contacts)
    let note = ForecastRun.shortHistoryNote(histories, start: scenario.planStart)
    let run = ForecastRun(
      grid: scenario.grid, method: ForecastMethods.named(scenario.forecastMethod)!,
      open: ForecastRun.openSlots(scenario.openingHours, intervalMinutes: scenario.grid.intervalMinutes),
      holidays: scenario.openingHours.holidays, specialDays: scenario.specialDays)
    if let problem = ForecastRun.spanProblem(histories, start: scenario.planStart, days: scenario.planDays) {
      throw .input(
        .invalid(
          scenario.planStartLocation ?? SourceLocation(file: scenario.file),
          "\(problem) (\(scenario.historyFile))"))
    }
    let forecast = run.forecastWithNotes(histories, start: scenario.planStart, days: scenario.planDays)
    let (points, handleNotes) = HandleTimes.attach(
      forecast.points, contacts: contacts, start: scenario.planStart)
    // Contacts outside the hours: a warning above `warnAbove`, else a note.
    let outside = HistoryQuality.outsideHours(histories, scenario)
    let outsideWarns = (outside?.share ?? 0) > HistoryQuality.warnAbove
    let warnings =
      [
        note, skippedNote, missingDaysNote(histories, scenario),
        HistoryQuality.nightPeak(histories, scenario), outsideWarns ? outside?.note : nil,
      ]
      .compactMap { $0 }
      + run.specialDayNotes(histories, start: scenario.planStart, days: scenario.planDays) + forecast.notes
    // Keep only intervals the opening hours keep open (a DST day can shift a slot), with the
    // precision forecast.csv has, so that staffing the file gives the same requirements.
    let open = points.filter {
      scenario.openingHours.isOpen($0.interval, intervalMinutes: scenario.grid.intervalMinutes)
    }
    let quality = outsideWarns ? [] : [outside?.note].compactMap { $0 }
    return (open.map(Formats.asWritten), warnings, quality + handleNotes)
  }

  /// The scenario's history per channel, with zeros for open intervals the file leaves out
  /// (up to its last row only, with `untilLastRow`: actuals of a day still under way).
  /// `contacts`, when given, is the scenario's interval report already read.
  public static func histories(
    _ scenario: Scenario, contacts: [String: ContactHistory]? = nil, untilLastRow: Bool = false
  )
    throws(PlanError)
    -> [String: VolumeHistory]
  {
    var histories: [String: VolumeHistory]
    if scenario.historyLayout != nil {
      let read: [String: ContactHistory]
      if let contacts { read = contacts } else { read = try contactHistories(scenario) }
      histories = read.mapValues(\.volume)
    } else {
      do {
        let table = try CSVFileRows(contentsOf: scenario.historyFile)
        histories = try HistoryReader.read(
          table, grid: scenario.grid,
          defaultChannel: scenario.channels.count == 1 ? scenario.channels[0].name : nil,
          knownChannels: Set(scenario.channels.map(\.name)), mostPerInterval: scenario.mostContactsPerInterval
        )
      } catch { throw .input(scenario.locatingHistory(error)) }
    }
    return filled(histories, scenario, untilLastRow: untilLastRow)
  }

  /// `histories` with the scenario's reading of what the file leaves out: on a day the history
  /// has rows, an open interval without one had no contacts, while holidays and closed hours
  /// stay absent; a day with no rows at all was closed, unless the scenario says such days had
  /// no contacts (`missing_days: zero`). With `untilLastRow`, nothing after the last row.
  public static func filled(
    _ histories: [String: VolumeHistory], _ scenario: Scenario, untilLastRow: Bool = false
  )
    -> [String: VolumeHistory]
  {
    var histories = histories
    let dates = Set(histories.values.flatMap { $0.volumes.keys.map(\.date) })
    let lastRow = histories.values.compactMap { $0.volumes.keys.max() }.max()
    if let first = dates.min(), let last = dates.max(), let lastRow {
      let open = scenario.openingHours.openIntervals(of: scenario.grid, from: first, through: last).filter {
        (!untilLastRow || $0.start <= lastRow)
          && (scenario.missingDaysAreZero || dates.contains($0.start.date))
      }
      for channel in scenario.channels {
        histories[channel.name] =
          (histories[channel.name] ?? VolumeHistory(channel: channel.name, volumes: [:]))
          .fillingZeros(in: open)
      }
    }
    return histories
  }

  /// A note listing the days inside the history, open by the scenario's hours and not
  /// holidays, that have no rows at all and so were read as closed; nil when there are none
  /// or the scenario reads them as zero.
  public static func missingDaysNote(_ histories: [String: VolumeHistory], _ scenario: Scenario) -> String? {
    guard !scenario.missingDaysAreZero else { return nil }
    let dates = Set(histories.values.flatMap { $0.volumes.keys.map(\.date) })
    guard let first = dates.min(), let last = dates.max() else { return nil }
    let opening = Set(
      scenario.openingHours.openIntervals(of: scenario.grid, from: first, through: last).map(\.start.date))
    let missing = (0...first.days(to: last)).map { first.adding(days: $0) }.filter {
      opening.contains($0) && !dates.contains($0)
    }
    guard !missing.isEmpty else { return nil }
    let listed = missing.prefix(10).map { "\($0.weekday) \($0)" }.joined(separator: ", ")
    return
      "\(missing.count) open day\(missing.count == 1 ? "" : "s") inside the history \(missing.count == 1 ? "has" : "have") "
      + "no rows and \(missing.count == 1 ? "was" : "were") read as closed: \(listed)\(missing.count > 10 ? ", …" : ""). "
      + "If the team was open and had no contacts, set planning.missing_days: zero"
  }

  /// The scenario's interval report read per channel (empty without `planning.history` as a
  /// mapping).
  public static func contactHistories(_ scenario: Scenario) throws(PlanError) -> [String: ContactHistory] {
    try contactHistoriesWithNote(scenario).histories
  }

  /// The interval report per channel, and a note on the rows `on_bad_rows: skip` left out.
  public static func contactHistoriesWithNote(_ scenario: Scenario) throws(PlanError) -> (
    histories: [String: ContactHistory], note: String?
  ) {
    guard let layout = scenario.historyLayout else { return ([:], nil) }
    var skipped = IntervalExportReader.SkippedRows()
    do {
      let histories = try IntervalExportReader.read(
        CSVFileRows(contentsOf: scenario.historyFile, delimiter: layout.delimiter), layout: layout,
        grid: scenario.grid,
        defaultChannel: scenario.channels.count == 1 ? scenario.channels[0].name : nil,
        knownChannels: Set(scenario.channels.map(\.name)), skipped: &skipped)
      return (histories, skipped.note)
    } catch { throw .input(scenario.locatingHistory(error)) }
  }

  /// The scenario's pinned shifts (none without `pinned`), read as a roster and checked
  /// against it.
  public static func pinnedShifts(_ scenario: Scenario) throws(PlanError) -> [RosteredShift] {
    guard let file = scenario.pinnedFile else { return [] }
    do { return try RosterFile.read(CSVTable(contentsOf: file), scenario: scenario).assignments } catch {
      throw .input(error)
    }
  }
}
