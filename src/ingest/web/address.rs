//! Which addresses the web fetcher may connect to. A source URL is typed by an admin and every
//! redirect hop is chosen by a third-party site, so neither may point the fetcher at the
//! machine itself, the private network or a cloud metadata service: only addresses on the
//! public internet are reached, unless an explicit allow-list (tests, a local stand-in) adds
//! some. Pure classification, no I/O.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` is an address on the public internet. Everything else (loopback, RFC 1918,
/// link-local, CGNAT, unique-local, multicast, unspecified, documentation and reserved ranges,
/// and the IPv6 forms that carry one of those IPv4 addresses) is not.
pub fn is_global(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_global_v4(v4),
        IpAddr::V6(v6) => is_global_v6(v6),
    }
}

fn is_global_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let private = a == 0 // "this network", 0.0.0.0 included
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b)) // CGNAT 100.64.0.0/10
        || (a == 169 && b == 254) // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // documentation
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113) // documentation
        || a >= 224; // multicast, reserved, broadcast
    !private
}

fn is_global_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    // Forms that embed an IPv4 address reach that address: judge the embedded one.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_global_v4(v4);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        // NAT64 well-known prefix 64:ff9b::/96
        return is_global_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8));
    }
    if s[0] == 0x2002 {
        // 6to4: 2002:AABB:CCDD::/48 is the IPv4 address AA.BB.CC.DD
        return is_global_v4(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8));
    }
    // Only 2000::/3 is global unicast; this leaves out ::, ::1, the deprecated IPv4-compatible
    // ::a.b.c.d, fc00::/7, fe80::/10, fec0::/10, ff00::/8, 100::/64 and 64:ff9b:1::/48.
    if s[0] & 0xe000 != 0x2000 {
        return false;
    }
    let ietf = s[0] == 0x2001 && s[1] < 0x0200; // 2001::/23: Teredo, ORCHID, benchmarking…
    let documentation = (s[0] == 0x2001 && s[1] == 0x0db8) || (s[0] == 0x3fff && s[1] < 0x1000);
    !(ietf || documentation)
}

/// An IPv4 or IPv6 block, `10.0.0.0/8` or a single address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpBlock {
    addr: IpAddr,
    prefix: u8,
}

impl IpBlock {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            // An IPv4 address reached over a dual-stack socket still is that address.
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => prefix_eq(u32::from(net).into(), u32::from(ip).into(), 32, self.prefix),
            (IpAddr::V6(net), IpAddr::V6(ip)) => prefix_eq(u128::from(net), u128::from(ip), 128, self.prefix),
            _ => false,
        }
    }
}

fn prefix_eq(net: u128, ip: u128, bits: u8, prefix: u8) -> bool {
    if prefix == 0 {
        return true;
    }
    let shift = bits - prefix;
    (net >> shift) == (ip >> shift)
}

impl std::str::FromStr for IpBlock {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| format!("{s:?} is not an IP address or CIDR block"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(|| format!("{s:?} has a bad prefix length"))?,
        };
        Ok(IpBlock { addr, prefix })
    }
}

impl fmt::Display for IpBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The addresses the fetcher may connect to: public ones, plus the blocks of an explicit
/// allow-list (`TAKEONE_FETCH_ALLOW_PRIVATE`, refused in production). Empty by default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    allowed: Vec<IpBlock>,
}

impl AddressPolicy {
    /// Only the public internet.
    pub fn public_only() -> AddressPolicy {
        AddressPolicy::default()
    }

    /// Comma- or space-separated addresses and CIDR blocks, e.g. `127.0.0.1, 10.1.0.0/16`.
    pub fn allowing(list: &str) -> Result<AddressPolicy, String> {
        let allowed = list.split([',', ' ']).filter(|s| !s.trim().is_empty()).map(str::parse).collect::<Result<Vec<_>, _>>()?;
        Ok(AddressPolicy { allowed })
    }

    pub fn allowed(&self) -> &[IpBlock] {
        &self.allowed
    }

