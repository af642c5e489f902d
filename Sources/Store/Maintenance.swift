import Foundation
import RotaCore

extension Workspace {
  /// What ``check()`` found: SQLite's own verdict and every row Rota cannot read back.
  public struct CheckReport: Sendable {
    /// `PRAGMA integrity_check`: "ok", or what is wrong with the file's pages.
    public var integrity: String
    public var runs: Int
    public var publications: Int
    public var actuals: Int
    /// Each damaged row, naming its table, run and field.
    public var damaged: [StoreError]
    public var isWhole: Bool { integrity == "ok" && damaged.isEmpty }
  }

  /// Reads every row of the store back as Rota would, after SQLite's integrity check: a value
  /// Rota never writes is damage SQLite cannot see.
  public func check() throws(StoreError) -> CheckReport {
    let integrity = try integrityCheck()
    var (runs, damaged) = try readableRuns()
    for run in runs {
      do {
        for name in try fileNames(run: run.id) { _ = try file(name, run: run.id) }
        _ = try intervals(run: run.id)
      } catch { damaged.append(error) }
    }
    var publications = 0
    do { publications = try self.publications().count } catch { damaged.append(error) }
    var actuals = 0
    if let first = LocalDate(year: 1, month: 1, day: 1), let last = LocalDate(year: 9999, month: 12, day: 31)
    {
      do { actuals = try self.actuals(from: first, until: last).count } catch { damaged.append(error) }
    }
    return CheckReport(
      integrity: integrity, runs: runs.count, publications: publications, actuals: actuals, damaged: damaged)
  }

  /// Writes a consistent copy of the store to `destination` with SQLite's `VACUUM INTO`, safe
  /// while other runs write (a file copy of a live write-ahead-log store is not). Refuses to
  /// overwrite an existing file.
  public func backup(to destination: String) throws(StoreError) {
    if FileManager.default.fileExists(atPath: destination) {
      throw .refused(destination, "already exists; a backup never overwrites a file")
    }
    let statement = try connection.prepare("VACUUM INTO ?")
    try statement.run([.text(destination)])
  }
}
