//! WhatsApp groups through Whapi.cloud: the webhook it posts for new messages, and polling of a
//! group's history (`GET /messages/list/{ChatID}`) to catch up after downtime. Only group
//! messages written by others, with some text (a body or a media caption), become
//! [`IncomingMessage`]s; everything else Whapi sends is skipped without error.

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use time::OffsetDateTime;
use url::Url;

use crate::ingest::web::{ClientSetupError, error_chain, excerpt, parse_base_url};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomingMessage {
    /// Whapi's message id, stable across webhook and polling (the key for de-duplication).
    pub id: String,
    /// `…@g.us`.
    pub chat_id: String,
    /// The sender's WhatsApp id (a phone number without `+`, or a `…@lid` id).
    pub sender: String,
    pub sent_at: OffsetDateTime,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum WhapiError {
    #[error("unexpected Whapi payload: {0}")]
    UnknownShape(String),
    #[error("Whapi did not answer within {0:?}")]
    Timeout(Duration),
    #[error("could not reach Whapi: {0}")]
    Connect(String),
    #[error("Whapi answered HTTP {status}: {message}")]
    HttpStatus { status: u16, message: String },
}

#[derive(Deserialize)]
struct Envelope {
    messages: Option<Vec<Value>>,
    event: Option<Event>,
}

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "event")]
    action: Option<String>,
}

#[derive(Deserialize)]
struct RawMessage {
    id: String,
    chat_id: String,
    from: Option<String>,
    #[serde(default)]
    from_me: bool,
    #[serde(rename = "type")]
    kind: String,
    timestamp: f64,
    text: Option<Body>,
    link_preview: Option<Body>,
    image: Option<Media>,
    video: Option<Media>,
    gif: Option<Media>,
    short: Option<Media>,
    document: Option<Media>,
}

#[derive(Deserialize)]
struct Body {
    body: Option<String>,
}

#[derive(Deserialize)]
struct Media {
    caption: Option<String>,
}

/// The messages of a Whapi webhook body worth reading. Other events (statuses, chats,
/// presences…) and edits or deletions of messages give an empty list; a body that is not Whapi's
/// envelope is [`WhapiError::UnknownShape`], so a misconfigured webhook is noticed.
pub fn parse_webhook(body: &[u8]) -> Result<Vec<IncomingMessage>, WhapiError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| WhapiError::UnknownShape(format!("the webhook body is not JSON: {e}")))?;
    let envelope: Envelope = serde_json::from_value(value)
        .map_err(|e| WhapiError::UnknownShape(format!("the webhook body is not Whapi's {{messages, event, channel_id}} envelope: {e}")))?;
    match &envelope.event {
        Some(event) if event.kind != "messages" => return Ok(Vec::new()),
        // "put"/"patch"/"delete" carry edits and deletions of messages already received.
        Some(event) if event.action.as_deref().is_some_and(|a| a != "post") => return Ok(Vec::new()),
        Some(_) => {}
        None if envelope.messages.is_none() => {
            return Err(WhapiError::UnknownShape("the webhook body has neither `event` nor `messages`".into()));
        }
        None => {}
    }
    let items = envelope.messages.ok_or_else(|| WhapiError::UnknownShape("a messages event without a `messages` list".into()))?;
    convert_all(items)
}

fn convert_all(items: Vec<Value>) -> Result<Vec<IncomingMessage>, WhapiError> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let raw: RawMessage =
            serde_json::from_value(item).map_err(|e| WhapiError::UnknownShape(format!("messages[{i}] is not a Whapi message: {e}")))?;
        if let Some(message) = convert(raw)? {
            out.push(message);
        }
    }
    Ok(out)
}

