import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// The greedy first roster, on its own: whatever the problem, it keeps every hard rule of the
/// assignment's model (so branch-and-cut and fix-and-optimise may start from it), takes whole
/// weeks where contracts guarantee days, and leaves a shift open only when nobody can take it.
@Suite struct GreedyRosterTests {
  /// The assignment model of `problem`'s plan and the greedy roster made on it.
  private func greedy(_ problem: SchedulingProblem) throws -> (AssignmentModel, [Double]) {
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions(nodeLimit: 50))
    let built = AssignmentModel(plan, problem: problem)
    let values = EmployeeAssignment.greedy(
      shifts: built.shifts, problem: problem, model: built.model, columnsOfShift: built.columnsOfShift,
      open: built.openColumns, extras: built.extras, most: (built.mostEvenings, built.mostWeekendDays))
    return (built, values)
  }

  /// Each employee's shifts in the greedy roster, by day index.
  private func weeks(_ built: AssignmentModel, _ values: [Double], problem: SchedulingProblem) -> [[Shift]] {
    var weeks = Array(repeating: [Shift](), count: problem.employees.count)
    for (index, columns) in built.columnsOfShift.enumerated() {
      for entry in columns where values[entry.column] > 0.5 {
        weeks[entry.employee].append(built.shifts[index].shift)
      }
    }
    return weeks
  }

  static let cases = ["a week with rules", "whole weeks", "whole weeks, short-staffed"]

  private func problem(_ name: String) -> SchedulingProblem {
    switch name {
    case "a week with rules": PlanHeuristicsTests().week()
    case "whole weeks": WholeWeekTests().problem(people: 5)
    default: WholeWeekTests().problem(people: 2)
    }
  }

  @Test(arguments: cases)
  func theGreedyRosterKeepsEveryRowOfTheModel(_ name: String) throws {
    let problem = problem(name)
    let (built, values) = try greedy(problem)
    #expect(built.model.firstViolation(values) == nil, "\(built.model.firstViolation(values) ?? "")")
    for (index, entry) in built.shifts.enumerated() {
      let staffed = built.columnsOfShift[index].filter { values[$0.column] > 0.5 }.count
      #expect(staffed + Int(values[built.openColumns[index]].rounded()) == entry.count)
    }
    // Independently of the model's rows: a shift a day, rest, hours and days per contract.
    for (employee, shifts) in weeks(built, values, problem: problem).enumerated() {
      let contract = try #require(problem.contract(of: problem.employees[employee]))
      #expect(Set(shifts.map(\.date)).count == shifts.count)
      #expect(shifts.count <= contract.maxDaysPerWeek)
      #expect(shifts.reduce(0) { $0 + $1.paidMinutes } <= contract.maxMinutesPerWeek)
      let sorted = shifts.sorted { $0.date < $1.date }
      for (first, second) in zip(sorted, sorted.dropFirst()) where first.date.days(to: second.date) == 1 {
        #expect(second.start + 1440 - first.end >= problem.rules.minRestMinutes)
      }
    }
  }

  /// With days guaranteed, a person works a whole week or none; a shift stays open only when
  /// nobody left has a whole week that holds it.
  @Test(arguments: [5, 2])
  func wholeWeeksAreTakenWholeOrNotAtAll(_ people: Int) throws {
    let problem = WholeWeekTests().problem(people: people)
    let (built, values) = try greedy(problem)
    let weeks = weeks(built, values, problem: problem)
    for shifts in weeks { #expect(shifts.isEmpty || shifts.count == 5, "\(shifts.count) days") }
    let open = built.openColumns.reduce(0.0) { $0 + values[$1] }
    let planned = built.shifts.reduce(0) { $0 + $1.count }
    // The plan's shifts are whole weeks of its tours: the greedy staffs them all with whole
    // weeks, as many people as tours, the rest idle.
    #expect(planned % 5 == 0 && planned / 5 <= people)
    #expect(open == 0, "\(open) open of \(planned)")
    #expect(weeks.filter(\.isEmpty).count == people - planned / 5)
  }
}
