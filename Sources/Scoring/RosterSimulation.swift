import Foundation
import RotaCore
import Workforce

/// Simulated KPIs of a roster, per channel and over the live channels together.
public struct SimulatedScore: Sendable {
  public var replications: Int
  public var channels: [String: SimulatedChannel]
  public var overall: SimulatedChannel
}

/// Simulates a roster's week against a forecast, channel by channel (each shift serves one
/// channel), with ``ChannelSimulation``; replications run in parallel, each with its own seed,
/// so the result does not depend on how many cores run them.
public enum RosterSimulation {
  public static func run(
    roster: Roster, forecast: [ForecastPoint], channels: [Channel], grid: TimeGrid, options: SimulationOptions
  ) -> SimulatedScore {
    let intervals = Array(Set(forecast.map(\.interval))).sorted()
    let onTask = roster.agentsOnTask(in: intervals, intervalMinutes: grid.intervalMinutes)
    let cycle = roster.cycleSeconds(on: grid).map(Double.init)
    let plans: [(channel: Channel, intervals: [ChannelSimulation.Interval], days: [Int], spread: [Double])] =
      channels.map { channel in
        let points = forecast.filter { $0.channel == channel.name }.sorted { $0.interval < $1.interval }
        func simulatedInterval(_ point: ForecastPoint) -> ChannelSimulation.Interval {
          let scheduled = onTask[channel.name]?[point.interval.start] ?? 0
          let start = Double(point.interval.instant)
          let seconds = Double(point.interval.minutes * 60)
          if channel.kind == .email {
            // Email time is shared out, so a fractional agent counts in expectation, as in
            // the analytic backlog.
            let capacity = scheduled * (1 - channel.shrinkage(at: point.interval))
            let whole = (capacity + 1e-9).rounded(.down)
            return ChannelSimulation.Interval(
              start: start, seconds: seconds, arrivals: point.mean, servers: Int(whole),
              extraServerChance: max(0, capacity - whole))
          }
          let agents = RosterScorer.effectiveAgents(scheduled, channel: channel, interval: point.interval)
          return ChannelSimulation.Interval(
            start: start, seconds: seconds, arrivals: point.mean, servers: agents * channel.concurrency)
        }
        var simulated = points.map { point in
          var interval = simulatedInterval(point)
          interval.handlingSeconds = point.ahtSeconds
          return interval
        }
        // Day-level volume spread from the 80% band: σ = (Σhi80 − Σlo80) / (2·1.2816) / Σmean.
        let dates = points.map(\.interval.start.date)
        let uniqueDates = Array(Set(dates)).sorted()
        let dayIndex = dates.map { uniqueDates.firstIndex(of: $0)! }
        let spread = uniqueDates.map { date -> Double in
          let day = points.filter { $0.interval.start.date == date }
          let mean = day.reduce(0) { $0 + $1.mean }
          let band = day.reduce(0) { $0 + $1.hi80 - $1.lo80 }
          return mean > 0 ? band / (2 * 1.281_551_565_545) / mean : 0
        }
        var days = dayIndex
        if channel.kind == .email, let cycle {
          // A repeating week: email's backlog wraps, so the week runs three times and the
          // middle lap's tickets are counted, as the analytic score counts them.
          simulated = [-cycle, 0, cycle].flatMap { offset in
            simulated.map { interval in
              var moved = interval
              moved.start += offset
              return moved
            }
          }
          days = dayIndex + dayIndex + dayIndex
        }
        return (channel, simulated, days, spread)
      }
    let tallied = cycle.flatMap { cycle in
      forecast.map { Double($0.interval.instant) }.min().map { $0..<($0 + cycle) }
    }

    let results = TallyStore(replications: options.replications, channels: channels.count)
    DispatchQueue.concurrentPerform(iterations: options.replications) { replication in
      for (index, plan) in plans.enumerated() {
        var random = SeededGenerator(seed: options.seed &+ UInt64(replication) &* 1_000_003 &+ UInt64(index))
        var factors: [Double]?
        if options.volumeUncertainty {
          let daily = plan.spread.map { spread -> Double in
            max(0, 1 + spread * random.normal())
          }
          factors = plan.days.map { daily[$0] }
        }
        let channel = plan.channel
        let isEmail = channel.kind == .email
        let tally = ChannelSimulation.replicate(
          plan.intervals, handlingSeconds: channel.handlingSeconds, handling: options.handling,
          patience: isEmail ? nil : channel.patienceSeconds,
          answerSeconds: isEmail
            ? (channel.deadlineSeconds ?? .infinity) : (channel.serviceLevel?.answerSeconds ?? 0),
          carriesOver: isEmail, volumeFactors: factors, tallied: isEmail ? tallied : nil, using: &random)
        results.store(tally, replication: replication, channel: index)
      }
    }
    let tallies = results.tallies
    var perChannel: [String: SimulatedChannel] = [:]
    for (index, channel) in channels.enumerated() {
      let runs = tallies.map { $0[index] }
      perChannel[channel.name] = summary(runs, channel: channel)
    }
    let live = channels.indices.filter { channels[$0].kind != .email }
    let combined = tallies.map { replication in
      live.reduce(into: ChannelTally()) { sum, index in
        let tally = replication[index]
        sum.offered += tally.offered
        sum.answeredWithin += tally.answeredWithin
        sum.answered += tally.answered
        sum.abandoned += tally.abandoned
        sum.waitOfAnswered += tally.waitOfAnswered
        sum.busySeconds += tally.busySeconds
        sum.availableSeconds += tally.availableSeconds
      }
    }
    var overall = summary(combined, channel: nil)
    let emails = channels.indices.filter { channels[$0].kind == .email }
    if !emails.isEmpty {
      overall.emailWithinDeadline = Estimate(
        tallies.map { replication in
          let offered = emails.reduce(0) { $0 + replication[$1].offered }
          return offered > 0 ? emails.reduce(0) { $0 + replication[$1].answeredWithin } / offered : 1
        })
    }
    return SimulatedScore(replications: options.replications, channels: perChannel, overall: overall)
  }