fn convert(raw: RawMessage) -> Result<Option<IncomingMessage>, WhapiError> {
    if !raw.chat_id.ends_with("@g.us") || raw.from_me {
        return Ok(None);
    }
    let text = match raw.kind.as_str() {
        "text" => raw.text.and_then(|t| t.body),
        // A post that contains a link arrives as a link preview; its body is the whole text.
        "link_preview" => raw.link_preview.and_then(|t| t.body).or_else(|| raw.text.and_then(|t| t.body)),
        "image" => raw.image.and_then(|m| m.caption),
        "video" => raw.video.and_then(|m| m.caption),
        "gif" => raw.gif.and_then(|m| m.caption),
        "short" => raw.short.and_then(|m| m.caption),
        "document" => raw.document.and_then(|m| m.caption),
        _ => None,
    };
    let Some(text) = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let Some(sender) = raw.from.filter(|f| !f.is_empty()) else {
        return Ok(None);
    };
    let sent_at = OffsetDateTime::from_unix_timestamp(raw.timestamp.floor() as i64)
        .map_err(|e| WhapiError::UnknownShape(format!("message {} has timestamp {}: {e}", raw.id, raw.timestamp)))?;
    Ok(Some(IncomingMessage { id: raw.id, chat_id: raw.chat_id, sender, sent_at, text }))
}

pub struct WhapiClient {
    base_url: Url,
    token: String,
    timeout: Duration,
    client: reqwest::Client,
}

impl WhapiClient {
    pub const DEFAULT_BASE_URL: &'static str = "https://gate.whapi.cloud";

    /// `base_url` is the gate's root, [`WhapiClient::DEFAULT_BASE_URL`] for the hosted service.
    pub fn new(base_url: &str, token: impl Into<String>) -> Result<WhapiClient, ClientSetupError> {
        let base_url = parse_base_url(base_url)?;
        let client = reqwest::Client::builder().build()?;
        Ok(WhapiClient { base_url, token: token.into(), timeout: Duration::from_secs(30), client })
    }

    pub fn with_timeout(mut self, timeout: Duration) -> WhapiClient {
        self.timeout = timeout;
        self
    }

