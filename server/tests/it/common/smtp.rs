//! A stand-in SMTP server on loopback: it speaks the protocol lettre needs (greeting, EHLO
//! with extensions, AUTH PLAIN, MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP,
//! QUIT) and records every envelope and message. `fail_next` makes it refuse the next mails
//! with a temporary error, as a busy relay does.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicUsize, Ordering},
};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

#[derive(Clone, Debug, Default)]
pub struct Received {
    pub helo: String,
    pub auth: Option<String>,
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Clone, Default)]
pub struct StandIn {
    pub port: u16,
    pub mails: Arc<Mutex<Vec<Received>>>,
    pub fail_next: Arc<AtomicUsize>,
}

impl StandIn {
    pub async fn start() -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let me = StandIn { port: listener.local_addr().unwrap().port(), ..Default::default() };
        let server = me.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let s = server.clone();
                tokio::spawn(async move {
                    let _ = s.session(socket).await;
                });
            }
        });
        me
    }

    pub fn received(&self) -> Vec<Received> {
        self.mails.lock().unwrap().clone()
    }

    async fn session(&self, socket: tokio::net::TcpStream) -> std::io::Result<()> {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 stand-in.local ESMTP ready\r\n").await?;
        let mut current = Received::default();
        while let Some(line) = lines.next_line().await? {
            let upper = line.to_ascii_uppercase();
            if upper.starts_with("EHLO") {
                current.helo = line[4..].trim().to_string();
                write
                    .write_all(
                        b"250-stand-in.local greets you\r\n250-8BITMIME\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n250 AUTH PLAIN LOGIN\r\n",
                    )
                    .await?;
            } else if upper.starts_with("HELO") {
                current.helo = line[4..].trim().to_string();
                write.write_all(b"250 stand-in.local\r\n").await?;
            } else if upper.starts_with("AUTH PLAIN") {
                current.auth = Some(line[10..].trim().to_string());
                write.write_all(b"235 2.7.0 Authentication successful\r\n").await?;
            } else if upper.starts_with("MAIL FROM:") {
                current.from = line[10..].trim().trim_matches(['<', '>']).to_string();
                write.write_all(b"250 2.1.0 Ok\r\n").await?;
            } else if upper.starts_with("RCPT TO:") {
                if upper.contains("<BOUNCE") {
                    write.write_all(b"550 5.1.1 No such user here\r\n").await?;
                    continue;
                }
                if self.fail_next.load(Ordering::SeqCst) > 0 {
                    self.fail_next.fetch_sub(1, Ordering::SeqCst);
                    write.write_all(b"451 4.3.0 Try again later\r\n").await?;
                    continue;
                }
                current.to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                write.write_all(b"250 2.1.5 Ok\r\n").await?;
            } else if upper == "DATA" {
                write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
                let mut data = String::new();
                while let Some(l) = lines.next_line().await? {
                    if l == "." {
                        break;
                    }
                    data.push_str(l.strip_prefix('.').unwrap_or(&l));
                    data.push_str("\r\n");
                }
                current.data = data;
                self.mails.lock().unwrap().push(std::mem::take(&mut current));
                write.write_all(b"250 2.0.0 Ok: queued\r\n").await?;
            } else if upper == "RSET" || upper == "NOOP" {
                if upper == "RSET" {
                    current = Received { helo: current.helo.clone(), ..Default::default() };
                }
                write.write_all(b"250 2.0.0 Ok\r\n").await?;
            } else if upper == "QUIT" {
                write.write_all(b"221 2.0.0 Bye\r\n").await?;
                return Ok(());
            } else {
                write.write_all(b"502 5.5.2 Command not recognized\r\n").await?;
            }
        }
        Ok(())
    }
}

/// Decodes an RFC 2047 `=?utf-8?b?...?=` header value (what lettre writes for Arabic).
pub fn decode_header(value: &str) -> String {
    use base64::Engine;
    value
        .split_whitespace()
        .map(|w| match w.strip_prefix("=?utf-8?b?").and_then(|r| r.strip_suffix("?=")) {
            Some(b64) => String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).unwrap_or_default()).unwrap_or_default(),
            None => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join("")
}

/// A header of a received message, with folded continuation lines unfolded.
pub fn header(data: &str, name: &str) -> Option<String> {
    let mut lines = data.split("\r\n");
    let prefix = format!("{name}: ");
    let first = lines.by_ref().find(|l| l.starts_with(&prefix))?;
    let mut value = first[prefix.len()..].to_string();
    for l in lines {
        if l.starts_with([' ', '\t']) {
            value.push(' ');
            value.push_str(l.trim());
        } else {
            break;
        }
    }
    Some(value)
}
