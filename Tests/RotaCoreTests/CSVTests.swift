import Foundation
import Testing

@testable import RotaCore

@Suite struct CSVTests {
  @Test func byteOrderMarkCRLFAndQuotedFields() throws {
    let text =
      "\u{FEFF}Name,Note,Volume\r\n\"O'Brien, Siobhán\",\"said \"\"hi\"\"\r\nthen left\",3\r\nplain,,4\r\n"
    let table = try CSVTable(text: text, file: "t.csv")
    #expect(table.header == ["Name", "Note", "Volume"])
    #expect(table.rows.count == 2)
    #expect(table.rows[0].fields == ["O'Brien, Siobhán", "said \"hi\"\r\nthen left", "3"])
    #expect(table.rows[1].line == 4)
    #expect(table.rows[1].fields == ["plain", "", "4"])
    #expect(table.columnIndex("volume") == 2)
  }

  @Test func blankLinesAndMissingFinalNewline() throws {
    let table = try CSVTable(text: "a,b\n\n1,2\n\n3,4", file: "t.csv")
    #expect(table.rows.map(\.fields) == [["1", "2"], ["3", "4"]])
    #expect(table.rows.map(\.line) == [3, 5])
  }

  @Test(arguments: [
    ("a,b\n1,2\n3\n", "t.csv:3: 1 fields where the header has 2"),
    ("a,b\n1,\"2\n", "t.csv:2: quoted field is never closed"),
    ("a,b\n1,x\"y\"\n", "t.csv:2: stray quote inside an unquoted field"),
    ("a,b\n1,\"x\"y\n", "t.csv:2: text after the closing quote of a field"),
    ("a,a\n1,2\n", "t.csv:1: field 'a': column appears twice"),
    ("", "t.csv:1: empty file: expected a header row"),
  ])
  func malformedFilesNameTheLine(_ text: String, _ message: String) {
    #expect(throws: InputError.self) { try CSVTable(text: text, file: "t.csv") }
    do {
      _ = try CSVTable(text: text, file: "t.csv")
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func missingColumnNamesTheField() throws {
    let table = try CSVTable(text: "timestamp,count\n", file: "h.csv")
    #expect(throws: InputError.self) { try table.requireColumn("volume") }
    do { _ = try table.requireColumn("volume") } catch {
      #expect(error.description == "h.csv:1: field 'volume': missing column (found: timestamp, count)")
    }
  }

  @Test func writerQuotesAndRoundTrips() throws {
    var writer = CSVWriter(header: ["name", "note"])
    writer.append(["a,b", "say \"x\"\nnext"])
    let table = try CSVTable(text: writer.text, file: "w.csv")
    #expect(table.rows[0].fields == ["a,b", "say \"x\"\nnext"])
  }

  /// A cell a spreadsheet would run gets a leading `'` in the file, which Rota's reader
  /// strips again; negative numbers stay numbers.
  @Test(arguments: [
    ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("=SHORT()", "'=SHORT()"), ("'=SHORT()", "''=SHORT()"), ("-2", "-2"), ("+1", "'+1"), ("-0.5", "-0.5"),
    ("-x", "'-x"), ("O'Brien", "O'Brien"),
  ])
  func spreadsheetSafeCellsCannotRunFormulas(_ cell: String, _ written: String) throws {
    var writer = CSVWriter(header: ["name"])
    writer.append([cell])
    #expect(writer.text == "name\n\(written)\n")
    let table = try CSVTable(text: writer.text, file: "w.csv")
    #expect(table.rows[0].fields[0] == cell)
  }

  /// Whatever the cells, reading what the writer wrote gives them back.
  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func writingThenReadingGivesTheCellsBack(_ seed: UInt64) throws {
    var state = seed
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33)
    }
    let alphabet: [Character] = ["'", "=", "-", "+", "@", "a", "1", ",", "\"", "\n", " ", ".", "\t", "é"]
    var rows: [[String]] = []
    for _ in 0..<200 {
      rows.append(
        (0..<3).map { _ in String((0..<(next() % 6)).map { _ in alphabet[next() % alphabet.count] }) })
    }
    var writer = CSVWriter(header: ["a", "b", "c"])
    for row in rows { writer.append(row) }
    let table = try CSVTable(text: writer.text, file: "w.csv")
    #expect(table.rows.map(\.fields) == rows)
  }

