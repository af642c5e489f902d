import RotaCore

extension EmployeeAssignment {
  /// The shift plan's own staffing, as a guide for ``greedy(shifts:problem:model:columnsOfShift:open:extras:most:guide:)``:
  /// each planned tour goes to members of its group, and each day the shifts are matched to
  /// the people whose tours work that day in a band holding the start (a maximum bipartite
  /// matching by augmenting paths, Kuhn 1955). The plan routes every shift to a (group, band)
  /// slot with no more shifts than tours, so the matching staffs every planned shift; with
  /// bands that keep the rest rule the result keeps every rule the tours stand for. Returns
  /// 1 on the (employee, shift) columns matched.
  static func plannedStaffing(
    _ plan: ShiftPlan, shifts: [(shift: Shift, count: Int)], problem: SchedulingProblem,
    columnsOfShift: [[(employee: Int, column: Int)]], columns: Int
  ) -> [Double] {
    var guide = Array(repeating: 0.0, count: columns)
    var tourOf: [Int: PlannedTour] = [:]
    for tour in plan.tours {
      var left = tour.count
      for employee in tour.employees where left > 0 && tourOf[employee] == nil {
        tourOf[employee] = tour
        left -= 1
      }
    }
    for (day, date) in problem.dates.enumerated() {
      // One unit per shift to staff that day, with the columns of those who may take it.
      var units: [[(employee: Int, column: Int)]] = []
      for (index, entry) in shifts.enumerated() where entry.shift.date == date {
        let takers = columnsOfShift[index].filter { candidate in
          tourOf[candidate.employee].map { $0.holds(entry.shift, day: day) } ?? false
        }
        units += Array(repeating: takers, count: entry.count)
      }
      var unitOf: [Int: Int] = [:]  // employee → unit
      func augment(_ unit: Int, _ seen: inout Set<Int>) -> Bool {
        for taker in units[unit] where seen.insert(taker.employee).inserted {
          if let other = unitOf[taker.employee] {
            guard augment(other, &seen) else { continue }
          }
          unitOf[taker.employee] = unit
          return true
        }
        return false
      }
      for unit in units.indices {
        var seen = Set<Int>()
        _ = augment(unit, &seen)
      }
      for (employee, unit) in unitOf.sorted(by: { $0.key < $1.key }) {
        if let taker = units[unit].first(where: { $0.employee == employee }) { guide[taker.column] = 1 }
      }
    }
    return guide
  }
}
