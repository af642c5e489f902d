import Foundation
import RotaCore
import Scheduling
import Scoring

/// One change to a scenario, as `--vary KEY=VALUE` or a variants file gives it.
public struct Override: Sendable, CustomStringConvertible {
  public enum Change: Sendable {
    /// Forecast volume times this factor.
    case volume(Double)
    case handlingTime(channel: String?, Value)
    case serviceLevel(channel: String, Double)
    case shrinkage(channel: String?, Double)
    case patience(channel: String?, Double)
    /// Employees added (cloned round-robin) or removed (from the end of the list).
    case headcount(Int)
  }

  /// A number or a relative change (`+15%`).
  public enum Value: Sendable {
    case absolute(Double)
    case relative(Double)

    func applied(to base: Double) -> Double {
      switch self {
      case .absolute(let value): value
      case .relative(let factor): base * factor
      }
    }
  }

  public var key: String
  public var text: String
  public var change: Change

  public var description: String { "\(key)=\(text)" }

  /// The keys `--vary` understands.
  public static let keys =
    "volume, aht[.CHANNEL], target.CHANNEL.service_level, shrinkage[.CHANNEL], patience[.CHANNEL], headcount"

  /// Parses `key` and one value, checking both against the scenario.
  public static func parse(key: String, value: String, scenario: Scenario) throws(WhatIfError) -> Override {
    let parts = key.split(separator: ".").map(String.init)
    let channels = Set(scenario.channels.map(\.name))
    func channel(_ index: Int) throws(WhatIfError) -> String? {
      guard parts.count > index else { return nil }
      guard channels.contains(parts[index]) else { throw .unknownChannel(key: key, channel: parts[index]) }
      return parts[index]
    }
    func number(_ range: ClosedRange<Double>) throws(WhatIfError) -> Double {
      guard let number = Double(value), range.contains(number) else {
        throw .badValue(key: key, value: value)
      }
      return number
    }
    func changeValue() throws(WhatIfError) -> Value {
      if value.hasSuffix("%"), let percent = Double(value.dropLast()), percent > -100 {
        return .relative(1 + percent / 100)
      }
      return .absolute(try number(0.000_001...1e9))
    }
    let change: Change
    switch parts.first {
    case "volume" where parts.count == 1:
      guard value.hasSuffix("%"), let percent = Double(value.dropLast()), percent > -100 else {
        throw .badValue(key: key, value: value)
      }
      change = .volume(1 + percent / 100)
    case "aht" where parts.count <= 2: change = .handlingTime(channel: try channel(1), try changeValue())
    case "target" where parts.count == 3 && parts[2] == "service_level":
      let target = try number(0.000_001...0.999_999)
      change = .serviceLevel(channel: try channel(1)!, target)
    case "shrinkage" where parts.count <= 2:
      change = .shrinkage(channel: try channel(1), try number(0...0.95))
    case "patience" where parts.count <= 2:
      change = .patience(channel: try channel(1), try number(1...86_400))
    case "headcount" where parts.count == 1:
      guard let count = Int(value.replacingOccurrences(of: "+", with: "")),
        scenario.employees.count + count >= 1
      else {
        throw .badValue(key: key, value: value)
      }
      change = .headcount(count)
    default: throw .unknownKey(key)
    }
    return Override(key: key, text: value, change: change)
  }

  /// The scenario with this change made.
  func apply(to scenario: inout Scenario) {
    func channels(_ name: String?, _ body: (inout Channel) -> Void) {
      for index in scenario.channels.indices where name == nil || scenario.channels[index].name == name {
        body(&scenario.channels[index])
      }
    }
    switch change {
    case .volume: break
    case .handlingTime(let name, let value):
      channels(name) { $0.handlingSeconds = value.applied(to: $0.handlingSeconds) }
    case .serviceLevel(let name, let target):
      channels(name) { channel in
        if channel.kind == .email {
          channel.deadlineShare = target
        } else {
          channel.serviceLevel?.fraction = target
        }
      }
    case .shrinkage(let name, let value): channels(name) { $0.shrinkage = value }
    case .patience(let name, let value): channels(name) { $0.patienceSeconds = value }
    case .headcount(let count):
      if count < 0 {
        scenario.employees.removeLast(min(-count, scenario.employees.count - 1))
      } else {
        let base = scenario.employees
        for index in 0..<count {
          var clone = base[index % base.count]
          clone.id = "NEW\(index + 1)"
          clone.name = "New hire \(index + 1) (as \(base[index % base.count].id))"
          scenario.employees.append(clone)
        }
      }
    }
  }
}

/// A what-if request that cannot run.
public enum WhatIfError: Error, CustomStringConvertible, Equatable {
  case unknownKey(String)
  case unknownChannel(key: String, channel: String)
  case badValue(key: String, value: String)
  case badSpec(String)

