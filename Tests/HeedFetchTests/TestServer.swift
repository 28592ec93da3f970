// SPDX-License-Identifier: Apache-2.0
// HeedFetch tests: a loopback HTTP server that misbehaves on purpose, one per test instance.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A Python `ThreadingHTTPServer` (HTTP/1.1 keep-alive, backlog 1024, loopback only) started as a subprocess
/// on a free port and stopped when this object is released. Virtual hosts come from the `Host` header; the
/// tests map every name to 127.0.0.1 with `FetchRequest.resolve`, so nothing leaves the machine.
///
/// `@unchecked Sendable` invariant: every stored property is immutable after `init`; the process is touched only
/// in `init` and `deinit`.
final class TestServer: @unchecked Sendable {
    let port: Int
    private let pid: pid_t
    private let stdinWrite: Int32

    /// The robots.txt most hosts serve.
    static let robots = "User-agent: *\nDisallow: /private\n"

    /// Spawns the server with posix_spawn (Foundation's `Process.waitUntilExit` busy-waits off the main thread
    /// on Linux) and reads the port it prints.
    init(script: String = TestServer.script, arguments: [String] = []) throws {
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            throw ServerError.spawn("pipe: errno \(errno)")
        }
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        let argv: [UnsafeMutablePointer<CChar>?] =
            [strdup("python3"), strdup("-c"), strdup(script)] + arguments.map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var child: pid_t = 0
        let spawned = posix_spawnp(&child, "python3", &actions, nil, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw ServerError.spawn("posix_spawnp python3: \(spawned)")
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(fromChild[0], &byte, 1) == 1 && byte != 0x0A { line.append(byte) }
        close(fromChild[0])
        pid = child
        stdinWrite = toChild[1]
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(child, SIGKILL)
            var status: Int32 = 0
            waitpid(child, &status, 0)
            close(toChild[1])
            throw ServerError.spawn("no port from the server")
        }
        self.port = port
    }

    deinit {
        close(stdinWrite)  // the server's watchdog exits on EOF
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    enum ServerError: Error {
        case spawn(String)
    }

    /// `http://HOST:PORT/PATH`.
    func url(_ host: String, _ path: String) -> String { "http://\(host):\(port)\(path)" }

    static let script = #"""
        import gzip, http.server, json, os, sys, threading, time
        from urllib.parse import urlsplit, parse_qs

        lock = threading.Lock()
        hits, inflight, maxflight, cache = {}, {}, {}, {}
        ROBOTS = b"User-agent: *\nDisallow: /private\n"

        def bomb():
            with lock:
                if "bomb" not in cache:
                    cache["bomb"] = gzip.compress(b"\0" * (20 * 1024 * 1024), 9)
                return cache["bomb"]

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def send(self, status, body=b"", ctype="text/plain", extra=()):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for name, value in extra:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def redirect(self, location):
                self.send(302, b"moved", extra=[("Location", location)])

            def do_GET(self):
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                url = urlsplit(self.path)
                with lock:
                    key = host + url.path
                    hits[key] = hits.get(key, 0) + 1
                    n = hits[key]
                    inflight[host] = inflight.get(host, 0) + 1
                    maxflight[host] = max(maxflight.get(host, 0), inflight[host])
                try:
                    self.route(host, url.path, parse_qs(url.query), n, self.server.server_address[1])
                except OSError:
                    self.close_connection = True
                finally:
                    with lock:
                        inflight[host] -= 1

            def route(self, host, path, q, n, port):
                if path == "/robots.txt":
                    return self.robots(host)
                if path.startswith("/robots-hop/"):
                    k = int(path[12:])
                    return self.redirect("/robots-hop/%d" % (k - 1)) if k > 0 else self.send(200, ROBOTS)
                if path == "/ok":
                    return self.send(200, ("hello " + host).encode())
                if path.startswith("/status/"):
                    return self.send(int(path[8:]), b"status")
                if path == "/limited":
                    return self.send(429, b"slow down", extra=[("Retry-After", "2")])
                if path.startswith("/flaky/"):
                    ok = n > int(path[7:])
                    return self.send(200 if ok else 503, b"recovered" if ok else b"unavailable")
                if path == "/hits":
                    with lock:
                        count = hits.get(q["key"][0], 0)
                    return self.send(200, str(count).encode())
                if path == "/stats":
                    with lock:
                        body = json.dumps(maxflight).encode()
                    return self.send(200, body, "application/json")
                if path.startswith("/chain/"):
                    k = int(path[7:])
                    return self.redirect("/chain/%d" % (k - 1)) if k > 0 else self.send(200, b"end of chain")
                if path == "/loop":
                    return self.redirect("/loop")
                if path == "/cross":
                    return self.redirect("http://%s:%d/ok" % (q["to"][0], port))
                if path == "/to-file":
                    return self.redirect("file:///etc/passwd")
                if path == "/to-gopher":
                    return self.redirect("gopher://127.0.0.1:%d/1" % port)
                if path == "/big":
                    return self.big()
                if path == "/trickle":
                    return self.trickle()
                if path == "/hang":
                    time.sleep(60)
                    self.close_connection = True
                    return
                if path == "/bomb":
                    return self.send(200, bomb(), extra=[("Content-Encoding", "gzip")])
                if path == "/echo":
                    lines = "".join("%s: %s\n" % (k, v) for k, v in self.headers.items())
                    return self.send(200, lines.encode())
                if path == "/etag":
                    if self.headers.get("If-None-Match") == '"v1"':
                        return self.send(304, b"", extra=[("ETag", '"v1"')])
                    return self.send(200, b"versioned", extra=[("ETag", '"v1"')])
                if path == "/slow":
                    time.sleep(0.05)
                    return self.send(200, ("slow " + host).encode())
                return self.send(404, b"not found")

            def robots(self, host):
                if host == "r404.test":
                    return self.send(404, b"no robots here")
                if host == "r500.test":
                    return self.send(500, b"oops")
                if host == "r429.test":
                    return self.send(429, b"slow down", extra=[("Retry-After", "1")])
                if host.startswith("rchain"):
                    return self.redirect("/robots-hop/%d" % (int(host[6]) - 1))
                if host == "rfile.test":
                    return self.redirect("file:///etc/passwd")
                if host == "rbig.test":
                    return self.big()
                if host == "rhang.test":
                    time.sleep(60)
                    return
                if host == "rtype.test":
                    return self.send(200, ROBOTS, "image/png")
                return self.send(200, ROBOTS)

            def big(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"Disallow: /x\n" * 5000
                sent = 0
                while sent < 20 * 1024 * 1024:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                self.wfile.write(b"0\r\n\r\n")

            def trickle(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "100")
                self.end_headers()
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(1)

        class Server(http.server.ThreadingHTTPServer):
            request_queue_size = 1024
            daemon_threads = True

        def watchdog():
            sys.stdin.buffer.read()
            os._exit(0)

        threading.Thread(target=watchdog, daemon=True).start()
        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
