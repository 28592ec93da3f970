// SPDX-License-Identifier: Apache-2.0
// Heed: the parts of an HTML page's head that carry AI preference signals.
// Spec: WHATWG HTML §4.2.5 (meta), §4.2.4 (link), §4.12.1 (script data blocks).

/// The `<meta>`, `<link>` and inline RSL `<script>` elements of a page head.
public struct HTMLHead: Sendable, Hashable {
    /// A `<meta>` element.
    public struct Meta: Sendable, Hashable {
        /// `name`, lower-cased (empty when absent).
        public var name: String
        /// `http-equiv`, lower-cased (empty when absent).
        public var httpEquiv: String
        /// `property`, lower-cased (empty when absent).
        public var property: String
        /// `content`, entity-decoded, as written.
        public var content: String
        /// The 1-based source line, when known.
        public var line: Int?

        /// Creates a meta element.
        public init(name: String = "", httpEquiv: String = "", property: String = "", content: String, line: Int? = nil)
        {
            self.name = name
            self.httpEquiv = httpEquiv
            self.property = property
            self.content = content
            self.line = line
        }
    }

    /// A `<link>` element.
    public struct Link: Sendable, Hashable {
        /// `rel` tokens, lower-cased.
        public var rel: [String]
        /// `href` as written.
        public var href: String
        /// `type`, lower-cased (empty when absent).
        public var type: String
        /// The 1-based source line, when known.
        public var line: Int?

        /// Creates a link element.
        public init(rel: [String], href: String, type: String = "", line: Int? = nil) {
            self.rel = rel
            self.href = href
            self.type = type
            self.line = line
        }
    }

    /// An inline `<script type="application/rsl+xml">` block.
    public struct Script: Sendable, Hashable {
        /// `type`, lower-cased.
        public var type: String
        /// The text of the script element.
        public var text: String
        /// The 1-based source line, when known.
        public var line: Int?

        /// Creates a script element.
        public init(type: String, text: String, line: Int? = nil) {
            self.type = type
            self.text = text
            self.line = line
        }
    }

    /// Every meta element of the head, in document order.
    public var metas: [Meta]
    /// Every link element of the head, in document order.
    public var links: [Link]
    /// Inline RSL script blocks.
    public var scripts: [Script]
    /// Problems met while reading (not HTML errors, which browsers recover from: only what
    /// matters for signals, such as a head cut at the size limit).
    public var findings: [Finding]

    /// Creates a head from its parts.
    public init(metas: [Meta] = [], links: [Link] = [], scripts: [Script] = [], findings: [Finding] = []) {
        self.metas = metas
        self.links = links
        self.scripts = scripts
        self.findings = findings
    }

    /// The meta elements whose `name` is `name` (case-insensitive).
    public func metas(named name: String) -> [Meta] {
        let lower = name.lowercased()
        return metas.filter { $0.name == lower }
    }
}
