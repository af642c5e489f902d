import Foundation

/// One data row of a CSV file, with the line it starts on.
public struct CSVRow: Sendable {
  /// 1-based line number in the file where the row starts.
  public let line: Int
  public let fields: [String]
}

/// Rows of a CSV input read by column name: a whole ``CSVTable``, or a ``CSVFileRows`` read
/// a block at a time.
public protocol CSVRowSource {
  /// The file name used in error messages.
  var file: String { get }
  var header: [String] { get }
  /// Visits every data row in order.
  func forEachRow(_ body: (CSVRow) throws(InputError) -> Void) throws(InputError)
}

extension CSVRowSource {
  /// The index of a column, matched by name ignoring case, or failing that ignoring spaces,
  /// underscores and hyphens too when one column alone matches (`Created at` for
  /// `created_at`); nil when absent.
  public func columnIndex(_ name: String) -> Int? {
    if let exact = header.firstIndex(where: { $0.lowercased() == name.lowercased() }) { return exact }
    func loose(_ text: String) -> String {
      String(text.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" })
    }
    let key = loose(name)
    let matches = header.indices.filter { loose(header[$0]) == key }
    return matches.count == 1 ? matches[0] : nil
  }

  /// The index of a column that must be present.
  public func requireColumn(_ name: String) throws(InputError) -> Int {
    guard let index = columnIndex(name) else {
      throw .invalid(
        SourceLocation(file: file, line: 1, field: name),
        CSVDelimiter.hint(forHeader: header) ?? "missing column (found: \(header.joined(separator: ", ")))")
    }
    return index
  }

  /// A located error for a cell.
  public func error(_ row: CSVRow, column: Int, _ message: String) -> InputError {
    .invalid(SourceLocation(file: file, line: row.line, field: header[column]), message)
  }
}

/// A CSV file read by column name (RFC 4180 with the usual tolerances: UTF-8 with or without
/// a byte-order mark, LF or CRLF line ends, quoted fields with `""` escapes and embedded line
/// breaks, blank lines skipped).
public struct CSVTable: Sendable, CSVRowSource {
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
    header = try Self.checkedHeader(headerRecord.fields, file: file, line: headerRecord.line)
    for record in records where record.fields.count != header.count {
      throw .invalid(
        SourceLocation(file: file, line: record.line),
        "\(record.fields.count) fields where the header has \(header.count)")
    }
    rows = records
  }

  /// Header names trimmed, none twice (ignoring case).
  static func checkedHeader(_ fields: [String], file: String, line: Int) throws(InputError) -> [String] {
    let header = fields.map { String($0.trimmingWhitespace()) }
    var seen: Set<String> = []
    for name in header where !name.isEmpty {
      guard seen.insert(name.lowercased()).inserted else {
        throw .invalid(SourceLocation(file: file, line: line, field: name), "column appears twice")
      }
    }
    return header
  }

  /// Reads and parses the file at `path`.
  public init(contentsOf path: String) throws(InputError) {
    try self.init(text: try TextFile.read(path), file: path)
  }

  public func forEachRow(_ body: (CSVRow) throws(InputError) -> Void) throws(InputError) {
    for row in rows { try body(row) }
  }

  /// The most columns a header may have, the most fields past the header's width a row may
  /// have before it is refused, and the longest record: limits that keep memory in proportion
  /// to the file however malformed a row is.
  public static let mostColumns = 10_000
  static let mostExtraFields = 100
  public static let longestRecordBytes = 1 << 20

  private static func records(of text: String, file: String) throws(InputError) -> [CSVRow] {
    var records: [CSVRow] = []
    var parser = CSVParser(file: file)
    try parser.feed(Array(text.utf8), final: true) { records.append($0) }
    return records
  }
}

/// The CSV grammar of ``CSVTable`` over bytes fed in pieces, so that a file can be read a
/// block at a time: each record is handed on as soon as it ends, and memory holds one record.
struct CSVParser {
  let file: String
  /// The byte between fields: a comma, or the semicolon, tab or bar some exports use.
  let delimiter: UInt8
  private var fields: [String] = []
  private var field: [UInt8] = []
  private var inQuotes = false
  private var fieldWasQuoted = false
  private var line = 1
  private var recordLine = 1
  private var recordStart = 0
  /// Bytes consumed before the current piece.
  private var offset = 0
  /// A byte whose meaning depends on the next (a quote, a carriage return), kept for the next piece.
  private var pending: [UInt8] = []
  private var started = false
  private var width: Int?

  init(file: String, delimiter: UInt8 = UInt8(ascii: ",")) {
    self.file = file
    self.delimiter = delimiter
  }

  private mutating func endField() throws(InputError) {
    var text = String(decoding: field, as: UTF8.self)
    if text.hasPrefix("'"), CSVWriter.startsFormula(text.drop { $0 == "'" }) { text.removeFirst() }
    fields.append(text)
    field.removeAll(keepingCapacity: true)
    fieldWasQuoted = false
    let most = width.map { $0 + CSVTable.mostExtraFields } ?? CSVTable.mostColumns
    guard fields.count <= most else {
      throw .invalid(
        SourceLocation(file: file, line: recordLine),
        width.map { "more than \(most) fields where the header has \($0)" }
          ?? "more than \(CSVTable.mostColumns) columns in the header")
    }
  }

