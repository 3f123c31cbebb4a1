//! The fetcher's DNS: names are resolved here and only the addresses the policy permits are
//! handed to the connector, so the connection goes to exactly the address that was checked (a
//! second lookup could answer differently: DNS rebinding). URLs naming an IP literal never reach
//! a resolver; [`check_literal`] covers them before each request.

use std::net::{IpAddr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use super::FetchError;
use super::address::AddressPolicy;

/// Why a connection was not attempted; carried through reqwest's error chain back to us.
#[derive(Debug, thiserror::Error)]
#[error("address not allowed: {0}")]
pub struct AddressRefused(pub IpAddr);

pub struct CheckedResolver {
    policy: AddressPolicy,
}

impl CheckedResolver {
    pub fn new(policy: AddressPolicy) -> CheckedResolver {
        CheckedResolver { policy }
    }
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(permitted(self.policy.clone(), name.as_str().to_string()))
    }
}

/// The addresses of `host` the policy permits; none permitted is an error naming one refused.
async fn permitted(policy: AddressPolicy, host: String) -> Result<Addrs, Box<dyn std::error::Error + Send + Sync>> {
    let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
    let (permitted, refused): (Vec<SocketAddr>, Vec<SocketAddr>) = found.into_iter().partition(|a| policy.permits(a.ip()));
    match (permitted.is_empty(), refused.first()) {
        (true, Some(first)) => Err(Box::new(AddressRefused(first.ip()))),
        _ => Ok(Box::new(permitted.into_iter())),
    }
}

/// A URL whose host is an IP address is connected to without resolving: check it here.
pub fn check_literal(policy: &AddressPolicy, url: &Url) -> Result<(), FetchError> {
    let ip = match url.host() {
        Some(Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(Host::Ipv6(v6)) => IpAddr::V6(v6),
        _ => return Ok(()),
    };
    if policy.permits(ip) { Ok(()) } else { Err(FetchError::AddressNotAllowed { url: url.clone(), address: ip }) }
}

/// The refusal buried in a reqwest error, if that is what stopped it.
pub fn refused_in(e: &(dyn std::error::Error + 'static)) -> Option<IpAddr> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(AddressRefused(ip)) = err.downcast_ref::<AddressRefused>() {
            return Some(*ip);
        }
        current = err.source();
    }
    None
}

/// For clients that hand the URL to someone else (Firecrawl): resolve it here and refuse it if
/// any address it names is not permitted. The service resolves again on its side, so this stops
/// the plain cases (a literal, `localhost`, a name of the private network), not rebinding.
pub async fn check_resolved(policy: &AddressPolicy, url: &Url) -> Result<(), FetchError> {
    check_literal(policy, url)?;
    let Some(Host::Domain(host)) = url.host() else { return Ok(()) };
    let port = url.port_or_known_default().unwrap_or(80);
    // A name that does not resolve here may still resolve for the service: leave it to it.
    let lookup = tokio::time::timeout(std::time::Duration::from_secs(5), tokio::net::lookup_host((host, port)));
    let Ok(Ok(found)) = lookup.await else { return Ok(()) };
    for addr in found {
        if !policy.permits(addr.ip()) {
            return Err(FetchError::AddressNotAllowed { url: url.clone(), address: addr.ip() });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn names_resolving_to_private_addresses_are_refused_and_public_ones_kept() {
        let strict = CheckedResolver::new(AddressPolicy::public_only());
        let err = strict.resolve("localhost".parse().unwrap()).await.err().expect("localhost is refused");
        assert!(refused_in(&*err).is_some_and(|ip| ip.is_loopback()), "{err}");
        assert!(err.to_string().starts_with("address not allowed: "), "{err}");

        let open = CheckedResolver::new(AddressPolicy::allowing("127.0.0.0/8, ::1").unwrap());
        let addrs: Vec<SocketAddr> = open.resolve("localhost".parse().unwrap()).await.unwrap().collect();
        assert!(!addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback()), "{addrs:?}");
    }

    #[test]
    fn literal_hosts_are_checked_in_every_spelling() {
        let policy = AddressPolicy::public_only();
        for url in [
            "http://127.0.0.1:8080/x",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://[::1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://0.0.0.0/",
        ] {
            let url = Url::parse(url).unwrap();
            let err = check_literal(&policy, &url).unwrap_err();
            assert!(err.to_string().starts_with("address not allowed: "), "{url}: {err}");
        }
        assert!(check_literal(&policy, &Url::parse("http://8.8.8.8/").unwrap()).is_ok());
        assert!(check_literal(&policy, &Url::parse("https://example.sa/").unwrap()).is_ok(), "names are the resolver's to check");
    }
}
