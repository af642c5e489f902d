import Foundation

/// The stages of one scheduling run that the clock stopped, rather than a node or pass limit:
/// the solver and fix-and-optimise record themselves here while a run has bound one
/// (``current``), so that the run's status can say `time_limit` only when time decided.
public final class ClockStops: @unchecked Sendable {
  /// The record of the run under way on this task or thread, if any.
  @TaskLocal public static var current: ClockStops?

  private let lock = NSLock()
  private var names: [String] = []

  public init() {}

  /// Notes that the clock stopped `stage`.
  public func record(_ stage: String) {
    lock.lock()
    defer { lock.unlock() }
    if !names.contains(stage) { names.append(stage) }
  }

  /// The stages the clock stopped, in the order first stopped.
  public var stages: [String] {
    lock.lock()
    defer { lock.unlock() }
    return names
  }
}
