import CSQLite
import Foundation

/// What went wrong with a workspace store, naming the file.
public enum StoreError: Error, CustomStringConvertible, Equatable {
  /// SQLite refused an operation: its message.
  case database(String, message: String)
  /// Another run held the store for longer than the wait allows.
  case busy(String, seconds: Int)
  /// The store was made by a newer Rota, with a schema this one does not know.
  case newerSchema(String, version: Int, known: Int)
  /// A request the store's contents cannot meet (an unknown run, a second publication), or a
  /// file that is not a Rota store.
  case refused(String, String)
  /// A stored value Rota cannot have written: the table, the run (when the row has one), the
  /// field and what was found.
  case damaged(String, table: String, run: Int64?, field: String, found: String)

  public var description: String {
    switch self {
    case .database(let path, let message): "\(path): \(message)"
    case .busy(let path, let seconds):
      "\(path): another rota run is writing to this workspace; waited \(seconds) s, try again when it has finished"
    case .newerSchema(let path, let version, let known):
      "\(path): made by a newer Rota (schema version \(version); this one knows up to \(known))"
    case .refused(let path, let message): "\(path): \(message)"
    case .damaged(let path, let table, let run, let field, let found):
      "\(path): table \(table)\(run.map { ", run \($0)" } ?? ""): \(field) holds \(found), which Rota never "
        + "writes (the file is damaged or was changed by another program; `rota workspace check` lists "
        + "every such row)"
    }
  }
}

/// A value bound to, or read from, an SQL statement.
enum SQLValue: Equatable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  /// Bytes stored whole, with their length (a run's files, which may hold any byte).
  case blob([UInt8])
}

/// One connection to an SQLite file: a thin layer over SQLite's C API, as SwiftPM's own
/// `SQLite` wrapper is. Every write happens in ``transaction(_:)``, which takes the write lock
/// up front (`BEGIN IMMEDIATE`), so a second writer waits for the first (up to
/// ``busySeconds``) instead of failing half-way.
final class SQLiteConnection {
  /// How long a statement waits for another connection's lock.
  static let busySeconds = 60
  let path: String
  private var handle: OpaquePointer?

  /// Opens `path`; with `readOnly` the connection can never change the file, and a missing
  /// file is an error rather than a new, empty one.
  /// With `immutable`, SQLite reads the file as it is without locks or a shared-memory file:
  /// for a read-only share holding a store with no write-ahead log beside it.
  init(path: String, readOnly: Bool = false, immutable: Bool = false, waitSeconds: Int = busySeconds)
    throws(StoreError)
  {
    self.path = path
    var flags =
      (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
    var name = path
    if immutable {
      flags |= SQLITE_OPEN_URI
      let plain = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#%"))
      name = "file:\(path.addingPercentEncoding(withAllowedCharacters: plain) ?? path)?immutable=1"
    }
    let status = sqlite3_open_v2(name, &handle, flags, nil)
    guard status == SQLITE_OK, handle != nil else {
      let message =
        handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
      sqlite3_close_v2(handle)
      handle = nil
      throw .database(path, message: "cannot open: \(message)")
    }
    sqlite3_busy_timeout(handle, Int32(waitSeconds * 1000))
    sqlite3_extended_result_codes(handle, 1)
  }

  deinit { sqlite3_close_v2(handle) }

  func error(_ status: Int32) -> StoreError {
    if status & 0xFF == SQLITE_BUSY || status & 0xFF == SQLITE_LOCKED {
      return .busy(path, seconds: Self.busySeconds)
    }
    let message = String(cString: sqlite3_errmsg(handle))
    if status & 0xFF == SQLITE_CORRUPT || status & 0xFF == SQLITE_NOTADB {
      return .database(
        path,
        message:
          "\(message): the file is damaged; restore the workspace from a backup (rota workspace backup)")
    }
    return .database(path, message: message)
  }

  /// Runs statements that return no rows (or whose rows are not needed).
  func execute(_ sql: String) throws(StoreError) {
    let status = sqlite3_exec(handle, sql, nil, nil, nil)
    guard status == SQLITE_OK else { throw error(status) }
  }

  func prepare(_ sql: String) throws(StoreError) -> SQLStatement {
    var statement: OpaquePointer?
    let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard status == SQLITE_OK, let statement else { throw error(status) }
    return SQLStatement(statement, connection: self)
  }

  /// The rows of a query, each as its columns' values.
  func rows(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> [[SQLValue]] {
    let statement = try prepare(sql)
    try statement.bind(values)
    var rows: [[SQLValue]] = []
    while try statement.step() { rows.append(statement.row()) }
    return rows
  }

  /// Runs `body` in one transaction holding the write lock: all of it is stored, or (on a
  /// thrown error, or a process killed part-way) none of it.
  func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  var lastInsertedRow: Int64 { sqlite3_last_insert_rowid(handle) }

  /// True when SQLite opened the file read-only (asked to, or because the file or its folder
  /// cannot be written).
  var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }
}

/// A prepared statement; bind, step through its rows, reset to run it again.
final class SQLStatement {
  private let statement: OpaquePointer
  private let connection: SQLiteConnection
  /// SQLite copies bound text at once (`SQLITE_TRANSIENT`).
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(_ statement: OpaquePointer, connection: SQLiteConnection) {
    self.statement = statement
    self.connection = connection
  }

