import Foundation
import RotaCore
import Testing

@testable import Store

func temporaryFolder() -> String {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "rota-store-\(UUID().uuidString)"
  ).path
  return folder
}

func sampleRun(week: String = "2026-12-07", cost: Double = 100, intervals: Int = 4) -> RunRecord {
  let start = LocalDate(iso: week)!
  let rows = (0..<intervals).map { index in
    IntervalRecord(
      channel: index % 2 == 0 ? "phone" : "chat",
      start: LocalDateTime(date: start.adding(days: index / 96), minuteOfDay: 30 * (index / 2 % 48)),
      forecast: Double(10 + index),
      lo80: 8, hi80: 14, lo95: 6, hi95: 16, ahtSeconds: index == 0 ? 300 : nil, requiredAgents: 3.5,
      scheduledAgents: 4, plannedServiceLevel: 0.85)
  }
  return RunRecord(
    createdAt: Date(timeIntervalSince1970: 1_796_000_000), command: "plan", scenarioName: "test",
    scenarioDigest: "abc", weekStart: start, days: 7, timeZone: "Europe/Dublin", intervalMinutes: 30,
    cost: cost,
    bound: cost * 0.99, solverStatus: "node_limit", openShifts: 0,
    files: ["roster.csv": "employee_id,date\nE1,\(week)\n", "kpis.json": "{\"cost\": \(cost)}\n"],
    intervals: rows)
}

@Suite struct WorkspaceTests {
  @Test func aRunReadsBackAsItWasStored() throws {
    let folder = temporaryFolder()
    let workspace = try Workspace(folder: folder, access: .createIfMissing)
    let run = sampleRun()
    let id = try workspace.record(run)
    let stored = try #require(try workspace.runs().first)
    #expect(stored.id == id)
    #expect(stored.weekStart == run.weekStart && stored.cost == 100 && stored.bound == 99)
    #expect(stored.createdAt.hasPrefix("2026-") && stored.publishedVersion == nil)
    #expect(try workspace.file("roster.csv", run: id) == run.files["roster.csv"])
    #expect(try workspace.fileNames(run: id) == ["kpis.json", "roster.csv"])
    let sorted = run.intervals.sorted { ($0.channel, $0.start) < ($1.channel, $1.start) }
    #expect(try workspace.intervals(run: id) == sorted)
    #expect(try workspace.integrityCheck() == "ok")
  }

