// SPDX-License-Identifier: Apache-2.0
// HeedHistory tests: the history fixtures in Corpus/history/ as snapshots and as a store with history.

import Foundation
import HeedCore
import HeedHistory
import HeedStore

/// Locates `Corpus/history/<site>/<YYYY-MM-DD>/` snapshot folders and builds stores from them.
enum Fixtures {
    /// The repository root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Corpus/history/<site>/<date>`.
    static func snapshot(_ site: String, _ date: String) -> URL {
        root.appendingPathComponent("Corpus/history/\(site)/\(date)")
    }

    /// The dated folders of a site, oldest first.
    static func dates(_ site: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Corpus/history/\(site)").path)
            .filter { $0.count == 10 && $0.first?.isNumber == true }.sorted()
    }

    /// Midnight UTC of `YYYY-MM-DD`.
    static func date(_ day: String) throws -> Date { try HistoryDate.parse(day) }

    /// A new store holding every dated snapshot of `site` imported at its date (each import is
    /// one crawl: unchanged documents are confirmed, changed ones get a new version).
    static func store(_ site: String, through last: String? = nil) throws -> SignalStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SignalStore(path: dir.appendingPathComponent("store.sqlite").path)
        for day in try dates(site) where last.map({ day <= $0 }) ?? true {
            try store.importSnapshot(try Snapshot(root: snapshot(site, day)), fetchedAt: try date(day))
        }
        return store
    }

    /// `SignalSpecs/`, loaded once per call.
    static func specs() throws -> SignalSpecs {
        let dir = root.appendingPathComponent("SignalSpecs")
        return try SignalSpecs { FileManager.default.contents(atPath: dir.appendingPathComponent($0).path) }
    }
}
