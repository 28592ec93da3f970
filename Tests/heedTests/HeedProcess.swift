// SPDX-License-Identifier: Apache-2.0
// heed tests: running the built `heed` binary in a child process.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the `heed` executable built beside the test bundle (or another program: the browser of
/// the report checks), with stdout and stderr captured in temporary files.
///
/// Why a child process: `heed crawl`, `check` and `demo` wait for their async fetches with a
/// semaphore, which is right on a program's main thread but deadlocks when two Swift Testing
/// tests block the two threads of the cooperative pool at once. `waitpid` blocks only this
/// thread and needs nothing from the pool. (Foundation's `Process.waitUntilExit` spins off the
/// main thread on Linux, so this uses `posix_spawn`.)
enum HeedProcess {
    /// The `heed` binary: next to the test bundle in `.build/<triple>/<config>/`.
    static var binary: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        return bundle.appendingPathComponent("heed").path
    }

    /// How long a child may run before it is killed: a hung child fails its test instead of hanging the suite.
    static let deadline: Duration = .seconds(180)

    /// Runs `heed args` and returns the exit status, stdout and stderr. A child still running after `deadline`
    /// is killed with SIGKILL and reported as status 137 with a note on stderr; so is one for which
    /// `killWhen` (polled every 2 ms) returns true, without the note (a test killing it on purpose).
    static func run(
        _ args: [String],
        executable: String? = nil,
        killWhen: () -> Bool = { false }
    ) -> (status: Int32, stdout: String, stderr: String) {
        let r = measured(args, executable: executable, killWhen: killWhen)
        return (r.status, r.stdout, r.stderr)
    }

    /// `run`, also returning the child's peak resident set size in KiB: `VmHWM` of
    /// `/proc/<pid>/status`, read at every poll while the child runs (every 2 ms), the last value read.
    ///
    /// Why not `ru_maxrss` from `wait4`: `posix_spawn` starts the child with `vfork` semantics, in
    /// this test process's address space, and Linux folds the high-water mark of the address space
    /// a process leaves at `exec` into its `maxrss`; so `ru_maxrss` is at least this test process's
    /// own RSS (141 MB measured) whatever the child uses. `VmHWM` belongs to the address space `exec`
    /// made. The last poll comes at most 2 ms before the child ends; what runs then is the exit,
    /// which frees memory, so the value read is the peak.
    static func measured(
        _ args: [String],
        executable: String? = nil,
        killWhen: () -> Bool = { false }
    ) -> (status: Int32, stdout: String, stderr: String, maxRSSKiB: Int) {
        let binary = executable ?? Self.binary
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-proc-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let err = dir.appendingPathComponent("err").path
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([binary] + args).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else {
            return (127, "", "cannot start \(binary)", 0)
        }
        var status: Int32 = 0
        var peak = 0
        let clock = ContinuousClock()
        let giveUp = clock.now + deadline
        var killed = false
        var onPurpose = false
        while true {
            peak = max(peak, highWaterMark(pid))
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid || (done < 0 && errno != EINTR) { break }
            if !killed && clock.now > giveUp {
                kill(pid, SIGKILL)
                killed = true
            }
            if !killed && !onPurpose && killWhen() {
                kill(pid, SIGKILL)
                onPurpose = true
            }
            usleep(2_000)
        }
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let read = { (path: String) in
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
        let note = killed ? "\n\(binary) \(args.joined(separator: " ")) was killed after \(deadline)\n" : ""
        return (code, read(out), read(err) + note, peak)
    }

    /// `VmHWM` of a running process, in KiB; 0 when it cannot be read (the process has ended).
    static func highWaterMark(_ pid: pid_t) -> Int {
        // /proc files report size 0: read until end of file, not by size.
        let fd = open("/proc/\(pid)/status", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
    }
}
