import Foundation
import RotaCore
import Testing

@testable import Forecasting

/// ACD and help-desk interval reports: columns by the layout's names, queues summed into
/// their channel, times and durations in the reports' own formats, and errors that name the
/// line and column.
@Suite struct IntervalExportTests {
  static let grid = TimeGrid(timeZone: TimeZone(identifier: "Europe/Dublin")!, intervalMinutes: 30)!

  static var layout: IntervalExportLayout {
    var layout = IntervalExportLayout(timestamp: "Interval Start", offered: ["Offered"])
    layout.timeFormat = .monthFirst
    layout.handled = "Handled"
    layout.abandoned = "Abandoned"
    layout.handleTime = ["Avg Handle"]
    layout.answerWait = "ASA"
    layout.abandonWait = "Avg Abandon"
    layout.queue = "Queue"
    layout.queues = ["Sales EN": "phone", "Sales FR": "phone", "Web chat": "chat"]
    return layout
  }

  static func read(_ text: String, layout: IntervalExportLayout = layout) throws(InputError) -> [String:
    ContactHistory]
  {
    try IntervalExportReader.read(
      try CSVTable(text: text, file: "acd.csv"), layout: layout, grid: grid, defaultChannel: nil,
      knownChannels: ["phone", "chat"])
  }

