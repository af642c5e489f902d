import RotaCore

extension ShiftPlanner {
  /// Tours (a days-off and tour formulation in the manner of Bailey 1985 and Jarrah, Bard &
  /// deSilva 1994): per group of alike employees, an integer column per (week of days they may
  /// work under the rules, band of start times their hours allow) counting people on that
  /// tour; the shifts of each day and start are routed (continuous) to the bands that contain
  /// the start, and each day's band may hold no more shifts than the tours working that day in
  /// it. Per day the shifts of each channel and template are likewise bounded by the tours of
  /// people with that skill or contract. This makes the shift counts respect days off
  /// together, runs of working days, weekend days and start-time variation for whole people
  /// in aggregate; the employee assignment then enforces every rule person by person.
  ///
  /// With `restful`, each group's bands are also narrowed so that no tour can break the rest
  /// rule (``LabourRules/restfulStartBands(_:)``): the model is then a
  /// restriction of the rules, not a relaxation, and `narrowed` says whether it changed.
  static func addTours(
    _ problem: SchedulingProblem, shifts: [ShiftColumn], to model: inout MIPModel, restful: Bool = false
  )
    -> (tours: [(tour: PlannedTour, column: Int)], routes: [ShiftRoutes], narrowed: Bool)
  {
    let dates = problem.dates
    let rules = problem.rules
    // Groups of employees alike for the week rules.
    var planned: [(tour: PlannedTour, column: Int)] = []
    let groups = Dictionary(grouping: problem.employees.indices) { index in
      let employee = problem.employees[index]
      return
        TourGroup(
          contract: employee.contract, days: dates.map { employee.isAvailable(on: $0) },
          skills: employee.skills.sorted(), hours: employee.availableFrom...employee.availableUntil)
    }
    // Every group's bands, in one list that the routes and band rows share.
    var bands: [ClosedRange<Int>] = []
    var narrowed = false
    var tourTerms: [OnDate<Int>: [(Int, Double)]] = [:]
    var skillTerms: [OnDate<String>: [(Int, Double)]] = [:]
    var templateTerms: [OnDate<String>: [(Int, Double)]] = [:]
    var groupTerms: [OnDate<Int>: [(Int, Double)]] = [:]
    var eligible: [(group: TourGroup, templates: [String])] = []
    for (group, members) in groups.sorted(by: { $0.key.description < $1.key.description }) {
      guard let contract = problem.contracts.first(where: { $0.name == group.contract }) else { continue }
      let groupIndex = eligible.count
      eligible.append((group, contract.templates))
      let weeks = TourGroup.widestWeeks(
        available: group.days, rules: rules, weekdays: dates.map(\.weekday), maxDays: contract.maxDaysPerWeek)
      var groupColumns: [(Int, Double)] = []
      // Bands of the starts at which the contract's shifts fit the group's hours.
      let workable = shifts.filter {
        contract.templates.contains($0.shift.template) && group.allows($0.shift)
      }
      let starts = Set(workable.map(\.shift.start)).sorted()
      var groupBands = rules.startBands(starts)
      if restful {
        let restfulBands = rules.restfulStartBands(workable.map { ($0.shift.start, $0.shift.end) })
        narrowed = narrowed || restfulBands != groupBands
        groupBands = restfulBands
      }
      let bandIndices = groupBands.map { band in
        if let index = bands.firstIndex(of: band) { return index }
        bands.append(band)
        return bands.count - 1
      }
      for week in weeks {
        for (bandIndex, band) in zip(bandIndices, groupBands) {
          let column = model.addVariable("tour[\(group) \(week) \(band.lowerBound)]", kind: .integer)
          groupColumns.append((column, 1))
          planned.append(
            (PlannedTour(employees: members, week: week, band: band, count: 0), column))
          for (day, works) in week.enumerated() where works {
            tourTerms[OnDate(date: dates[day], key: bandIndex), default: []].append((column, -1))
            groupTerms[OnDate(date: dates[day], key: groupIndex), default: []].append((column, -1))
            for channel in group.skills {
              skillTerms[OnDate(date: dates[day], key: channel), default: []].append((column, -1))
            }
            for template in contract.templates {
              templateTerms[OnDate(date: dates[day], key: template), default: []].append(
                (column, -1))
            }
          }
        }
      }
      model.addConstraint("tours[\(group)]", terms: groupColumns, upper: Double(members.count))
    }
    // Route each (day, start)'s shifts to the bands holding that start.
    let byDateStart = Dictionary(grouping: shifts) { OnDate(date: $0.shift.date, key: $0.shift.start) }
    var routes: [ShiftRoutes] = []
    var routeBands: [(route: Int, band: OnDate<Int>)] = []
    for (key, entries) in byDateStart.sorted(by: { $0.key < $1.key }) {
      var terms = entries.map { ($0.column, 1.0) }
      var choices: [(column: Int, bandRow: Int, bandEnd: Int)] = []
      for (bandIndex, band) in bands.enumerated() where band.contains(key.key) {
        let route = model.addVariable("route[\(key.date) \(key.key) \(band.lowerBound)]")
        terms.append((route, -1))
        tourTerms[OnDate(date: key.date, key: bandIndex), default: []].append((route, 1))
        routeBands.append((route, OnDate(date: key.date, key: bandIndex)))
        choices.append((route, -1, band.upperBound))
      }
      routes.append(ShiftRoutes(date: key.date, start: key.key, row: model.constraints.count, bands: choices))
      model.addConstraint("route[\(key.date) \(key.key)]", terms: terms, upper: 0)
    }
    var bandRow: [OnDate<Int>: Int] = [:]
    for (key, terms) in tourTerms.sorted(by: { $0.key < $1.key }) {
      bandRow[key] = model.constraints.count
      model.addConstraint("tourband[\(key.date) \(key.key)]", terms: terms, upper: 0)
    }
    let rowOfRoute = Dictionary(
      routeBands.map { ($0.route, bandRow[$0.band]!) }, uniquingKeysWith: { a, _ in a })
    for index in routes.indices {
      routes[index].bands = routes[index].bands.map { ($0.column, rowOfRoute[$0.column]!, $0.bandEnd) }
    }
    // Each day's shifts per channel and per template, bounded by the tours that can work them.
    let limits: [(label: String, tours: [OnDate<String>: [(Int, Double)]], of: (Shift) -> String)] = [
      ("tourskill", skillTerms, \.channel), ("tourtemplate", templateTerms, \.template),
    ]
    for limit in limits {
      let grouped = Dictionary(grouping: shifts) { OnDate(date: $0.shift.date, key: limit.of($0.shift)) }
      for (key, terms) in limit.tours.sorted(by: { $0.key < $1.key }) {
        model.addConstraint(
          "\(limit.label)[\(key.date) \(key.key)]",
          terms: (grouped[key] ?? []).map { ($0.column, 1) } + terms,
          upper: 0)
      }
    }
    // Hall's condition, day by day, where hours windows narrow who can work a shift: the
    // shifts that only a set of groups can work need as many of those groups' people at work
    // that day, one shift each. The channel and template rows above bound what skills and
    // contracts allow, but miss, say, a morning shift when the part-timers free that day
    // include some who only work afternoons.
    for (dayIndex, date) in dates.enumerated() {
      let day = shifts.filter { $0.shift.date == date }
      func groups(_ shift: Shift, windows: Bool) -> Set<Int> {
        Set(
          eligible.indices.filter { index in
            let (group, templates) = eligible[index]
            return group.days[dayIndex] && templates.contains(shift.template)
              && group.skills.contains(shift.channel)
              && (!windows || group.allows(shift))
          })
      }
      let sets = day.map { groups($0.shift, windows: true) }
      let narrowed = Set(zip(day, sets).filter { groups($0.0.shift, windows: false) != $0.1 }.map(\.1))
      for (setIndex, groupSet) in narrowed.sorted(by: { $0.sorted().lexicographicallyPrecedes($1.sorted()) })
        .enumerated()
      {
        let needed = zip(day, sets).filter { $0.1.isSubset(of: groupSet) }.map { ($0.0.column, 1.0) }
        let available = groupSet.sorted().flatMap { groupTerms[OnDate(date: date, key: $0)] ?? [] }
        model.addConstraint("hall[\(date) \(setIndex)]", terms: needed + available, upper: 0)
      }
    }
    return (planned, routes, narrowed)
  }
}
