import RotaCore

/// The assignment's integer program for a shift plan: a binary `y` per employee and shift
/// they may work (pinned shifts fixed to their employee), an integer open-shift column per
/// shift, and per employee the rows for one shift a day, rest between days, days and minutes
/// in the week, guaranteed days and hours, tours where the problem plans them, and the
/// fairness maxima. ``EmployeeAssignment/assign(_:problem:options:)`` solves it; the greedy
/// and the tests start from it.
struct AssignmentModel {
  var model: MIPModel
  /// The plan's shifts, then one entry per pinned shift.
  let shifts: [(shift: Shift, count: Int)]
  /// Each pinned shift's employee (index into the problem's employees).
  let pinnedEmployee: [Int?]
  /// Per shift, the employees who may work it and their `y` columns.
  let columnsOfShift: [[(employee: Int, column: Int)]]
  /// Per shift, its open-shift column.
  let openColumns: [Int]
  let extras: [EmployeeColumns]
  let mostEvenings: Int
  let mostWeekendDays: Int

  init(_ plan: ShiftPlan, problem: SchedulingProblem) {
    var model = MIPModel(sense: .minimize)
    // Pinned shifts come after the plan's, one entry each, already given to their employee.
    let firstPinned = plan.shifts.count
    let shifts = plan.shifts + problem.pinned.map { (shift: $0.shift, count: 1) }
    let pinnedEmployee = problem.pinned.map { pin in problem.employees.firstIndex { $0.id == pin.employeeID }
    }
    let rules = problem.rules
    // A re-plan's published shifts: keeping one for its employee saves a change.
    struct EmployeeShift: Hashable {
      var employee: String
      var key: PublishedKey
    }
    let published = Set(
      problem.published.map {
        EmployeeShift(employee: $0.employeeID, key: PublishedKey($0.shift, contract: nil))
      })
    var columnsOfShift: [[(employee: Int, column: Int)]] = Array(repeating: [], count: shifts.count)
    var openColumns: [Int] = []
    var columnsOfEmployeeDay: [EmployeeDay: [(shift: Int, column: Int)]] = [:]
    for (index, entry) in shifts.enumerated() {
      let shift = entry.shift
      let pin = index >= firstPinned ? pinnedEmployee[index - firstPinned] : nil
      for (employeeIndex, employee) in problem.employees.enumerated()
      where index < firstPinned ? problem.employee(employee, canWork: shift) : employeeIndex == pin {
        let wage = problem.contract(of: employee)!.hourlyWage
        let preference =
          employee.preferredDaysOff.contains(shift.date.weekday) ? EmployeeAssignment.preferenceCost : 0
        let keeps = published.contains(
          EmployeeShift(employee: employee.id, key: PublishedKey(shift, contract: nil)))
        let column = model.addVariable(
          "y[\(employee.id) \(index)]", kind: .binary, lower: index < firstPinned ? 0 : 1,
          cost: rules.pay.cost(of: shift, wage: wage) + preference - (keeps ? problem.changeCost : 0))
        columnsOfShift[index].append((employeeIndex, column))
        columnsOfEmployeeDay[EmployeeDay(employee: employeeIndex, date: shift.date), default: []].append(
          (index, column))
      }
      let open = model.addVariable(
        "open[\(index)]", kind: .integer, upper: index < firstPinned ? Double(entry.count) : 0,
        cost: EmployeeAssignment.openShiftCostPerHour * Double(shift.paidMinutes) / 60)
      openColumns.append(open)
      model.addConstraint(
        "fill[\(index)]", terms: columnsOfShift[index].map { ($0.column, 1) } + [(open, 1)],
        lower: Double(entry.count), upper: Double(entry.count))
    }
    let mostEvenings = model.addVariable("most.evenings", cost: EmployeeAssignment.fairnessCost)
    let mostWeekendDays = model.addVariable("most.weekend", cost: EmployeeAssignment.fairnessCost)
    let dates = problem.dates
    var extras: [EmployeeColumns] = Array(repeating: EmployeeColumns(), count: problem.employees.count)
    for (employeeIndex, employee) in problem.employees.enumerated() {
      let contract = problem.contract(of: employee)!
      let days = dates.map { columnsOfEmployeeDay[EmployeeDay(employee: employeeIndex, date: $0)] ?? [] }
      let all = days.flatMap { $0 }
      guard !all.isEmpty else { continue }
      let id = employee.id
      for (dayIndex, today) in days.enumerated() where !today.isEmpty {
        model.addConstraint("day[\(id) \(dates[dayIndex])]", terms: today.map { ($0.column, 1) }, upper: 1)
        // A repeating week's last day is followed by its first.
        let tomorrow =
          dayIndex + 1 < days.count ? days[dayIndex + 1] : problem.cyclic && days.count > 1 ? days[0] : []
        for entry in today {
          let end = shifts[entry.shift].shift.end
          let clashes = tomorrow.filter { shifts[$0.shift].shift.start + 1440 - end < rules.minRestMinutes }
          if !clashes.isEmpty {
            model.addConstraint(
              "rest[\(id) \(entry.shift)]", terms: [(entry.column, 1)] + clashes.map { ($0.column, 1) },
              upper: 1)
          }
        }
      }
      model.addConstraint(
        "days[\(id)]", terms: all.map { ($0.column, 1) }, upper: Double(contract.maxDaysPerWeek))
      let guaranteed = contract.guaranteedDays(available: dates.filter(employee.isAvailable(on:)).count)
      if guaranteed > 0 {
        let idle = model.addVariable("idle[\(id)]", upper: Double(guaranteed), cost: contract.idleDayCost)
        extras[employeeIndex].idle = (idle, guaranteed)
        model.addConstraint(
          "guaranteed.days[\(id)]", terms: all.map { ($0.column, 1) } + [(idle, 1)], lower: Double(guaranteed)
        )
      }
      let minutes = all.map { ($0.column, Double(shifts[$0.shift].shift.paidMinutes)) }
      model.addConstraint("minutes[\(id)]", terms: minutes, upper: Double(contract.maxMinutesPerWeek))
      if contract.minMinutesPerWeek > 0 {
        let short = model.addVariable(
          "guaranteed.short[\(id)]", upper: Double(contract.minMinutesPerWeek),
          cost: EmployeeAssignment.guaranteedHoursShortCostPerHour / 60)
        extras[employeeIndex].short = short
        model.addConstraint(
          "guaranteed[\(id)]", terms: minutes + [(short, 1)], lower: Double(contract.minMinutesPerWeek))
      }
      if problem.plansTours {
        // tour[w, b, t] = 1: the employee works within week w with every start in band b (and
        // with one template all week, on template t); each shift needs a tour that holds its
        // day, start and template. Where days are guaranteed the week is worked whole, or at
        // least its guaranteed days (the weeks of ``TourGroup/weeks(available:rules:weekdays:contract:)``).
        let available = dates.map { employee.isAvailable(on: $0) }
        let (weeks, leastDays) = TourGroup.weeks(
          available: available, rules: rules, weekdays: dates.map(\.weekday), contract: contract)
        let starts = Set(all.map { shifts[$0.shift].shift.start }).sorted()
        let templates: [String?] =
          contract.sameTemplateAllWeek ? Set(all.map { shifts[$0.shift].shift.template }).sorted() : [nil]
        var tours: [EmployeeTour] = []
        for (weekIndex, week) in weeks.enumerated() {
          for band in rules.startBands(starts) {
            for template in templates {
              let column = model.addVariable(
                "tour[\(id) \(weekIndex) \(band.lowerBound) \(template ?? "")]", kind: .binary)
              tours.append(EmployeeTour(week: week, band: band, template: template, column: column))
            }
          }
        }
        extras[employeeIndex].tours = tours
        extras[employeeIndex].leastDays = leastDays
        model.addConstraint("tour[\(id)]", terms: tours.map { ($0.column, 1) }, upper: 1)
        if leastDays > 0 {
          model.addConstraint(
            "tourdays[\(id)]",
            terms: all.map { ($0.column, 1) } + tours.map { ($0.column, -Double(leastDays)) },
            lower: 0)
        }
        for (dayIndex, today) in days.enumerated() where !today.isEmpty {
          model.addConstraint(
            "tourday[\(id) \(dayIndex)]",
            terms: today.map { ($0.column, 1) } + tours.filter { $0.week[dayIndex] }.map { ($0.column, -1) },
            upper: 0)
          for entry in today {
            let holding = tours.filter { $0.holds(shifts[entry.shift].shift, day: dayIndex) }
            if holding.count < tours.filter({ $0.week[dayIndex] }).count {
              model.addConstraint(
                "tourshift[\(id) \(entry.shift)]",
                terms: [(entry.column, 1)] + holding.map { ($0.column, -1) }, upper: 0)
            }
          }
        }
      }
      let evenings = all.filter { shifts[$0.shift].shift.end > rules.eveningStartMinute }
      model.addConstraint(
        "evenings[\(id)]", terms: evenings.map { ($0.column, 1) } + [(mostEvenings, -1)], upper: 0)
      let weekend = all.filter { [.saturday, .sunday].contains(shifts[$0.shift].shift.date.weekday) }
      model.addConstraint(
        "weekenddays[\(id)]", terms: weekend.map { ($0.column, 1) } + [(mostWeekendDays, -1)], upper: 0)
    }
    self.model = model
    self.shifts = shifts
    self.pinnedEmployee = pinnedEmployee
    self.columnsOfShift = columnsOfShift
    self.openColumns = openColumns
    self.extras = extras
    self.mostEvenings = mostEvenings
    self.mostWeekendDays = mostWeekendDays
  }
}
