// SPDX-License-Identifier: Apache-2.0
// Heed: robots.txt field names, with the misspellings real crawlers accept.
// Spec: RFC 9309 section 2.2 (field names are case-insensitive ABNF literals) and section 2.2.4
// ("crawlers MAY be lenient when interpreting other records", e.g. common misspellings).

/// The field of a robots.txt record, recognized case-insensitively.
///
/// Google's reference parser also accepts a few misspellings of the core fields (`useragent`,
/// `user agent`, `disalow`, `dissallow`, `dissalow`, `diasllow`, `disallaw`, `site-map`). Crawlers
/// built on it obey such lines, so Heed reads them the same way, and reports each one as a
/// `typo` finding so the steward can fix it for every other crawler.
///
/// `user-agents` is in the list too: Google's parser compares field names with a case-insensitive
/// starts-with, so it reads `user-agents` as `user-agent`; Heed matches whole names, so it lists it.
enum RobotsField: Equatable {
    case userAgent
    case allow
    case disallow
    case sitemap
    /// Any other field; the name is lower-cased.
    case other(String)

    /// The misspellings accepted, with the field they stand for.
    static let typos: [String: RobotsField] = [
        "useragent": .userAgent,
        "user agent": .userAgent,
        "user-agents": .userAgent,
        "disalow": .disallow,
        "dissallow": .disallow,
        "dissalow": .disallow,
        "diasllow": .disallow,
        "disallaw": .disallow,
        "site-map": .sitemap,
    ]

    /// The canonical spelling of the core fields.
    var canonicalName: String {
        switch self {
        case .userAgent: "user-agent"
        case .allow: "allow"
        case .disallow: "disallow"
        case .sitemap: "sitemap"
        case .other(let name): name
        }
    }

    /// Classifies a field name (already trimmed). Returns the field and whether it was a typo.
    static func classify(_ name: UnsafeBufferPointer<UInt8>) -> (field: RobotsField, typo: Bool) {
        switch name.count {
        case 5 where equalsLowercased(name, "allow"): return (.allow, false)
        case 8 where equalsLowercased(name, "disallow"): return (.disallow, false)
        case 10 where equalsLowercased(name, "user-agent"): return (.userAgent, false)
        case 7 where equalsLowercased(name, "sitemap"): return (.sitemap, false)
        default: break
        }
        // Every typo is 7 to 11 octets long: only those lengths look one up.
        if name.count >= 7, name.count <= 11, let typo = typo(name) { return (typo, true) }
        let s = String(unsafeUninitializedCapacity: name.count) { out in
            for i in 0..<name.count {
                let b = name[i]
                out[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            return name.count
        }
        return (.other(s), false)
    }

    /// The field a misspelling in `typos` stands for, compared case-insensitively.
    private static func typo(_ name: UnsafeBufferPointer<UInt8>) -> RobotsField? {
        for (spelling, field) in typos where spelling.utf8.count == name.count {
            if spelling.utf8.elementsEqual(name, by: { $0 == ($1 >= 0x41 && $1 <= 0x5A ? $1 | 0x20 : $1) }) {
                return field
            }
        }
        return nil
    }

    /// ASCII case-insensitive comparison with a lower-case literal, without allocating.
    @inline(__always)
    private static func equalsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { lit in
            for i in 0..<lit.count {
                let b = bytes[i]
                if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != lit[i] { return false }
            }
            return true
        }
    }
}
