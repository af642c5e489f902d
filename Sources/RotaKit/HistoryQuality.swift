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
        let open =
          !scenario.openingHours.holidays.contains(start.date)
          && (scenario.openingHours.ranges[start.date.weekday] ?? []).contains {
            $0.contains(minute: start.minuteOfDay, length: length)
          }
        guard !open else { continue }
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
}
