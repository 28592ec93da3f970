// SPDX-License-Identifier: Apache-2.0
// HeedHistory: JSON Lines output of `heed history` and `heed diff`: one object per change, then a summary.
// Spec: RFC 8259 §7 (string escaping), §4 (member order is the writer's: fixed here, documented in the README).

/// A JSON value whose object members keep their order, so every record has the same documented
/// key order. (HeedHistory depends on neither HeedAudit nor the `heed` executable, which have
/// writers of their own.)
public enum HistoryJSON: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A string.
    case string(String)
    /// An array.
    case array([HistoryJSON])
    /// An object, members in order.
    case object([Member])

    /// One object member.
    public struct Member: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value.
        public var value: HistoryJSON
        /// A member.
        public init(_ key: String, _ value: HistoryJSON) {
            self.key = key
            self.value = value
        }
    }

    /// A string, or `null`.
    public static func optional(_ s: String?) -> HistoryJSON { s.map(HistoryJSON.string) ?? .null }
    /// An integer, or `null`.
    public static func optional(_ n: Int?) -> HistoryJSON { n.map(HistoryJSON.int) ?? .null }

    /// The object member `key`, or `nil` (tests read records back with it).
    public subscript(_ key: String) -> HistoryJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// One line, no spaces.
    public var serialized: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .string(let s): HistoryJSON.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { out += "," }
                HistoryJSON.quote(m.key, into: &out)
                out += ":"
                m.value.write(into: &out)
            }
            out += "}"
        }
    }

    /// `s` as a JSON string: `"`, `\` and control characters escaped (RFC 8259 §7).
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out += "\""
    }
}

/// The records of `--json`: one object per change with the same keys in the same order (a key
/// that does not apply to a record's kind is `null`), then one summary object.
public enum ChangeRecords {
    /// Diff lines per document and direction in a record; `addedCount`/`removedCount` give the
    /// full numbers.
    public static let maxLines = 2_000

    /// The keys of a change record, in order (the README documents each).
    public static let keys = [
        "kind", "host", "at", "between", "change", "page", "agent", "purpose", "category", "before", "after",
        "obligationsBefore", "obligationsAfter", "statement", "document", "documents", "linesAdded",
        "linesRemoved", "addedCount", "removedCount", "diffExact",
    ]

    /// Every record of a history (its steps in order), then its summary.
    public static func records(_ h: HostHistory) -> [HistoryJSON] {
        var out: [HistoryJSON] = []
        for step in h.steps {
            let at = HistoryDate.format(step.at)
            if step.baseline {
                var fields = empty("host", h.host)
                fields["at"] = .string(at)
                fields["change"] = .string(HostChangeKind.firstSeen.rawValue)
                fields["documents"] = .array(step.documents.map { .string($0.url) })
                out.append(object(fields))
                continue
            }
            let between = span(step.between)
            for d in step.documents {
                var fields = document(d, host: h.host)
                fields["at"] = .string(at)
                fields["between"] = d.between.map(span) ?? between
                out.append(object(fields))
            }
            for s in step.signals {
                var fields = signal(s, host: h.host)
                fields["at"] = .string(at)
                fields["between"] = between
                out.append(object(fields))
            }
        }
        let last = h.steps.last?.figures ?? h.start?.figures
        out.append(
            .object([
                .init("summary", .bool(true)),
                .init("host", .string(h.host)),
                .init("since", .optional(h.since.map(HistoryDate.format))),
                .init("versions", .int(h.versions)),
                .init("documents", .int(h.documentCount)),
                .init("steps", .int(h.steps.count)),
                .init("changes", .int(h.changes)),
                .init("documentChanges", .int(h.steps.filter { !$0.baseline }.reduce(0) { $0 + $1.documents.count })),
                .init("signalChanges", .int(h.steps.reduce(0) { $0 + $1.signals.count })),
                .init("trainingCrawlersDisallowed", .optional(last?.trainingCrawlersDisallowed)),
                .init("trainingCrawlers", .optional(last?.trainingCrawlers)),
                .init("deniedCells", .optional(last?.deniedCells)),
                .init("cells", .optional(last?.cells)),
                .init("omittedPages", .int(h.omittedPages)),
            ])
        )
        return out
    }

