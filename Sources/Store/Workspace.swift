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

  /// Opens the workspace in `folder` for `access`. Nothing is created unless `access` is
  /// ``WorkspaceAccess/createIfMissing`` and there is no store yet; a file that is not a Rota
  /// store (empty, another program's, an unknown schema version) is refused before anything
  /// reads or migrates it; a store opened to write is checked to be writable and whole first.
  public init(folder: String, access: WorkspaceAccess) throws(StoreError) {
    self.folder = folder
    path = URL(fileURLWithPath: folder).appendingPathComponent(Self.fileName).path
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder)
    if exists && !isFolder.boolValue {
      throw .refused(folder, "not a folder: a workspace is a folder holding \(Self.fileName)")
    }
    if !exists || !FileManager.default.fileExists(atPath: path) {
      guard access == .createIfMissing else {
        throw .refused(folder, "no workspace here (no \(Self.fileName)); `rota plan --workspace` makes one")
      }
      // A log without its store: the store was removed or moved, and a new one must not be
      // made beside a log that SQLite would replay onto it.
      let log = path + "-wal"
      if let size = try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int, size > 0 {
        throw .refused(
          path,
          "missing, but its write-ahead log \(Self.fileName)-wal is here: the store was removed or moved "
            + "without it. Restore the workspace from a backup, or remove the log to start a new one")
      }
      do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch
      {
        throw .database(folder, message: "cannot create the folder: \(error.localizedDescription)")
      }
      try StoreFile.create(at: path)
    }
    try StoreFile.checkHeader(path)
    if access != .read { try StoreFile.checkWritable(path, folder: folder) }
    var connection = try SQLiteConnection(path: path, readOnly: access == .read)
    let version: Int
    do { version = try StoreFile.identify(connection) } catch {
      // A read-only folder without the store's shared-memory file: SQLite cannot set up its
      // log there, but with no log beside it the file alone holds every run.
      guard access == .read, case .database = error,
        !FileManager.default.fileExists(atPath: path + "-wal")
      else { throw error }
      connection = try SQLiteConnection(path: path, readOnly: true, immutable: true)
      version = try StoreFile.identify(connection)
    }
    self.connection = connection
    if access != .read {
      try StoreFile.setUp(connection)
      try StoreFile.checkWhole(connection)
      try Schema.migrate(connection, from: version)
    } else if version < Schema.version {
      throw .refused(
        path,
        "schema version \(version) needs updating, which a read-only command does not do; run a plan into it")
    }
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
        try file.run([.integer(id), .text(name), .blob(Array(run.files[name, default: ""].utf8))])
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

  static let runFields = [
    "id", "created_at", "command", "scenario_name", "scenario_digest", "week_start", "days", "time_zone",
    "interval_minutes", "cost", "bound", "solver_status", "open_shifts", "version",
  ]
  static let runQuery = """
    SELECT r.id, r.created_at, r.command, r.scenario_name, r.scenario_digest, r.week_start, r.days,
      r.time_zone, r.interval_minutes, r.cost, r.bound, r.solver_status, r.open_shifts, p.version
    FROM runs r LEFT JOIN publications p ON p.run_id = r.id
    """

  private func storedRun(_ values: [SQLValue]) throws(StoreError) -> StoredRun {
    var row = StoredRow(values, path: path, table: "runs", fields: Self.runFields)
    let id = try row.integer(0, in: 1...Int64.max)
    row.run = id
    let minutes = try row.int(8, in: 1...60)
    guard TimeGrid.allowedIntervalMinutes.contains(minutes) else {
      throw .damaged(path, table: "runs", run: id, field: "interval_minutes", found: String(minutes))
    }
    return StoredRun(
      id: id, createdAt: try row.timestamp(1),
      summary: RunSummary(
        command: try row.text(2), scenarioName: try row.text(3), scenarioDigest: try row.text(4),
        weekStart: try row.date(5), days: try row.int(6, in: 1...366), timeZone: try row.text(7),
        intervalMinutes: minutes, cost: try row.optionalReal(9), bound: try row.optionalReal(10),
        solverStatus: try row.text(11), openShifts: try row.int(12, in: 0...10_000_000)),
      publishedVersion: try row.optionalInt(13, in: 1...1_000_000))
  }

  /// Every run, oldest first; the first damaged row is an error naming it.
  public func runs() throws(StoreError) -> [StoredRun] {
    let listed = try readableRuns()
    if let damage = listed.damaged.first { throw damage }
    return listed.runs
  }

  /// Every run that reads back whole, oldest first, and an error for each that does not: one
  /// damaged row leaves the others readable.
  public func readableRuns() throws(StoreError) -> (runs: [StoredRun], damaged: [StoreError]) {
    var runs: [StoredRun] = []
    var damaged: [StoreError] = []
    for values in try connection.rows(Self.runQuery + " ORDER BY r.id") {
      do { runs.append(try storedRun(values)) } catch { damaged.append(error) }
    }
    return (runs, damaged)
  }

  /// One run, or nil when the store has no run `id`.
  public func run(_ id: Int64) throws(StoreError) -> StoredRun? {
    try connection.rows(Self.runQuery + " WHERE r.id = ?", [.integer(id)]).first.map {
      (values) throws(StoreError) in try storedRun(values)
    }
  }

  /// One of a run's files as it was written, byte for byte, or nil when the run has no such file.
  public func file(_ name: String, run id: Int64) throws(StoreError) -> String? {
    guard
      let values = try connection.rows(
        "SELECT content FROM run_files WHERE run_id = ? AND name = ?", [.integer(id), .text(name)]
      ).first
    else { return nil }
    let bytes = try StoredRow(values, path: path, table: "run_files", fields: [name], run: id).bytes(0)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw .damaged(path, table: "run_files", run: id, field: name, found: "bytes that are not UTF-8 text")
    }
    return text
  }

  /// The names of a run's files.
  public func fileNames(run id: Int64) throws(StoreError) -> [String] {
    try connection.rows("SELECT name FROM run_files WHERE run_id = ? ORDER BY name", [.integer(id)])
      .map { (values) throws(StoreError) in
        try StoredRow(values, path: path, table: "run_files", fields: ["name"], run: id).text(0)
      }
  }

  /// A run's per-interval snapshot, in channel and time order.
  public func intervals(run id: Int64) throws(StoreError) -> [IntervalRecord] {
    let fields = [
      "channel", "start", "repeated_hour", "forecast", "lo80", "hi80", "lo95", "hi95", "aht_seconds",
      "required_agents", "scheduled_agents", "planned_service_level",
    ]
    return try connection.rows(
      "SELECT \(fields.joined(separator: ", ")) FROM run_intervals WHERE run_id = ? "
        + "ORDER BY channel, start, repeated_hour", [.integer(id)]
    ).map { (values) throws(StoreError) in
      let row = StoredRow(values, path: path, table: "run_intervals", fields: fields, run: id)
      return IntervalRecord(
        channel: try row.text(0), start: try row.dateTime(1), repeatedHour: try row.int(2, in: 0...1),
        forecast: try row.real(3), lo80: try row.real(4), hi80: try row.real(5), lo95: try row.real(6),
        hi95: try row.real(7), ahtSeconds: try row.optionalReal(8), requiredAgents: try row.optionalReal(9),
        scheduledAgents: try row.optionalReal(10), plannedServiceLevel: try row.optionalReal(11))
    }
  }

  /// Publishes a run (the latest when `id` is nil) as the next version of its week's roster.
  public func publish(run id: Int64?, at date: Date = Date()) throws(StoreError) -> Publication {
    try connection.transaction { () throws(StoreError) -> Publication in
      let query =
        if let id {
          try connection.rows("SELECT id, week_start FROM runs WHERE id = ?", [.integer(id)])
        } else {
          try connection.rows("SELECT id, week_start FROM runs ORDER BY id DESC LIMIT 1")
        }
      guard let values = query.first else {
        throw .refused(path, id.map { "no run \($0) in this workspace" } ?? "no runs in this workspace yet")
      }
      var run = StoredRow(values, path: path, table: "runs", fields: ["id", "week_start"])
      let runID = try run.integer(0, in: 1...Int64.max)
      run.run = runID
      let weekStart = try run.date(1)
      let week = weekStart.description
      if let version = try connection.rows(
        "SELECT version FROM publications WHERE run_id = ?", [.integer(runID)]
      )
      .first?.first?.integer {
        throw .refused(
          path, "run \(runID) is already published, as version \(version) of the week of \(week)")
      }
      let last =
        try connection.rows("SELECT MAX(version) FROM publications WHERE week_start = ?", [.text(week)])
        .first.map { (values) throws(StoreError) in
          try StoredRow(values, path: path, table: "publications", fields: ["version"], run: runID)
            .optionalInt(0, in: 1...999_999)
        } ?? nil
      let publication = Publication(
        runID: runID, weekStart: weekStart, version: (last ?? 0) + 1,
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
    .map { (values) throws(StoreError) in
      var row = StoredRow(
        values, path: path, table: "publications",
        fields: ["run_id", "week_start", "version", "published_at"])
      let runID = try row.integer(0, in: 1...Int64.max)
      row.run = runID
      return Publication(
        runID: runID, weekStart: try row.date(1), version: try row.int(2, in: 1...1_000_000),
        publishedAt: try row.timestamp(3))
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
    ).map { (values) throws(StoreError) in
      let row = StoredRow(
        values, path: path, table: "actuals",
        fields: ["channel", "start", "offered", "handled", "abandoned", "aht_seconds", "service_level"])
      return ActualRecord(
        channel: try row.text(0), start: try row.dateTime(1), offered: try row.real(2),
        handled: try row.optionalReal(3), abandoned: try row.optionalReal(4),
        ahtSeconds: try row.optionalReal(5),
        serviceLevel: try row.optionalReal(6))
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
