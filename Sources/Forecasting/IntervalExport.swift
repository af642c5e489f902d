import RotaCore

/// Which columns of an ACD or help-desk report hold what, and how its cells are written.
/// A report of ``Rows/intervals`` has one row per queue and interval: contacts offered, and
/// where the report has them, handled (answered) and abandoned contacts, handle time, the
/// average wait of answered contacts (ASA) and of abandoned ones. A report of
/// ``Rows/contacts`` has one row per call, chat or ticket.
public struct IntervalExportLayout: Sendable, Hashable {
  /// How the report writes its interval starts.
  public enum TimeFormat: String, Sendable, CaseIterable {
    /// `2026-12-07T08:30`, `2026-12-07 08:30:00`, with or without a UTC offset.
    case iso
    /// `12/07/2026 08:30` (month first, as US exports write), seconds and AM/PM optional.
    case monthFirst = "month-first"
    /// `07/12/2026 08:30` (day first).
    case dayFirst = "day-first"
  }

  /// Whether the handle-time columns are each interval's average per handled contact or its
  /// total.
  public enum HandleTime: String, Sendable, CaseIterable {
    case average
    case total
  }

  /// What one row of the report is.
  public enum Rows: String, Sendable, CaseIterable {
    /// One queue's interval, with counts and averages (or totals) over its contacts.
    case intervals
    /// One contact, counted in the interval it arrived in; its handle time and wait are its own.
    case contacts
  }

  public var rows: Rows = .intervals
  /// The interval start (a contact's arrival); with ``time`` given, only its date.
  public var timestamp: String
  /// A separate time-of-day column, when the report splits date and time.
  public var time: String?
  /// The time column holds the interval as a range (`8:00 AM-8:30 AM`); its start is read.
  public var timeIsRange = false
  public var timeFormat: TimeFormat = .iso
  /// A strftime-style pattern the times are read by instead of ``timeFormat``.
  public var timePattern: TimePattern?
  /// Columns summed to give the contacts offered (Avaya CMS has answered and abandoned calls,
  /// not offered ones). Unused for contact rows, each of which is one offered contact.
  public var offered: [String]
  public var handled: String?
  public var abandoned: String?
  /// Columns summed to give handle time (talk, hold and after-contact work): seconds, or
  /// `h:mm:ss` / `mm:ss`.
  public var handleTime: [String] = []
  public var handleTimeIs: HandleTime = .average
  /// Average wait of the interval's answered contacts, seconds or `mm:ss`; for contact rows,
  /// the contact's own wait, until it was answered or hung up.
  public var answerWait: String?
  /// Average wait of the interval's abandoned contacts before they hung up.
  public var abandonWait: String?
  /// Contact rows: the column saying how the contact ended, the values (any case) that mean
  /// it abandoned in the queue, and those that mean it never reached the queue (left out).
  public var status: String?
  public var abandonedStatuses: Set<String> = []
  public var skippedStatuses: Set<String> = []
  /// A media-type column (voice, callback, chat, email…) for exports that list one queue's
  /// media on separate rows: each queue and media type is its own queue, `Queue/media` in
  /// ``queues`` (a queue named alone maps all its media). Optional in presets.
  public var media: String?
  /// Leave out rows with a bad cell instead of failing, up to 1% of the rows
  /// (`on_bad_rows: skip`); the rows left out are reported.
  public var skipBadRows = false
  /// Contact rows: the contact's id, in an event log that writes several rows per contact
  /// (one per audit event): each id is counted once, at its first row.
  public var id: String?
  /// Contact rows: when the contact reached the queue (a time or a wait). A contact ending
  /// as abandoned without one (empty, or all zeros such as `0:00:00`) hung up in the voice
  /// menu before queueing: it was never offered to an agent and is left out, so that it
  /// neither counts as abandonment nor shortens the patience estimate.
  public var queued: String?
  /// Contact rows: a direction column; rows whose value is not ``inbound`` (outbound calls)
  /// are left out.
  public var direction: String?
  public var inbound = "inbound"
  /// The queue (or skill, split, media type) column; with ``queues``, which channel each
  /// queue feeds. Without it every row is one channel's.
  public var queue: String?
  public var queues: [String: String] = [:]
  /// Interval rows: the share of the interval's contacts answered within the service-level
  /// target, as the ACD measured it (`85.2`, `85.2%` or, with ``serviceLevelInPercent`` off,
  /// `0.852`). A preset's column is read when the file has it.
  public var serviceLevel: String?
  public var serviceLevelInPercent = true
  /// Contact rows: each channel's service-level target, to count the contacts answered in
  /// time from their waits (an achieved service level per interval).
  public var serviceLevelTargets: [String: AnswerTarget] = [:]
  /// Columns a preset names that a site's export may leave out.
  public var optionalColumns: Set<String> = []
  /// Other headers a preset's column goes by (a vendor's view and its export, or two
  /// releases, name a metric differently): when the file lacks the column, the first of these
  /// it has is read.
  public var alternatives: [String: [String]] = [:]
  /// The byte between fields: `,`, or the `;`, tab or `|` some exports write.
  public var delimiter = UInt8(ascii: ",")

