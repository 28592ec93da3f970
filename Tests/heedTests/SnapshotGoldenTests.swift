// SPDX-License-Identifier: Apache-2.0
// heed tests: `heed explain --json` over the real-site snapshots in Corpus/snapshots/real/, against
// expectations worked out by hand from the documents and the specs (SIGNALS.md, Corpus/snapshots/real/README.md).

import Foundation
import Testing

@testable import heed

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private let realSnapshots = repositoryRoot.appendingPathComponent("Corpus/snapshots/real").path

// Mechanism names as `heed explain --json` writes them (Sources/HeedCore/Model/Mechanism.swift).
private let implied = "robots.implied"
private let controlToken = "robots.control-token"
private let contentSignal = "robots.content-signal"
private let rsl = "rsl"
private let tdmrepJSON = "tdmrep.json"
private let tdmHeader = "http.tdm-reservation"
private let tdmMeta = "html.meta-tdm"
private let xRobotsTag = "http.x-robots-tag"
private let metaRobots = "html.meta-robots"
private let aiTxt = "ai.txt"

/// The hand-worked expectation for one use category.
///
/// - `by`: the mechanisms of the **non-inherited** statements whose value is the folded value, each
///   with the line every such statement of that mechanism cites (`nil`: a header, no line);
/// - `inheritedBy`: the same for the **inherited** statements with that value (a mechanism's
///   `tdm` deny copied to an unstated child, and `robots.implied` statements, which Heed marks
///   inherited because they are derived from a crawler's documented purpose);
/// - `obligations`: the kinds of the folded obligations (only a `conditional` value has any).
struct GoldenCategory: Sendable, CustomStringConvertible {
    var value: String
    var by: [String: Int?]
    var inheritedBy: [String: Int?]
    var obligations: Set<String>

    var description: String {
        "\(value) by \(by.keys.sorted()) inherited \(inheritedBy.keys.sorted()) obligations \(obligations.sorted())"
    }
}

private func allow(_ by: [String: Int?] = [:], inherited: [String: Int?] = [:]) -> GoldenCategory {
    GoldenCategory(value: "allow", by: by, inheritedBy: inherited, obligations: [])
}

private func deny(_ by: [String: Int?] = [:], inherited: [String: Int?] = [:]) -> GoldenCategory {
    GoldenCategory(value: "deny", by: by, inheritedBy: inherited, obligations: [])
}

private func conditional(_ obligations: [String], _ by: [String: Int?]) -> GoldenCategory {
    GoldenCategory(value: "conditional", by: by, inheritedBy: [:], obligations: Set(obligations))
}

private let unknown = GoldenCategory(value: "unknown", by: [:], inheritedBy: [:], obligations: [])

// healsdata.github.io's home page: index.html carries the meta elements, its .headers sidecar the
// X-Robots-Tag fields (a header has no line); ai.txt is its own document.
private let healsdataPage = [
    xRobotsTag: "healsdata.github.io/index.html", metaRobots: "healsdata.github.io/index.html",
    tdmMeta: "healsdata.github.io/index.html", aiTxt: "healsdata.github.io/ai.txt",
]
// index.html line 9 holds both directives in one element; line 12 the reservation; ai.txt line 59.
private let healsdataRaws = [
    metaRobots: #"<meta name="robots" content="noai, noimageai">"#,
    tdmMeta: #"<meta name="tdm-reservation" content="1">"#,
    aiTxt: "Disallow: /",
]

// The provenance warnings of a lenient tdmrep.json reading (TDMRepFile), in the order the departures are
// met: the object at the top level, then each `_` key (sorted by the property it names), then the
// missing `location`.
private let objectWarning = "tdmrep.json is an object, not an array: read as a one-rule array"
private let noLocationWarning = "no 'location': read as \"/\""

/// One `heed explain --snapshot Corpus/snapshots/real --agent AGENT URL --json` run and its expected result.
struct Golden: Sendable, CustomTestStringConvertible {
    var agent: String
    var url: String
    /// `allow`, `disallow` or `unknown`.
    var access: String
    /// `accessDetail.line`: the deciding robots.txt line, `nil` when no rule decides.
    var accessLine: Int?
    var search: GoldenCategory
    var aiIndex: GoldenCategory
    var aiInput: GoldenCategory
    var aiTrain: GoldenCategory
    var tdm: GoldenCategory
    /// Whether a `conflict` finding is expected.
    var conflict: Bool
    /// Further finding codes that must be present.
    var findingCodes: Set<String> = []
    /// The document (relative to the snapshot root, as `explain` names it) of every deciding
    /// statement, per mechanism.
    var documents: [String: String] = [:]
    /// The raw text of every deciding statement of a mechanism, where it is one short line.
    var raws: [String: String] = [:]
    /// The provenance warnings of the deciding statements of a mechanism; a mechanism not listed must
    /// have none (no `warnings` key).
    var warnings: [String: [String]] = [:]

    var testDescription: String { "\(agent) \(url)" }

    var categories: [(String, GoldenCategory)] {
        [("search", search), ("ai_index", aiIndex), ("ai_input", aiInput), ("ai_train", aiTrain), ("tdm", tdm)]
    }
}