  private mutating func endRecord(_ emit: (CSVRow) throws(InputError) -> Void) throws(InputError) {
    try endField()
    if !(fields.count == 1 && fields[0].isEmpty) {
      try emit(CSVRow(line: recordLine, fields: fields))
      if width == nil { width = fields.count }
    }
    // A fresh array: one that kept a wide row's capacity would be copied at that size for
    // every later row.
    fields = []
    fields.reserveCapacity(width ?? 16)
  }

  /// Parses `piece`; with `final`, it is the end of the input.
  mutating func feed(_ piece: [UInt8], final: Bool, emit: (CSVRow) throws(InputError) -> Void)
    throws(InputError)
  {
    var bytes = pending + piece
    pending = []
    if !started {
      guard bytes.count >= 3 || final else {
        pending = bytes
        return
      }
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
      started = true
    }
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      let hasNext = index + 1 < bytes.count
      if !hasNext, !final, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r") {
        pending = [byte]
        break
      }
      if offset + index - recordStart > CSVTable.longestRecordBytes {
        throw .invalid(
          SourceLocation(file: file, line: recordLine),
          "a record longer than \(CSVTable.longestRecordBytes) bytes")
      }
      if inQuotes {
        if byte == UInt8(ascii: "\"") {
          if hasNext, bytes[index + 1] == UInt8(ascii: "\"") {
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
            throw .invalid(SourceLocation(file: file, line: line), "stray quote inside an unquoted field")
          }
          field.removeAll()
          inQuotes = true
          fieldWasQuoted = true
        case delimiter:
          try endField()
        case UInt8(ascii: "\r") where hasNext && bytes[index + 1] == UInt8(ascii: "\n"):
          break
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
          try endRecord(emit)
          line += 1
          recordLine = line
          recordStart = offset + index + 1
        default:
          if fieldWasQuoted, byte != UInt8(ascii: " ") {
            throw .invalid(SourceLocation(file: file, line: line), "text after the closing quote of a field")
          }
          if !fieldWasQuoted { field.append(byte) }
        }
      }
      index += 1
    }
    offset += index
    guard final else { return }
    if inQuotes {
      throw .invalid(SourceLocation(file: file, line: recordLine), "quoted field is never closed")
    }
    if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { try endRecord(emit) }
  }
}

/// A CSV file read a block at a time, for inputs (histories, ticket logs) that may run to
/// millions of lines: its rows are visited, never all held, and the same checks hold as for
/// ``CSVTable`` (header, widths, record length).
public struct CSVFileRows: Sendable, CSVRowSource {
  public let file: String
  public let header: [String]
  /// Bytes read at a time.
  let blockSize: Int
  let delimiter: UInt8

  /// Opens `path` and reads its header; `delimiter` separates fields (a comma unless an
  /// export uses `;`, tab or `|`).
  public init(contentsOf path: String, delimiter: UInt8 = UInt8(ascii: ","), blockSize: Int = 1 << 20)
    throws(InputError)
  {
    file = path
    self.blockSize = max(1, blockSize)
    self.delimiter = delimiter
    var found: [String]?
    try Self.visit(path, delimiter: delimiter, blockSize: self.blockSize) { row throws(InputError) in
      found = row.fields
      throw Self.stop
    }
    guard let found else {
      throw .invalid(SourceLocation(file: path, line: 1), "empty file: expected a header row")
    }
    header = try CSVTable.checkedHeader(found, file: path, line: 1)
  }

  /// Visits every data row in order.
  public func forEachRow(_ body: (CSVRow) throws(InputError) -> Void) throws(InputError) {
    var first = true
    let width = header.count
    try Self.visit(file, delimiter: delimiter, blockSize: blockSize) { row throws(InputError) in
      if first {
        first = false
        return
      }
      guard row.fields.count == width else {
        throw .invalid(
          SourceLocation(file: file, line: row.line),
          "\(row.fields.count) fields where the header has \(width)")
      }
      try body(row)
    }
  }

  private static let stop = InputError.invalid(SourceLocation(file: "", line: 0), "stop")

  private static func visit(
    _ path: String, delimiter: UInt8, blockSize: Int, _ body: (CSVRow) throws(InputError) -> Void
  ) throws(InputError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .fileNotFound(path)
    }
    guard !isDirectory.boolValue else { throw .unreadable(path, reason: "it is a directory") }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .unreadable(path, reason: "permission denied or I/O error")
    }
    defer { try? handle.close() }
    var parser = CSVParser(file: path, delimiter: delimiter)
    do {
      while true {
        let block = handle.readData(ofLength: blockSize)
        try parser.feed(Array(block), final: block.isEmpty, emit: body)
        if block.isEmpty { break }
      }
    } catch {
      if error == stop { return }
      throw error
    }
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
    // By scalars: in Swift "\r\n" is one Character, and a quote followed by a combining mark
    // is another, so a test on Characters misses both.
    let scalars = field.unicodeScalars
    let needsQuotes =
      scalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
      || scalars.first.map(Self.isSpace) == true || scalars.last.map(Self.isSpace) == true
    guard needsQuotes else { return field }
    var quoted = String.UnicodeScalarView()
    quoted.append("\"")
    for scalar in scalars {
      quoted.append(scalar)
      if scalar == "\"" { quoted.append(scalar) }
    }
    quoted.append("\"")
    return String(quoted)
  }

  private static func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace }
}
