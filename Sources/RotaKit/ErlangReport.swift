import RotaCore
import Staffing

/// Parsing of the calculator's option values.
public enum ErlangOptions {
  /// `30m`, `1h`, `900s` or plain minutes, in seconds; nil when not a positive length.
  public static func seconds(_ text: String) -> Double? {
    let trimmed = text.trimmingWhitespace().lowercased()
    let units: [(String, Double)] = [("min", 60), ("m", 60), ("h", 3600), ("s", 1)]
    for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
      guard let value = Double(trimmed.dropLast(suffix.count)), value > 0, value * factor <= 1e9 else {
        return nil
      }
      return value * factor
    }
    guard let minutes = Double(trimmed), minutes > 0, minutes * 60 <= 1e9 else { return nil }
    return minutes * 60
  }

  /// `80/20` (percent within seconds) or `0.8/20`.
  public static func target(_ text: String) -> ServiceLevelTarget? {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let level = Double(parts[0].trimmingWhitespace()),
      let seconds = Double(parts[1].trimmingWhitespace())
    else { return nil }
    return ServiceLevelTarget(fraction: level > 1 ? level / 100 : level, answerSeconds: seconds)
  }
}

/// How `rota erlang` shows its answer.
public enum ErlangReport {
  static func fields(_ result: QueuePerformance, basis: ServiceLevelBasis) -> [String: JSONValue] {
    [
      "agents": .number(Double(result.agents)),
      "service_level": .number(result.serviceLevel(basis), decimals: 9),
      "asa_seconds": .number(result.asaSeconds, decimals: 6),
      "p_wait": .number(result.probabilityOfWaiting, decimals: 9),
      "abandon_rate": .number(result.abandonRate, decimals: 9),
      "occupancy": .number(result.occupancy, decimals: 9),
    ]
  }

  public static func json(_ answer: ErlangCalculator.Answer, basis: ServiceLevelBasis) -> JSONValue {
    var object = fields(answer.performance, basis: basis)
    object["gross_agents"] = .number(Double(answer.grossAgents))
    object["model"] = .string(answer.model)
    object["service_level_basis"] = .string(basis.rawValue)
    object["neighbours"] = .array(answer.neighbours.map { .object(fields($0, basis: basis)) })
    return .object(object)
  }

  public static func table(_ answer: ErlangCalculator.Answer, basis: ServiceLevelBasis, csv: Bool) -> String {
    let header = ["agents", "service_level", "asa_seconds", "p_wait", "abandon_rate", "occupancy"]
    let rows = answer.neighbours.map { result in
      [
        String(result.agents), percent(result.serviceLevel(basis)),
        result.asaSeconds.isFinite ? result.asaSeconds.formatted(maxDecimals: 1) : "unbounded",
        percent(result.probabilityOfWaiting), percent(result.abandonRate), percent(result.occupancy),
      ]
    }
    if csv {
      // Numbers a spreadsheet can sum: shares as fractions, an unbounded ASA as an empty cell.
      var writer = CSVWriter(header: header)
      for result in answer.neighbours {
        writer.append(
          [
            String(result.agents), result.serviceLevel(basis).formatted(maxDecimals: 6),
            result.asaSeconds.isFinite ? result.asaSeconds.formatted(maxDecimals: 3) : "",
            result.probabilityOfWaiting.formatted(maxDecimals: 6),
            result.abandonRate.formatted(maxDecimals: 6),
            result.occupancy.formatted(maxDecimals: 6),
          ])
      }
      return writer.text
    }
    var text =
      "\(answer.agents) agents (\(answer.grossAgents) to schedule after shrinkage), \(answer.model.replacingUnderscore()),"
      + " service level over \(basis.rawValue) contacts\n\n"
    let widths = header.indices.map { column in
      max(header[column].count, rows.map { $0[column].count }.max() ?? 0)
    }
    func line(_ cells: [String]) -> String {
      zip(cells, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
    }
    text += line(header) + "\n"
    for (row, result) in zip(rows, answer.neighbours) {
      text += line(row) + (result.agents == answer.agents ? "  ←" : "") + "\n"
    }
    return text
  }

  static func percent(_ value: Double) -> String { (value * 100).formatted(maxDecimals: 2) + "%" }
}

extension String {
  fileprivate func replacingUnderscore() -> String {
    split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
  }
}
