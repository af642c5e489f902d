import Foundation
import RosterBench

/// The public instances of `roster-bench`: each planned on its own with the given time limit,
/// its solution written to `out`, then recomputed by the instances' own checker, and set
/// against the best bound and best known objective of their `BOUNDS.md`.
///
/// Arguments: `dir=PATH` (default `../shared/roster-bench`), `out=PATH` (default
/// `/tmp/roster-bench`), `time=S` (default 60), and instance names to run only those. Each
/// instance goes through the product: written as a scenario
/// (``RosterBenchFormat/scenarioFiles(_:)``; a tour agent is a person of an optional contract
/// with whole weeks), scheduled by the `rota` executable beside this one (`rota schedule`, the
/// pipeline a planner runs), and its roster.csv turned back into a solution for the checker.
/// `pool=N` puts N times the people on the books (a roster must not get dearer with more of
/// them).
func rosterBench(_ arguments: [String]) throws {
  func value(_ key: String) -> String? {
    arguments.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
  }
  let directory = value("dir") ?? "../shared/roster-bench"
  let out = value("out") ?? "/tmp/roster-bench"
  guard let timeLimit = Double(value("time") ?? "60"), timeLimit > 0, timeLimit <= 3600 else {
    throw BenchmarkError.mismatch("time= takes 0 to 3600 seconds")
  }
  guard let pool = Int(value("pool") ?? "1"), (1...16).contains(pool) else {
    throw BenchmarkError.mismatch("pool= takes 1 to 16 times the people on the books")
  }
  let only = Set(arguments.filter { !$0.contains("=") })
  try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
  // Instances without published bounds (a set of one's own) are measured by Rota's own bound.
  let boundsPath = directory + "/BOUNDS.md"
  let known =
    FileManager.default.fileExists(atPath: boundsPath)
    ? try bounds(String(contentsOfFile: boundsPath, encoding: .utf8)) : [:]
  let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/instances")
    .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  print(
    "roster-bench: \(directory), time limit \(timeLimit) s, gap = (objective − best bound) / objective, best bound = the higher of BOUNDS.md's and Rota's own"
  )
  print(
    "| instance | objective (checker) | printed | own bound | gap to best bound | gap to best known | seconds | short agent-intervals | status |"
  )
  print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
  var gaps: [Double] = []
  for name in names where only.isEmpty || only.contains(name) {
    let path = "\(directory)/instances/\(name).json"
    let instance = try RosterBenchFormat.readInstance(path)
    if let gap = try throughScenario(
      instance, path: path, checker: directory + "/check_solution.py", out: out, timeLimit: timeLimit,
      pool: pool, best: known[name])
    {
      gaps.append(gap)
    }
  }
  if !gaps.isEmpty {
    let sorted = gaps.sorted()
    let median =
      sorted.count % 2 == 1
      ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    print(
      String(format: "median gap to the best bound %.2f%%, worst %.2f%%", median * 100, sorted.last! * 100))
  }
}

