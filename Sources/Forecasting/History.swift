import RotaCore

/// Contacts per interval for one channel, keyed by wall-clock interval start. Intervals that
/// are absent were closed, not zero.
public struct VolumeHistory: Sendable {
  public var channel: String
  public var volumes: [LocalDateTime: Double]

  public init(channel: String, volumes: [LocalDateTime: Double]) {
    self.channel = channel
    self.volumes = volumes
  }
}

/// Reads interval-count history files: `timestamp,volume[,channel]`.
public enum HistoryReader {
  /// Parses the table into one ``VolumeHistory`` per channel. Without a `channel` column every
  /// row belongs to `defaultChannel`; with `knownChannels`, any other channel is an error.
  /// Timestamps must lie on the grid's interval boundaries; a timestamp may repeat only for the
  /// wall-clock hour that clocks pass twice.
  public static func read(
    _ table: CSVTable, grid: TimeGrid, defaultChannel: String?, knownChannels: Set<String>? = nil
  ) throws(InputError) -> [String: VolumeHistory] {
    let timestampColumn = try table.requireColumn("timestamp")
    let volumeColumn = try table.requireColumn("volume")
    let channelColumn = table.columnIndex("channel")
    var histories: [String: VolumeHistory] = [:]
    var counts: [String: [LocalDateTime: Int]] = [:]
    for row in table.rows {
      let text = row.fields[timestampColumn]
      guard let timestamp = LocalDateTime(iso: text) else {
        throw table.error(
          row, column: timestampColumn, "'\(text)' is not a timestamp like 2026-12-07T07:30:00")
      }
      guard timestamp.minuteOfDay % grid.intervalMinutes == 0 else {
        throw table.error(
          row, column: timestampColumn, "\(text) is not on a \(grid.intervalMinutes)-minute interval boundary"
        )
      }
      let volumeText = row.fields[volumeColumn].trimmingWhitespace()
      guard let volume = Double(volumeText), volume.isFinite else {
        throw table.error(row, column: volumeColumn, "'\(volumeText)' is not a number")
      }
      guard volume >= 0 else {
        throw table.error(row, column: volumeColumn, "volume \(volumeText) is negative")
      }
      let channel: String
      if let channelColumn {
        channel = String(row.fields[channelColumn].trimmingWhitespace())
        guard !channel.isEmpty else { throw table.error(row, column: channelColumn, "channel is empty") }
        if let knownChannels, !knownChannels.contains(channel) {
          throw table.error(row, column: channelColumn, "channel '\(channel)' is not defined in the scenario")
        }
      } else if let defaultChannel {
        channel = defaultChannel
      } else {
        throw .invalid(
          SourceLocation(file: table.file, line: 1, field: "channel"),
          "missing column: the scenario has several channels")
      }
      let seen = counts[channel, default: [:]][timestamp, default: 0]
      let allowed =
        grid.instant(of: timestamp).map { grid.localDateTime(at: $0 + 3600) == timestamp } ?? false
      guard seen == 0 || (seen == 1 && allowed) else {
        throw table.error(row, column: timestampColumn, "\(text) appears twice for channel '\(channel)'")
      }
      counts[channel, default: [:]][timestamp] = seen + 1
      histories[channel, default: VolumeHistory(channel: channel, volumes: [:])].volumes[
        timestamp, default: 0] +=
        volume
    }
    return histories
  }
}

extension VolumeHistory {
  /// The history with a zero for every interval in `open` that has no count: an interval the
  /// team was open in but that the file leaves out had no contacts.
  public func fillingZeros(in open: [GridInterval]) -> VolumeHistory {
    var copy = self
    for interval in open where copy.volumes[interval.start] == nil { copy.volumes[interval.start] = 0 }
    return copy
  }
}