    pub fn permits(&self, ip: IpAddr) -> bool {
        is_global(ip) || self.allowed.iter().any(|b| b.contains(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn global(s: &str) -> bool {
        is_global(s.parse().unwrap())
    }

    #[test]
    fn public_addresses_are_global() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "185.199.108.153",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "2a00:1450:4001:80b::200e",
            "2001:4860:4860::8888",
            "2606:4700::1111",
        ] {
            assert!(global(ip), "{ip}");
        }
    }

    #[test]
    fn ipv4_special_ranges_are_not_global() {
        for ip in [
            "0.0.0.0",
            "0.1.2.3", // unspecified, this network
            "127.0.0.1",
            "127.255.255.254", // loopback
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1", // RFC 1918
            "169.254.169.254",
            "169.254.0.1", // link-local, metadata
            "100.64.0.1",
            "100.127.255.255", // CGNAT 100.64/10
            "192.0.0.170",
            "192.0.2.1",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "198.19.255.1",
            "192.88.99.1",
            "224.0.0.1",
            "239.255.255.250", // multicast
            "240.0.0.1",
            "255.255.255.255", // reserved, broadcast
        ] {
            assert!(!global(ip), "{ip}");
        }
    }

    #[test]
    fn ipv6_special_ranges_are_not_global() {
        for ip in [
            "::",
            "::1", // unspecified, loopback
            "fc00::1",
            "fd12:3456:789a::1", // unique-local fc00::/7
            "fe80::1",
            "febf::1", // link-local fe80::/10
            "fec0::1", // site-local
            "ff02::1",
            "ff0e::1", // multicast
            "100::1",
            "64:ff9b:1::1",
            "2001:db8::1",
            "2001::1",
            "2001:10::1",
            "3fff::1",
            "::127.0.0.1",
            "::8.8.8.8", // IPv4-compatible, deprecated
        ] {
            assert!(!global(ip), "{ip}");
        }
    }

    #[test]
    fn ipv6_forms_of_private_ipv4_are_judged_by_the_ipv4_address() {
        // IPv4-mapped
        assert!(!global("::ffff:127.0.0.1"));
        assert!(!global("::ffff:169.254.169.254"));
        assert!(!global("::ffff:10.0.0.1"));
        assert!(global("::ffff:8.8.8.8"));
        // 6to4 2002::/16 embedding 127.0.0.1, 192.168.0.1, 169.254.169.254; and a public one
        assert!(!global("2002:7f00:1::1"));
        assert!(!global("2002:c0a8:1::"));
        assert!(!global("2002:a9fe:a9fe::1"));
        assert!(global("2002:808:808::1"));
        // NAT64
        assert!(!global("64:ff9b::7f00:1"));
        assert!(global("64:ff9b::808:808"));
    }

    #[test]
    fn the_allow_list_adds_blocks_and_nothing_else() {
        let policy = AddressPolicy::allowing("127.0.0.1, 10.1.0.0/16").unwrap();
        assert!(policy.permits("127.0.0.1".parse().unwrap()));
        assert!(policy.permits("::ffff:127.0.0.1".parse().unwrap()), "the mapped form is the same address");
        assert!(!policy.permits("127.0.0.2".parse().unwrap()));
        assert!(policy.permits("10.1.200.3".parse().unwrap()));
        assert!(!policy.permits("10.2.0.1".parse().unwrap()));
        assert!(!policy.permits("169.254.169.254".parse().unwrap()));
        assert!(policy.permits("8.8.8.8".parse().unwrap()));
        assert!(!AddressPolicy::public_only().permits("127.0.0.1".parse().unwrap()));
        let v6 = AddressPolicy::allowing("fd00::/8").unwrap();
        assert!(v6.permits("fd00:1::5".parse().unwrap()));
        assert!(!v6.permits("fe80::1".parse().unwrap()));
        assert!(AddressPolicy::allowing("localhost").is_err());
        assert!(AddressPolicy::allowing("10.0.0.0/33").is_err());
        assert_eq!(AddressPolicy::allowing("0.0.0.0/0").unwrap().allowed()[0].to_string(), "0.0.0.0/0");
    }
}
