//! BREACH defence: the CSRF token is never written twice the same way. Each response carries
//! `hex(pad) || hex(pad XOR token)` with a fresh random pad, so a compressed page that also
//! reflects the visitor's query text leaks nothing through its length from one response to
//! the next. The cookie keeps the plain token; only what pages show is masked.

/// This response's spelling of `token`.
pub fn mask(token: &str) -> String {
    let pad: Vec<u8> = (0..token.len()).map(|_| rand::random::<u8>()).collect();
    let masked: Vec<u8> = token.bytes().zip(&pad).map(|(t, p)| t ^ p).collect();
    let mut out = hex(&pad);
    out.push_str(&hex(&masked));
    out
}

/// The token behind a masked spelling, or `None` for anything that is not one.
pub fn unmask(masked: &str) -> Option<String> {
    if !masked.len().is_multiple_of(4) || !masked.is_ascii() {
        return None;
    }
    let (pad, body) = masked.split_at(masked.len() / 2);
    let (pad, body) = (unhex(pad)?, unhex(body)?);
    String::from_utf8(pad.iter().zip(&body).map(|(p, b)| p ^ b).collect()).ok()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_spelled_differently_each_time_and_reads_back() {
        let token = "0123abcd.ef456789";
        let (a, b) = (mask(token), mask(token));
        assert_ne!(a, b);
        assert!(!a.contains(token));
        assert_eq!(unmask(&a).as_deref(), Some(token));
        assert_eq!(unmask(&b).as_deref(), Some(token));
    }

    #[test]
    fn anything_else_is_not_a_masked_token() {
        for s in ["", "abc", "zzzz", "0123abcd.ef456789", "é1é2", "00112233445566778899"] {
            assert_ne!(unmask(s).as_deref(), Some("0123abcd.ef456789"), "{s}");
        }
        assert_eq!(unmask("zz00"), None);
    }
}
