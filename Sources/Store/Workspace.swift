import Foundation
import RotaCore

/// A planning workspace: a folder holding `rota.sqlite`, the record of every run (scenario
/// digest, forecast snapshot, requirements, roster, KPIs, certificate), the rosters published
/// for each week and the actual volumes imported since.
///
/// The file is in write-ahead-log mode with full syncs; every change is one `BEGIN IMMEDIATE`
/// transaction, so a run killed at any moment leaves the store as it was before that run or
/// with the whole run in it, and a second run on the same workspace waits for the first.
/// Runs are never changed or removed once stored: a re-plan is a new run.
public final class Workspace {
  public static let fileName = "rota.sqlite"
  public let folder: String
  public let path: String
  let connection: SQLiteConnection

  /// Opens the workspace in `folder`, creating the folder and store when `create` is true.
  public init(folder: String, create: Bool) throws(StoreError) {
    self.folder = folder
    path = URL(fileURLWithPath: folder).appendingPathComponent(Self.fileName).path
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder)
    if exists && !isFolder.boolValue {
      throw .refused(folder, "not a folder: a workspace is a folder holding \(Self.fileName)")
    }
    if !exists || !FileManager.default.fileExists(atPath: path) {
      guard create else {
        throw .refused(folder, "no workspace here (no \(Self.fileName)); `rota plan --workspace` makes one")
      }
      do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch
      {
        throw .database(folder, message: "cannot create the folder: \(error.localizedDescription)")
      }
    }
    connection = try SQLiteConnection(path: path)
    let mode = try connection.rows("PRAGMA journal_mode = WAL").first?.first?.text
    guard mode?.lowercased() == "wal" else {
      throw .database(
        path, message: "cannot switch to write-ahead logging (journal mode \(mode ?? "unknown"))")
    }
    try connection.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
    try Schema.migrate(connection)
  }

  /// The schema version this build writes.
  public static var schemaVersion: Int { Schema.version }

  /// Stores a run and returns its id.
  public func record(_ run: RunRecord) throws(StoreError) -> Int64 {
    try connection.transaction { () throws(StoreError) -> Int64 in
      try connection.prepare(
        """
        INSERT INTO runs (created_at, command, scenario_name, scenario_digest, week_start, days, time_zone,
          interval_minutes, cost, bound, solver_status, open_shifts)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
      ).run([
        .text(Self.timestamp(run.createdAt)), .text(run.command), .text(run.scenarioName),
        .text(run.scenarioDigest), .text(run.weekStart.description), .integer(Int64(run.days)),
        .text(run.timeZone), .integer(Int64(run.intervalMinutes)), SQLValue(run.cost), SQLValue(run.bound),
        .text(run.solverStatus), .integer(Int64(run.openShifts)),
      ])
      let id = connection.lastInsertedRow
      let file = try connection.prepare("INSERT INTO run_files (run_id, name, content) VALUES (?, ?, ?)")
      for name in run.files.keys.sorted() {
        try file.run([.integer(id), .text(name), .text(run.files[name]!)])
      }
      let interval = try connection.prepare(
        """
        INSERT INTO run_intervals (run_id, channel, start, repeated_hour, forecast, lo80, hi80, lo95, hi95,
          aht_seconds, required_agents, scheduled_agents, planned_service_level)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
      for (index, row) in run.intervals.enumerated() {
        if index == run.intervals.count / 2 { Self.pauseForKillTest() }
        try interval.run([
          .integer(id), .text(row.channel), .text(row.start.description), .integer(Int64(row.repeatedHour)),
          .real(row.forecast), .real(row.lo80), .real(row.hi80), .real(row.lo95), .real(row.hi95),
          SQLValue(row.ahtSeconds), SQLValue(row.requiredAgents), SQLValue(row.scheduledAgents),
          SQLValue(row.plannedServiceLevel),
        ])
      }
      return id
    }
  }

  /// Every run, oldest first.
  public func runs() throws(StoreError) -> [StoredRun] {
    try connection.rows(
      """
      SELECT r.id, r.created_at, r.command, r.scenario_name, r.scenario_digest, r.week_start, r.days,
        r.time_zone, r.interval_minutes, r.cost, r.bound, r.solver_status, r.open_shifts, p.version
      FROM runs r LEFT JOIN publications p ON p.run_id = r.id ORDER BY r.id
      """
    ).map { row in
      StoredRun(
        id: row[0].integer!, createdAt: row[1].text!,
        summary: RunSummary(
          command: row[2].text!, scenarioName: row[3].text!, scenarioDigest: row[4].text!,
          weekStart: LocalDate(iso: row[5].text!)!, days: Int(row[6].integer!), timeZone: row[7].text!,
          intervalMinutes: Int(row[8].integer!), cost: row[9].real, bound: row[10].real,
          solverStatus: row[11].text!, openShifts: Int(row[12].integer!)),
        publishedVersion: row[13].integer.map(Int.init))
    }
  }

  /// One of a run's files as it was written, or nil when the run has no such file.
  public func file(_ name: String, run id: Int64) throws(StoreError) -> String? {
    try connection.rows(
      "SELECT content FROM run_files WHERE run_id = ? AND name = ?", [.integer(id), .text(name)]
    )
    .first?.first?.text
  }

  /// The names of a run's files.
  public func fileNames(run id: Int64) throws(StoreError) -> [String] {
    try connection.rows("SELECT name FROM run_files WHERE run_id = ? ORDER BY name", [.integer(id)])
      .compactMap {
        $0[0].text
      }
  }

  /// A run's per-interval snapshot, in channel and time order.
  public func intervals(run id: Int64) throws(StoreError) -> [IntervalRecord] {
    try connection.rows(
      """
      SELECT channel, start, repeated_hour, forecast, lo80, hi80, lo95, hi95, aht_seconds, required_agents,
        scheduled_agents, planned_service_level
      FROM run_intervals WHERE run_id = ? ORDER BY channel, start, repeated_hour
      """, [.integer(id)]
    ).map { row in
      IntervalRecord(
        channel: row[0].text!, start: LocalDateTime(iso: row[1].text!)!, repeatedHour: Int(row[2].integer!),
        forecast: row[3].real!, lo80: row[4].real!, hi80: row[5].real!, lo95: row[6].real!,
        hi95: row[7].real!,
        ahtSeconds: row[8].real, requiredAgents: row[9].real, scheduledAgents: row[10].real,
        plannedServiceLevel: row[11].real)
    }
  }

  /// Publishes a run (the latest when `id` is nil) as the next version of its week's roster.
  public func publish(run id: Int64?, at date: Date = Date()) throws(StoreError) -> Publication {
    try connection.transaction { () throws(StoreError) -> Publication in
      let query =
        id == nil
        ? try connection.rows("SELECT id, week_start FROM runs ORDER BY id DESC LIMIT 1")
        : try connection.rows("SELECT id, week_start FROM runs WHERE id = ?", [.integer(id!)])
      guard let run = query.first, let runID = run[0].integer, let week = run[1].text else {
        throw .refused(path, id.map { "no run \($0) in this workspace" } ?? "no runs in this workspace yet")
      }
      if let version = try connection.rows(
        "SELECT version FROM publications WHERE run_id = ?", [.integer(runID)]
      )
      .first?.first?.integer {
        throw .refused(
          path, "run \(runID) is already published, as version \(version) of the week of \(week)")
      }
      let last =
        try connection.rows("SELECT MAX(version) FROM publications WHERE week_start = ?", [.text(week)])
        .first?
        .first?.integer ?? 0
      let publication = Publication(
        runID: runID, weekStart: LocalDate(iso: week)!, version: Int(last) + 1,
        publishedAt: Self.timestamp(date))
      try connection.prepare(
        "INSERT INTO publications (run_id, week_start, version, published_at) VALUES (?, ?, ?, ?)"
      )
      .run([
        .integer(runID), .text(week), .integer(Int64(publication.version)), .text(publication.publishedAt),
      ])
      return publication
    }
  }

  /// Every publication, by week and version.
  public func publications() throws(StoreError) -> [Publication] {
    try connection.rows(
      "SELECT run_id, week_start, version, published_at FROM publications ORDER BY week_start, version"
    )
    .map { row in
      Publication(
        runID: row[0].integer!, weekStart: LocalDate(iso: row[1].text!)!, version: Int(row[2].integer!),
        publishedAt: row[3].text!)
    }
  }

  /// Stores actuals, replacing any earlier ones for the same channel and interval (a report
  /// re-exported with late corrections); returns how many were new and how many replaced.
  public func importActuals(_ actuals: [ActualRecord], source: String, at date: Date = Date())
    throws(StoreError)
    -> (new: Int, replaced: Int)
  {
    try connection.transaction { () throws(StoreError) -> (new: Int, replaced: Int) in
      let exists = try connection.prepare("SELECT 1 FROM actuals WHERE channel = ? AND start = ?")
      let insert = try connection.prepare(
        """
        INSERT OR REPLACE INTO actuals (channel, start, offered, handled, abandoned, aht_seconds, service_level,
          source, imported_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
      var counts = (new: 0, replaced: 0)
      for actual in actuals {
        try exists.bind([.text(actual.channel), .text(actual.start.description)])
        if try exists.step() { counts.replaced += 1 } else { counts.new += 1 }
        try insert.run([
          .text(actual.channel), .text(actual.start.description), .real(actual.offered),
          SQLValue(actual.handled),
          SQLValue(actual.abandoned), SQLValue(actual.ahtSeconds), SQLValue(actual.serviceLevel),
          .text(source),
          .text(Self.timestamp(date)),
        ])
      }
      return counts
    }
  }

  /// The actuals stored for intervals starting on `from` up to (not including) `until`.
  public func actuals(from: LocalDate, until: LocalDate) throws(StoreError) -> [ActualRecord] {
    try connection.rows(
      """
      SELECT channel, start, offered, handled, abandoned, aht_seconds, service_level FROM actuals
      WHERE start >= ? AND start < ? ORDER BY channel, start
      """, [.text(from.description), .text(until.description)]
    ).map { row in
      ActualRecord(
        channel: row[0].text!, start: LocalDateTime(iso: row[1].text!)!, offered: row[2].real!,
        handled: row[3].real,
        abandoned: row[4].real, ahtSeconds: row[5].real, serviceLevel: row[6].real)
    }
  }

  /// SQLite's own check of the whole file: "ok", or what is wrong.
  public func integrityCheck() throws(StoreError) -> String {
    try connection.rows("PRAGMA integrity_check").compactMap { $0.first?.text }.joined(separator: "; ")
  }

  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }

  /// For the kill test only: with `ROTA_TEST_STORE_PAUSE_MS` set, a run waits that long half-way
  /// through writing its snapshot, so that a test can kill it inside the transaction.
  static func pauseForKillTest() {
    guard let text = ProcessInfo.processInfo.environment["ROTA_TEST_STORE_PAUSE_MS"],
      let milliseconds = Int(text),
      (1...60_000).contains(milliseconds)
    else { return }
    usleep(useconds_t(milliseconds * 1000))
  }
}