  /// Pieces a name from a real team can hold, and pieces a damaged or hostile one can: CR LF
  /// (one Character in Swift), a lone CR, a quote with a combining mark on it (also one
  /// Character), right-to-left marks, emoji joined by ZWJ, spaces at either end.
  static let awkwardPieces = [
    "\r\n", "\r", "\n", "\"\u{301}", "\"", ",", "e\u{301}", "\u{200F}", "\u{202E}", "\u{05D0}\u{05D1}",
    "👩\u{200D}💻", "👨\u{200D}👩\u{200D}👧", " ", "=", "-", "'", "Ann", "Ó", "\t", "\u{FEFF}",
  ]

  /// Whatever Unicode the cells hold, reading what the writer wrote gives them back, and no
  /// cell's text starts a row of its own.
  @Test(arguments: [11, 12, 13, 14, 15] as [UInt64])
  func unicodeCellsRoundTrip(_ seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    var rows: [[String]] = []
    for _ in 0..<300 {
      rows.append(
        (0..<3).map { _ in
          (0..<Int.random(in: 0...5, using: &random)).map { _ in
            Self.awkwardPieces.randomElement(using: &random)!
          }
          .joined()
        })
    }
    var writer = CSVWriter(header: ["id", "name", "note"])
    for row in rows { writer.append(row) }
    let table = try CSVTable(text: writer.text, file: "w.csv")
    #expect(table.rows.map(\.fields) == rows)
    #expect(table.rows.count == rows.count)
  }

  /// Read a few bytes at a time, a file gives the rows and the errors it gives read whole,
  /// however the blocks cut its quotes, doubled quotes, CRLFs and byte-order mark.
  @Test(arguments: [1, 2, 3, 5, 7, 64])
  func readingInBlocksGivesTheSameRows(_ blockSize: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rota-blocks-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let texts = [
      "\u{FEFF}Name,Note,Volume\r\n\"O'Brien, Siobhán\",\"said \"\"hi\"\"\r\nthen left\",3\r\nplain,,4\r\n'=x,\"\",5",
      "a,b\n1,2\n3\n", "a,b\n1,\"2\n", "a,b\n1,x\"y\"\n", "a,a\n1,2\n", "",
    ]
    for (index, text) in texts.enumerated() {
      let path = folder + "/\(index).csv"
      try text.write(toFile: path, atomically: false, encoding: .utf8)
      let whole = Result { () throws(InputError) in try CSVTable(text: text, file: path) }
      let streamed = Result { () throws(InputError) -> (CSVFileRows, [CSVRow]) in
        let rows = try CSVFileRows(contentsOf: path, blockSize: blockSize)
        var seen: [CSVRow] = []
        try rows.forEachRow { seen.append($0) }
        return (rows, seen)
      }
      switch (whole, streamed) {
      case (.success(let table), .success(let (rows, seen))):
        #expect(rows.header == table.header)
        #expect(seen.map(\.fields) == table.rows.map(\.fields) && seen.map(\.line) == table.rows.map(\.line))
      case (.failure(let expected), .failure(let error)):
        #expect(error == expected, "text \(index)")
      default:
        Issue.record("text \(index): \(whole) read whole, \(streamed) in blocks of \(blockSize)")
      }
    }
  }

  /// One row far wider than its header fails at once, naming its line.
  @Test func aWideRowIsRefusedEarly() {
    let text = "a,b\n1,2\n" + Array(repeating: "x", count: 500).joined(separator: ",") + "\n"
    #expect(
      throws: InputError.invalid(
        SourceLocation(file: "w.csv", line: 3), "more than 102 fields where the header has 2")
    ) {
      try CSVTable(text: text, file: "w.csv")
    }
  }

  /// A run of several files marks its folder until the last is in place and clears the
  /// temporaries a killed run left; a folder with the mark says so.
  @Test func aRunOfFilesMarksItsFolderUntilDone() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rota-run-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    // What a run killed between writing and renaming leaves (its pid long gone).
    try "half".write(toFile: folder + "/.a.csv.999999999.tmp", atomically: false, encoding: .utf8)
    try "stale".write(toFile: folder + "/" + AtomicFile.incompleteMarker, atomically: false, encoding: .utf8)
    #expect(AtomicFile.isIncomplete(folder + "/a.csv"))
    try AtomicFile.write([(folder + "/a.csv", "1\n"), (folder + "/b.csv", "2\n")], protecting: [])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["a.csv", "b.csv"])
    #expect(!AtomicFile.isIncomplete(folder + "/a.csv"))
  }

  @Test func atomicWriteReplacesWholeFile() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rota-atomic-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/out.txt"
    try AtomicFile.write("first", to: path)
    try AtomicFile.write("second", to: path)
    #expect(try TextFile.read(path) == "second")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.txt"])
    #expect(throws: InputError.fileNotFound(folder + "/absent.csv")) {
      try TextFile.read(folder + "/absent.csv")
    }
  }
}
