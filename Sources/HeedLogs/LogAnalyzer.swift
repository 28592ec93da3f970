// SPDX-License-Identifier: Apache-2.0
// HeedLogs: reads access logs (plain or gzip, files or standard input) in line-aligned chunks, parses
// them on worker threads, and merges the chunks' counts in log order.

import Foundation
internal import HeedAudit
public import HeedCore

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A log to read.
public enum LogSource: Sendable, Hashable {
    /// A file path, or `-` for standard input.
    case path(String)
    /// An open descriptor (not closed), with the name used in messages.
    case descriptor(Int32, name: String)

    /// The name used in messages.
    public var name: String {
        switch self {
        case .path(let p): p
        case .descriptor(_, let name): name
        }
    }
}

/// What every worker shares: the crawlers, the sites' compiled robots.txt versions and the options.
/// Immutable after `init`.
final class LogContext: Sendable {
    let identifier: CrawlerIdentifier
    let sites: [CompiledSite]
    let options: LogOptions
    private let siteByHost: [String: Int]

    init(identifier: CrawlerIdentifier, sites: [SiteRobots], options: LogOptions) {
        self.identifier = identifier
        self.options = options
        var compiled: [CompiledSite] = []
        var next = 0
        var byHost: [String: Int] = [:]
        for site in sites {
            byHost[site.host.lowercased()] = compiled.count
            compiled.append(CompiledSite(site, firstGlobalIndex: next))
            next += site.versions.count
        }
        self.sites = compiled
        siteByHost = byHost
    }

    /// The site a virtual-host value names (lower-cased, a trailing dot and the default ports `:80` and
    /// `:443` dropped), or `sites.count` when it names none.
    func siteIndex(ofHost bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var host = String(decoding: bytes, as: UTF8.self).lowercased()
        for suffix in [":80", ":443"] where host.hasSuffix(suffix) { host.removeLast(suffix.count) }
        if host.hasSuffix(".") { host.removeLast() }
        return siteByHost[host] ?? sites.count
    }
}

/// Which AI crawlers honoured the robots.txt in force when they asked: the analysis of access logs.
///
/// Reading: one thread reads each file (gzip detected from its bytes) into chunks of about
/// `LogOptions.chunkSize` bytes ending at a line break; `LogOptions.workers` threads parse chunks in
/// parallel, each with its own memo of User-Agent → crawler; chunk results are merged in log order, so
/// every count — including "fetched robots.txt first", which depends on order — is exactly what one
/// thread reading line by line would find (tested with every worker and chunk size).
///
/// "First" means earlier in the log: line order, files in the order given. Servers write a line when a
/// request completes, so timestamps can be out of order by a request's duration; line order is the
/// order the server recorded.
public struct LogAnalyzer: Sendable {
    let context: LogContext

    /// An analyzer for the crawlers of `registry` against the robots.txt history of `sites`.
    ///
    /// With one site every line belongs to it; with several, set `options.sitePerLine` and each line
    /// belongs to the site its virtual-host field names.
    public init(registry: AgentRegistry, sites: [SiteRobots], options: LogOptions) {
        context = LogContext(identifier: CrawlerIdentifier(registry: registry), sites: sites, options: options)
    }

    /// An analyzer reusing an identifier already built (the fuzz target builds one per process).
    package init(identifier: CrawlerIdentifier, sites: [SiteRobots], options: LogOptions) {
        context = LogContext(identifier: identifier, sites: sites, options: options)
    }

    /// The crawlers this analyzer recognizes.
    public var crawlers: [LogCrawler] { context.identifier.crawlers }