  /// A service-level target as contact rows are scored against it: answered within
  /// `seconds`, over every contact offered or (with `overAnswered`) over those answered.
  public struct AnswerTarget: Sendable, Hashable {
    public var seconds: Double
    public var overAnswered: Bool

    public init(seconds: Double, overAnswered: Bool) {
      self.seconds = seconds
      self.overAnswered = overAnswered
    }
  }

  /// A report of interval rows.
  public init(timestamp: String, offered: [String]) {
    self.timestamp = timestamp
    self.offered = offered
  }

  /// A report of contact rows, each arriving at `timestamp`.
  public init(contactsArrivingAt timestamp: String) {
    self.timestamp = timestamp
    self.offered = []
    rows = .contacts
  }

  /// Whether the report has what a patience estimate needs: abandonments and the waits of
  /// answered and abandoned contacts.
  public var hasWaits: Bool {
    switch rows {
    case .intervals: abandoned != nil && answerWait != nil && abandonWait != nil
    case .contacts: status != nil && !abandonedStatuses.isEmpty && answerWait != nil
    }
  }
}

/// A channel's history from an interval report: offered contacts (the volume forecast from)
/// and, per interval where the report gives them, handled and abandoned contacts, the handle
/// seconds of the handled ones, and the seconds all contacts waited (answered and abandoned).
public struct ContactHistory: Sendable {
  public var volume: VolumeHistory
  public var handled: [LocalDateTime: Double] = [:]
  public var handleSeconds: [LocalDateTime: Double] = [:]
  public var abandoned: [LocalDateTime: Double] = [:]
  /// Waiting seconds of answered plus abandoned contacts, where the report has both waits.
  public var waitSeconds: [LocalDateTime: Double] = [:]
  /// Achieved service level times offered contacts, and the offered contacts it is over, where
  /// the report measures it: queues of one channel are weighted by their offered contacts.
  public var serviceLevelWeighted: [LocalDateTime: (share: Double, offered: Double)] = [:]

  /// The achieved service level of an interval, where the report has it.
  public func serviceLevel(at start: LocalDateTime) -> Double? {
    guard let entry = serviceLevelWeighted[start] else { return nil }
    return entry.offered > 0 ? entry.share / entry.offered : nil
  }

  public init(channel: String) { volume = VolumeHistory(channel: channel, volumes: [:]) }
}

/// Reads interval reports laid out by an ``IntervalExportLayout``. Rows of several queues that
/// feed one channel are summed per interval: counts added, handle time weighted by handled
/// contacts, waits by the contacts that waited. Intervals finer than the grid's are summed
/// into it; a coarser report is an error, as for plain histories.
public enum IntervalExportReader {
  /// The longest handle time or wait a cell may hold: a day per contact.
  static let longestSeconds = 86_400.0

  public static func read(
    _ table: some CSVRowSource, layout: IntervalExportLayout, grid: TimeGrid, defaultChannel: String?,
    knownChannels: Set<String>? = nil
  ) throws(InputError) -> [String: ContactHistory] {
    var skipped = SkippedRows()
    return try read(
      table, layout: layout, grid: grid, defaultChannel: defaultChannel, knownChannels: knownChannels,
      skipped: &skipped)
  }

  /// Rows a report with ``IntervalExportLayout/skipBadRows`` left out.
  public struct SkippedRows: Sendable {
    public var count = 0
    public var rows = 0
    /// The first few rows' errors, naming file, line and column.
    public var first: [InputError] = []
    public init() {}