    /// Every record of a snapshot diff (hosts in order), then its summary.
    public static func records(_ d: SnapshotDiff) -> [HistoryJSON] {
        var out: [HistoryJSON] = []
        for host in d.hosts {
            switch host.presence {
            case .added, .removed:
                var fields = empty("host", host.host)
                fields["change"] = .string(host.presence.rawValue)
                fields["documents"] = .array(host.documentURLs.map(HistoryJSON.string))
                out.append(object(fields))
            case .both:
                for doc in host.documents { out.append(object(document(doc, host: host.host))) }
                for s in host.signals { out.append(object(signal(s, host: host.host))) }
            }
        }
        let both = d.hosts.filter { $0.presence == .both }
        out.append(
            .object([
                .init("summary", .bool(true)),
                .init("from", .string(d.from)),
                .init("to", .string(d.to)),
                .init("hosts", .int(d.hosts.count)),
                .init("hostsAdded", .int(d.hosts.filter { $0.presence == .added }.count)),
                .init("hostsRemoved", .int(d.hosts.filter { $0.presence == .removed }.count)),
                .init("hostsChanged", .int(both.filter { $0.changeCount > 0 }.count)),
                .init("changes", .int(d.changes)),
                .init("documentChanges", .int(both.reduce(0) { $0 + $1.documents.count })),
                .init("signalChanges", .int(both.reduce(0) { $0 + $1.signals.count })),
                .init("omittedPages", .int(both.reduce(0) { $0 + $1.omittedPages })),
            ])
        )
        return out
    }

    /// A record's fields, all `null` but `kind` and `host`.
    static func empty(_ kind: String, _ host: String) -> [String: HistoryJSON] {
        var fields: [String: HistoryJSON] = [:]
        for key in keys { fields[key] = .null }
        fields["kind"] = .string(kind)
        fields["host"] = .string(host)
        return fields
    }

    /// The fields in `keys` order.
    static func object(_ fields: [String: HistoryJSON]) -> HistoryJSON {
        .object(keys.map { HistoryJSON.Member($0, fields[$0] ?? .null) })
    }

    /// `[from, to]`, `from` `null` when unknown.
    static func span(_ s: TimeSpan) -> HistoryJSON {
        .array([.optional(s.from.map(HistoryDate.format)), .string(HistoryDate.format(s.to))])
    }

    static func document(_ d: DocumentChange, host: String) -> [String: HistoryJSON] {
        var fields = empty("document", host)
        fields["change"] = .string(d.kind.rawValue)
        fields["before"] = version(d.before)
        fields["after"] = version(d.after)
        fields["document"] = .string(d.url)
        if let lines = d.lines {
            func list(_ l: [LineDiff.Line]) -> HistoryJSON {
                .array(
                    l.prefix(maxLines).map {
                        .object([.init("line", .int($0.number)), .init("text", .string($0.text))])
                    }
                )
            }
            fields["linesAdded"] = list(lines.added)
            fields["linesRemoved"] = list(lines.removed)
            fields["addedCount"] = .int(lines.added.count)
            fields["removedCount"] = .int(lines.removed.count)
            fields["diffExact"] = .bool(lines.exact)
        }
        return fields
    }

    static func version(_ d: DocumentState?) -> HistoryJSON {
        guard let d else { return .null }
        return .object([
            .init("status", .int(d.status)),
            .init("sha256", .string(d.sha256)),
            .init("bytes", .int(d.body.count)),
            .init("error", .optional(d.error)),
            .init("headers", .array(d.signalHeaders.map(HistoryJSON.string))),
        ])
    }

    static func signal(_ s: SignalChange, host: String) -> [String: HistoryJSON] {
        var fields = empty("signal", host)
        fields["change"] = .string("changed")
        fields["page"] = .string(s.page)
        fields["agent"] = .string(s.agent.name)
        fields["purpose"] = .optional(s.agent.purpose?.rawValue)
        fields["category"] = .string(s.aspect.name)
        fields["before"] = .string(s.before.value.rawValue)
        fields["after"] = .string(s.after.value.rawValue)
        fields["obligationsBefore"] = .array(s.before.obligations.map(HistoryJSON.string))
        fields["obligationsAfter"] = .array(s.after.obligations.map(HistoryJSON.string))
        if let st = s.statement {
            fields["statement"] = .object([
                .init("mechanism", .string(st.mechanism)),
                .init("document", .optional(st.document)),
                .init("line", .optional(st.line)),
                .init("element", .optional(st.element)),
                .init("raw", .optional(st.raw)),
            ])
        }
        return fields
    }
}
