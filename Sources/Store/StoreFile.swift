import CSQLite
import Foundation

/// How a command uses a workspace: reading never changes the file (and works on a read-only
/// share); writing checks first that the store can be written and is whole; creating also makes
/// a new workspace where there is none.
public enum WorkspaceAccess: Sendable {
  case read
  case write
  case createIfMissing
}

/// What makes a file a Rota store, checked before anything reads or migrates it: SQLite's header,
/// Rota's application id (`PRAGMA application_id`) and a schema version Rota wrote. A store made
/// before the id existed (id 0, schema 1 or later, a `runs` table) is taken as Rota's and given
/// the id at its next write.
enum StoreFile {
  /// "ROTA" in ASCII.
  static let applicationID: Int64 = 0x524F_5441

  /// Refuses a file that is empty or not an SQLite database, before SQLite opens it (SQLite
  /// would take an empty file for a new database).
  static func checkHeader(_ path: String) throws(StoreError) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .database(path, message: "cannot read the file")
    }
    defer { try? handle.close() }
    let header = (try? handle.read(upToCount: 16)) ?? Data()
    if header.isEmpty {
      throw .refused(
        path,
        "the file is empty (0 bytes), not a Rota workspace; move it away to start a new workspace, "
          + "or restore the store from a backup")
    }
    guard header == Data("SQLite format 3\0".utf8) else {
      throw .refused(path, "not an SQLite database: made by another program or damaged")
    }
  }

  /// Checks that the open file is a Rota store at a schema version this build can read.
  /// Returns the version found.
  static func identify(_ connection: SQLiteConnection) throws(StoreError) -> Int {
    let path = connection.path
    let version = try connection.rows("PRAGMA user_version").first?.first?.integer ?? 0
    let id = try connection.rows("PRAGMA application_id").first?.first?.integer ?? 0
    guard id == applicationID || id == 0 else {
      throw .refused(path, "made by another program (application id \(id)), not a Rota workspace")
    }
    guard version >= 0 else {
      throw .refused(path, "schema version \(version): made by another program or damaged")
    }
    if version > Schema.version {
      throw .newerSchema(path, version: Int(version), known: Schema.version)
    }
    let hasRuns = try !connection.rows(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'runs'"
    ).isEmpty
    guard version > 0, hasRuns else {
      throw .refused(
        path,
        "holds no Rota workspace (schema version \(version)\(hasRuns ? "" : ", no runs table")); if a "
          + "\(Workspace.fileName)-wal from another copy was put beside it, remove that file and restore "
          + "the store from a backup")
    }
    return Int(version)
  }

  /// Makes a new, fully migrated store at `path` without ever leaving a half-made one there:
  /// it is built beside it and linked into place, and a store another run made meanwhile wins.
  static func create(at path: String) throws(StoreError) {
    let building = path + ".new-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    defer {
      for suffix in ["", "-wal", "-shm", "-journal"] { unlink(building + suffix) }
    }
    do {
      let connection = try SQLiteConnection(path: building)
      try setUp(connection)
      try Schema.migrate(connection, from: 0)
    }
    guard link(building, path) == 0 || errno == EEXIST else {
      throw .database(path, message: "cannot create the store: \(String(cString: strerror(errno)))")
    }
  }

  /// Write-ahead logging with full syncs and foreign keys, for a connection that writes.
  static func setUp(_ connection: SQLiteConnection) throws(StoreError) {
    let mode = try connection.rows("PRAGMA journal_mode = WAL").first?.first?.text
    guard mode?.lowercased() == "wal" else {
      throw .database(
        connection.path, message: "cannot switch to write-ahead logging (journal mode \(mode ?? "unknown"))")
    }
    try connection.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
  }

  /// Refuses a store or folder this process cannot write, naming which.
  static func checkWritable(_ path: String, folder: String) throws(StoreError) {
    for (file, what) in [(path, "the store"), (folder, "the workspace folder")]
    where access(file, W_OK) != 0 {
      throw .refused(
        path,
        "\(what) is read-only (\(String(cString: strerror(errno)))); this command writes to the workspace, "
          + "so it stopped before doing anything")
    }
  }

  /// SQLite's page-level check, for a store about to be written: writing into a damaged store
  /// spreads the damage.
  static func checkWhole(_ connection: SQLiteConnection) throws(StoreError) {
    let result = try connection.rows("PRAGMA quick_check").compactMap { $0.first?.text }
    guard result == ["ok"] else {
      throw .refused(
        connection.path,
        "fails SQLite's integrity check (\(result.prefix(3).joined(separator: "; "))); nothing was written. "
          + "Restore the workspace from a backup (`rota workspace backup`)")
    }
  }
}
