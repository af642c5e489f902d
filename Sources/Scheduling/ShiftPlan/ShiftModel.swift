import RotaCore

/// The shift plan's integer program, with the columns its search rounds, completes and reads
/// back (``ShiftPlanner/model(_:)``).
struct ShiftModel {
  var model: MIPModel
  var shiftColumns: [ShiftColumn]
  /// The date of each shift and break column.
  var dayOfColumn: [Int: LocalDate]
  var tourColumns: [(tour: PlannedTour, column: Int)]
  var routes: [ShiftRoutes]
  var backlogs: [EmailBacklog]
  /// Rows made to hold by one column each (a shortfall, idle days, an unfilled tour day).
  var coverRows: [(row: Int, shortfall: Int)]
  /// Each channel's priced shortfall and overdue columns.
  var shortfallColumns: [(channel: String, column: Int)]
  var shareRow: Int?
  /// With tours the rest rule narrows, the model of the tours the rules allow: the bound's.
  var boundModel: MIPModel?
  /// The rows a planner would call rules, for explaining infeasible hard coverage.
  var record: RuleRecord
}

extension ShiftPlanner {
  /// The model of ``plan(_:options:)``: its shift and break columns, coverage rows with their
  /// shortfall, the email backlog, the rows of people and contracts, the part-time share and,
  /// with week rules or whole weeks, the tours.
  static func model(_ problem: SchedulingProblem) -> ShiftModel {
    let intervalMinutes = problem.grid.intervalMinutes
    var model = MIPModel(sense: .minimize)

    // Candidate shifts and their break columns. A break column's cost is the pay the break
    // saves at its place (non-zero for unpaid breaks), so a shift costs the same as with its
    // breaks placed explicitly.
    var shiftColumns: [ShiftColumn] = []
    var dayOfColumn: [Int: LocalDate] = [:]
    // One column per contract at its wage, so that the plan pays what its people earn and its
    // bound bounds the roster's real cost. With start-time bands the tours already multiply
    // the model, and per-contract columns there made relax-and-fix miss its node budget, so
    // those plans price each template at its lowest wage: a weaker bound, still a valid one.
    // Whole weeks and optional pools need their own wage: an agency's people must not look as
    // cheap as the team's.
    let perContract =
      problem.rules.maxStartVariationMinutes == nil
      || problem.contracts.contains { $0.shapesWeek || $0.optional }
    func pricing(_ template: ShiftTemplate) -> [Contract] {
      let allowed = problem.contracts.filter { $0.templates.contains(template.name) }
      guard !perContract else { return allowed }
      return allowed.min { $0.hourlyWage < $1.hourlyWage }.map { [$0] } ?? []
    }
    func openHours(_ date: LocalDate) -> (open: Int, close: Int)? {
      guard problem.openingHours.isOpen(on: date), let ranges = problem.openingHours.ranges[date.weekday],
        let open = ranges.map(\.open.minutes).min(), let close = ranges.map(\.close.minutes).max()
      else { return nil }
      return (open, close)
    }
    var published = problem.publishedCounts()
    if !perContract {
      published = Dictionary(
        published.map { entry in
          var key = entry.key
          key.contract = nil
          return (key, entry.value)
        }, uniquingKeysWith: +)
    }
    for date in problem.dates {
      guard let (dayOpen, dayClose) = openHours(date) else { continue }
      // A shift may run past midnight when the team is open through it: into the next date
      // of the plan, or on a repeating week from the last date into the first.
      var latestEnd = dayClose
      if dayClose == 1440, let next = problem.dateAfter(date), let after = openHours(next), after.open == 0 {
        latestEnd = 1440 + after.close
      }
      for template in problem.templates where template.days.contains(date.weekday) {
        for start in template.starts
        where start >= dayOpen && start + template.lengthMinutes <= latestEnd
          && problem.allowsNewShift(on: date, start: start)
        {
          for channel in problem.channels {
            for contract in pricing(template) {
              let wage = contract.hourlyWage
              // A start or end the clocks skip that night is no shift.
              let end = start + template.lengthMinutes
              guard let elapsed = problem.grid.elapsedMinutes(on: date, from: start, to: end) else {
                continue
              }
              let shift = Shift(
                date: date, template: template.name, channel: channel.name, start: start, end: end,
                breaks: [],
                clockChangeMinutes: elapsed - (end - start))
              guard
                problem.employees.contains(where: {
                  (!perContract || $0.contract == contract.name) && problem.employee($0, canWork: shift)
                })
              else { continue }
              let label = "\(date) \(template.name) \(start) \(channel.name) \(contract.name)"
              let fullCost = problem.rules.pay.cost(of: shift, wage: wage)
              let column = model.addVariable("x[\(label)]", kind: .integer, cost: fullCost)
              dayOfColumn[column] = date
              var breakColumns: [[(offset: Int, column: Int)]] = []
              for (index, rule) in template.breaks.enumerated() {
                var choices: [(offset: Int, column: Int)] = []
                for offset in template.breakOffsets(index) {
                  var withBreak = shift
                  withBreak.breaks = [
                    Shift.Break(start: start + offset, end: start + offset + rule.minutes, paid: rule.paid)
                  ]
                  let saved = problem.rules.pay.cost(of: withBreak, wage: wage) - fullCost
                  let breakColumn = model.addVariable(
                    "w[\(label) \(rule.name) \(offset)]", kind: .integer, cost: saved)
                  dayOfColumn[breakColumn] = date
                  choices.append((offset, breakColumn))
                }
                model.addConstraint(
                  "breaks[\(label) \(rule.name)]", terms: [(column, -1)] + choices.map { ($0.column, 1) },
                  lower: 0, upper: 0)
                breakColumns.append(choices)
              }
              shiftColumns.append(
                ShiftColumn(
                  shift: shift, contract: contract.name, column: column, breaks: breakColumns,
                  rules: template.breaks))
              // A re-plan keeps up to as many of these as were published, each worth the
              // change it saves.
              let kept = published[PublishedKey(shift, contract: perContract ? contract.name : nil)] ?? 0
              if kept > 0 && problem.changeCost > 0 {
                let keep = model.addVariable("keep[\(label)]", upper: Double(kept), cost: -problem.changeCost)
                model.addConstraint("keep[\(label)]", terms: [(keep, 1), (column, -1)], upper: 0)
              }
            }
          }
        }
      }
    }

    // Live channels: coverage rows, each with its priced shortfall column.
    let byDateChannel = Dictionary(grouping: shiftColumns.indices) {
      OnDate(date: shiftColumns[$0].shift.date, key: shiftColumns[$0].shift.channel)
    }
    var dateBefore: [LocalDate: LocalDate] = [:]
    for date in problem.dates { if let next = problem.dateAfter(date) { dateBefore[next] = date } }
    func onTaskTerms(_ interval: GridInterval, channel: String, scale: Double) -> [(Int, Double)] {
      let date = interval.start.date
      // Shifts of the interval's date, and the night shifts of the date before, whose minutes
      // past their midnight reach into it.
      var candidates = (byDateChannel[OnDate(date: date, key: channel)] ?? []).map { ($0, 0) }
      if let before = dateBefore[date] {
        candidates += (byDateChannel[OnDate(date: before, key: channel)] ?? []).filter {
          shiftColumns[$0].shift.end > 1440
        }.map { ($0, 1440) }
      }
      var terms: [(Int, Double)] = []
      for (index, offset) in candidates {
        let minute = interval.start.minuteOfDay + offset
        func share(_ start: Int, _ end: Int) -> Double {
          Double(max(0, min(end, minute + intervalMinutes) - max(start, minute))) / Double(intervalMinutes)
        }
        let entry = shiftColumns[index]
        let onShift = share(entry.shift.start, entry.shift.end)
        guard onShift > 0 else { continue }
        terms.append((entry.column, onShift * scale))
        for (rule, choices) in zip(entry.rules, entry.breaks) {
          for choice in choices {
            let start = entry.shift.start + choice.offset
            let away = share(start, start + rule.minutes)
            if away > 0 { terms.append((choice.column, -away * scale)) }
          }
        }
      }
      return terms
    }
    // Pinned shifts are fixed: the agents they put on task come off each interval's need.
    let pinnedByDateChannel = Dictionary(grouping: problem.pinned.map(\.shift)) {
      OnDate(date: $0.date, key: $0.channel)
    }
    func pinnedOnTask(_ interval: GridInterval, channel: String) -> Double {
      let date = interval.start.date
      var candidates = (pinnedByDateChannel[OnDate(date: date, key: channel)] ?? []).map { ($0, 0) }
      if let before = dateBefore[date] {
        candidates += (pinnedByDateChannel[OnDate(date: before, key: channel)] ?? []).filter { $0.end > 1440 }
          .map { ($0, 1440) }
      }
      var total = 0.0
      for (shift, offset) in candidates {
        let minute = interval.start.minuteOfDay + offset
        func share(_ start: Int, _ end: Int) -> Double {
          Double(max(0, min(end, minute + intervalMinutes) - max(start, minute))) / Double(intervalMinutes)
        }
        total += share(shift.start, shift.end) - shift.breaks.reduce(0) { $0 + share($1.start, $1.end) }
      }
      return total
    }
    let hours = Double(intervalMinutes) / 60
    var shortfallColumns: [(channel: String, column: Int)] = []
    var coverRows: [(row: Int, shortfall: Int)] = []
    var record = RuleRecord()
    let hard = problem.rules.coverageIsHard
    var backlogs: [EmailBacklog] = []
    let requirementsByChannel = Dictionary(grouping: problem.requirements, by: \.channel)
    for channel in problem.channels {
      let requirements = (requirementsByChannel[channel.name] ?? []).sorted { $0.interval < $1.interval }
      let penalty = channel.shortfallCostPerHour * hours
      if channel.kind == .email {
        backlogs.append(
          EmailBacklog.add(
            channel, requirements, to: &model, penalty: penalty, hardDeadlines: hard, cyclic: problem.cyclic,
            capacity: { onTaskTerms($0, channel: channel.name, scale: 1 - channel.shrinkage(at: $0)) },
            pinned: { pinnedOnTask($0, channel: channel.name) * (1 - channel.shrinkage(at: $0)) }))
        shortfallColumns += backlogs.last!.pricedColumns.map { (channel.name, $0) }
        continue
      }
      for requirement in requirements where requirement.grossAgents > 0 {
        let need = Double(requirement.grossAgents) - pinnedOnTask(requirement.interval, channel: channel.name)
        guard need > 1e-9 else { continue }
        let shortfall = model.addVariable(
          "short[\(channel.name) \(requirement.interval)]", upper: hard ? 0 : need, cost: penalty)
        shortfallColumns.append((channel.name, shortfall))
        coverRows.append((model.constraints.count, shortfall))
        record.coverage.append(
          (model.constraints.count, channel.name, requirement.interval, requirement.grossAgents))
        model.addConstraint(
          "cover[\(channel.name) \(requirement.interval)]",
          terms: [(shortfall, 1)] + onTaskTerms(requirement.interval, channel: channel.name, scale: 1),
          lower: need)
      }
    }

    // People available each day: in all, per channel, per template. A pinned shift takes its
    // employee's day, and its days and minutes come off the contract's week.
    let pinsOf = Dictionary(grouping: problem.pinned, by: \.employeeID)
    func daysLeft(_ employee: Employee) -> Int {
      max(
        0,
        (problem.contract(of: employee)?.maxDaysPerWeek ?? 0)
          - Set((pinsOf[employee.id] ?? []).map(\.shift.date)).count)
    }
    func minutesLeft(_ employee: Employee) -> Int {
      max(
        0,
        (problem.contract(of: employee)?.maxMinutesPerWeek ?? 0)
          - (pinsOf[employee.id] ?? []).reduce(0) { $0 + $1.shift.paidMinutes })
    }
    let byDate = Dictionary(grouping: shiftColumns) { $0.shift.date }
    for date in problem.dates {
      guard let entries = byDate[date] else { continue }
      let available = problem.employees.filter { employee in
        employee.isAvailable(on: date) && !(pinsOf[employee.id] ?? []).contains { $0.shift.date == date }
      }
      record.rules.append((model.constraints.count, .people(date, channel: nil, template: nil)))
      model.addConstraint(
        "people[\(date)]", terms: entries.map { ($0.column, 1) }, upper: Double(available.count))
      for channel in problem.channels {
        let count = available.filter { $0.skills.contains(channel.name) }.count
        let terms = entries.filter { $0.shift.channel == channel.name }.map { ($0.column, 1.0) }
        if !terms.isEmpty {
          record.rules.append((model.constraints.count, .people(date, channel: channel.name, template: nil)))
          model.addConstraint("people[\(date) \(channel.name)]", terms: terms, upper: Double(count))
        }
      }
      for template in problem.templates {
        let count = available.filter { problem.contract(of: $0)?.templates.contains(template.name) ?? false }
          .count
        let terms = entries.filter { $0.shift.template == template.name }.map { ($0.column, 1.0) }
        if !terms.isEmpty {
          record.rules.append((model.constraints.count, .people(date, channel: nil, template: template.name)))
          model.addConstraint("people[\(date) \(template.name)]", terms: terms, upper: Double(count))
        }
      }
    }

    // The week's days and hours that the contracts allow.
    record.rules.append((model.constraints.count, .contractDays(template: nil)))
    model.addConstraint(
      "week.days", terms: shiftColumns.map { ($0.column, 1) },
      upper: Double(problem.employees.reduce(0) { $0 + daysLeft($1) }))
    // Paid minutes of shifts: their length, less each unpaid break taken.
    func paidMinutes(_ entries: [ShiftColumn]) -> [(Int, Double)] {
      entries.flatMap { entry in
        [(entry.column, Double(entry.shift.paidMinutes))]
          + zip(entry.rules, entry.breaks).filter { !$0.0.paid }.flatMap { rule, choices in
            choices.map { ($0.column, -Double(rule.minutes)) }
          }
      }
    }
    record.rules.append((model.constraints.count, .contractHours))
    model.addConstraint(
      "week.hours", terms: paidMinutes(shiftColumns),
      upper: Double(problem.employees.reduce(0) { $0 + minutesLeft($1) }))
    // Per contract: its people each day, and their week's days and paid minutes.
    for contract in problem.contracts where perContract {
      let entries = shiftColumns.filter { $0.contract == contract.name }
      guard !entries.isEmpty else { continue }
      let members = problem.employees.filter { $0.contract == contract.name }
      for date in problem.dates {
        let terms = entries.filter { $0.shift.date == date }.map { ($0.column, 1.0) }
        guard !terms.isEmpty else { continue }
        record.rules.append((model.constraints.count, .people(date, channel: nil, template: nil)))
        model.addConstraint(
          "people[\(date) \(contract.name)]", terms: terms,
          upper: Double(
            members.filter { employee in
              employee.isAvailable(on: date)
                && !(pinsOf[employee.id] ?? []).contains { $0.shift.date == date }
            }.count))
      }
      record.rules.append((model.constraints.count, .contractDays(template: nil)))
      model.addConstraint(
        "week.days.\(contract.name)", terms: entries.map { ($0.column, 1) },
        upper: Double(members.reduce(0) { $0 + daysLeft($1) }))
      // Guaranteed days: each not worked is paid anyway, as the roster's cost counts it.
      let pinnedDays = Set(
        problem.pinned.filter { pin in members.contains { $0.id == pin.employeeID } }.map {
          "\($0.employeeID) \($0.shift.date)"
        }
      ).count
      let guaranteed = max(
        0,
        members.reduce(0) {
          $0 + contract.guaranteedDays(available: problem.dates.filter($1.isAvailable(on:)).count)
        } - pinnedDays)
      if guaranteed > 0 {
        let idle = model.addVariable("idle[\(contract.name)]", cost: contract.idleDayCost)
        // Completed like a shortfall when a starting solution is rounded.
        coverRows.append((model.constraints.count, idle))
        model.addConstraint(
          "guaranteed.days.\(contract.name)", terms: entries.map { ($0.column, 1) } + [(idle, 1)],
          lower: Double(guaranteed))
      }
      record.rules.append((model.constraints.count, .contractHours))
      model.addConstraint(
        "week.hours.\(contract.name)", terms: paidMinutes(entries),
        upper: Double(members.reduce(0) { $0 + minutesLeft($1) }))
    }
    for template in problem.templates {
      let days = problem.employees.filter {
        problem.contract(of: $0)?.templates.contains(template.name) ?? false
      }
      .reduce(0) { $0 + daysLeft($1) }
      let terms = shiftColumns.filter { $0.shift.template == template.name }.map { ($0.column, 1.0) }
      if !terms.isEmpty {
        record.rules.append((model.constraints.count, .contractDays(template: template.name)))
        model.addConstraint("week.\(template.name)", terms: terms, upper: Double(days))
      }
    }

    // Part-time share: (1 − s)·part-time − s·full-time ≤ 0 over the week, pins counted. Where
    // the pins alone pass it, the plan's own shifts keep it, so the empty plan stays feasible.
    var shareRow: Int?
    if let share = problem.rules.maxPartTimeShare {
      let partTime = Set(problem.templates.filter(\.partTime).map(\.name))
      let pinnedPartTime = Double(problem.pinned.filter { partTime.contains($0.shift.template) }.count)
      let pinnedFullTime = Double(problem.pinned.count) - pinnedPartTime
      shareRow = model.constraints.count
      record.rules.append((model.constraints.count, .partTimeShare(share)))
      model.addConstraint(
        "week.part_time_share",
        terms: shiftColumns.map { ($0.column, partTime.contains($0.shift.template) ? 1 - share : -share) },
        upper: max(0, share * pinnedFullTime - (1 - share) * pinnedPartTime))
    }

    var tourColumns: [(tour: PlannedTour, column: Int)] = []
    var routes: [ShiftRoutes] = []
    // With tours whose bands rest narrows, the search runs on them (so the people stage can
    // staff every tour) and the bound comes from the tours the rules allow.
    var boundModel: MIPModel?
    if problem.plansTours {
      let first = model.constraints.count
      let base = model
      let narrowed: Bool
      let gaps: [(row: Int, gap: Int)]
      (tourColumns, routes, gaps, narrowed) = addTours(
        problem, shifts: shiftColumns, to: &model, restful: !hard)
      coverRows += gaps.map { ($0.row, $0.gap) }
      record.rules += (first..<model.constraints.count).map { ($0, .weekRules) }
      if narrowed {
        var allowed = base
        _ = addTours(problem, shifts: shiftColumns, to: &allowed)
        boundModel = allowed
      }
    }
    return ShiftModel(
      model: model, shiftColumns: shiftColumns, dayOfColumn: dayOfColumn, tourColumns: tourColumns,
      routes: routes, backlogs: backlogs, coverRows: coverRows, shortfallColumns: shortfallColumns,
      shareRow: shareRow, boundModel: boundModel, record: record)
  }
}
