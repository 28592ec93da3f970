// SPDX-License-Identifier: Apache-2.0
// HeedStore: reading a snapshot's files with POSIX calls (opendir/readdir, open/fstat/read).
// Spec: POSIX.1-2017 readdir(3), open(2), fstat(2), read(2).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// File access for snapshots without Foundation's `URL` and `FileManager` on every call.
///
/// Why: an audit opens a few files for each of up to hundreds of thousands of hosts, and
/// Foundation's enumerator and resource values cost ~100 µs per host on Linux, more than parsing
/// the files. Only regular files are listed and read; symbolic links are skipped, so a snapshot
/// can never point a lookup outside its folder.
enum SnapshotFiles {
    /// What one host folder holds: the relative paths of bodies and of `.headers` sidecars.
    struct Listing: Sendable {
        /// Relative paths of the stored bodies (sidecars excluded).
        var bodies: Set<String> = []
        /// Relative paths of the bodies that have a `.headers` sidecar.
        var withHeaders: Set<String> = []
    }

    /// Whether `path` is a directory (following symbolic links, as a snapshot root may be one).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` is a regular file (following symbolic links).
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Lists the regular files under `dir`, recursively, or `nil` when `dir` is not a directory.
    /// Depth is bounded (32 levels) so a pathological tree cannot recurse without end.
    static func list(_ dir: String) -> Listing? {
        guard isDirectory(dir) else { return nil }
        var names: [String] = []
        walk(dir, prefix: "", depth: 0, into: &names)
        var listing = Listing()
        var sidecars: [String] = []
        for name in names {
            if name.hasSuffix(".headers") {
                sidecars.append(String(name.dropLast(".headers".count)))
            } else {
                listing.bodies.insert(name)
            }
        }
        for body in sidecars where listing.bodies.contains(body) { listing.withHeaders.insert(body) }
        return listing
    }

    private static func walk(_ dir: String, prefix: String, depth: Int, into names: inout [String]) {
        guard depth < 32, let handle = opendir(dir) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<length]), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var kind = entry.pointee.d_type
            let full = dir + "/" + name
            if kind == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: kind = UInt8(DT_DIR)
                case S_IFREG: kind = UInt8(DT_REG)
                default: continue
                }
            }
            if kind == UInt8(DT_DIR) {
                walk(full, prefix: prefix + name + "/", depth: depth + 1, into: &names)
            } else if kind == UInt8(DT_REG) {
                names.append(prefix + name)
            }
        }
    }

    /// Reads up to `maxBytes` of the regular file at `path`; `nil` when it cannot be opened or read.
    static func readFile(_ path: String, maxBytes: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        // Sized from fstat, but read until end of file (it may have grown) within the cap. Past the
        // fstat size, reads go through a small buffer first: growing `out` itself would reserve (and
        // copy into) twice the file's size only to find the end of file, doubling the peak memory
        // of a large file.
        var out = [UInt8](repeating: 0, count: min(max(Int(info.st_size), 0), maxBytes))
        var filled = 0
        while filled < out.count {
            let room = out.count - filled
            let start = filled
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + start, room) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            filled += n
        }
        out.removeLast(out.count - filled)
        // The probe buffer is uninitialized scratch space: zero-filling 64 KiB for every file read
        // (almost all of which end at their fstat size) was 10% of an audit's instructions.
        let complete = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65536) { probe -> Bool in
            while filled == out.count, out.count < maxBytes {
                let want = min(probe.count, maxBytes - out.count)
                let n = read(fd, probe.baseAddress!, want)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                if n == 0 { break }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: probe[0..<n]))
                filled += n
            }
            return true
        }
        guard complete else { return nil }
        return out
    }
}
