// SPDX-License-Identifier: Apache-2.0
// Heed: bounded collection of findings.

/// Collects findings with a cap per code, so a hostile 20 MB file of garbage yields a bounded
/// report instead of millions of identical lines; the overflow is counted and summarized.
///
/// A parser on a hot path can add a `Deferred` record instead of a `Finding`: a few integers
/// kept in order with the built findings, made into a `Finding` by the closure given to
/// `finish(_:)`, so a finding nobody reads costs no message or excerpt `String`.
struct FindingSink: Sendable {
    /// The most findings kept per code; further ones are only counted.
    static let capPerCode = 200

    /// A finding kept in compact form: `kind` and the integers are the adding parser's own
    /// (typically a byte range of its source); `code`, `severity` and `line` are the finding's.
    struct Deferred: Sendable {
        var code: String
        var severity: Severity
        var line: Int
        var kind: UInt8
        var start: Int
        var end: Int
        var extra: Int
    }

    private enum Entry: Sendable {
        case built(Finding)
        case deferred(Deferred)
    }

    private var entries: [Entry] = []
    /// Findings seen per code, in first-seen order: a file has few codes, and a linear scan over
    /// literal codes is cheaper than hashing each one.
    private var counts: [(code: String, count: Int)] = []

    /// The findings kept so far (deferred ones excluded), in the order they were added.
    var findings: [Finding] {
        entries.compactMap {
            if case .built(let finding) = $0 { return finding }
            return nil
        }
    }

    /// Counts `code` and says whether a finding with it is still kept.
    private mutating func admit(_ code: String) -> Bool {
        for i in counts.indices where counts[i].code == code {
            counts[i].count += 1
            return counts[i].count <= FindingSink.capPerCode
        }
        counts.append((code, 1))
        return true
    }

    mutating func add(_ finding: Finding) {
        if admit(finding.code) { entries.append(.built(finding)) }
    }

    /// Adds a finding to be made by `finish(_:)`'s closure.
    mutating func add(deferred: Deferred) {
        if admit(deferred.code) { entries.append(.deferred(deferred)) }
    }

    /// The findings, sorted by line (document-level first), plus one summary finding per code
    /// whose cap was reached. For a sink without deferred findings.
    func finish() -> [Finding] {
        finish { d in Finding(code: d.code, severity: d.severity, line: d.line, message: d.code) }
    }

    /// The findings, deferred ones made by `make`, sorted by line (document-level first), plus
    /// one summary finding per code whose cap was reached.
    func finish(_ make: (Deferred) -> Finding) -> [Finding] {
        var out: [Finding] = []
        out.reserveCapacity(entries.count)
        var severities: [String: Severity] = [:]
        for entry in entries {
            let finding: Finding
            switch entry {
            case .built(let f): finding = f
            case .deferred(let d): finding = make(d)
            }
            if severities[finding.code] == nil { severities[finding.code] = finding.severity }
            out.append(finding)
        }
        for (code, n) in counts.sorted(by: { $0.code < $1.code }) where n > FindingSink.capPerCode {
            out.append(
                Finding(
                    code: code,
                    severity: severities[code] ?? .info,
                    line: nil,
                    message: "\(n - FindingSink.capPerCode) more '\(code)' findings not listed (\(n) in all)"
                )
            )
        }
        return out.sorted { ($0.line ?? 0, $0.severity) < ($1.line ?? 0, $1.severity) }
    }
}
