import Foundation

/// A small, fast, seedable random number generator (xoshiro256**, Blackman & Vigna 2018,
/// seeded through SplitMix64), so that generated data and simulations repeat exactly.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  public init(seed: UInt64) {
    var mix = seed
    func splitMix() -> UInt64 {
      mix &+= 0x9E37_79B9_7F4A_7C15
      var z = mix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitMix(), splitMix(), splitMix(), splitMix())
  }

  public mutating func next() -> UInt64 {
    let result = rotate(state.1 &* 5, 7) &* 9
    let shifted = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= shifted
    state.3 = rotate(state.3, 45)
    return result
  }

  /// A uniform draw from the open interval (0, 1).
  public mutating func uniform() -> Double {
    (Double(next() >> 11) + 0.5) * 0x1p-53
  }

  /// A standard normal draw (Box–Muller, using two uniforms).
  public mutating func normal() -> Double {
    let radius = (-2 * log(uniform())).squareRoot()
    return radius * cos(2 * Double.pi * uniform())
  }

  /// A Poisson draw by Knuth's product of uniforms, in chunks of mean at most 30 (a sum of
  /// independent Poisson draws is Poisson), so `exp(−mean)` never underflows.
  public mutating func poisson(_ mean: Double) -> Int {
    var remaining = mean
    var count = 0
    while remaining > 0 {
      let chunk = min(remaining, 30)
      remaining -= chunk
      let limit = exp(-chunk)
      var product = uniform()
      while product > limit {
        count += 1
        product *= uniform()
      }
    }
    return count
  }

  private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value << count) | (value >> (64 - count))
  }
}
