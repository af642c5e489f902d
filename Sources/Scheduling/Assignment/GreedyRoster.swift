import RotaCore

extension EmployeeAssignment {
  /// A first roster that keeps every hard rule, built a person at a time: the employees with
  /// the fewest shifts they could work go first, and each takes the week (among the widest
  /// weeks the rules allow, and each band of start times) whose best remaining shifts save
  /// the most open-shift cost over their wage. Shifts left over then go, the scarcest first,
  /// to anyone who can still take them; what no one can take stays open. Every rule is kept
  /// by subsets of a feasible week, so checking each addition against the week so far is
  /// exact.
  static func greedy(
    shifts: [(shift: Shift, count: Int)], problem: SchedulingProblem, model: MIPModel,
    columnsOfShift: [[(employee: Int, column: Int)]], open: [Int], extras: [EmployeeColumns],
    most: (evenings: Int, weekend: Int), guide: [Double]? = nil
  ) -> [Double] {
    let rules = problem.rules
    let dates = problem.dates
    let weekdays = dates.map(\.weekday)
    let dayIndex = Dictionary(dates.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let count = problem.employees.count
    var week: [[Shift?]] = Array(repeating: Array(repeating: nil, count: dates.count), count: count)
    var minutes = Array(repeating: 0, count: count)
    var values = Array(repeating: 0.0, count: model.variables.count)
    var left = shifts.map(\.count)
    // Tours already fixed in the model bind the greedy too.
    let fixed = extras.map { $0.tours.first { model.variables[$0.column].lower > 0.5 } }
    func fits(_ employee: Int, _ shift: Shift) -> Bool {
      let contract = problem.contract(of: problem.employees[employee])!
      guard let day = dayIndex[shift.date], week[employee][day] == nil,
        fixed[employee].map({ $0.holds(shift, day: day) }) ?? true,
        minutes[employee] + shift.paidMinutes <= contract.maxMinutesPerWeek,
        !contract.sameTemplateAllWeek
          || week[employee].allSatisfy({ ($0?.template ?? shift.template) == shift.template })
      else { return false }
      // The days before and after, wrapping on a repeating week.
      let last = dates.count - 1
      let before = day > 0 ? day - 1 : problem.cyclic && last > 0 ? last : nil
      let after = day < last ? day + 1 : problem.cyclic && last > 0 ? 0 : nil
      if let before, let other = week[employee][before], shift.start + 1440 - other.end < rules.minRestMinutes
      {
        return false
      }
      if let after, let other = week[employee][after], other.start + 1440 - shift.end < rules.minRestMinutes {
        return false
      }
      let starts = week[employee].compactMap { $0?.start } + [shift.start]
      if let variation = rules.maxStartVariationMinutes, starts.max()! - starts.min()! > variation {
        return false
      }
      var worked = week[employee].map { $0 != nil }
      worked[day] = true
      return rules.allows(worked, weekdays: weekdays, maxDays: contract.maxDaysPerWeek)
    }
    func take(_ employee: Int, _ index: Int, column: Int) {
      values[column] = 1
      week[employee][dayIndex[shifts[index].shift.date]!] = shifts[index].shift
      minutes[employee] += shifts[index].shift.paidMinutes
      left[index] -= 1
    }
    // What taking a shift saves: its open-shift cost less the employee's pay for it.
    func saving(_ index: Int, column: Int) -> Double {
      model.variables[open[index]].cost - model.variables[column].cost
    }
    var options: [[(index: Int, column: Int)]] = Array(repeating: [], count: count)
    for (index, columns) in columnsOfShift.enumerated() {
      for entry in columns { options[entry.employee].append((index, entry.column)) }
    }
    // Columns the model fixes at 1 (pinned shifts) are taken before anything else.
    for (index, columns) in columnsOfShift.enumerated() {
      for entry in columns where model.variables[entry.column].lower > 0.5 {
        take(entry.employee, index, column: entry.column)
      }
    }
    if let guide {
      // The LP's near-whole choices first, the surest first.
      var likely: [(index: Int, employee: Int, column: Int)] = []
      for (index, columns) in columnsOfShift.enumerated() {
        for entry in columns where guide[entry.column] > 0.5 {
          likely.append((index, entry.employee, entry.column))
        }
      }
      likely.sort { (-guide[$0.column], $0.column) < (-guide[$1.column], $1.column) }
      for entry in likely where left[entry.index] > 0 && fits(entry.employee, shifts[entry.index].shift) {
        take(entry.employee, entry.index, column: entry.column)
      }
    }
    let bands = rules.startBands(Set(shifts.map(\.shift.start)).sorted())
    for employee in (0..<count).sorted(by: { (options[$0].count, $0) < (options[$1].count, $1) }) {
      let contract = problem.contract(of: problem.employees[employee])!
      let available = dates.map { problem.employees[employee].isAvailable(on: $0) }
      var best: (saving: Double, picks: [(index: Int, column: Int)])?
      let leastDays = extras[employee].leastDays
      let weeks =
        fixed[employee].map { [$0.week] }
        ?? TourGroup.weeks(available: available, rules: rules, weekdays: weekdays, contract: contract).weeks
      let templates: [String?] =
        fixed[employee].map { [$0.template] }
        ?? (contract.sameTemplateAllWeek ? contract.templates.sorted().map { $0 } : [nil])
      let worked = week[employee].filter { $0 != nil }.count
      for widest in weeks {
        for band in fixed[employee].map({ [$0.band] }) ?? bands {
          for template in templates {
            var picks: [(index: Int, column: Int)] = []
            var total = 0.0
            var used = minutes[employee]
            var previous: Shift?
            for (day, works) in widest.enumerated() {
              guard works else {
                previous = nil
                continue
              }
              let choice = options[employee].filter { option in
                let shift = shifts[option.index].shift
                return left[option.index] > 0 && dayIndex[shift.date] == day && fits(employee, shift)
                  && band.contains(shift.start) && used + shift.paidMinutes <= contract.maxMinutesPerWeek
                  && (template == nil || template == shift.template)
                  && previous.map { shift.start + 1440 - $0.end >= rules.minRestMinutes } ?? true
              }.max {
                (saving($0.index, column: $0.column), -$0.index) < (
                  saving($1.index, column: $1.column), -$1.index
                )
              }
              previous = choice.map { shifts[$0.index].shift }
              if let choice {
                picks.append(choice)
                total += saving(choice.index, column: choice.column)
                used += shifts[choice.index].shift.paidMinutes
              }
            }
            // A week to be worked whole is taken whole or not at all.
            guard leastDays == 0 || worked + picks.count >= leastDays else { continue }
            if total > best?.saving ?? 0 { best = (total, picks) }
          }
        }
      }
      // Picks were checked one by one against the week so far; check them together as taken.
      for pick in best?.picks ?? [] where fits(employee, shifts[pick.index].shift) {
        take(employee, pick.index, column: pick.column)
      }
    }
    let order = shifts.indices.sorted {
      (columnsOfShift[$0].count, shifts[$0].shift) < (columnsOfShift[$1].count, shifts[$1].shift)
    }
    for index in order {
      while left[index] > 0 {
        let candidate = columnsOfShift[index].filter {
          values[$0.column] == 0 && fits($0.employee, shifts[index].shift)
        }.min {
          (model.variables[$0.column].cost, $0.employee) < (model.variables[$1.column].cost, $1.employee)
        }
        guard let candidate else { break }
        take(candidate.employee, index, column: candidate.column)
      }
    }
    // Repair: an open shift goes to someone who gives up one of their shifts (that day's, or
    // another day's when that is what blocks them: days, hours, rest, days off) to a third
    // person who can take it.
    let dateOf = shifts.map { dayIndex[$0.shift.date]! }
    var held: [Int: (index: Int, column: Int)] = [:]  // employee × days + day → what they work
    for (index, columns) in columnsOfShift.enumerated() {
      for entry in columns where values[entry.column] == 1 {
        held[entry.employee * dates.count + dateOf[index]] = (index, entry.column)
      }
    }
    for index in order where left[index] > 0 {
      for entry in columnsOfShift[index] where left[index] > 0 && values[entry.column] == 0 {
        for other in dates.indices where left[index] > 0 {
          guard let current = held[entry.employee * dates.count + other],
            model.variables[current.column].lower < 0.5
          else { continue }
          // Take the employee off that shift, and see whether both shifts then find a place.
          values[current.column] = 0
          week[entry.employee][other] = nil
          minutes[entry.employee] -= shifts[current.index].shift.paidMinutes
          let stand =
            fits(entry.employee, shifts[index].shift)
            ? columnsOfShift[current.index].first {
              $0.employee != entry.employee && values[$0.column] == 0
                && fits($0.employee, shifts[current.index].shift)
            } : nil
          if let stand {
            take(entry.employee, index, column: entry.column)
            left[current.index] += 1
            take(stand.employee, current.index, column: stand.column)
            held[entry.employee * dates.count + other] = nil
            held[entry.employee * dates.count + dateOf[index]] = (index, entry.column)
            held[stand.employee * dates.count + other] = (current.index, stand.column)
          } else {
            values[current.column] = 1
            week[entry.employee][other] = shifts[current.index].shift
            minutes[entry.employee] += shifts[current.index].shift.paidMinutes
          }
        }
      }
    }
    // Whoever is left short of a week to be worked whole gives their shifts back: open.
    for (employee, extra) in extras.enumerated() where extra.leastDays > 0 {
      let worked = week[employee].filter { $0 != nil }.count
      guard worked > 0 && worked < extra.leastDays else { continue }
      for option in options[employee]
      where values[option.column] == 1 && model.variables[option.column].lower < 0.5 {
        values[option.column] = 0
        left[option.index] += 1
        week[employee][dayIndex[shifts[option.index].shift.date]!] = nil
        minutes[employee] -= shifts[option.index].shift.paidMinutes
      }
    }
    for index in shifts.indices { values[open[index]] = Double(left[index]) }
    for (employee, extra) in extras.enumerated() {
      let worked = week[employee].map { $0 != nil }
      let taken = week[employee].enumerated().compactMap { day, shift in shift.map { (day, $0) } }
      // A tour the model fixes is only a guide here: the roster is a start for the model with
      // tours free, where a fixed tour whose person works too few days is no tour.
      if let tour = fixed[employee], !taken.isEmpty, taken.allSatisfy({ tour.holds($0.1, day: $0.0) }) {
        values[tour.column] = 1
      } else if !taken.isEmpty,
        let tour = extra.tours.first(where: { tour in
          zip(tour.week, worked).allSatisfy { $0.0 || !$0.1 }
            && taken.allSatisfy { tour.holds($0.1, day: $0.0) }
        })
      {
        values[tour.column] = 1
      }
      if let short = extra.short {
        let guaranteed = problem.contract(of: problem.employees[employee])!.minMinutesPerWeek
        values[short] = Double(max(0, guaranteed - minutes[employee]))
      }
      if let idle = extra.idle {
        values[idle.column] = Double(max(0, idle.days - worked.filter { $0 }.count))
      }
      let shifts = week[employee].compactMap { $0 }
      values[most.evenings] = max(
        values[most.evenings], Double(shifts.filter { $0.end > rules.eveningStartMinute }.count))
      values[most.weekend] = max(
        values[most.weekend], Double(shifts.filter { [.saturday, .sunday].contains($0.date.weekday) }.count))
    }
    return values
  }
}
