import Forecasting
import Foundation
import RotaCore
import Store

/// Actual interval volumes for a workspace, read the way the scenario reads its history: the
/// plain `timestamp,channel,volume` format or, with `planning.history` as a mapping, the ACD's
/// interval report (offered, handled, abandoned, handle time and achieved service level per
/// queue, summed per channel).
public enum ActualsImport {
  /// The file's actuals on the scenario's grid. Open intervals without a row had no contacts,
  /// as for a history, up to the file's last row: the rest of a day still under way is not
  /// known yet.
  public static func read(_ path: String, scenario: Scenario) throws(PlanError) -> [ActualRecord] {
    var source = scenario
    source.historyFile = path
    source.historyFileLocation = nil
    let contacts = try PlanPipeline.contactHistories(source)
    let volumes = try PlanPipeline.histories(source, contacts: contacts, untilLastRow: true)
    var records: [ActualRecord] = []
    for channel in volumes.keys.sorted() {
      let detail = contacts[channel]
      for (start, offered) in volumes[channel]!.volumes.sorted(by: { $0.key < $1.key }) {
        let handled = detail?.handled[start]
        let total = detail?.handleSeconds[start]
        records.append(
          ActualRecord(
            channel: channel, start: start, offered: offered, handled: handled,
            abandoned: detail?.abandoned[start],
            ahtSeconds: total.flatMap { total in handled.flatMap { $0 > 0 ? total / $0 : nil } },
            serviceLevel: detail?.serviceLevel(at: start)))
      }
    }
    return records
  }
}
