// SPDX-License-Identifier: Apache-2.0
// Heed: Spawning `ai.txt` (site root `/ai.txt`): which files may be used to train AI models.
// Spec: none published; robots.txt-like syntax as Spawning's generator emits it (SIGNALS.md §8.1),
// read with Heed's RFC 9309 parser (`RobotsTxt`) and matched as RFC 9309 §2.2.2-§2.2.3 with one change
// for file-type globs (below).

/// The spec string of every ai.txt statement and finding.
let aiTxtSpec = "Spawning ai.txt (no formal spec; robots.txt-style, SIGNALS.md §8.1)"

/// A parsed Spawning `ai.txt`.
///
/// Reading (Heed's decisions, as no specification is published):
/// - the file is parsed as robots.txt (`User-Agent` groups, `Allow`/`Disallow`, comments, the 500 KiB
///   parse limit); groups are selected as RFC 9309 §2.2.1 selects them (a group naming the crawler,
///   else the `*` groups). Spawning's generator only writes `User-Agent: *`;
/// - a rule is about **training use** of the matching files (dataset inclusion), not about crawling:
///   `Disallow` → `ai_train` deny, `Allow` → `ai_train` allow;
/// - the longest matching pattern wins, `Allow` on ties (RFC 9309 §2.2.2); an empty `Disallow:` is no rule;
/// - a file-type glob `*.ext` (a `*`, a dot, then letters, digits and dots) means "the path ends with
///   `.ext`", compared case-insensitively (`/IMG.JPG` is a JPEG) and without the query, where
///   robots.txt would read "contains `.ext` anywhere". Its priority is its length as written (5 for
///   `*.jpg`), so `Allow: /images/` beats `Disallow: *.jpg`;
/// - a file that is not a Spawning ai.txt (llms.txt-style Markdown, a `Key: value` profile, no
///   rules at all) gives no statement and one finding saying so.
public struct AITxtFile: Sendable {
    /// What the file turned out to be.
    public enum Kind: String, Sendable, Hashable {
        /// User-Agent groups with rules: read.
        case policy
        /// llms.txt-style Markdown (headings, quotes, links) served as ai.txt: no preference.
        case markdown
        /// `Key: value` lines describing a person or site: no preference.
        case profile
        /// No groups or rules at all.
        case empty
    }

    /// One compiled rule.
    struct Rule: Sendable {
        var kind: RobotsTxt.RuleKind
        var line: Int
        var priority: Int
        var pattern: RobotsPattern
        /// For a `*.ext` glob: `.ext`, lower-cased.
        var suffix: [UInt8]?

        func matches(_ path: [UInt8]) -> Bool {
            if let suffix {
                var end = path.count
                if let q = path.firstIndex(of: UInt8(ascii: "?")) { end = q }
                guard end >= suffix.count else { return false }
                let start = end - suffix.count
                for i in 0..<suffix.count {
                    let b = path[start + i]
                    if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != suffix[i] { return false }
                }
                return true
            }
            return path.withUnsafeBufferPointer { pattern.matches($0) }
        }
    }

    /// Where the file came from.
    public let location: String
    /// The robots.txt-style parse.
    public let robots: RobotsTxt
    /// What the file is.
    public let kind: Kind
    /// Compiled rules per group (indices as in `robots.groups`).
    let rules: [[Rule]]
    /// What a steward should fix.
    public let findings: [Finding]

    /// RobotsTxt finding codes that mean the same in an ai.txt; the others (field suggestions for
    /// crawlers, group linting) are robots.txt advice.
    static let keptCodes: Set<String> = [
        "html-document", "utf16", "invalid-utf8", "nul-byte", "rule-outside-group", "pattern-not-absolute",
        "size-limit-exceeded", "typo", "missing-colon", "empty-user-agent", "invalid-token",
    ]

