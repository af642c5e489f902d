import RotaCore

extension ShiftPlanner {
  /// Tours (a days-off and tour formulation in the manner of Bailey 1985 and Jarrah, Bard &
  /// deSilva 1994): per group of alike employees, an integer column per (week of days they may
  /// work under the rules, band of start times their hours allow) counting people on that
  /// tour. Each shift column is routed (continuously) to the (group, band) slots whose people
  /// could work it: the column's contract, the channel among the group's skills, the shift in
  /// the group's hours, its start in the band. On each day a slot takes no more shifts than
  /// the group's tours in that band working that day. Per day this is a transportation
  /// problem between shifts and people, so whole tours with a feasible routing can always be
  /// given shift by shift to the group's members (routing across groups, as bands shared by
  /// all groups allowed, left the people stage shifts no one on those tours could take).
  ///
  /// With `restful`, each group's bands are also narrowed so that no tour can break the rest
  /// rule (``LabourRules/restfulStartBands(_:)``): the model is then a
  /// restriction of the rules, not a relaxation, and `narrowed` says whether it changed.
  ///
  /// Where the contract guarantees days, a tour is a week to be worked whole
  /// (``TourGroup/weeks(available:rules:weekdays:contract:)``): per day and slot a second row
  /// asks for as many shifts as tours working, short only by a `gap` column priced far above
  /// any shift, so that the search fills every such tour; the `gaps` are returned with their
  /// rows for the heuristics to complete. Where it keeps one template all week, each
  /// template has slots of its own.
  static func addTours(
    _ problem: SchedulingProblem, shifts: [ShiftColumn], to model: inout MIPModel, restful: Bool = false
  )
    -> (
      tours: [(tour: PlannedTour, column: Int)], routes: [ShiftRoutes], gaps: [(row: Int, gap: Int)],
      narrowed: Bool
    )
  {
    let dates = problem.dates
    let rules = problem.rules
    let dayOf = Dictionary(dates.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    // Groups of employees alike for the week rules.
    var planned: [(tour: PlannedTour, column: Int)] = []
    let groups = Dictionary(grouping: problem.employees.indices) { index in
      let employee = problem.employees[index]
      return
        TourGroup(
          contract: employee.contract, days: dates.map { employee.isAvailable(on: $0) },
          skills: employee.skills.sorted(), hours: employee.availableFrom...employee.availableUntil)
    }
    // Every (group, band) that a tour may use, and per day the tours working it.
    var slots: [(group: TourGroup, templates: Set<String>, band: ClosedRange<Int>, gapCost: Double?)] = []
    var tourTerms: [OnDate<Int>: [(Int, Double)]] = [:]
    var narrowed = false
    for (group, members) in groups.sorted(by: { $0.key.description < $1.key.description }) {
      guard let contract = problem.contracts.first(where: { $0.name == group.contract }) else { continue }
      let (weeks, leastDays) = TourGroup.weeks(
        available: group.days, rules: rules, weekdays: dates.map(\.weekday), contract: contract)
      // An unfilled day of a whole week costs more than any shift of the contract at an open
      // shift's price.
      let longest =
        problem.templates.filter { contract.templates.contains($0.name) }.map(\.paidMinutes).max() ?? 0
      let gapCost =
        leastDays > 0 ? EmployeeAssignment.openShiftCostPerHour * Double(max(60, longest)) / 60 : nil
      let templateSets: [[String]?] =
        contract.sameTemplateAllWeek ? contract.templates.sorted().map { [$0] } : [nil]
      var groupColumns: [(Int, Double)] = []
      // Bands of the starts at which the contract's shifts fit the group's hours.
      let workable = shifts.filter {
        $0.contract == group.contract && contract.templates.contains($0.shift.template)
          && group.allows($0.shift)
          && group.skills.contains($0.shift.channel)
      }
      let starts = Set(workable.map(\.shift.start)).sorted()
      var groupBands = rules.startBands(starts)
      if restful {
        let restfulBands = rules.restfulStartBands(workable.map { ($0.shift.start, $0.shift.end) })
        narrowed = narrowed || restfulBands != groupBands
        groupBands = restfulBands
      }
      for templates in templateSets {
        for band in groupBands {
          let slot = slots.count
          slots.append((group, Set(templates ?? contract.templates), band, gapCost))
          for week in weeks {
            let column = model.addVariable(
              "tour[\(group) \(week) \(band.lowerBound) \(templates?[0] ?? "")]", kind: .integer)
            groupColumns.append((column, 1))
            planned.append(
              (
                PlannedTour(
                  employees: members, week: week, band: band, template: templates?[0], leastDays: leastDays,
                  count: 0),
                column
              ))
            for (day, works) in week.enumerated() where works {
              tourTerms[OnDate(date: dates[day], key: slot), default: []].append((column, -1))
            }
          }
        }
      }
      model.addConstraint("tours[\(group)]", terms: groupColumns, upper: Double(members.count))
    }
    // Route the shift columns to the slots whose people could work them; columns that the
    // same slots could take share one set of routes.
    struct Eligible: Hashable {
      var date: LocalDate
      var slots: [Int]
    }
    var sharing: [Eligible: [Int]] = [:]
    for entry in shifts {
      let shift = entry.shift
      guard let day = dayOf[shift.date] else { continue }
      let eligible = slots.indices.filter { slot in
        let candidate = slots[slot]
        return candidate.group.contract == entry.contract && candidate.group.days[day]
          && candidate.templates.contains(shift.template) && candidate.group.skills.contains(shift.channel)
          && candidate.group.allows(shift) && candidate.band.contains(shift.start)
      }
      sharing[Eligible(date: shift.date, slots: eligible), default: []].append(entry.column)
    }
    var routes: [ShiftRoutes] = []
    var routeSlots: [(route: Int, slot: OnDate<Int>)] = []
    for (key, columns) in sharing.sorted(by: { ($0.key.date, $0.value[0]) < ($1.key.date, $1.value[0]) }) {
      var terms = columns.map { ($0, 1.0) }
      var choices: [(column: Int, slotRow: Int)] = []
      for slot in key.slots {
        let route = model.addVariable("route[\(key.date) \(columns[0]) \(slot)]")
        terms.append((route, -1))
        tourTerms[OnDate(date: key.date, key: slot), default: []].append((route, 1))
        routeSlots.append((route, OnDate(date: key.date, key: slot)))
        choices.append((route, -1))
      }
      routes.append(ShiftRoutes(date: key.date, row: model.constraints.count, slots: choices))
      // Routed agents are the shifts' own where a slot's tours must be filled: more routed
      // than planned would fill them with no one.
      let whole = key.slots.contains { slots[$0].gapCost != nil }
      model.addConstraint(
        "route[\(key.date) \(columns[0])]", terms: terms, lower: whole ? 0 : -.infinity, upper: 0)
    }
    var slotRow: [OnDate<Int>: Int] = [:]
    var gaps: [(row: Int, gap: Int)] = []
    for (key, terms) in tourTerms.sorted(by: { $0.key < $1.key }) {
      slotRow[key] = model.constraints.count
      model.addConstraint("tourband[\(key.date) \(key.key)]", terms: terms, upper: 0)
      if let gapCost = slots[key.key].gapCost, terms.contains(where: { $0.1 < 0 }) {
        let gap = model.addVariable("tourgap[\(key.date) \(key.key)]", cost: gapCost)
        gaps.append((model.constraints.count, gap))
        model.addConstraint("tourwhole[\(key.date) \(key.key)]", terms: terms + [(gap, 1)], lower: 0)
      }
    }
    let rowOfRoute = Dictionary(
      routeSlots.map { ($0.route, slotRow[$0.slot]!) }, uniquingKeysWith: { a, _ in a })
    for index in routes.indices {
      routes[index].slots = routes[index].slots.map { ($0.column, rowOfRoute[$0.column]!) }
    }
    return (planned, routes, gaps, narrowed)
  }
}
