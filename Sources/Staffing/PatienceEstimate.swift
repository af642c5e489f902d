/// The mean patience of a queue's contacts, estimated from how many abandoned and how long
/// all of them waited.
///
/// With exponential patience of rate θ, each contact in the queue abandons at rate θ, so the
/// abandonments of any period number θ × (the seconds all contacts spent waiting) in
/// expectation: the relation P(abandon) = θ·E[wait] of Mandelbaum & Zeltyn ("Staffing
/// many-server queues with impatient customers", *Operations Research* 57, 2009), which holds
/// interval by interval, in and out of steady state. θ̂ = abandoned / waiting seconds is then
/// the maximum-likelihood estimate (abandonments are the events, waits the exposure, answered
/// contacts censored), and the mean patience 1/θ̂ = waiting seconds / abandoned. The 95%
/// interval treats the abandonments as Poisson given the exposure (Wilson–Hilferty's
/// approximation to the exact chi-square limits).
public struct PatienceEstimate: Sendable, Equatable {
  /// Mean patience in seconds.
  public var meanSeconds: Double
  /// 95% interval of the mean patience, seconds.
  public var lowSeconds: Double
  public var highSeconds: Double
  /// The abandonments it rests on.
  public var abandoned: Double

  /// Fewer abandonments than this say too little to estimate from.
  public static let fewestAbandoned = 20.0

  /// The estimate, or nil with fewer than ``fewestAbandoned`` abandonments or no waiting.
  public init?(abandoned: Double, waitingSeconds: Double) {
    guard abandoned >= Self.fewestAbandoned, waitingSeconds > 0, waitingSeconds.isFinite else { return nil }
    func chiSquareLimit(_ events: Double, _ z: Double) -> Double {
      events * pow3(1 - 1 / (9 * events) + z / (3 * events.squareRoot()))
    }
    func pow3(_ value: Double) -> Double { value * value * value }
    let lowRate = chiSquareLimit(abandoned, -1.959964) / waitingSeconds
    let highRate = chiSquareLimit(abandoned + 1, 1.959964) / waitingSeconds
    self.meanSeconds = waitingSeconds / abandoned
    self.lowSeconds = 1 / highRate
    self.highSeconds = 1 / lowRate
    self.abandoned = abandoned
  }
}
