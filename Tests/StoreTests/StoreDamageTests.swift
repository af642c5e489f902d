import Foundation
import RotaCore
import Testing

@testable import Store

/// A store damaged on disk, or not Rota's at all, is an error naming the file (and the table,
/// run and field), never a trap, and never taken for a new, empty workspace.
@Suite struct StoreDamageTests {
  /// A workspace holding `count` runs, closed so that everything is in the main file.
  private func storeWithRuns(_ count: Int = 2) throws -> (folder: String, path: String) {
    let folder = temporaryFolder()
    let workspace = try Workspace(folder: folder, access: .createIfMissing)
    for index in 0..<count { _ = try workspace.record(sampleRun(cost: Double(100 + index))) }
    return (folder, workspace.path)
  }

  private func overwrite(_ path: String, at offset: UInt64, with bytes: [UInt8]) throws {
    let handle = try #require(FileHandle(forUpdatingAtPath: path))
    try handle.seek(toOffset: offset)
    handle.write(Data(bytes))
    try handle.close()
  }

  private func update(_ path: String, _ sql: String) throws {
    let raw = try SQLiteConnection(path: path)
    try raw.execute(sql)
  }

  @Test func aNegativeSchemaVersionInTheHeaderIsAnError() throws {
    let (folder, path) = try storeWithRuns()
    // user_version is the big-endian 32-bit integer at byte 60 of the header.
    try overwrite(path, at: 60, with: [0xFF, 0xFF, 0xFF, 0xFF])
    for access in [WorkspaceAccess.read, .write, .createIfMissing] {
      #expect {
        try Workspace(folder: folder, access: access)
      } throws: { error in
        "\(error)".contains(path) && "\(error)".contains("schema version -1")
      }
    }
  }

  /// Values SQLite accepts but Rota never writes, one per field a reader used to force-unwrap.
  @Test(arguments: [
    ("UPDATE runs SET week_start = 'not a date' WHERE id = 2", "week_start"),
    ("UPDATE runs SET created_at = 42 WHERE id = 2", "created_at"),
    ("UPDATE runs SET days = 9223372036854775807 WHERE id = 2", "days"),
    ("UPDATE runs SET interval_minutes = 7 WHERE id = 2", "interval_minutes"),
    ("UPDATE runs SET cost = 'cheap' WHERE id = 2", "cost"),
    ("UPDATE runs SET open_shifts = -1 WHERE id = 2", "open_shifts"),
  ])
  func aDamagedRunIsNamedAndTheOthersStayReadable(sql: String, field: String) throws {
    let (folder, path) = try storeWithRuns()
    try update(path, sql)
    let workspace = try Workspace(folder: folder, access: .read)
    let listed = try workspace.readableRuns()
    #expect(listed.runs.map(\.id) == [1])
    #expect(listed.damaged.count == 1)
    let message = "\(listed.damaged.first!)"
    #expect(message.contains(path) && message.contains("table runs, run 2") && message.contains(field))
    #expect(throws: StoreError.self) { try workspace.runs() }
    #expect(try workspace.run(1)?.cost == 100)
    #expect(throws: StoreError.self) { try workspace.run(2) }
    #expect(try workspace.check().damaged.count == 1)
  }

  @Test(arguments: [
    (
      "UPDATE run_intervals SET start = 'soon' WHERE rowid = (SELECT min(rowid) FROM run_intervals WHERE run_id = 1)",
      "start"
    ),
    (
      "UPDATE run_intervals SET forecast = NULL WHERE rowid = (SELECT min(rowid) FROM run_intervals WHERE run_id = 1)",
      "forecast"
    ),
    (
      "UPDATE run_intervals SET repeated_hour = 5 WHERE rowid = (SELECT min(rowid) FROM run_intervals WHERE run_id = 1)",
      "repeated_hour"
    ),
  ])
  func aDamagedIntervalIsNamed(sql: String, field: String) throws {
    let (folder, path) = try storeWithRuns()
    // NOT NULL keeps SQL from writing NULL; a damaged page does not ask.
    try update(
      path,
      "PRAGMA ignore_check_constraints = ON; PRAGMA writable_schema = ON; "
        + "UPDATE sqlite_master SET sql = replace(sql, 'forecast REAL NOT NULL', 'forecast REAL') "
        + "WHERE name = 'run_intervals'")
    try update(path, sql)
    let workspace = try Workspace(folder: folder, access: .read)
    #expect {
      try workspace.intervals(run: 1)
    } throws: { error in
      "\(error)".contains("table run_intervals, run 1") && "\(error)".contains(field)
    }
    #expect(try workspace.intervals(run: 2).count == 4)
  }

  @Test func aDamagedPublicationWeekIsNamed() throws {
    let (folder, path) = try storeWithRuns()
    do { _ = try Workspace(folder: folder, access: .write).publish(run: 1) }
    try update(path, "UPDATE publications SET week_start = '2026-13-40'")
    let workspace = try Workspace(folder: folder, access: .read)
    #expect {
      try workspace.publications()
    } throws: { error in
      "\(error)".contains("table publications, run 1") && "\(error)".contains("week_start")
    }
  }

  @Test func anEmptyFileIsNotANewWorkspace() throws {
    let folder = temporaryFolder()
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = URL(fileURLWithPath: folder).appendingPathComponent(Workspace.fileName).path
    FileManager.default.createFile(atPath: path, contents: Data())
    for access in [WorkspaceAccess.read, .write, .createIfMissing] {
      #expect {
        try Workspace(folder: folder, access: access)
      } throws: { error in
        "\(error)".contains("empty (0 bytes)")
      }
    }
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 0)
  }

  @Test func anotherProgramsFileIsRefused() throws {
    let folder = temporaryFolder()
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = URL(fileURLWithPath: folder).appendingPathComponent(Workspace.fileName).path
    try "name,value\nx,1\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: StoreError.self) { try Workspace(folder: folder, access: .createIfMissing) }
    try FileManager.default.removeItem(atPath: path)
    do {
      let raw = try SQLiteConnection(path: path)
      try raw.execute("PRAGMA application_id = 1234; CREATE TABLE runs (id INTEGER); PRAGMA user_version = 1")
    }
    #expect {
      try Workspace(folder: folder, access: .write)
    } throws: { error in
      "\(error)".contains("application id 1234")
    }
  }

  @Test func aForeignWriteAheadLogIsRefusedNotTakenForAnEmptyWorkspace() throws {
    let (folder, path) = try storeWithRuns()
    let other = temporaryFolder()
    try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
    let otherPath = URL(fileURLWithPath: other).appendingPathComponent(Workspace.fileName).path
    // Another database's log, copied while that database was open (its frames not yet
    // checkpointed): what a sync or restore that mixes two folders leaves behind.
    let foreign = try SQLiteConnection(path: otherPath)
    try foreign.execute(
      "PRAGMA journal_mode = WAL; CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x')")
    try FileManager.default.copyItem(atPath: otherPath + "-wal", toPath: path + "-wal")
    try? FileManager.default.removeItem(atPath: path + "-shm")
    for access in [WorkspaceAccess.read, .write, .createIfMissing] {
      #expect {
        try Workspace(folder: folder, access: access)
      } throws: { error in
        "\(error)".contains(path) && "\(error)".contains("-wal")
      }
    }
  }

  @Test func aStoreFailingItsIntegrityCheckIsNotWritten() throws {
    let (folder, path) = try storeWithRuns(30)
    let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    // Scribble over a page in the middle: a b-tree page no longer parses.
    try overwrite(path, at: UInt64(size / 2 / 4096 * 4096), with: Array(repeating: 0x5A, count: 4096))
    #expect(throws: StoreError.self) {
      let workspace = try Workspace(folder: folder, access: .write)
      _ = try workspace.record(sampleRun())
    }
  }

  @Test func aFileWithANulByteIsStoredWhole() throws {
    let workspace = try Workspace(folder: temporaryFolder(), access: .createIfMissing)
    var run = sampleRun()
    let roster = "employee_id,name\nE1,Ann\u{0}Lee\nE2,Bo\n"
    run.files["roster.csv"] = roster
    let id = try workspace.record(run)
    #expect(try workspace.file("roster.csv", run: id) == roster)
  }

  @Test func aReadOnlyOpenCreatesNothingAndChangesNothing() throws {
    let folder = temporaryFolder()
    #expect(throws: StoreError.self) { try Workspace(folder: folder, access: .read) }
    #expect(!FileManager.default.fileExists(atPath: folder))
    let (existing, path) = try storeWithRuns(1)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let workspace = try Workspace(folder: existing, access: .read)
    #expect(try workspace.runs().count == 1)
    #expect(throws: StoreError.self) { try workspace.record(sampleRun()) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test func aBackupIsAWholeStoreAndNeverOverwrites() throws {
    let (folder, _) = try storeWithRuns(3)
    let workspace = try Workspace(folder: folder, access: .read)
    let copyFolder = temporaryFolder()
    try FileManager.default.createDirectory(atPath: copyFolder, withIntermediateDirectories: true)
    let copy = URL(fileURLWithPath: copyFolder).appendingPathComponent(Workspace.fileName).path
    try workspace.backup(to: copy)
    #expect(throws: StoreError.self) { try workspace.backup(to: copy) }
    let restored = try Workspace(folder: copyFolder, access: .read)
    #expect(try restored.runs() == workspace.runs())
    #expect(try restored.check().isWhole)
  }

  @Test func aLogWithoutItsStoreIsNotGivenANewOne() throws {
    let (folder, path) = try storeWithRuns(1)
    let log = try SQLiteConnection(path: path)
    try log.execute(
      "PRAGMA wal_autocheckpoint = 0; INSERT INTO actuals VALUES ('phone', '2026-12-07T09:00:00', 1, NULL, NULL, NULL, NULL, 'x', '2026-12-08T00:00:00Z')"
    )
    try FileManager.default.removeItem(atPath: path)
    #expect {
      try Workspace(folder: folder, access: .createIfMissing)
    } throws: { error in
      "\(error)".contains("missing, but its write-ahead log")
    }
    #expect(!FileManager.default.fileExists(atPath: path))
    _ = log
  }
}