    /// The note a planner reads: how many rows were left out, and the first ones.
    public var note: String? {
      guard count > 0 else { return nil }
      return "\(count) of \(rows) rows had a bad cell and were left out (on_bad_rows: skip); first: "
        + first.map(\.description).joined(separator: "; ")
    }
  }

  /// The most a report with ``IntervalExportLayout/skipBadRows`` may leave out: more bad rows
  /// than this share of the file means the layout is wrong, not a few rows.
  public static let mostSkippedShare = 0.01

  /// ``read(_:layout:grid:defaultChannel:knownChannels:)``, reporting the rows left out.
  public static func read(
    _ table: some CSVRowSource, layout: IntervalExportLayout, grid: TimeGrid, defaultChannel: String?,
    knownChannels: Set<String>? = nil, skipped: inout SkippedRows
  ) throws(InputError) -> [String: ContactHistory] {
    func index(_ name: String) -> Int? {
      table.columnIndex(name) ?? layout.alternatives[name]?.lazy.compactMap(table.columnIndex).first
    }
    func required(_ name: String) throws(InputError) -> Int {
      if let found = index(name) { return found }
      return try table.requireColumn(name)
    }
    func column(_ name: String?) throws(InputError) -> Int? {
      guard let name else { return nil }
      return try required(name)
    }
    let perContact = layout.rows == .contacts
    let timestampColumn = try required(layout.timestamp)
    let timeColumn = try column(layout.time)
    var offeredColumns: [Int] = []
    for name in perContact ? [] : layout.offered { offeredColumns.append(try required(name)) }
    let handledColumn = try column(layout.handled)
    let abandonedColumn = try column(layout.abandoned)
    var handleColumns: [Int] = []
    for name in layout.handleTime { handleColumns.append(try required(name)) }
    let answerWaitColumn = try column(layout.answerWait)
    let abandonWaitColumn = try column(layout.abandonWait)
    let statusColumn = try column(layout.status)
    let queuedColumn = try column(layout.queued)
    let idColumn = try column(layout.id)
    var seenIDs: Set<String> = []
    let directionColumn = try column(layout.direction)
    let queueColumn = try column(layout.queue)
    var mediaColumn: Int?
    if let name = layout.media {
      mediaColumn = layout.optionalColumns.contains(name) ? index(name) : try column(name)
    }
    var serviceLevelColumn: Int?
    if let name = layout.serviceLevel {
      serviceLevelColumn = layout.optionalColumns.contains(name) ? index(name) : try column(name)
    }
    if !handleColumns.isEmpty, handledColumn == nil, !perContact {
      throw .invalid(
        SourceLocation(file: table.file, line: 1, field: layout.handleTime.first),
        "handle time needs the handled contacts' column too (columns.handled)")
    }
    let abandonedStatuses = Set(layout.abandonedStatuses.map { $0.lowercased() })
    let skippedStatuses = Set(layout.skippedStatuses.map { $0.lowercased() })
    var histories: [String: ContactHistory] = [:]
    var seen: [String: [LocalDateTime: Int]] = [:]
    var step = 1440
    var rowCount = 0
    var span = HistorySpan()
    func readRow(_ row: CSVRow) throws(InputError) {
      if let directionColumn,
        row.fields[directionColumn].trimmingWhitespace().lowercased() != layout.inbound.lowercased()
      {
        return
      }
      if let idColumn, !seenIDs.insert(String(row.fields[idColumn].trimmingWhitespace())).inserted { return }
      var endedAs: String?
      if let statusColumn {
        let status = row.fields[statusColumn].trimmingWhitespace().lowercased()
        if skippedStatuses.contains(status) { return }
        if let queuedColumn, abandonedStatuses.contains(status),
          row.fields[queuedColumn].utf8.allSatisfy({
            $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ":")
              || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: " ")
          })
        {
          return
        }
        endedAs = status
      }
      rowCount += 1
      var text = String(row.fields[timestampColumn].trimmingWhitespace())
      if let timeColumn {
        var clock = row.fields[timeColumn].trimmingWhitespace()
        if layout.timeIsRange, let dash = clock.firstIndex(where: { $0 == "-" || $0 == "–" }) {
          clock = clock[..<dash].trimmingWhitespace()
        }
        text += " " + clock
      }
      guard let timestamp = localTime(text, layout: layout, grid: grid) else {
        throw table.error(
          row, column: timeColumn ?? timestampColumn,
          "'\(text)' is not a time written "
            + (layout.timePattern.map { "as \($0)" } ?? example(layout.timeFormat)))
      }
      span.see(timestamp.date, line: row.line)
      // A contact arrives at any minute; interval rows start on the grid or a finer step.
      if !perContact {
        step = HistoryReader.greatestCommonDivisor(step, timestamp.minuteOfDay)
        guard grid.intervalMinutes % step == 0 || step % grid.intervalMinutes == 0 else {
          throw table.error(
            row, column: timestampColumn,
            "\(text) is not on a \(grid.intervalMinutes)-minute interval boundary, nor on a finer step that divides it"
          )
        }
      }
      let channel: String
      let queue: String
      if let queueColumn {
        let name = String(row.fields[queueColumn].trimmingWhitespace())
        let media = mediaColumn.map { String(row.fields[$0].trimmingWhitespace()) }
        queue = media.map { "\(name)/\($0)" } ?? name
        guard let mapped = layout.queues.isEmpty ? queue : layout.queues[queue] ?? layout.queues[name] else {
          throw table.error(
            row, column: queueColumn,
            "queue '\(queue)' is not in history.queues (which maps each queue to a channel)")
        }
        channel = mapped
      } else if let defaultChannel {
        (channel, queue) = (defaultChannel, "")
      } else {
        throw .invalid(
          SourceLocation(file: table.file, line: 1, field: "queue"),
          "the scenario has several channels: name the report's queue column (history.columns.queue)")
      }
      if let knownChannels, !knownChannels.contains(channel) {
        throw table.error(
          row, column: queueColumn ?? timestampColumn, "channel '\(channel)' is not in the scenario")
      }
      if !perContact {
        // A queue's interval may come twice only in the hour the clocks pass twice.
        let times = seen[queue, default: [:]][timestamp, default: 0]
        let repeated = times == 1 && grid.passesTwice(timestamp)
        guard times == 0 || repeated else {
          throw table.error(row, column: timestampColumn, "\(text) appears twice for queue '\(queue)'")
        }
        seen[queue, default: [:]][timestamp] = times + 1
      }

