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
      field, or the flag), 2 when no feasible roster was found, 3 from score \
      --fail-on-target when a target is missed.
      """,
    version: "0.1.0",
    subcommands: [
      Plan.self, Forecast.self, Staff.self, Schedule.self, Score.self, Erlang.self, WhatIfCommand.self,
      Report.self,
      Export.self,
      GenerateHistory.self, Runs.self, Publish.self, Actuals.self, Accuracy.self, Replan.self,
      WorkspaceCommand.self,
    ])

  /// Usage errors exit with 1 like every other kind of bad input, with the usage of the
  /// subcommand that failed; help and version exit 0.
  static func main() {
    var command: any ParsableCommand
    do { command = try parseAsRoot() } catch { fail(error, in: Self.self) }
    do { try command.run() } catch { fail(error, in: type(of: command)) }
  }

  static func fail(_ error: any Error, in command: any ParsableCommand.Type) -> Never {
    let code = exitCode(for: error)
    if code == .success || error is ExitCode {
      exit(withError: error)
    }
    var text = command.fullMessage(for: error)
    // A check in `run()` fails with the subcommand's usage, not the top level's.
    if error is ValidationError, command != Rota.self {
      text =
        "Error: \(Rota.message(for: error))\nUsage: \(Rota.usageString(for: command))\n"
        + "  See 'rota \(command._commandName) --help' for more information."
    }
    FileHandle.standardError.write(Data((text + "\n").utf8))
    Foundation.exit(code == .validationFailure ? 1 : code.rawValue)
  }
}

/// The scenario given, or the default one found from the current folder up (and from the
/// executable's folder up), as every command looks for it.
func scenarioPath(_ given: String?) throws(InputError) -> String {
  if let given, given.trimmingCharacters(in: .whitespaces).isEmpty {
    throw .invalid(SourceLocation(file: "--scenario"), "'\(given)' is a blank path: give the scenario file")
  }
  guard let path = given ?? DefaultScenario.locate() else {
    throw .fileNotFound(DefaultScenario.relativePath)
  }
  return path
}

/// Warns when `path` lies in a folder a run did not finish writing.
func warnIfIncomplete(_ path: String) {
  guard AtomicFile.isIncomplete(path) else { return }
  FileHandle.standardError.write(
    Data(
      "warning: \(path): its folder was left by a run that did not finish: its files may mix two runs\n".utf8)
  )
}

/// Writes to standard output, every byte checked: a full disk or a closed pipe ends the run
/// with exit status 1 rather than a success that wrote nothing.
func write(_ text: String, terminator: String = "\n") {
  let bytes = Array((text + terminator).utf8)
  var written = 0
  while written < bytes.count {
    let count = bytes[written...].withUnsafeBytes {
      Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count)
    }
    if count < 0 && errno == EINTR { continue }
    guard count > 0 else {
      FileHandle.standardError.write(
        Data("error: cannot write standard output: \(String(cString: strerror(errno)))\n".utf8))
      Foundation.exit(1)
    }
    written += count
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
