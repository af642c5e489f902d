import RotaCore

/// Contacts per interval for one channel, keyed by wall-clock interval start. Intervals that
/// are absent were closed, not zero.
public struct VolumeHistory: Sendable {
  /// The most contacts any one interval may hold, in a history or a forecast: ten million,
  /// beyond any contact centre's half hour, so that every count derived from it fits.
  public static let mostContacts = 10_000_000.0

  public var channel: String
  public var volumes: [LocalDateTime: Double]

  public init(channel: String, volumes: [LocalDateTime: Double]) {
    self.channel = channel
    self.volumes = volumes
  }
}

/// Reads interval-count history files: `timestamp,volume[,channel]` (or the aliases below).
public enum HistoryReader {
  /// Accepted names of the time column, `timestamp` first: others are what forecasting
  /// libraries (`ds`) and contact-centre exports write.
  public static let timestampNames = ["timestamp", "ds", "datetime", "date_time", "interval_start", "time"]
  /// Accepted names of the count column, `volume` first.
  public static let volumeNames = ["volume", "y", "calls", "contacts", "offered", "arrivals", "count"]

  /// Whether the table holds interval counts (it has a count column) rather than a ticket log.
  public static func isIntervalCounts(_ table: some CSVRowSource) -> Bool {
    volumeNames.contains { table.columnIndex($0) != nil }
  }

  static func column(_ table: some CSVRowSource, _ names: [String]) throws(InputError) -> Int {
    for name in names { if let index = table.columnIndex(name) { return index } }
    return try table.requireColumn(names[0])
  }

