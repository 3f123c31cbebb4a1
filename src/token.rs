//! Secrets sent to people (password reset, e-mail verification, invitations, shortlist links).
//!
//! A token is never stored: the database keeps the record's id and the SHA-256 of the token,
//! and the token itself is an HMAC of the record's id under the server's secret. So the mail
//! job can write the link from the id alone, and a copy of the database opens nothing.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct TokenKey(Arc<Vec<u8>>);

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

/// What a token opens; part of what is signed, so a token for one purpose opens no other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    PasswordReset,
    EmailVerification,
    GuardianInvitation,
    OrganizationInvitation,
    Shortlist,
    /// A signed address of a video's playlist or segment.
    MediaStream,
}

impl Purpose {
    fn label(self) -> &'static [u8] {
        match self {
            Purpose::PasswordReset => b"password_reset",
            Purpose::EmailVerification => b"email_verification",
            Purpose::GuardianInvitation => b"guardian_invitation",
            Purpose::OrganizationInvitation => b"organization_invitation",
            Purpose::Shortlist => b"shortlist",
            Purpose::MediaStream => b"media_stream",
        }
    }
}

impl TokenKey {
    pub fn new(secret: &[u8]) -> Self {
        Self(Arc::new(secret.to_vec()))
    }

    fn mac(&self, purpose: Purpose, data: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any size");
        mac.update(b"takeone-token:");
        mac.update(purpose.label());
        mac.update(b":");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }

    /// The token for record `id`.
    pub fn token_for(&self, purpose: Purpose, id: Uuid) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(purpose, id.as_bytes()))
    }

    /// `payload.signature`, for links that carry their own facts (a shortlist's id and expiry).
    pub fn sign(&self, purpose: Purpose, payload: &str) -> String {
        format!("{payload}.{}", URL_SAFE_NO_PAD.encode(self.mac(purpose, payload.as_bytes())))
    }

    /// The payload of a signed value, if the signature is ours.
    pub fn verify<'a>(&self, purpose: Purpose, signed: &'a str) -> Option<&'a str> {
        let (payload, sig) = signed.rsplit_once('.')?;
        let sig = URL_SAFE_NO_PAD.decode(sig).ok()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any size");
        mac.update(b"takeone-token:");
        mac.update(purpose.label());
        mac.update(b":");
        mac.update(payload.as_bytes());
        mac.verify_slice(&sig).ok().map(|_| payload)
    }
}

/// What the database keeps of a token.
pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

/// Compares two secrets in constant time, so how long an answer takes says nothing about how
/// much of a guess was right.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_key_purpose_and_record() {
        let k = TokenKey::new(b"secret");
        let id = Uuid::from_u128(1);
        let t = k.token_for(Purpose::PasswordReset, id);
        assert_eq!(t, k.token_for(Purpose::PasswordReset, id), "derivable from the id again");
        assert_ne!(t, k.token_for(Purpose::EmailVerification, id));
        assert_ne!(t, k.token_for(Purpose::PasswordReset, Uuid::from_u128(2)));
        assert_ne!(t, TokenKey::new(b"other").token_for(Purpose::PasswordReset, id));
        assert!(t.len() >= 43 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(hash(&t).len(), 32);
    }

    #[test]
    fn signed_payloads() {
        let k = TokenKey::new(b"secret");
        let s = k.sign(Purpose::Shortlist, "abc.123");
        assert_eq!(k.verify(Purpose::Shortlist, &s), Some("abc.123"));
        assert_eq!(k.verify(Purpose::PasswordReset, &s), None);
        assert_eq!(k.verify(Purpose::Shortlist, &s.replace("123", "999")), None, "a changed expiry breaks the signature");
        assert_eq!(k.verify(Purpose::Shortlist, "garbage"), None);
    }
}
