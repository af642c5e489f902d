import Foundation
import RosterBench
import RotaCore
import Testing

@Suite struct RosterBenchFormatTests {
  /// A one-day instance in the format of roster-bench's FORMAT.md, with `change` applied.
  static func instance(_ change: (inout [String: Any]) -> Void = { _ in }) -> [String: Any] {
    var object: [String: Any] = [
      "name": "tiny", "family": "S", "days": 1, "interval_min": 60, "cyclic": false,
      "open": [[360, 1320]],
      "required": [
        Array(repeating: 0, count: 8) + Array(repeating: 2, count: 12) + Array(repeating: 0, count: 4)
      ],
      "shift_templates": [
        [
          "name": "F8", "length_min": 480, "paid_hours": 7.5, "cost_per_hour": 20.0, "part_time": false,
          "start_earliest_min": 420, "start_latest_min": 780, "start_step_min": 60,
          "break": [
            "length_min": 60, "earliest_start_after_min": 180, "latest_start_after_min": 300, "step_min": 60,
            "paid": false,
          ],
        ]
      ],
      "tour": NSNull(),
      "objective": ["under_penalty_per_agent_interval": 60.0, "over_penalty_per_agent_interval": 1.0],
    ]
    change(&object)
    return object
  }

  func write(_ object: [String: Any]) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("rb-\(UUID().uuidString).json")
      .path
    try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func readsAnInstanceOnItsSlotTimeline() throws {
    let path = try write(Self.instance())
    defer { try? FileManager.default.removeItem(atPath: path) }
    let instance = try RosterBenchFormat.readInstance(path)
    #expect(
      instance.problem.slotCount == 24
        && instance.problem.templates[0].startSlots == [7, 8, 9, 10, 11, 12, 13])
    #expect(
      instance.problem.templates[0].breakOffsets == [3, 4, 5] && instance.problem.templates[0].cost == 150)
  }

  /// Each mistake names its field.
  @Test(arguments: ["interval_min", "required", "shift_templates[0].length_min", "tour", "days"])
  func mistakesNameTheirField(_ field: String) throws {
    let change: (inout [String: Any]) -> Void = { object in
      switch field {
      case "interval_min": object["interval_min"] = 7
      case "required": object["required"] = [[1, 2]]
      case "tour": object["tour"] = ["days_on": 1, "consecutive_days_off": 2]
      case "days": object.removeValue(forKey: "days")
      default:
        var template = (object["shift_templates"] as! [[String: Any]])[0]
        template["length_min"] = 450
        object["shift_templates"] = [template]
      }
    }
    let path = try write(Self.instance(change))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect {
      _ = try RosterBenchFormat.readInstance(path)
    } throws: { error in
      "\(error)".contains(path) && "\(error)".contains("'\(field)'")
    }
  }
}
