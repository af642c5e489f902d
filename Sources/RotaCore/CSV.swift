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

  private static func records(of text: String, file: String) throws(InputError) -> [CSVRow] {
    var records: [CSVRow] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var inQuotes = false
    var fieldWasQuoted = false
    var line = 1
    var recordLine = 1
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var index = 0

    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      fieldWasQuoted = false
    }
    func endRecord() {
      endField()
      if !(fields.count == 1 && fields[0].isEmpty) {
        records.append(CSVRow(line: recordLine, fields: fields))
      }
      fields.removeAll(keepingCapacity: true)
    }

    while index < bytes.count {
      let byte = bytes[index]
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
          endField()
        case UInt8(ascii: "\r") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n"):
          break
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
          endRecord()
          line += 1
          recordLine = line
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
    if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
    return records
  }
}

/// Builds CSV text: RFC 4180 quoting, LF line ends, and optionally spreadsheet-safe cells.
public struct CSVWriter: Sendable {
  public private(set) var text: String
  /// Neutralise cells that a spreadsheet would run as a formula (OWASP CSV injection advice).
  public let spreadsheetSafe: Bool

  public init(header: [String], spreadsheetSafe: Bool = false) {
    self.spreadsheetSafe = spreadsheetSafe
    text = ""
    append(header)
  }

  public mutating func append(_ fields: [String]) {
    text += fields.map(encode).joined(separator: ",")
    text += "\n"
  }

  private func encode(_ raw: String) -> String {
    var field = raw
    if spreadsheetSafe, let first = field.unicodeScalars.first,
      ["=", "+", "-", "@", "\t", "\r"].contains(first)
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
