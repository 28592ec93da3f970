// SPDX-License-Identifier: Apache-2.0
// HeedFetch: the libcurl multi driver: one thread runs every transfer and hands results to Swift concurrency.
// Spec: libcurl multi interface (curl_multi_perform, curl_multi_poll, curl_multi_wakeup), libcurl-thread(3).

import CCurl
import Foundation
import HeedCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One HTTP exchange as the driver performs it: no redirect following (the `Fetcher` follows redirects itself so
/// that it can check every hop), no retries, no politeness (the `PoliteScheduler` admits a transfer only when it may
/// start, so time queued behind a per-host limit never counts against curl's timeouts).
struct TransferSpec: Sendable {
    var url: String
    var maxBytes: Int
    var connectTimeoutMS: Int
    var totalTimeoutMS: Int
    var lowSpeedLimit: Int
    var lowSpeedTime: Int
    var userAgent: String
    /// `Name: value` lines.
    var headerLines: [String]
    /// One `CURLOPT_RESOLVE` entry, `host:port:address`, or `nil`.
    var resolve: String?
    /// One `CURLOPT_CONNECT_TO` entry, `host:port:address:port2`, or `nil`.
    var connectTo: String? = nil
    var allowPrivate: Bool
}

/// What one exchange returned.
struct TransferResult: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var truncated: Bool
    /// The absolute target of a 3xx `Location`, as libcurl resolved it (`CURLINFO_REDIRECT_URL`).
    var redirectURL: String?
}

/// The libcurl multi driver.
///
/// Design: one dedicated thread (the driver) owns the multi handle and every easy handle. It loops on
/// `curl_multi_perform` then `curl_multi_poll`, which sleeps until socket activity, a libcurl timer, or
/// `curl_multi_wakeup`. Callers never touch libcurl: `perform` puts a job (the spec and a `CheckedContinuation`)
/// into a lock-protected inbox and wakes the driver; the driver starts the transfer, and when libcurl reports it
/// done, reads the result, frees the handle and resumes the continuation exactly once. Cancelling the calling task
/// puts the transfer's id into the inbox's cancel list (`withTaskCancellationHandler`); the driver removes the
/// handle and resumes with `.cancelled`. An actor cannot own this loop because the thread blocks in `curl_multi_poll`.
///
/// `@unchecked Sendable` invariant: `multi` and `active` (and every `Transfer`) are used only on the driver thread;
/// `inbox` is used only under its lock; `curl_multi_wakeup` (documented callable from any thread) is called only
/// under the inbox lock and only while `inbox.closed` is false, so never after `curl_multi_cleanup`.
final class CurlDriver: @unchecked Sendable {
    private struct Job {
        let id: UInt64
        let spec: TransferSpec
        let continuation: CheckedContinuation<Result<TransferResult, HeedFetchError>, Never>
    }

    private struct Inbox {
        var jobs: [Job] = []
        var cancels: [UInt64] = []
        var nextID: UInt64 = 0
        /// `shutdown()` was called: no new jobs.
        var stopping = false
        /// The multi handle is gone: no more wakeups.
        var closed = false
    }

    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// Whether libcurl was built with a default CA bundle file that exists, so the CA directory can be dropped
    /// (see `start`); a build with a directory only keeps its defaults.
    private static let bundleOnly: Bool = {
        _ = globalInit
        guard let easy = curl_easy_init() else { return false }
        defer { curl_easy_cleanup(easy) }
        var raw: UnsafeMutablePointer<CChar>?
        guard ccurl_easy_getinfo_string(easy, CURLINFO_CAINFO, &raw) == CURLE_OK, let raw else { return false }
        return access(raw, R_OK) == 0
    }()