/// One instance through a scenario and `rota schedule`: prints its row (or why it has no
/// scenario form) and returns its gap to the best bound.
func throughScenario(
  _ instance: RosterBenchFormat.Instance, path: String, checker: String, out: String, timeLimit: Double,
  pool: Int = 1, best: (bound: Double, known: Double)?
) throws -> Double? {
  let name = instance.name
  let files: [String: String]
  do { files = try RosterBenchFormat.scenarioFiles(instance, pool: pool) } catch {
    print("| \(name) | no scenario: \(error.description) | | | | | | |")
    return nil
  }
  let folder = "\(out)/\(name)-scenario"
  try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  for (file, text) in files { try text.write(toFile: "\(folder)/\(file)", atomically: true, encoding: .utf8) }
  let rota = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("rota")
  let process = Process()
  process.executableURL = rota
  process.currentDirectoryURL = URL(fileURLWithPath: folder)
  process.arguments = [
    "schedule", "--requirements", "requirements.csv", "--scenario", "scenario.yaml", "--out", "roster",
    "--format", "json", "--time-limit", String(timeLimit),
  ]
  let pipe = Pipe()
  process.standardOutput = pipe
  let clock = ContinuousClock.now
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  let seconds = (ContinuousClock.now - clock).seconds
  guard process.terminationStatus == 0,
    let summary = try JSONSerialization.jsonObject(with: data) as? [String: Any],
    let printed = (summary["objective"] as? NSNumber)?.doubleValue
  else { throw BenchmarkError.mismatch("\(name): rota schedule exited \(process.terminationStatus)") }
  let solutionPath = "\(out)/\(name)__rota-schedule.json"
  try RosterBenchFormat.solution(fromRoster: "\(folder)/roster/roster.csv", instance: instance)
    .write(toFile: solutionPath, atomically: true, encoding: .utf8)
  let checked = try check(checker: checker, instance: path, solution: solutionPath)
  guard checked.feasible else { throw BenchmarkError.mismatch("\(name): the checker rejects the solution") }
  let open =
    try String(contentsOfFile: "\(folder)/roster/open-shifts.csv", encoding: .utf8)
    .split(separator: "\n").count - 1
  // Rota's cost with the fold's constant is the instance's objective when no shift is open.
  let translated = printed + RosterBenchFormat.objectiveOffset(instance)
  let bound = (summary["bound"] as? NSNumber).map {
    $0.doubleValue + RosterBenchFormat.objectiveOffset(instance)
  }
  if open == 0, abs(checked.objective - translated) > 0.01 {
    throw BenchmarkError.mismatch("\(name): printed \(translated), the checker \(checked.objective)")
  }
  let gapBound = bestBound(best?.bound, bound).map { (checked.objective - $0) / checked.objective }
  let gapKnown = best.map { (checked.objective - $0.known) / checked.objective }
  func percent(_ value: Double?) -> String { value.map { String(format: "%.2f%%", $0 * 100) } ?? "—" }
  print(
    "| \(name) | \(String(format: "%.2f", checked.objective)) | \(String(format: "%.2f", translated)) | "
      + "\(bound.map { String(format: "%.2f", $0) } ?? "—") | \(percent(gapBound)) | \(percent(gapKnown)) | "
      + "\(String(format: "%.1f", seconds)) | \(checked.under) (\(open) open) | \(summary["status"] as? String ?? "—") |"
  )
  return gapBound
}

/// The higher of the published bound and Rota's own: both bound every solution.
func bestBound(_ published: Double?, _ own: Double?) -> Double? {
  switch (published, own) {
  case (let a?, let b?): max(a, b)
  case (let a?, nil): a
  case (nil, let b): b
  }
}

/// Best bound and best known objective per instance, from the table in `BOUNDS.md`.
func bounds(_ text: String) throws -> [String: (bound: Double, known: Double)] {
  var result: [String: (bound: Double, known: Double)] = [:]
  for line in text.split(separator: "\n") where line.hasPrefix("| P") {
    let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    func number(_ cell: String) -> Double? {
      Double(cell.split(separator: " ").first.map { $0.replacingOccurrences(of: ",", with: "") } ?? "")
    }
    guard cells.count >= 4, let bound = number(cells[2]), let known = number(cells[3]) else { continue }
    result[cells[0]] = (bound, known)
  }
  return result
}

/// The checker's verdict on a solution file.
func check(checker: String, instance: String, solution: String) throws -> (
  feasible: Bool, objective: Double, under: Int
) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", checker, instance, solution, "--json"]
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
    throw BenchmarkError.mismatch("the checker printed no JSON")
  }
  return (
    object["feasible"] as? Bool ?? false, (object["objective"] as? NSNumber)?.doubleValue ?? .nan,
    (object["under_agent_intervals"] as? NSNumber)?.intValue ?? -1
  )
}
