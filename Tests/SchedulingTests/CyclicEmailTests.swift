import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// Email on a week planned as a repeating pattern: the backlog the week ends with is the one it
/// starts with, and a ticket whose deadline falls past the week's end is due early in it.
@Suite struct CyclicEmailTests {
  let grid = TimeGrid(timeZone: TimeZone(identifier: "UTC")!, intervalMinutes: 30)!
  let monday = LocalDate(iso: "2026-12-07")!

  /// Work in small parcels, worked off oldest first over three laps of the week; the middle
  /// lap's overdue work (agent-intervals past due at each interval's end) and the parcels it
  /// leaves for the next week. Parcel by parcel, with no formula shared with `EmailBacklog`.
  func parcelOverdue(work: [Double], capacity: [Double], due: [Int]) -> (overdue: Double, leftover: Double) {
    let count = work.count
    var queue: [(amount: Double, due: Int)] = []
    var overdue = 0.0
    var leftover = 0.0
    for lap in 0..<3 {
      for index in 0..<count {
        let now = lap * count + index
        if work[index] > 0 { queue.append((work[index], lap * count + due[index])) }
        var left = capacity[index]
        while left > 1e-12, let first = queue.first {
          let served = min(left, first.amount)
          left -= served
          if served >= first.amount - 1e-12 { queue.removeFirst() } else { queue[0].amount -= served }
        }
        if lap == 1 { overdue += queue.filter { $0.due <= now }.reduce(0) { $0 + $1.amount } }
      }
      if lap == 1 { leftover = queue.reduce(0) { $0 + $1.amount } }
    }
    return (overdue, leftover)
  }

  /// Random weeks of 24 intervals whose capacity covers their work: the plan's overdue
  /// (backlog above the work not yet due, summed) on the repeating backlog path equals the
  /// overdue work parcel by parcel in a week between two others, and the week starts with
  /// what it ends with.
  @Test(arguments: 1...12)
  func overdueMatchesParcelsInASteadyWeek(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    let count = 24
    let work = (0..<count).map { _ in random.uniform() < 0.5 ? Double(Int(random.uniform() * 8)) / 4 : 0 }
    var capacity = (0..<count).map { _ in random.uniform() < 0.4 ? Double(Int(random.uniform() * 12)) / 4 : 0
    }
    capacity[Int(random.uniform() * Double(count))] += work.reduce(0, +)
    let deadline = 1 + Int(random.uniform() * 10)
    // Due `deadline` intervals on, on the next lap when that passes the week's end.
    let due = (0..<count).map { ($0 + deadline) % count }
    let intervals = grid.intervals(on: monday).prefix(count)
    let requirements = zip(intervals, zip(work, due)).map { interval, entry in
      Requirement(
        interval: interval, channel: "email", forecast: 0, netAgents: 0, grossAgents: 0, work: entry.0,
        due: Array(intervals)[entry.1])
    }
    let path = EmailBacklog.workOff(work: work, capacity: capacity, cyclic: true)
    let waiting = EmailBacklog.notYetDue(requirements, cyclic: true)
    let overdue = zip(path.backlog, waiting).reduce(0) { $0 + max(0, $1.0 - $1.1) }
    let extended = (0..<count).map { due[$0] < $0 ? due[$0] + count : due[$0] }
    let parcels = parcelOverdue(work: work, capacity: capacity, due: extended)
    #expect(abs(overdue - parcels.overdue) < 1e-9, "\(overdue) against \(parcels.overdue)")
    #expect(abs(path.carry - parcels.leftover) < 1e-9)
    #expect(abs((path.backlog.last ?? 0) - path.carry) < 1e-9)
    #expect(path.dropped < 1e-9)
  }

  /// A week whose capacity is short of its work drops exactly the shortfall each lap.
  @Test func aWeekShortOfCapacityDropsWhatItCannotDo() {
    let work: [Double] = [2, 0, 3, 0, 1, 0]
    let capacity: [Double] = [1, 1, 0, 1, 0, 1]
    let path = EmailBacklog.workOff(work: work, capacity: capacity, cyclic: true)
    #expect(path.dropped == 2)
    #expect(path.done.reduce(0, +) == 4)
  }

  /// One day planned as a repeating pattern: 4 agent-intervals of email arrive at 22:00, due
  /// 12 h later, at 10:00 the next day, which is this day's 09:30 interval on the next lap.
  /// The one shift, 08:00–12:00, answers them by then: the plan costs its wage alone
  /// (4 h × 20), and so does the roster. Planned once, the day would end with the work
  /// overdue, and the cheapest plan (no shift, 4 agent-intervals overdue once at 10/h × 0.5 h)
  /// costs 20.
  @Test(arguments: [true, false])
  func lateTicketsAreDueNextMorning(_ cyclic: Bool) throws {
    let email = Channel(
      name: "email", kind: .email, handlingSeconds: 300, deadlineSeconds: 12 * 3600, shortfallCostPerHour: 10)
    let intervals = grid.intervals(on: monday)
    let requirements = intervals.enumerated().map { index, interval in
      Requirement(
        interval: interval, channel: "email", forecast: index == 44 ? 48 : 0, netAgents: 0, grossAgents: 0,
        work: index == 44 ? 4 : 0, due: index == 44 ? intervals[cyclic ? 19 : 47] : interval)
    }
    let problem = oneAgentEmailProblem(
      grid: grid, date: monday, open: ("00:00", "24:00"), email: email, requirements: requirements,
      cyclic: cyclic)
    let expected = cyclic ? 80.0 : 20.0
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions())
    #expect(abs(try #require(plan.solution.objective) - expected) < 1e-6)
    let (roster, _) = try EmployeeAssignment.assign(plan, problem: problem, options: SolverOptions())
    #expect(roster.assignments.count == (cyclic ? 1 : 0))
    let cost = RosterCost(roster, problem: problem)
    #expect(abs(cost.total - expected) < 1e-6)
    #expect(try #require(plan.solution.bound) <= cost.total + 1e-6)
  }
}