    private let inbox = Locked(Inbox())
    private let multi: UnsafeMutableRawPointer
    private var active: [UInt64: Transfer] = [:]
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts the driver thread. `connections` sizes libcurl's cache of open connections (kept alive for reuse).
    ///
    /// No `CURLMOPT_MAX_HOST_CONNECTIONS`: the `PoliteScheduler` is the one owner of the per-host limit (it
    /// admits a transfer only when its host has a free slot, and each redirect hop is admitted anew), and
    /// libcurl's cap is harmful beside it. libcurl keys that cap by the address it connects to, so with
    /// `CURLOPT_CONNECT_TO` (every virtual host of a test server or the demo on one port) it became one limit
    /// for *all* hosts and serialized a whole crawl (measured: 106 hosts/s instead of over 1,000; SWIFT-NOTES
    /// §1.4, pitfall 2).
    init(connections: Int) {
        _ = Self.globalInit
        multi = curl_multi_init()
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(16, connections))
        let thread = Thread { [self] in runLoop() }
        thread.name = "heed-curl-driver"
        thread.start()
    }

    /// Performs one exchange. Never throws: failures are values, so typed errors survive the continuation.
    func perform(_ spec: TransferSpec) async -> Result<TransferResult, HeedFetchError> {
        let id = inbox.withLock { box -> UInt64 in
            box.nextID += 1
            return box.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let accepted = inbox.withLock { box -> Bool in
                    // Under the lock: a cancel registered before this point implies isCancelled is true.
                    if Task.isCancelled || box.stopping { return false }
                    box.jobs.append(Job(id: id, spec: spec, continuation: continuation))
                    curl_multi_wakeup(multi)
                    return true
                }
                if !accepted {
                    continuation.resume(
                        returning: .failure(HeedFetchError(.cancelled, location: spec.url, "cancelled"))
                    )
                }
            }
        } onCancel: {
            cancel(id)
        }
    }

    private func cancel(_ id: UInt64) {
        inbox.withLock { box in
            guard !box.closed else { return }
            box.cancels.append(id)
            curl_multi_wakeup(multi)
        }
    }

    /// Stops the driver: transfers in flight end with `.cancelled`, later calls to `perform` fail at once.
    /// Returns when the driver thread has freed the multi handle. Idempotent.
    func shutdown() {
        let first = inbox.withLock { box -> Bool in
            guard !box.stopping else { return false }
            box.stopping = true
            curl_multi_wakeup(multi)
            return true
        }
        if first { stopped.wait() }
    }

    // MARK: - Driver thread only

    private func runLoop() {
        var running: Int32 = 0
        while true {
            let (jobs, cancels, stopping) = inbox.withLock { box in
                defer {
                    box.jobs.removeAll(keepingCapacity: true)
                    box.cancels.removeAll()
                }
                return (box.jobs, box.cancels, box.stopping)
            }
            for job in jobs { start(job) }  // before cancels: a cancel never overtakes its job
            for id in cancels {
                if let transfer = active[id] {
                    finish(transfer, .failure(HeedFetchError(.cancelled, location: transfer.spec.url, "cancelled")))
                }
            }
            if stopping {
                for transfer in Array(active.values) {
                    finish(
                        transfer,
                        .failure(HeedFetchError(.cancelled, location: transfer.spec.url, "the fetcher was shut down"))
                    )
                }
                break
            }
            _ = curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                var raw: UnsafeMutablePointer<CChar>?
                _ = ccurl_easy_getinfo_string(easy, CURLINFO_PRIVATE, &raw)
                guard let raw else { continue }
                let transfer = Unmanaged<Transfer>.fromOpaque(UnsafeRawPointer(raw)).takeUnretainedValue()
                finish(transfer, result(of: transfer, code: message.pointee.data.result))
            }
            _ = curl_multi_poll(multi, nil, 0, 1_000, nil)
        }
        inbox.withLock { $0.closed = true }
        curl_multi_cleanup(multi)
        stopped.signal()
    }

    private func start(_ job: Job) {
        guard let easy = curl_easy_init() else {
            job.continuation.resume(
                returning: .failure(HeedFetchError(.network, location: job.spec.url, "curl_easy_init failed"))
            )
            return
        }
        let transfer = Transfer(id: job.id, spec: job.spec, continuation: job.continuation, easy: easy)
        let me = Unmanaged.passUnretained(transfer).toOpaque()
        let spec = job.spec
        _ = ccurl_easy_setopt_string(easy, CURLOPT_URL, spec.url)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, me)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, transfer.errorBuffer)
        _ = ccurl_easy_setopt_write_cb(easy, CURLOPT_WRITEFUNCTION, writeCallback)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me)
        _ = ccurl_easy_setopt_header_cb(easy, headerCallback)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me)
        _ = ccurl_easy_setopt_opensocket_cb(easy, openSocketCallback)
        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, me)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        _ = ccurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        _ = ccurl_easy_setopt_string(easy, CURLOPT_PROXY, "")  // no proxy from the environment
        _ = ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, spec.connectTimeoutMS)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, spec.totalTimeoutMS)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, spec.lowSpeedLimit)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, spec.lowSpeedTime)
        _ = ccurl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")  // every built-in decoder
        _ = ccurl_easy_setopt_string(easy, CURLOPT_USERAGENT, spec.userAgent)
        _ = ccurl_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1)
        // Trust comes from the CA bundle file alone, so that libcurl (7.87+, OpenSSL) caches the parsed store in the
        // multi handle: it does not when a CA directory is set too, as Debian's build sets by default, and then it
        // re-parses the 200 KiB bundle for every TLS connection (measured: 25 ms of CPU per connection, a crawl of
        // HTTPS hosts capped near 40 connections per second per core). Debian's bundle holds every certificate of
        // its directory.
        if Self.bundleOnly { _ = ccurl_easy_setopt_pointer(easy, CURLOPT_CAPATH, nil) }
        _ = ccurl_easy_setopt_long(easy, CURLOPT_CA_CACHE_TIMEOUT, 86_400)
        if !spec.headerLines.isEmpty {
            var list: UnsafeMutablePointer<curl_slist>?
            for line in spec.headerLines { list = curl_slist_append(list, line) }
            transfer.headerList = list
            _ = ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
        }
        if let entry = spec.resolve {
            transfer.resolveList = curl_slist_append(nil, entry)
            _ = ccurl_easy_setopt_slist(easy, CURLOPT_RESOLVE, transfer.resolveList)
        }
        if let entry = spec.connectTo {
            transfer.connectToList = curl_slist_append(nil, entry)
            _ = ccurl_easy_setopt_slist(easy, CURLOPT_CONNECT_TO, transfer.connectToList)
        }
        guard curl_multi_add_handle(multi, easy) == CURLM_OK else {
            curl_easy_cleanup(easy)
            transfer.easy = nil
            job.continuation.resume(
                returning: .failure(HeedFetchError(.network, location: spec.url, "curl_multi_add_handle failed"))
            )
            return
        }
        active[job.id] = transfer
    }

    private func result(of transfer: Transfer, code: CURLcode) -> Result<TransferResult, HeedFetchError> {
        let url = transfer.spec.url
        if code != CURLE_OK, let refused = transfer.refused {
            return .failure(HeedFetchError(.forbiddenAddress, location: url, "refused to connect: \(refused)"))
        }
        guard let easy = transfer.easy else {
            return .failure(HeedFetchError(.network, location: url, "no handle"))
        }
        if code == CURLE_OK || (code == CURLE_WRITE_ERROR && transfer.truncated) {
            var status = 0
            _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            var raw: UnsafeMutablePointer<CChar>?
            _ = ccurl_easy_getinfo_string(easy, CURLINFO_REDIRECT_URL, &raw)
            let redirect = raw.map { String(cString: $0) }  // copied: the string belongs to the handle
            return .success(
                TransferResult(
                    status: status,
                    headers: HTTPHeaders(transfer.headers),
                    body: transfer.body,
                    truncated: transfer.truncated,
                    redirectURL: redirect
                )
            )
        }
        let detail =
            transfer.errorBuffer[0] != 0
            ? String(cString: transfer.errorBuffer) : String(cString: curl_easy_strerror(code))
        let kind: HeedFetchError.Code
        switch code {
        case CURLE_OPERATION_TIMEDOUT: kind = .timeout
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: kind = .badURL
        default: kind = .network
        }
        return .failure(HeedFetchError(kind, location: url, "\(detail) (curl \(code.rawValue))"))
    }

    private func finish(_ transfer: Transfer, _ result: Result<TransferResult, HeedFetchError>) {
        if let easy = transfer.easy {
            _ = curl_multi_remove_handle(multi, easy)
            curl_easy_cleanup(easy)
            transfer.easy = nil
        }
        active[transfer.id] = nil
        transfer.continuation.resume(returning: result)
    }
}

