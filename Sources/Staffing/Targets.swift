import RotaCore

/// What a queue must achieve in each interval. Absent targets are not checked.
public struct StaffingTargets: Sendable, Hashable {
  public var serviceLevel: ServiceLevelTarget?
  /// Highest average speed of answer of answered contacts, in seconds.
  public var maxASASeconds: Double?
  /// Highest share of agents' time spent handling contacts, in (0, 1].
  public var maxOccupancy: Double
  /// Highest share of contacts that abandon (Erlang A only).
  public var maxAbandonRate: Double?
  /// How the service level is counted under Erlang A.
  public var serviceLevelBasis: ServiceLevelBasis

  public init(
    serviceLevel: ServiceLevelTarget? = nil, maxASASeconds: Double? = nil, maxOccupancy: Double = 1,
    maxAbandonRate: Double? = nil, serviceLevelBasis: ServiceLevelBasis = .offered
  ) {
    self.serviceLevel = serviceLevel
    self.maxASASeconds = maxASASeconds
    self.maxOccupancy = maxOccupancy
    self.maxAbandonRate = maxAbandonRate
    self.serviceLevelBasis = serviceLevelBasis
  }

  func validate() throws(StaffingError) {
    func fail(_ parameter: String, _ reason: String) -> StaffingError {
      .invalidParameter(channel: "", parameter: parameter, reason: reason)
    }
    if let level = serviceLevel {
      guard level.fraction > 0, level.fraction < 1 else {
        throw fail("service level target", "must lie strictly between 0 and 1")
      }
      guard level.answerSeconds >= 0, level.answerSeconds.isFinite else {
        throw fail("answer time", "must be 0 seconds or more")
      }
    }
    // Below 1% no queue is staffed for it, and tiny values overflow A / cap.
    guard maxOccupancy >= 0.01, maxOccupancy <= 1 else {
      throw fail("max occupancy", "must lie from 0.01 to 1")
    }
    if let asa = maxASASeconds, !(asa >= 0 && asa.isFinite) {
      throw fail("ASA target", "must be 0 seconds or more")
    }
    if let abandon = maxAbandonRate, !(abandon >= 0 && abandon < 1) {
      throw fail("abandonment target", "must lie in [0, 1)")
    }
  }

  /// Whether `result` meets every target; occupancy is compared with a relative tolerance of
  /// 10⁻¹², so that 40.8 Erlangs on 48 agents meets an 85% cap.
  public func areMet(by result: QueuePerformance, basis: ServiceLevelBasis) -> Bool {
    if let level = serviceLevel {
      let achieved = basis == .offered ? result.serviceLevelOfOffered : result.serviceLevelOfAnswered
      guard achieved >= level.fraction else { return false }
    }
    if let asa = maxASASeconds, !(result.asaSeconds <= asa) { return false }
    if let abandon = maxAbandonRate, !(result.abandonRate <= abandon) { return false }
    return result.occupancy <= maxOccupancy * (1 + 1e-12)
  }
}

/// What a number of agents achieves against a queue.
public struct QueuePerformance: Sendable, Equatable {
  public var agents: Int
  /// Share of contacts that wait at all.
  public var probabilityOfWaiting: Double
  /// Answered within the target time, over all offered.
  public var serviceLevelOfOffered: Double
  /// Answered within the target time, over those answered.
  public var serviceLevelOfAnswered: Double
  /// Average wait of answered contacts, in seconds.
  public var asaSeconds: Double
  /// Share of contacts that abandon (0 under Erlang C).
  public var abandonRate: Double
  /// Share of agents' time spent handling contacts.
  public var occupancy: Double

  /// The service level on the given basis.
  public func serviceLevel(_ basis: ServiceLevelBasis) -> Double {
    basis == .offered ? serviceLevelOfOffered : serviceLevelOfAnswered
  }
}