    /// Up to `count` messages of the group `chat_id`, oldest first; with `since`, those sent at
    /// or after it (Whapi's `time_from`, in whole seconds). Filtered like the webhook.
    pub async fn list_messages(
        &self,
        chat_id: &str,
        since: Option<OffsetDateTime>,
        count: u32,
    ) -> Result<Vec<IncomingMessage>, WhapiError> {
        let mut url = self.base_url.clone();
        url.path_segments_mut()
            .map_err(|()| WhapiError::Connect(format!("{} cannot be a base URL", self.base_url)))?
            .pop_if_empty()
            .extend(["messages", "list", chat_id]);
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("count", &count.to_string());
            match since {
                // Ascending from the cursor, so a page that hits `count` continues where it stopped.
                Some(since) => {
                    query.append_pair("time_from", &since.unix_timestamp().to_string());
                    query.append_pair("sort", "asc");
                }
                None => {
                    query.append_pair("sort", "desc");
                }
            }
        }
        let response = self
            .client
            .get(url)
            .bearer_auth(&self.token)
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(self.timeout)
            .send()
            .await
            .map_err(|e| self.transport_error(&e))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| self.transport_error(&e))?;
        if !status.is_success() {
            let message = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| v["error"]["message"].as_str().or_else(|| v["message"].as_str()).map(str::to_string))
                .unwrap_or_else(|| excerpt(&text, 300));
            return Err(WhapiError::HttpStatus { status: status.as_u16(), message });
        }
        #[derive(Deserialize)]
        struct MessagesList {
            messages: Vec<Value>,
        }
        let list: MessagesList = serde_json::from_str(&text).map_err(|e| {
            WhapiError::UnknownShape(format!("the messages list is not {{messages: [...]}} ({e}): {}", excerpt(&text, 200)))
        })?;
        let mut messages = convert_all(list.messages)?;
        messages.sort_by_key(|m| m.sent_at);
        Ok(messages)
    }

    fn transport_error(&self, e: &reqwest::Error) -> WhapiError {
        if e.is_timeout() { WhapiError::Timeout(self.timeout) } else { WhapiError::Connect(error_chain(e)) }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use axum::Json;
    use axum::Router;
    use axum::extract::{Path, Query};
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::IntoResponse;
    use axum::routing::get;
    use serde_json::json;
    use time::macros::datetime;

    use super::*;
    use crate::ingest::web::stand_in::StandIn;

    const GROUP: &str = "120363049581234567@g.us";

    fn envelope(messages: Value) -> Vec<u8> {
        json!({ "messages": messages, "event": { "type": "messages", "event": "post" }, "channel_id": "MANTIS-X1Y2Z" })
            .to_string()
            .into_bytes()
    }

    fn text_message(id: &str, chat_id: &str, from_me: bool, body: &str) -> Value {
        json!({
            "id": id, "from_me": from_me, "type": "text", "chat_id": chat_id, "timestamp": 1_775_000_000,
            "source": "mobile", "text": { "body": body }, "from": "966555123456", "from_name": "Casting Office"
        })
    }

    #[test]
    fn text_message_in_a_group() {
        let body = envelope(json!([text_message("m1", GROUP, false, "  مطلوب ممثلين للرياض  ")]));
        let messages = parse_webhook(&body).unwrap();
        assert_eq!(
            messages,
            vec![IncomingMessage {
                id: "m1".into(),
                chat_id: GROUP.into(),
                sender: "966555123456".into(),
                sent_at: datetime!(2026-03-31 23:33:20 UTC),
                text: "مطلوب ممثلين للرياض".into(),
            }]
        );
    }

    #[test]
    fn captions_of_media_and_link_previews() {
        let body = envelope(json!([
            { "id": "img", "from_me": false, "type": "image", "chat_id": GROUP, "timestamp": 1_775_000_001.5, "from": "966555000001",
              "image": { "id": "x", "mime_type": "image/jpeg", "caption": "Casting call – see poster" } },
            { "id": "vid", "from_me": false, "type": "video", "chat_id": GROUP, "timestamp": 1_775_000_002, "from": "966555000002",
              "video": { "id": "y", "caption": "تجارب أداء" } },
            { "id": "doc", "from_me": false, "type": "document", "chat_id": GROUP, "timestamp": 1_775_000_003, "from": "966555000003",
              "document": { "id": "z", "filename": "brief.pdf", "caption": "Brief attached" } },
            { "id": "link", "from_me": false, "type": "link_preview", "chat_id": GROUP, "timestamp": 1_775_000_004, "from": "966555000004",
              "link_preview": { "body": "Apply: https://forms.example.com/x", "url": "https://forms.example.com/x" } },
            { "id": "bare-img", "from_me": false, "type": "image", "chat_id": GROUP, "timestamp": 1_775_000_005, "from": "966555000005",
              "image": { "id": "w" } },
            { "id": "sticker", "from_me": false, "type": "sticker", "chat_id": GROUP, "timestamp": 1_775_000_006, "from": "966555000006",
              "sticker": { "id": "s" } }
        ]));
        let messages = parse_webhook(&body).unwrap();
        let got: Vec<(&str, &str)> = messages.iter().map(|m| (m.id.as_str(), m.text.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("img", "Casting call – see poster"),
                ("vid", "تجارب أداء"),
                ("doc", "Brief attached"),
                ("link", "Apply: https://forms.example.com/x"),
            ]
        );
        assert_eq!(messages[0].sent_at, datetime!(2026-03-31 23:33:21 UTC));
    }

    #[test]
    fn own_and_private_messages_are_skipped() {
        let body = envelope(json!([
            text_message("mine", GROUP, true, "our own post"),
            text_message("dm", "966555123456@s.whatsapp.net", false, "private chat"),
            text_message("kept", GROUP, false, "group post"),
        ]));
        let ids: Vec<String> = parse_webhook(&body).unwrap().into_iter().map(|m| m.id).collect();
        assert_eq!(ids, vec!["kept"]);
    }

    #[test]
    fn other_events_are_empty() {
        let statuses = json!({
            "statuses": [{ "id": "m1", "status": "read", "recipient_id": "966555123456", "timestamp": "1775000000" }],
            "event": { "type": "statuses", "event": "post" }, "channel_id": "MANTIS-X1Y2Z"
        });
        assert_eq!(parse_webhook(statuses.to_string().as_bytes()).unwrap(), vec![]);
        let edit = json!({
            "messages": [text_message("m1", GROUP, false, "edited")],
            "event": { "type": "messages", "event": "patch" }, "channel_id": "MANTIS-X1Y2Z"
        });
        assert_eq!(parse_webhook(edit.to_string().as_bytes()).unwrap(), vec![]);
    }

    #[test]
    fn unknown_shapes_are_errors() {
        for body in [
            &b"not json"[..],
            br#"[1, 2, 3]"#,
            br#"{"hello": "world"}"#,
            br#"{"messages": "nope", "event": {"type": "messages", "event": "post"}}"#,
            br#"{"messages": [{"id": "m1"}], "event": {"type": "messages", "event": "post"}}"#,
            br#"{"event": {"type": "messages", "event": "post"}}"#,
        ] {
            let err = parse_webhook(body).unwrap_err();
            assert!(matches!(err, WhapiError::UnknownShape(_)), "{err}");
            assert!(err.to_string().starts_with("unexpected Whapi payload"), "{err}");
        }
        let err = parse_webhook(br#"{"messages": [{"id": "m1"}], "event": {"type": "messages", "event": "post"}}"#).unwrap_err();
        assert!(err.to_string().contains("messages[0]"), "{err}");
    }

    #[tokio::test]
    async fn list_messages_sends_bearer_and_query() {
        let app = Router::new().route(
            "/messages/list/{chat_id}",
            get(|Path(chat_id): Path<String>, Query(query): Query<HashMap<String, String>>, headers: HeaderMap| async move {
                if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer whapi-token") {
                    return (StatusCode::UNAUTHORIZED, Json(json!({"error": {"code": 401, "message": "Unauthorized"}}))).into_response();
                }
                let expected: HashMap<String, String> = [("count", "50"), ("time_from", "1775000000"), ("sort", "asc")]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                if chat_id != GROUP || query != expected {
                    return (StatusCode::BAD_REQUEST, format!("bad request {chat_id} {query:?}")).into_response();
                }
                let mut later = text_message("m2", GROUP, false, "second");
                later["timestamp"] = json!(1_775_000_100);
                Json(json!({
                    "messages": [later, text_message("m1", GROUP, false, "first"), text_message("m0", GROUP, true, "ours")],
                    "count": 50, "total": 3, "offset": 0
                }))
                .into_response()
            }),
        );
        let server = StandIn::start(app).await;
        let client = WhapiClient::new(server.url("/").as_str(), "whapi-token").unwrap().with_timeout(Duration::from_secs(2));
        let since = datetime!(2026-03-31 23:33:20 UTC);
        let messages = client.list_messages(GROUP, Some(since), 50).await.unwrap();
        let ids: Vec<&str> = messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, vec!["m1", "m2"], "oldest first, our own skipped");

        let wrong = WhapiClient::new(server.url("/").as_str(), "other").unwrap();
        let err = wrong.list_messages(GROUP, Some(since), 50).await.unwrap_err();
        assert!(matches!(&err, WhapiError::HttpStatus { status: 401, message } if message == "Unauthorized"), "{err}");
    }

    #[tokio::test]
    async fn list_messages_errors() {
        let app = Router::new().route("/messages/list/{chat_id}", get(|| async { "<html>oops</html>" })).route(
            "/slow/messages/list/{chat_id}",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                Json(json!({"messages": []}))
            }),
        );
        let server = StandIn::start(app).await;
        let client = WhapiClient::new(server.url("/").as_str(), "t").unwrap();
        let err = client.list_messages(GROUP, None, 10).await.unwrap_err();
        assert!(matches!(err, WhapiError::UnknownShape(_)), "{err}");

        let slow = WhapiClient::new(server.url("/slow").as_str(), "t").unwrap().with_timeout(Duration::from_millis(300));
        let err = slow.list_messages(GROUP, None, 10).await.unwrap_err();
        assert!(matches!(err, WhapiError::Timeout(_)), "{err}");
    }
}
