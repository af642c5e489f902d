import RotaCore

/// The planner's Erlang calculator: the least agents for one interval's traffic and targets,
/// or what a given number of agents achieves, with the agents either side for comparison.
public struct ErlangCalculator: Sendable {
  /// Contacts arriving in the interval.
  public var arrivals: Double
  /// Interval length in seconds.
  public var intervalSeconds: Double
  public var handlingSeconds: Double
  /// Mean patience in seconds: Erlang A when given, else Erlang C.
  public var patienceSeconds: Double?
  public var targets: StaffingTargets
  /// Fraction of paid time lost to absence, training and the like, in [0, 1).
  public var shrinkage: Double

  public init(
    arrivals: Double, intervalSeconds: Double, handlingSeconds: Double, patienceSeconds: Double? = nil,
    targets: StaffingTargets, shrinkage: Double = 0
  ) {
    self.arrivals = arrivals
    self.intervalSeconds = intervalSeconds
    self.handlingSeconds = handlingSeconds
    self.patienceSeconds = patienceSeconds
    self.targets = targets
    self.shrinkage = shrinkage
  }

  /// The most agents `answer(agents:)` evaluates.
  public static let maxAgents = 1_000_000

  /// The answer: a number of agents, what they achieve, and N−2…N+2.
  public struct Answer: Sendable {
    public var agents: Int
    /// Agents to schedule: agents / (1 − shrinkage), rounded up with a tolerance.
    public var grossAgents: Int
    public var performance: QueuePerformance
    /// What N−2 … N+2 agents achieve (those below zero left out), N included.
    public var neighbours: [QueuePerformance]
    /// Which model computed it: `erlang_c` or `erlang_a`.
    public var model: String
  }

  public func validate() throws(StaffingError) {
    func fail(_ parameter: String, _ reason: String) -> StaffingError {
      .invalidParameter(channel: "", parameter: parameter, reason: reason)
    }
    guard arrivals >= 0, arrivals.isFinite else { throw fail("arrivals", "must be 0 or more") }
    guard intervalSeconds >= 60, intervalSeconds <= 86_400 else {
      throw fail("interval", "must be from 1 minute to a day")
    }
    guard handlingSeconds > 0, handlingSeconds <= 86_400 else {
      throw fail("handling time (--aht)", "must be above 0 seconds and at most a day (86400)")
    }
    if let patience = patienceSeconds, !(patience > 0 && patience <= 86_400) {
      throw fail("patience", "must be above 0 seconds and at most a day (86400)")
    }
    if let asa = targets.maxASASeconds, asa > 86_400 {
      throw fail("ASA target", "must be at most a day (86400 s)")
    }
    if let level = targets.serviceLevel, level.answerSeconds > 86_400 {
      throw fail("answer time", "must be at most a day (86400 s)")
    }
    try ErlangC.checkLoad(arrivals * handlingSeconds / intervalSeconds)
    guard shrinkage >= 0, shrinkage < 1 else { throw fail("shrinkage", "must lie in [0, 1)") }
    if targets.maxAbandonRate != nil && patienceSeconds == nil {
      throw fail("abandonment target", "needs a patience: under Erlang C nobody abandons")
    }
    try targets.validate()
  }

  /// What `agents` agents achieve.
  public func performance(agents: Int) -> QueuePerformance {
    let answer = targets.serviceLevel?.answerSeconds ?? 0
    if let patience = patienceSeconds {
      return ErlangA.performance(
        agents: agents, arrivalsPerSecond: arrivals / intervalSeconds, handlingSeconds: handlingSeconds,
        patienceSeconds: patience, answerSeconds: answer)
    }
    return ErlangC.performance(
      agents: agents, load: arrivals * handlingSeconds / intervalSeconds, handlingSeconds: handlingSeconds,
      answerSeconds: answer)
  }

  /// The least agents meeting the targets, or — with `agents` — that number evaluated.
  public func answer(agents given: Int? = nil) throws(StaffingError) -> Answer {
    try validate()
    let agents: Int
    if let given {
      guard given >= 0, given <= Self.maxAgents else {
        throw .invalidParameter(
          channel: "", parameter: "agents", reason: "must be from 0 to \(Self.maxAgents)")
      }
      agents = given
    } else if let patience = patienceSeconds {
      agents = try ErlangA.leastAgents(
        arrivalsPerSecond: arrivals / intervalSeconds, handlingSeconds: handlingSeconds,
        patienceSeconds: patience,
        targets: targets)
    } else {
      agents = try ErlangC.leastAgents(
        load: arrivals * handlingSeconds / intervalSeconds, handlingSeconds: handlingSeconds, targets: targets
      )
    }
    return Answer(
      agents: agents, grossAgents: (Double(agents) / (1 - shrinkage)).toleranceCeil(),
      performance: performance(agents: agents),
      neighbours: (max(0, agents - 2)...(agents + 2)).map { performance(agents: $0) },
      model: patienceSeconds == nil ? "erlang_c" : "erlang_a")
  }
}
