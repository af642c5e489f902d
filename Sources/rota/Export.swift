import ArgumentParser
import Foundation
import RotaCore
import RotaKit
import Scheduling
import Store

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Export a roster for HR (CSV with weekly hours), calendars (iCalendar) or JSON.",
    discussion: """
      hr-csv writes the roster in the HR format (README, "Formats") to --out and the weekly hours per \
      employee (contract hours, overtime) beside it as NAME.hours.csv; cells a spreadsheet \
      would run as formulas are neutralised; --excel adds the byte-order mark and CRLF line ends \
      Excel on Windows needs to read UTF-8. json gives the time zone and each shift's start and \
      end with their UTC offsets (start_at, end_at), unambiguous on the night clocks change. ics \
      writes one calendar, or with --out naming a \
      folder one calendar per employee, in the scenario's time zone (TZID and VTIMEZONE).

      Example:
        rota export --roster rota-plan-2026-12-07/roster.csv --scenario scenarios/default/scenario.yaml --format ics --out calendars/
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case hrCSV = "hr-csv"
    case ics, json
  }

  @Option(help: "Roster CSV (or give --workspace for the published one).")
  var roster: String?

  @Option(
    help: ArgumentHelp(
      "Workspace: export the week's latest published roster; ics then updates calendars (SEQUENCE, cancelled events).",
      valueName: "folder"))
  var workspace: String?

  @Option(
    help: ArgumentHelp(
      "With --workspace: the week (its first day; default the latest published).", valueName: "date"))
  var week: String?

  @Option(help: "Scenario file (default: scenarios/default/scenario.yaml, found from the current folder up).")
  var scenario: String?

  @Option(help: "hr-csv, ics or json.")
  var format: Format

  @Option(
    help: "File to write; for ics, a path ending in / (or an existing folder) gets one file per employee.")
  var out: String

  @Flag(
    help:
      "hr-csv for Excel on Windows: a UTF-8 byte-order mark and CRLF line ends, so names keep their accents.")
  var excel = false

  func run() throws {
    if excel && format != .hrCSV { throw ValidationError("--excel applies to --format hr-csv") }
    guard (roster == nil) != (workspace == nil) else { throw ValidationError("give --roster or --workspace") }
    if week != nil && workspace == nil { throw ValidationError("--week applies with --workspace") }
    let weekStart = try week.map { text in
      guard let date = LocalDate(iso: text) else { throw ValidationError("--week takes a date, YYYY-MM-DD") }
      return date
    }
    do {
      var loaded: Scenario
      var rostered: Roster
      var versions: CalendarVersions?
      var inputs: [String]
      do { loaded = try Scenario.load(try scenarioPath(scenario)) } catch { throw PlanError.input(error) }
      if let roster {
        do { rostered = try RosterFile.read(CSVTable(contentsOf: roster), scenario: loaded) } catch {
          throw PlanError.input(error)
        }
        warnIfIncomplete(roster)
        inputs = [roster, loaded.file] + loaded.inputFiles
      } else {
        let store = try openWorkspace(workspace!, .read)
        let published = try PublishedRoster.latest(store, week: weekStart, scenario: loaded)
        (rostered, versions) = (published.roster, published.versions)
        loaded.planStart = published.publication.weekStart
        inputs = [store.path, loaded.file] + loaded.inputFiles
        FileHandle.standardError.write(
          Data(
            "Exporting run \(published.publication.runID), version \(published.publication.version) of the week of \(published.publication.weekStart)\n"
              .utf8))
      }
      var files: [(String, String)] = []
      switch format {
      case .hrCSV:
        let base = out.hasSuffix(".csv") ? String(out.dropLast(4)) : out
        files = [
          (out, Formats.rosterCSV(rostered)),
          ("\(base).hours.csv", RosterExport.hoursCSV(rostered, contracts: loaded.contracts)),
        ].map { ($0.0, excel ? RosterExport.forExcel($0.1) : $0.1) }
      case .json:
        files = [(out, RosterExport.json(rostered, grid: loaded.grid).text)]
      case .ics:
        var isFolder: ObjCBool = false
        if out.hasSuffix("/")
          || (FileManager.default.fileExists(atPath: out, isDirectory: &isFolder) && isFolder.boolValue)
        {
          let working = loaded.employees.filter { employee in
            (rostered.assignments + (versions?.cancelled ?? [])).contains { $0.employeeID == employee.id }
          }
          for (employee, name) in zip(working, ICalendar.fileNames(for: working.map(\.id))) {
            let path = URL(fileURLWithPath: out).appendingPathComponent(name).path
            files.append(
              (
                path,
                ICalendar.ics(
                  rostered, grid: loaded.grid, employees: [employee.id], name: "\(employee.name) — rota",
                  versions: versions)
              ))
          }
        } else {
          files = [(out, ICalendar.ics(rostered, grid: loaded.grid, name: loaded.name, versions: versions))]
        }
      }
      try writeOutputs(files, protecting: inputs)
      FileHandle.standardError.write(Data("Wrote \(files.count) file(s)\n".utf8))
    } catch let error as PlanError {
      throw fail(error)
    }
  }
}
