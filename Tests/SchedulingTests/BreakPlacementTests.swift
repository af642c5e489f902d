import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// Placing breaks last, on its own: from a plan whose shift counts are whole but whose break
/// columns the search kept continuous, the breaks come out whole, every row of the real model
/// holds, the counted model's bound stands (it is a relaxation), and the status says whether
/// placing them cost anything.
@Suite struct BreakPlacementTests {
  @Test(arguments: [50, 400])
  func breaksComeOutWholeAndTheBoundStands(_ nodes: Int) throws {
    let problem = PlanHeuristicsTests().week()
    let built = ShiftPlanner.model(problem)
    let breakColumns = Set(built.shiftColumns.flatMap { $0.breaks.flatMap { $0.map(\.column) } })
    try #require(!breakColumns.isEmpty)
    var counting = built.model
    for column in breakColumns { counting.setKind(of: column, to: .continuous) }
    let solved = try MIPSolver.solve(counting, options: SolverOptions(timeLimit: 60, nodeLimit: nodes))
    try #require(solved.status.hasSolution)
    // GLPK's answer has whole breaks; half of one moved to another start is what a search on
    // the counting model may leave.
    var counted = solved
    split: for entry in built.shiftColumns where solved.values[entry.column] >= 1 {
      for group in entry.breaks where group.count >= 2 {
        guard let from = group.first(where: { solved.values[$0.column] >= 1 }),
          let to = group.first(where: { $0.column != from.column })
        else { continue }
        counted.values[from.column] -= 0.5
        counted.values[to.column] += 0.5
        break split
      }
    }
    counted.objective = counting.objective(of: counted.values)
    let fractional = breakColumns.filter { abs(counted.values[$0] - counted.values[$0].rounded()) > 1e-6 }
    let columns = PlanColumns(
      shifts: built.shiftColumns, tours: built.tourColumns, routes: built.routes, backlogs: built.backlogs,
      coverRows: built.coverRows, wholeBreaks: false, shareRow: built.shareRow)
    let byDay = problem.dates.map { date in breakColumns.filter { built.dayOfColumn[$0] == date }.sorted() }
    let placed = ShiftPlanner.placeBreaks(
      built.model, counted: counted, plan: columns, byDay: byDay, relativeGap: 0.005, nodeLimit: 20,
      deadline: ContinuousClock.now + .seconds(60), verbose: false)
    for (index, variable) in built.model.variables.enumerated() where variable.kind != .continuous {
      #expect(abs(placed.values[index] - placed.values[index].rounded()) < 1e-9, "\(variable.name)")
    }
    #expect(
      built.model.firstViolation(placed.values) == nil, "\(built.model.firstViolation(placed.values) ?? "")")
    let objective = try #require(placed.objective)
    #expect(abs(objective - built.model.objective(of: placed.values)) < 1e-6)
    #expect(placed.bound == counted.bound)
    let bound = try #require(placed.bound)
    #expect(bound <= objective + 1e-6)
    // Each shift keeps its count: breaks move, shifts do not.
    for entry in built.shiftColumns {
      #expect(abs(placed.values[entry.column] - solved.values[entry.column].rounded()) < 1e-9)
    }
    #expect(!fractional.isEmpty, "the counted plan's breaks were all whole: nothing to place")
    if placed.status == .optimal { #expect(abs(objective - (counted.objective ?? .infinity)) < 1e-6) }
  }
}