// Conventions used in the reasoning below (SIGNALS.md §11.2 and the SignalFolder doc comment):
// - Access is RFC 9309: the agent's own group, else the `*` groups; longest match, allow on ties;
//   robots.txt 404 → allow all (§2.3.1.3); host never fetched → unknown.
// - Content-Signal (SIGNALS.md §4.3): only in the group the crawler reads, and only for crawlable URLs.
// - Control tokens (SIGNALS.md §11.3, SignalSpecs/vocabularies/control-tokens.json): a group naming
//   Google-Extended states ai_train and ai_input for Google-Extended and Google's crawlers (Googlebot).
// - robots.implied (inherited): a crawler with its own group and a registry purpose of training /
//   search / user-fetch gets ai_train / search / ai_input allow (crawlable) or deny (not crawlable).
// - RSL 1.0 §3.3/§3.5: licences of one content are alternatives; `permits` is a whitelist (unlisted
//   usages deny, `all` is the only token covering the tdm umbrella); `prohibits` alone is a blacklist;
//   payment attribution → attribution, purchase/subscription → payment, free → none. An HTML
//   `<link rel=license type=application/rsl+xml>` covers only the page it is on (RSL §4.6).
// - TDMRep: tdmrep.json (first matching rule) → header → HTML meta, later steps supersede (§6.4);
//   1 → tdm deny, 0 → tdm allow. A mechanism's tdm deny is inherited by the categories it leaves unstated
//   (search included, SIGNALS.md §11.3 "keep search = deny(tdm-inherited)"); an allow is never inherited.
// - Folding: deny > conditional > allow > unknown; a deny against an allow or a conditional from another
//   mechanism in one category is a `conflict` finding (SignalFolder.conflict).
// Lines and documents of the deciding statements, read off the snapshot files (`cat -n`):
// - robots.txt mechanisms cite their own line: Content-Signal its line; a control token and robots.implied
//   the deciding Allow/Disallow of the selected group, or its first User-agent line when no rule matches;
//   the raw text is that line as written.
// - tdmrep.json cites the line where the matching rule's object starts (its `{`), raw = the rule's JSON
//   with whitespace runs collapsed to one space; a tdm deny inherited by a child keeps that provenance.
// - RSL cites the element that decides (RSLDocument.evaluate): the covering `<permits>` of the granting
//   licence; a licence with no usage list at all (9takes.com) is cited by its `<license>` line; a deny cites
//   the covering `<prohibits>`, or, for a usage left out of a whitelist, the first refusing licence's
//   `<permits>`.
// - HTML meta elements cite their line in index.html; response headers have no line.
private let baxinRaw = #"{ "tdm_reservation": 1, "tdm_policy": "https://maango.io/policy/baxin.pages.dev" }"#
private let baxinWarnings = [
    objectWarning, "key 'tdm_policy' read as 'tdm-policy'", "key 'tdm_reservation' read as 'tdm-reservation'",
    noLocationWarning,
]

