import RotaCore

/// One row read back from the store, each value checked to be one Rota writes: a damaged or
/// foreign value is a ``StoreError/damaged(_:table:run:field:found:)`` naming the table, the run
/// and the field, never a trap.
struct StoredRow {
  let values: [SQLValue]
  let path: String
  let table: String
  var run: Int64?
  let fields: [String]

  init(_ values: [SQLValue], path: String, table: String, fields: [String], run: Int64? = nil) {
    self.values = values
    self.path = path
    self.table = table
    self.fields = fields
    self.run = run
  }

  private func damaged(_ column: Int) -> StoreError {
    let found: String =
      switch values[column] {
      case .null: "NULL"
      case .integer(let number): String(number)
      case .real(let number): String(number)
      case .text(let text):
        "\"\(text.prefix(40).unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : String($0) }.joined())\""
      case .blob(let bytes): "\(bytes.count) bytes of binary"
      }
    return .damaged(path, table: table, run: run, field: fields[column], found: found)
  }

  func text(_ column: Int) throws(StoreError) -> String {
    guard let text = values[column].text else { throw damaged(column) }
    return text
  }

  /// Text whose bytes are kept as they are (a run's files).
  func bytes(_ column: Int) throws(StoreError) -> [UInt8] {
    guard let bytes = values[column].bytes else { throw damaged(column) }
    return bytes
  }

  func integer(_ column: Int, in range: ClosedRange<Int64>) throws(StoreError) -> Int64 {
    guard let number = values[column].integer, range.contains(number) else { throw damaged(column) }
    return number
  }

  func int(_ column: Int, in range: ClosedRange<Int>) throws(StoreError) -> Int {
    Int(try integer(column, in: Int64(range.lowerBound)...Int64(range.upperBound)))
  }

  /// A finite number (an integer is taken as one).
  func real(_ column: Int) throws(StoreError) -> Double {
    guard let number = values[column].real, number.isFinite else { throw damaged(column) }
    return number
  }

  func optionalReal(_ column: Int) throws(StoreError) -> Double? {
    if case .null = values[column] { return nil }
    return try real(column)
  }

  func optionalInt(_ column: Int, in range: ClosedRange<Int>) throws(StoreError) -> Int? {
    if case .null = values[column] { return nil }
    return try int(column, in: range)
  }

  func date(_ column: Int) throws(StoreError) -> LocalDate {
    guard let text = values[column].text, let date = LocalDate(iso: text), date.description == text else {
      throw damaged(column)
    }
    return date
  }

  func dateTime(_ column: Int) throws(StoreError) -> LocalDateTime {
    guard let text = values[column].text, let time = LocalDateTime(iso: text), time.description == text else {
      throw damaged(column)
    }
    return time
  }

  /// A UTC timestamp as ``Workspace`` writes it: ISO 8601 with a `Z`.
  func timestamp(_ column: Int) throws(StoreError) -> String {
    let text = try text(column)
    guard text.count >= 20, text.count <= 32, LocalDateTime(iso: text.prefix(16)) != nil, text.hasSuffix("Z")
    else { throw damaged(column) }
    return text
  }
}