  /// Each cell in range, the row together more work than any queue is staffed for: refused
  /// where it is read, naming the file, line and column, not later by interval.
  @Test func aRowWithMoreWorkThanAQueueTakesIsRefusedByLine() {
    #expect(
      throws: InputError.invalid(
        SourceLocation(file: "acd.csv", line: 3, field: "Avg Handle"),
        "this row's handle time is more work than 100000 agents do in one interval, the most Rota staffs a queue for"
      )
    ) {
      try Self.read(
        """
        Interval Start,Queue,Offered,Handled,Abandoned,Avg Handle,ASA,Avg Abandon
        12/07/2026 08:30,Sales EN,10,8,2,5:00,20,0:45
        12/07/2026 09:00,Sales EN,3000000,3000000,0,1:05:00,20,0:45
        """)
    }
  }

  @Test func queuesOfAChannelAreSummedWithHandleTimeWeighted() throws {
    let histories = try Self.read(
      """
      Interval Start,Queue,Offered,Handled,Abandoned,Avg Handle,ASA,Avg Abandon
      12/07/2026 08:30,Sales EN,10,8,2,5:00,20,0:45
      12/07/2026 08:30,Sales FR,5,5,0,0:10:00,00:10,
      12/07/2026 08:45,Sales EN,4,4,0,300,5,0
      12/07/2026 08:30,Web chat,3,3,0,600,,
      """)
    let phone = try #require(histories["phone"])
    let slot = LocalDateTime(iso: "2026-12-07T08:30")!
    // The 08:45 row is summed into the 08:30 interval.
    #expect(phone.volume.volumes[slot] == 19)
    #expect(phone.handled[slot] == 17)
    #expect(phone.abandoned[slot] == 2)
    // 8 × 300 + 5 × 600 + 4 × 300 handle seconds.
    #expect(phone.handleSeconds[slot] == 6600)
    // Waits: 8 × 20 + 2 × 45, 5 × 10 + 0, 4 × 5 + 0.
    #expect(phone.waitSeconds[slot] == 320)
    #expect(histories["chat"]?.volume.volumes[slot] == 3)
  }

  @Test(arguments: [
    (IntervalExportLayout.TimeFormat.monthFirst, "12/07/2026 08:30", "2026-12-07T08:30"),
    (.monthFirst, "12/07/2026 8:30:00 PM", "2026-12-07T20:30"),
    (.monthFirst, "12/07/2026 12:00 AM", "2026-12-07T00:00"),
    (.dayFirst, "07/12/2026 08:30", "2026-12-07T08:30"),
    // An offset is converted to the team's zone (Dublin is UTC+0 in December).
    (.dayFirst, "07/12/2026 09:30 +01:00", "2026-12-07T08:30"),
    (.iso, "2026-12-07 08:30:00", "2026-12-07T08:30"),
    (.iso, "2026-12-07T08:30:00Z", "2026-12-07T08:30"),
  ])
  func timesAreReadInTheReportsFormats(
    _ format: IntervalExportLayout.TimeFormat, _ text: String, _ expected: String
  ) {
    #expect(
      IntervalExportReader.localTime(text, format: format, grid: Self.grid) == LocalDateTime(iso: expected))
  }

  @Test(arguments: [
    "13/07/2026 08:30", "12/07/26 08:30", "12/07/2026 25:00", "12/07/2026 13:00 PM", "12/07/2026",
  ])
  func wrongTimesAreRefused(_ text: String) {
    #expect(IntervalExportReader.localTime(text, format: .monthFirst, grid: Self.grid) == nil)
  }

  @Test(arguments: [("315", 315.0), ("315.5", 315.5), ("5:15", 315), ("1:05:15", 3915), ("0:00:07", 7)])
  func durationsInSecondsOrClockTime(_ text: String, _ seconds: Double) {
    #expect(IntervalExportReader.durationSeconds(Substring(text)) == seconds)
  }

  @Test(arguments: ["5:7", "-3", "1:60", "a:bc", "1:2:3:4", "-0:05:00", "-0", "+5", "0:-5", "1e3", "inf", ""])
  func badDurationsAreRefused(_ text: String) {
    #expect(IntervalExportReader.durationSeconds(Substring(text)) == nil)
  }

  @Test(arguments: [
    ("12/07/2026 08:30,Sales DE,1,1,0,300,1,1", 2, "Queue", "queue 'Sales DE' is not in history.queues"),
    ("12/07/2026 08:30,Sales EN,1,1,0,5 min,1,1", 2, "Avg Handle", "not a duration"),
    ("12/07/2026 08:30,Sales EN,-1,1,0,300,1,1", 2, "Offered", "not a count"),
    ("2026-12-07 08:30,Sales EN,1,1,0,300,1,1", 2, "Interval Start", "month first"),
    (
      "12/07/2026 08:30,Sales EN,1,1,0,300,1,1\n12/07/2026 08:30,Sales EN,1,1,0,300,1,1", 3, "Interval Start",
      "appears twice for queue 'Sales EN'"
    ),
  ])
  func badRowsNameLineAndColumn(_ row: String, _ line: Int, _ column: String, _ message: String) {
    let header = "Interval Start,Queue,Offered,Handled,Abandoned,Avg Handle,ASA,Avg Abandon\n"
    do {
      _ = try Self.read(header + row + "\n")
      Issue.record("expected an error")
    } catch {
      guard case .invalid(let location, let text) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(location.file == "acd.csv")
      #expect(location.line == line)
      #expect(location.field == column)
      #expect(text.contains(message), "\(text)")
    }
  }

  @Test func aMissingColumnIsNamed() {
    do {
      _ = try Self.read("Interval Start,Queue,Offered\n12/07/2026 08:30,Sales EN,1\n")
      Issue.record("expected an error")
    } catch {
      guard case .invalid(let location, _) = error else { return }
      #expect(location.field == "Handled")
    }
  }

  @Test func aTotalHandleTimeIsTakenAsIs() throws {
    var layout = Self.layout
    layout.handleTimeIs = .total
    let histories = try Self.read(
      """
      Interval Start,Queue,Offered,Handled,Abandoned,Avg Handle,ASA,Avg Abandon
      12/07/2026 08:30,Sales EN,10,8,2,1:00:00,20,45
      """, layout: layout)
    #expect(histories["phone"]?.handleSeconds[LocalDateTime(iso: "2026-12-07T08:30")!] == 3600)
  }

  /// With `on_bad_rows: skip` a damaged row is left out and reported, up to 1% of the rows;
  /// more means the layout is wrong, and is refused naming the first bad row.
  @Test(arguments: [(1, true), (3, false)])
  func badRowsAreSkippedAndCountedUpToOnePercent(_ bad: Int, _ accepted: Bool) throws {
    var layout = Self.layout
    layout.skipBadRows = true
    var text = "Interval Start,Queue,Offered,Handled,Abandoned,Avg Handle,ASA,Avg Abandon\n"
    let first = LocalDateTime(iso: "2026-12-07T00:00")!
    for index in 0..<200 {
      let time = LocalDateTime(date: first.date.adding(days: index / 48), minuteOfDay: 30 * (index % 48))
      let us =
        "\(time.date.month)/\(time.date.day)/\(time.date.year) \(time.minuteOfDay / 60):\(time.minuteOfDay % 60 == 0 ? "00" : "30")"
      text += index < bad ? "\(us),Sales EN,lots,8,2,5:00,20,0:45\n" : "\(us),Sales EN,10,8,2,5:00,20,0:45\n"
    }
    var skipped = IntervalExportReader.SkippedRows()
    let read = Result { () throws(InputError) in
      try IntervalExportReader.read(
        try CSVTable(text: text, file: "acd.csv"), layout: layout, grid: Self.grid, defaultChannel: nil,
        knownChannels: ["phone", "chat"], skipped: &skipped)
    }
    switch read {
    case .success(let histories):
      #expect(accepted)
      #expect(histories["phone"]?.volume.volumes.count == 200 - bad)
      #expect(skipped.count == bad && skipped.rows == 200)
      #expect(skipped.note?.contains("acd.csv:2: field 'Offered'") == true, "\(skipped.note ?? "")")
    case .failure(let error):
      #expect(!accepted)
      #expect(
        error.description.hasPrefix("acd.csv:2: field 'Offered'")
          && error.description.contains("3 of 200 rows"))
    }
  }

  /// Genesys's historical-import CSV lists a queue's voice and chat on separate rows by
  /// `Media Type`; summed, they made one channel of two.
  @Test func aQueuesMediaTypesAreToldApart() throws {
    var layout = IntervalExportLayout.Preset.genesysHistoricalImport.layout
    layout.queues = ["Support/voice": "phone", "Support/chat": "chat", "Billing": "phone"]
    let text = """
      Interval Start UTC Date,Queue,Media Type,Offered,Interactions Handled,Total Handle Time (Seconds)
      2026-12-07T09:00:00Z,Support,voice,10,10,3000
      2026-12-07T09:00:00Z,Support,chat,4,4,2400
      2026-12-07T09:00:00Z,Billing,voice,3,3,900
      2026-12-07T09:00:00Z,Billing,callback,1,1,300
      """
    let histories = try IntervalExportReader.read(
      try CSVTable(text: text, file: "genesys.csv"), layout: layout, grid: Self.grid, defaultChannel: nil,
      knownChannels: ["phone", "chat"])
    let start = LocalDateTime(iso: "2026-12-07T09:00")!
    #expect(histories["phone"]?.volume.volumes[start] == 14)
    #expect(histories["chat"]?.volume.volumes[start] == 4)
    #expect(histories["chat"]?.handleSeconds[start] == 2400)
  }

  /// A help desk's event log writes a row per audit event; with `id` each ticket counts once,
  /// in the interval of its first row.
  @Test func anEventLogCountsEachContactOnce() throws {
    var layout = IntervalExportLayout(contactsArrivingAt: "opened_at")
    layout.id = "number"
    let text = """
      number,opened_at,event
      INC1,2026-12-07T08:01:00,created
      INC1,2026-12-07T08:01:00,assigned
      INC2,2026-12-07T08:20:00,created
      INC1,2026-12-07T08:01:00,resolved
      INC3,2026-12-07T08:40:00,created
      INC2,2026-12-07T08:20:00,closed
      """
    let histories = try IntervalExportReader.read(
      try CSVTable(text: text, file: "incidents.csv"), layout: layout, grid: Self.grid,
      defaultChannel: "email",
      knownChannels: ["email"])
    let volumes = try #require(histories["email"]).volume.volumes
    #expect(volumes[LocalDateTime(iso: "2026-12-07T08:00")!] == 2)
    #expect(volumes[LocalDateTime(iso: "2026-12-07T08:30")!] == 1)
  }

  /// A bank's log marks every hang-up HANG, in the queue or before it in the voice menu; its
  /// queue-start column (0:00:00 for those who never queued) tells them apart.
  @Test func aHangUpBeforeTheQueueIsNotAbandonment() throws {
    var layout = IntervalExportLayout(contactsArrivingAt: "vru_entry")
    layout.status = "outcome"
    layout.abandonedStatuses = ["HANG"]
    layout.skippedStatuses = ["PHANTOM"]
    layout.queued = "q_start"
    layout.answerWait = "q_time"
    let text = """
      vru_entry,q_start,q_time,outcome
      2026-12-07T08:01:10,8:01:40,10,AGENT
      2026-12-07T08:02:00,8:02:20,240,HANG
      2026-12-07T08:03:00,0:00:00,0,HANG
      2026-12-07T08:04:00,,0,HANG
      2026-12-07T08:05:00,0:00:00,0,PHANTOM
      2026-12-07T08:06:00,0:00:00,0,AGENT
      """
    let histories = try IntervalExportReader.read(
      try CSVTable(text: text, file: "bank.tsv"), layout: layout, grid: Self.grid, defaultChannel: "phone",
      knownChannels: ["phone"])
    let start = LocalDateTime(iso: "2026-12-07T08:00")!
    let phone = try #require(histories["phone"])
    #expect(phone.volume.volumes[start] == 3)
    #expect(phone.abandoned[start] == 1)
    #expect(phone.handled[start] == 2)
  }

  /// A call log: each inbound row one contact in its interval; its service level from the
  /// waits against the target, over every call offered or over those answered.
  @Test(arguments: [(false, 0.5), (true, 2.0 / 3)])
  func contactRowsGiveAServiceLevelFromTheirWaits(_ overAnswered: Bool, _ level: Double) throws {
    var layout = IntervalExportLayout(contactsArrivingAt: "created_at")
    layout.direction = "direction"
    layout.status = "completion_status"
    layout.abandonedStatuses = ["abandoned_in_queue"]
    layout.skippedStatuses = ["abandoned_in_ivr"]
    layout.answerWait = "wait_time"
    layout.handleTime = ["talk_time"]
    layout.serviceLevelTargets = ["phone": .init(seconds: 20, overAnswered: overAnswered)]
    let text = """
      created_at,direction,completion_status,wait_time,talk_time
      2026-12-07T08:01:10,inbound,completed,10,200
      2026-12-07T08:12:00,inbound,completed,30,400
      2026-12-07T08:20:00,inbound,abandoned_in_queue,45,0
      2026-12-07T08:29:59,inbound,completed,5,300
      2026-12-07T08:15:00,outbound,completed,0,100
      2026-12-07T08:16:00,inbound,abandoned_in_ivr,0,0
      """
    let phone = try #require(
      try IntervalExportReader.read(
        try CSVTable(text: text, file: "calls.csv"), layout: layout, grid: Self.grid, defaultChannel: "phone"
      )["phone"])
    let start = LocalDateTime(iso: "2026-12-07T08:00")!
    #expect(phone.volume.volumes == [start: 4])
    #expect(phone.handled[start] == 3 && phone.abandoned[start] == 1)
    #expect(phone.handleSeconds[start] == 900 && phone.waitSeconds[start] == 90)
    #expect(abs(phone.serviceLevel(at: start)! - level) < 1e-12)
  }
}
