// SPDX-License-Identifier: Apache-2.0
// heed audit: turning options into a policy, and writing the audit's outputs.

import Foundation
import HeedAudit
import HeedCore
import HeedStore

/// Option parsing and output writing for `heed audit` and `heed merge`.
enum AuditOptions {
    /// The options that state the declared use (read by `policy`), for commands other than
    /// `heed audit` that judge URLs the same way (`heed verify`).
    static let useOptions: [OptionSpec] = [
        OptionSpec(
            name: "profile",
            value: "NAME",
            help: "A profile from SignalSpecs/profiles/ (default commercial-genai-training)."
        ),
        OptionSpec(name: "use", value: "USE", help: "search, ai_index, ai_input or ai_train (overrides the profile)."),
        OptionSpec(name: "generative", value: nil, help: "The model is generative (AIPREF train-ai covers it)."),
        OptionSpec(name: "non-generative", value: nil, help: "The model is not generative."),
        OptionSpec(name: "agent", value: "TOKEN", help: "The crawler's product token (repeatable).", repeatable: true),
        OptionSpec(
            name: "actor",
            value: "ACTOR",
            help:
                "commercial, non-commercial, research-organisation, cultural-heritage, education, government, personal."
        ),
        OptionSpec(name: "jurisdiction", value: "J", help: "EU, UK, US, JP, SG or none."),
        OptionSpec(
            name: "implied",
            value: nil,
            help: "Count implied opt-outs (a site blocking known training crawlers)."
        ),
        OptionSpec(name: "no-implied", value: nil, help: "Do not count implied opt-outs."),
    ]

