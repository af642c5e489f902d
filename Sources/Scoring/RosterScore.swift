import RotaCore
import Staffing
import Workforce

/// Service KPIs of one channel, or of all channels together. A KPI that does not apply to a
/// channel (service level of email, deadline share of phone) is nil.
public struct ServiceKPIs: Sendable, Equatable {
  /// Contacts offered (forecast) over the period.
  public var contacts: Double
  /// Share answered within the target time, weighted by contacts.
  public var serviceLevel: Double?
  /// Average speed of answer in seconds, weighted by contacts.
  public var asaSeconds: Double?
  /// Share of contacts that abandon; nil under Erlang C, which assumes nobody does.
  public var abandonRate: Double?
  /// Share of on-task agent time spent handling contacts.
  public var occupancy: Double?
  /// Share of email answered within its deadline.
  public var emailWithinDeadline: Double?
  /// Intervals that miss the channel's target.
  public var understaffedIntervals: Int
}

/// KPIs of one channel in one interval.
public struct IntervalScore: Sendable {
  public var interval: GridInterval
  public var channel: String
  public var forecast: Double
  /// Agents on task from the roster (breaks taken out), before shrinkage.
  public var scheduled: Double
  /// Agents available to handle contacts: on task less shrinkage, rounded down.
  public var effectiveAgents: Int
  public var serviceLevel: Double?
  public var asaSeconds: Double?
  public var abandonRate: Double?
  public var occupancy: Double?
  public var missesTarget: Bool
}

/// The score of a roster: service per channel and overall, and labour cost.
public struct RosterScore: Sendable {
  public var overall: ServiceKPIs
  public var channels: [String: ServiceKPIs]
  /// The same KPIs per day and channel.
  public var days: [LocalDate: [String: ServiceKPIs]]
  public var intervals: [IntervalScore]
  public var paidHours: Double
  public var laborCost: Double
  /// Labour cost per forecast contact.
  public var costPerContact: Double?
  /// Labour cost per contact answered (forecast less abandoned).
  public var costPerHandledContact: Double?
  /// Paid hours beyond the contracts' weekly maximum, and their premium (included in the
  /// labour cost).
  public var overtimeHours: Double
  /// Open shifts: their paid hours and cost at the lowest wage plus the open-shift premium
  /// (not included in the labour cost: nobody is rostered on them yet).
  public var openShiftHours: Double
  public var openShiftCost: Double
  /// The agent-hours short of the requirement priced as the scheduler prices them
  /// (`shortfall_cost_per_hour`), for live channels; nil when no requirements were given.
  public var shortfallCost: Double?
}

struct DayChannel: Hashable {
  var date: LocalDate
  var channel: String
}