    /// Parses ai.txt bytes.
    public init(_ bytes: [UInt8], location: String) {
        self.location = location
        let robots = RobotsTxt(bytes)
        self.robots = robots
        var sink = FindingSink()
        func report(_ code: String, _ severity: Severity, line: Int?, _ message: String, text: String? = nil) {
            sink.add(
                Finding(
                    code: code,
                    severity: severity,
                    line: line,
                    message: message,
                    text: text,
                    clause: aiTxtSpec,
                    document: location
                )
            )
        }
        var compiled: [[Rule]] = []
        var ruleCount = 0
        for group in robots.groups {
            compiled.append(
                group.rules.filter { !$0.pattern.isEmpty }.map { rule in
                    let bytes = rule.pattern.bytes
                    return Rule(
                        kind: rule.kind,
                        line: rule.line,
                        priority: rule.pattern.priority,
                        pattern: rule.pattern,
                        suffix: AITxtFile.extensionSuffix(bytes)
                    )
                }
            )
            ruleCount += compiled.last!.count
        }
        rules = compiled

        let shape = AITxtFile.shape(bytes.prefix(RobotsTxt.minimumParseLimit))
        let kind: Kind
        if !robots.groups.isEmpty {
            kind = .policy
        } else if shape.markdown >= 2 && shape.markdown > shape.keyValue {
            kind = .markdown
        } else if shape.keyValue > 0 {
            kind = .profile
        } else {
            kind = .empty
        }
        self.kind = kind
        let dropLineNoise = kind == .markdown || kind == .profile
        for finding in robots.findings where AITxtFile.keptCodes.contains(finding.code) {
            if dropLineNoise && finding.code == "missing-colon" { continue }
            var f = finding
            f.document = location
            f.clause = f.clause ?? aiTxtSpec
            if f.code == "size-limit-exceeded" {
                f.fix = "keep ai.txt under 500 KiB: list file-type patterns (Disallow: *.jpg), not single URLs"
            }
            sink.add(f)
        }
        switch kind {
        case .policy:
            if ruleCount == 0 {
                report(
                    "no-rules",
                    .info,
                    line: robots.groups.first?.firstLine,
                    "the User-Agent groups hold no Allow or Disallow rule: no preference is declared"
                )
            }
            let other = robots.records.filter { $0.field != "sitemap" }
            if let first = other.first {
                var names: [String] = []
                for r in other where !names.contains(r.field) && names.count < 6 { names.append(r.field) }
                report(
                    "unknown-field",
                    .info,
                    line: first.line,
                    "\(other.count) line(s) with fields Spawning's ai.txt does not define "
                        + "(\(names.joined(separator: ", "))): dataset tools ignore them; only User-Agent, Allow "
                        + "and Disallow are read",
                    text: robots.text(ofLine: first.line)
                )
            }
        case .markdown:
            report(
                "markdown-not-ai-txt",
                .warning,
                line: 1,
                "the file is Markdown (llms.txt style: headings, quotes, links), not a Spawning ai.txt: it states no "
                    + "AI-use preference; to opt out of training, publish 'User-Agent: *' and 'Disallow: /'"
            )
        case .profile:
            report(
                "profile-not-ai-txt",
                .warning,
                line: shape.firstKeyValueLine,
                "the file is a 'Key: value' profile (\(shape.keyValue) lines), not a Spawning ai.txt: it states no "
                    + "AI-use preference; to opt out of training, publish 'User-Agent: *' and 'Disallow: /'",
                text: shape.firstKeyValueLine.flatMap { robots.text(ofLine: $0) }
            )
        case .empty:
            report("no-rules", .info, line: nil, "the file has no User-Agent group: no preference is declared")
        }
        findings = sink.finish()
    }

    /// Parses ai.txt text.
    public init(_ text: String, location: String) {
        self.init(Array(text.utf8), location: location)
    }

