import Forecasting
import Foundation
import RotaCore

/// What a history holds that the plan cannot use, said rather than dropped in silence.
public enum HistoryQuality {
  /// Above this share of contacts outside the opening hours, the note is a warning.
  public static let warnAbove = 0.01

  /// The contacts of the history outside the scenario's opening hours (or on its holidays),
  /// which the forecast leaves out: their count and share, and the weekdays and hours holding
  /// most of them. Nil when there are none.
  public static func outsideHours(_ histories: [String: VolumeHistory], _ scenario: Scenario) -> (
    share: Double, note: String
  )? {
    var total = 0.0
    var outside = 0.0
    var byHour: [String: Double] = [:]
    let length = scenario.grid.intervalMinutes
    for history in histories.values {
      for (start, volume) in history.volumes where volume > 0 {
        total += volume
        guard !scenario.openingHours.isOpen(at: start, minutes: length) else { continue }
        outside += volume
        let hour = start.minuteOfDay / 60
        byHour["\(start.date.weekday.description.prefix(3)) \(hour < 10 ? "0" : "")\(hour):00", default: 0] +=
          volume
      }
    }
    guard outside > 0, total > 0 else { return nil }
    let share = outside / total
    let busiest = byHour.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3)
      .map { "\($0.key) (\(Int($0.value.rounded())))" }.joined(separator: ", ")
    let note =
      "\(Int(outside.rounded())) of the history's \(Int(total.rounded())) contacts "
      + "(\((share * 100).formatted(maxDecimals: 1))%) fall outside the opening hours or on holidays and are "
      + "left out of the forecast; most in \(busiest). If the team was open then, widen team.opening_hours; "
      + "if the file's times are not \(scenario.grid.timeZone.identifier) wall-clock time (a 'Z' on local "
      + "times, another zone), fix the times or team.time_zone"
    return (share, note)
  }

  /// A question when the history's busiest hour of the day falls between midnight and 06:00
  /// local time, as it does when UTC or another zone's times are read as the team's: customer
  /// contact peaks in the day. Nil otherwise, or with fewer than 100 contacts.
  public static func nightPeak(_ histories: [String: VolumeHistory], _ scenario: Scenario) -> String? {
    var byHour = Array(repeating: 0.0, count: 24)
    for history in histories.values {
      for (start, volume) in history.volumes { byHour[start.minuteOfDay / 60] += volume }
    }
    let total = byHour.reduce(0, +)
    guard total >= 100, let peak = byHour.indices.max(by: { byHour[$0] < byHour[$1] }), peak < 6 else {
      return nil
    }
    let share = byHour[peak] / total * 100
    return "the history's busiest hour of the day is \(peak < 10 ? "0" : "")\(peak):00 "
      + "(\(share.formatted(maxDecimals: 1))% of its contacts), at night in \(scenario.grid.timeZone.identifier): "
      + "are its times in UTC or another zone? Rota reads them as the team's wall-clock time"
  }
}