  @Test func aStoreIsInWALModeAtTheCurrentSchemaVersion() throws {
    let workspace = try Workspace(folder: temporaryFolder(), access: .createIfMissing)
    #expect(try workspace.connection.rows("PRAGMA journal_mode").first?.first?.text == "wal")
    #expect(
      try workspace.connection.rows("PRAGMA user_version").first?.first?.integer == Int64(Schema.version))
  }

  @Test func aStoreFromANewerRotaIsRefused() throws {
    let folder = temporaryFolder()
    do {
      let workspace = try Workspace(folder: folder, access: .createIfMissing)
      try workspace.connection.execute("PRAGMA user_version = 99")
    }
    #expect(throws: StoreError.self) { try Workspace(folder: folder, access: .write) }
    do {
      _ = try Workspace(folder: folder, access: .write)
    } catch {
      #expect(error.description.contains("schema version 99"))
    }
  }

  @Test func aStoreWithoutRotasSchemaIsRefusedAndLeftAsItWas() throws {
    // Version 0 with another program's table: never "migrated" into an empty workspace.
    let folder = temporaryFolder()
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = URL(fileURLWithPath: folder).appendingPathComponent(Workspace.fileName).path
    do {
      let raw = try SQLiteConnection(path: path)
      try raw.execute("CREATE TABLE notes (text TEXT)")
    }
    for access in [WorkspaceAccess.read, .write, .createIfMissing] {
      #expect(throws: StoreError.self) { try Workspace(folder: folder, access: access) }
    }
    let raw = try SQLiteConnection(path: path)
    #expect(try raw.rows("SELECT name FROM sqlite_master").map { $0[0].text } == ["notes"])
  }

  @Test func aStoreFromBeforeTheApplicationIDIsKeptAndGivenIt() throws {
    let folder = temporaryFolder()
    do {
      let workspace = try Workspace(folder: folder, access: .createIfMissing)
      _ = try workspace.record(sampleRun())
      try workspace.connection.execute("PRAGMA application_id = 0")
    }
    #expect(try Workspace(folder: folder, access: .read).runs().count == 1)
    let workspace = try Workspace(folder: folder, access: .write)
    #expect(try workspace.runs().count == 1)
    #expect(
      try workspace.connection.rows("PRAGMA application_id").first?.first?.integer == StoreFile.applicationID)
  }

  @Test func noWorkspaceAndAFileAreRefused() throws {
    #expect(throws: StoreError.self) { try Workspace(folder: temporaryFolder(), access: .write) }
    let file = temporaryFolder()
    try "x".write(toFile: file, atomically: true, encoding: .utf8)
    #expect(throws: StoreError.self) { try Workspace(folder: file, access: .createIfMissing) }
  }

  @Test func aFailedWriteLeavesNothingBehind() throws {
    let workspace = try Workspace(folder: temporaryFolder(), access: .createIfMissing)
    _ = try workspace.record(sampleRun())
    var broken = sampleRun(cost: 200)
    broken.intervals.append(broken.intervals[0])  // the same interval twice: the key refuses it
    #expect(throws: StoreError.self) { try workspace.record(broken) }
    let runs = try workspace.runs()
    #expect(runs.count == 1 && runs[0].cost == 100)
    #expect(try workspace.connection.rows("SELECT count(*) FROM run_files").first?.first?.integer == 2)
    #expect(try workspace.connection.rows("SELECT count(*) FROM run_intervals").first?.first?.integer == 4)
  }

  @Test func publishingVersionsEachWeekAndNeverRepublishes() throws {
    let workspace = try Workspace(folder: temporaryFolder(), access: .createIfMissing)
    #expect(throws: StoreError.self) { try workspace.publish(run: nil) }
    let first = try workspace.record(sampleRun())
    let other = try workspace.record(sampleRun(week: "2026-12-14"))
    let replan = try workspace.record(sampleRun(cost: 90))
    let latest = try workspace.publish(run: nil)
    #expect(latest.runID == replan && latest.version == 1 && latest.weekStart == LocalDate(iso: "2026-12-07"))
    let earlier = try workspace.publish(run: first)
    #expect(earlier.version == 2)
    #expect(try workspace.publish(run: other).version == 1)
    #expect(throws: StoreError.self) { try workspace.publish(run: first) }
    #expect(throws: StoreError.self) { try workspace.publish(run: 999) }
    #expect(try workspace.publications().map(\.version) == [1, 2, 1])
    #expect(try workspace.runs().map(\.publishedVersion) == [2, 1, 1])
  }

  @Test func actualsReplaceEarlierImportsOfTheSameInterval() throws {
    let workspace = try Workspace(folder: temporaryFolder(), access: .createIfMissing)
    let monday = LocalDate(iso: "2026-12-07")!
    let rows = (0..<3).map {
      ActualRecord(
        channel: "phone", start: LocalDateTime(date: monday.adding(days: $0), minuteOfDay: 540), offered: 10)
    }
    #expect(try workspace.importActuals(rows, source: "a.csv") == (new: 3, replaced: 0))
    var corrected = rows[1]
    corrected.offered = 12
    corrected.abandoned = 1
    #expect(try workspace.importActuals([corrected], source: "b.csv") == (new: 0, replaced: 1))
    let read = try workspace.actuals(from: monday, until: monday.adding(days: 2))
    #expect(read == [rows[0], corrected])
  }

  @Test func concurrentWritersAllLand() throws {
    let folder = temporaryFolder()
    _ = try Workspace(folder: folder, access: .createIfMissing)
    let failures = Failures()
    DispatchQueue.concurrentPerform(iterations: 4) { writer in
      do {
        let workspace = try Workspace(folder: folder, access: .write)
        for index in 0..<5 {
          _ = try workspace.record(sampleRun(cost: Double(writer * 10 + index), intervals: 200))
        }
      } catch { failures.add("\(error)") }
    }
    #expect(failures.all.isEmpty)
    let workspace = try Workspace(folder: folder, access: .write)
    #expect(try workspace.runs().count == 20)
    #expect(try workspace.connection.rows("SELECT count(*) FROM run_intervals").first?.first?.integer == 4000)
    #expect(try workspace.integrityCheck() == "ok")
  }
}

private final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [String] = []
  func add(_ text: String) { lock.withLock { list.append(text) } }
  var all: [String] { lock.withLock { list } }
}