    /// The reader of the manifest named by the first positional argument, with the manifest
    /// options (`--manifest-format`, `--url-column`, `--url-field`, and for commands that take
    /// them `--date-column`, `--date-field`), shared by `heed audit` and `heed verify`.
    static func manifestReader(_ args: ParsedArguments) throws(CLIError) -> ManifestReader {
        var options = ManifestOptions()
        if let f = args.value("manifest-format") {
            guard let format = ManifestFormat(rawValue: f) else {
                throw CLIError(
                    .invalidValue,
                    "--manifest-format",
                    "one of \(ManifestFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            options.format = format
        }
        options.urlColumn = args.value("url-column")
        if let field = args.value("url-field") { options.urlField = field }
        options.dateColumn = args.value("date-column")
        options.dateField = args.value("date-field")
        do {
            return try ManifestReader(path: args.positionals[0], options: options)
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
    }

    /// The policy: the profile (default `commercial-genai-training`) with the flags applied.
    static func policy(_ args: ParsedArguments, specsDir: URL) throws(CLIError) -> AuditPolicy {
        let name = args.value("profile") ?? "commercial-genai-training"
        let profile: AuditProfile
        do {
            profile = try AuditProfile.named(name) {
                FileManager.default.contents(atPath: specsDir.appendingPathComponent($0).path)
            }
        } catch {
            throw CLIError(.invalidValue, "--profile", "\(error.location): \(error.message)")
        }
        var use: UseCategory?
        if let raw = args.value("use") {
            guard let u = UseCategory(rawValue: raw), u != .tdm else {
                throw CLIError(.invalidValue, "--use", "one of search, ai_index, ai_input, ai_train")
            }
            use = u
        }
        var actor: AuditProfile.Actor?
        if let raw = args.value("actor") {
            guard let a = AuditProfile.Actor(rawValue: raw) else {
                let all = AuditProfile.Actor.allCases.map(\.rawValue).joined(separator: ", ")
                throw CLIError(.invalidValue, "--actor", "one of \(all)")
            }
            actor = a
        }
        var jurisdiction: AuditProfile.Jurisdiction?
        if let raw = args.value("jurisdiction") {
            guard
                let j = AuditProfile.Jurisdiction(rawValue: raw == "none" ? "none" : raw.uppercased())
                    ?? (raw == "none" ? .unspecified : nil)
            else {
                throw CLIError(.invalidValue, "--jurisdiction", "one of EU, UK, US, JP, SG, none")
            }
            jurisdiction = j
        }
        if args.flag("generative") && args.flag("non-generative") {
            throw CLIError(.invalidValue, "--generative", "cannot be given with --non-generative")
        }
        if args.flag("implied") && args.flag("no-implied") {
            throw CLIError(.invalidValue, "--implied", "cannot be given with --no-implied")
        }
        let generative: Bool? = args.flag("generative") ? true : args.flag("non-generative") ? false : nil
        let implied: Bool? = args.flag("implied") ? true : args.flag("no-implied") ? false : nil
        let agents = args.all("agent")
        var unknownAs: VerdictKind?
        if let raw = args.value("unknown") {
            let v = try verdict(raw, option: "--unknown")
            guard v == .ok || v == .optedOut else { throw CLIError(.invalidValue, "--unknown", "ok or opted-out") }
            unknownAs = v
        }
        return AuditPolicy(
            profile: profile,
            use: use,
            generative: generative,
            agents: agents.isEmpty ? nil : agents,
            actor: actor,
            jurisdiction: jurisdiction,
            implied: implied,
            unknownAs: unknownAs
        )
    }

    /// A verdict name.
    static func verdict(_ raw: String, option: String) throws(CLIError) -> VerdictKind {
        guard let v = VerdictKind(rawValue: raw) else {
            throw CLIError(
                .invalidValue,
                option,
                "one of \(VerdictKind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return v
    }

    /// `K/N` with 0 <= K < N.
    static func shard(_ raw: String?) throws(CLIError) -> (index: Int, count: Int)? {
        guard let raw else { return nil }
        let parts = raw.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else {
            throw CLIError(.invalidValue, "--shard", "expected K/N with 0 <= K < N (for example 0/4), got '\(raw)'")
        }
        return (k, n)
    }

    /// The effective policy as flags for the run record.
    static func flags(_ policy: AuditPolicy, shard: (index: Int, count: Int)?) -> [String: String] {
        var flags: [String: String] = [
            "use": policy.use.rawValue,
            "generative": String(policy.generative),
            "agents": policy.agents.joined(separator: ","),
            "actor": policy.actor.rawValue,
            "jurisdiction": policy.jurisdiction.rawValue,
            "evidence":
                "explicit=\(policy.evidence.explicit),access=\(policy.evidence.access),implied=\(policy.evidence.implied)",
            "exceptions": policy.exceptions.map(\.id).joined(separator: ","),
            "unknown": policy.unknownAs.rawValue,
        ]
        if let shard { flags["shard"] = "\(shard.index)/\(shard.count)" }
        if !policy.notes.isEmpty { flags["notes"] = policy.notes.joined(separator: "; ") }
        return flags
    }

    /// A short hash of every SignalSpecs file, so a run record names the data it used.
    static func specsHash(_ dir: URL) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var files = SignalSpecs.files
        let profiles =
            (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("profiles").path)) ?? []
        files += profiles.sorted().map { "profiles/\($0)" }
        for file in files {
            for b in Array(file.utf8) + [0]
                + [UInt8](FileManager.default.contents(atPath: dir.appendingPathComponent(file).path) ?? Data())
            {
                hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    /// Writes `--report`, `--credits`, `--record` and `--summary-json`, each atomically.
    static func writeOutputs(
        _ args: ParsedArguments,
        summary: AuditSummary,
        ledger: ObligationsLedger,
        record: RunRecord,
        findings: [String]
    ) throws(CLIError) {
        do {
            if let path = args.value("report") {
                try AtomicFile.write(HTMLReport.render(summary, record: record, findings: findings), to: path)
            }
            if let path = args.value("credits") {
                try AtomicFile.write(ledger.creditsMarkdown(title: "Attribution and licensing owed"), to: path)
            }
            if let path = args.value("record") {
                try AtomicFile.write(record.json() + "\n", to: path)
            }
            if let path = args.value("summary-json") {
                try AtomicFile.write(try summary.encoded(), to: path)
            }
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
    }
}

/// Where the per-URL records go: stdout, or a file written atomically at the end.
struct RecordOutput {
    let format: String
    let path: String?
    let console: Console
    private var buffer: [UInt8] = []
    private var wroteHeader = false

    init(format: String, path: String?, console: Console) {
        self.format = format
        self.path = path
        self.console = console
    }

    mutating func write(_ record: AuditRecord) throws {
        switch format {
        case "jsonl": emit(AuditRecordFormat.jsonl(record))
        case "csv":
            // RFC 4180 §2.1: CSV records (header included) end in CRLF; `emit` adds the LF.
            if !wroteHeader {
                emit(AuditRecordFormat.csvHeader + "\r")
                wroteHeader = true
            }
            emit(AuditRecordFormat.csv(record) + "\r")
        default: break
        }
    }

    private mutating func emit(_ line: String) {
        if path == nil {
            console.line(line)
        } else {
            buffer.append(contentsOf: line.utf8)
            buffer.append(0x0A)
        }
    }

    /// Writes the file, when records go to one.
    mutating func finish() throws(CLIError) {
        guard let path, format != "summary" else { return }
        do {
            try AtomicFile.write(buffer, to: path)
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
    }
}

extension SnapshotAccess {
    /// A thread-safe lookup over an indexed snapshot, for the auditor's workers. Read errors are
    /// treated as never fetched (the signals are then unknown, never silently allowed).
    static func sendableLookup(_ snapshot: Snapshot) -> DocumentSource {
        let index = SnapshotIndex(snapshot)
        return { url in (try? index.lookup(url)) ?? .neverFetched }
    }
}
