import RotaCore

/// A staffing request that cannot be met or does not make sense.
public enum StaffingError: Error, CustomStringConvertible, Equatable {
  case unknownChannel(String)
  case invalidParameter(channel: String, parameter: String, reason: String)

  public var description: String {
    switch self {
    case .unknownChannel(let name): "forecast names channel '\(name)', which the scenario does not define"
    case .invalidParameter(let channel, let parameter, let reason):
      "channel '\(channel)': \(parameter) \(reason)"
    }
  }
}

/// Turns forecast contacts into the agents each interval needs.
///
/// - Phone: Erlang C per interval (``ErlangC/agentsNeeded(load:handlingSeconds:target:maxOccupancy:)``).
/// - Chat: each agent is `concurrency` independent servers with the per-chat handling time,
///   so Erlang C gives the least number of chat slots and the agents are slots / concurrency,
///   rounded up.
/// - Email: the day's work (contacts × handling time) is spread evenly over the day's open
///   intervals at the channel's occupancy cap. Work arriving during the day is then answered by
///   closing time, well within a deadline of a day or more.
///
/// Gross agents are net agents / (1 − shrinkage), rounded up with a tolerance so that a
/// quotient that is whole in exact arithmetic is not pushed up by rounding error.
public enum StaffingPlanner {
  public static func requirements(
    forecast: [ForecastPoint], channels: [Channel], intervalMinutes: Int
  ) throws(StaffingError) -> [Requirement] {
    let byName = Dictionary(channels.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let intervalSeconds = Double(intervalMinutes * 60)
    var emailWorkPerDay: [String: [LocalDate: (work: Double, intervals: Int)]] = [:]
    for point in forecast {
      guard let channel = byName[point.channel] else { throw .unknownChannel(point.channel) }
      if channel.kind == .email {
        emailWorkPerDay[channel.name, default: [:]][point.interval.start.date, default: (0, 0)].work +=
          point.mean * channel.handlingSeconds
        emailWorkPerDay[channel.name, default: [:]][point.interval.start.date, default: (0, 0)].intervals += 1
      }
    }
    var result: [Requirement] = []
    result.reserveCapacity(forecast.count)
    for point in forecast {
      let channel = byName[point.channel]!
      try validate(channel)
      let net: Int
      switch channel.kind {
      case .phone:
        let load = point.mean * channel.handlingSeconds / Double(point.interval.minutes * 60)
        net = ErlangC.agentsNeeded(
          load: load, handlingSeconds: channel.handlingSeconds, target: channel.serviceLevel,
          maxOccupancy: channel.maxOccupancy)
      case .chat:
        let load = point.mean * channel.handlingSeconds / Double(point.interval.minutes * 60)
        let slots = ErlangC.agentsNeeded(
          load: load, handlingSeconds: channel.handlingSeconds, target: channel.serviceLevel,
          maxOccupancy: channel.maxOccupancy)
        net = (Double(slots) / Double(channel.concurrency)).toleranceCeil()
      case .email:
        let day = emailWorkPerDay[channel.name]![point.interval.start.date]!
        let capacity = Double(day.intervals) * intervalSeconds * channel.maxOccupancy
        net = (day.work / capacity).toleranceCeil()
      }
      let gross = (Double(net) / (1 - channel.shrinkage)).toleranceCeil()
      result.append(
        Requirement(
          interval: point.interval, channel: channel.name, forecast: point.mean, netAgents: net,
          grossAgents: gross))
    }
    return result
  }

  static func validate(_ channel: Channel) throws(StaffingError) {
    func fail(_ parameter: String, _ reason: String) -> StaffingError {
      .invalidParameter(channel: channel.name, parameter: parameter, reason: reason)
    }
    guard channel.handlingSeconds > 0 else { throw fail("handling time", "must be above 0 seconds") }
    guard channel.maxOccupancy > 0, channel.maxOccupancy <= 1 else {
      throw fail("max occupancy", "must lie in (0, 1]")
    }
    guard channel.shrinkage >= 0, channel.shrinkage < 1 else { throw fail("shrinkage", "must lie in [0, 1)") }
    guard channel.concurrency >= 1 else { throw fail("concurrency", "must be at least 1") }
    if let target = channel.serviceLevel {
      guard target.fraction > 0, target.fraction < 1 else {
        throw fail("service level", "must lie strictly between 0 and 1")
      }
      guard target.answerSeconds >= 0 else { throw fail("answer time", "must not be negative") }
    }
  }
}
