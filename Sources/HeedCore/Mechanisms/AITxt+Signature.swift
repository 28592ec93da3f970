// SPDX-License-Identifier: Apache-2.0
// Heed: which ai.txt rule decides a path, as a small integer (for the auditor's verdict memo).
// Spec: Spawning ai.txt (robots.txt-style groups, longest match).

extension AITxtSource {
    /// Identifies the ai.txt rule that decides `path` (normalized, as `SignalQuery.path`) for
    /// `agent`: its 1-based line, `-1` for none, `0` when the file states no policy. Equal values
    /// give the same `statements(for:)`.
    package func decidingSignature(agent: ProductToken, path: [UInt8]) -> Int {
        guard let file, file.kind == .policy else { return 0 }
        return file.rule(for: agent, path: path)?.line ?? -1
    }
}
