import Foundation
import RotaCore
import Scheduling
import Store

/// A week's published roster read back from a workspace, with what its calendar needs from
/// the versions before it.
public enum PublishedRoster {
  /// The latest published version of `week` (of the latest week published when nil).
  public static func latest(_ workspace: Workspace, week: LocalDate?, scenario: Scenario) throws(PlanError)
    -> (
      roster: Roster, publication: Publication, versions: CalendarVersions
    )
  {
    let publications: [Publication]
    do { publications = try workspace.publications() } catch { throw .store(error) }
    guard let chosenWeek = week ?? publications.map(\.weekStart).max() else {
      throw .store(.refused(workspace.path, "nothing published yet (rota publish)"))
    }
    let ofWeek = publications.filter { $0.weekStart == chosenWeek }.sorted { $0.version < $1.version }
    guard let last = ofWeek.last else {
      throw .store(.refused(workspace.path, "nothing published for the week of \(chosenWeek)"))
    }
    var weekScenario = scenario
    weekScenario.planStart = chosenWeek
    var rosters: [Roster] = []
    for publication in ofWeek {
      let text: String?
      do { text = try workspace.file("roster.csv", run: publication.runID) } catch { throw .store(error) }
      guard let text else {
        throw .store(.refused(workspace.path, "run \(publication.runID) has no roster.csv"))
      }
      do {
        rosters.append(
          try RosterFile.read(
            CSVTable(text: text, file: "\(workspace.path) run \(publication.runID) roster.csv"),
            scenario: weekScenario))
      } catch { throw .input(error) }
    }
    return (rosters.last!, last, CalendarVersions(versions: rosters, publishedAt: last.publishedAt))
  }
}
