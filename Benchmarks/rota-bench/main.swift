// Benchmarks for the figures the README reports. Run in a release build:
//   swift run -c release rota-bench [staffing]
import Foundation
import RotaCore
import Staffing

/// Median and best of `runs` timings of `body`, in milliseconds.
func measure(runs: Int, _ body: () throws -> Void) rethrows -> (median: Double, best: Double) {
  var times: [Double] = []
  for _ in 0..<runs {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
  }
  times.sort()
  return (times[times.count / 2], times[0])
}

/// Requirements for 10,000 half-hour intervals of phone traffic under Erlang A (issue 3):
/// seeded arrivals from 1 to 800 per interval, 240 s handling, 120 s patience, 80/20 over
/// offered calls, at most 5% abandoning and 90% occupancy.
func staffing() throws {
  let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!
  let start = LocalDate(iso: "2026-01-05")!
  let intervals = Array(grid.intervals(from: start, through: start.adding(days: 220)).prefix(10_000))
  var random = SeededGenerator(seed: 3)
  let forecast = intervals.map { interval in
    let mean = 1 + 799 * random.uniform() * random.uniform()
    return ForecastPoint(
      interval: interval, channel: "phone", mean: mean, lo80: mean, hi80: mean, lo95: mean, hi95: mean)
  }
  var phone = Channel(
    name: "phone", kind: .phone, handlingSeconds: 240,
    serviceLevel: ServiceLevelTarget(fraction: 0.8, answerSeconds: 20),
    maxOccupancy: 0.9, shrinkage: 0.3)
  phone.patienceSeconds = 120
  phone.maxAbandonRate = 0.05
  var agents = 0
  let erlangA = try measure(runs: 15) {
    agents = try StaffingPlanner.requirements(forecast: forecast, channels: [phone]).reduce(0) {
      $0 + $1.netAgents
    }
  }
  phone.patienceSeconds = nil
  phone.maxAbandonRate = nil
  let erlangC = try measure(runs: 15) {
    _ = try StaffingPlanner.requirements(forecast: forecast, channels: [phone])
  }
  print("staffing: \(forecast.count) intervals, \(agents) agent-intervals under Erlang A")
  print(String(format: "  Erlang A  median %.1f ms  best %.1f ms", erlangA.median, erlangA.best))
  print(String(format: "  Erlang C  median %.1f ms  best %.1f ms", erlangC.median, erlangC.best))
}

let which = CommandLine.arguments.dropFirst().first ?? "all"
switch which {
case "staffing", "all": try staffing()
default:
  FileHandle.standardError.write(Data("unknown benchmark '\(which)'; known: staffing\n".utf8))
  exit(1)
}
