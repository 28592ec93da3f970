// SPDX-License-Identifier: Apache-2.0
// Heed: which RSL references and <content> elements apply to a path, as a small integer (for the
// auditor's verdict memo).
// Spec: RSL 1.0 §3.1 (content@url scopes), §4.9 (licence discovery); selection as `RSLSource`.

extension RSLSource {
    /// The path-dependent parts of `statements(for:)` for one host, prepared once.
    ///
    /// `statements(for:)` depends on the query's path through (1) which page-scoped references
    /// name the URL (`sameResource`) and (2) which `<content>` elements of each document match it;
    /// the rest is fixed by the crawler's groups and the host. The signature has one bit per
    /// candidate of each, so equal signatures give statements that differ at most in the text of
    /// `unknown` ones ("no <content> matches <path>"), which no verdict cites.
    package struct SignatureProbe: Sendable {
        /// The normalized paths of the page-scoped references that can name this host.
        let scopes: [[UInt8]]
        /// Every `<content>` scope of every valid document.
        let contents: [RSLContentScope]
        /// The host queries are made for (lower case, no port).
        let host: String?

        /// The signature of `path` (normalized, as `SignalQuery.path`).
        package func signature(_ path: [UInt8]) -> Int {
            var mask = 0
            var bit = 0
            for scope in scopes {
                if scope == path { mask |= 1 << bit }
                bit += 1
            }
            for content in contents {
                if content.matches(host: host, path: path) { mask |= 1 << bit }
                bit += 1
            }
            return mask
        }
    }

    /// The probe for URLs whose host (`RSLURL.host(of:)` of the query URL) is `host`, or `nil`
    /// when there are more than 62 candidates.
    package func signatureProbe(host: String?) -> SignatureProbe? {
        var scopes: [[UInt8]] = []
        for ref in references {
            guard let scope = ref.scope else { continue }
            if let a = RSLURL.host(of: scope), let host, a != host { continue }
            scopes.append(RobotsPath.normalizedURLPath(scope))
        }
        var contents: [RSLContentScope] = []
        for url in documents.keys.sorted() {
            guard let doc = documents[url], doc.isValid else { continue }
            contents += doc.contents.map { RSLContentScope($0.url) }
        }
        guard scopes.count + contents.count <= 62 else { return nil }
        return SignatureProbe(scopes: scopes, contents: contents, host: host)
    }
}