    /// `.ext` (lower-cased) for a pattern `*.ext`, else `nil`.
    static func extensionSuffix(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 3, bytes.count <= 20, bytes[0] == UInt8(ascii: "*"), bytes[1] == UInt8(ascii: ".")
        else { return nil }
        var out: [UInt8] = [UInt8(ascii: ".")]
        for b in bytes[2...] {
            let isAlnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            guard isAlnum || b == UInt8(ascii: ".") else { return nil }
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        return out
    }

    /// Counts of Markdown lines (`## `, `> `, `](`) and `Key: value` lines, outside comments.
    static func shape(_ bytes: ArraySlice<UInt8>) -> (markdown: Int, keyValue: Int, firstKeyValueLine: Int?) {
        var markdown = 0
        var keyValue = 0
        var firstKV: Int?
        var lineNumber = 0
        var start = bytes.startIndex
        while start < bytes.endIndex {
            var end = start
            while end < bytes.endIndex, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            lineNumber += 1
            let line = bytes[start..<end]
            if line.starts(with: "## ".utf8) || line.starts(with: "> ".utf8) || line.starts(with: "- [".utf8)
                || containsLink(line)
            {
                markdown += 1
            } else if isKeyValue(line) {
                keyValue += 1
                if firstKV == nil { firstKV = lineNumber }
            }
            start = end
            if start < bytes.endIndex, bytes[start] == 0x0D { start += 1 }
            if start < bytes.endIndex, bytes[start] == 0x0A { start += 1 }
        }
        return (markdown, keyValue, firstKV)
    }

    private static func containsLink(_ line: ArraySlice<UInt8>) -> Bool {
        var i = line.startIndex
        while i + 1 < line.endIndex {
            if line[i] == UInt8(ascii: "]"), line[i + 1] == UInt8(ascii: "(") { return true }
            i += 1
        }
        return false
    }

    /// `Key: value` with a key of 1-30 letters, digits, spaces, `-` or `_` starting with a letter,
    /// and a non-empty value; robots.txt fields excluded.
    private static func isKeyValue(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first, (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A),
            let colon = line.firstIndex(of: UInt8(ascii: ":")), colon - line.startIndex <= 30
        else { return false }
        for b in line[line.startIndex..<colon] {
            let ok =
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x20
                || b == 0x2D || b == 0x5F
            if !ok { return false }
        }
        // The robots.txt fields themselves are not profile lines.
        let key = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
        if ["user-agent", "allow", "disallow", "sitemap"].contains(key) { return false }
        return line[(colon + 1)...].contains { $0 != 0x20 && $0 != 0x09 }
    }

    /// The deciding rule for `agent` and `path` (normalized, as `SignalQuery.path`), or `nil`.
    func rule(for agent: ProductToken, path: [UInt8]) -> Rule? {
        var specific: [Int] = []
        var star: [Int] = []
        for (index, group) in robots.groups.enumerated() {
            for line in group.agents {
                if !agent.isStar, line.token.key == agent.key {
                    specific.append(index)
                    break
                }
                if line.token.isStar {
                    star.append(index)
                    break
                }
            }
        }
        var best: Rule?
        for index in specific.isEmpty ? star : specific {
            for rule in rules[index] where rule.matches(path) {
                guard let b = best else {
                    best = rule
                    continue
                }
                if rule.priority > b.priority
                    || (rule.priority == b.priority && rule.kind == .allow && b.kind != .allow)
                {
                    best = rule
                }
            }
        }
        return best
    }
}

/// Spawning `ai.txt` for one site: `ai_train` allow or deny for the queried URL (see `AITxtFile`).
///
/// A missing document, a non-2xx status (404) or a file that is not a Spawning ai.txt gives no statement.
public struct AITxtSource: SignalSource {
    /// The parsed file, when one was served.
    public let file: AITxtFile?
    /// What a steward should fix.
    public var findings: [Finding] { file?.findings ?? [] }

    /// The rule table the statements are made with.
    let vocabulary: AITxtVocabulary

    /// Reads the `/ai.txt` response.
    ///
    /// - Parameter vocabulary: the rule table (`SignalSpecs/vocabularies/ai-txt.json`); `standard`
    ///   by default.
    public init(document: Document?, vocabulary: AITxtVocabulary = .standard) {
        self.vocabulary = vocabulary
        if let document, (200..<300).contains(document.status) {
            file = AITxtFile(document.body, location: document.location)
        } else {
            file = nil
        }
    }

    /// The deciding rule's statements through the vocabulary (one `ai_train` statement in the
    /// published table), or none.
    public func statements(for query: SignalQuery) -> [Statement] {
        guard let file, file.kind == .policy, let rule = file.rule(for: query.agent, path: query.path),
            let entry = vocabulary.rule(rule.kind)
        else {
            return []
        }
        let provenance = Provenance(
            mechanism: .aiTxt,
            document: file.location,
            line: rule.line,
            raw: file.robots.text(ofLine: rule.line) ?? "",
            spec: aiTxtSpec
        )
        return entry.categories.map { Statement($0, entry.preference, provenance: provenance) }
    }
}