  public var description: String {
    switch self {
    case .unknownKey(let key): "unknown what-if key '\(key)' (known: \(Override.keys))"
    case .unknownChannel(let key, let channel): "\(key): no channel named '\(channel)' in the scenario"
    case .badValue(let key, let value): "\(key): '\(value)' is not a valid value"
    case .badSpec(let text): text
    }
  }
}

/// A named set of overrides.
public struct Variant: Sendable {
  public var name: String
  public var overrides: [Override]

  public init(name: String, overrides: [Override]) {
    self.name = name
    self.overrides = overrides
  }
}

/// Variants run through the whole pipeline, side by side with the base.
public enum WhatIf {
  /// Variants from `--vary KEY=V1,V2,…` (one variant per value) and `--frontier
  /// KEY=FROM:TO:STEP` (one per step), all checked before anything is solved.
  public static func variants(vary: [String], frontier: [String], scenario: Scenario) throws(WhatIfError)
    -> [Variant]
  {
    var result: [Variant] = []
    for spec in vary {
      let (key, values) = try split(spec)
      for value in values.split(separator: ",").map(String.init) {
        result.append(
          Variant(
            name: "\(key)=\(value)",
            overrides: [try Override.parse(key: key, value: value, scenario: scenario)]))
      }
    }
    for spec in frontier {
      var (key, range) = try split(spec)
      if !key.hasPrefix("target."), key.hasSuffix(".service_level") { key = "target.\(key)" }
      let numbers = range.split(separator: ":").compactMap { Double($0) }
      guard numbers.count == 3, numbers[2] > 0, numbers[0] <= numbers[1] else {
        throw .badSpec("\(spec): expected KEY=FROM:TO:STEP, e.g. phone.service_level=0.6:0.95:0.05")
      }
      var value = numbers[0]
      while value <= numbers[1] + 1e-9 {
        let text = value.formatted(maxDecimals: 4)
        result.append(
          Variant(
            name: "\(key)=\(text)", overrides: [try Override.parse(key: key, value: text, scenario: scenario)]
          ))
        value += numbers[2]
      }
    }
    return result
  }

  static func split(_ spec: String) throws(WhatIfError) -> (String, String) {
    guard let equals = spec.firstIndex(of: "="), !spec[spec.index(after: equals)...].isEmpty else {
      throw .badSpec("'\(spec)': expected KEY=VALUE[,VALUE…]")
    }
    return (String(spec[..<equals]), String(spec[spec.index(after: equals)...]))
  }

