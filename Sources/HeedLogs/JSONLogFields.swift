// SPDX-License-Identifier: Apache-2.0
// HeedLogs: which fields of a JSON access-log line hold the User-Agent, the request target, the time, the
// status and the host, for the JSON formats servers and CDNs write.
// Sources for the field names: nginx `log_format ... escape=json` with its variable names
// ($http_user_agent, $request_uri, $time_iso8601, $msec, $status, $host), Caddy's `http.log.access`
// entries (`ts`, `request.uri`, `request.host`, `request.headers.User-Agent`, `status`), Traefik's JSON
// access log (`StartUTC`, `RequestPath`, `RequestHost`, `DownstreamStatus`, `request_User-Agent`),
// Amazon CloudFront's log fields (`date`, `time`, `cs-uri-stem`, `cs-uri-query`, `cs(User-Agent)`,
// `sc-status`, `x-host-header`) and Elastic Common Schema (`@timestamp`, `url.original`,
// `user_agent.original`, `http.response.status_code`).

/// The field names to use instead of the detected ones (dotted paths into nested objects, such as
/// `request.headers.User-Agent`).
public struct LogFieldNames: Sendable, Hashable {
    /// The User-Agent field.
    public var userAgent: String?
    /// The request target field: a path with its query, a full URL, or a whole request line.
    public var path: String?
    /// The time field.
    public var time: String?
    /// The status field.
    public var status: String?
    /// The virtual host field.
    public var host: String?

    /// No overrides: every field is detected.
    public init(
        userAgent: String? = nil,
        path: String? = nil,
        time: String? = nil,
        status: String? = nil,
        host: String? = nil
    ) {
        self.userAgent = userAgent
        self.path = path
        self.time = time
        self.status = status
        self.host = host
    }
}

/// What a JSON field is used for.
enum LogField: Int, CaseIterable, Sendable {
    case userAgent, target, request, query, time, date, status, host

    /// The name used in the report's field description.
    var label: String {
        switch self {
        case .userAgent: "user-agent"
        case .target: "path"
        case .request: "request"
        case .query: "query"
        case .time: "time"
        case .date: "date"
        case .status: "status"
        case .host: "host"
        }
    }
}

/// One field name a role may have.
struct JSONFieldCandidate: Sendable, Hashable {
    var role: LogField
    /// The dotted name as written.
    var name: String
    /// Its components as bytes.
    var path: [[UInt8]]
    /// The value is percent-encoded (CloudFront writes `cs(User-Agent)` so).
    var percentEncoded = false
    /// The value is a path without its query, which a `query` field completes (nginx `$uri` + `$args`).
    var takesQuery = false

    init(_ role: LogField, _ name: String, percentEncoded: Bool = false, takesQuery: Bool = false) {
        self.role = role
        self.name = name
        path = name.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
        self.percentEncoded = percentEncoded
        self.takesQuery = takesQuery
    }
}

/// The fields chosen for one JSON log file: per role, the candidate found first (in priority order) in
/// the file's first lines, or the name given by an option.
///
/// Decision: the choice is made once per file, from its first 100 non-blank lines, by the reading
/// thread, so every line of a file is read the same way whatever thread parses it. A role with no field
/// in those lines is not read at all (for the User-Agent: every request counts as having none).
struct JSONFieldMapping: Sendable, Hashable {
    /// The chosen candidate per role (indexed by `LogField.rawValue`).
    var chosen: [JSONFieldCandidate?] = Array(repeating: nil, count: LogField.allCases.count)

    /// Every candidate, in priority order within each role; an override replaces its role's list.
    static func candidates(_ overrides: LogFieldNames) -> [JSONFieldCandidate] {
        var all: [JSONFieldCandidate] = []
        func role(_ role: LogField, _ override: String?, _ names: [JSONFieldCandidate]) {
            if let override { all.append(JSONFieldCandidate(role, override)) } else { all += names }
        }
        role(
            .userAgent,
            overrides.userAgent,
            [
                .init(.userAgent, "http_user_agent"), .init(.userAgent, "user_agent"),
                .init(.userAgent, "userAgent"), .init(.userAgent, "useragent"), .init(.userAgent, "user-agent"),
                .init(.userAgent, "User-Agent"), .init(.userAgent, "ua"), .init(.userAgent, "agent"),
                .init(.userAgent, "request.headers.User-Agent"), .init(.userAgent, "request_User-Agent"),
                .init(.userAgent, "cs(User-Agent)", percentEncoded: true), .init(.userAgent, "user_agent.original"),
            ]
        )
        role(
            .target,
            overrides.path,
            [
                .init(.target, "request_uri"), .init(.target, "request.uri"), .init(.target, "RequestPath"),
                .init(.target, "requestUri"), .init(.target, "url.original"), .init(.target, "url"),
                .init(.target, "uri", takesQuery: true), .init(.target, "path", takesQuery: true),
                .init(.target, "cs-uri-stem", takesQuery: true),
            ]
        )
        if overrides.path == nil {
            all += [.init(.request, "request"), .init(.request, "request_line"), .init(.request, "requestLine")]
            all += [
                .init(.query, "args"), .init(.query, "query_string"), .init(.query, "cs-uri-query"),
                .init(.query, "query"),
            ]
        }
        role(
            .time,
            overrides.time,
            [
                .init(.time, "time_iso8601"), .init(.time, "timestamp"), .init(.time, "@timestamp"),
                .init(.time, "time_local"), .init(.time, "time"), .init(.time, "ts"), .init(.time, "msec"),
                .init(.time, "StartUTC"), .init(.time, "start_time"), .init(.time, "datetime"),
            ]
        )
        if overrides.time == nil { all.append(.init(.date, "date")) }
        role(
            .status,
            overrides.status,
            [
                .init(.status, "status"), .init(.status, "sc-status"), .init(.status, "DownstreamStatus"),
                .init(.status, "status_code"), .init(.status, "statusCode"), .init(.status, "response_status"),
                .init(.status, "http.response.status_code"),
            ]
        )
        role(
            .host,
            overrides.host,
            [
                .init(.host, "host"), .init(.host, "http_host"), .init(.host, "server_name"), .init(.host, "vhost"),
                .init(.host, "request.host"), .init(.host, "RequestHost"), .init(.host, "x-host-header"),
                .init(.host, "cs(Host)"), .init(.host, "url.domain"),
            ]
        )
        return all
    }

    /// The chosen candidate of `role`.
    subscript(role: LogField) -> JSONFieldCandidate? {
        get { chosen[role.rawValue] }
        set { chosen[role.rawValue] = newValue }
    }

    /// The chosen candidates, role order.
    var list: [JSONFieldCandidate] { chosen.compactMap { $0 } }

    /// `user-agent=http_user_agent, path=request_uri, ...` for the report.
    var description: String {
        list.map { "\($0.role.label)=\($0.name)" }.joined(separator: ", ")
    }
}
