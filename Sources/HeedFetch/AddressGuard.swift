// SPDX-License-Identifier: Apache-2.0
// HeedFetch: which IP addresses the fetcher refuses to connect to.
// Spec: IANA IPv4/IPv6 Special-Purpose Address Registries (RFC 6890), RFC 1918, RFC 4193, RFC 6598, RFC 4291.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The address guard: refuses non-public targets so a fetched URL (or a redirect, or a DNS answer that changes
/// between checks) cannot make Heed talk to a private network or a cloud metadata endpoint.
///
/// It runs at connect time, on the exact `sockaddr` libcurl is about to connect to (`CURLOPT_OPENSOCKETFUNCTION`),
/// so there is no gap between check and use. Refused, beyond the classes the issue names (private, loopback,
/// link-local including 169.254.169.254, unspecified, multicast, CGNAT): `0.0.0.0/8`, `192.0.0.0/24`,
/// benchmark `198.18.0.0/15`, `240.0.0.0/4` and broadcast; IPv6 `::/128`, `::1`, `fc00::/7`, `fe80::/10`,
/// site-local `fec0::/10`, `ff00::/8`; and IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible, NAT64
/// (`64:ff9b::/96`) and 6to4 (`2002::/16`) addresses are judged by the IPv4 address they embed.
enum AddressGuard {
    /// Why an IPv4 address (host byte order) is refused, or `nil` when it is public.
    static func refusal(ipv4 a: UInt32) -> String? {
        func inNet(_ net: UInt32, _ bits: UInt32) -> Bool {
            bits == 0 ? true : (a >> (32 - bits)) == (net >> (32 - bits))
        }
        if inNet(0x0000_0000, 8) { return "unspecified or this-network (0.0.0.0/8)" }
        if inNet(0x0A00_0000, 8) { return "private (10.0.0.0/8)" }
        if inNet(0x6440_0000, 10) { return "shared/CGNAT (100.64.0.0/10)" }
        if inNet(0x7F00_0000, 8) { return "loopback (127.0.0.0/8)" }
        if inNet(0xA9FE_0000, 16) { return "link-local (169.254.0.0/16)" }
        if inNet(0xAC10_0000, 12) { return "private (172.16.0.0/12)" }
        if inNet(0xC000_0000, 24) { return "IETF protocol assignments (192.0.0.0/24)" }
        if inNet(0xC0A8_0000, 16) { return "private (192.168.0.0/16)" }
        if inNet(0xC612_0000, 15) { return "benchmarking (198.18.0.0/15)" }
        if inNet(0xE000_0000, 4) { return "multicast (224.0.0.0/4)" }
        if inNet(0xF000_0000, 4) { return "reserved or broadcast (240.0.0.0/4)" }
        return nil
    }

    /// Why an IPv6 address (16 bytes, network order) is refused, or `nil` when it is public.
    static func refusal(ipv6 b: [UInt8]) -> String? {
        precondition(b.count == 16)
        func embedded(_ offset: Int) -> UInt32 {
            b[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        let zeros10 = b[0..<10].allSatisfy { $0 == 0 }
        if b.allSatisfy({ $0 == 0 }) { return "unspecified (::)" }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return "loopback (::1)" }
        if zeros10 && b[10] == 0xFF && b[11] == 0xFF {
            return refusal(ipv4: embedded(12)).map { "IPv4-mapped " + $0 }
        }
        if zeros10 && b[10] == 0 && b[11] == 0 {
            return "IPv4-compatible (::/96, deprecated)"
        }
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..<12].allSatisfy({ $0 == 0 }) {
            return refusal(ipv4: embedded(12)).map { "NAT64 " + $0 }
        }
        if b[0] == 0x20 && b[1] == 0x02 { return refusal(ipv4: embedded(2)).map { "6to4 " + $0 } }
        if b[0] & 0xFE == 0xFC { return "unique local (fc00::/7)" }
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return "link-local (fe80::/10)" }
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return "site-local (fec0::/10)" }
        if b[0] == 0xFF { return "multicast (ff00::/8)" }
        return nil
    }

    /// Why the socket address is refused, or `nil` when it is public. Families other than IPv4 and IPv6 are refused.
    static func refusal(_ address: UnsafePointer<sockaddr>, length: Int) -> String? {
        let family = Int32(address.pointee.sa_family)
        let raw = UnsafeRawPointer(address)
        if family == AF_INET && length >= MemoryLayout<sockaddr_in>.size {
            let sin = raw.loadUnaligned(as: sockaddr_in.self)
            return refusal(ipv4: UInt32(bigEndian: sin.sin_addr.s_addr))
        }
        if family == AF_INET6 && length >= MemoryLayout<sockaddr_in6>.size {
            let sin6 = raw.loadUnaligned(as: sockaddr_in6.self)
            let bytes = withUnsafeBytes(of: sin6.sin6_addr) { Array($0) }
            return refusal(ipv6: bytes)
        }
        return "address family \(family) is not IPv4 or IPv6"
    }

    /// The address as text (`127.0.0.1`, `::1`), for messages.
    static func text(_ address: UnsafePointer<sockaddr>) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let raw = UnsafeRawPointer(address)
        let family = Int32(address.pointee.sa_family)
        var ok = false
        if family == AF_INET {
            var addr = raw.loadUnaligned(as: sockaddr_in.self).sin_addr
            ok = inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count)) != nil
        } else if family == AF_INET6 {
            var addr = raw.loadUnaligned(as: sockaddr_in6.self).sin6_addr
            ok = inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return "family \(family)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