/// A transfer's state while libcurl runs it. Lives on the driver thread only; C callbacks reach it through the
/// unretained pointer in `CURLOPT_PRIVATE` / `WRITEDATA` / `HEADERDATA` / `OPENSOCKETDATA`, and `active` keeps
/// it alive.
private final class Transfer {
    let id: UInt64
    let spec: TransferSpec
    let continuation: CheckedContinuation<Result<TransferResult, HeedFetchError>, Never>
    var easy: UnsafeMutableRawPointer?
    var body: [UInt8] = []
    var truncated = false
    var headers: [HTTPHeaders.Field] = []
    var bodyStarted = false
    /// Set by the open-socket callback when the address guard refused an address.
    var refused: String?
    let errorBuffer: UnsafeMutablePointer<CChar>
    var headerList: UnsafeMutablePointer<curl_slist>?
    var resolveList: UnsafeMutablePointer<curl_slist>?
    var connectToList: UnsafeMutablePointer<curl_slist>?

    init(
        id: UInt64,
        spec: TransferSpec,
        continuation: CheckedContinuation<Result<TransferResult, HeedFetchError>, Never>,
        easy: UnsafeMutableRawPointer
    ) {
        self.id = id
        self.spec = spec
        self.continuation = continuation
        self.easy = easy
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        errorBuffer.deallocate()
        if let headerList { curl_slist_free_all(headerList) }
        if let resolveList { curl_slist_free_all(resolveList) }
        if let connectToList { curl_slist_free_all(connectToList) }
    }
}

