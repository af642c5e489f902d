import Testing

@testable import Staffing

/// Patience from abandonments: the mean is waiting seconds over abandonments, and the 95%
/// interval is close to the exact Poisson (chi-square) limits, here from
/// `scipy.stats.chi2.ppf(0.975, 2(A + 1)) / 2` and `chi2.ppf(0.025, 2A) / 2` (SciPy 1.x).
@Suite struct PatienceEstimateTests {
  @Test(arguments: [
    (20.0, 3000.0, 97.1239089, 245.5691229),
    (100.0, 12000.0, 98.6624709, 147.4853902),
    (2500.0, 300000.0, 115.3863247, 124.8464199),
  ])
  func meanAndIntervalMatchTheExactLimits(abandoned: Double, waiting: Double, low: Double, high: Double)
    throws
  {
    let estimate = try #require(PatienceEstimate(abandoned: abandoned, waitingSeconds: waiting))
    #expect(estimate.meanSeconds == waiting / abandoned)
    #expect(abs(estimate.lowSeconds / low - 1) < 0.005, "\(estimate.lowSeconds) against \(low)")
    #expect(abs(estimate.highSeconds / high - 1) < 0.005, "\(estimate.highSeconds) against \(high)")
  }

  @Test func tooFewAbandonmentsGiveNoEstimate() {
    #expect(PatienceEstimate(abandoned: 19, waitingSeconds: 5000) == nil)
    #expect(PatienceEstimate(abandoned: 50, waitingSeconds: 0) == nil)
  }
}
