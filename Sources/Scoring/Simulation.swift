import Foundation
import RotaCore

/// How long contacts take to handle in the simulation.
public enum HandlingDistribution: Sendable, Equatable {
  /// Exponential with the channel's mean (what Erlang C and A assume).
  case exponential
  /// Lognormal with the channel's mean and this coefficient of variation.
  case lognormal(cv: Double)
}

/// Settings of a simulation run.
public struct SimulationOptions: Sendable {
  /// The most replications one run takes: a 95% interval from 10,000 weeks is as narrow as
  /// planning needs, and more would only hold the machine.
  public static let mostReplications = 10_000

  public var replications: Int
  public var seed: UInt64
  public var handling: HandlingDistribution
  /// Draw each day's volume from the forecast's prediction interval (a normal factor whose
  /// spread matches the day's 80% band) before drawing arrivals.
  public var volumeUncertainty: Bool

  public init(
    replications: Int = 30, seed: UInt64 = 1, handling: HandlingDistribution = .exponential,
    volumeUncertainty: Bool = false
  ) {
    self.replications = replications
    self.seed = seed
    self.handling = handling
    self.volumeUncertainty = volumeUncertainty
  }
}

/// A KPI estimated by replications: their mean and a 95% confidence interval (Student t).
public struct Estimate: Sendable, Equatable {
  public var mean: Double
  public var low: Double
  public var high: Double

  public init(_ samples: [Double]) {
    let n = Double(samples.count)
    let average = samples.reduce(0, +) / max(n, 1)
    mean = average
    guard samples.count > 1 else {
      (low, high) = (average, average)
      return
    }
    let variance = samples.reduce(0) { $0 + ($1 - average) * ($1 - average) } / (n - 1)
    let half = Estimate.t975(samples.count - 1) * (variance / n).squareRoot()
    (low, high) = (average - half, average + half)
  }

  public func contains(_ value: Double) -> Bool { value >= low && value <= high }

  /// The 97.5% quantile of Student's t (exact table to 30 degrees of freedom, then the
  /// Cornish–Fisher expansion).
  static func t975(_ df: Int) -> Double {
    let table = [
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
      2.131,
      2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]
    if df >= 1 && df <= 30 { return table[df - 1] }
    let z = 1.959_963_985
    let g1 = (pow(z, 3) + z) / 4
    let g2 = (5 * pow(z, 5) + 16 * pow(z, 3) + 3 * z) / 96
    return z + g1 / Double(df) + g2 / Double(df * df)
  }
}

/// Simulated KPIs of one channel over the period.
public struct SimulatedChannel: Sendable {
  public var contacts: Estimate
  public var serviceLevel: Estimate?
  public var asaSeconds: Estimate?
  public var abandonRate: Estimate?
  public var occupancy: Estimate?
  public var emailWithinDeadline: Estimate?
}

/// One replication's counts for a channel.
struct ChannelTally {
  var offered = 0.0
  var answeredWithin = 0.0
  var answered = 0.0
  var abandoned = 0.0
  var waitOfAnswered = 0.0
  /// Seconds the abandoned waited before leaving.
  var waitOfAbandoned = 0.0
  var busySeconds = 0.0
  var availableSeconds = 0.0
}

/// A discrete-event simulation of a channel's week: Poisson arrivals at each interval's
/// forecast rate (a non-homogeneous Poisson process, piecewise constant), first come first
/// served, exponential patience, handling times exponential or lognormal, and as many servers
/// in each interval as the roster puts on task there (agents × concurrency). When the number
/// drops, agents finish the contact in hand first. Live queues still waiting when the team
/// closes are served by the agents staying on; email waits for the next open interval.
public enum ChannelSimulation {
  public struct Interval: Sendable {
    public var start: Double
    public var seconds: Double
    public var arrivals: Double
    public var servers: Int
    /// Probability of one more server in this interval, for capacity that is fractional on
    /// average (email time shared out): the servers are then `servers` or `servers + 1`.
    public var extraServerChance: Double
    /// Mean handle time of the contacts arriving in this interval, when it is forecast per
    /// interval; nil for the channel's.
    public var handlingSeconds: Double?

    public init(start: Double, seconds: Double, arrivals: Double, servers: Int, extraServerChance: Double = 0)
    {
      self.start = start
      self.seconds = seconds
      self.arrivals = arrivals
      self.servers = servers
      self.extraServerChance = extraServerChance
    }
  }

