/// Where in an input a problem was found: the file, and when known the 1-based line and the
/// field (a CSV column or a YAML key).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var field: String?

  public init(file: String, line: Int? = nil, field: String? = nil) {
    self.file = file
    self.line = line
    self.field = field
  }

  /// `file:line: field 'name'`, leaving out what is unknown.
  public var description: String {
    var text = file
    if let line { text += ":\(line)" }
    if let field { text += ": field '\(field)'" }
    return text
  }
}

/// Bad input: a file that cannot be read, or content that does not make sense. Every case
/// says where, so that a planner can go straight to the line.
public enum InputError: Error, CustomStringConvertible, Equatable {
  case fileNotFound(String)
  case unreadable(String, reason: String)
  case invalid(SourceLocation, String)

  public var description: String {
    switch self {
    case .fileNotFound(let path): "\(Self.shown(path)): file not found"
    case .unreadable(let path, let reason): "\(Self.shown(path)): cannot read: \(reason)"
    case .invalid(let location, let message): "\(location): \(message)"
    }
  }

  /// A path as typed, quoted when blank or padded with spaces, which would not show otherwise.
  static func shown(_ path: String) -> String {
    path.isEmpty || path.trimmingWhitespace() != path ? "'\(path)'" : path
  }
}

/// Names and values that are one line of text: they flow into every CSV row and calendar line
/// Rota writes, where a CR, LF or NUL would break or cut the file.
public enum OneLineText {
  /// The first control character (Unicode category Cc) in `text` other than a tab, written
  /// as `U+000D`. A tab stays one line (and is a delimiter's name).
  public static func controlCharacter(in text: String) -> String? {
    text.unicodeScalars.first { $0.properties.generalCategory == .control && $0 != "\t" }.map {
      let hex = String($0.value, radix: 16, uppercase: true)
      return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
  }
}

/// The field delimiters Rota reads: a comma, a semicolon (Excel in many European locales), a
/// pipe or a tab.
public enum CSVDelimiter {
  /// The byte for `,`, `;`, `|`, a tab or the word `tab`; nil for anything else.
  public static func byte(_ text: String) -> UInt8? {
    switch text {
    case ",", ";", "|": text.utf8.first
    case "\t", "tab": UInt8(ascii: "\t")
    default: nil
    }
  }

  /// Whether a header read as one field holds another delimiter, as a tab- or
  /// semicolon-separated file read as commas does: the hint for its error.
  public static func hint(forHeader header: [String]) -> String? {
    guard header.count == 1, let field = header.first else { return nil }
    for (character, name) in [("\t", "tab"), (";", ";"), ("|", "|")] where field.contains(character) {
      return "the header is one field holding \(name == "tab" ? "tabs" : "'\(name)'"): the file looks "
        + "\(name == "tab" ? "tab" : name)-separated; give its delimiter (--delimiter \(name), or delimiter: "
        + "\(name == "tab" ? "tab" : "'\(name)'") in the scenario's history mapping)"
    }
    return nil
  }
}
