import Forecasting
import Foundation
import RotaCore

/// The handle-time forecast on a seeded synthetic history whose AHT has a known daily shape:
/// twelve weeks, weekdays 08:00–20:00 at 30 minutes, contacts rising to a midday peak, AHT
/// 300 s × (1 + 0.2 sin over the day) × 1.05 on Mondays, each interval's observed AHT the mean
/// of its contacts' exponential handle times (so quiet intervals are noisy). At the four weekly
/// origins before the end, each forecast is scored on the handle seconds it misses in the week
/// after (Σ handled × |forecast − actual AHT| / Σ handle seconds): a flat AHT (the last four
/// weeks' average), the last week's AHT at the same slot, the profile, and what the backtest
/// picks, against the truth's own score (the noise floor).
func handleTime() {
  var random = SeededGenerator(seed: 20_261_202)
  let first = LocalDate(iso: "2026-09-07")!
  func truth(_ date: LocalDate, _ slot: Int) -> Double {
    300 * (1 + 0.2 * sin(2 * Double.pi * Double(slot - 16) / 24)) * (date.weekday == .monday ? 1.05 : 1)
  }
  var handled: [LocalDateTime: Double] = [:]
  var seconds: [LocalDateTime: Double] = [:]
  for day in 0..<84 {
    let date = first.adding(days: day)
    guard date.weekday.rawValue <= 5 else { continue }
    for slot in 16..<40 {
      let contacts = random.poisson(8 + 40 * sin(Double.pi * Double(slot - 16) / 24))
      guard contacts > 0 else { continue }
      let time = LocalDateTime(date: date, minuteOfDay: slot * 30)
      handled[time] = Double(contacts)
      seconds[time] = (0..<contacts).reduce(0) { sum, _ in sum - log(random.uniform()) * truth(date, slot) }
    }
  }
  let history = HandleTimeForecast.History(handled: handled, seconds: seconds)
  let end = first.adding(days: 84)
  var totals: [String: (missed: Double, seconds: Double)] = [:]
  for week in 1...4 {
    let origin = end.adding(days: -7 * week)
    let targets = handled.keys.filter { $0.date >= origin && $0.date < origin.adding(days: 7) }
    let picked = HandleTimeForecast.choose(history, start: origin)?.method ?? .flat
    var forecasts: [String: [LocalDateTime: Double]] = [
      "flat": HandleTimeForecast.forecast(history, method: .flat, origin: origin, targets: targets),
      "profile": HandleTimeForecast.forecast(history, method: .profile, origin: origin, targets: targets),
      "picked by backtest": HandleTimeForecast.forecast(
        history, method: picked, origin: origin, targets: targets),
      "truth (noise floor)": Dictionary(
        uniqueKeysWithValues: targets.map { ($0, truth($0.date, $0.minuteOfDay / 30)) }),
    ]
    forecasts["last week, same slot"] = Dictionary(
      uniqueKeysWithValues: targets.compactMap { time in
        let before = LocalDateTime(date: time.date.adding(days: -7), minuteOfDay: time.minuteOfDay)
        guard let count = handled[before], count > 0 else { return nil }
        return (time, seconds[before]! / count)
      })
    for (name, forecast) in forecasts {
      for time in targets {
        let count = handled[time]!
        let actual = seconds[time]! / count
        let predicted = forecast[time] ?? forecasts["flat"]![time]!
        totals[name, default: (0, 0)].missed += count * abs(predicted - actual)
        totals[name, default: (0, 0)].seconds += seconds[time]!
      }
    }
  }
  print("handle time: 12 weeks of a seeded synthetic AHT with a daily shape, 4 weekly origins")
  print("| forecast | handle-time WAPE |")
  print("|---|---:|")
  for name in ["flat", "last week, same slot", "profile", "picked by backtest", "truth (noise floor)"] {
    let total = totals[name]!
    print("| \(name) | \(String(format: "%.2f%%", total.missed / total.seconds * 100)) |")
  }
}