  /// Runs one replication. `answerSeconds` is the service-level threshold (for email, the
  /// deadline); `patience` nil means nobody abandons; `carriesOver` keeps the queue across
  /// closed hours (email). With `tallied`, only contacts arriving in that time range (and the
  /// intervals starting in it) are counted: the rest warm the queue up or drain it.
  static func replicate(
    _ intervals: [Interval], handlingSeconds: Double, handling: HandlingDistribution, patience: Double?,
    answerSeconds: Double, carriesOver: Bool, volumeFactors: [Double]? = nil, tallied: Range<Double>? = nil,
    using random: inout SeededGenerator
  ) -> ChannelTally {
    func counts(_ time: Double) -> Bool { tallied?.contains(time) ?? true }
    var tally = ChannelTally()
    // Arrival times, interval by interval.
    var arrivals: [Double] = []
    // The mean handle time of each arrival, by the interval it arrives in.
    var handlingOf: [Double] = []
    for (index, interval) in intervals.enumerated() {
      let mean = interval.arrivals * (volumeFactors?[index] ?? 1)
      let count = random.poisson(mean)
      let first = arrivals.count
      for _ in 0..<count { arrivals.append(interval.start + random.uniform() * interval.seconds) }
      arrivals[first...].sort()
      handlingOf += Array(repeating: interval.handlingSeconds ?? handlingSeconds, count: count)
    }
    tally.offered = Double(arrivals.filter(counts).count)

    let lognormalSigma2: Double? = {
      guard case .lognormal(let cv) = handling else { return nil }
      return log(1 + cv * cv)
    }()
    func serviceTime(mean: Double) -> Double {
      if let sigma2 = lognormalSigma2 {
        return exp(log(mean) - sigma2 / 2 + sigma2.squareRoot() * random.normal())
      }
      return -log(random.uniform()) * mean
    }

    var completions = MinHeap()  // busy servers' finishing times
    var queue: [(arrival: Double, deadline: Double, handling: Double)] = []
    var head = 0
    var nextArrival = 0
    var target = 0
    var busy = 0
    var now = intervals.first?.start ?? 0
    var intervalIndex = 0

    func startService(arrival: Double, handling mean: Double, at time: Double) {
      let wait = time - arrival
      let duration = serviceTime(mean: mean)
      completions.push(time + duration)
      busy += 1
      guard counts(arrival) else { return }
      tally.answered += 1
      tally.waitOfAnswered += wait
      if wait <= answerSeconds { tally.answeredWithin += 1 }
      tally.busySeconds += duration
    }
    /// Serves the queue while servers are free, dropping those whose patience ran out.
    func dispatch(at time: Double) {
      while busy < target && head < queue.count {
        let next = queue[head]
        head += 1
        if next.deadline < time {
          if counts(next.arrival) {
            tally.abandoned += 1
            tally.waitOfAbandoned += next.deadline - next.arrival
          }
          continue
        }
        startService(arrival: next.arrival, handling: next.handling, at: time)
      }
    }

    while intervalIndex < intervals.count {
      let interval = intervals[intervalIndex]
      now = max(now, interval.start)
      target = interval.servers
      if interval.extraServerChance > 0 && random.uniform() < interval.extraServerChance { target += 1 }
      if counts(interval.start) { tally.availableSeconds += Double(target) * interval.seconds }
      dispatch(at: now)
      let end = interval.start + interval.seconds
      let nextStart =
        intervalIndex + 1 < intervals.count ? intervals[intervalIndex + 1].start : Double.infinity
      let closing = nextStart > end + 1e-6
      while true {
        let arrivalTime = nextArrival < arrivals.count ? arrivals[nextArrival] : Double.infinity
        let completionTime = completions.peek ?? Double.infinity
        let eventTime = min(arrivalTime, completionTime)
        if eventTime >= end { break }
        now = eventTime
        if completionTime <= arrivalTime {
          _ = completions.pop()
          busy -= 1
          dispatch(at: now)
        } else {
          let handling = handlingOf[nextArrival]
          nextArrival += 1
          let deadline = patience.map { now - log(random.uniform()) * $0 } ?? Double.infinity
          if busy < target && head == queue.count {
            startService(arrival: now, handling: handling, at: now)
          } else {
            queue.append((now, deadline, handling))
          }
        }
      }
      now = end
      if closing && !carriesOver {
        // The team closes: no new arrivals until it opens; agents on shift clear the queue.
        let staying = max(target, 1)
        target = staying
        while head < queue.count || !completions.isEmpty {
          if busy < target && head < queue.count {
            dispatch(at: now)
            continue
          }
          guard let finish = completions.pop() else { break }
          now = max(now, finish)
          busy -= 1
        }
      }
      intervalIndex += 1
    }
    // Whatever is still waiting at the end of the period was not answered in time.
    while head < queue.count {
      if queue[head].deadline < .infinity && counts(queue[head].arrival) { tally.abandoned += 1 }
      head += 1
    }
    return tally
  }
}

/// A binary min-heap of times.
struct MinHeap {
  private var items: [Double] = []

  var isEmpty: Bool { items.isEmpty }
  var peek: Double? { items.first }

  mutating func push(_ value: Double) {
    items.append(value)
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard items[child] < items[parent] else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> Double? {
    guard let first = items.first else { return nil }
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < items.count && items[left] < items[smallest] { smallest = left }
        if right < items.count && items[right] < items[smallest] { smallest = right }
        if smallest == parent { break }
        items.swapAt(parent, smallest)
        parent = smallest
      }
    }
    return first
  }
}