  deinit { sqlite3_finalize(statement) }

  func bind(_ values: [SQLValue]) throws(StoreError) {
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let status: Int32
      switch value {
      case .null: status = sqlite3_bind_null(statement, index)
      case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
      case .real(let number): status = sqlite3_bind_double(statement, index, number)
      case .text(let text):
        let bytes = Array(text.utf8)
        status = bytes.withUnsafeBufferPointer { buffer in
          buffer.baseAddress.map { address in
            address.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
              sqlite3_bind_text(statement, index, $0, Int32(bytes.count), Self.transient)
            }
          } ?? sqlite3_bind_text(statement, index, "", 0, Self.transient)
        }
      case .blob(let bytes):
        status = bytes.withUnsafeBytes { buffer in
          sqlite3_bind_blob(
            statement, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count),
            Self.transient)
        }
      }
      guard status == SQLITE_OK else { throw connection.error(status) }
    }
  }

  /// Steps once: true when a row is ready to read, false when the statement is done.
  func step() throws(StoreError) -> Bool {
    let status = sqlite3_step(statement)
    switch status {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default: throw connection.error(status)
    }
  }

  /// Binds `values` and runs the statement to its end.
  func run(_ values: [SQLValue]) throws(StoreError) {
    try bind(values)
    while try step() {}
  }

  func row() -> [SQLValue] {
    (0..<sqlite3_column_count(statement)).map { column in
      switch sqlite3_column_type(statement, column) {
      case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
      case SQLITE_FLOAT: .real(sqlite3_column_double(statement, column))
      case SQLITE_NULL: .null
      case SQLITE_BLOB: .blob(bytes(column))
      default: .text(String(decoding: bytes(column, text: true), as: UTF8.self))
      }
    }
  }
}

extension SQLStatement {
  /// A column's bytes by their stored length, so that a NUL inside does not end them.
  fileprivate func bytes(_ column: Int32, text: Bool = false) -> [UInt8] {
    let start =
      text ? UnsafeRawPointer(sqlite3_column_text(statement, column)) : sqlite3_column_blob(statement, column)
    let count = Int(sqlite3_column_bytes(statement, column))
    guard let start, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: start, count: count))
  }
}

extension SQLValue {
  var text: String? { if case .text(let text) = self { text } else { nil } }
  var integer: Int64? { if case .integer(let number) = self { number } else { nil } }
  var bytes: [UInt8]? {
    switch self {
    case .blob(let bytes): bytes
    case .text(let text): Array(text.utf8)
    default: nil
    }
  }
  var real: Double? {
    switch self {
    case .real(let number): number
    case .integer(let number): Double(number)
    default: nil
    }
  }
  init(_ number: Double?) { self = number.map { .real($0) } ?? .null }
  init(_ text: String?) { self = text.map { .text($0) } ?? .null }
}
