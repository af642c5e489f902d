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
///   in the troughs of the live channels. `netAgents` for email is the day's average work
///   per open interval times the least factor at which a steady first-in-first-out backlog
///   answers the channel's ``Channel/deadlineShare`` in time, for reading only.
///
/// Gross agents are net agents / (1 − shrinkage), rounded up with a tolerance so that a
/// quotient that is whole in exact arithmetic (42 / 0.7 = 60) is not pushed to 61 by rounding
/// error.
public enum StaffingPlanner {
  /// The requirements of each channel's forecast intervals. `repeatingEvery`: on a week planned
  /// as a repeating pattern, its length in seconds; an email ticket whose deadline falls past the
  /// period's end is then due in the next lap of the week, early in this one (Sunday evening's
  /// tickets by Monday evening), rather than by the period's last interval.
  public static func requirements(forecast: [ForecastPoint], channels: [Channel], repeatingEvery: Int? = nil)
    throws(StaffingError) -> [Requirement]
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
          result += try email(points, channel: channel, repeatingEvery: repeatingEvery)
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

  static func email(_ points: [ForecastPoint], channel: Channel, repeatingEvery cycle: Int? = nil)
    throws(StaffingError) -> [Requirement]
  {
    let deadline = Int(min(channel.deadlineSeconds ?? 86_400, 366 * 86_400))
    var dayWork: [LocalDate: (work: Double, intervals: Int)] = [:]
    // Agent-intervals of work per ticket, at the occupancy cap.
    let perTicket = points.map { point in
      channel.handlingSeconds(at: point) / (Double(point.interval.minutes * 60) * channel.maxOccupancy)
    }
    let work = zip(points, perTicket).map { $0.mean * $1 }
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
    /// The last interval from `first` on ending by `latestEnd`; nil when none does.
    func lastEnding(by latestEnd: Int, from first: Int) -> Int? {
      var found: Int?
      var low = first
      var high = points.count - 1
      while low <= high {
        let middle = (low + high) / 2
        if ends[middle] <= latestEnd {
          found = middle
          low = middle + 1
        } else {
          high = middle - 1
        }
      }
      return found
    }
    // Each ticket's due interval: the last interval ending within the deadline; never earlier
    // than the arrival's own interval, and the period's last interval when the deadline falls
    // after it. On a repeating week the next lap's intervals (index + count, ending `cycle`
    // seconds later) count too, up to the one before the arrival's own.
    let dues = points.indices.map { index -> Int in
      let latestEnd = points[index].interval.instant + deadline
      let due = lastEnding(by: latestEnd, from: index) ?? index
      guard let cycle, index > 0, let wrapped = lastEnding(by: latestEnd - cycle, from: 0) else { return due }
      return min(wrapped, index - 1) + points.count
    }
    let dayAverage = points.map { point in
      let day = dayWork[point.interval.start.date]!
      return day.work / Double(day.intervals)
    }
    // "All" is judged at 1e-4 below a full share, as the verdict judges it.
    let scale = leastScale(
      meeting: min(channel.deadlineShare, 0.9999), points: points, perTicket: perTicket, dues: dues,
      dayAverage: dayAverage)
    return points.indices.map { index in
      let point = points[index]
      let net = (dayAverage[index] * scale).toleranceCeil()
      return Requirement(
        interval: point.interval, channel: channel.name, forecast: point.mean, netAgents: net,
        grossAgents: gross(net, channel, point.interval), work: work[index],
        due: points[dues[index] % points.count].interval
      )
    }
  }

  /// The least factor on each day's average work per interval (to 1e-12, at most 64) at which
  /// a first-in-first-out backlog worked at that steady rate answers `share` of the tickets by
  /// their due intervals.
  static func leastScale(
    meeting share: Double, points: [ForecastPoint], perTicket: [Double], dues: [Int], dayAverage: [Double]
  ) -> Double {
    let tickets = points.reduce(0) { $0 + $1.mean }
    guard tickets > 0 else { return 0 }
    func onTimeShare(_ scale: Double) -> Double {
      var queue: [(due: Int, tickets: Double)] = []
      var head = 0
      var onTime = 0.0
      for (index, point) in points.enumerated() {
        if point.mean > 0 { queue.append((dues[index], point.mean)) }
        var left = scale * dayAverage[index] / perTicket[index]
        while left > 1e-12 && head < queue.count {
          let served = min(left, queue[head].tickets)
          if index <= queue[head].due { onTime += served }
          queue[head].tickets -= served
          left -= served
          if queue[head].tickets <= 1e-12 { head += 1 }
        }
      }
      return onTime / tickets
    }
    var high = 1.0
    while onTimeShare(high) < share, high < 64 { high *= 2 }
    var low = 0.0
    while high - low > 1e-12 * high {
      let middle = (low + high) / 2
      if onTimeShare(middle) >= share { high = middle } else { low = middle }
    }
    return high
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
    if channel.kind == .email, !(channel.deadlineShare > 0 && channel.deadlineShare <= 1) {
      throw fail("share within the deadline", "must lie in (0, 1]")
    }
    do { try targets(of: channel).validate() } catch { throw error.inChannel(channel.name) }
  }
}
