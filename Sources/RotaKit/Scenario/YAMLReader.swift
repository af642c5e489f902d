import RotaCore
import Yams

/// A YAML node with the file and key path it came from, so that every error can name the
/// file, the line and the field.
struct YAMLValue {
  let node: Node
  let file: String
  /// Dotted path of keys from the root, e.g. `channels.phone.handling_seconds`.
  let path: String

  static func parse(_ text: String, file: String) throws(InputError) -> YAMLValue {
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw InputError.invalid(SourceLocation(file: file, line: 1), "empty scenario")
      }
      return YAMLValue(node: node, file: file, path: "")
    } catch let error as InputError {
      throw error
    } catch let error as YamlError {
      throw YAMLValue.describe(error, file: file)
    } catch {
      throw .invalid(SourceLocation(file: file), "not valid YAML: \(error)")
    }
  }

  private static func describe(_ error: YamlError, file: String) -> InputError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return .invalid(SourceLocation(file: file, line: mark.line), "not valid YAML: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .invalid(
        SourceLocation(file: file, line: context.mark.line, field: duplicates.first),
        "key appears twice")
    default:
      return .invalid(SourceLocation(file: file), "not valid YAML: \(error)")
    }
  }

  var line: Int? { node.mark?.line }
  var location: SourceLocation { SourceLocation(file: file, line: line, field: path.isEmpty ? nil : path) }

  func fail(_ message: String) -> InputError { .invalid(location, message) }

  func child(_ key: String, _ node: Node) -> YAMLValue {
    YAMLValue(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
  }

  /// The members of a mapping in file order; keys outside `allowed` are errors.
  func mapping(allowed: Set<String>? = nil) throws(InputError) -> [(key: String, value: YAMLValue)] {
    guard let mapping = node.mapping else { throw fail("expected a mapping of keys to values") }
    var result: [(String, YAMLValue)] = []
    for (keyNode, valueNode) in mapping {
      guard let key = keyNode.scalar?.string else {
        throw InputError.invalid(
          SourceLocation(file: file, line: keyNode.mark?.line, field: path), "key is not text")
      }
      if let control = OneLineText.controlCharacter(in: key) {
        throw InputError.invalid(
          SourceLocation(file: file, line: keyNode.mark?.line, field: path),
          "key holds a control character (\(control)); names are one line of text")
      }
      let value = child(key, valueNode)
      if let allowed, !allowed.contains(key) {
        throw InputError.invalid(
          SourceLocation(file: file, line: keyNode.mark?.line, field: value.path),
          "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
      }
      result.append((key, value))
    }
    return result
  }

  /// A mapping read as a dictionary, with unknown keys rejected and `required` keys checked.
  func fields(allowed: Set<String>, required: Set<String> = []) throws(InputError) -> [String: YAMLValue] {
    var result: [String: YAMLValue] = [:]
    for (key, value) in try mapping(allowed: allowed.union(required)) { result[key] = value }
    for key in required.sorted() where result[key] == nil {
      throw fail("missing required key '\(key)'")
    }
    return result
  }

  func sequence() throws(InputError) -> [YAMLValue] {
    guard let sequence = node.sequence else { throw fail("expected a list") }
    return sequence.enumerated().map { child("\($0.offset)", $0.element) }
  }

  /// A value as text; no value in a scenario is more than one line, and names flow into
  /// every CSV and calendar Rota writes, so control characters (CR, LF, NUL…) are refused.
  func string() throws(InputError) -> String {
    guard let scalar = node.scalar else { throw fail("expected a single value") }
    if let control = OneLineText.controlCharacter(in: scalar.string) {
      throw fail("holds a control character (\(control)); values are one line of text")
    }
    return scalar.string
  }

  func double() throws(InputError) -> Double {
    let text = try string()
    guard let value = Double(text.trimmingWhitespace()), value.isFinite else {
      throw fail("'\(text)' is not a number")
    }
    return value
  }

  func int() throws(InputError) -> Int {
    let text = try string()
    guard let value = Int(text.trimmingWhitespace()) else { throw fail("'\(text)' is not a whole number") }
    return value
  }

  func bool() throws(InputError) -> Bool {
    switch try string().lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    case let text: throw fail("'\(text)' is not true or false")
    }
  }

  func double(in range: ClosedRange<Double>, _ meaning: String) throws(InputError) -> Double {
    let value = try double()
    guard range.contains(value) else {
      throw fail("\(value.formatted(maxDecimals: 6)) is out of range: \(meaning)")
    }
    return value
  }

  func double(above lower: Double, _ meaning: String) throws(InputError) -> Double {
    let value = try double()
    guard value > lower else { throw fail("\(value.formatted(maxDecimals: 6)) is out of range: \(meaning)") }
    return value
  }

  func int(in range: ClosedRange<Int>, _ meaning: String) throws(InputError) -> Int {
    let value = try int()
    guard range.contains(value) else { throw fail("\(value) is out of range: \(meaning)") }
    return value
  }

  func date() throws(InputError) -> LocalDate {
    let text = try string()
    guard let date = LocalDate(iso: text.trimmingWhitespace()) else {
      throw fail("'\(text)' is not a date like 2026-12-07")
    }
    return date
  }

  func weekday() throws(InputError) -> Weekday {
    let text = try string()
    guard let day = Weekday(name: String(text.trimmingWhitespace())) else {
      throw fail("'\(text)' is not a weekday")
    }
    return day
  }

  /// `HH:MM-HH:MM`; with `allowEmpty`, the two times may be equal (a window of one start).
  func timeRange(allowEmpty: Bool = false) throws(InputError) -> (open: TimeOfDay, close: TimeOfDay) {
    let text = try string()
    let parts = text.split(separator: "-")
    guard parts.count == 2, let open = TimeOfDay(parts[0].trimmingWhitespace()),
      let close = TimeOfDay(parts[1].trimmingWhitespace())
    else { throw fail("'\(text)' is not a time range like 08:00-20:00") }
    guard open < close || (allowEmpty && open == close) else {
      throw fail("'\(text)' closes before it opens")
    }
    return (open, close)
  }

  /// A duration `H:MM`, in minutes.
  func duration() throws(InputError) -> Int {
    try duration(try string())
  }

  /// A range of durations `H:MM-H:MM`, in minutes.
  func durationRange() throws(InputError) -> (Int, Int) {
    let text = try string()
    let parts = text.split(separator: "-")
    guard parts.count == 2 else { throw fail("'\(text)' is not a range like 3:00-5:00") }
    return (try duration(String(parts[0])), try duration(String(parts[1])))
  }

  private func duration(_ text: String) throws(InputError) -> Int {
    let parts = text.trimmingWhitespace().split(separator: ":")
    guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), hours >= 0,
      (0...59).contains(minutes), parts[1].count == 2
    else { throw fail("'\(text)' is not a duration like 8:30") }
    return hours * 60 + minutes
  }
}
