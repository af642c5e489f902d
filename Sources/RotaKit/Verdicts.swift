import RotaCore
import Scoring

/// Whether a channel's score meets one of its targets: the one judgement that the plan's
/// summary, `rota score`, the report and `--fail-on-target` all print.
public struct TargetVerdict: Sendable, Equatable {
  public enum Target: String, Sendable {
    case serviceLevel = "service level"
    case asa = "ASA"
    case abandonment
    case occupancy
    case emailDeadline = "deadline"
  }

  public var channel: String
  public var target: Target
  public var met: Bool

  /// Every target each channel sets, judged on its KPIs over the period. A channel with no
  /// contacts meets every target; a service level within 1e-12 of its target meets it.
  public static func all(_ score: RosterScore, channels: [Channel]) -> [TargetVerdict] {
    var verdicts: [TargetVerdict] = []
    for channel in channels {
      guard let kpis = score.channels[channel.name] else { continue }
      let idle = kpis.contacts <= 0
      func add(_ target: Target, _ met: Bool) {
        verdicts.append(TargetVerdict(channel: channel.name, target: target, met: idle || met))
      }
      if channel.kind == .email {
        // "All within the deadline" tolerates the fluid backlog's rounding at a 1e-4 share.
        let least = channel.deadlineShare >= 1 ? 0.9999 : channel.deadlineShare - 1e-12
        add(.emailDeadline, (kpis.emailWithinDeadline ?? 0) >= least)
        continue
      }
      if let level = channel.serviceLevel {
        add(.serviceLevel, (kpis.serviceLevel ?? 0) + 1e-12 >= level.fraction)
      }
      if let limit = channel.maxASASeconds { add(.asa, (kpis.asaSeconds ?? .infinity) <= limit) }
      if let limit = channel.maxAbandonRate { add(.abandonment, (kpis.abandonRate ?? 1) <= limit + 1e-12) }
      add(.occupancy, (kpis.occupancy ?? 0) <= channel.maxOccupancy + 1e-9)
    }
    return verdicts
  }

  /// The verdict on `target` of `channel`, nil when the channel does not set it.
  public static func of(_ target: Target, channel: String, in verdicts: [TargetVerdict]) -> Bool? {
    verdicts.first { $0.channel == channel && $0.target == target }?.met
  }
}