  /// Runs the base and every variant, in parallel across cores. The forecast is computed
  /// once and scaled for volume variants, since no other change alters it.
  /// The base and every variant through the whole pipeline, in parallel. A variant that
  /// fails keeps its place with its error, so the others still compare; the base failing
  /// throws, since there is then nothing to compare with. `progress` hears of each run as it
  /// ends.
  public static func run(
    _ scenario: Scenario, variants: [Variant], progress: @Sendable (String) -> Void = { _ in }
  ) throws(PlanError) -> [Outcome] {
    let forecast = try PlanPipeline.forecast(scenario)
    let jobs = [Variant(name: "base", overrides: [])] + variants
    let results = ResultStore(count: jobs.count)
    DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
      var variant = scenario
      var factor = 1.0
      for override in jobs[index].overrides {
        override.apply(to: &variant)
        if case .volume(let scale) = override.change { factor *= scale }
      }
      let scaled = forecast.map { point -> ForecastPoint in
        var copy = point
        (copy.mean, copy.lo80, copy.hi80, copy.lo95, copy.hi95) = (
          point.mean * factor, point.lo80 * factor, point.hi80 * factor, point.lo95 * factor,
          point.hi95 * factor
        )
        return Formats.asWritten(copy)
      }
      let result = Result { () throws(PlanError) in try PlanPipeline.run(variant, forecast: scaled) }
      results.store(index, result)
      progress("\(jobs[index].name): " + ((try? result.get()).map { _ in "done" } ?? "no roster"))
    }
    let outcomes = zip(jobs, results.results).map { Outcome(name: $0.name, result: $1!) }
    if case .failure(let error) = outcomes[0].result { throw error }
    return outcomes
  }

  /// One column of a what-if: the variant's name and its plan, or why it has none.
  public struct Outcome: Sendable {
    public var name: String
    public var result: Result<PlanResult, PlanError>

    /// The plan; nil when the variant failed.
    public var plan: PlanResult? { try? result.get() }
    /// What made the variant fail, in one line.
    public var failure: String? {
      guard case .failure(let error) = result else { return nil }
      return error.description.split(separator: "\n").joined(separator: "; ")
    }
  }

  /// A cell of a what-if table: the metric, or for a failed variant "failed" on the first
  /// row and "–" below it.
  static func cell(_ outcome: Outcome, row: Int) -> String {
    guard let plan = outcome.plan else { return row == 0 ? "failed" : "–" }
    let metric = rows[row]
    guard let value = metric.value(plan) else { return "–" }
    return metric.percent ? percent(value) : value.formatted(maxDecimals: metric.decimals)
  }

  /// A CSV cell: the number itself (a fraction for shares), empty when it has none.
  static func csvCell(_ outcome: Outcome, row: Int) -> String {
    guard let plan = outcome.plan, let value = rows[row].value(plan) else { return "" }
    return value.formatted(maxDecimals: rows[row].percent ? 6 : max(rows[row].decimals, 2))
  }

  struct Metric: Sendable {
    var name: String
    /// A share, shown as a percentage in the table.
    var percent = false
    var decimals = 0
    var value: @Sendable (PlanResult) -> Double?
  }

  static let rows: [Metric] = [
    Metric(name: "paid hours", decimals: 1) { $0.score.paidHours },
    Metric(name: "labour cost") { $0.score.laborCost },
    Metric(name: "cost per contact", decimals: 2) { $0.score.costPerContact ?? 0 },
    Metric(name: "employees rostered") { Double(Set($0.roster.assignments.map(\.employeeID)).count) },
    Metric(name: "open shifts") { Double($0.roster.openShifts.count) },
    Metric(name: "service level", percent: true) { $0.score.overall.serviceLevel },
    Metric(name: "ASA seconds", decimals: 1) { $0.score.overall.asaSeconds ?? 0 },
    Metric(name: "abandonment", percent: true) { $0.score.overall.abandonRate },
    Metric(name: "occupancy", percent: true) { $0.score.overall.occupancy },
    Metric(name: "email within deadline", percent: true) { $0.score.overall.emailWithinDeadline },
    Metric(name: "MIP gap", percent: true) { $0.shiftPlan.solution.gap },
  ]

  static func percent(_ value: Double?) -> String {
    value.map { ($0 * 100).formatted(maxDecimals: 1) + "%" } ?? "–"
  }

  /// Metrics down, variants across, as aligned text.
  public static func table(_ results: [Outcome]) -> String {
    let header = ["metric"] + results.map(\.name)
    let body = rows.indices.map { row in [rows[row].name] + results.map { cell($0, row: row) } }
    let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
    return ([header] + body).map { cells in
      cells.enumerated().map { index, cell in
        index == 0
          ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[index] - cell.count) + cell
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
      + results.compactMap { outcome in outcome.failure.map { "\(outcome.name) failed: \($0)\n" } }.joined()
  }

  public static func csv(_ results: [Outcome]) -> String {
    var writer = CSVWriter(header: ["metric"] + results.map(\.name))
    for row in rows.indices { writer.append([rows[row].name] + results.map { csvCell($0, row: row) }) }
    writer.append(["failure"] + results.map { $0.failure ?? "" })
    return writer.text
  }

  public static func json(_ results: [Outcome]) -> JSONValue {
    .array(
      results.map { outcome in
        guard let result = outcome.plan else {
          return .object(["variant": .string(outcome.name), "error": .string(outcome.failure ?? "")])
        }
        let name = outcome.name
        return .object([
          "variant": .string(name),
          "kpis": Formats.kpisJSON(
            result.score, solver: result.shiftPlan.solution, channels: result.scenario.channels
          )
          .dropping("intervals"),
          "open_shifts": .number(Double(result.roster.openShifts.count)),
          "employees_rostered": .number(Double(Set(result.roster.assignments.map(\.employeeID)).count)),
        ])
      })
  }
}

extension JSONValue {
  func dropping(_ key: String) -> JSONValue {
    guard case .object(var members) = self else { return self }
    members[key] = nil
    return .object(members)
  }
}

/// Results written from parallel workers, each to its own slot.
final class ResultStore: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Result<PlanResult, PlanError>?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func store(_ index: Int, _ result: Result<PlanResult, PlanError>) {
    lock.lock()
    slots[index] = result
    lock.unlock()
  }

  var results: [Result<PlanResult, PlanError>?] {
    lock.lock()
    defer { lock.unlock() }
    return slots
  }
}

extension WhatIf {
  /// A variants file: a YAML list of `{name: …, set: {KEY: VALUE, …}}`.
  public static func variants(file path: String, scenario: Scenario) throws(InputError) -> [Variant] {
    let root = try YAMLValue.parse(try TextFile.read(path), file: path)
    var result: [Variant] = []
    for item in try root.sequence() {
      let fields = try item.fields(allowed: [], required: ["name", "set"])
      var overrides: [Override] = []
      for (key, value) in try fields["set"]!.mapping() {
        do {
          overrides.append(try Override.parse(key: key, value: try value.string(), scenario: scenario))
        } catch let error as WhatIfError {
          throw value.fail(error.description)
        } catch {
          throw value.fail("\(error)")
        }
      }
      result.append(Variant(name: try fields["name"]!.string(), overrides: overrides))
    }
    return result
  }
}