let snapshotGoldens: [Golden] = [
    // 1. mcpjunction.ai, GPTBot, home page.
    // Access: group `User-agent: GPTBot` (109), `Disallow: /` line 111 → disallow, line 111.
    // Not crawlable → the group's `Content-Signal: ai-train=no` (110) is not applied (SIGNALS.md §4.3).
    // RSL: `License:` line 180 comes after `Sitemap:` following the last group → read as global (the
    // RSL guide's global License; RFC 9309 alone would leave it in the PanguBot group: ambiguous, the
    // file's own comment says it is meant for every crawler). content url="/" (the /data/ content does
    // not match "/"), three alternative licences each with a whitelist:
    //   search: L1 permits search, payment free (18-19) → allow.
    //   ai_index: no licence lists ai-index → deny (whitelist).
    //   ai_input: L2 permits ai-input, attribution (26-27) → conditional{attribution}.
    //   ai_train: L3 permits ai-train, subscription (34-35) → conditional{payment}.
    //   tdm: no licence permits `all` → deny (whitelist).
    // robots.implied: GPTBot (training) has its own group and may not fetch → ai_train deny (inherited, 111).
    // Fold: search allow {rsl}; ai_index deny {rsl}; ai_input conditional{attribution} {rsl};
    // ai_train deny from robots.implied only (inherited) over RSL conditional → conflict (info);
    // tdm deny {rsl}. No TDMRep (404), no page (404).
    Golden(
        agent: "GPTBot",
        url: "https://mcpjunction.ai/",
        access: "disallow",
        accessLine: 111,
        search: allow([rsl: 18]),
        aiIndex: deny([rsl: 18]),
        aiInput: conditional(["attribution"], [rsl: 26]),
        aiTrain: deny(inherited: [implied: 111]),
        tdm: deny([rsl: 18]),
        conflict: true,
        documents: [rsl: "mcpjunction.ai/license.xml", implied: "mcpjunction.ai/robots.txt"],
        raws: [implied: "Disallow: /"]
    ),
    // 2. mcpjunction.ai, Googlebot, home page.
    // Access: group `User-agent: Googlebot` (63), `Allow: /` line 65 → allow, line 65.
    // Content-Signal line 64 (crawlable): search=yes → allow, ai-input=yes → allow, ai-train=no → deny.
    // Control token: group `User-agent: Google-Extended` (121), `Disallow: /` line 123 matches "/" →
    // ai_train deny and ai_input deny for Google's crawlers (Googlebot listed in control-tokens.json).
    // Googlebot is not in agents.json → no robots.implied statement.
    // RSL as in case 1 (global License line 180).
    // Fold: search allow {content-signal 64, rsl 18}; ai_index deny {rsl};
    // ai_input: content-signal allow vs control-token deny (123) vs rsl conditional → deny {control-token},
    // conflict (warning: allow vs deny); ai_train deny {content-signal 64, control-token 123} vs rsl
    // conditional → conflict; tdm deny {rsl}.
    Golden(
        agent: "Googlebot",
        url: "https://mcpjunction.ai/",
        access: "allow",
        accessLine: 65,
        search: allow([contentSignal: 64, rsl: 18]),
        aiIndex: deny([rsl: 18]),
        aiInput: deny([controlToken: 123]),
        aiTrain: deny([contentSignal: 64, controlToken: 123]),
        tdm: deny([rsl: 18]),
        conflict: true,
        documents: [
            rsl: "mcpjunction.ai/license.xml", contentSignal: "mcpjunction.ai/robots.txt",
            controlToken: "mcpjunction.ai/robots.txt",
        ],
        raws: [contentSignal: "Content-Signal: search=yes, ai-input=yes, ai-train=no", controlToken: "Disallow: /"]
    ),
    // 3. mcpjunction.ai, OAI-SearchBot, deeper path under /data/.
    // Access: group `User-agent: OAI-SearchBot` (88), `Allow: /` line 90 → allow, line 90.
    // Content-Signal line 89: search allow, ai_input allow, ai_train deny.
    // robots.implied: OAI-SearchBot (search) → search allow (inherited, 90).
    // RSL (global License 180): content url="/data/" is narrower than "/" and wins (RSL §3.5):
    //   L1 permits search, free (47-48) → search allow; L2 permits "ai-input ai-train", subscription (51-52)
    //   → ai_input and ai_train conditional{payment}; ai-index and `all` unlisted → ai_index deny, tdm deny.
    // Fold: search allow {content-signal, rsl} (+ implied allow, inherited); ai_index deny {rsl};
    // ai_input: allow (content-signal) vs conditional (rsl) → conditional{payment} {rsl}, no deny;
    // ai_train deny {content-signal 89} vs rsl conditional → conflict; tdm deny {rsl}.
    Golden(
        agent: "OAI-SearchBot",
        url: "https://mcpjunction.ai/data/servers.json",
        access: "allow",
        accessLine: 90,
        search: allow([contentSignal: 89, rsl: 47], inherited: [implied: 90]),
        aiIndex: deny([rsl: 47]),
        aiInput: conditional(["payment"], [rsl: 51]),
        aiTrain: deny([contentSignal: 89]),
        tdm: deny([rsl: 47]),
        conflict: true,
        documents: [
            rsl: "mcpjunction.ai/license.xml", contentSignal: "mcpjunction.ai/robots.txt",
            implied: "mcpjunction.ai/robots.txt",
        ],
        raws: [contentSignal: "Content-Signal: search=yes, ai-input=yes, ai-train=no", implied: "Allow: /"]
    ),
    // 4. 9takes.com, GPTBot, home page.
    // Access: group `User-agent: GPTBot` (29), `Allow: /` line 30 → allow, line 30.
    // robots.implied: GPTBot (training), crawlable → ai_train allow (inherited, 30).
    // RSL: the home page's `<link rel="license" type="application/rsl+xml" href="/license.xml">` (line 5)
    // → license.xml, content url="/", one licence with only `<prohibits type="usage">ai-train` (line 5):
    //   a blacklist → ai_train deny; search, ai_index, ai_input, tdm permitted (no payment) → allow.
    // No TDMRep, no Content-Signal.
    // Fold: search/ai_index/ai_input/tdm allow {rsl}; ai_train deny {rsl} against the implied allow
    // (robots.txt lets GPTBot in) → conflict (the brief's expected conflict).
    // Ambiguity: whether a prohibits-only licence "allows" the tdm umbrella at all while it prohibits one of
    // its children; read here as allow (everything not prohibited is licensed), ai_train denied by its own
    // explicit statement.
    Golden(
        agent: "GPTBot",
        url: "https://9takes.com/",
        access: "allow",
        accessLine: 30,
        search: allow([rsl: 4]),
        aiIndex: allow([rsl: 4]),
        aiInput: allow([rsl: 4]),
        aiTrain: deny([rsl: 5]),
        tdm: allow([rsl: 4]),
        conflict: true,
        documents: [rsl: "9takes.com/license.xml"]
    ),
    // 5. 9takes.com, Google-Extended, home page.
    // Access: group `User-agent: Google-Extended` (42), `Allow: /` line 43 → allow, line 43.
    // Control token: the token itself, Allow line 43 → ai_train allow, ai_input allow.
    // No implied statement (a control token is not a crawler).
    // RSL as in case 4.
    // Fold: search allow {rsl}; ai_index allow {rsl}; ai_input allow {control-token, rsl};
    // ai_train deny {rsl} vs control-token allow → conflict; tdm allow {rsl}.
    Golden(
        agent: "Google-Extended",
        url: "https://9takes.com/",
        access: "allow",
        accessLine: 43,
        search: allow([rsl: 4]),
        aiIndex: allow([rsl: 4]),
        aiInput: allow([controlToken: 43, rsl: 4]),
        aiTrain: deny([rsl: 5]),
        tdm: allow([rsl: 4]),
        conflict: true,
        documents: [rsl: "9takes.com/license.xml", controlToken: "9takes.com/robots.txt"],
        raws: [controlToken: "Allow: /"]
    ),
    // 6. 9takes.com, HeedTestBot (no group of its own), /login.
    // Access: `*` group (4); `Disallow: /login` line 6 (6 octets) beats `Allow: /` line 13 → disallow, line 6.
    // /login is not in the snapshot (404): no page, so no `<link rel=license>` → RSL does not apply here
    // (the HTML association covers only its own page). No TDMRep, no Content-Signal, no implied
    // (unknown agent, star group). Every category unknown, no conflict.
    Golden(
        agent: "HeedTestBot",
        url: "https://9takes.com/login",
        access: "disallow",
        accessLine: 6,
        search: unknown,
        aiIndex: unknown,
        aiInput: unknown,
        aiTrain: unknown,
        tdm: unknown,
        conflict: false
    ),
    // 7. adrianofoschi.com, ClaudeBot, home page.
    // Access: group `User-agent: ClaudeBot` (17), `Allow: /` line 18 → allow, line 18.
    // robots.implied: ClaudeBot (training) → ai_train allow (inherited, 18).
    // RSL via the home page link: content url="/", `<permits type="usage">all</permits>` (15) with
    // `<payment type="attribution">` CC BY 4.0 (16): `all` covers every category, tdm included →
    // all five conditional{attribution}.
    // Fold: every category conditional{attribution} {rsl} (conditional beats the implied allow). No deny,
    // no conflict.
    Golden(
        agent: "ClaudeBot",
        url: "https://adrianofoschi.com/",
        access: "allow",
        accessLine: 18,
        search: conditional(["attribution"], [rsl: 15]),
        aiIndex: conditional(["attribution"], [rsl: 15]),
        aiInput: conditional(["attribution"], [rsl: 15]),
        aiTrain: conditional(["attribution"], [rsl: 15]),
        tdm: conditional(["attribution"], [rsl: 15]),
        conflict: false,
        documents: [rsl: "adrianofoschi.com/license.xml"]
    ),
    // 8. adrianofoschi.com, ClaudeBot, a deeper page not in the snapshot (404).
    // Access: as case 7, line 18. No page → no RSL association (HTML link covers its own page only).
    // Only robots.implied ai_train allow (inherited, 18). Everything else unknown.
    Golden(
        agent: "ClaudeBot",
        url: "https://adrianofoschi.com/posts/hello/",
        access: "allow",
        accessLine: 18,
        search: unknown,
        aiIndex: unknown,
        aiInput: unknown,
        aiTrain: allow(inherited: [implied: 18]),
        tdm: unknown,
        conflict: false,
        documents: [implied: "adrianofoschi.com/robots.txt"],
        raws: [implied: "Allow: /"]
    ),
    // 9. byeongsuyu.github.io, GPTBot, a blog post.
    // Access: the shared group of lines 12-23 names GPTBot; `Disallow: /blog/` line 24 → disallow, line 24.
    // robots.implied: ai_train deny (inherited, 24).
    // TDMRep: tdmrep.json rule 0 (line 2) `/blog/*` matches → tdm-reservation 1 → tdm deny; no policy.
    // The page is 404: no header, no meta.
    // Fold: tdm deny {tdmrep.json}; search, ai_index, ai_input deny inherited from tdmrep.json's tdm;
    // ai_train deny, inherited only (implied + tdmrep.json). No allow anywhere → no conflict.
    Golden(
        agent: "GPTBot",
        url: "https://byeongsuyu.github.io/blog/2025/ai.html",
        access: "disallow",
        accessLine: 24,
        search: deny(inherited: [tdmrepJSON: 2]),
        aiIndex: deny(inherited: [tdmrepJSON: 2]),
        aiInput: deny(inherited: [tdmrepJSON: 2]),
        aiTrain: deny(inherited: [implied: 24, tdmrepJSON: 2]),
        tdm: deny([tdmrepJSON: 2]),
        conflict: false,
        documents: [
            tdmrepJSON: "byeongsuyu.github.io/.well-known/tdmrep.json", implied: "byeongsuyu.github.io/robots.txt",
        ],
        raws: [tdmrepJSON: #"{ "location": "/blog/*", "tdm-reservation": 1 }"#, implied: "Disallow: /blog/"]
    ),
    // 10. byeongsuyu.github.io, GPTBot, home page.
    // Access: GPTBot's group has only `Disallow: /blog/`, which does not match "/" → no matching rule →
    // allow, no deciding line (null).
    // robots.implied: crawlable → ai_train allow (inherited; cites the group line 12).
    // TDMRep: `/blog/*` does not match "/" → reservation unset → no statement.
    // Fold: ai_train allow (implied only); everything else unknown; no conflict.
    Golden(
        agent: "GPTBot",
        url: "https://byeongsuyu.github.io/",
        access: "allow",
        accessLine: nil,
        search: unknown,
        aiIndex: unknown,
        aiInput: unknown,
        aiTrain: allow(inherited: [implied: 12]),
        tdm: unknown,
        conflict: false,
        documents: [implied: "byeongsuyu.github.io/robots.txt"],
        raws: [implied: "User-agent: GPTBot"]
    ),
    // 11. byeongsuyu.github.io, Googlebot, a blog post.
    // Access: Googlebot is not in the AI group → `*` group (26), `Allow: /` line 27 → allow, line 27.
    // Control token: Google-Extended is named in the group of lines 12-23; `Disallow: /blog/` (24) matches
    // → ai_train deny, ai_input deny for Googlebot.
    // TDMRep `/blog/*` 1 → tdm deny (tdmrep.json).
    // Fold: search deny inherited {tdmrep.json}; ai_index deny inherited {tdmrep.json};
    // ai_input deny {control-token} (+ tdmrep.json inherited); ai_train deny {control-token}
    // (+ tdmrep.json inherited); tdm deny {tdmrep.json}. No conflict.
    Golden(
        agent: "Googlebot",
        url: "https://byeongsuyu.github.io/blog/2025/ai.html",
        access: "allow",
        accessLine: 27,
        search: deny(inherited: [tdmrepJSON: 2]),
        aiIndex: deny(inherited: [tdmrepJSON: 2]),
        aiInput: deny([controlToken: 24], inherited: [tdmrepJSON: 2]),
        aiTrain: deny([controlToken: 24], inherited: [tdmrepJSON: 2]),
        tdm: deny([tdmrepJSON: 2]),
        conflict: false,
        documents: [
            tdmrepJSON: "byeongsuyu.github.io/.well-known/tdmrep.json",
            controlToken: "byeongsuyu.github.io/robots.txt",
        ],
        raws: [tdmrepJSON: #"{ "location": "/blog/*", "tdm-reservation": 1 }"#, controlToken: "Disallow: /blog/"]
    ),
    // 12. openpoem.org, Google-Extended, home page.
    // Access: group `User-agent: Google-Extended` (20), `Disallow: /` line 21 → disallow, line 21.
    // The `*` group's Content-Signal (13) is not in this token's group (and not crawlable anyway).
    // Control token: Disallow line 21 → ai_train deny, ai_input deny.
    // TDMRep: rule `/` (line 2), reservation 1 with tdm-policy https://openpoem.org/terms → tdm deny (the
    // policy only says how to ask for a licence; the value stays deny, so no folded obligations).
    // Fold: search, ai_index deny inherited {tdmrep.json}; ai_input, ai_train deny {control-token}
    // (+ tdmrep.json inherited); tdm deny {tdmrep.json}. No conflict.
    Golden(
        agent: "Google-Extended",
        url: "https://openpoem.org/",
        access: "disallow",
        accessLine: 21,
        search: deny(inherited: [tdmrepJSON: 2]),
        aiIndex: deny(inherited: [tdmrepJSON: 2]),
        aiInput: deny([controlToken: 21], inherited: [tdmrepJSON: 2]),
        aiTrain: deny([controlToken: 21], inherited: [tdmrepJSON: 2]),
        tdm: deny([tdmrepJSON: 2]),
        conflict: false,
        documents: [tdmrepJSON: "openpoem.org/.well-known/tdmrep.json", controlToken: "openpoem.org/robots.txt"],
        raws: [
            tdmrepJSON: #"{ "location": "/", "tdm-reservation": 1, "tdm-policy": "https://openpoem.org/terms" }"#,
            controlToken: "Disallow: /",
        ]
    ),
    // 13. openpoem.org, OAI-SearchBot, home page.
    // Access: no OAI-SearchBot group → `*` group (12), `Allow: /` line 14 → allow, line 14.
    // Content-Signal line 13 (crawlable, in the group read): search allow, ai_input allow, ai_train deny.
    // No implied statement (star group). TDMRep `/` 1 → tdm deny.
    // Fold: search: content-signal allow vs tdmrep.json's inherited deny → deny (inherited only), conflict
    // (SIGNALS.md §11.3 leaves whether TDMRep reserves search to policy: flagged, not hidden);
    // ai_index deny inherited; ai_input: allow vs inherited deny → deny, conflict;
    // ai_train deny {content-signal 13} (+ tdmrep.json inherited); tdm deny {tdmrep.json}.
    Golden(
        agent: "OAI-SearchBot",
        url: "https://openpoem.org/",
        access: "allow",
        accessLine: 14,
        search: deny(inherited: [tdmrepJSON: 2]),
        aiIndex: deny(inherited: [tdmrepJSON: 2]),
        aiInput: deny(inherited: [tdmrepJSON: 2]),
        aiTrain: deny([contentSignal: 13], inherited: [tdmrepJSON: 2]),
        tdm: deny([tdmrepJSON: 2]),
        conflict: true,
        documents: [tdmrepJSON: "openpoem.org/.well-known/tdmrep.json", contentSignal: "openpoem.org/robots.txt"],
        raws: [contentSignal: "Content-Signal: search=yes, ai-input=yes, ai-train=no"]
    ),
    // 14. xlr8harder.github.io, CCBot, home page.
    // Access: only a `*` group (3), `Allow: /` line 4 → allow, line 4. No own group → no implied statement.
    // TDMRep: tdmrep.json `/*` 0 (line 2), then the page's `<meta name="tdm-reservation" content="0">`
    // (line 13) supersedes it (§6.4) → tdm allow decided by html.meta-tdm. An allow is not inherited.
    // `<link rel="license" href=CC0>` has no type application/rsl+xml → not an RSL association.
    // Fold: tdm allow {html.meta-tdm}; others unknown; no conflict.
    Golden(
        agent: "CCBot",
        url: "https://xlr8harder.github.io/",
        access: "allow",
        accessLine: 4,
        search: unknown,
        aiIndex: unknown,
        aiInput: unknown,
        aiTrain: unknown,
        tdm: allow([tdmMeta: 13]),
        conflict: false,
        documents: [tdmMeta: "xlr8harder.github.io/index.html"],
        raws: [tdmMeta: #"<meta name="tdm-reservation" content="0">"#]
    ),
    // 15. xlr8harder.github.io, GPTBot, a post not in the snapshot (404).
    // Access: `*` group, `Allow: /` line 4. No page → only tdmrep.json `/*` 0 → tdm allow {tdmrep.json}.
    Golden(
        agent: "GPTBot",
        url: "https://xlr8harder.github.io/2024/01/post.html",
        access: "allow",
        accessLine: 4,
        search: unknown,
        aiIndex: unknown,
        aiInput: unknown,
        aiTrain: unknown,
        tdm: allow([tdmrepJSON: 2]),
        conflict: false,
        documents: [tdmrepJSON: "xlr8harder.github.io/.well-known/tdmrep.json"],
        raws: [tdmrepJSON: #"{ "location": "/*", "tdm-reservation": 0 }"#]
    ),
    // 16. healsdata.github.io, CCBot, home page.
    // Access: group `User-agent: CCBot` (49), `Disallow: /` line 50 → disallow, line 50.
    // robots.implied: CCBot (training) → ai_train deny (inherited, 50).
    // TDMRep: tdmrep.json `/` 1 → header `tdm-reservation: 1` → meta `tdm-reservation` 1 (line 12): the meta
    // step supersedes → one tdm deny decided by html.meta-tdm.
    // X-Robots-Tag: noimageai + noai (headers) and `<meta name="robots" content="noai, noimageai">` (line 9):
    // noai = ai_all deny (ai_train, ai_input, ai_index) for every crawler (SIGNALS.md §7, §11.3).
    // `<meta name="CCBot" content="nofollow">` (line 6) has no AI meaning.
    // ai.txt (`User-Agent: *`): for "/" `Disallow: /` (59) and `Disallow: *` (60) match → ai_train deny.
    // Fold: search deny inherited from html.meta-tdm's tdm; ai_index, ai_input deny {x-robots-tag,
    // meta-robots} (+ html.meta-tdm inherited); ai_train deny {x-robots-tag, meta-robots, ai.txt}
    // (+ implied, html.meta-tdm inherited); tdm deny {html.meta-tdm}. No allow → no conflict.
    Golden(
        agent: "CCBot",
        url: "https://healsdata.github.io/",
        access: "disallow",
        accessLine: 50,
        search: deny(inherited: [tdmMeta: 12]),
        aiIndex: deny([xRobotsTag: nil, metaRobots: 9], inherited: [tdmMeta: 12]),
        aiInput: deny([xRobotsTag: nil, metaRobots: 9], inherited: [tdmMeta: 12]),
        aiTrain: deny([xRobotsTag: nil, metaRobots: 9, aiTxt: 59], inherited: [implied: 50, tdmMeta: 12]),
        tdm: deny([tdmMeta: 12]),
        conflict: false,
        documents: healsdataPage.merging([implied: "healsdata.github.io/robots.txt"]) { a, _ in a },
        raws: healsdataRaws.merging([implied: "Disallow: /"]) { a, _ in a }
    ),
    // 17. healsdata.github.io, HeedTestBot, home page.
    // Access: the file has only named groups and no `*` group → no group applies → allow, no line.
    // No implied statement. Use signals as in case 16 (they are not agent-scoped).
    Golden(
        agent: "HeedTestBot",
        url: "https://healsdata.github.io/",
        access: "allow",
        accessLine: nil,
        search: deny(inherited: [tdmMeta: 12]),
        aiIndex: deny([xRobotsTag: nil, metaRobots: 9], inherited: [tdmMeta: 12]),
        aiInput: deny([xRobotsTag: nil, metaRobots: 9], inherited: [tdmMeta: 12]),
        aiTrain: deny([xRobotsTag: nil, metaRobots: 9, aiTxt: 59], inherited: [tdmMeta: 12]),
        tdm: deny([tdmMeta: 12]),
        conflict: false,
        documents: healsdataPage,
        raws: healsdataRaws
    ),
    // 18. healsdata.github.io, GPTBot, an HTML page not in the snapshot (404).
    // Access: group `User-agent: GPTBot` (97), `Disallow: /` line 98 → disallow, line 98.
    // No page → no headers, no meta: TDMRep is tdmrep.json `/` 1 → tdm deny {tdmrep.json}.
    // ai.txt: `Disallow: *.html` (line 15, 6 octets) is the longest match → ai_train deny.
    // robots.implied: ai_train deny (inherited, 98).
    // Fold: search, ai_index, ai_input deny inherited {tdmrep.json}; ai_train deny {ai.txt}
    // (+ implied, tdmrep.json inherited); tdm deny {tdmrep.json}. No conflict.
    Golden(
        agent: "GPTBot",
        url: "https://healsdata.github.io/docs/page.html",
        access: "disallow",
        accessLine: 98,
        search: deny(inherited: [tdmrepJSON: 2]),
        aiIndex: deny(inherited: [tdmrepJSON: 2]),
        aiInput: deny(inherited: [tdmrepJSON: 2]),
        aiTrain: deny([aiTxt: 15], inherited: [implied: 98, tdmrepJSON: 2]),
        tdm: deny([tdmrepJSON: 2]),
        conflict: false,
        documents: [
            tdmrepJSON: "healsdata.github.io/.well-known/tdmrep.json", aiTxt: "healsdata.github.io/ai.txt",
            implied: "healsdata.github.io/robots.txt",
        ],
        raws: [
            tdmrepJSON: #"{ "location": "/", "tdm-reservation": 1 }"#, aiTxt: "Disallow: *.html",
            implied: "Disallow: /",
        ]
    ),
    // 19. sourcelibrary.org, GPTBot, home page.
    // Access: no robots.txt in a fetched host → 404 → allow all (RFC 9309 §2.3.1.3), no line.
    // No robots.txt → no Content-Signal, no control token, no implied statement.
    // TDMRep: `/` 1 with tdm-policy → tdm deny (tdmrep.json).
    // RSL via the home page link, content url="https://sourcelibrary.org/" (matches every path):
    //   L1: `<permits type="usage">search</permits>` + `<permits type="usage">ai-input</permits>` (17-18; two
    //       permits of one type: non-conforming, lists joined), attribution CC BY-SA (19);
    //   L2: `<prohibits type="usage">train-ai</prohibits>` (24; AIPREF's token, read as ai-train, the
    //       conservative reading of RSL §3.5) with `<payment type="purchase">` (25): a blacklist licence.
    //   search: L1 attribution or L2 purchase → conditional{attribution} (fewest, non-payment terms);
    //   ai_input: the same → conditional{attribution}; ai_index and tdm: only L2 grants → conditional{payment};
    //   ai_train: whitelisted out of L1, prohibited in L2 → deny.
    // Fold: tdm deny {tdmrep.json} over rsl conditional → conflict; search, ai_index, ai_input: the
    // inherited tdmrep.json deny beats rsl conditional → deny (inherited only), conflict; ai_train deny
    // {rsl} (+ tdmrep.json inherited).
    Golden(
        agent: "GPTBot",
        url: "https://sourcelibrary.org/",
        access: "allow",
        accessLine: nil,
        search: deny(inherited: [tdmrepJSON: 2]),
        aiIndex: deny(inherited: [tdmrepJSON: 2]),
        aiInput: deny(inherited: [tdmrepJSON: 2]),
        aiTrain: deny([rsl: 24], inherited: [tdmrepJSON: 2]),
        tdm: deny([tdmrepJSON: 2]),
        conflict: true,
        findingCodes: ["non-rsl-token", "duplicate-terms"],
        documents: [rsl: "sourcelibrary.org/license.xml", tdmrepJSON: "sourcelibrary.org/.well-known/tdmrep.json"],
        raws: [
            tdmrepJSON:
                #"{ "location": "/", "tdm-reservation": 1, "tdm-policy": "https://sourcelibrary.org/licensing" }"#
        ],
        // L2's `train-ai` is AIPREF's token, read through rsl.json's usageAliases: the deny says so.
        warnings: [rsl: ["'train-ai' is not an RSL usage token: read as 'ai-train'"]]
    ),
    // 20. veda.ng, GPTBot, home page.
    // Access: no robots.txt → 404 → allow all, no line.
    // TDMRep: tdmrep.json is an object, not the mandatory array, and has no `location`: non-conforming.
    // Strictly (TDMRep #sec-tdm-file) a strict agent reads no reservation (tdm unknown); Heed's documented
    // decision (TDMRepFile doc comment) reads it leniently as one rule `/` with reservation 0 and reports
    // `not-an-array` and `missing-location` errors. Expected here: the lenient reading, tdm allow
    // {tdmrep.json}; the policy URL given with 0 is not processed. Others unknown, no conflict.
    Golden(
        agent: "GPTBot",
        url: "https://veda.ng/",
        access: "allow",
        accessLine: nil,
        search: unknown,
        aiIndex: unknown,
        aiInput: unknown,
        aiTrain: unknown,
        tdm: allow([tdmrepJSON: 1]),
        conflict: false,
        findingCodes: ["not-an-array", "missing-location"],
        documents: [tdmrepJSON: "veda.ng/.well-known/tdmrep.json"],
        raws: [tdmrepJSON: #"{ "tdm-reservation": 0, "tdm-policy": "https://veda.ng/ai.txt" }"#],
        warnings: [tdmrepJSON: [objectWarning, noLocationWarning]]
    ),
    // 22. baxin.pages.dev, GPTBot, home page: the broken tdmrep.json (Corpus/tdmrep/baxin.pages.dev.MALFORMED...).
    // Access: the host folder has no robots.txt → 404 → allow all (RFC 9309 §2.3.1.3), no line.
    // TDMRep #sec-tdm-file: the file MUST be a JSON array of rules, each with a mandatory `location` and the
    // property `tdm-reservation` (with a hyphen). This file is one object `{ "tdm_reservation": 1,
    // "tdm_policy": "https://maango.io/policy/baxin.pages.dev" }`: not an array, no location, `_` spellings.
    // A strict TDM agent reads no reservation (tdm unknown). Heed's documented lenient reading (TDMRepFile):
    // one rule `/` (the whole site) with tdm-reservation 1 and tdm-policy the URL → tdm deny, decided by
    // tdmrep.json at line 1 (the object's `{`), with the departures as provenance warnings and as findings
    // not-an-array, missing-location, misspelled-key (×2). A reservation of 1 with a policy keeps the value
    // deny (#sec-tdm-policy: the policy's terms are unknown until read), so no folded obligations.
    // No page (index.html absent → 404): no header, no meta, no RSL. The children inherit tdmrep.json's
    // deny (search included, SIGNALS.md §11.3). No allow anywhere → no conflict.
    Golden(
        agent: "GPTBot",
        url: "https://baxin.pages.dev/",
        access: "allow",
        accessLine: nil,
        search: deny(inherited: [tdmrepJSON: 1]),
        aiIndex: deny(inherited: [tdmrepJSON: 1]),
        aiInput: deny(inherited: [tdmrepJSON: 1]),
        aiTrain: deny(inherited: [tdmrepJSON: 1]),
        tdm: deny([tdmrepJSON: 1]),
        conflict: false,
        findingCodes: ["not-an-array", "missing-location", "misspelled-key"],
        documents: [tdmrepJSON: "baxin.pages.dev/.well-known/tdmrep.json"],
        raws: [tdmrepJSON: baxinRaw],
        warnings: [tdmrepJSON: baxinWarnings]
    ),
    // 23. baxin.pages.dev, CCBot (no robots.txt, so no group and no implied statement), a deep path.
    // The lenient rule's location `/` matches every path (robots.txt prefix matching, #sec-tdm-file), so
    // the reading is the same as case 22.
    Golden(
        agent: "CCBot",
        url: "https://baxin.pages.dev/posts/2025/hello/",
        access: "allow",
        accessLine: nil,
        search: deny(inherited: [tdmrepJSON: 1]),
        aiIndex: deny(inherited: [tdmrepJSON: 1]),
        aiInput: deny(inherited: [tdmrepJSON: 1]),
        aiTrain: deny(inherited: [tdmrepJSON: 1]),
        tdm: deny([tdmrepJSON: 1]),
        conflict: false,
        findingCodes: ["not-an-array", "missing-location", "misspelled-key"],
        documents: [tdmrepJSON: "baxin.pages.dev/.well-known/tdmrep.json"],
        raws: [tdmrepJSON: baxinRaw],
        warnings: [tdmrepJSON: baxinWarnings]
    ),
    // 21. A host absent from the snapshot: never fetched. Access unknown (not allow: robots.txt was never
    // read), no line; no document → every category unknown; no findings.
    Golden(
        agent: "GPTBot",
        url: "https://absent-host.example/",
        access: "unknown",
        accessLine: nil,
        search: unknown,
        aiIndex: unknown,
        aiInput: unknown,
        aiTrain: unknown,
        tdm: unknown,
        conflict: false
    ),
]

struct SnapshotGoldenTests {
    @Test(arguments: snapshotGoldens)
    func explainMatchesHandWorkedExpectation(_ golden: Golden) throws {
        let capture = Captured()
        let status = capture.run([
            "explain", "--snapshot", realSnapshots, "--agent", golden.agent, golden.url, "--json",
        ])
        #expect(status != 2, "usage or input error: \(capture.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(capture.out))
        let object = try #require(parsed as? [String: Any], "not one JSON object: \(capture.stdout)")

        #expect(object["access"] as? String == golden.access, "access")
        let detail = try #require(object["accessDetail"] as? [String: Any])
        #expect(detail["line"] as? Int == golden.accessLine, "accessDetail.line")

        for (key, expected) in golden.categories {
            let category = try #require(object[key] as? [String: Any], "missing \(key)")
            let value = category["value"] as? String ?? "?"
            let statements = category["statements"] as? [[String: Any]] ?? []
            let deciding = statements.filter { $0["value"] as? String == value }
            let by = Set(deciding.filter { $0["inherited"] as? Bool != true }.compactMap { $0["mechanism"] as? String })
            let inheritedBy = Set(
                deciding.filter { $0["inherited"] as? Bool == true }.compactMap { $0["mechanism"] as? String }
            )
            let obligations = Set(
                (category["obligations"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            )
            let got = "\(value) by \(by.sorted()) inherited \(inheritedBy.sorted()) obligations \(obligations.sorted())"
            #expect(value == expected.value, "\(key): expected \(expected), got \(got)")
            #expect(by == Set(expected.by.keys), "\(key): expected \(expected), got \(got)")
            #expect(inheritedBy == Set(expected.inheritedBy.keys), "\(key): expected \(expected), got \(got)")
            #expect(obligations == expected.obligations, "\(key): expected \(expected), got \(got)")
            for s in deciding {
                checkProvenance(s, key: key, expected: expected, golden: golden)
            }
        }

        let codes = Set((object["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
        #expect(codes.contains("conflict") == golden.conflict, "conflict finding; codes: \(codes.sorted())")
        #expect(golden.findingCodes.isSubset(of: codes), "findings \(codes.sorted())")
    }

    /// Document, line, raw text and warnings of one deciding statement against the hand-worked values.
    private func checkProvenance(_ s: [String: Any], key: String, expected: GoldenCategory, golden: Golden) {
        let mechanism = s["mechanism"] as? String ?? "?"
        let inherited = s["inherited"] as? Bool == true
        let lines = inherited ? expected.inheritedBy : expected.by
        let what = "\(key) \(mechanism)\(inherited ? " (inherited)" : "")"
        if let line = lines[mechanism] {
            #expect(s["line"] as? Int == line, "\(what): line \(String(describing: s["line"]))")
            if line == nil { #expect(s["line"] is NSNull, "\(what): a header has a null line") }
        }
        #expect(golden.documents[mechanism] != nil, "\(what): no expected document")
        #expect(s["document"] as? String == golden.documents[mechanism], "\(what): document \(s["document"] ?? "-")")
        if let raw = golden.raws[mechanism] {
            #expect(s["raw"] as? String == raw, "\(what): raw \(s["raw"] ?? "-")")
        }
        if let warnings = golden.warnings[mechanism] {
            #expect(s["warnings"] as? [String] == warnings, "\(what): warnings \(s["warnings"] ?? "-")")
        } else {
            #expect(s["warnings"] == nil, "\(what): unexpected warnings \(s["warnings"] ?? "-")")
        }
    }

    /// The table covers every snapshot host and the agents the brief lists.
    @Test func tableCoversEverySnapshotHost() throws {
        let hosts = try FileManager.default.contentsOfDirectory(atPath: realSnapshots).filter { !$0.hasSuffix(".md") }
        let covered = Set(snapshotGoldens.compactMap { hostOf($0.url) })
        #expect(Set(hosts).isSubset(of: covered), "uncovered: \(Set(hosts).subtracting(covered).sorted())")
        let agents = Set(snapshotGoldens.map(\.agent))
        for agent in ["GPTBot", "ClaudeBot", "CCBot", "Google-Extended", "OAI-SearchBot", "Googlebot", "HeedTestBot"] {
            #expect(agents.contains(agent), "no case for \(agent)")
        }
    }
}

/// The `explain --json` schema as the README's table writes it (section "heed explain"): each object's
/// keys in braces. The schema test reads these strings in the README and checks every object Heed
/// writes for the golden cases has exactly these keys, so a change on either side fails.
enum ExplainSchema {
    static let accessDetail = "`{reason, document, line, text, selection, groupLines}`"
    static let category = "`{value, obligations, statements}`"
    static let statement = "`{value, mechanism, document, line, element, raw, spec, obligations, inherited, scope}`"
    static let obligation = "`[{kind, detail}]`"
    static let finding = "`[{severity, code, document, line, message, text, clause, fix}]`"
    /// Top-level keys, one table row each (`url`, `agent` share a row).
    static let topLevel: Set<String> = [
        "url", "agent", "access", "accessDetail", "search", "ai_index", "ai_input", "ai_train", "tdm", "findings",
    ]
    /// The optional statement keys, each written only when non-empty.
    static let optionalStatementKeys: Set<String> = ["warnings", "alternatives"]
    /// The keys a limit obligation (`user_class`, `region`, `purpose`) adds, both together.
    static let limitObligationKeys: Set<String> = ["permits", "prohibits"]
    static let limitKinds: Set<String> = ["user_class", "region", "purpose"]

    /// The keys of a README brace list.
    static func keys(_ braces: String) -> Set<String> {
        let inner = braces.filter { !"`[]{}".contains($0) }
        return Set(inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }
}

struct ExplainSchemaTests {
    @Test func readmeDocumentsTheSchema() throws {
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### `heed explain --snapshot DIR --agent TOKEN URL`"))
        let end = readme.range(of: "\n### ", range: section.upperBound..<readme.endIndex)?.lowerBound ?? readme.endIndex
        let text = String(readme[section.upperBound..<end])
        for braces in [
            ExplainSchema.accessDetail, ExplainSchema.category, ExplainSchema.statement, ExplainSchema.obligation,
            ExplainSchema.finding,
        ] {
            #expect(text.contains(braces), "README explain table lacks \(braces)")
        }
        for key in ExplainSchema.topLevel.union(ExplainSchema.optionalStatementKeys)
            .union(ExplainSchema.limitObligationKeys)
        {
            #expect(text.contains("`\(key)`"), "README explain table lacks `\(key)`")
        }
    }

    @Test(arguments: snapshotGoldens)
    func everyObjectHasExactlyTheDocumentedKeys(_ golden: Golden) throws {
        let capture = Captured()
        _ = capture.run(["explain", "--snapshot", realSnapshots, "--agent", golden.agent, golden.url, "--json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(capture.out)) as? [String: Any],
            "not one JSON object: \(capture.stdout)"
        )
        #expect(Set(object.keys) == ExplainSchema.topLevel)
        let detail = try #require(object["accessDetail"] as? [String: Any])
        #expect(Set(detail.keys) == ExplainSchema.keys(ExplainSchema.accessDetail))
        let statementKeys = ExplainSchema.keys(ExplainSchema.statement)
        let obligationKeys = ExplainSchema.keys(ExplainSchema.obligation)
        for key in ["search", "ai_index", "ai_input", "ai_train", "tdm"] {
            let category = try #require(object[key] as? [String: Any], "\(key)")
            #expect(Set(category.keys) == ExplainSchema.keys(ExplainSchema.category), "\(key)")
            for o in category["obligations"] as? [[String: Any]] ?? [] {
                Self.expectObligation(o, obligationKeys, "\(key) obligation")
            }
            for s in try #require(category["statements"] as? [[String: Any]], "\(key)") {
                let keys = Set(s.keys)
                let optional = keys.intersection(ExplainSchema.optionalStatementKeys)
                #expect(keys == statementKeys.union(optional), "\(key) statement")
                for name in optional {
                    #expect((s[name] as? [Any])?.isEmpty == false, "\(key): \(name) written only when non-empty")
                }
                for o in s["obligations"] as? [[String: Any]] ?? [] {
                    Self.expectObligation(o, obligationKeys, "\(key) statement obligation")
                }
            }
        }
        for f in try #require(object["findings"] as? [[String: Any]]) {
            #expect(Set(f.keys) == ExplainSchema.keys(ExplainSchema.finding), "finding")
        }
    }

    /// `{kind, detail}`, plus `permits` and `prohibits` together on a limit obligation only.
    static func expectObligation(_ o: [String: Any], _ keys: Set<String>, _ what: String) {
        if ExplainSchema.limitKinds.contains(o["kind"] as? String ?? "") {
            #expect(Set(o.keys) == keys.union(ExplainSchema.limitObligationKeys), "\(what)")
        } else {
            #expect(Set(o.keys) == keys, "\(what)")
        }
    }

    /// The optional `warnings` key does appear where a statement has warnings (so the test above checks it).
    @Test func warningsKeyAppearsForALenientReading() throws {
        let capture = Captured()
        _ = capture.run([
            "explain", "--snapshot", realSnapshots, "--agent", "GPTBot", "https://baxin.pages.dev/", "--json",
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(capture.out)) as? [String: Any])
        let tdm = try #require(object["tdm"] as? [String: Any])
        let statements = try #require(tdm["statements"] as? [[String: Any]])
        #expect(statements.contains { ($0["warnings"] as? [String])?.count == 4 })
    }
}

/// The host of an http(s) URL, lower-cased.
private func hostOf(_ url: String) -> String? {
    guard let r = url.range(of: "://") else { return nil }
    return String(url[r.upperBound...].prefix { $0 != "/" }).lowercased()
}
