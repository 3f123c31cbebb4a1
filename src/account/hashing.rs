//! argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), run on tokio's blocking pool
//! behind a semaphore: a burst of logins queues here instead of eating the threads that
//! render pages, and memory stays bounded at `permits * 19 MiB`.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordVerifier, Version, password_hash::SaltString};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A real hash of a throwaway password, verified against when the email is unknown so that
/// both answers take the same time.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        use argon2::PasswordHasher as _;
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        argon2().hash_password(b"timing-equalizer-not-a-password", &salt).expect("hashing works").to_string()
    })
}

impl PasswordHasher {
    /// `concurrency` hashes may run at once; the rest wait their turn.
    pub fn new(concurrency: usize) -> Self {
        Self { permits: Arc::new(Semaphore::new(concurrency.max(1))) }
    }

    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let password = password.to_owned();
        self.run(move || {
            use argon2::PasswordHasher as _;
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            argon2().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| HashError(e.to_string()))
        })
        .await
    }

    /// Checks `password` against `hash`; with no hash (unknown account) it still does the work.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, HashError> {
        let password = password.to_owned();
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| dummy_hash()).to_owned();
        self.run(move || {
            let parsed = PasswordHash::new(&hash).map_err(|e| HashError(e.to_string()))?;
            let ok = argon2().verify_password(password.as_bytes(), &parsed).is_ok();
            Ok(ok && known)
        })
        .await
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> Result<T, HashError> + Send + 'static) -> Result<T, HashError> {
        let _permit = self.permits.acquire().await.map_err(|e| HashError(e.to_string()))?;
        tokio::task::spawn_blocking(work).await.map_err(|e| HashError(e.to_string()))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let h = PasswordHasher::new(2);
        let hash = h.hash("correct horse battery").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(h.verify("correct horse battery", Some(&hash)).await.unwrap());
        assert!(!h.verify("wrong horse battery", Some(&hash)).await.unwrap());
        assert!(!h.verify("correct horse battery", None).await.unwrap());
    }
}