/// Scores a roster against a forecast with per-interval queueing formulas.
///
/// Phone: Erlang C for the interval's effective agents, or Erlang A when the channel has a
/// patience. Chat: the same with `concurrency` slots per agent. Email: a first-in-first-out backlog carried from interval to interval;
/// each interval's agents answer `agents × interval seconds / handling seconds` tickets,
/// oldest first, and a ticket counts as on time when it is answered within the deadline of
/// its interval's start. Tickets still waiting at the end of the period count as late; on a
/// repeating week the backlog wraps instead (Sunday evening's tickets answered on Monday).
public enum RosterScorer {
  public static func score(
    roster: Roster, forecast: [ForecastPoint], channels: [Channel], contracts: [Contract], grid: TimeGrid,
    requirements: [Requirement]? = nil, pay: PayRules = PayRules()
  ) -> RosterScore {
    let intervals = Array(Set(forecast.map(\.interval))).sorted()
    let onTask = roster.agentsOnTask(in: intervals, intervalMinutes: grid.intervalMinutes)
    var scores: [IntervalScore] = []
    var perChannel: [String: ServiceKPIs] = [:]
    for channel in channels {
      let points = forecast.filter { $0.channel == channel.name }.sorted { $0.interval < $1.interval }
      let channelScores: [IntervalScore]
      var withinDeadline: Double?
      switch channel.kind {
      case .phone, .chat:
        channelScores = points.map {
          live($0, channel: channel, scheduled: onTask[channel.name]?[$0.interval.start] ?? 0)
        }
      case .email:
        (channelScores, withinDeadline) = email(
          points, channel: channel, onTask: onTask[channel.name] ?? [:],
          repeatingEvery: roster.cycleSeconds(on: grid))
      }
      scores += channelScores
      perChannel[channel.name] = aggregate(channelScores, emailWithinDeadline: withinDeadline)
    }
    let contactsByChannel = perChannel.mapValues(\.contacts)
    let overall = ServiceKPIs(
      contacts: contactsByChannel.values.reduce(0, +),
      serviceLevel: weightedMean(perChannel.values.map { ($0.serviceLevel, $0.contacts) }),
      asaSeconds: weightedMean(perChannel.values.map { ($0.asaSeconds, $0.contacts) }),
      abandonRate: weightedMean(perChannel.values.map { ($0.abandonRate, $0.contacts) }),
      occupancy: weightedMean(perChannel.values.map { ($0.occupancy, $0.contacts) }),
      emailWithinDeadline: weightedMean(perChannel.values.map { ($0.emailWithinDeadline, $0.contacts) }),
      understaffedIntervals: perChannel.values.reduce(0) { $0 + $1.understaffedIntervals })
    let contractsByName = Dictionary(contracts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let contractOf = Dictionary(
      roster.employees.map { ($0.id, $0.contract) }, uniquingKeysWith: { a, _ in a })
    var paidHours = 0.0
    var cost = 0.0
    var minutesByEmployee: [String: Int] = [:]
    for assignment in roster.assignments {
      let wage = contractOf[assignment.employeeID].flatMap { contractsByName[$0]?.hourlyWage } ?? 0
      paidHours += Double(assignment.shift.paidMinutes) / 60
      cost += pay.cost(of: assignment.shift, wage: wage)
      minutesByEmployee[assignment.employeeID, default: 0] += assignment.shift.paidMinutes
    }
    var overtimeHours = 0.0
    for (employee, minutes) in minutesByEmployee {
      guard let contract = contractOf[employee].flatMap({ contractsByName[$0] }) else { continue }
      let extra = Double(max(0, minutes - contract.maxMinutesPerWeek)) / 60
      overtimeHours += extra
      cost += extra * contract.hourlyWage * pay.overtimePremium
    }
    var openShiftCost = 0.0
    for shift in roster.openShifts {
      let wage = contracts.filter { $0.templates.contains(shift.template) }.map(\.hourlyWage).min() ?? 0
      openShiftCost += pay.cost(of: shift, wage: wage) * (1 + pay.openShiftPremium)
    }
    let handled = perChannel.values.reduce(0) { $0 + $1.contacts * (1 - ($1.abandonRate ?? 0)) }
    var shortfallCost: Double?
    if let requirements {
      let hours = Double(grid.intervalMinutes) / 60
      let prices = Dictionary(
        channels.map { ($0.name, ($0.shortfallCostPerHour, $0.kind)) }, uniquingKeysWith: { a, _ in a })
      shortfallCost = requirements.reduce(0) { sum, requirement in
        guard let (price, kind) = prices[requirement.channel], kind != .email else { return sum }
        let scheduled = onTask[requirement.channel]?[requirement.interval.start] ?? 0
        return sum + max(0, Double(requirement.grossAgents) - scheduled) * hours * price
      }
    }
    var days: [LocalDate: [String: ServiceKPIs]] = [:]
    for (key, group) in Dictionary(
      grouping: scores, by: { DayChannel(date: $0.interval.start.date, channel: $0.channel) })
    {
      // Email's deadline share needs the backlog, which runs over the week: per day only the
      // interval KPIs are aggregated.
      days[key.date, default: [:]][key.channel] = aggregate(group, emailWithinDeadline: nil)
    }
    return RosterScore(
      overall: overall, channels: perChannel, days: days, intervals: scores, paidHours: paidHours,
      laborCost: cost,
      costPerContact: overall.contacts > 0 ? cost / overall.contacts : nil,
      costPerHandledContact: handled > 0 ? cost / handled : nil, overtimeHours: overtimeHours,
      openShiftHours: roster.openShifts.reduce(0) { $0 + Double($1.paidMinutes) / 60 },
      openShiftCost: openShiftCost,
      shortfallCost: shortfallCost)
  }

  static func effectiveAgents(_ scheduled: Double, channel: Channel, interval: GridInterval) -> Int {
    Int((scheduled * (1 - channel.shrinkage(at: interval)) + 1e-9).rounded(.down))
  }

  static func live(_ point: ForecastPoint, channel: Channel, scheduled: Double) -> IntervalScore {
    let agents = effectiveAgents(scheduled, channel: channel, interval: point.interval)
    let servers = agents * channel.concurrency
    let seconds = Double(point.interval.minutes * 60)
    let answer = channel.serviceLevel?.answerSeconds ?? 0
    var result: QueuePerformance
    if let patience = channel.patienceSeconds {
      result = ErlangA.performance(
        agents: servers, arrivalsPerSecond: point.mean / seconds,
        handlingSeconds: channel.handlingSeconds(at: point),
        patienceSeconds: patience, answerSeconds: answer)
    } else {
      result = ErlangC.performance(
        agents: servers, load: point.mean * channel.handlingSeconds(at: point) / seconds,
        handlingSeconds: channel.handlingSeconds(at: point), answerSeconds: answer)
    }
    // An overloaded Erlang C queue grows without bound in the steady state; within one
    // interval nobody can wait longer than the interval itself, so that caps its ASA.
    result.asaSeconds = min(result.asaSeconds, seconds)
    let level = result.serviceLevel(channel.serviceLevelBasis)
    let targets = StaffingPlanner.targets(of: channel)
    let misses = point.mean > 0 && !targets.areMet(by: result, basis: channel.serviceLevelBasis)
    return IntervalScore(
      interval: point.interval, channel: channel.name, forecast: point.mean, scheduled: scheduled,
      effectiveAgents: agents, serviceLevel: level, asaSeconds: result.asaSeconds,
      abandonRate: channel.patienceSeconds == nil ? nil : result.abandonRate,
      occupancy: servers > 0 ? result.occupancy : (point.mean > 0 ? 1 : nil), missesTarget: misses)
  }

  /// Email's first-in-first-out backlog over the period. On a repeating week (`repeatingEvery`
  /// seconds long) the week runs three times, the tickets of the middle lap counted: the first
  /// lap leaves the backlog a week ends with to the second, and the third answers what the
  /// second leaves waiting, as next week's staff would.
  static func email(
    _ points: [ForecastPoint], channel: Channel, onTask: [LocalDateTime: Double],
    repeatingEvery cycle: Int? = nil
  ) -> ([IntervalScore], Double?) {
    let deadline = channel.deadlineSeconds ?? .infinity
    var queue: [(arrival: Int, amount: Double, counted: Bool)] = []
    var head = 0
    var onTime = 0.0
    var total = 0.0
    var scores: [IntervalScore] = []
    let laps = cycle.map { [-$0, 0, $0] } ?? [0]
    for offset in laps {
      for point in points {
        let counted = offset == 0
        let scheduled = onTask[point.interval.start] ?? 0
        let start = point.interval.instant + offset
        let end = start + point.interval.minutes * 60
        if point.mean > 0 { queue.append((start, point.mean, counted)) }
        if counted { total += point.mean }
        // Email work is shared out: fractional agents on task count in full.
        let onTask = scheduled * (1 - channel.shrinkage(at: point.interval))
        let capacity = onTask * Double(point.interval.minutes * 60) / channel.handlingSeconds(at: point)
        var left = capacity
        var late = 0.0
        while left > 1e-12 && head < queue.count {
          let served = min(left, queue[head].amount)
          if Double(end - queue[head].arrival) <= deadline {
            if queue[head].counted { onTime += served }
          } else {
            late += served
          }
          queue[head].amount -= served
          left -= served
          if queue[head].amount <= 1e-12 { head += 1 }
        }
        guard counted else { continue }
        // Below target when it answers a ticket late or ends with one overdue.
        let overdue = late > 1e-9 || (head < queue.count && Double(end - queue[head].arrival) > deadline)
        scores.append(
          IntervalScore(
            interval: point.interval, channel: channel.name, forecast: point.mean, scheduled: scheduled,
            effectiveAgents: effectiveAgents(scheduled, channel: channel, interval: point.interval),
            serviceLevel: nil, asaSeconds: nil, abandonRate: nil,
            occupancy: capacity > 0 ? (capacity - left) / capacity : nil, missesTarget: overdue))
      }
    }
    // Tickets still waiting when the period ends count as missed, as the plan must clear them
    // by then (on a repeating week, when next week has not answered them either): the last
    // interval is then below target too.
    if queue[head...].contains(where: { $0.amount > 1e-9 && $0.counted }), !scores.isEmpty {
      scores[scores.count - 1].missesTarget = true
    }
    return (scores, total > 0 ? onTime / total : nil)
  }

  static func aggregate(_ scores: [IntervalScore], emailWithinDeadline: Double?) -> ServiceKPIs {
    let contacts = scores.reduce(0) { $0 + $1.forecast }
    let occupancyWeights = scores.map { ($0.occupancy, Double($0.effectiveAgents)) }
    return ServiceKPIs(
      contacts: contacts,
      serviceLevel: weightedMean(scores.map { ($0.serviceLevel, $0.forecast) }),
      asaSeconds: weightedMean(scores.map { ($0.asaSeconds, $0.forecast * (1 - ($0.abandonRate ?? 0))) }),
      abandonRate: weightedMean(scores.map { ($0.abandonRate, $0.forecast) }),
      occupancy: weightedMean(occupancyWeights),
      emailWithinDeadline: emailWithinDeadline,
      understaffedIntervals: scores.filter(\.missesTarget).count)
  }

  /// Mean of the present values weighted by their weights; nil when nothing has weight.
  static func weightedMean(_ pairs: [(Double?, Double)]) -> Double? {
    var sum = 0.0
    var weight = 0.0
    for case (let value?, let w) in pairs where w > 0 {
      sum += value * w
      weight += w
    }
    return weight > 0 ? sum / weight : nil
  }
}
