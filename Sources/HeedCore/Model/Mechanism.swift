// SPDX-License-Identifier: Apache-2.0
// Heed: the mechanisms a statement can come from (SIGNALS.md §11.1 provenance list).

/// Where a statement was made: which spec, in which kind of document. Stable strings, used in
/// JSON output and reports.
public enum Mechanism: String, Sendable, Codable, CaseIterable {
    /// robots.txt `Allow`/`Disallow` for a crawler (access; RFC 9309).
    case robotsAccess = "robots.access"
    /// robots.txt rules for a control token such as `Google-Extended` (a use preference).
    case robotsControlToken = "robots.control-token"
    /// robots.txt rules for a crawler whose documented purpose is one use (implied preference).
    case robotsImplied = "robots.implied"
    /// robots.txt `Content-Usage` (draft-ietf-aipref-attach §3).
    case robotsContentUsage = "robots.content-usage"
    /// robots.txt `Content-Signal` (Cloudflare Content Signals Policy).
    case robotsContentSignal = "robots.content-signal"
    /// HTTP `Content-Usage` header (draft-ietf-aipref-attach §2).
    case httpContentUsage = "http.content-usage"
    /// RSL licence document (RSL 1.0), from robots.txt `License:`, a `Link` header or HTML.
    case rsl
    /// W3C TDMRep `/.well-known/tdmrep.json`.
    case tdmrepJSON = "tdmrep.json"
    /// W3C TDMRep `tdm-reservation` / `tdm-policy` HTTP headers.
    case tdmrepHeader = "http.tdm-reservation"
    /// W3C TDMRep HTML meta.
    case tdmrepMeta = "html.meta-tdm"
    /// `X-Robots-Tag` header with `noai` / `noimageai` and related tokens.
    case xRobotsTag = "http.x-robots-tag"
    /// `<meta name="robots">` (or a crawler's name) with `noai` and related tokens.
    case metaRobots = "html.meta-robots"
    /// copyright.sh `<meta name="ai-license">`.
    case aiLicense = "html.ai-license"
    /// Spawning `ai.txt`.
    case aiTxt = "ai.txt"
}
