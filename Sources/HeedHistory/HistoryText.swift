// SPDX-License-Identifier: Apache-2.0
// HeedHistory: the terminal output of `heed history` and `heed diff`.

/// Text renderings of a history and a snapshot diff, one line per element.
public enum HistoryText {
    /// A host's timeline: a header, then each step with its changes and figures.
    public static func lines(_ h: HostHistory) -> [String] {
        var out: [String] = []
        let window = h.since.map { " since \(HistoryDate.format($0))" } ?? ""
        out.append(
            "\(h.host): \(h.versions) document version(s) of \(h.documentCount) document(s); "
                + "\(h.steps.count) step(s)\(window), \(h.changes) change(s)"
        )
        if h.omittedPages > 0 {
            out.append("(\(h.omittedPages) stored page(s) past the first \(SiteStateBuilder.maxPages) not evaluated)")
        }
        if let start = h.start {
            out.append("")
            out.append("\(HistoryDate.format(start.at))  state at the start of the window")
            out.append("  " + figures(start.figures))
        }
        for step in h.steps {
            out.append("")
            if step.baseline {
                out.append("\(HistoryDate.format(step.at))  first seen: \(step.documents.count) document(s)")
                for d in step.documents {
                    out.append("  \(ChangeText.path(d.url, host: h.host)): \(ChangeText.describe(d.after))")
                }
            } else {
                let from = step.previous.map { "between \(HistoryDate.format($0)) and \(HistoryDate.format(step.at))" }
                out.append(
                    "\(HistoryDate.format(step.at))  \(from ?? "at \(HistoryDate.format(step.at))"): "
                        + "\(step.documents.count) document(s), \(step.signals.count) signal(s) changed"
                )
                out += ChangeText.lines(documents: step.documents, signals: step.signals, host: h.host)
            }
            out.append("  " + figures(step.figures))
        }
        if h.steps.isEmpty, let since = h.since {
            out.append("")
            out.append("no change since \(HistoryDate.format(since))")
        }
        return out
    }

    /// A snapshot diff: a summary line, then each host with its changes.
    public static func lines(_ d: SnapshotDiff) -> [String] {
        let changed = d.hosts.filter { $0.presence == .both && $0.changeCount > 0 }.count
        let added = d.hosts.filter { $0.presence == .added }.count
        let removed = d.hosts.filter { $0.presence == .removed }.count
        let unchanged = d.hosts.count - changed - added - removed
        var out = [
            "\(d.from) → \(d.to): \(d.hosts.count) host(s): \(changed) changed, \(added) added, \(removed) removed, "
                + "\(unchanged) unchanged; \(d.changes) change(s)"
        ]
        for host in d.hosts {
            switch host.presence {
            case .added, .removed:
                let paths = host.documentURLs.map { ChangeText.path($0, host: host.host) }
                out.append("")
                out.append(
                    "\(host.host): \(host.presence.rawValue) (\(paths.count) document(s)"
                        + (paths.isEmpty
                            ? ")" : ": \(paths.prefix(10).joined(separator: ", "))\(paths.count > 10 ? ", …" : ""))")
                )
            case .both where host.changeCount == 0:
                out.append("")
                out.append("\(host.host): unchanged")
            case .both:
                out.append("")
                out.append(
                    "\(host.host): \(host.documents.count) document(s), \(host.signals.count) signal(s) changed"
                )
                out += ChangeText.lines(documents: host.documents, signals: host.signals, host: host.host)
                if host.omittedPages > 0 {
                    out.append(
                        "  (\(host.omittedPages) page(s) past the first \(SiteStateBuilder.maxPages) not evaluated)"
                    )
                }
                if let a = host.before, let b = host.after, a != b {
                    out.append(
                        "  home page: training crawlers disallowed \(a.trainingCrawlersDisallowed) → "
                            + "\(b.trainingCrawlersDisallowed) of \(b.trainingCrawlers), use cells denied "
                            + "\(a.deniedCells) → \(b.deniedCells) of \(b.cells)"
                    )
                }
            }
        }
        return out
    }

    /// `home page: 19 of 41 training crawlers disallowed, 88 of 835 agent × use cells denied`.
    public static func figures(_ f: StateFigures) -> String {
        "home page: \(f.trainingCrawlersDisallowed) of \(f.trainingCrawlers) training crawlers disallowed, "
            + "\(f.deniedCells) of \(f.cells) agent × use cells denied"
    }
}
