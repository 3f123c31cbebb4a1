//! Virus scanning with clamd's INSTREAM command: the bytes are streamed to the daemon in
//! chunks, each prefixed by its length, and clamd answers `stream: OK` or
//! `stream: <signature> FOUND`. Every upload is scanned whatever its type; without a reachable
//! daemon the caller keeps the asset `unscanned` and shows it to its owner only.

use std::time::Duration;
use tokio::{
    io::{AsyncRead, AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// The verdict on one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    /// The signature clamd matched (`Eicar-Test-Signature`).
    Infected(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The daemon cannot be reached or stopped answering: try again later.
    #[error("the virus scanner at {addr} cannot be reached: {reason}")]
    Unavailable { addr: String, reason: String },
    /// The daemon refused the stream (bigger than its `StreamMaxLength`, say).
    #[error("the virus scanner refused the file: {0}")]
    Refused(String),
    #[error("reading the file to scan: {0}")]
    Read(std::io::Error),
}

/// A clamd listening on TCP (`TCPSocket`/`TCPAddr` in clamd.conf).
#[derive(Clone, Debug)]
pub struct Clamd {
    addr: String,
    timeout: Duration,
}

/// clamd's default `StreamMaxLength` is 25 MB; chunks well below its limits.
const CHUNK: usize = 64 * 1024;

impl Clamd {
    /// `addr` is `host:port`; `timeout` bounds each step (connect, every write, the answer).
    pub fn new(addr: impl Into<String>, timeout: Duration) -> Self {
        Self { addr: addr.into(), timeout }
    }

    pub fn addr(&self) -> &str {
        &self.addr
    }

    fn unavailable(&self, reason: impl ToString) -> ScanError {
        ScanError::Unavailable { addr: self.addr.clone(), reason: reason.to_string() }
    }

    async fn step<T>(&self, f: impl Future<Output = std::io::Result<T>>) -> Result<T, ScanError> {
        match tokio::time::timeout(self.timeout, f).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(self.unavailable(e)),
            Err(_) => Err(self.unavailable("no answer in time")),
        }
    }

    /// Whether the daemon answers `PING` with `PONG`.
    pub async fn ping(&self) -> Result<(), ScanError> {
        let mut conn = self.step(TcpStream::connect(&self.addr)).await?;
        self.step(conn.write_all(b"zPING\0")).await?;
        let answer = self.answer(&mut conn).await?;
        if answer == "PONG" { Ok(()) } else { Err(self.unavailable(format!("unexpected answer {answer:?}"))) }
    }

    /// Streams `file` to the daemon and returns its verdict.
    pub async fn scan(&self, mut file: impl AsyncRead + Unpin) -> Result<Verdict, ScanError> {
        let mut conn = self.step(TcpStream::connect(&self.addr)).await?;
        self.step(conn.write_all(b"zINSTREAM\0")).await?;
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = file.read(&mut buf).await.map_err(ScanError::Read)?;
            if n == 0 {
                break;
            }
            let len = (n as u32).to_be_bytes();
            if let Err(e) = self.step(async { conn.write_all(&len).await.and(conn.write_all(&buf[..n]).await) }).await {
                // clamd closes the connection once a stream passes its limit; its answer says so.
                return match self.answer(&mut conn).await {
                    Ok(answer) => verdict(&answer),
                    Err(_) => Err(e),
                };
            }
        }
        self.step(conn.write_all(&[0, 0, 0, 0])).await?;
        let answer = self.answer(&mut conn).await?;
        verdict(&answer)
    }

    /// The daemon's answer, up to its terminating NUL.
    async fn answer(&self, conn: &mut TcpStream) -> Result<String, ScanError> {
        let mut answer = Vec::new();
        let mut byte = [0u8; 256];
        loop {
            let n = self.step(conn.read(&mut byte)).await?;
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&byte[..n]);
            if answer.contains(&0) || answer.len() > 4096 {
                break;
            }
        }
        let text = String::from_utf8_lossy(&answer);
        Ok(text.split('\0').next().unwrap_or_default().trim().to_string())
    }
}

/// `stream: OK`, `stream: Eicar-Test-Signature FOUND`, `INSTREAM size limit exceeded. ERROR`.
fn verdict(answer: &str) -> Result<Verdict, ScanError> {
    let body = answer.strip_prefix("stream:").map(str::trim).unwrap_or(answer);
    if body == "OK" {
        Ok(Verdict::Clean)
    } else if let Some(name) = body.strip_suffix(" FOUND") {
        Ok(Verdict::Infected(name.trim().to_string()))
    } else {
        Err(ScanError::Refused(answer.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_as_clamd_writes_them() {
        assert_eq!(verdict("stream: OK").unwrap(), Verdict::Clean);
        assert_eq!(
            verdict("stream: Eicar-Test-Signature.UNOFFICIAL FOUND").unwrap(),
            Verdict::Infected("Eicar-Test-Signature.UNOFFICIAL".into())
        );
        assert!(matches!(verdict("INSTREAM size limit exceeded. ERROR"), Err(ScanError::Refused(_))));
        assert!(matches!(verdict(""), Err(ScanError::Refused(_))));
    }

    #[tokio::test]
    async fn a_scanner_that_is_not_there_is_unavailable_not_clean() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let clamd = Clamd::new(format!("127.0.0.1:{port}"), Duration::from_secs(2));
        assert!(matches!(clamd.scan(&b"hello"[..]).await, Err(ScanError::Unavailable { .. })));
        assert!(clamd.ping().await.is_err());
    }
}
