import Forecasting
import RotaCore
import Staffing

extension Scenario {
  /// Reads a `planning.history` mapping: the report's `file`, a vendor `format` (a preset
  /// layout) or what its `rows` are (`intervals` or `contacts`), which `columns` hold what
  /// (each overriding the preset's), how it writes times (`time_format`, `time_range`) and
  /// handle time (`handle_time: average | total`), its `delimiter`, the contact `status`
  /// values meaning abandoned or never queued, how it writes service levels
  /// (`service_level_scale: percent | share`), and which channel each of its `queues` feeds.
  /// `channels` are the scenario's.
  static func parseHistoryExport(_ value: YAMLValue, channels: [Channel]) throws(InputError) -> (
    file: String, layout: IntervalExportLayout
  ) {
    let fields = try value.fields(
      allowed: [
        "format", "rows", "columns", "time_format", "time_range", "handle_time", "delimiter", "on_bad_rows",
        "abandoned",
        "skipped", "inbound", "queues", "service_level_scale",
      ], required: ["file"])
    var layout: IntervalExportLayout
    if let format = fields["format"] {
      let text = try format.string()
      guard let preset = IntervalExportLayout.Preset(rawValue: text) else {
        throw format.fail(
          "'\(text)' is not one of \(IntervalExportLayout.Preset.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      layout = preset.layout
      if fields["rows"] != nil {
        throw fields["rows"]!.fail("a format says what its rows are: leave out rows")
      }
    } else {
      guard let columns = fields["columns"] else {
        throw value.fail("missing required key 'columns' (or a vendor's 'format')")
      }
      var rows = IntervalExportLayout.Rows.intervals
      if let value = fields["rows"] {
        let text = try value.string()
        guard let parsed = IntervalExportLayout.Rows(rawValue: text) else {
          throw value.fail(
            "'\(text)' is not 'intervals' (a row per queue and interval) or 'contacts' (a row each)")
        }
        rows = parsed
      }
      guard try columns.mapping().contains(where: { $0.key == "timestamp" }) else {
        throw columns.fail("missing required key 'timestamp'")
      }
      // The timestamp's column is set with the others below.
      layout =
        rows == .contacts
        ? IntervalExportLayout(contactsArrivingAt: "") : IntervalExportLayout(timestamp: "", offered: [])
    }
    let contactsOnly: Set = ["status", "direction", "wait", "queued", "id"]
    let intervalsOnly: Set = [
      "offered", "handled", "abandoned", "answer_wait", "abandon_wait", "service_level",
    ]
    if let columns = fields["columns"] {
      for (key, entry) in try columns.mapping(allowed: Self.columnKeys.union(["timestamp"])) {
        switch key {
        case "timestamp": layout.timestamp = try columnName(entry)
        case "time": layout.time = try columnName(entry)
        case "offered": layout.offered = try columnNames(entry)
        case "handled": layout.handled = try columnName(entry)
        case "abandoned": layout.abandoned = try columnName(entry)
        case "handle_time": layout.handleTime = try columnNames(entry)
        case "answer_wait", "wait": layout.answerWait = try columnName(entry)
        case "abandon_wait": layout.abandonWait = try columnName(entry)
        case "status": layout.status = try columnName(entry)
        case "direction": layout.direction = try columnName(entry)
        case "queued": layout.queued = try columnName(entry)
        case "id": layout.id = try columnName(entry)
        case "media": layout.media = try columnName(entry)
        case "service_level":
          // Named by the planner, the column must be there.
          layout.serviceLevel = try columnName(entry)
          layout.optionalColumns = []
        default: layout.queue = try columnName(entry)
        }
        if layout.rows == .contacts ? intervalsOnly.contains(key) : contactsOnly.contains(key) {
          throw entry.fail(
            layout.rows == .contacts
              ? "a report of one row per contact counts each row as offered: '\(key)' is for interval rows"
              : "'\(key)' is for reports of one row per contact (rows: contacts)")
        }
      }
    }
    if layout.rows == .intervals, layout.offered.isEmpty {
      throw (fields["columns"] ?? value).fail("missing required key 'offered' (the contacts offered)")
    }
    if layout.rows == .intervals, !layout.handleTime.isEmpty, layout.handled == nil {
      throw (fields["columns"] ?? value).fail("handle time needs the handled contacts' column too (handled)")
    }
    if let format = fields["time_format"], try format.string().contains("%") {
      let text = try format.string()
      guard let pattern = TimePattern(text) else {
        throw format.fail(
          "'\(text)' is not a time pattern Rota reads: %Y or %y, %m or %b, %d, %H or %I with %p, %M are "
            + "needed, each once; %S, %a, %z and %% may be added")
      }
      layout.timePattern = pattern
    } else if let format = fields["time_format"] {
      let text = try format.string()
      guard let parsed = IntervalExportLayout.TimeFormat(rawValue: text) else {
        throw format.fail(
          "'\(text)' is not one of \(IntervalExportLayout.TimeFormat.allCases.map(\.rawValue).joined(separator: ", ")), "
            + "nor a pattern such as %y%m%d %H:%M:%S"
        )
      }
      layout.timeFormat = parsed
    }
    if let range = fields["time_range"] {
      layout.timeIsRange = try range.bool()
      if layout.timeIsRange, layout.time == nil {
        throw range.fail("a time range is read from a separate time column (columns.time)")
      }
    }
    if let handle = fields["handle_time"] {
      let text = try handle.string()
      guard let parsed = IntervalExportLayout.HandleTime(rawValue: text) else {
        throw handle.fail("'\(text)' is not 'average' (per handled contact) or 'total'")
      }
      layout.handleTimeIs = parsed
    }
    if let scale = fields["service_level_scale"] {
      let text = try scale.string()
      guard text == "percent" || text == "share" else {
        throw scale.fail("'\(text)' is not 'percent' (85.2 means 85.2%) or 'share' (0.852)")
      }
      layout.serviceLevelInPercent = text == "percent"
    }
    if let badRows = fields["on_bad_rows"] {
      switch try badRows.string().trimmingWhitespace() {
      case "error": layout.skipBadRows = false
      case "skip": layout.skipBadRows = true
      case let other: throw badRows.fail("'\(other)' is not error or skip")
      }
    }
    if let delimiter = fields["delimiter"] {
      let text = try delimiter.string()
      guard let byte = CSVDelimiter.byte(text) else {
        throw delimiter.fail("'\(text)' is not one of ',', ';', '|' or tab")
      }
      layout.delimiter = byte
    }
    for key in ["abandoned", "skipped", "inbound"] {
      guard let entry = fields[key] else { continue }
      guard layout.rows == .contacts else {
        throw entry.fail("'\(key)' names contact statuses: it is for reports of one row per contact")
      }
      if key == "inbound" {
        layout.inbound = try columnName(entry)
        continue
      }
      let statuses = Set(try columnNames(entry))
      if key == "abandoned" { layout.abandonedStatuses = statuses } else { layout.skippedStatuses = statuses }
      guard layout.status != nil else {
        throw entry.fail("statuses need the report's status column (columns.status)")
      }
    }
    if layout.queued != nil, layout.abandonedStatuses.isEmpty {
      throw (fields["columns"] ?? value).fail(
        "queued tells hang-ups in the voice menu from abandonment in the queue: it needs the status "
          + "column and the statuses meaning abandoned (abandoned: [...])")
    }
    if let queues = fields["queues"] {
      guard layout.queue != nil else {
        throw queues.fail("queues need the report's queue column (columns.queue)")
      }
      let known = Set(channels.map(\.name))
      for (queue, channel) in try queues.mapping() {
        let target = try channel.string()
        guard known.contains(target) else {
          throw channel.fail(
            "'\(target)' is not a channel of the scenario (\(known.sorted().joined(separator: ", ")))")
        }
        layout.queues[queue] = target
      }
    }
    if layout.rows == .contacts, layout.answerWait != nil {
      for channel in channels {
        guard let level = channel.serviceLevel else { continue }
        layout.serviceLevelTargets[channel.name] = IntervalExportLayout.AnswerTarget(
          seconds: level.answerSeconds, overAnswered: channel.serviceLevelBasis == .answered)
      }
    }
    return (try fields["file"]!.string(), layout)
  }

  private static let columnKeys: Set<String> = [
    "time", "offered", "handled", "abandoned", "handle_time", "answer_wait", "abandon_wait", "queue",
    "status",
    "direction", "wait", "queued", "id", "media",
  ]

  private static func columnName(_ entry: YAMLValue) throws(InputError) -> String {
    let text = try entry.string().trimmingWhitespace()
    guard !text.isEmpty else { throw entry.fail("a column name cannot be empty") }
    return String(text)
  }

  /// One column, or a list of columns whose cells are summed.
  private static func columnNames(_ entry: YAMLValue) throws(InputError) -> [String] {
    guard entry.node.scalar == nil else { return [try columnName(entry)] }
    var names: [String] = []
    for item in try entry.sequence() { names.append(try columnName(item)) }
    guard !names.isEmpty else { throw entry.fail("name at least one column") }
    return names
  }
}

extension Scenario {
  /// Estimates the patience of each phone and chat channel without `patience_seconds` from
  /// the interval report, when it has abandoned contacts and both waits, and sets it: such a
  /// channel then queues by Erlang A. Channels with too few abandonments keep Erlang C.
  mutating func estimatePatience() throws(InputError) {
    guard let layout = historyLayout, layout.hasWaits,
      channels.contains(where: { $0.kind != .email && $0.patienceSeconds == nil })
    else { return }
    let histories: [String: ContactHistory]
    do {
      histories = try IntervalExportReader.read(
        CSVFileRows(contentsOf: historyFile, delimiter: layout.delimiter), layout: layout, grid: grid,
        defaultChannel: channels.count == 1 ? channels[0].name : nil, knownChannels: Set(channels.map(\.name))
      )
    } catch { throw locatingHistory(error) }
    for index in channels.indices
    where channels[index].kind != .email && channels[index].patienceSeconds == nil {
      guard let history = histories[channels[index].name] else { continue }
      // Only intervals whose waits are known count, for abandonments and waits alike.
      let abandoned = history.waitSeconds.keys.reduce(0) { $0 + (history.abandoned[$1] ?? 0) }
      let waiting = history.waitSeconds.values.reduce(0, +)
      guard let estimate = PatienceEstimate(abandoned: abandoned, waitingSeconds: waiting),
        estimate.meanSeconds <= 86_400
      else { continue }
      patienceEstimates[channels[index].name] = estimate
      channels[index].patienceSeconds = estimate.meanSeconds
    }
    for channel in channels where channel.maxAbandonRate != nil && channel.patienceSeconds == nil {
      let abandoned = histories[channel.name].map { $0.abandoned.values.reduce(0, +) } ?? 0
      throw .invalid(
        abandonTargetLocations[channel.name] ?? SourceLocation(file: file),
        "\(historyFile) has \(Int(abandoned)) abandoned \(channel.name) contacts with waits, too few to estimate "
          + "the patience an abandonment target needs (\(Int(PatienceEstimate.fewestAbandoned)) at least): set "
          + "patience_seconds")
    }
  }

  /// One line per estimated patience, for the planner to see what the queues assume.
  public var patienceNotes: [String] {
    patienceEstimates.keys.sorted().map { channel in
      let estimate = patienceEstimates[channel]!
      return "\(channel): mean patience \(estimate.meanSeconds.formatted(maxDecimals: 1)) s "
        + "(95% \(estimate.lowSeconds.formatted(maxDecimals: 1))–\(estimate.highSeconds.formatted(maxDecimals: 1)) s) "
        + "from \(Int(estimate.abandoned)) abandoned contacts in the history; Erlang A uses it"
    }
  }
}
