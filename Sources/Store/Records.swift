import Foundation
import RotaCore

/// One interval of a run's snapshot: what was forecast, required and planned.
public struct IntervalRecord: Sendable, Equatable {
  public var channel: String
  /// Wall-clock start, as Rota's CSV files write it.
  public var start: LocalDateTime
  /// 0, or 1 for the second pass through an hour repeated when clocks go back.
  public var repeatedHour: Int
  /// Expected contacts, with the forecast's 80% and 95% intervals.
  public var forecast: Double
  public var lo80: Double
  public var hi80: Double
  public var lo95: Double
  public var hi95: Double
  public var ahtSeconds: Double?
  /// Agents the requirement asked for (gross, before rounding) and the roster put on task.
  public var requiredAgents: Double?
  public var scheduledAgents: Double?
  /// The service level the roster was scored at for the forecast volume (0–1).
  public var plannedServiceLevel: Double?

  public init(
    channel: String, start: LocalDateTime, repeatedHour: Int = 0, forecast: Double, lo80: Double,
    hi80: Double,
    lo95: Double, hi95: Double, ahtSeconds: Double? = nil, requiredAgents: Double? = nil,
    scheduledAgents: Double? = nil, plannedServiceLevel: Double? = nil
  ) {
    self.channel = channel
    self.start = start
    self.repeatedHour = repeatedHour
    self.forecast = forecast
    self.lo80 = lo80
    self.hi80 = hi80
    self.lo95 = lo95
    self.hi95 = hi95
    self.ahtSeconds = ahtSeconds
    self.requiredAgents = requiredAgents
    self.scheduledAgents = scheduledAgents
    self.plannedServiceLevel = plannedServiceLevel
  }
}

/// What a run was run on and what it certified: the fields a recorded run and a listed one
/// share.
public struct RunSummary: Sendable, Equatable {
  /// `plan`, or the command that made the run.
  public var command: String
  public var scenarioName: String
  /// SHA-256 of the scenario's input files, in the order the scenario names them.
  public var scenarioDigest: String
  public var weekStart: LocalDate
  public var days: Int
  public var timeZone: String
  public var intervalMinutes: Int
  /// The roster's cost and the bound on every roster's, when a roster was made.
  public var cost: Double?
  public var bound: Double?
  public var solverStatus: String
  public var openShifts: Int
}

/// Everything a run leaves in the store: what it was run on, its certificate, its output
/// files as written, and its per-interval snapshot.
@dynamicMemberLookup
public struct RunRecord: Sendable {
  public var createdAt: Date
  public var summary: RunSummary
  /// The run's output files by name (roster.csv, kpis.json…), exactly as written.
  public var files: [String: String]
  public var intervals: [IntervalRecord]

  public subscript<Value>(dynamicMember path: WritableKeyPath<RunSummary, Value>) -> Value {
    get { summary[keyPath: path] }
    set { summary[keyPath: path] = newValue }
  }

  public init(
    createdAt: Date, command: String, scenarioName: String, scenarioDigest: String, weekStart: LocalDate,
    days: Int, timeZone: String, intervalMinutes: Int, cost: Double?, bound: Double?, solverStatus: String,
    openShifts: Int, files: [String: String], intervals: [IntervalRecord]
  ) {
    self.createdAt = createdAt
    summary = RunSummary(
      command: command, scenarioName: scenarioName, scenarioDigest: scenarioDigest, weekStart: weekStart,
      days: days, timeZone: timeZone, intervalMinutes: intervalMinutes, cost: cost, bound: bound,
      solverStatus: solverStatus, openShifts: openShifts)
    self.files = files
    self.intervals = intervals
  }
}

/// A run as the store lists it.
@dynamicMemberLookup
public struct StoredRun: Sendable, Equatable {
  public var id: Int64
  /// UTC, ISO 8601.
  public var createdAt: String
  public var summary: RunSummary
  /// The version it was published as for its week, if it was.
  public var publishedVersion: Int?

  public subscript<Value>(dynamicMember path: WritableKeyPath<RunSummary, Value>) -> Value {
    get { summary[keyPath: path] }
    set { summary[keyPath: path] = newValue }
  }
}

/// A roster published for its week: version 1, 2… as re-plans are published.
public struct Publication: Sendable, Equatable {
  public var runID: Int64
  public var weekStart: LocalDate
  public var version: Int
  public var publishedAt: String
}

/// What actually happened in one interval of one channel.
public struct ActualRecord: Sendable, Equatable {
  public var channel: String
  public var start: LocalDateTime
  /// Contacts offered (arrived).
  public var offered: Double
  public var handled: Double?
  public var abandoned: Double?
  public var ahtSeconds: Double?
  /// Share answered within the channel's target time (0–1), where the export says.
  public var serviceLevel: Double?

  public init(
    channel: String, start: LocalDateTime, offered: Double, handled: Double? = nil, abandoned: Double? = nil,
    ahtSeconds: Double? = nil, serviceLevel: Double? = nil
  ) {
    self.channel = channel
    self.start = start
    self.offered = offered
    self.handled = handled
    self.abandoned = abandoned
    self.ahtSeconds = ahtSeconds
    self.serviceLevel = serviceLevel
  }
}
