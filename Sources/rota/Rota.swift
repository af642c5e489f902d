import ArgumentParser
import Foundation
import RotaCore
import RotaKit
import Scheduling

@main
struct Rota: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Workforce optimizer for customer-service teams.",
    discussion: """
      Forecasts contact volume, turns it into agents per interval, builds the week's roster \
      with an integer program (GLPK) and scores it.

      Exit status: 0 on success, 1 for bad input (the message names the file, line and \
      field), 2 when no feasible roster was found.
      """,
    subcommands: [
      Plan.self, Forecast.self, Staff.self, Schedule.self, Score.self, Erlang.self, WhatIfCommand.self,
      Report.self,
      Export.self,
      GenerateHistory.self,
    ])

  /// Usage errors exit with 1 like every other kind of bad input; help and version exit 0.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .success || error is ExitCode { exit(withError: error) }
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      Foundation.exit(code == .validationFailure ? 1 : code.rawValue)
    }
  }
}

/// Prints a failure on standard error and turns it into the documented exit status.
func fail(_ error: PlanError) -> ExitCode {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  return ExitCode(error.exitCode)
}

/// Writes a command's outputs atomically, refusing any that would replace an input.
func writeOutputs(_ files: [(path: String, text: String)], protecting inputs: [String]) throws(PlanError) {
  do { try AtomicFile.write(files, protecting: inputs) } catch { throw .output(error) }
}

func progress(_ line: String) {
  // Starts by clearing a solver progress line, if one is showing.
  let clear = isatty(STDERR_FILENO) != 0 ? "\r\u{1B}[K" : ""
  FileHandle.standardError.write(Data("\(clear)… \(line)\n".utf8))
}

/// Removes the solver progress line, if one is showing.
func clearProgressLine() {
  if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}

/// A one-line display of the branch-and-cut search, rewritten in place; nil when standard
/// error is not a terminal (logs get the stage lines only).
func solverProgressLine() -> (@Sendable (SolverProgress) -> Void)? {
  guard isatty(STDERR_FILENO) != 0 else { return nil }
  return { state in
    var line = "  solving: \(state.nodes) nodes"
    if let incumbent = state.incumbent { line += ", best \(incumbent.formatted(maxDecimals: 2))" }
    if let bound = state.bound { line += ", bound \(bound.formatted(maxDecimals: 2))" }
    if let incumbent = state.incumbent, let bound = state.bound, incumbent != 0 {
      line += ", gap \((abs(incumbent - bound) / abs(incumbent) * 100).formatted(maxDecimals: 2))%"
    }
    line += ", \(Int(state.seconds)) s"
    FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
  }
}