  /// One channel's intervals simulated `options.replications` times in parallel.
  public static func simulate(
    _ intervals: [ChannelSimulation.Interval], channel: Channel, options: SimulationOptions
  ) -> SimulatedChannel {
    let results = TallyStore(replications: options.replications, channels: 1)
    let isEmail = channel.kind == .email
    DispatchQueue.concurrentPerform(iterations: options.replications) { replication in
      var random = SeededGenerator(seed: options.seed &+ UInt64(replication) &* 1_000_003)
      let tally = ChannelSimulation.replicate(
        intervals, handlingSeconds: channel.handlingSeconds, handling: options.handling,
        patience: isEmail ? nil : channel.patienceSeconds,
        answerSeconds: isEmail
          ? (channel.deadlineSeconds ?? .infinity) : (channel.serviceLevel?.answerSeconds ?? 0),
        carriesOver: isEmail, using: &random)
      results.store(tally, replication: replication, channel: 0)
    }
    return summary(results.tallies.map { $0[0] }, channel: channel)
  }

  static func summary(_ runs: [ChannelTally], channel: Channel?) -> SimulatedChannel {
    func ratio(_ top: (ChannelTally) -> Double, _ bottom: (ChannelTally) -> Double, empty: Double) -> Estimate
    {
      Estimate(runs.map { bottom($0) > 0 ? top($0) / bottom($0) : empty })
    }
    let contacts = Estimate(runs.map(\.offered))
    if channel?.kind == .email {
      return SimulatedChannel(
        contacts: contacts,
        occupancy: ratio({ min($0.busySeconds, $0.availableSeconds) }, { $0.availableSeconds }, empty: 0),
        emailWithinDeadline: ratio({ $0.answeredWithin }, { $0.offered }, empty: 1))
    }
    let answeredBasis = channel?.serviceLevelBasis == .answered
    return SimulatedChannel(
      contacts: contacts,
      serviceLevel: ratio({ $0.answeredWithin }, { answeredBasis ? $0.answered : $0.offered }, empty: 1),
      asaSeconds: ratio({ $0.waitOfAnswered }, { $0.answered }, empty: 0),
      abandonRate: ratio({ $0.abandoned }, { $0.offered }, empty: 0),
      occupancy: ratio({ min($0.busySeconds, $0.availableSeconds) }, { $0.availableSeconds }, empty: 0))
  }
}

/// Replication results written from parallel workers, each to its own slot.
final class TallyStore: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [[ChannelTally]]

  init(replications: Int, channels: Int) {
    slots = Array(repeating: Array(repeating: ChannelTally(), count: channels), count: replications)
  }

  func store(_ tally: ChannelTally, replication: Int, channel: Int) {
    lock.lock()
    slots[replication][channel] = tally
    lock.unlock()
  }

  var tallies: [[ChannelTally]] {
    lock.lock()
    defer { lock.unlock() }
    return slots
  }
}
