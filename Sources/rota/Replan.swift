import ArgumentParser
import Foundation
import RotaCore
import RotaKit
import Scoring
import Store

struct Replan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Re-plan the rest of a published week: absences, volume above forecast, actuals so far.",
    discussion: """
      Keeps every shift of the week's published roster (its latest version) that starts before \
      --from, cancels the later shifts of the --absent, re-forecasts from --from on (--volume \
      scales it; --actuals scales the rest of the day and week by today's observed ÷ forecast \
      volume, shrunk by the share of the day seen) and re-optimises the rest, each changed \
      employee-day priced at --change-cost. Rest, days and hours rules hold across --from. \
      Writes the new roster's files and changes.csv (who, what, old, new) to --out, prints the \
      new roster's KPIs against the published one's, and records the run in the workspace \
      (publish it with rota publish).

      Example:
        rota replan --workspace planning/ --from 2026-12-09T12:00 --absent E004,E017 --volume +15%
      """)

  @Option(help: ArgumentHelp("Workspace folder.", valueName: "folder"))
  var workspace: String

  @Option(help: ArgumentHelp("Re-plan from this local time (YYYY-MM-DDTHH:MM).", valueName: "time"))
  var from: String

  @Option(help: "Scenario file (default: scenarios/default/scenario.yaml, found from the current folder up).")
  var scenario: String?

  @Option(
    name: .customLong("run"), parsing: .unconditional,
    help: "Run to re-plan (default: the week's latest published version).")
  var runID: Int64?

  @Option(help: ArgumentHelp("Employees absent from --from on, comma-separated ids.", valueName: "ids"))
  var absent: String?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Scale the forecast from --from on, e.g. +15% or -10%.", valueName: "change"))
  var volume: String?

  @Option(
    help: ArgumentHelp(
      "Actual volumes so far, to re-forecast the rest of the day and week.", valueName: "file"))
  var actuals: String?

  @Option(help: "Roster CSV of shifts to keep exactly as they are; overrides planning.pinned.")
  var pinned: String?

  @Option(
    parsing: .unconditional,
    help: "Price of each changed employee-day, in the scenario's currency (0–100000).")
  var changeCost: Double = ReplanRequest.defaultChangeCost

  @Option(help: "Output folder (default: rota-replan-<date of --from>).")
  var out: String?

  @OptionGroup var solver: SolverOverrides

  @Flag(name: .shortAndLong, help: "Print no progress lines.")
  var quiet = false

  func run() throws {
    guard let start = LocalDateTime(iso: from) else {
      throw ValidationError("--from takes a local time as YYYY-MM-DDTHH:MM, not \(from)")
    }
    if volume != nil && actuals != nil { throw ValidationError("give --volume or --actuals, not both") }
    guard changeCost.isFinite, (0...100_000).contains(changeCost) else {
      throw ValidationError("--change-cost takes 0 to 100000")
    }
    var request = ReplanRequest(from: start)
    request.runID = runID
    request.absent = (absent ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter {
        !$0.isEmpty
      }
    request.changeCost = changeCost
    if let volume {
      guard volume.hasSuffix("%"), let percent = Double(volume.dropLast()), percent.isFinite,
        (-90...500).contains(percent)
      else { throw ValidationError("--volume takes a change from -90% to +500%, e.g. +15%") }
      request.volumeChange = percent / 100
    }
    request.actualsFile = actuals
    do {
      var loaded: Scenario
      do { loaded = try Scenario.load(try scenarioPath(scenario)) } catch { throw PlanError.input(error) }
      try solver.apply(to: &loaded)
      if let pinned {
        loaded.pinnedFile = pinned
        loaded.inputFiles.append(pinned)
      }
      guard start.minuteOfDay % loaded.grid.intervalMinutes == 0 else {
        throw ValidationError(
          "--from \(from) is not on the scenario's \(loaded.grid.intervalMinutes)-minute interval grid")
      }
      guard loaded.grid.instant(of: start) != nil else {
        throw ValidationError(
          "--from \(from) does not exist in \(loaded.grid.timeZone.identifier): the clocks skip it")
      }
      let store = try openWorkspace(workspace, .write)
      let folder = out ?? "rota-replan-\(start.date)"
      var inputs = loaded.inputFiles + [store.path]
      if let actuals { inputs.append(actuals) }
      do {
        try AtomicFile.refuse(
          overwriting: inputs,
          with: (PlanOutputs.fileNames + ["changes.csv"]).map {
            URL(fileURLWithPath: folder).appendingPathComponent($0).path
          })
      } catch { throw PlanError.output(error) }
      let replanned = try ReplanPipeline.run(
        request, scenario: loaded, workspace: store, progress: quiet ? { _ in } : progress)
      for note in replanned.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
      let result = replanned.result
      var files = PlanOutputs.contents(result)
      files.append(("changes.csv", ReplanPipeline.changesCSV(replanned.changes, employees: loaded.employees)))
      let paths = files.map { (URL(fileURLWithPath: folder).appendingPathComponent($0.name).path, $0.text) }
      try writeOutputs(paths, protecting: inputs)
      write(PlanSummary.text(result), terminator: "")
      write(Self.comparison(replanned), terminator: "")
      write("Wrote \(paths.map(\.0).joined(separator: ", "))")
      let record: RunRecord
      do { record = try RunRecord(plan: result, files: files, command: "replan") } catch {
        throw PlanError.input(error)
      }
      do { write("Recorded run \(try store.record(record)) in \(store.path)") } catch {
        throw PlanError.store(error)
      }
    } catch let error as PlanError {
      throw fail(error)
    }
  }

  /// The re-planned roster against the published one, both on the re-forecast.
  static func comparison(_ replanned: ReplanResult) -> String {
    func percent(_ value: Double?) -> String {
      value.map { ($0 * 100).formatted(maxDecimals: 1) + "%" } ?? "–"
    }
    let new = replanned.result.score
    let old = replanned.publishedScore
    var lines = [
      "re-plan of run \(replanned.baseRun.id) (week of \(replanned.baseRun.weekStart))"
        + "        published   re-planned",
      "  labour cost".padding(toLength: 52, withPad: " ", startingAt: 0)
        + old.laborCost.formatted(maxDecimals: 2).padding(toLength: 12, withPad: " ", startingAt: 0)
        + new.laborCost.formatted(maxDecimals: 2),
    ]
    for channel in replanned.result.scenario.channels.map(\.name) {
      let level = { (score: RosterScore) in
        score.channels[channel].flatMap { $0.serviceLevel ?? $0.emailWithinDeadline }
      }
      lines.append(
        "  \(channel) service level".padding(toLength: 52, withPad: " ", startingAt: 0)
          + percent(level(old)).padding(toLength: 12, withPad: " ", startingAt: 0) + percent(level(new)))
    }
    let scaled = replanned.scaling.filter { $0.value != 1 }.sorted { $0.key < $1.key }.map {
      "\($0.key) ×\($0.value.formatted(maxDecimals: 3))"
    }
    if !scaled.isEmpty { lines.append("  forecast from the re-plan time: \(scaled.joined(separator: ", "))") }
    lines.append(
      "  changes      \(replanned.changes.count) employee-days (a plan of the rest from scratch would change "
        + "\(replanned.freshChanges))"
        + (replanned.deliveredFresh ? "; that plan was cheaper and is delivered" : ""))
    return lines.joined(separator: "\n") + "\n"
  }
}
