import Forecasting
import RotaCore
import Staffing

extension Scenario {
  /// Reads a `planning.history` mapping: the report's `file`, which `columns` hold what,
  /// how it writes times (`time_format`) and handle time (`handle_time: average | total`), and
  /// which channel each of its `queues` feeds. `channels` are the scenario's.
  static func parseHistoryExport(_ value: YAMLValue, channels: [Channel]) throws(InputError) -> (
    file: String, layout: IntervalExportLayout
  ) {
    let fields = try value.fields(
      allowed: ["time_format", "handle_time", "queues"], required: ["file", "columns"])
    let columnFields = try fields["columns"]!.fields(
      allowed: ["time", "handled", "abandoned", "handle_time", "answer_wait", "abandon_wait", "queue"],
      required: ["timestamp", "offered"])
    func name(_ key: String) throws(InputError) -> String? {
      guard let entry = columnFields[key] else { return nil }
      let text = try entry.string().trimmingWhitespace()
      guard !text.isEmpty else { throw entry.fail("a column name cannot be empty") }
      return String(text)
    }
    var layout = IntervalExportLayout(timestamp: try name("timestamp")!, offered: try name("offered")!)
    layout.time = try name("time")
    layout.handled = try name("handled")
    layout.abandoned = try name("abandoned")
    layout.handleTime = try name("handle_time")
    layout.answerWait = try name("answer_wait")
    layout.abandonWait = try name("abandon_wait")
    layout.queue = try name("queue")
    if layout.handleTime != nil, layout.handled == nil {
      throw columnFields["handle_time"]!.fail("handle time needs the handled contacts' column too (handled)")
    }
    if let format = fields["time_format"] {
      let text = try format.string()
      guard let parsed = IntervalExportLayout.TimeFormat(rawValue: text) else {
        throw format.fail(
          "'\(text)' is not one of \(IntervalExportLayout.TimeFormat.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
      layout.timeFormat = parsed
    }
    if let handle = fields["handle_time"] {
      let text = try handle.string()
      guard let parsed = IntervalExportLayout.HandleTime(rawValue: text) else {
        throw handle.fail("'\(text)' is not 'average' (per handled contact) or 'total'")
      }
      layout.handleTimeIs = parsed
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
    return (try fields["file"]!.string(), layout)
  }
}

extension Scenario {
  /// Estimates the patience of each phone and chat channel without `patience_seconds` from
  /// the interval report, when it has abandoned contacts and both waits, and sets it: such a
  /// channel then queues by Erlang A. Channels with too few abandonments keep Erlang C.
  mutating func estimatePatience() throws(InputError) {
    guard let layout = historyLayout, layout.abandoned != nil, layout.answerWait != nil,
      layout.abandonWait != nil,
      channels.contains(where: { $0.kind != .email && $0.patienceSeconds == nil })
    else { return }
    let histories = try IntervalExportReader.read(
      CSVFileRows(contentsOf: historyFile), layout: layout, grid: grid,
      defaultChannel: channels.count == 1 ? channels[0].name : nil, knownChannels: Set(channels.map(\.name)))
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
