import RotaCore

/// A staffing request that cannot be met or does not make sense.
public enum StaffingError: Error, CustomStringConvertible, Equatable {
  case unknownChannel(String)
  /// A parameter out of its range; `channel` is empty outside a scenario.
  case invalidParameter(channel: String, parameter: String, reason: String)
  /// No number of agents can meet the targets.
  case unreachableTarget(String)

  public var description: String {
    switch self {
    case .unknownChannel(let name): "forecast names channel '\(name)', which the scenario does not define"
    case .invalidParameter(let channel, let parameter, let reason):
      (channel.isEmpty ? "" : "channel '\(channel)': ") + "\(parameter) \(reason)"
    case .unreachableTarget(let what): "no number of agents can meet \(what)"
    }
  }

  /// The same error, naming the interval it arose in.
  func at(_ start: LocalDateTime) -> StaffingError {
    switch self {
    case .invalidParameter(let channel, let parameter, let reason):
      .invalidParameter(channel: channel, parameter: parameter, reason: "\(reason) (interval \(start))")
    case .unreachableTarget(let what): .unreachableTarget("\(what) (interval \(start))")
    case .unknownChannel: self
    }
  }

  /// The same error, naming the channel it arose in.
  func inChannel(_ name: String) -> StaffingError {
    switch self {
    case .invalidParameter(_, let parameter, let reason):
      .invalidParameter(channel: name, parameter: parameter, reason: reason)
    case .unreachableTarget(let what): .unreachableTarget("\(what) (channel '\(name)')")
    case .unknownChannel: self
    }
  }
}

