import RotaCore

/// Chooses how many agents start each shift so that every interval's gross requirement is
/// covered at least cost, with a priced shortfall where covering it is impossible or dearer.
///
/// Breaks are placed implicitly, after Aykin ("Optimal shift scheduling with multiple break
/// windows", *Management Science* 42, 1996): one integer column per (day, template, start,
/// channel) counts agents on the shift, and per break one integer column per start in the
/// break's window counts those of them taking it then, the break columns summing to the
/// shift column. A shift with a lunch window of five starts and two rest windows of four
/// needs 1 + 5 + 4 + 4 columns instead of the 80 of explicit placement, with the same LP
/// bound (each explicit placement is a sum of break columns and back), and the break windows
/// of different shifts are free to interleave. For live channels one continuous shortfall
/// column per interval and a coverage row (agents on shift − agents on a break + shortfall ≥
/// gross agents); for email a backlog carried from interval to interval with its overdue part
/// priced; and rows for the people available each day (per channel, per template and in all)
/// and for the week's days and hours the contracts allow; with week rules, the tours of
/// ``addTours(_:shifts:to:)``. A shift costs its paid hours at its contract's wage, premiums
/// included (with start-time bands, at the lowest wage of the contracts allowing it). The
/// search: the LP bound, relax-and-fix by day for a first plan (LP rounding where a stage finds
/// nothing), fix-and-optimise per day and channel, branch-and-cut for the bound, and the breaks
/// placed last; shift counts are searched with break columns continuous. Node limits stop
/// every stage. With hard coverage, ``Infeasibility`` explains an infeasible model instead.
public enum ShiftPlanner {
  public static func plan(_ problem: SchedulingProblem, options: SolverOptions) throws(MIPModelError)
    -> ShiftPlan
  {
    let clock = ContinuousClock.now
    let intervalMinutes = problem.grid.intervalMinutes
    var model = MIPModel(sense: .minimize)
    var options = options

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
    if hard,
      let conflicts = try Infeasibility.explain(model, record: record, problem: problem, options: options)
    {
      return ShiftPlan(
        shifts: [],
        solution: MIPSolution(status: .infeasible, objective: nil, bound: nil, values: [], seconds: 0),
        shortfallHours: [:], conflicts: conflicts)
    }

    // Shift counts first, break starts after (see ``placeBreaks``): the search runs on a model
    // whose break columns are continuous, a relaxation, so its bound holds for the real one.
    // With hard coverage a rounded break could leave an interval short, so breaks stay whole.
    let breakColumns = Set(shiftColumns.flatMap { $0.breaks.flatMap { $0.map(\.column) } })
    var counting = model
    if !hard {
      for column in breakColumns { counting.setKind(of: column, to: .continuous) }
    }
    let columns = PlanColumns(
      shifts: shiftColumns, tours: tourColumns, routes: routes, backlogs: backlogs, coverRows: coverRows,
      wholeBreaks: hard, shareRow: shareRow)
    let integerColumns = dayOfColumn.keys.filter { hard || !breakColumns.contains($0) }.sorted()
    let nodeBudget = options.nodeLimit ?? 400
    var stages: [(name: String, objective: Double, seconds: Double)] = []
    func stage(_ name: String, _ values: [Double]?) {
      if let values {
        stages.append((name, counting.objective(of: values), (ContinuousClock.now - clock).seconds))
      }
    }
    // The LP relaxation: a bound however little time the search gets, and the start of its
    // rounding.
    var relaxed = counting
    relaxed.relaxIntegrality()
    let root = try MIPSolver.solve(
      relaxed, options: SolverOptions(timeLimit: max(0.5, options.timeLimit / 2)))
    var rootBound = root.status == .optimal ? root.objective : nil
    stage("LP bound", root.status == .optimal ? root.values : nil)
    if var allowed = boundModel {
      for column in breakColumns where !hard { allowed.setKind(of: column, to: .continuous) }
      allowed.relaxIntegrality()
      let loose = try MIPSolver.solve(
        allowed, options: SolverOptions(timeLimit: max(0.5, options.timeLimit / 4)))
      rootBound = loose.status == .optimal ? loose.objective : nil
    }
    if options.startingSolution == nil {
      // Relax-and-fix may take 40% of the time.
      var stageOptions = options
      stageOptions.timeLimit = max(0.1, options.timeLimit * 0.4 - (ContinuousClock.now - clock).seconds)
      options.startingSolution = try incumbent(
        counting, columns: integerColumns, days: integerColumns.map { dayOfColumn[$0]! }, plan: columns,
        lp: root.status == .optimal ? root.values : nil, options: stageOptions)
      stage("relax-and-fix", options.startingSolution)
      // Fix-and-optimise, two rounds in at most half of what time is left: per day and
      // channel with the tours as relax-and-fix left them (small windows that settle within
      // their node budget), then per day and per channel's week with the tours free, as tours
      // routed per group bind the shifts harder (default scenario: 26399 with the first
      // windows alone, 26280 with all; email all within 4 h: 26838 and 26402).
      if let start = options.startingSolution {
        let channelOf = Dictionary(
          shiftColumns.map { ($0.column, $0.shift.channel) }, uniquingKeysWith: { a, _ in a })
        let tourWindow = tourColumns.map(\.column)
        var windows =
          problem.dates.flatMap { date in
            problem.channels.map { channel in
              integerColumns.filter { dayOfColumn[$0] == date && channelOf[$0] == channel.name }
            }
          }
          + problem.dates.map { date in integerColumns.filter { dayOfColumn[$0] == date } + tourWindow }
          + problem.channels.map { channel in
            integerColumns.filter { channelOf[$0] == channel.name } + tourWindow
          }
        // Whole weeks bind a start's shifts across the days: windows of the starts in 4, 6 and
        // 8 hours of the day, every day's shifts with the tours of those starts (as the
        // tours of a slot-timeline search are re-solved).
        let wholeTours = tourColumns.filter { $0.tour.leastDays > 0 }
        var tourWindows: [[Int]] = []
        if !wholeTours.isEmpty {
          let startOf = Dictionary(
            shiftColumns.map { ($0.column, $0.shift.start) }, uniquingKeysWith: { a, _ in a })
          for hours in [4, 6, 8] {
            for from in stride(from: 0, to: 1440, by: hours * 30) {
              let within = from..<(from + hours * 60)
              let window =
                integerColumns.filter { startOf[$0].map(within.contains) ?? false }
                + wholeTours.filter { within.contains($0.tour.band.lowerBound) }.map(\.column)
              if !window.isEmpty { tourWindows.append(window) }
            }
          }
        }
        // Tour windows first, as they gain most; a window of every column is the whole model,
        // which branch-and-cut takes up next anyway.
        windows = (tourWindows + windows).filter { $0.count < integerColumns.count + tourWindow.count }
        let breaksOf = Dictionary(
          shiftColumns.map { ($0.column, hard ? [] : $0.breaks.flatMap { $0.map(\.column) }) },
          uniquingKeysWith: { a, _ in a })
        let left = options.timeLimit - (ContinuousClock.now - clock).seconds
        options.startingSolution = FixAndOptimize.improve(
          counting, start: start, windows: windows, companions: breaksOf, nodeLimit: max(1, nodeBudget / 4),
          rounds: 2, deadline: ContinuousClock.now + .seconds(max(0, left) / 2),
          verbose: options.verbose)
        stage("fix-and-optimise", options.startingSolution)
      }
      options.timeLimit = max(0.1, options.timeLimit - (ContinuousClock.now - clock).seconds)
      // With this incumbent branch-and-cut is there for the bound, which hardly moves past
      // the root's cuts (default scenario: 25963.3 after 10 nodes, 25964.0 after 100, for 3 s).
      options.nodeLimit = options.nodeLimit.map { max(1, $0 / 16) }
    }
    // Branch-and-cut gets at most three quarters of what is left: placing breaks needs the rest.
    let searchStart = ContinuousClock.now
    var searchOptions = options
    searchOptions.timeLimit = max(0.1, options.timeLimit * (hard ? 1 : 0.75))
    var solution = try MIPSolver.solve(counting, options: searchOptions)
    // Branch-and-cut bounds only its model, which narrowed tours make a restriction.
    if boundModel != nil {
      solution.bound = rootBound
    } else if let rootBound {
      solution.bound = max(solution.bound ?? rootBound, rootBound)
    }
    stage("branch-and-cut", solution.status.hasSolution ? solution.values : nil)
    if !hard, solution.status.hasSolution {
      let left = options.timeLimit - (ContinuousClock.now - searchStart).seconds
      solution = placeBreaks(
        model, counted: solution, plan: columns,
        byDay: problem.dates.map { date in breakColumns.filter { dayOfColumn[$0] == date }.sorted() },
        relativeGap: options.relativeGap,
        nodeLimit: max(1, nodeBudget / 4), deadline: ContinuousClock.now + .seconds(max(0.1, left)),
        verbose: options.verbose)
      stage("breaks placed", solution.values)
    }
    // Report the whole search, the incumbent phase included.
    solution.seconds = (ContinuousClock.now - clock).seconds
    var counts: [Shift: Int] = [:]
    var shortfall: [String: Double] = [:]
    if solution.status.hasSolution {
      for entry in shiftColumns {
        for shift in entry.placed(solution.values) { counts[shift, default: 0] += 1 }
      }
      for entry in shortfallColumns {
        shortfall[entry.channel, default: 0] += solution.values[entry.column] * hours
      }
    }
    let shifts = counts.map { (shift: $0.key, count: $0.value) }.sorted { $0.shift < $1.shift }
    var plan = ShiftPlan(shifts: shifts, solution: solution, shortfallHours: shortfall)
    plan.stages = stages
    if solution.status.hasSolution {
      plan.tours = tourColumns.compactMap { entry in
        var tour = entry.tour
        tour.count = Int(solution.values[entry.column].rounded())
        return tour.count > 0 ? tour : nil
      }
    }
    return plan
  }

  static func wage(of template: ShiftTemplate, in problem: SchedulingProblem) -> Double? {
    problem.contracts.filter { $0.templates.contains(template.name) }.map(\.hourlyWage).min()
  }
}
