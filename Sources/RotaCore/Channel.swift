/// A service level target: `fraction` of contacts answered within `answerSeconds`
/// (80/20 is `fraction` 0.8 within 20 seconds).
public struct ServiceLevelTarget: Sendable, Hashable, CustomStringConvertible {
  public var fraction: Double
  public var answerSeconds: Double

  public init(fraction: Double, answerSeconds: Double) {
    self.fraction = fraction
    self.answerSeconds = answerSeconds
  }

  public var description: String {
    "\(Int((fraction * 100).rounded()))% in \(answerSeconds.formatted(maxDecimals: 1)) s"
  }
}

/// Which contacts a service level is counted over when some abandon.
public enum ServiceLevelBasis: String, Sendable, CaseIterable {
  /// Answered within the target time, over all contacts offered: an abandoned contact counts
  /// as a miss. Rota's default: it never rewards a queue for losing callers.
  case offered
  /// Answered within the target time, over contacts answered: abandoned ones are left out.
  case answered
}

/// How a channel's contacts reach agents.
public enum ChannelKind: String, Sendable, CaseIterable {
  /// Live calls that wait in a queue (Erlang models).
  case phone
  /// Live chats; an agent holds several at once.
  case chat
  /// Tickets answered within a deadline; work can wait.
  case email
}

/// A contact channel with what it takes to handle a contact and the targets it must meet.
public struct Channel: Sendable, Hashable {
  public var name: String
  public var kind: ChannelKind
  /// Average handling time per contact in seconds (for chat: per chat, at the channel's
  /// concurrency).
  public var handlingSeconds: Double
  /// For phone and chat.
  public var serviceLevel: ServiceLevelTarget?
  /// How the service level is counted when contacts abandon.
  public var serviceLevelBasis: ServiceLevelBasis = .offered
  /// Mean patience of a waiting contact in seconds; when given, queues are Erlang A
  /// (exponential patience) instead of Erlang C.
  public var patienceSeconds: Double?
  /// Highest average speed of answer, in seconds.
  public var maxASASeconds: Double?
  /// Highest share of contacts that abandon (needs a patience).
  public var maxAbandonRate: Double?
  /// Highest planned occupancy of agents on task, a fraction in (0, 1].
  public var maxOccupancy: Double
  /// Chats an agent holds at once (1 for other channels).
  public var concurrency: Int
  /// For email: tickets are to be answered within this many seconds of arrival.
  public var deadlineSeconds: Double?
  /// For email: the share of tickets, in (0, 1], to answer within ``deadlineSeconds``; 1 means
  /// all of them (`deadline_hours`), below 1 a service level such as 90% within 24 h.
  public var deadlineShare: Double = 1
  /// Fraction of scheduled time lost to absence, training and meetings (scheduled breaks are
  /// modelled in the roster and are not part of it), in [0, 1).
  public var shrinkage: Double
  /// Shrinkage for particular weekdays and hours (a team meeting every Monday morning, say);
  /// the last window that holds an interval wins, else ``shrinkage``.
  public var shrinkageWindows: [ShrinkageWindow] = []
  /// Cost the scheduler charges per agent-hour short of the requirement.
  public var shortfallCostPerHour: Double

  public init(
    name: String, kind: ChannelKind, handlingSeconds: Double, serviceLevel: ServiceLevelTarget? = nil,
    maxOccupancy: Double = 1, concurrency: Int = 1, deadlineSeconds: Double? = nil,
    shrinkage: Double = 0, shortfallCostPerHour: Double = 100
  ) {
    self.name = name
    self.kind = kind
    self.handlingSeconds = handlingSeconds
    self.serviceLevel = serviceLevel
    self.maxOccupancy = maxOccupancy
    self.concurrency = concurrency
    self.deadlineSeconds = deadlineSeconds
    self.shrinkage = shrinkage
    self.shortfallCostPerHour = shortfallCostPerHour
  }
}

/// Shrinkage that applies on some weekdays within some wall-clock hours.
public struct ShrinkageWindow: Sendable, Hashable {
  public var days: Set<Weekday>
  public var hours: TimeRange
  public var shrinkage: Double

  public init(days: Set<Weekday>, hours: TimeRange, shrinkage: Double) {
    self.days = days
    self.hours = hours
    self.shrinkage = shrinkage
  }
}

extension Channel {
  /// The shrinkage in force in `interval`, judged by its wall-clock start.
  public func shrinkage(at interval: GridInterval) -> Double {
    let minute = interval.start.minuteOfDay
    let window = shrinkageWindows.last {
      $0.days.contains(interval.start.date.weekday) && minute >= $0.hours.open.minutes
        && minute < $0.hours.close.minutes
    }
    return window?.shrinkage ?? shrinkage
  }

