import ArgumentParser
import Foundation
import RotaCore
import RotaKit
import Scheduling

struct Schedule: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Build the roster for given requirements: roster.csv, coverage.csv and the solver summary.",
    discussion: """
      Requirements may come from `rota staff` or be made elsewhere (columns timestamp, channel, \
      gross_agents; for email also work_agent_intervals and due). coverage.csv holds, per \
      interval and channel, the agents required, on task and short (for email, required is the \
      day's steady level that answers the target share in time: a guide, since the work may be done anywhere before its due time). \
      Shifts the rules leave nobody to take go to open-shifts.csv (only a header when none). With `rules: { coverage: hard }` \
      and requirements the rules cannot meet, it exits 2 naming the rules in conflict.

      Fixed weekly schedules: a contract with `min_days_per_week` (with `max_days_per_week` the       same: exactly that many) gives whoever it rosters a whole week, worked in full; with       `rules: { days_off_together: 2, start_time_variation_minutes: 0 }` the days off are       together (Sunday and Monday count on a repeating week) and the start is the same all week,       and `same_shift_all_week: true` on the contract keeps one shift template. Nobody is paid to       stay home while their days could be used; the people a team has beyond its work are paid       their guaranteed days idle, and kpis.json counts them (`idle_days`).       `optional: true` marks a flex pool (agency staff, vacancies, hire candidates): unused it       costs nothing, used it keeps every rule of its contract, and the summary says how many of       it were used (for vacancies, the number to hire).

      The status word comes from the roster's certificate: `optimal` (no gap), `within_gap`       (within solver.gap), otherwise the limit that stopped the search: `node_limit` (node and       pass limits; the same inputs then give the same roster on any machine) or `time_limit`       (the clock stopped a stage first; kpis.json's solver.stopped_by_clock names it).

      Example:
        rota schedule --requirements requirements.csv --scenario scenarios/default/scenario.yaml --out week50
      """)

  @Option(help: "Requirements CSV.")
  var requirements: String

  @Option(
    help:
      "Scenario file: shifts, contracts, employees (default: scenarios/default/scenario.yaml, found from the current folder up)."
  )
  var scenario: String?

  @Option(help: "Output folder for roster.csv and coverage.csv.")
  var out: String = "rota-schedule"

  @OptionGroup var solver: SolverOverrides

  @Option(
    help:
      "Roster CSV of shifts to keep exactly as they are (agreed requests, training); overrides planning.pinned."
  )
  var pinned: String?

  @Option(help: "Summary: table or json.")
  var format: SummaryFormat = .table

  func run() throws {
    do {
      var loaded: Scenario
      let needs: [Requirement]
      do {
        loaded = try Scenario.load(try scenarioPath(scenario))
        needs = try RequirementsFile.read(
          CSVTable(contentsOf: requirements), grid: loaded.grid, channels: loaded.channels)
      } catch { throw PlanError.input(error) }
      try solver.apply(to: &loaded)
      if let pinned {
        loaded.pinnedFile = pinned
        loaded.inputFiles.append(pinned)
      }
      let paths = ["roster.csv", "coverage.csv", "open-shifts.csv"].map {
        URL(fileURLWithPath: out).appendingPathComponent($0).path
      }
      let inputs = [requirements] + loaded.inputFiles
      // Checked before solving, so that a mistake costs no solving time.
      do { try AtomicFile.refuse(overwriting: inputs, with: paths) } catch { throw PlanError.output(error) }
      let (plan, roster) = try PlanPipeline.schedule(
        loaded, requirements: needs, solverProgress: solverProgressLine())
      clearProgressLine()
      // open-shifts.csv is always written, so that a folder never keeps an earlier run's.
      let texts = [
        Formats.rosterCSV(roster),
        Formats.coverageCSV(needs, roster: roster, intervalMinutes: loaded.grid.intervalMinutes),
        Formats.openShiftsCSV(roster.openShifts),
      ]
      try writeOutputs(Array(zip(paths, texts)), protecting: inputs)
      let solution = plan.solution
      switch format {
      case .json: write(Formats.solverJSON(solution).text, terminator: "")
      case .table:
        write(
          "\(solution.status.rawValue): cost \(solution.objective.map { $0.formatted(maxDecimals: 2) } ?? "–"), "
            + "bound \(solution.bound.map { $0.formatted(maxDecimals: 2) } ?? "–"), "
            + "gap \(solution.gap.map { ($0 * 100).formatted(maxDecimals: 2) + "%" } ?? "–") in "
            + "\(solution.seconds.formatted(maxDecimals: 1)) s; \(roster.assignments.count) shifts, "
            + "\(roster.openShifts.count) open"
            + roster.optionalUse(loaded.contracts).map { "; \($0.contract) \($0.used) of \($0.of) used" }
            .joined()
            + (loaded.pinnedFile == nil ? "" : ", \(try PlanPipeline.pinnedShifts(loaded).count) pinned kept")
        )
        write("Wrote \(paths.joined(separator: ", "))")
      }
    } catch let error as PlanError {
      throw fail(error)
    }
  }
}