  /// Parses the table into one ``VolumeHistory`` per channel. Without a `channel` column every
  /// row belongs to `defaultChannel`; with `knownChannels`, any other channel is an error.
  /// Timestamps are wall-clock times, or times with an offset converted to the grid's zone; a
  /// timestamp may repeat only for the wall-clock hour that clocks pass twice (in a zone whose
  /// clocks never change, for an hour that looks like it: see
  /// ``repeatsAsClocksGoBack(_:blockStart:)``). Counts kept at a
  /// finer step than the grid's (5 or 15 minutes for a 30-minute grid) are summed into the
  /// interval that holds them; a coarser step, or one that straddles the grid's boundaries, is an
  /// error, since the volume cannot be split between intervals.
  /// `mostPerInterval`, when given, is each channel's most contacts in one interval that
  /// Rota staffs (``QueueLimits/mostErlangs`` at its handle time): a row above it is refused
  /// here, naming its line, not later by interval.
  public static func read(
    _ table: some CSVRowSource, grid: TimeGrid, defaultChannel: String?, knownChannels: Set<String>? = nil,
    mostPerInterval: [String: Double] = [:]
  ) throws(InputError) -> [String: VolumeHistory] {
    let timestampColumn = try column(table, timestampNames)
    let volumeColumn = try column(table, volumeNames)
    let channelColumn = table.columnIndex("channel")
    var histories: [String: VolumeHistory] = [:]
    var counts: [String: [LocalDateTime: Int]] = [:]
    var latest: [String: LocalDateTime] = [:]
    let fixedOffset = grid.timeZone.nextDaylightSavingTimeTransition == nil
    // Per channel, the first repeated time of the latest day whose hour repeated.
    var fallBack: [String: LocalDateTime] = [:]
    // The history's own step: the largest number of minutes dividing every timestamp's time.
    var step = 1440
    var rowCount = 0
    var span = HistorySpan()
    try table.forEachRow { row throws(InputError) in
      rowCount += 1
      let text = String(row.fields[timestampColumn].trimmingWhitespace())
      guard let timestamp = TicketLogReader.localTime(text, grid: grid) else {
        throw table.error(
          row, column: timestampColumn,
          "'\(text)' is not a timestamp like 2026-12-07T07:30:00 or 2026-12-07T07:30:00+01:00")
      }
      span.see(timestamp.date, line: row.line)
      step = greatestCommonDivisor(step, timestamp.minuteOfDay)
      guard grid.intervalMinutes % step == 0 || step % grid.intervalMinutes == 0 else {
        throw table.error(
          row, column: timestampColumn,
          "\(text) is not on a \(grid.intervalMinutes)-minute interval boundary, nor on a finer step that "
            + "divides it: its count cannot be put in one interval")
      }
      let volumeText = row.fields[volumeColumn].trimmingWhitespace()
      guard let volume = Double(volumeText), volume.isFinite else {
        throw table.error(row, column: volumeColumn, "'\(volumeText)' is not a number")
      }
      guard volume >= 0 else {
        throw table.error(row, column: volumeColumn, "volume \(volumeText) is negative")
      }
      guard volume <= VolumeHistory.mostContacts else {
        throw table.error(
          row, column: volumeColumn,
          "volume \(volumeText) is more than \(Int(VolumeHistory.mostContacts)) contacts in one interval")
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
      if let most = mostPerInterval[channel], volume > most {
        throw table.error(
          row, column: volumeColumn,
          "volume \(volumeText) is more work at '\(channel)''s handle time than \(Int(QueueLimits.mostErlangs)) "
            + "agents do in one interval, the most Rota staffs a queue for")
      }
      let seen = counts[channel, default: [:]][timestamp, default: 0]
      // Only a repeated wall-clock time needs the time zone asked (it is slow): is it in the
      // hour the clocks pass twice? In a zone whose clocks never change (UTC, the default
      // without a scenario), the hour a history kept in local time repeats when its clocks go
      // back is allowed too (``repeatsAsClocksGoBack(_:blockStart:)``), and summed as it would be.
      var allowed = false
      if seen == 1 {
        if fixedOffset {
          allowed = repeatsAsClocksGoBack(timestamp, blockStart: fallBack[channel])
          if allowed, fallBack[channel].map({ $0.date != timestamp.date }) ?? true {
            fallBack[channel] = timestamp
          }
        } else {
          allowed = grid.passesTwice(timestamp)
        }
      }
      guard seen == 0 || allowed else {
        throw table.error(row, column: timestampColumn, "\(text) appears twice for channel '\(channel)'")
      }
      counts[channel, default: [:]][timestamp] = seen + 1
      if let previous = latest[channel], timestamp < previous, !allowed {
        throw table.error(
          row, column: timestampColumn,
          "\(text) comes after \(previous) for channel '\(channel)': rows must be in time order")
      }
      // In time order, only the last day's times can come again (in the hour the clocks pass
      // twice): older ones are forgotten once a day, so memory follows the intervals kept, not
      // the lines read.
      if let previous = latest[channel], timestamp.date > previous.date {
        counts[channel] = counts[channel]?.filter { $0.key.date >= previous.date }
      }
      latest[channel] = max(latest[channel] ?? timestamp, timestamp)
      let start = LocalDateTime(
        date: timestamp.date,
        minuteOfDay: timestamp.minuteOfDay - timestamp.minuteOfDay % grid.intervalMinutes)
      histories[channel, default: VolumeHistory(channel: channel, volumes: [:])].volumes[start, default: 0] +=
        volume
    }
    // Hourly counts on a 30-minute grid would leave every second interval empty, read as zero.
    // A file may leave out intervals without contacts, so a few rows on the hour prove
    // nothing; twenty and more all on it do.
    if step > grid.intervalMinutes, rowCount >= 20 {
      throw .invalid(
        SourceLocation(file: table.file, line: 2, field: "timestamp"),
        "the history counts contacts per \(step) minutes, coarser than the \(grid.intervalMinutes)-minute "
          + "intervals asked for: use --interval \(step)m, or a scenario with that interval")
    }
    try span.check(file: table.file, field: table.header[timestampColumn])
    return histories
  }

  /// Whether `time`, seen once already, can be the second pass of the hour a history kept in
  /// local time repeats when its clocks go back, read in a zone whose clocks never change: on
  /// a Sunday (as in Europe, North America and Australia), between 01:00 and 03:00 (where their
  /// clocks go back), and within the hour from the day's first repeated time, `blockStart`.
  static func repeatsAsClocksGoBack(_ time: LocalDateTime, blockStart: LocalDateTime?) -> Bool {
    guard time.date.weekday == .sunday, (60..<180).contains(time.minuteOfDay) else { return false }
    guard let blockStart, blockStart.date == time.date else { return true }
    return time.minuteOfDay >= blockStart.minuteOfDay && time.minuteOfDay < blockStart.minuteOfDay + 60
  }

  static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
    b == 0 ? a : greatestCommonDivisor(b, a % b)
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

/// Reads a raw ticket log: one row per ticket, bucketed into the grid's intervals.
public enum TicketLogReader {
  /// Counts tickets per channel and interval. `timeColumn` names the creation time; a time
  /// with an offset (`2026-03-29T01:30:00+01:00`, `…Z`) is converted to the grid's zone, one
  /// without is taken as wall-clock time there. Without a `channel` column every ticket
  /// belongs to `defaultChannel`.
  public static func read(
    _ table: some CSVRowSource, grid: TimeGrid, timeColumn: String, defaultChannel: String
  )
    throws(InputError) -> [String: VolumeHistory]
  {
    let column = try table.requireColumn(timeColumn)
    let channelColumn = table.columnIndex("channel")
    var histories: [String: VolumeHistory] = [:]
    var span = HistorySpan()
    try table.forEachRow { row throws(InputError) in
      let text = String(row.fields[column].trimmingWhitespace())
      guard let local = localTime(text, grid: grid) else {
        throw table.error(
          row, column: column, "'\(text)' is not a time like 2026-12-07T07:31:12 or 2026-12-07T07:31:12+01:00"
        )
      }
      span.see(local.date, line: row.line)
      let start = LocalDateTime(
        date: local.date, minuteOfDay: local.minuteOfDay - local.minuteOfDay % grid.intervalMinutes)
      var channel = defaultChannel
      if let channelColumn {
        channel = String(row.fields[channelColumn].trimmingWhitespace())
        guard !channel.isEmpty else { throw table.error(row, column: channelColumn, "channel is empty") }
      }
      histories[channel, default: VolumeHistory(channel: channel, volumes: [:])].volumes[start, default: 0] +=
        1
    }
    try span.check(file: table.file, field: timeColumn)
    return histories
  }

  /// Wall-clock time in the grid's zone of an ISO 8601 time with or without seconds and offset.
  static func localTime(_ text: String, grid: TimeGrid) -> LocalDateTime? {
    var text = text
    // An hour without its leading zero, `1999-01-01 0:00:31`: as month-first times allow.
    let characters = Array(text.prefix(13))
    if characters.count == 13, characters[10] == " " || characters[10] == "T", characters[11].isASCII,
      characters[11].isNumber, characters[12] == ":"
    {
      text.insert("0", at: text.index(text.startIndex, offsetBy: 11))
    }
    guard text.count >= 16 else { return nil }
    var body = Substring(text)
    var offsetSeconds: Int?
    if body.hasSuffix("Z") {
      body = body.dropLast()
      offsetSeconds = 0
    } else if body.count >= 22, let signIndex = body.lastIndex(where: { $0 == "+" || $0 == "-" }),
      body.distance(from: body.startIndex, to: signIndex) >= 16
    {
      let offset = body[body.index(after: signIndex)...].split(separator: ":")
      guard offset.count == 2 || (offset.count == 1 && offset[0].count == 4) else { return nil }
      let digits = offset.count == 2 ? offset[0] + offset[1] : offset[0]
      guard digits.count == 4, let value = Int(digits) else { return nil }
      let seconds = (value / 100) * 3600 + (value % 100) * 60
      offsetSeconds = body[signIndex] == "-" ? -seconds : seconds
      body = body[..<signIndex]
    }
    // Seconds and fractions are dropped: the interval is what matters.
    let dateEnd = body.index(body.startIndex, offsetBy: 10)
    let minuteEnd = body.index(body.startIndex, offsetBy: 16)
    guard body.count == 16 || body[minuteEnd] == ":",
      let local = LocalDateTime(iso: body[..<minuteEnd]), body[dateEnd] == "T" || body[dateEnd] == " "
    else { return nil }
    if body.count > 16 {
      let rest = body[body.index(after: minuteEnd)...]
      guard rest.count >= 2, rest.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
    }
    guard let offsetSeconds else { return local }
    let instant = (local.civilMinutes * 60) - offsetSeconds
    return grid.localDateTime(at: instant)
  }
}

/// The earliest and latest rows a history reader has seen. A history spanning more than
/// ``mostDays`` is refused when the file has been read, naming both rows: one stray row dated
/// 9999 would otherwise have every open interval between filled with zeros (gigabytes, hours).
struct HistorySpan {
  /// Ten years and a few days: more history than any method here looks at.
  static let mostDays = 3_660
  private var earliest: (date: LocalDate, line: Int)?
  private var latest: (date: LocalDate, line: Int)?

  mutating func see(_ date: LocalDate, line: Int) {
    if earliest.map({ date < $0.date }) ?? true { earliest = (date, line) }
    if latest.map({ date > $0.date }) ?? true { latest = (date, line) }
  }

  func check(file: String, field: String) throws(InputError) {
    guard let earliest, let latest, earliest.date.days(to: latest.date) > Self.mostDays else { return }
    throw .invalid(
      SourceLocation(file: file, line: latest.line, field: field),
      "the rows run from \(earliest.date) (line \(earliest.line)) to \(latest.date) (line \(latest.line)), "
        + "\(earliest.date.days(to: latest.date)) days: more than the \(Self.mostDays) Rota reads; is one of "
        + "them a stray date?")
  }
}
