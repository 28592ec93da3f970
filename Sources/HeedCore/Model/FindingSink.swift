// SPDX-License-Identifier: Apache-2.0
// Heed: bounded collection of findings.

/// Collects findings with a cap per code, so a hostile 20 MB file of garbage yields a bounded
/// report instead of millions of identical lines; the overflow is counted and summarized.
struct FindingSink {
    /// The most findings kept per code; further ones are only counted.
    static let capPerCode = 200

    private(set) var findings: [Finding] = []
    private var counts: [String: Int] = [:]

    mutating func add(_ finding: Finding) {
        let n = counts[finding.code, default: 0] + 1
        counts[finding.code] = n
        if n <= FindingSink.capPerCode { findings.append(finding) }
    }

    /// The findings, sorted by line (document-level first), plus one summary finding per code
    /// whose cap was reached.
    func finish() -> [Finding] {
        var out = findings
        for (code, n) in counts.sorted(by: { $0.key < $1.key }) where n > FindingSink.capPerCode {
            let severity = findings.first { $0.code == code }?.severity ?? .info
            out.append(
                Finding(
                    code: code,
                    severity: severity,
                    line: nil,
                    message: "\(n - FindingSink.capPerCode) more '\(code)' findings not listed (\(n) in all)"
                )
            )
        }
        return out.sorted { ($0.line ?? 0, $0.severity) < ($1.line ?? 0, $1.severity) }
    }
}
