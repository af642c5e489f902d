import RotaCore

/// A group of rows of the shift model that a planner would call a rule.
enum HardRule {
  /// People available on a day: in all, with a skill, or on contracts allowing a template.
  case people(LocalDate, channel: String?, template: String?)
  /// Days of work the contracts allow in the week, in all or for one template.
  case contractDays(template: String?)
  case contractHours
  /// Days off together, runs of working days, weekend days and start-time variation.
  case weekRules
  /// The most of the week's shifts that may be part-time, a share.
  case partTimeShare(Double)
}

/// The rows of a shift model that the diagnosis may relax, and its coverage rows.
struct RuleRecord {
  var rules: [(row: Int, rule: HardRule)] = []
  var coverage: [(row: Int, channel: String, interval: GridInterval, agents: Int)] = []
}

/// Explains why hard coverage cannot be met, by elastic relaxation (Chinneck, *Feasibility
/// and Infeasibility in Optimization*, 2008, ch. 7): every rule row gets an elastic column
/// that lets it be broken at a price of 1 per unit, coverage a far dearer one, and the LP
/// that minimises the total shows which rules must give way and by how much. Each broken
/// rule is then said in the planner's words, with the interval that needs most.
enum Infeasibility {
  /// Nil when the LP relaxation with hard coverage is feasible; otherwise the conflicts.
  static func explain(
    _ model: MIPModel, record: RuleRecord, problem: SchedulingProblem, options: SolverOptions
  )
    throws(MIPModelError) -> [String]?
  {
    var relaxed = model
    relaxed.relaxIntegrality()
    let lp = try MIPSolver.solve(relaxed, options: SolverOptions(timeLimit: options.timeLimit))
    guard lp.status == .infeasible else { return nil }

    var elastic = relaxed
    var ruleColumns: [(column: Int, rule: HardRule, row: Int)] = []
    for (row, rule) in record.rules {
      let column = elastic.addVariable("elastic[\(row)]", cost: 1)
      elastic.addTerm(row: row, column: column, coefficient: -1)
      ruleColumns.append((column, rule, row))
    }
    var coverageColumns: [(column: Int, index: Int)] = []
    for (index, entry) in record.coverage.enumerated() {
      let column = elastic.addVariable("elastic.cover[\(entry.row)]", cost: 10_000)
      elastic.addTerm(row: entry.row, column: column, coefficient: 1)
      coverageColumns.append((column, index))
    }
    let solution = try MIPSolver.solve(elastic, options: SolverOptions(timeLimit: options.timeLimit))
    guard solution.status.hasSolution else {
      return ["the shift model has no solution even with every rule relaxed (\(solution.status.rawValue))"]
    }
    let values = solution.values
    func peak(_ date: LocalDate, channel: String?) -> String {
      let needs = record.coverage.filter {
        $0.interval.start.date == date && (channel == nil || $0.channel == channel)
      }
      guard let top = needs.max(by: { ($0.agents, $1.interval) < ($1.agents, $0.interval) }) else {
        return ""
      }
      let end = TimeOfDay(minutes: min(1440, top.interval.start.minuteOfDay + top.interval.minutes))!
      return "\(top.interval.start.date.weekday) \(date) \(top.interval.start.timeOfDay)–\(end)"
        + " needs \(top.agents) agents on \(top.channel)"
    }
    var conflicts: [String] = []
    for entry in ruleColumns where values[entry.column] > 1e-6 {
      let limit = Int(model.constraints[entry.row].upper.rounded())
      let over = Int(values[entry.column].rounded(.up))
      switch entry.rule {
      case .people(let date, let channel?, _):
        conflicts.append(
          "\(peak(date, channel: channel)); \(limit) employees with \(channel) can work \(date.weekday)s"
            + " (\(over) short)")
      case .people(let date, nil, let template?):
        conflicts.append(
          "\(date.weekday) \(date) needs \(limit + over) '\(template)' shifts; \(limit) employees on contracts"
            + " allowing '\(template)' can work that day")
      case .people(let date, nil, nil):
        conflicts.append(
          "\(peak(date, channel: nil)); \(limit) employees can work \(date.weekday) \(date) (\(over) short)")
      case .contractDays(let template?):
        conflicts.append(
          "the week needs \(limit + over) '\(template)' shifts; the contracts allowing it give \(limit) days of work"
        )
      case .contractDays(nil):
        conflicts.append("the week needs \(limit + over) shifts; the contracts give \(limit) days of work")
      case .contractHours:
        conflicts.append(
          "the week needs \(((Double(limit) + values[entry.column]) / 60).formatted(maxDecimals: 1)) paid hours;"
            + " the contracts allow \((Double(limit) / 60).formatted(maxDecimals: 1))")
      case .weekRules:
        break
      case .partTimeShare(let share):
        conflicts.append(
          "at most \((share * 100).formatted(maxDecimals: 1))% of the week's shifts may be part-time, and the"
            + " requirements need more part-time shifts than that leaves")
      }
    }
    if ruleColumns.contains(where: {
      if case .weekRules = $0.rule { return values[$0.column] > 1e-6 }
      return false
    }) {
      conflicts.append(
        "the week rules (days off together, days in a row, weekend days, start-time variation) leave too few"
          + " people for the shifts needed")
    }
    for entry in coverageColumns where values[entry.column] > 1e-6 {
      let need = record.coverage[entry.index]
      conflicts.append(
        "\(need.interval.start.date.weekday) \(need.interval.start.date) \(need.interval.start.timeOfDay) needs"
          + " \(need.agents) agents on \(need.channel); no shift the templates, opening hours and skills allow"
          + " can cover it")
      if conflicts.count >= 12 { break }
    }
    return conflicts.isEmpty
      ? ["the requirements cannot all be met (the LP relaxation is infeasible)"] : conflicts
  }
}
