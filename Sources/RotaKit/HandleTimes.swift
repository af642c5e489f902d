import Forecasting
import RotaCore

/// Forecast handle times put on a volume forecast (``HandleTimeForecast``).
public enum HandleTimes {
  /// `points` with each channel's forecast AHT where `contacts` has handle times before
  /// `start`, and one line per such channel saying which method the backtest picked and its
  /// errors.
  public static func attach(_ points: [ForecastPoint], contacts: [String: ContactHistory], start: LocalDate)
    -> (points: [ForecastPoint], notes: [String])
  {
    var points = points
    var notes: [String] = []
    for channel in contacts.keys.sorted() {
      let contact = contacts[channel]!
      guard !contact.handleSeconds.isEmpty else { continue }
      let history = HandleTimeForecast.History(handled: contact.handled, seconds: contact.handleSeconds)
      let choice = HandleTimeForecast.choose(history, start: start)
      let method = choice?.method ?? .flat
      if let choice {
        let errors = HandleTimeForecast.Method.allCases.map {
          "\($0.rawValue) \(((choice.errors[$0] ?? 0) * 100).formatted(maxDecimals: 1))%"
        }
        notes.append(
          "\(channel): handle time forecast by \(method.rawValue) (handle-time WAPE over \(choice.origins) weekly "
            + "origins: \(errors.joined(separator: ", ")))")
      } else {
        notes.append("\(channel): handle time forecast flat (too little history to backtest)")
      }
      let indices = points.indices.filter { points[$0].channel == channel }
      let forecast = HandleTimeForecast.forecast(
        history, method: method, origin: start, targets: indices.map { points[$0].interval.start })
      for index in indices { points[index].ahtSeconds = forecast[points[index].interval.start] }
    }
    return (points, notes)
  }
}
