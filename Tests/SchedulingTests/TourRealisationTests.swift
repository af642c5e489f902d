import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// The shift plan's tours are per group of alike employees, each shift routed to a band of a
/// group whose people could work it, so the people stage can always staff what the plan
/// asks for. Here people differ in skills and hours: phone agents who only work mornings,
/// chat agents who work any hours, and a few who take both; with shared bands a plan could
/// count a chat agent's evening tour towards a morning phone shift.
@Suite struct TourRealisationTests {
  static let monday = LocalDate(iso: "2026-12-07")!

  struct Team: Sendable, CustomTestStringConvertible {
    var phoneOnly: Int
    var chatOnly: Int
    var both: Int
    var seed: Int
    var nodes: Int
    var testDescription: String {
      "\(phoneOnly) phone, \(chatOnly) chat, \(both) both, seed \(seed), \(nodes) nodes"
    }
  }

  static let teams: [Team] = [
    Team(phoneOnly: 4, chatOnly: 4, both: 0, seed: 1, nodes: 400),
    Team(phoneOnly: 3, chatOnly: 5, both: 2, seed: 2, nodes: 400),
    Team(phoneOnly: 6, chatOnly: 2, both: 1, seed: 3, nodes: 4),
    Team(phoneOnly: 2, chatOnly: 6, both: 3, seed: 4, nodes: 1),
  ]

  func problem(_ team: Team) -> SchedulingProblem {
    let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 60)!
    let open = OpeningHours(
      ranges: Dictionary(
        uniqueKeysWithValues: Weekday.allCases.map {
          ($0, [TimeRange(open: TimeOfDay("07:00")!, close: TimeOfDay("23:00")!)!])
        }))
    let templates = [
      ShiftTemplate(
        name: "early", lengthMinutes: 480, earliestStart: 420, latestStart: 540, startStepMinutes: 60,
        days: Set(Weekday.allCases), breaks: []),
      ShiftTemplate(
        name: "late", lengthMinutes: 480, earliestStart: 780, latestStart: 900, startStepMinutes: 60,
        days: Set(Weekday.allCases), breaks: []),
    ]
    let dates = (0..<7).map { Self.monday.adding(days: $0) }
    var requirements: [Requirement] = []
    for (day, date) in dates.enumerated() {
      for interval in grid.intervals(on: date) {
        let hour = interval.start.minuteOfDay / 60
        guard hour >= 7, hour < 23 else { continue }
        // Phone is a morning channel, chat runs all day; the pattern shifts with the seed.
        let phone = hour < 15 ? 1 + (hour + day + team.seed) % 3 : 0
        let chat = 1 + (hour * team.seed + day) % 2
        for (channel, agents) in [("phone", phone), ("chat", chat)] where agents > 0 {
          requirements.append(
            Requirement(
              interval: interval, channel: channel, forecast: 10, netAgents: agents, grossAgents: agents))
        }
      }
    }
    let contract = Contract(
      name: "std", templates: ["early", "late"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: 20)
    var people: [Employee] = []
    func add(_ count: Int, _ skills: [String], until: Int) {
      for _ in 0..<count {
        people.append(
          Employee(
            id: "E\(people.count + 1)", name: "Agent \(people.count + 1)", contract: "std", skills: skills,
            availableDays: Set(Weekday.allCases), availableUntil: until))
      }
    }
    add(team.phoneOnly, ["phone"], until: 17 * 60)
    add(team.chatOnly, ["chat"], until: 24 * 60)
    add(team.both, ["chat", "phone"], until: 24 * 60)
    return SchedulingProblem(
      grid: grid, openingHours: open, dates: dates,
      channels: [
        Channel(name: "phone", kind: .phone, handlingSeconds: 300, shortfallCostPerHour: 200),
        Channel(name: "chat", kind: .chat, handlingSeconds: 300, shortfallCostPerHour: 150),
      ],
      requirements: requirements, templates: templates, contracts: [contract], employees: people,
      rules: LabourRules(maxConsecutiveDays: 5, daysOffTogether: 2))
  }

  /// Every planned shift is matched to a person on one of the plan's tours, the people stage
  /// leaves no shift open, and the roster costs what the plan does (one contract: one wage).
  @Test(arguments: teams)
  func thePlansToursStaffEveryPlannedShift(_ team: Team) throws {
    let problem = problem(team)
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions(timeLimit: 60, nodeLimit: team.nodes))
    #expect(plan.solution.status.hasSolution)
    let planned = plan.shifts.reduce(0) { $0 + $1.count }
    #expect(planned > 0)
    // The matching alone, from the plan's tours: one (employee, shift) column per pair.
    var columnsOfShift: [[(employee: Int, column: Int)]] = []
    var columns = 0
    for entry in plan.shifts {
      columnsOfShift.append(
        problem.employees.indices.filter { problem.employee(problem.employees[$0], canWork: entry.shift) }.map
        {
          columns += 1
          return ($0, columns - 1)
        })
    }
    let staffing = EmployeeAssignment.plannedStaffing(
      plan, shifts: plan.shifts, problem: problem, columnsOfShift: columnsOfShift, columns: columns)
    #expect(Int(staffing.reduce(0, +)) == planned)
    for (index, entry) in plan.shifts.enumerated() {
      #expect(columnsOfShift[index].reduce(0) { $0 + staffing[$1.column] } == Double(entry.count))
    }
    let (roster, _) = try EmployeeAssignment.assign(
      plan, problem: problem, options: SolverOptions(nodeLimit: team.nodes))
    #expect(roster.openShifts.isEmpty)
    #expect(roster.assignments.count == planned)
    let objective = try #require(plan.solution.objective)
    #expect(abs(RosterCost(roster, problem: problem).total - objective) < 1e-6)
  }
}