/// Appends body bytes up to the cap; past it, keeps exactly the cap and aborts the transfer (returning fewer bytes
/// than given makes libcurl stop with `CURLE_WRITE_ERROR`). The bytes are decoded ones, so a compression bomb stops
/// at the cap; this also stops chunked bodies, which `CURLOPT_MAXFILESIZE` does not on libcurl 7.88.
private let writeCallback: curl_write_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    transfer.bodyStarted = true
    let room = max(0, transfer.spec.maxBytes - transfer.body.count)
    guard let data else { return n }
    let bytes = UnsafeRawBufferPointer(start: data, count: n)
    if n > room {
        transfer.body.append(contentsOf: bytes.prefix(room))
        transfer.truncated = true
        return 0
    }
    transfer.body.append(contentsOf: bytes)
    return n
}

/// Collects the header fields of the final response: a status line starts a new set (so 1xx responses are
/// dropped), a line starting with whitespace continues the previous field (obs-fold), and trailer fields that
/// arrive after the body are ignored.
private let headerCallback: curl_write_callback = { data, size, count, userdata in
    let n = size * count
    guard let userdata, let data else { return n }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    if transfer.bodyStarted { return n }
    var bytes = UnsafeRawBufferPointer(start: data, count: n)[...]
    while let last = bytes.last, last == 0x0D || last == 0x0A { bytes.removeLast() }
    let line = Substring(String(decoding: bytes, as: UTF8.self))
    if line.hasPrefix("HTTP/") {
        transfer.headers.removeAll()
    } else if let first = line.first, first == " " || first == "\t" {
        if !transfer.headers.isEmpty {
            let more = line.trimmingCharacters(in: .whitespaces)
            transfer.headers[transfer.headers.count - 1].value += " " + more
        }
    } else if let colon = line.firstIndex(of: ":") {
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        if !name.isEmpty { transfer.headers.append(HTTPHeaders.Field(name: name, value: value)) }
    }
    return n
}

/// The address guard at connect time: libcurl calls this with the exact address it is about to connect to
/// (after DNS, `CURLOPT_RESOLVE`, for every redirect hop and every happy-eyeballs attempt). Refusing returns
/// `CURL_SOCKET_BAD`, so nothing is sent; libcurl then tries the next address or fails with "couldn't connect",
/// which `result(of:code:)` reports as `.forbiddenAddress`.
private let openSocketCallback: curl_opensocket_callback = { clientp, _, address in
    guard let clientp, let address, let sa = ccurl_sockaddr_addr(address) else { return -1 }
    let transfer = Unmanaged<Transfer>.fromOpaque(clientp).takeUnretainedValue()
    if !transfer.spec.allowPrivate {
        let length = Int(address.pointee.addrlen)
        if let why = AddressGuard.refusal(sa, length: length) {
            transfer.refused = "\(AddressGuard.text(sa)) is \(why)"
            return -1
        }
    }
    return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
}

/// A value behind an `NSLock` (TSan models it, unlike `Synchronization.Mutex` on Linux: SWIFT-NOTES §1.4).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// An absolute URL as libcurl's own parser reads it (so the check and the transfer cannot disagree).
struct TargetURL: Sendable, Hashable {
    /// The URL as given.
    let url: String
    /// Lowercased scheme.
    let scheme: String
    /// Lowercased host name or address literal (IPv6 in brackets).
    let host: String
    /// The port, the scheme's default when absent.
    let port: Int

    /// `nil` when libcurl cannot parse `url` as an absolute URL.
    init?(_ url: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK else {
            return nil
        }
        func part(_ which: CURLUPart, _ flags: Int32 = 0) -> String? {
            var out: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, which, &out, UInt32(flags)) == CURLUE_OK, let out else { return nil }
            defer { curl_free(out) }
            return String(cString: out)
        }
        guard let scheme = part(CURLUPART_SCHEME) else { return nil }
        self.url = url
        self.scheme = scheme.lowercased()
        self.host = (part(CURLUPART_HOST) ?? "").lowercased()
        self.port = part(CURLUPART_PORT, CURLU_DEFAULT_PORT).flatMap { Int($0) } ?? 0
    }

    /// http or https with a host.
    var isWeb: Bool { (scheme == "http" || scheme == "https") && !host.isEmpty }
}
