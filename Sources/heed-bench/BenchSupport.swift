// SPDX-License-Identifier: Apache-2.0
// heed-bench: timing, round statistics, peak RSS and the machine description shared by benchmarks.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The times of repeated rounds of one measurement, in seconds.
struct RoundTimes: Sendable {
    /// One entry per round, in run order.
    var seconds: [Double]

    /// The fastest round.
    var best: Double { seconds.min() ?? .nan }

    /// The median round (mean of the two middle rounds for an even count).
    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// Timing, process and formatting helpers shared by the benchmarks.
enum BenchSupport {
    /// Runs `body` once and returns its result with the elapsed `ContinuousClock` time in seconds.
    static func time<T>(_ body: () throws -> T) rethrows -> (result: T, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        return (result, seconds(clock.now - start))
    }

    /// A `Duration` in seconds.
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// The peak resident set size of this process in KiB (`ru_maxrss`, KiB on Linux).
    static func peakRSSKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }

    /// `uname -m`, the online core count and, on Linux, the CPU model.
    static func machine() -> String {
        var names = utsname()
        uname(&names)
        let arch = withUnsafeBytes(of: &names.machine) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        var text = "\(arch), \(ProcessInfo.processInfo.activeProcessorCount) cores"
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        {
            text += ", " + line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return text
    }

    /// Writes a line to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// A rate with a k/M suffix: `12.3M`, `845k`, `912`.
    static func rate(_ value: Double) -> String {
        if !value.isFinite { return "-" }
        if value >= 1e6 { return String(format: "%.2fM", value / 1e6) }
        if value >= 1e3 { return String(format: "%.0fk", value / 1e3) }
        return String(format: "%.0f", value)
    }

    /// An integer with thousands separators: `111,215`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// `text` padded with spaces to `width` columns, on the left when `right` is true.
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}

/// A benchmark setup failure, with a message for the user.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A child process timed from spawn to exit, with its own peak memory (`wait4`'s `ru_maxrss`).
enum ChildProcess {
    /// How a child ran.
    struct Result {
        var status: Int32
        var seconds: Double
        var peakRSSKiB: Int
    }

    /// Runs `path arguments` with stdin from /dev/null and stdout and stderr to the given files.
    static func run(_ path: String, _ arguments: [String], stdout: String, stderr: String) throws -> Result {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(path): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = BenchSupport.seconds(clock.now - start)
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: code, seconds: seconds, peakRSSKiB: Int(usage.ru_maxrss))
    }

    /// The first executable `name` on `PATH`.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
