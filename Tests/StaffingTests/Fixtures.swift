import Foundation
import RotaCore

/// The CSV fixtures beside this file, made by the reference scripts there (see each
/// script's header for the method and the command).
enum Fixture {
  static func rows(_ name: String) -> [[String: String]] {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/\(name)").path
    let table = try! CSVTable(contentsOf: path)
    return table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0.fields)) }
  }
}

/// One row of `erlang_c.csv`.
struct ErlangCReference: Sendable, CustomStringConvertible {
  var calls, handling, answer, target, maxOccupancy: Double
  var maxASA: Double?
  var agents: Int
  var pWait, serviceLevel, asa: Double
  var leastAgents: Int

  var load: Double { calls * handling / 1800 }
  var description: String { "\(calls) calls of \(handling) s, \(agents) agents" }

  static let all: [ErlangCReference] = Fixture.rows("erlang_c.csv").map { row in
    ErlangCReference(
      calls: Double(row["calls"]!)!, handling: Double(row["aht_seconds"]!)!,
      answer: Double(row["answer_seconds"]!)!,
      target: Double(row["target"]!)!, maxOccupancy: Double(row["max_occupancy"]!)!,
      maxASA: Double(row["max_asa"]!),
      agents: Int(row["agents"]!)!, pWait: Double(row["p_wait"]!)!,
      serviceLevel: Double(row["service_level"]!)!,
      asa: Double(row["asa_seconds"]!)!, leastAgents: Int(row["least_agents"]!)!)
  }
}

/// One row of `erlang_a.csv`.
struct ErlangAReference: Sendable, CustomStringConvertible {
  var calls, handling, patience: Double
  var agents: Int
  var answer, pWait, abandon, offered, answered, asa: Double

  var arrivalsPerSecond: Double { calls / 1800 }
  var description: String { "\(calls) calls of \(handling) s, patience \(patience) s, \(agents) agents" }

  static let all: [ErlangAReference] = Fixture.rows("erlang_a.csv").map { row in
    ErlangAReference(
      calls: Double(row["calls"]!)!, handling: Double(row["aht_seconds"]!)!,
      patience: Double(row["patience_seconds"]!)!, agents: Int(row["agents"]!)!,
      answer: Double(row["answer_seconds"]!)!, pWait: Double(row["p_wait"]!)!,
      abandon: Double(row["abandon_rate"]!)!,
      offered: Double(row["sl_offered"]!)!, answered: Double(row["sl_answered"]!)!,
      asa: Double(row["asa_seconds"]!)!)
  }
}