/// Turns forecast contacts into the agents each interval needs.
///
/// - Phone: the least agents meeting the channel's targets under Erlang C, or Erlang A when
///   the channel has a patience (``ErlangC``, ``ErlangA``).
/// - Chat: an agent holding `concurrency` chats is that many independent servers, each taking
///   the channel's per-chat handling time (which is measured at that concurrency); the queue
///   model gives the least number of chat slots, and the agents are slots / concurrency,
///   rounded up.
/// - Email: each interval's arrivals become work, in agent-intervals at the occupancy cap,
///   due by the last open interval that ends within the deadline of their arrival
///   (``Requirement/work``, ``Requirement/due``); the scheduler may do it anywhere in between,
///   in the troughs of the live channels. `netAgents` for email is the day's work spread evenly
///   over its open intervals, for reading only.
///
/// Gross agents are net agents / (1 − shrinkage), rounded up with a tolerance so that a
/// quotient that is whole in exact arithmetic (42 / 0.7 = 60) is not pushed to 61 by rounding
/// error.
public enum StaffingPlanner {
  public static func requirements(forecast: [ForecastPoint], channels: [Channel]) throws(StaffingError)
    -> [Requirement]
  {
    let byName = Dictionary(channels.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    for point in forecast where byName[point.channel] == nil { throw .unknownChannel(point.channel) }
    for channel in channels {
      do { try validate(channel) } catch { throw error.inChannel(channel.name) }
    }
    var result: [Requirement] = []
    result.reserveCapacity(forecast.count)
    for channel in channels {
      let points = forecast.filter { $0.channel == channel.name }.sorted { $0.interval < $1.interval }
      do throws(StaffingError) {
        switch channel.kind {
        case .phone, .chat:
          for point in points {
            do { result.append(try live(point, channel: channel)) } catch {
              throw error.at(point.interval.start)
            }
          }
        case .email:
          result += try email(points, channel: channel)
        }
      } catch { throw error.inChannel(channel.name) }
    }
    return result
  }

  /// The channel's targets, as the queueing models take them.
  public static func targets(of channel: Channel) -> StaffingTargets {
    StaffingTargets(
      serviceLevel: channel.serviceLevel, maxASASeconds: channel.maxASASeconds,
      maxOccupancy: channel.maxOccupancy,
      maxAbandonRate: channel.maxAbandonRate, serviceLevelBasis: channel.serviceLevelBasis)
  }

  static func live(_ point: ForecastPoint, channel: Channel) throws(StaffingError) -> Requirement {
    let seconds = Double(point.interval.minutes * 60)
    let targets = targets(of: channel)
    let handling = channel.handlingSeconds(at: point)
    let servers: Int
    if let patience = channel.patienceSeconds {
      servers = try ErlangA.leastAgents(
        arrivalsPerSecond: point.mean / seconds, handlingSeconds: handling,
        patienceSeconds: patience, targets: targets)
    } else {
      servers = try ErlangC.leastAgents(
        load: point.mean * handling / seconds, handlingSeconds: handling,
        targets: targets)
    }
    let net = (Double(servers) / Double(channel.concurrency)).toleranceCeil()
    return Requirement(
      interval: point.interval, channel: channel.name, forecast: point.mean, netAgents: net,
      grossAgents: gross(net, channel, point.interval))
  }

  static func email(_ points: [ForecastPoint], channel: Channel) throws(StaffingError) -> [Requirement] {
    let deadline = Int(min(channel.deadlineSeconds ?? 86_400, 366 * 86_400))
    var dayWork: [LocalDate: (work: Double, intervals: Int)] = [:]
    let work = points.map { point in
      point.mean * channel.handlingSeconds(at: point)
        / (Double(point.interval.minutes * 60) * channel.maxOccupancy)
    }
    for (point, amount) in zip(points, work) {
      guard amount <= ErlangC.maxLoad else {
        throw StaffingError.invalidParameter(
          channel: "", parameter: "email work",
          reason:
            "of \(amount.formatted(maxDecimals: 2)) agent-intervals is beyond the \(Int(ErlangC.maxLoad)) Rota "
            + "staffs one queue for: check the volumes and handling time (interval \(point.interval.start))")
      }
      dayWork[point.interval.start.date, default: (0, 0)].work += amount
      dayWork[point.interval.start.date, default: (0, 0)].intervals += 1
    }
    let ends = points.map { $0.interval.instant + $0.interval.minutes * 60 }
    return zip(points.indices, zip(points, work)).map { index, entry in
      let (point, amount) = entry
      // The last interval ending within the deadline; never earlier than the arrival's own
      // interval, and the period's last interval when the deadline falls after it.
      let latestEnd = point.interval.instant + deadline
      var dueIndex = index
      var low = index
      var high = points.count - 1
      while low <= high {
        let middle = (low + high) / 2
        if ends[middle] <= latestEnd {
          dueIndex = middle
          low = middle + 1
        } else {
          high = middle - 1
        }
      }
      let day = dayWork[point.interval.start.date]!
      let net = (day.work / Double(day.intervals)).toleranceCeil()
      return Requirement(
        interval: point.interval, channel: channel.name, forecast: point.mean, netAgents: net,
        grossAgents: gross(net, channel, point.interval), work: amount, due: points[dueIndex].interval)
    }
  }

  static func gross(_ net: Int, _ channel: Channel, _ interval: GridInterval) -> Int {
    (Double(net) / (1 - channel.shrinkage(at: interval))).toleranceCeil()
  }

  static func validate(_ channel: Channel) throws(StaffingError) {
    func fail(_ parameter: String, _ reason: String) -> StaffingError {
      .invalidParameter(channel: channel.name, parameter: parameter, reason: reason)
    }
    guard channel.handlingSeconds > 0, channel.handlingSeconds.isFinite else {
      throw fail("handling time", "must be above 0 seconds")
    }
    guard channel.shrinkageValues.allSatisfy({ $0 >= 0 && $0 < 1 }) else {
      throw fail("shrinkage", "must lie in [0, 1)")
    }
    guard channel.concurrency >= 1 else { throw fail("concurrency", "must be at least 1") }
    if let patience = channel.patienceSeconds, !(patience > 0 && patience.isFinite) {
      throw fail("patience", "must be above 0 seconds")
    }
    if channel.maxAbandonRate != nil && channel.patienceSeconds == nil {
      throw fail("abandonment target", "needs a patience: under Erlang C nobody abandons")
    }
    if channel.kind == .email, !((channel.deadlineSeconds ?? 0) > 0) {
      throw fail("deadline", "must be above 0 hours")
    }
    do { try targets(of: channel).validate() } catch { throw error.inChannel(channel.name) }
  }
}
