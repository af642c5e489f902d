import Forecasting
import RotaCore

extension Scenario {
  /// Reads `special_days`: per date, a name (`2026-11-27: black_friday`), or a mapping with
  /// the name and either a `multiplier` of a usual day's contacts or `closed: true`. Closed
  /// days are returned apart: they are holidays, planned and forecast as closed.
  static func parseSpecialDays(_ value: YAMLValue) throws(InputError) -> (
    named: [LocalDate: SpecialDay], closed: Set<LocalDate>
  ) {
    var named: [LocalDate: SpecialDay] = [:]
    var closed: Set<LocalDate> = []
    for (key, entry) in try value.mapping() {
      guard let date = LocalDate(iso: key.trimmingWhitespace()) else {
        throw entry.fail("'\(key)' is not a date like 2026-12-24")
      }
      if entry.node.scalar != nil {
        let name = try entry.string().trimmingWhitespace()
        guard !name.isEmpty else { throw entry.fail("a special day needs a name") }
        named[date] = SpecialDay(name: String(name))
        continue
      }
      let fields = try entry.fields(allowed: ["multiplier", "closed"], required: ["name"])
      let name = try fields["name"]!.string().trimmingWhitespace()
      guard !name.isEmpty else { throw fields["name"]!.fail("a special day needs a name") }
      if try fields["closed"]?.bool() == true {
        if let multiplier = fields["multiplier"] {
          throw multiplier.fail("a closed day has no multiplier")
        }
        closed.insert(date)
        continue
      }
      let multiplier = try fields["multiplier"]?.double(
        in: 0...SpecialDay.largestMultiplier,
        "0 to \(Int(SpecialDay.largestMultiplier)) times a usual day's contacts")
      named[date] = SpecialDay(name: String(name), multiplier: multiplier)
    }
    return (named, closed)
  }
}
