// SPDX-License-Identifier: Apache-2.0
// heed-bench: the least any audit of a snapshot must do, timed: list every host folder and read
// every file in it, with POSIX calls and no parsing.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A floor for the audit benchmark. An audit of a manifest over N hosts must at least read each
/// host's signals from the snapshot; this does only that (`opendir`/`readdir` per host folder and
/// its subfolders, `open`/`read`/`close` per file, on as many threads as the audit uses) and
/// nothing else, so the audit's time can be set against what no implementation avoids as well
/// as against `wc -l`.
enum SnapshotReadFloor {
    /// Seconds to list and read every file under `root`'s host folders on `threads` threads,
    /// and the number of bytes read (kept so that the reads cannot be elided).
    static func measure(root: String, threads: Int) -> (seconds: Double, bytes: Int) {
        let hosts = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let total = Total()
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { t in
            var bytes = 0
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var h = t
            while h < hosts.count {
                bytes += readTree(root + "/" + hosts[h], depth: 0, buffer: &buffer)
                h += threads
            }
            total.add(bytes)
        }
        let seconds = BenchSupport.seconds(ContinuousClock.now - start)
        return (seconds, total.bytes)
    }

    /// The bytes read by all threads. Invariant: `value` is only touched under `lock`.
    private final class Total: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add(_ n: Int) { lock.withLock { value += n } }
        var bytes: Int { lock.withLock { value } }
    }

    /// Reads every regular file under `dir` (at most 8 levels deep); returns the bytes read.
    private static func readTree(_ dir: String, depth: Int, buffer: inout [UInt8]) -> Int {
        guard depth < 8, let handle = opendir(dir) else { return 0 }
        defer { closedir(handle) }
        var bytes = 0
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let path = dir + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) {
                bytes += readTree(path, depth: depth + 1, buffer: &buffer)
                continue
            }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n <= 0 { break }
                bytes += n
            }
            close(fd)
        }
        return bytes
    }
}
