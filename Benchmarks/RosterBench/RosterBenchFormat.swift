import Foundation
import RotaCore

/// The public rostering instances' JSON format (roster-bench `FORMAT.md`, v1): instances in,
/// solutions out (from a roster.csv, ``solution(fromRoster:instance:)``). Times in the files
/// are minutes; an instance is read onto slots of `interval_min`.
public enum RosterBenchFormat {
  /// An instance as a ``CoverageProblem`` with its name.
  public struct Instance: Sendable {
    public var name: String
    public var problem: CoverageProblem
  }

  private struct File: Decodable {
    struct Template: Decodable {
      struct Break: Decodable {
        var length_min: Int
        var earliest_start_after_min: Int
        var latest_start_after_min: Int
        var step_min: Int
      }
      var name: String
      var length_min: Int
      var paid_hours: Double
      var cost_per_hour: Double
      var part_time: Bool?
      var start_earliest_min: Int
      var start_latest_min: Int
      var start_step_min: Int
      var days: [Int]?
      var `break`: Break?
    }
    struct Tour: Decodable {
      var days_on: Int
      var consecutive_days_off: Int
      var days_off_wrap: Bool?
      var start_variation_max_min: Int?
      var same_template_all_week: Bool?
    }
    struct Limits: Decodable {
      var max_headcount: Int?
      var max_part_time_share: Double?
      var min_part_time_share: Double?
      var max_shifts_per_day: Int?
      var max_agents_per_interval: Int?
    }
    struct Objective: Decodable {
      var under_penalty_per_agent_interval: Double
      var over_penalty_per_agent_interval: Double?
    }
    var name: String
    var days: Int
    var interval_min: Int
    var cyclic: Bool
    var required: [[Int]]
    var shift_templates: [Template]
    var tour: Tour?
    var limits: Limits?
    var objective: Objective
  }

  /// Reads an instance; a file that is not of the format, or asks for what the benchmark does
  /// not model, is an ``InputError`` naming the field.
  public static func readInstance(_ path: String) throws(InputError) -> Instance {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw .unreadable(path, reason: error.localizedDescription)
    }
    guard data.count <= 64 << 20 else { throw .unreadable(path, reason: "larger than 64 MiB") }
    let file: File
    do { file = try JSONDecoder().decode(File.self, from: data) } catch {
      throw .invalid(SourceLocation(file: path), "not a roster-bench instance: \(describe(error))")
    }
    func fail(_ field: String, _ message: String) -> InputError {
      .invalid(SourceLocation(file: path, field: field), message)
    }
    let minutes = file.interval_min
    guard (1...1440).contains(minutes), 1440 % minutes == 0 else {
      throw fail("interval_min", "\(minutes) does not divide a day")
    }
    guard (1...62).contains(file.days) else { throw fail("days", "\(file.days): 1 to 62 days are planned") }
    let perDay = 1440 / minutes
    guard file.required.count == file.days, file.required.allSatisfy({ $0.count == perDay }) else {
      throw fail("required", "needs \(file.days) days of \(perDay) intervals")
    }
    func slots(_ value: Int, _ field: String, within range: ClosedRange<Int> = 0...2880) throws(InputError)
      -> Int
    {
      guard range.contains(value), value % minutes == 0 else {
        throw fail(field, "\(value) min is not a multiple of \(minutes) in \(range)")
      }
      return value / minutes
    }
    var templates: [CoverageTemplate] = []
    for (index, template) in file.shift_templates.enumerated() {
      let field = "shift_templates[\(index)]"
      guard template.paid_hours.isFinite, (0...48).contains(template.paid_hours),
        template.cost_per_hour.isFinite, (0...100_000).contains(template.cost_per_hour)
      else { throw fail(field, "paid_hours or cost_per_hour out of range") }
      let length = try slots(template.length_min, "\(field).length_min", within: minutes...2880)
      let earliest = try slots(template.start_earliest_min, "\(field).start_earliest_min", within: 0...1439)
      let latest = try slots(template.start_latest_min, "\(field).start_latest_min", within: 0...1439)
      let step = try slots(template.start_step_min, "\(field).start_step_min", within: minutes...1440)
      guard earliest <= latest else { throw fail(field, "start_earliest_min after start_latest_min") }
      let days = template.days ?? Array(0..<file.days)
      guard days.allSatisfy({ (0..<file.days).contains($0) }) else {
        throw fail("\(field).days", "a day outside")
      }
      var breakSlots = 0
      var offsets: [Int] = []
      if let rule = template.break {
        breakSlots = try slots(rule.length_min, "\(field).break.length_min", within: minutes...1440)
        let first = try slots(rule.earliest_start_after_min, "\(field).break.earliest_start_after_min")
        let last = try slots(rule.latest_start_after_min, "\(field).break.latest_start_after_min")
        let every = try slots(rule.step_min, "\(field).break.step_min", within: minutes...1440)
        offsets = stride(from: first, through: last, by: every).filter { $0 + breakSlots <= length }
        guard !offsets.isEmpty else { throw fail("\(field).break", "no break start fits in the shift") }
      }
      templates.append(
        CoverageTemplate(
          name: template.name, lengthSlots: length, cost: template.paid_hours * template.cost_per_hour,
          paidHours: template.paid_hours, partTime: template.part_time ?? false,
          startSlots: Array(stride(from: earliest, through: latest, by: step)), days: Set(days),
          breakSlots: breakSlots, breakOffsets: offsets))
    }
    guard Set(templates.map(\.name)).count == templates.count else {
      throw fail("shift_templates", "two templates share a name")
    }
    var tours: TourRule?
    if let tour = file.tour {
      guard (1...file.days).contains(tour.days_on), tour.consecutive_days_off == file.days - tour.days_on
      else {
        throw fail("tour", "days_on + consecutive_days_off must be the \(file.days) days")
      }
      guard (tour.start_variation_max_min ?? 0) == 0, tour.same_template_all_week ?? true else {
        throw fail("tour", "only tours with one start and one template all week are planned")
      }
      tours = TourRule(daysOn: tour.days_on, daysOffWrap: tour.days_off_wrap ?? true)
    }
    let limits = file.limits
    for share in [limits?.max_part_time_share, limits?.min_part_time_share].compactMap({ $0 })
    where !(0...1).contains(share) {
      throw fail("limits", "a part-time share of \(share) is outside 0 to 1")
    }
    for count in [limits?.max_headcount, limits?.max_shifts_per_day, limits?.max_agents_per_interval]
      .compactMap({ $0 }) where !(0...10_000_000).contains(count)
    {
      throw fail("limits", "a limit of \(count) is outside 0 to 10,000,000")
    }
    let objective = file.objective
    let problem = CoverageProblem(
      slotMinutes: minutes, days: file.days, cyclic: file.cyclic, required: file.required.flatMap { $0 },
      shortfallCost: objective.under_penalty_per_agent_interval,
      surplusCost: objective.over_penalty_per_agent_interval ?? 0, templates: templates, tours: tours,
      limits: CoverageLimits(
        maxHeadcount: limits?.max_headcount, maxPartTimeShare: limits?.max_part_time_share,
        minPartTimeShare: limits?.min_part_time_share, maxShiftsPerDay: limits?.max_shifts_per_day,
        maxAgentsPerSlot: limits?.max_agents_per_interval))
    do { try problem.validate() } catch { throw .invalid(SourceLocation(file: path), error.description) }
    return Instance(name: file.name, problem: problem)
  }

  private static func describe(_ error: Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): "field '\(key.stringValue)' is missing"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
      DecodingError.dataCorrupted(let context):
      "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
    default: "\(error)"
    }
  }
}
