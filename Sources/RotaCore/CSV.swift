/// One data row of a CSV file, with the line it starts on.
public struct CSVRow: Sendable {
  /// 1-based line number in the file where the row starts.
  public let line: Int
  public let fields: [String]
}

/// A CSV file read by column name (RFC 4180 with the usual tolerances: UTF-8 with or without
/// a byte-order mark, LF or CRLF line ends, quoted fields with `""` escapes and embedded line
/// breaks, blank lines skipped).
public struct CSVTable: Sendable {
  /// The file name used in error messages.
  public let file: String
  public let header: [String]
  public let rows: [CSVRow]

  /// Parses `text`; `file` names it in errors.
  public init(text: String, file: String) throws(InputError) {
    self.file = file
    var records = try CSVTable.records(of: text, file: file)
    guard !records.isEmpty else {
      throw .invalid(SourceLocation(file: file, line: 1), "empty file: expected a header row")
    }
    let headerRecord = records.removeFirst()
    header = headerRecord.fields.map { String($0.trimmingWhitespace()) }
    var seen: Set<String> = []
    for name in header where !name.isEmpty {
      guard seen.insert(name.lowercased()).inserted else {
        throw .invalid(
          SourceLocation(file: file, line: headerRecord.line, field: name), "column appears twice")
      }
    }
    for record in records where record.fields.count != header.count {
      throw .invalid(
        SourceLocation(file: file, line: record.line),
        "\(record.fields.count) fields where the header has \(header.count)")
    }
    rows = records
  }

  /// Reads and parses the file at `path`.
  public init(contentsOf path: String) throws(InputError) {
    try self.init(text: try TextFile.read(path), file: path)
  }

  /// The index of a column, matched by name ignoring case; nil when absent.
  public func columnIndex(_ name: String) -> Int? {
    header.firstIndex { $0.lowercased() == name.lowercased() }
  }

  /// The index of a column that must be present.
  public func requireColumn(_ name: String) throws(InputError) -> Int {
    guard let index = columnIndex(name) else {
      throw .invalid(
        SourceLocation(file: file, line: 1, field: name),
        "missing column (found: \(header.joined(separator: ", ")))")
    }
    return index
  }

  /// A located error for a cell.
  public func error(_ row: CSVRow, column: Int, _ message: String) -> InputError {
    .invalid(SourceLocation(file: file, line: row.line, field: header[column]), message)
  }

  /// The most columns a header may have, the most fields past the header's width a row may
  /// have before it is refused, and the longest record: limits that keep memory in proportion
  /// to the file however malformed a row is.
  public static let mostColumns = 10_000
  static let mostExtraFields = 100
  public static let longestRecordBytes = 1 << 20

  private static func records(of text: String, file: String) throws(InputError) -> [CSVRow] {
    var records: [CSVRow] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var inQuotes = false
    var fieldWasQuoted = false
    var line = 1
    var recordLine = 1
    var recordStart = 0
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var index = 0
    var width: Int?

    func endField() throws(InputError) {
      var text = String(decoding: field, as: UTF8.self)
      if text.hasPrefix("'"), CSVWriter.startsFormula(text.drop { $0 == "'" }) { text.removeFirst() }
      fields.append(text)
      field.removeAll(keepingCapacity: true)
      fieldWasQuoted = false
      let most = width.map { $0 + mostExtraFields } ?? mostColumns
      guard fields.count <= most else {
        throw .invalid(
          SourceLocation(file: file, line: recordLine),
          width.map { "more than \(most) fields where the header has \($0)" }
            ?? "more than \(mostColumns) columns in the header")
      }
    }
    func endRecord() throws(InputError) {
      try endField()
      if !(fields.count == 1 && fields[0].isEmpty) {
        records.append(CSVRow(line: recordLine, fields: fields))
        if width == nil { width = fields.count }
      }
      // A fresh array: one that kept a wide row's capacity would be copied at that size for
      // every later row.
      fields = []
      fields.reserveCapacity(width ?? 16)
    }

    while index < bytes.count {
      let byte = bytes[index]
      if index - recordStart > longestRecordBytes {
        throw .invalid(
          SourceLocation(file: file, line: recordLine), "a record longer than \(longestRecordBytes) bytes")
      }
      if inQuotes {
        if byte == UInt8(ascii: "\"") {
          if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
            field.append(byte)
            index += 1
          } else {
            inQuotes = false
          }
        } else {
          if byte == UInt8(ascii: "\n") { line += 1 }
          field.append(byte)
        }
      } else {
        switch byte {
        case UInt8(ascii: "\""):
          guard field.allSatisfy({ $0 == UInt8(ascii: " ") }), !fieldWasQuoted else {
            throw .invalid(
              SourceLocation(file: file, line: line), "stray quote inside an unquoted field")
          }
          field.removeAll()
          inQuotes = true
          fieldWasQuoted = true
        case UInt8(ascii: ","):
          try endField()
        case UInt8(ascii: "\r") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n"):
          break
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
          try endRecord()
          line += 1
          recordLine = line
          recordStart = index + 1
        default:
          if fieldWasQuoted, byte != UInt8(ascii: " ") {
            throw .invalid(
              SourceLocation(file: file, line: line), "text after the closing quote of a field")
          }
          if !fieldWasQuoted { field.append(byte) }
        }
      }
      index += 1
    }
    if inQuotes {
      throw .invalid(SourceLocation(file: file, line: recordLine), "quoted field is never closed")
    }
    if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { try endRecord() }
    return records
  }
}

/// Builds CSV text: RFC 4180 quoting, LF line ends, and spreadsheet-safe cells unless asked
/// not to be (``CSVTable`` strips the mark again, so Rota reads its own files back as written).
public struct CSVWriter: Sendable {
  public private(set) var text: String
  /// Neutralise cells that a spreadsheet would run as a formula (OWASP CSV injection advice).
  public let spreadsheetSafe: Bool

  public init(header: [String], spreadsheetSafe: Bool = true) {
    self.spreadsheetSafe = spreadsheetSafe
    text = ""
    append(header)
  }

  public mutating func append(_ fields: [String]) {
    text += fields.map(encode).joined(separator: ",")
    text += "\n"
  }

  /// Whether a spreadsheet would take a cell beginning with `text` as a formula.
  static func startsFormula(_ text: Substring) -> Bool {
    guard let first = text.unicodeScalars.first else { return false }
    return ["=", "+", "-", "@", "\t", "\r"].contains(first)
  }

  /// A formula-like cell gets a leading `'`, as do cells already starting with `'`s before
  /// one (so that reading strips exactly one and gives the cell back); negative numbers such
  /// as `-2.5` stay numbers.
  private func encode(_ raw: String) -> String {
    var field = raw
    let afterQuotes = field.drop { $0 == "'" }
    if spreadsheetSafe, Self.startsFormula(afterQuotes),
      afterQuotes.count < field.count || !(field.hasPrefix("-") && Double(field) != nil)
    {
      field = "'" + field
    }
    let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
    guard needsQuotes else { return field }
    return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
  }
}

extension String {
  func replacingAll(_ target: Character, with replacement: String) -> String {
    var result = ""
    for character in self {
      if character == target { result += replacement } else { result.append(character) }
    }
    return result
  }
}
