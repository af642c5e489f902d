import Foundation
import RotaCore
import Testing

@testable import Scheduling

/// The shift plan's tours keep to bands of start times that the 11-hour rest can never break,
/// while its bound comes from the tours the rules allow.
@Suite struct RestfulBandsTests {
  struct BandCase: Sendable, CustomTestStringConvertible {
    var name: String
    var shifts: [(start: Int, end: Int)]
    var variation: Int?
    var bands: [ClosedRange<Int>]
    var testDescription: String { name }
  }

  static func hours(_ starts: [Int], length: Int) -> [(start: Int, end: Int)] {
    starts.map { ($0 * 60, $0 * 60 + length) }
  }

  // Worked by hand with 24 h − 11 h = 780 minutes from a band's first start to its last end.
  static let cases: [BandCase] = [
    // Latest end 20:00, earliest start 08:00: 12 h, so rest never binds and nothing narrows.
    BandCase(
      name: "day shifts 08:00-20:00", shifts: hours([8, 9, 10, 11], length: 510) + hours([14], length: 360),
      variation: nil, bands: [480...840]),
    // Early 06–09, late 13–16 and night 21–23, all 8.5 h: an early band reaching 09:00, a
    // 09:00 early with a 13:00 late (ends 21:30, 11.5 h before 09:00), the lates, the nights.
    BandCase(
      name: "early, late and night",
      shifts: hours([6, 7, 8, 9], length: 510) + hours([13, 14, 15, 16], length: 510)
        + hours([21, 22, 23], length: 510),
      variation: nil, bands: [360...540, 540...780, 780...960, 1260...1380]),
    // A start-time limit of 60 minutes narrows further than rest does.
    BandCase(
      name: "with a 60-minute variation", shifts: hours([6, 7, 8, 9, 13], length: 510), variation: 60,
      bands: [360...420, 420...480, 480...540, 780...780]),
    // A shift longer than 13 h cannot be followed by itself the next day: single starts.
    BandCase(
      name: "fourteen-hour shifts", shifts: hours([6, 7], length: 840), variation: nil,
      bands: [360...360, 420...420]
    ),
  ]

  @Test(arguments: cases)
  func bandsAreTheWidestTheRestAllows(_ example: BandCase) {
    var rules = LabourRules(maxStartVariationMinutes: example.variation)
    rules.minRestMinutes = 660
    #expect(rules.restfulStartBands(example.shifts) == example.bands)
  }

  /// Any shifts: every start lies in a band, and any two shifts of one band on consecutive
  /// days leave the rest (a band of one start excepted, when its shifts are too long).
  @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
  func everyBandKeepsTheRest(_ seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    let shifts = (0..<12).map { _ in
      let start = Int(random.uniform() * 48) * 30
      return (start: start, end: start + 120 + Int(random.uniform() * 20) * 30)
    }
    let rules = LabourRules(minRestMinutes: 600)
    let bands = rules.restfulStartBands(shifts)
    for shift in shifts { #expect(bands.contains { $0.contains(shift.start) }) }
    for band in bands where band.lowerBound != band.upperBound {
      for first in shifts where band.contains(first.start) {
        for next in shifts where band.contains(next.start) {
          #expect(next.start + 1440 - first.end >= 600, "\(first) then \(next) in \(band)")
        }
      }
    }
  }

  /// One person, a Monday needing an early shift and a Tuesday needing a late one. The rules
  /// allow both to one person (early, then 25 h of rest); restful bands do not (the late ends
  /// 17 h after the early starts), so the plan covers one day. Its bound must still lie below
  /// the best roster of all nine the rules could give, found by trying each.
  @Test func theBoundHoldsForRostersTheBandsForbid() throws {
    let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 60)!
    let monday = LocalDate(iso: "2026-12-07")!
    let tuesday = monday.adding(days: 1)
    let open = OpeningHours(
      ranges: Dictionary(
        uniqueKeysWithValues: Weekday.allCases.map {
          ($0, [TimeRange(open: TimeOfDay("06:00")!, close: TimeOfDay("23:00")!)!])
        }))
    let phone = Channel(name: "phone", kind: .phone, handlingSeconds: 300, shortfallCostPerHour: 100)
    func template(_ name: String, at start: Int) -> ShiftTemplate {
      ShiftTemplate(
        name: name, lengthMinutes: 480, earliestStart: start, latestStart: start, startStepMinutes: 60,
        days: Set(Weekday.allCases), breaks: [])
    }
    let templates = [template("early", at: 360), template("late", at: 900)]
    func needs(_ date: LocalDate, from: Int) -> [Requirement] {
      grid.intervals(on: date).filter { (from..<from + 480).contains($0.start.minuteOfDay) }.map {
        Requirement(interval: $0, channel: "phone", forecast: 10, netAgents: 1, grossAgents: 1)
      }
    }
    let contract = Contract(
      name: "std", templates: ["early", "late"], maxDaysPerWeek: 5, maxMinutesPerWeek: 2400, hourlyWage: 20)
    let employee = Employee(
      id: "E1", name: "Agent", contract: "std", skills: ["phone"], availableDays: Set(Weekday.allCases))
    let problem = SchedulingProblem(
      grid: grid, openingHours: open, dates: [monday, tuesday], channels: [phone],
      requirements: needs(monday, from: 360) + needs(tuesday, from: 900), templates: templates,
      contracts: [contract], employees: [employee], rules: LabourRules(maxConsecutiveDays: 5))

    var best = Double.infinity
    let choices: [ShiftTemplate?] = [nil] + templates
    for first in choices {
      for second in choices {
        let shifts = zip([monday, tuesday], [first, second]).compactMap { date, template in
          template.map {
            Shift(
              date: date, template: $0.name, channel: "phone", start: $0.earliestStart,
              end: $0.earliestStart + 480, breaks: [])
          }
        }
        if shifts.count == 2, shifts[1].start + 1440 - shifts[0].end < 660 { continue }
        let roster = Roster(
          employees: [employee], assignments: shifts.map { RosteredShift(employeeID: "E1", shift: $0) },
          openShifts: [])
        best = min(best, RosterCost(roster, problem: problem).total)
      }
    }
    #expect(best == 2 * 8 * 20, "early on Monday, late on Tuesday")
    let plan = try ShiftPlanner.plan(problem, options: SolverOptions())
    // The bands are in force, so the bound below is not the plan's own.
    #expect(plan.shifts.count == 1)
    let bound = try #require(plan.solution.bound)
    #expect(bound <= best + 1e-6)
    let (roster, _) = try EmployeeAssignment.assign(plan, problem: problem, options: SolverOptions())
    #expect(RosterCost(roster, problem: problem).total >= bound - 1e-6)
    #expect(roster.openShifts.isEmpty, "the plan asks only for what its one person can work")
  }
}