    /// Reads every source in order and returns the analysis.
    ///
    /// - Throws: `.unreadable` when a file cannot be opened or read, `.badFormat` for a corrupt or
    ///   truncated gzip stream (at `NAME`, after the lines before it were read).
    public func run(_ sources: [LogSource]) throws(HeedLogsError) -> LogAnalysis {
        let options = context.options
        let workers = max(1, options.workers)
        let capacity = max(options.chunkSize, ChunkReader.detectionWindow) + max(64, options.maxLineLength)
        let pipeline = ChunkPipeline(buffers: workers == 1 ? 2 : workers + 2, capacity: capacity)
        let inline: LogWorker? = workers == 1 ? LogWorker(context: context) : nil
        if inline == nil {
            for _ in 0..<workers {
                pipeline.workerStarted()
                let context = self.context
                let thread = Thread {
                    var worker = LogWorker(context: context)
                    while let chunk = pipeline.next() {
                        let result: ChunkResult
                        if let buffer = chunk.buffer {
                            result = worker.process(
                                buffer.bytes,
                                format: chunk.format,
                                index: chunk.index,
                                file: chunk.file
                            )
                        } else {
                            result = LogWorker.overlong(
                                index: chunk.index,
                                file: chunk.file,
                                limit: options.maxLineLength
                            )
                        }
                        pipeline.done(result, buffer: chunk.buffer)
                    }
                    pipeline.workerFinished()
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        }
        var reader = ChunkReader(pipeline: pipeline, inline: inline, options: options)
        var files: [LogFileInfo] = []
        var failure: HeedLogsError?
        for (i, source) in sources.enumerated() {
            do {
                files.append(try reader.read(source, file: i))
            } catch {
                failure = error
                break
            }
        }
        pipeline.close()
        let results = pipeline.finish()
        if let failure { throw failure }
        return LogMerge.analysis(
            results.sorted { $0.index < $1.index },
            files: files,
            context: context
        )
    }
}

/// What was read from one file.
public struct LogFileInfo: Sendable, Hashable {
    /// The name as given.
    public var name: String
    /// The format used (`combined`, or `json` with the fields chosen).
    public var format: String
    /// True when the file was gzip-compressed.
    public var gzip: Bool
    /// Bytes read from it (compressed bytes for gzip).
    public var bytes: Int
}

/// The reading thread: splits each file into line-aligned chunks and submits them (or parses them itself
/// in the single-threaded mode).
struct ChunkReader {
    let pipeline: ChunkPipeline
    var inline: LogWorker?
    let options: LogOptions
    var nextIndex = 0

    init(pipeline: ChunkPipeline, inline: LogWorker?, options: LogOptions) {
        self.pipeline = pipeline
        self.inline = inline
        self.options = options
    }

    /// Reads one source to its end.
    mutating func read(_ source: LogSource, file: Int) throws(HeedLogsError) -> LogFileInfo {
        let name = source.name
        let fd: Int32
        var owned = false
        switch source {
        case .path("-"): fd = 0
        case .path(let path):
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                throw HeedLogsError(.unreadable, location: path, "cannot open: \(String(cString: strerror(errno)))")
            }
            owned = true
        case .descriptor(let d, _): fd = d
        }
        let input: ManifestInput
        do {
            input = try ManifestInput(fd: fd, ownsDescriptor: owned, name: name)
        } catch {
            if owned { close(fd) }
            throw HeedLogsError(error.code == .badFormat ? .badFormat : .unreadable, location: name, error.message)
        }
        var format: ChunkFormat? =
            switch options.format {
            case .combined: .combined
            case .auto, .json: nil
            }
        // The first chunk of a file holds at least the detection window, so the JSON fields are chosen
        // from the same lines whatever the chunk size.
        var chunkSize = max(options.chunkSize, Self.detectionWindow)
        var buffer = pipeline.buffer()
        var eof = false
        do {
            while !eof {
                // `buffer` holds the carry from the previous chunk: the start of a line, or, after an overlong
                // line was skipped, whatever followed it (which may hold line breaks).
                var lastBreak = buffer.count - 1
                while lastBreak >= 0 && buffer.base[lastBreak] != 0x0A { lastBreak -= 1 }
                while !(buffer.count >= chunkSize && lastBreak >= 0) && buffer.count < buffer.capacity {
                    let n = try input.read(into: buffer.base + buffer.count, count: buffer.capacity - buffer.count)
                    if n == 0 {
                        eof = true
                        break
                    }
                    var k = buffer.count + n - 1
                    while k >= buffer.count && lastBreak < 0 {
                        if buffer.base[k] == 0x0A { lastBreak = k }
                        k -= 1
                    }
                    buffer.count += n
                }
                if eof {
                    if buffer.count > 0 {
                        submit(buffer, file: file, format: &format)
                    } else {
                        pipeline.recycle(buffer)
                    }
                    break
                }
                let next = pipeline.buffer()
                if lastBreak >= 0 {
                    let carry = buffer.count - lastBreak - 1
                    if carry > 0 { memcpy(next.base, buffer.base + lastBreak + 1, carry) }
                    next.count = carry
                    buffer.count = lastBreak + 1
                    submit(buffer, file: file, format: &format)
                    buffer = next
                    chunkSize = max(1, options.chunkSize)
                    continue
                }
                // A full buffer without a line break: one overlong line; skip to its end.
                submitOverlong(file: file, format: format ?? .combined)
                pipeline.recycle(buffer)
                buffer = next
                while true {
                    let n = try input.read(into: buffer.base, count: buffer.capacity)
                    if n == 0 {
                        eof = true
                        break
                    }
                    if let nl = memchr(buffer.base, 0x0A, n) {
                        let after = UnsafeMutableRawPointer(nl) - UnsafeMutableRawPointer(buffer.base) + 1
                        if n > after { memmove(buffer.base, buffer.base + after, n - after) }
                        buffer.count = n - after
                        break
                    }
                }
                if eof { pipeline.recycle(buffer) }
            }
        } catch {
            throw HeedLogsError(error.code == .badFormat ? .badFormat : .unreadable, location: name, error.message)
        }
        let description: String
        switch format {
        case .json(let mapping): description = "json (\(mapping.description))"
        case .combined, nil: description = "combined"
        }
        return LogFileInfo(name: name, format: description, gzip: input.isGzip, bytes: input.bytesRead)
    }

    private mutating func submit(_ buffer: ChunkBuffer, file: Int, format: inout ChunkFormat?) {
        if format == nil { format = detect(buffer.bytes) }
        let chunk = LogChunk(index: nextIndex, file: file, format: format ?? .combined, buffer: buffer)
        nextIndex += 1
        if inline != nil {
            pipeline.add(inline!.process(buffer.bytes, format: chunk.format, index: chunk.index, file: file))
            pipeline.recycle(buffer)
        } else {
            pipeline.submit(chunk)
        }
    }

    private mutating func submitOverlong(file: Int, format: ChunkFormat) {
        let chunk = LogChunk(index: nextIndex, file: file, format: format, buffer: nil)
        nextIndex += 1
        if inline != nil {
            pipeline.add(LogWorker.overlong(index: chunk.index, file: file, limit: options.maxLineLength))
        } else {
            pipeline.submit(chunk)
        }
    }

    /// JSON fields are chosen from the first 100 non-blank lines that end within this many bytes of the
    /// file's start.
    static let detectionWindow = 1 << 16

    /// The format of a file from its first chunk: nil while it has no non-blank line.
    private func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> ChunkFormat? {
        var lines: [UnsafeBufferPointer<UInt8>] = []
        var start = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        while start < n && lines.count < 100 {
            var end = n
            if let nl = memchr(base + start, 0x0A, n - start) { end = UnsafeRawPointer(nl) - UnsafeRawPointer(base) }
            if end > Self.detectionWindow && !lines.isEmpty { break }
            var first = start
            while first < end && (base[first] == 0x20 || base[first] == 0x09 || base[first] == 0x0D) { first += 1 }
            if first < end {
                if lines.isEmpty && options.format == .auto && base[first] != UInt8(ascii: "{") { return .combined }
                var stop = end
                if stop > start && base[stop - 1] == 0x0D { stop -= 1 }
                lines.append(UnsafeBufferPointer(start: base + start, count: stop - start))
            }
            start = end + 1
        }
        if lines.isEmpty { return nil }
        return .json(JSONLogParser.detect(lines, overrides: options.fields))
    }
}
