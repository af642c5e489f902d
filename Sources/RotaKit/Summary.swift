import Foundation
import RotaCore
import Scheduling

/// Where the default scenario lives, and how to find it.
public enum DefaultScenario {
  public static let relativePath = "scenarios/default/scenario.yaml"

  /// Looks in the current folder and each folder above it, then beside the executable and
  /// above it (so an installed build finds its repository's scenarios).
  public static func locate() -> String? {
    let manager = FileManager.default
    var starts = [URL(fileURLWithPath: manager.currentDirectoryPath)]
    starts.append(
      URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
    for start in starts {
      var folder = start.standardizedFileURL
      while true {
        let candidate = folder.appendingPathComponent(relativePath).path
        if manager.fileExists(atPath: candidate) {
          return candidate
        }
        let parent = folder.deletingLastPathComponent()
        if parent.path == folder.path { break }
        folder = parent
      }
    }
    return nil
  }
}

/// The few lines `rota plan` prints when it is done.
public enum PlanSummary {
  public static func text(_ result: PlanResult) -> String {
    let score = result.score
    let solution = result.shiftPlan.solution
    var lines: [String] = []
    let contacts = score.overall.contacts
    lines.append("\(result.scenario.name): \(result.scenario.planStart) + \(result.scenario.planDays) days")
    lines.append(
      "  roster       \(result.roster.assignments.count) shifts for \(Set(result.roster.assignments.map(\.employeeID)).count)"
        + " of \(result.roster.employees.count) employees, \(score.paidHours.formatted(maxDecimals: 1)) paid hours"
        + (result.roster.openShifts.isEmpty
          ? "" : ", \(result.roster.openShifts.count) OPEN SHIFTS (see open-shifts.csv)")
        + (result.pinned.isEmpty
          ? ""
          : ", \(result.pinned.count) pinned kept (\(URL(fileURLWithPath: result.scenario.pinnedFile ?? "").lastPathComponent))")
    )
    let optional = result.roster.optionalUse(result.scenario.contracts)
    if !optional.isEmpty {
      lines.append(
        "  optional     "
          + optional.map { "\($0.contract) \($0.used) of \($0.of) used" }.joined(separator: ", "))
    }
    if result.roster.assignments.isEmpty, result.requirements.contains(where: { $0.grossAgents > 0 }) {
      lines.append(
        "  WARNING      nobody is rostered although the requirements need agents: the rules, contracts or "
          + "availability leave no shift anyone may work (see the shortfall below)")
    }
    let spread = FairnessSpread(result.roster, rules: result.scenario.rules)
    lines.append(
      "  fairness     evenings \(spread.evenings.lowerBound)–\(spread.evenings.upperBound) per person,"
        + " weekend days \(spread.weekendDays.lowerBound)–\(spread.weekendDays.upperBound)")
    lines.append(
      "  labour cost  \(score.laborCost.formatted(maxDecimals: 2)) for \(contacts.formatted(maxDecimals: 0)) contacts"
        + (score.costPerContact.map { " (\($0.formatted(maxDecimals: 2)) per contact)" } ?? ""))
    let verdicts = TargetVerdict.all(score, channels: result.scenario.channels)
    for channel in result.scenario.channels {
      guard let kpis = score.channels[channel.name] else { continue }
      func misses(_ target: TargetVerdict.Target) -> Bool {
        TargetVerdict.of(target, channel: channel.name, in: verdicts) == false
      }
      var text =
        "  " + channel.name.padding(toLength: max(12, channel.name.count), withPad: " ", startingAt: 0) + " "
      if let target = channel.serviceLevel {
        let level = kpis.serviceLevel ?? 0
        text +=
          "service level \(percent(level)) \(misses(.serviceLevel) ? "MISSES" : "meets") target \(target)"
        if let abandon = kpis.abandonRate {
          text += ", \(percent(abandon)) abandon"
          if misses(.abandonment), let limit = channel.maxAbandonRate {
            text += " MISSES ≤ \(percent(limit))"
          }
        }
        if let asa = kpis.asaSeconds {
          text += ", ASA \(asa.isFinite ? asa.formatted(maxDecimals: 1) + " s" : "unbounded")"
          if misses(.asa), let limit = channel.maxASASeconds {
            text += " MISSES ≤ \(limit.formatted(maxDecimals: 1)) s"
          }
        }
        if misses(.occupancy) {
          text += ", occupancy \(percent(kpis.occupancy ?? 0)) MISSES cap \(percent(channel.maxOccupancy))"
        }
      } else {
        let share = kpis.emailWithinDeadline ?? 1
        let hours = (channel.deadlineSeconds ?? 0) / 3600
        text +=
          "\(percent(share)) answered within \(hours.formatted(maxDecimals: 1)) h "
          + (misses(.emailDeadline) ? "MISSES" : "meets")
          + " target (\(channel.deadlineShare >= 1 ? "all" : percent(channel.deadlineShare)))"
      }
      text += ", \(kpis.understaffedIntervals) intervals below target"
      lines.append(text)
    }
    var solver = "  solver       \(solution.status.rawValue)"
    if let objective = solution.objective { solver += ", cost \(objective.formatted(maxDecimals: 2))" }
    if let bound = solution.bound { solver += ", bound \(bound.formatted(maxDecimals: 2))" }
    if let gap = solution.gap { solver += ", gap \(percent(gap, decimals: 2))" }
    solver += " in \(solution.seconds.formatted(maxDecimals: 1)) s"
    lines.append(solver)
    return lines.joined(separator: "\n") + "\n"
  }

  static func percent(_ value: Double, decimals: Int = 1) -> String {
    (value * 100).formatted(maxDecimals: decimals) + "%"
  }
}
