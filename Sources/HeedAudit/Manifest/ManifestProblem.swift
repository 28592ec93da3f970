// SPDX-License-Identifier: Apache-2.0
// HeedAudit: a manifest line or record that could not be read, reported (never dropped silently).

/// A manifest line (or WARC record) that yields no URL: why, and what it looked like.
public struct ManifestProblem: Sendable, Hashable {
    /// The 1-based line number (for WARC files, the 1-based record number).
    public var line: Int
    /// What is wrong, for a human (for example `no "url" field`).
    public var message: String
    /// The start of the offending line (at most 120 bytes, invalid UTF-8 replaced, control bytes as `?`).
    public var excerpt: String

    /// Creates a problem.
    public init(line: Int, message: String, excerpt: String) {
        self.line = line
        self.message = message
        self.excerpt = excerpt
    }

    /// The excerpt shown for `bytes`: at most 120 bytes, control bytes replaced by `?`, `…` when cut.
    static func excerpt(of bytes: UnsafeBufferPointer<UInt8>) -> String {
        let limit = 120
        var clipped = [UInt8](bytes.prefix(limit))
        for i in clipped.indices where clipped[i] < 0x20 || clipped[i] == 0x7F {
            clipped[i] = UInt8(ascii: "?")
        }
        let text = String(decoding: clipped, as: UTF8.self)
        return bytes.count > limit ? text + "…" : text
    }
}
