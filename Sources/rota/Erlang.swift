import ArgumentParser
import Foundation
import RotaCore
import RotaKit
import Staffing

struct Erlang: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Erlang C / Erlang A calculator: agents needed for one interval's traffic.",
    discussion: """
      Prints the least agents meeting every target given (or, with --agents, what that number \
      achieves), and the same figures for N−2 … N+2. With --patience the queue is Erlang A \
      (callers abandon after an exponential time with that mean); otherwise Erlang C. Under \
      Erlang A the service level counts calls answered within the target time over all calls \
      offered, unless --basis answered.

      Example:
        rota erlang --arrivals 120 --interval 30m --aht 240 --target 80/20
        rota erlang --arrivals 120 --interval 30m --aht 240 --target 80/20 --patience 90 --format json
      """)

  @Option(parsing: .unconditional, help: "Contacts arriving in the interval.")
  var arrivals: Double

  @Option(help: "Interval length: 15m, 30m, 1h, 900s or plain minutes.")
  var interval: String = "30m"

  @Option(parsing: .unconditional, help: "Average handling time in seconds.")
  var aht: Double

  @Option(help: "Service level target: percent/seconds, e.g. 80/20.")
  var target: String?

  @Option(parsing: .unconditional, help: "Mean patience in seconds (Erlang A).")
  var patience: Double?

  @Option(parsing: .unconditional, help: "Highest average speed of answer, in seconds.")
  var asa: Double?

  @Option(parsing: .unconditional, help: "Highest occupancy, a fraction such as 0.85.")
  var maxOccupancy: Double = 1

  @Option(
    parsing: .unconditional, help: "Highest abandonment rate, a fraction such as 0.05 (needs --patience).")
  var maxAbandon: Double?

  @Option(
    parsing: .unconditional,
    help: "Shrinkage, a fraction such as 0.3: gross agents = agents / (1 − shrinkage).")
  var shrinkage: Double = 0

  @Option(help: "Service level over offered (default) or answered contacts, under Erlang A.")
  var basis: String = "offered"

  @Option(parsing: .unconditional, help: "Evaluate this number of agents instead of finding the least.")
  var agents: Int?

  @Option(help: "Output format: table or json.")
  var format: OutputFormat = .table

  func run() throws {
    do {
      guard let intervalSeconds = ErlangOptions.seconds(interval) else {
        throw StaffingError.invalidParameter(
          channel: "", parameter: "--interval", reason: "'\(interval)' is not a length like 30m, 1h or 900s")
      }
      var level: ServiceLevelTarget?
      if let target {
        guard let parsed = ErlangOptions.target(target) else {
          throw StaffingError.invalidParameter(
            channel: "", parameter: "--target", reason: "'\(target)' is not percent/seconds like 80/20")
        }
        level = parsed
      }
      guard let basis = ServiceLevelBasis(rawValue: basis) else {
        throw StaffingError.invalidParameter(
          channel: "", parameter: "--basis", reason: "must be offered or answered")
      }
      let calculator = ErlangCalculator(
        arrivals: arrivals, intervalSeconds: intervalSeconds, handlingSeconds: aht, patienceSeconds: patience,
        targets: StaffingTargets(
          serviceLevel: level, maxASASeconds: asa, maxOccupancy: maxOccupancy, maxAbandonRate: maxAbandon,
          serviceLevelBasis: basis),
        shrinkage: shrinkage)
      let answer = try calculator.answer(agents: agents)
      switch format {
      case .json: write(ErlangReport.json(answer, basis: basis).text, terminator: "")
      case .table, .csv: write(ErlangReport.table(answer, basis: basis, csv: format == .csv), terminator: "")
      }
    } catch let error as StaffingError {
      var targets: [String] = []
      if target != nil { targets.append("--target") }
      if maxOccupancy < 1 { targets.append("--max-occupancy") }
      if asa != nil { targets.append("--asa") }
      if maxAbandon != nil { targets.append("--max-abandon") }
      FileHandle.standardError.write(Data("error: \(Self.flagged(error, targets: targets))\n".utf8))
      throw ExitCode(1)
    }
  }

  /// The calculator's error, naming the flag that set the value at fault, or `targets` (the
  /// target flags given) when together they ask for more agents than any queue has.
  static func flagged(_ error: StaffingError, targets: [String] = []) -> String {
    let flags = [
      "arrivals": "--arrivals", "interval": "--interval", "patience": "--patience", "ASA target": "--asa",
      "max occupancy": "--max-occupancy", "abandonment target": "--max-abandon", "shrinkage": "--shrinkage",
      "agents": "--agents", "service level target": "--target", "answer time": "--target",
      "offered load": "--arrivals × --aht / --interval",
    ]
    switch error {
    case .invalidParameter(_, let parameter, let reason):
      guard let flag = flags[parameter] else { return "\(error)" }
      return "\(flag): \(parameter) \(reason)"
    case .unreachableTarget(let what) where what.contains("average speed of answer"):
      return "--asa: \(error)"
    case .unreachableTarget(let what) where what.contains("abandonment"):
      return "--max-abandon: \(error)"
    case .unreachableTarget where !targets.isEmpty: return "\(targets.joined(separator: ", ")): \(error)"
    default: return "\(error)"
    }
  }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, csv, json
}

/// For commands whose output is a summary with no CSV form: `--format csv` is refused.
enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json
}