      func count(_ index: Int?) throws(InputError) -> Double? {
        guard let index else { return nil }
        let cell = row.fields[index].trimmingWhitespace()
        if cell.isEmpty { return 0 }
        guard let value = Double(cell), value.isFinite, value >= 0 else {
          throw table.error(row, column: index, "'\(cell)' is not a count of contacts")
        }
        guard value <= VolumeHistory.mostContacts else {
          throw table.error(
            row, column: index,
            "\(cell) is more than \(Int(VolumeHistory.mostContacts)) contacts in one interval")
        }
        return value
      }
      func seconds(_ index: Int?, longest: Double) throws(InputError) -> Double? {
        guard let index else { return nil }
        let cell = row.fields[index].trimmingWhitespace()
        if cell.isEmpty { return 0 }
        guard let value = durationSeconds(cell) else {
          throw table.error(row, column: index, "'\(cell)' is not a duration in seconds or h:mm:ss")
        }
        guard value <= longest else {
          throw table.error(row, column: index, "\(cell) is longer than the most a cell may hold")
        }
        return value
      }
      let offered: Double
      let handled: Double?
      let abandoned: Double?
      if perContact {
        let gaveUp = endedAs.map { abandonedStatuses.contains($0) } ?? false
        (offered, handled, abandoned) = (1, gaveUp ? 0 : 1, statusColumn == nil ? nil : gaveUp ? 1 : 0)
      } else {
        var sum = 0.0
        for index in offeredColumns { sum += try count(index) ?? 0 }
        guard sum <= VolumeHistory.mostContacts else {
          throw table.error(
            row, column: offeredColumns[0],
            "\(sum) offered is more than \(Int(VolumeHistory.mostContacts)) contacts in one interval")
        }
        (offered, handled, abandoned) = (sum, try count(handledColumn), try count(abandonedColumn))
      }
      let total = !perContact && layout.handleTimeIs == .total
      var handleTotal: Double?
      for index in handleColumns {
        let value = try seconds(
          index, longest: total ? Self.longestSeconds * max(1, handled ?? 1) : Self.longestSeconds)!
        handleTotal = (handleTotal ?? 0) + (total ? value : value * (handled ?? 0))
      }
      if let handleTotal, let column = handleColumns.first,
        handleTotal / Double(grid.intervalMinutes * 60) > QueueLimits.mostErlangs
      {
        throw table.error(
          row, column: column,
          "this row's handle time is more work than \(Int(QueueLimits.mostErlangs)) agents do in one interval, "
            + "the most Rota staffs a queue for")
      }
      var history = histories[channel] ?? ContactHistory(channel: channel)
      let start = LocalDateTime(
        date: timestamp.date,
        minuteOfDay: timestamp.minuteOfDay - timestamp.minuteOfDay % grid.intervalMinutes)
      if perContact {
        let wait = try seconds(answerWaitColumn, longest: Self.longestSeconds)
        if let wait, abandoned != nil { history.waitSeconds[start, default: 0] += wait }
        if let wait, let target = layout.serviceLevelTargets[channel] {
          let answered = (abandoned ?? 0) == 0
          if answered || !target.overAnswered {
            history.serviceLevelWeighted[start, default: (0, 0)].share +=
              answered && wait <= target.seconds ? 1 : 0
            history.serviceLevelWeighted[start, default: (0, 0)].offered += 1
          }
        }
      } else {
        let answerWait = try seconds(answerWaitColumn, longest: Self.longestSeconds)
        let abandonWait = try seconds(abandonWaitColumn, longest: Self.longestSeconds)
        if let answerWait, let abandonWait, let handled, let abandoned {
          history.waitSeconds[start, default: 0] += answerWait * handled + abandonWait * abandoned
        }
      }
      if let serviceLevelColumn {
        let cell = row.fields[serviceLevelColumn].trimmingWhitespace()
        let percent = cell.hasSuffix("%") || layout.serviceLevelInPercent
        let number = cell.hasSuffix("%") ? cell.dropLast().trimmingWhitespace() : cell
        // An interval nobody was offered in has no service level: a blank or dash says so.
        if !cell.isEmpty, cell != "-", cell != "—" {
          guard let value = Double(number), value >= 0, value <= (percent ? 100 : 1) else {
            throw table.error(
              row, column: serviceLevelColumn,
              "'\(cell)' is not a service level (\(percent ? "a percentage, 0 to 100" : "a share, 0 to 1"))")
          }
          let share = percent ? value / 100 : value
          history.serviceLevelWeighted[start, default: (0, 0)].share += share * offered
          history.serviceLevelWeighted[start, default: (0, 0)].offered += offered
        }
      }
      history.volume.volumes[start, default: 0] += offered
      if let handled { history.handled[start, default: 0] += handled }
      if let handleTotal { history.handleSeconds[start, default: 0] += handleTotal }
      if let abandoned { history.abandoned[start, default: 0] += abandoned }
      histories[channel] = history
    }
    var report = SkippedRows()
    try table.forEachRow { row throws(InputError) in
      report.rows += 1
      do throws(InputError) { try readRow(row) } catch {
        guard layout.skipBadRows else { throw error }
        report.count += 1
        if report.first.count < 3 { report.first.append(error) }
      }
    }
    if Double(report.count) > Self.mostSkippedShare * Double(report.rows), let first = report.first.first {
      let limit = Int(Self.mostSkippedShare * 100)
      guard case .invalid(let location, let message) = first else { throw first }
      throw .invalid(
        location,
        "\(message) — and \(report.count) of \(report.rows) rows have a bad cell, more than the \(limit)% "
          + "on_bad_rows: skip leaves out: is the layout right?")
    }
    skipped = report
    if !perContact, step > grid.intervalMinutes, rowCount >= 20 {
      throw .invalid(
        SourceLocation(file: table.file, line: 2, field: layout.timestamp),
        "the report counts contacts per \(step) minutes, coarser than the \(grid.intervalMinutes)-minute "
          + "intervals asked for: plan with \(step)-minute intervals, or export finer ones")
    }
    try span.check(file: table.file, field: layout.timestamp)
    return histories
  }
}
