// SPDX-License-Identifier: Apache-2.0
// HeedHistory: changes as lines for a human (terminal output and the HTML reports' lists).

/// Renders document and signal changes as text lines.
public enum ChangeText {
    /// Signal changes that went the same way for at least this many agents are shown as one
    /// group line (two are clearer listed than grouped).
    public static let groupThreshold = 3
    /// Diff lines shown per document in text (JSON has them all, up to its own cap).
    public static let maxDiffLines = 40
    /// Agent names listed under a group line.
    public static let maxNames = 15
    /// Raw statement text is cut to this many characters.
    public static let maxRaw = 120

    /// The lines for a set of changes of one host: documents first, then signals per page.
    ///
    /// - Parameters:
    ///   - host: the host (document URLs are shown as paths).
    ///   - indent: the prefix of every line.
    public static func lines(
        documents: [DocumentChange],
        signals: [SignalChange],
        host: String,
        indent: String = "  ",
        maxDiffLines: Int = ChangeText.maxDiffLines
    ) -> [String] {
        var out: [String] = []
        for d in documents { out += document(d, host: host, maxDiffLines: maxDiffLines).map { indent + $0 } }
        var page: String?
        for group in SignalChangeGroup.groups(signals) {
            if group.page != page {
                page = group.page
                out.append(indent + "page \(path(group.page, host: host)):")
            }
            out += self.group(group, host: host).map { indent + "  " + $0 }
        }
        return out
    }

    /// A document change: a summary line, then its diff lines (`-N text`, `+N text`).
    public static func document(_ d: DocumentChange, host: String, maxDiffLines: Int = maxDiffLines) -> [String] {
        let name = path(d.url, host: host)
        var head: String
        switch d.kind {
        case .added:
            head = "\(name) added: \(describe(d.after))"
        case .removed:
            head = "\(name) removed (was \(describe(d.before)))"
        case .changed:
            var parts: [String] = []
            if let a = d.before, let b = d.after {
                if a.status != b.status { parts.append("status \(a.status) → \(b.status)") }
                if a.error != b.error { parts.append("error \(a.error ?? "none") → \(b.error ?? "none")") }
                if a.sha256 != b.sha256 { parts.append("body \(a.body.count) → \(b.body.count) bytes") }
                let removed = a.signalHeaders.filter { !b.signalHeaders.contains($0) }
                let added = b.signalHeaders.filter { !a.signalHeaders.contains($0) }
                for h in removed { parts.append("header -\(clip(h))") }
                for h in added { parts.append("header +\(clip(h))") }
            }
            head = "\(name) changed: \(parts.joined(separator: ", "))"
        }
        guard let lines = d.lines else { return [head] }
        head += "; +\(lines.added.count) -\(lines.removed.count) lines" + (lines.exact ? "" : " (approximate diff)")
        var out = [head]
        let all =
            lines.removed.map { "  -\($0.number) \(clip($0.text))" }
            + lines.added.map { "  +\($0.number) \(clip($0.text))" }
        out += all.prefix(maxDiffLines)
        if all.count > maxDiffLines { out.append("  … \(all.count - maxDiffLines) more lines (--json has them)") }
        return out
    }

    /// A group of signal changes: one line per change below the threshold, else one line for
    /// the group and one with the agents' names.
    public static func group(_ g: SignalChangeGroup, host: String) -> [String] {
        let values = "\(g.before.rawValue) → \(g.after.rawValue)"
        let obligations = g.changes.first.map { obligationsNote($0) } ?? ""
        if g.changes.count < groupThreshold {
            return g.changes.map { c in
                "\(c.agent.name) \(c.aspect.name): \(values)\(obligations)\(c.statement.map { " (\(statement($0, host: host)))" } ?? "")"
            }
        }
        let statements = g.changes.compactMap(\.statement)
        var why = ""
        if let first = statements.first {
            if statements.count == g.changes.count, statements.allSatisfy({ $0 == first }) {
                why = " (\(statement(first, host: host)))"
            } else {
                let documents = Set(statements.map { $0.document ?? "" })
                let lines = Array(Set(statements.compactMap(\.line))).sorted()
                if documents.count == 1, !lines.isEmpty {
                    let shown = lines.prefix(8).map(String.init).joined(separator: ", ")
                    let more = lines.count > 8 ? ", …" : ""
                    why = " (\(first.mechanism) \(path(first.document ?? "", host: host)) lines \(shown)\(more))"
                } else {
                    why = " (\(first.mechanism), \(statements.count) statements)"
                }
            }
        }
        var names = g.changes.prefix(maxNames).map(\.agent.name).joined(separator: ", ")
        if g.changes.count > maxNames { names += ", … and \(g.changes.count - maxNames) more (--json lists each)" }
        return ["\(g.aspect.name) for \(g.agentsLabel): \(values)\(obligations)\(why)", "  \(names)"]
    }

    /// `robots.content-signal robots.txt:12 "Content-Signal: ai-train=no"`.
    public static func statement(_ s: DecidingStatement, host: String) -> String {
        var out = s.mechanism
        if let document = s.document {
            out += " " + path(document, host: host)
            if let line = s.line { out += ":\(line)" }
        }
        if let element = s.element { out += " (\(element))" }
        if let raw = s.raw, !raw.isEmpty { out += " \"\(clip(raw))\"" }
        return out
    }

    /// A document URL or snapshot path without its scheme and host: `robots.txt`,
    /// `.well-known/tdmrep.json`; the home page is `/`.
    public static func path(_ url: String, host: String) -> String {
        var s = Substring(url)
        if let scheme = s.range(of: "://") { s = s[scheme.upperBound...] }
        if s.lowercased().hasPrefix(host.lowercased()) { s = s.dropFirst(host.count) }
        if s.isEmpty || s == "/" { return "/" }
        return s.hasPrefix("/") ? String(s.dropFirst()) : String(s)
    }

    /// ` [payment: 1 USD → attribution]` when a conditional value's obligations changed.
    static func obligationsNote(_ c: SignalChange) -> String {
        guard c.before.value == .conditional || c.after.value == .conditional else { return "" }
        let before = c.before.obligations.joined(separator: "; ")
        let after = c.after.obligations.joined(separator: "; ")
        if c.before.value == .conditional, c.after.value == .conditional { return " [\(before) → \(after)]" }
        return " [\(c.after.value == .conditional ? after : before)]"
    }

    /// `200, 677 bytes`, or the error of a failed fetch.
    static func describe(_ d: DocumentState?) -> String {
        guard let d else { return "nothing" }
        if let error = d.error { return "\(d.status), error \(clip(error))" }
        return "\(d.status), \(d.body.count) bytes"
    }

    /// `s` cut to `maxRaw` characters, control characters shown as spaces.
    static func clip(_ s: String) -> String {
        let clean = String(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        return clean.count > maxRaw ? String(clean.prefix(maxRaw)) + "…" : clean
    }
}
