// SPDX-License-Identifier: Apache-2.0
// Heed: which tdmrep.json entry decides a path, as a small integer (for the auditor's verdict memo).
// Spec: W3C TDMRep CG report §3 (the first matching entry of /.well-known/tdmrep.json applies).

extension TDMRepSource {
    /// For a site-level source (no page headers or meta): the index of the `tdmrep.json` entry
    /// that decides `path` (normalized, as `SignalQuery.path`), `-1` when none does. Equal values
    /// give the same `statements(for:)`. `nil` for a page-level source, whose headers and meta
    /// also decide.
    package func siteSignature(path: [UInt8]) -> Int? {
        guard header == nil, meta == nil else { return nil }
        return file?.rule(matching: path)?.index ?? -1
    }
}