  /// The handle time of `point`'s contacts: its forecast AHT, else ``handlingSeconds``.
  public func handlingSeconds(at point: ForecastPoint) -> Double { point.ahtSeconds ?? handlingSeconds }

  /// An email channel's target in words: "all within 24 h" or "90% within 24 h".
  public var deadlineTarget: String {
    let hours = ((deadlineSeconds ?? 0) / 3600).formatted(maxDecimals: 1)
    let share = deadlineShare >= 1 ? "all" : "\((deadlineShare * 100).formatted(maxDecimals: 1))%"
    return "\(share) within \(hours) h"
  }

  /// Every shrinkage value the channel can use.
  public var shrinkageValues: [Double] { [shrinkage] + shrinkageWindows.map(\.shrinkage) }
}

/// Forecast contacts for one channel in one interval, with prediction bounds.
public struct ForecastPoint: Sendable, Hashable {
  public var interval: GridInterval
  public var channel: String
  /// Expected contacts arriving in the interval.
  public var mean: Double
  public var lo80: Double
  public var hi80: Double
  public var lo95: Double
  public var hi95: Double
  /// Forecast average handle time of the interval's contacts in seconds, when the history
  /// has handle times; otherwise the channel's `handlingSeconds` applies.
  public var ahtSeconds: Double?

  public init(
    interval: GridInterval, channel: String, mean: Double, lo80: Double, hi80: Double, lo95: Double,
    hi95: Double
  ) {
    self.interval = interval
    self.channel = channel
    self.mean = mean
    self.lo80 = lo80
    self.hi80 = hi80
    self.lo95 = lo95
    self.hi95 = hi95
  }
}

/// The agents one channel needs in one interval.
public struct Requirement: Sendable, Hashable {
  public var interval: GridInterval
  public var channel: String
  /// Forecast contacts in the interval.
  public var forecast: Double
  /// Agents on task (after breaks, before shrinkage) that meet the channel's targets. For
  /// email, the agents if the day's work were spread evenly over its open intervals: a guide;
  /// the scheduler places ``work`` freely before ``due`` instead.
  public var netAgents: Int
  /// Agents to schedule: net agents grossed up for shrinkage.
  public var grossAgents: Int
  /// Email only: the work arriving in this interval, in agent-intervals on task at the
  /// channel's occupancy cap (contacts × handling seconds / (interval seconds × cap)).
  public var work: Double?
  /// Email only: the last interval in which that work may be done to meet the deadline.
  public var due: GridInterval?

  public init(
    interval: GridInterval, channel: String, forecast: Double, netAgents: Int, grossAgents: Int,
    work: Double? = nil, due: GridInterval? = nil
  ) {
    self.interval = interval
    self.channel = channel
    self.forecast = forecast
    self.netAgents = netAgents
    self.grossAgents = grossAgents
    self.work = work
    self.due = due
  }
}

extension Double {
  /// Fixed notation with at most `maxDecimals` decimals and no trailing zeros, the same on
  /// every platform (outputs must be byte-identical run to run).
  public func formatted(maxDecimals: Int) -> String {
    guard isFinite else { return isNaN ? "nan" : (self > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<maxDecimals { scale *= 10 }
    let scaled = (abs(self) * scale).rounded()
    guard scaled < 9e15 else { return String(self) }
    let whole = Int(scaled)
    let unit = Int(scale)
    let integerPart = whole / unit
    var fraction = ""
    if maxDecimals > 0 {
      let digits = String(whole % unit)
      fraction = String(repeating: "0", count: maxDecimals - digits.count) + digits
      while fraction.hasSuffix("0") { fraction.removeLast() }
    }
    let sign = self < 0 && whole != 0 ? "-" : ""
    return fraction.isEmpty ? "\(sign)\(integerPart)" : "\(sign)\(integerPart).\(fraction)"
  }

  /// The least integer not below `self`, treating values within a relative 1e-9 of an integer
  /// as that integer, so that 42 / (1 − 0.3) = 60.000000000000007 gives 60, not 61. Values
  /// beyond ±2⁶² (and infinities) saturate there rather than trap; callers range-check first.
  public func toleranceCeil() -> Int {
    let bound = 4.611_686_018_427_388e18
    guard abs(self) < bound else { return self < 0 ? -Int(bound) : Int(bound) }
    let nearest = rounded()
    if abs(self - nearest) <= 1e-9 * Swift.max(1, abs(self)) { return Int(nearest) }
    return Int(rounded(.up))
  }
}

/// The most work one queue is staffed for, in Erlangs (agents busy at once): a hundred
/// thousand, beyond any contact centre, and small enough that every search stays short and
/// every count fits an `Int`. Readers refuse a row whose own work exceeds it, so that the
/// error names the file and line rather than the interval it lands in.
public enum QueueLimits {
  public static let mostErlangs = 100_000.0
}
