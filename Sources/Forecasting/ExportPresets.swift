extension IntervalExportLayout {
  /// Layouts of common vendors' exports, named in a scenario as `history.format`. Column names
  /// are those the vendor's documentation gives the metrics; a site whose export differs
  /// (renamed or translated columns) overrides any of them with `history.columns`.
  public enum Preset: String, Sendable, CaseIterable {
    /// Genesys Cloud's queue performance view exported by interval: one row per queue and
    /// interval, times month first with AM/PM, average handle time and waits.
    case genesysCloud = "genesys-cloud"
    /// The CSV that Genesys Cloud's workforce management imports as historical data: per
    /// queue and interval (15 minutes, UTC, ISO 8601), offered and handled interactions and
    /// their total handle time in seconds. A site moving its history into Genesys has it.
    case genesysHistoricalImport = "genesys-historical-import"
    /// NICE CXone's skill summary by interval.
    case niceCXone = "nice-cxone"
    /// Five9's inbound report by skill and half hour: date and half hour in two columns,
    /// handle time as the interval's total.
    case five9
    /// Avaya CMS's split/skill interval report: the interval as a time range, offered calls as
    /// ACD calls plus abandoned ones, handle time as ACD time plus after-call work.
    case avayaCMS = "avaya-cms"
    /// Zendesk Talk's calls export (the Talk API's incremental calls fields): one row per
    /// call; outbound calls and calls that hung up in the IVR are left out.
    case zendeskTalk = "zendesk-talk"
    /// Zendesk Support's tickets export: one row per ticket, `via` naming its channel.
    case zendeskSupport = "zendesk-support"

    public var layout: IntervalExportLayout {
      switch self {
      case .genesysCloud:
        var layout = IntervalExportLayout(timestamp: "Interval Start", offered: ["Offer"])
        layout.timeFormat = .monthFirst
        layout.queue = "Queue"
        layout.handled = "Answer"
        layout.abandoned = "Abandon"
        layout.handleTime = ["Avg Handle"]
        layout.answerWait = "ASA"
        layout.abandonWait = "Avg Abandon"
        layout.serviceLevel = "Service Level %"
        layout.optionalColumns = ["Service Level %"]
        // The performance views' columns; the metric definitions call them Offer, Answer, Abandon.
        layout.alternatives = ["Offer": ["Offered"], "Answer": ["Answered"], "Abandon": ["Abandoned"]]
        return layout
      case .genesysHistoricalImport:
        var layout = IntervalExportLayout(timestamp: "Interval Start UTC Date", offered: ["Offered"])
        layout.queue = "Queue"
        layout.handled = "Interactions Handled"
        layout.handleTime = ["Total Handle Time (Seconds)"]
        layout.handleTimeIs = .total
        // The documentation's own example header leaves the unit out.
        layout.alternatives = ["Total Handle Time (Seconds)": ["Total Handle Time"]]
        // A queue's voice, chat and email rows, where the export has the column.
        layout.media = "Media Type"
        layout.optionalColumns = ["Media Type"]
        return layout
      case .niceCXone:
        var layout = IntervalExportLayout(timestamp: "Interval Start", offered: ["Offered"])
        layout.timeFormat = .monthFirst
        layout.queue = "Skill Name"
        layout.handled = "Handled"
        layout.abandoned = "Abandoned"
        layout.handleTime = ["AHT"]
        layout.answerWait = "ASA"
        layout.abandonWait = "Avg Abandon Time"
        return layout
      case .five9:
        var layout = IntervalExportLayout(timestamp: "DATE", offered: ["CALLS"])
        layout.time = "HALF HOUR"
        layout.timeFormat = .monthFirst
        layout.queue = "SKILL"
        layout.handled = "HANDLED"
        layout.abandoned = "ABANDONED"
        layout.handleTime = ["HANDLE TIME"]
        layout.handleTimeIs = .total
        return layout
      case .avayaCMS:
        var layout = IntervalExportLayout(timestamp: "Date", offered: ["ACD Calls", "Aban Calls"])
        layout.time = "Time"
        layout.timeIsRange = true
        layout.timeFormat = .monthFirst
        layout.queue = "Split/Skill"
        layout.handled = "ACD Calls"
        layout.abandoned = "Aban Calls"
        layout.handleTime = ["Avg ACD Time", "Avg ACW Time"]
        layout.answerWait = "Avg Speed Ans"
        layout.abandonWait = "Avg Aban Time"
        layout.serviceLevel = "% Within Service Level"
        layout.optionalColumns = ["% Within Service Level"]
        return layout
      case .zendeskTalk:
        var layout = IntervalExportLayout(contactsArrivingAt: "created_at")
        layout.direction = "direction"
        layout.status = "completion_status"
        layout.abandonedStatuses = ["abandoned_in_queue"]
        layout.skippedStatuses = ["abandoned_in_ivr"]
        layout.handleTime = ["talk_time", "wrap_up_time"]
        layout.answerWait = "wait_time"
        return layout
      case .zendeskSupport:
        var layout = IntervalExportLayout(contactsArrivingAt: "created_at")
        layout.queue = "via"
        return layout
      }
    }
  }
}
