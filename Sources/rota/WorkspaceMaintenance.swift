import ArgumentParser
import Foundation
import Store

struct WorkspaceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "workspace",
    abstract: "Check a workspace's store, or back it up.",
    subcommands: [Check.self, Backup.self])

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check that every run, publication and actual in a workspace reads back whole.",
      discussion: """
        Runs SQLite's integrity check, then reads every row as Rota would: a value Rota never \
        writes (a date that is not a date, a missing field) is damage SQLite cannot see. Exits 1 \
        when anything is wrong, listing each damaged row by table, run and field. Never writes.

        Example:
          rota workspace check --workspace planning/
        """)

    @Option(help: ArgumentHelp("Workspace folder.", valueName: "folder"))
    var workspace: String

    func run() throws {
      let store = try openWorkspace(workspace, .read)
      let report: Workspace.CheckReport
      do { report = try store.check() } catch { throw fail(.store(error)) }
      write(
        "\(store.path): SQLite integrity \(report.integrity); \(report.runs) readable runs, "
          + "\(report.publications) publications, \(report.actuals) interval actuals")
      for error in report.damaged { FileHandle.standardError.write(Data("error: \(error)\n".utf8)) }
      if !report.isWhole { throw ExitCode(1) }
    }
  }

  struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a consistent copy of a workspace's store, safe while runs are writing.",
      discussion: """
        Copies with SQLite's VACUUM INTO: the copy is one database file, whole, even while \
        another run writes. Do not copy rota.sqlite with cp while Rota may be running: its \
        write-ahead log (rota.sqlite-wal) holds the newest runs, and a store and a log from \
        different moments lose runs. To move a workspace, back it up and open the copy as \
        FOLDER/rota.sqlite. Never overwrites a file.

        Example:
          rota workspace backup --workspace planning/ backups/rota-2026-12-08.sqlite
        """)

    @Option(help: ArgumentHelp("Workspace folder.", valueName: "folder"))
    var workspace: String

    @Argument(help: "The backup file to write (must not exist).")
    var destination: String

    func run() throws {
      let store = try openWorkspace(workspace, .read)
      do { try store.backup(to: destination) } catch { throw fail(.store(error)) }
      write("Backed up \(store.path) to \(destination)")
    }
  }
}
