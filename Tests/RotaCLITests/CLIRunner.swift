import Foundation
import Testing

/// Runs the built `rota` executable as a planner would.
struct CLIRunner {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static let defaultScenario = repositoryRoot.appendingPathComponent("scenarios/default/scenario.yaml").path

  static var executable: URL {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
      Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
    ].map { $0.appendingPathComponent("rota") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
  }

  /// Runs `rota` with `arguments`, or with `shell` the arguments by `/bin/sh` (for
  /// redirections and limits; the script finds the executable as `$0`).
  static func run(_ arguments: [String], in folder: URL? = nil, shell: Bool = false) throws -> Result {
    let process = Process()
    process.executableURL = shell ? URL(fileURLWithPath: "/bin/sh") : executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting so that a full pipe cannot stall the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// A fresh temporary folder, removed by the caller.
  static func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rota-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// A fresh temporary folder holding `files` (name → text), removed by the caller.
  static func folder(with files: [String: String]) throws -> URL {
    let folder = try temporaryFolder()
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return folder
  }

  /// A copy of the default scenario's folder, to break one thing in.
  static func copyOfDefaultScenario() throws -> URL {
    let folder = try temporaryFolder()
    let source = repositoryRoot.appendingPathComponent("scenarios/default")
    for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
      try FileManager.default.copyItem(
        at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
    }
    return folder
  }
}
