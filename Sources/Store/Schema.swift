/// The store's schema, one migration per version: version N is the first N entries applied in
/// order, and the file's `PRAGMA user_version` says which it has. A migration only adds; a
/// store is moved forward in one transaction, so it is at one version or the next, never
/// between. Times are UTC ISO 8601 (`created_at`, `published_at`, `imported_at`); interval
/// starts are the team's local wall-clock time as Rota's CSV files write them.
enum Schema {
  static let migrations: [String] = [
    // 1: runs with their files and per-interval snapshot, publications, actuals.
    """
    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      created_at TEXT NOT NULL,
      command TEXT NOT NULL,
      scenario_name TEXT NOT NULL,
      scenario_digest TEXT NOT NULL,
      week_start TEXT NOT NULL,
      days INTEGER NOT NULL,
      time_zone TEXT NOT NULL,
      interval_minutes INTEGER NOT NULL,
      cost REAL,
      bound REAL,
      solver_status TEXT NOT NULL,
      open_shifts INTEGER NOT NULL
    );
    CREATE TABLE run_files (
      run_id INTEGER NOT NULL REFERENCES runs(id),
      name TEXT NOT NULL,
      content TEXT NOT NULL,
      PRIMARY KEY (run_id, name)
    );
    CREATE TABLE run_intervals (
      run_id INTEGER NOT NULL REFERENCES runs(id),
      channel TEXT NOT NULL,
      start TEXT NOT NULL,
      repeated_hour INTEGER NOT NULL,
      forecast REAL NOT NULL,
      lo80 REAL NOT NULL, hi80 REAL NOT NULL, lo95 REAL NOT NULL, hi95 REAL NOT NULL,
      aht_seconds REAL,
      required_agents REAL,
      scheduled_agents REAL,
      planned_service_level REAL,
      PRIMARY KEY (run_id, channel, start, repeated_hour)
    );
    CREATE TABLE publications (
      run_id INTEGER PRIMARY KEY REFERENCES runs(id),
      week_start TEXT NOT NULL,
      version INTEGER NOT NULL,
      published_at TEXT NOT NULL,
      UNIQUE (week_start, version)
    );
    CREATE TABLE actuals (
      channel TEXT NOT NULL,
      start TEXT NOT NULL,
      offered REAL NOT NULL,
      handled REAL,
      abandoned REAL,
      aht_seconds REAL,
      service_level REAL,
      source TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      PRIMARY KEY (channel, start)
    );
    CREATE INDEX runs_by_week ON runs (week_start, id);
    """
  ]

  static var version: Int { migrations.count }

  /// Brings a store at version `found` (checked by ``StoreFile/identify(_:)``, or 0 for a new
  /// file) to ``version`` and gives it Rota's application id, in one transaction.
  static func migrate(_ connection: SQLiteConnection, from found: Int) throws(StoreError) {
    let id = try connection.rows("PRAGMA application_id").first?.first?.integer ?? 0
    guard found < version || id != StoreFile.applicationID else { return }
    try connection.transaction { () throws(StoreError) in
      // Read again under the write lock: another run may have migrated meanwhile.
      let now = Int(try connection.rows("PRAGMA user_version").first?.first?.integer ?? 0)
      if now > version { throw .newerSchema(connection.path, version: now, known: version) }
      guard now >= 0 else {
        throw .refused(connection.path, "schema version \(now): made by another program or damaged")
      }
      for step in now..<version {
        try connection.execute(migrations[step])
      }
      try connection.execute(
        "PRAGMA user_version = \(version); PRAGMA application_id = \(StoreFile.applicationID)")
    }
  }
}
