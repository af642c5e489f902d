import Foundation

/// Reading text inputs with errors that name the file.
public enum TextFile {
  /// The file's text as UTF-8, byte-order mark removed.
  public static func read(_ path: String) throws(InputError) -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .fileNotFound(path)
    }
    guard !isDirectory.boolValue else { throw .unreadable(path, reason: "it is a directory") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(path, reason: "permission denied or I/O error")
    }
    guard var text = String(data: data, encoding: .utf8) else {
      throw .unreadable(path, reason: "not UTF-8 text")
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return text
  }
}

/// A failure to write an output.
public enum OutputError: Error, CustomStringConvertible, Equatable {
  case wouldOverwriteInput(String)
  case cannotWrite(String, reason: String)

  public var description: String {
    switch self {
    case .wouldOverwriteInput(let path): "\(path): refusing to overwrite an input file"
    case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
    }
  }
}

/// Writes outputs so that nothing is lost: to a temporary file beside the target, then
/// renamed over it, so a reader sees the old file or the new one, never half of one.
/// Only a regular file or a path that does not exist yet is replaced: a symbolic link is
/// followed, a character device or pipe (`/dev/stdout`, `/dev/null`, a FIFO) is written
/// through, and a socket, block device or directory is refused rather than swapped for a
/// file.
public enum AtomicFile {
  public static func write(_ text: String, to path: String) throws(OutputError) {
    var status = stat()
    if lstat(path, &status) == 0 {
      var kind = status.st_mode & S_IFMT
      var target = path
      if kind == S_IFLNK {
        // Written where the link points, which stays a link.
        var followed = stat()
        guard stat(path, &followed) == 0 else {
          throw .cannotWrite(path, reason: "it is a symbolic link to a file that does not exist")
        }
        kind = followed.st_mode & S_IFMT
        if kind == S_IFREG, let resolved = realpath(path, nil) {
          target = String(cString: resolved)
          free(resolved)
        }
      }
      switch kind {
      case S_IFREG where target != path:
        try write(text, to: target)
        return
      case S_IFREG: break
      case S_IFCHR, S_IFIFO:
        try writeThrough(text, to: path)
        return
      case S_IFDIR: throw .cannotWrite(path, reason: "it is a directory")
      default: throw .cannotWrite(path, reason: "it is not a regular file (a socket or block device)")
      }
    }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let temporary = "\(directory)/.\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp"
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw .cannotWrite(path, reason: error.localizedDescription)
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: temporary)
      throw .cannotWrite(path, reason: reason)
    }
  }

  /// Writes to an existing character device or pipe in place, every byte checked; a pipe
  /// nobody reads is an error, not a wait.
  static func writeThrough(_ text: String, to path: String) throws(OutputError) {
    let descriptor = open(path, O_WRONLY | O_NONBLOCK)
    guard descriptor >= 0 else {
      throw .cannotWrite(
        path, reason: errno == ENXIO ? "nobody reads the pipe" : String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
      guard count > 0 else { throw .cannotWrite(path, reason: String(cString: strerror(errno))) }
      written += count
    }
  }

  /// Throws when a path in `outputs` names one of `inputs` (links and `..` resolved): a run
  /// never writes over what it read.
  public static func refuse(overwriting inputs: [String], with outputs: [String]) throws(OutputError) {
    let protected = Set(inputs.map(canonicalPath))
    if let clash = outputs.first(where: { protected.contains(canonicalPath($0)) }) {
      throw .wouldOverwriteInput(clash)
    }
  }

  /// Writes each file atomically, after checking that none of them is an input.
  ///
  /// A run of several files into a folder marks the folder with ``incompleteMarker`` until
  /// the last file is in place, so a run killed half-way leaves a folder that says it holds
  /// two runs' files (``isIncomplete(_:)``); the temporaries a killed run left are removed.
  public static func write(_ files: [(path: String, text: String)], protecting inputs: [String])
    throws(OutputError)
  {
    try refuse(overwriting: inputs, with: files.map(\.path))
    let folders = Set(files.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path })
    let ordinary = files.allSatisfy { file in
      var status = stat()
      return lstat(file.path, &status) != 0 || status.st_mode & S_IFMT == S_IFREG
    }
    let markers = files.count > 1 && ordinary ? folders.sorted().map { $0 + "/" + incompleteMarker } : []
    for marker in markers {
      try write(
        "A Rota run began writing this folder and has not finished: its files may mix two runs.\n", to: marker
      )
    }
    for file in files {
      removeStaleTemporaries(of: file.path)
      try write(file.text, to: file.path)
    }
    for marker in markers { unlink(marker) }
  }

  /// The file a folder holds while a run writes into it (see ``write(_:protecting:)``).
  public static let incompleteMarker = ".rota-incomplete"

  /// Whether the folder holding `path` was left by a run that did not finish writing it.
  public static func isIncomplete(_ path: String) -> Bool {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    return FileManager.default.fileExists(atPath: folder + "/" + incompleteMarker)
  }

  /// Removes `.NAME.PID.tmp` files beside `path` that a killed run left.
  static func removeStaleTemporaries(of path: String) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    let prefix = ".\(url.lastPathComponent)."
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
      let pid = name.dropFirst(prefix.count).dropLast(4)
      // A temporary of a run still alive is that run's to rename.
      if let number = Int32(pid), number != getpid(), kill(number, 0) == 0 { continue }
      unlink(folder + "/" + name)
    }
  }

  /// The canonical absolute path, for comparing outputs with inputs.
  public static func canonicalPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
