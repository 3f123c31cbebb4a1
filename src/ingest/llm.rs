//! Extraction by any OpenAI-compatible chat-completions endpoint with structured output
//! (`response_format: json_schema`, strict). The schema is exactly [`Extraction`]'s JSON, and the
//! answer is checked against it here as well: "OpenAI-compatible" servers differ in how strictly
//! they enforce it. Any error means the caller falls back to the rule-based extractor.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use crate::ingest::extraction::{ExtractInput, Extraction, SourceType};
use crate::ingest::web::{ClientSetupError, error_chain, excerpt, parse_base_url};

pub struct OpenAiExtractor {
    /// `…/chat/completions`.
    endpoint: Url,
    api_key: String,
    model: String,
    timeout: Duration,
    client: reqwest::Client,
}

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("the extraction model did not answer within {0:?}")]
    Timeout(Duration),
    #[error("could not reach the extraction model: {0}")]
    Connect(String),
    #[error("the extraction model's endpoint answered HTTP {status}: {message}")]
    HttpStatus { status: u16, message: String },
    #[error("the extraction model refused: {0}")]
    Refusal(String),
    /// Not JSON, or JSON that does not fit the schema of [`Extraction`].
    #[error("the extraction model's answer is unusable: {0}")]
    Garbage(String),
}

/// The labelling rules of the development set, condensed; the schema carries the field shapes.
const SYSTEM_PROMPT: &str = "\
You read one post from a Saudi casting marketplace's sources (a WhatsApp group message or web-page text, \
Arabic, English or both) and fill in the casting_call schema. Rules:
- is_casting_call is true only when the post invites people to apply, audition or show up for on-camera, \
on-stage or voice talent work for a specific production or talent-selection programme (extras, models, \
voice-over, stunt, UGC talent, theatre and acting competitions included; scam-looking calls too, with the \
fee in requirements). It is false for schedules for people already cast, past-tense reports, releases and \
festivals, credits, workshops and courses, scam warnings, agency sign-ups without a production, crew-only \
jobs, actors advertising themselves, greetings, spam and \"call closed\" notes. When false, every field \
except is_casting_call and language is null or empty.
- title: short English description (role + project + city).
- company: the production company, casting agency or organiser named in the text, as written (Arabic \
script kept); venues, clients and individuals are not companies.
- location_city: normalised English city of the shoot or audition (Riyadh, Jeddah, Dammam, Khobar, Medina, \
AlUla, Dubai, Abu Dhabi, Doha, Cairo, London...); the first if several; null for only a country or region, \
remote work, or a news dateline.
- roles: one per distinct talent role or group, crew excluded. gender male/female when stated or \
grammatically specific, any when both are explicitly invited, else null. Ages: \"20-40\" -> 20/40; \
\"16 years\" -> 16/16; \"25+\" -> 25/null; \"20s-30s\" -> 20/39; \"late 20s/early 30s\" -> 27/33; \
babies in months -> 0/1; unspecified -> null/null.
- compensation: the pay as stated, short English with currency and unit, else null. \
compensation_amount_sar: a whole number only for SAR/riyal amounts (or an unlabelled amount in a Saudi \
group): the lowest per-person figure, a range's lower bound, 0 when explicitly unpaid; null for other \
currencies (no conversion).
- deadline: YYYY-MM-DD of the explicit application deadline, else the last fixed audition date, else null; \
relative dates (\"before Thursday\") are null. Arabic-Indic digits and d/m forms (١٥/٦ = 15 June) are \
normalised.
- shoot_dates: free text, ISO dates when exact, else a short English paraphrase; null for a duration only.
- contact: numbers in E.164 without spaces (local 05... -> +9665...); a number tied to WhatsApp goes to \
whatsapp only, any other to phone (the first); email and url (application or social link) as written.
- language: ar, en, or mixed (a full phrase in each language; names, URLs, hashtags or one loan word do \
not make a post mixed).
- requirements: short English strings for explicit conditions (nationality, dialect, look, skills, what \
to send, availability, fees asked from talent).
Use only what the post says; never invent contacts, dates or amounts.";

impl OpenAiExtractor {
    /// Structured output over a long Arabic post takes a while on small models.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// `base_url` is the API root that `/chat/completions` hangs off (`https://api.openai.com/v1`);
    /// a URL that already ends in `/chat/completions` is used as it is. The timeout defaults to
    /// [`OpenAiExtractor::DEFAULT_TIMEOUT`].
    pub fn new(base_url: &str, api_key: impl Into<String>, model: impl Into<String>) -> Result<OpenAiExtractor, ClientSetupError> {
        let base_url = parse_base_url(base_url)?;
        let endpoint = if base_url.path().trim_end_matches('/').ends_with("/chat/completions") {
            base_url
        } else {
            let joined = format!("{}/chat/completions", base_url.as_str().trim_end_matches('/'));
            Url::parse(&joined).map_err(|e| ClientSetupError(format!("invalid endpoint {joined:?}: {e}")))?
        };
        let client = reqwest::Client::builder().build()?;
        Ok(OpenAiExtractor { endpoint, api_key: api_key.into(), model: model.into(), timeout: Self::DEFAULT_TIMEOUT, client })
    }

    pub fn with_timeout(mut self, timeout: Duration) -> OpenAiExtractor {
        self.timeout = timeout;
        self
    }

    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    pub fn model(&self) -> &str {
        &self.model
    }

    pub async fn extract(&self, input: &ExtractInput) -> Result<Extraction, LlmError> {
        let body = json!({
            "model": self.model,
            "messages": [
                { "role": "system", "content": SYSTEM_PROMPT },
                { "role": "user", "content": user_message(input) },
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": { "name": "casting_call", "strict": true, "schema": extraction_schema() },
            },
        });
        let response = self
            .client
            .post(self.endpoint.clone())
            .bearer_auth(&self.api_key)
            .timeout(self.timeout)
            .json(&body)
            .send()
            .await
            .map_err(|e| self.transport_error(&e))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| self.transport_error(&e))?;
        if !status.is_success() {
            let message = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
                .unwrap_or_else(|| excerpt(&text, 300));
            return Err(LlmError::HttpStatus { status: status.as_u16(), message });
        }
        parse_completion(&text)
    }

    fn transport_error(&self, e: &reqwest::Error) -> LlmError {
        if e.is_timeout() { LlmError::Timeout(self.timeout) } else { LlmError::Connect(error_chain(e)) }
    }
}

fn user_message(input: &ExtractInput) -> String {
    let source = match input.source_type {
        SourceType::Whatsapp => "a WhatsApp group message (Saudi unless it says otherwise)",
        SourceType::Web => "text of a web page",
    };
    let received = match input.received_on {
        Some(date) => format!("Received on {date}. Place a date without a year in the first year that puts it on or after that day."),
        None => "Received on an unknown day. A date without a year is in 2026.".to_string(),
    };
    format!("Source: {source}.\n{received}\n\nPost:\n\"\"\"\n{}\n\"\"\"", input.text)
}

#[derive(Deserialize)]
struct Completion {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: Option<AssistantMessage>,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct AssistantMessage {
    content: Option<String>,
    refusal: Option<String>,
}

fn parse_completion(text: &str) -> Result<Extraction, LlmError> {
    let completion: Completion =
        serde_json::from_str(text).map_err(|e| LlmError::Garbage(format!("not a chat completion ({e}): {}", excerpt(text, 200))))?;
    let choice = completion.choices.into_iter().next().ok_or_else(|| LlmError::Garbage("no choices".into()))?;
    let message = choice.message.ok_or_else(|| LlmError::Garbage("the choice has no message".into()))?;
    if let Some(refusal) = message.refusal.filter(|r| !r.trim().is_empty()) {
        return Err(LlmError::Refusal(refusal));
    }
    if choice.finish_reason.as_deref() == Some("length") {
        return Err(LlmError::Garbage("the answer was cut off at the token limit".into()));
    }
    let content = message.content.filter(|c| !c.trim().is_empty()).ok_or_else(|| LlmError::Garbage("empty content".into()))?;
    let value: Value =
        serde_json::from_str(&content).map_err(|e| LlmError::Garbage(format!("content is not JSON ({e}): {}", excerpt(&content, 200))))?;
    validate(&extraction_schema(), &value, "$").map_err(LlmError::Garbage)?;
    serde_json::from_value(value).map_err(|e| LlmError::Garbage(format!("content does not fit Extraction: {e}")))
}

fn nullable(kind: &str, description: &str) -> Value {
    json!({ "type": [kind, "null"], "description": description })
}

/// The JSON Schema of [`Extraction`] in the subset strict structured output accepts: every
/// property required, optional values as `[type, "null"]`, no additional properties.
pub fn extraction_schema() -> Value {
    let role = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["name_or_description", "gender", "age_min", "age_max"],
        "properties": {
            "name_or_description": { "type": "string", "description": "The role or talent group, short English" },
            "gender": { "type": ["string", "null"], "enum": ["male", "female", "any", null] },
            "age_min": nullable("integer", "Youngest age, whole years 0-120"),
            "age_max": nullable("integer", "Oldest age, whole years 0-120"),
        },
    });
    let contact = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["phone", "email", "whatsapp", "url"],
        "properties": {
            "phone": nullable("string", "E.164 without spaces, e.g. +966555123456"),
            "email": nullable("string", "As written"),
            "whatsapp": nullable("string", "E.164 number explicitly tied to WhatsApp"),
            "url": nullable("string", "Application or social link as written"),
        },
    });
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": [
            "is_casting_call", "title", "company", "location_city", "roles", "compensation",
            "compensation_amount_sar", "deadline", "shoot_dates", "contact", "language", "requirements"
        ],
        "properties": {
            "is_casting_call": { "type": "boolean" },
            "title": nullable("string", "Short English description: role + project + city"),
            "company": nullable("string", "Production company, casting agency or organiser named in the text"),
            "location_city": nullable("string", "Normalised English city name"),
            "roles": { "type": "array", "items": role },
            "compensation": nullable("string", "Pay as stated, short English"),
            "compensation_amount_sar": nullable("integer", "Lowest per-person amount in SAR"),
            "deadline": nullable("string", "YYYY-MM-DD"),
            "shoot_dates": nullable("string", "Free text; ISO dates when exact"),
            "contact": contact,
            "language": { "type": "string", "enum": ["ar", "en", "mixed"] },
            "requirements": { "type": "array", "items": { "type": "string" } },
        },
    })
}

/// Checks `value` against the keywords [`extraction_schema`] uses; the error names the path.
fn validate(schema: &Value, value: &Value, path: &str) -> Result<(), String> {
    if let Some(kinds) = schema.get("type") {
        let kinds: Vec<&str> = match kinds {
            Value::String(k) => vec![k.as_str()],
            Value::Array(ks) => ks.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let fits = kinds.iter().any(|kind| match *kind {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => false,
        });
        if !fits {
            return Err(format!("{path} should be {} but is {value}", kinds.join(" or ")));
        }
    }
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.contains(value)
    {
        return Err(format!("{path} is {value}, not one of {}", Value::Array(allowed.clone())));
    }
    if let Value::Object(object) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(required)) = schema.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(key) {
                    return Err(format!("{path}.{key} is missing"));
                }
            }
        }
        for (key, item) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => validate(sub, item, &format!("{path}.{key}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{path}.{key} is not in the schema"));
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(item_schema, item, &format!("{path}[{i}]"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use axum::Json;
    use axum::Router;
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::{IntoResponse, Response};
    use axum::routing::post;
    use time::macros::date;

    use super::*;
    use crate::ingest::extraction::{Contact, ExtractedRole, Gender, Language};
    use crate::ingest::web::stand_in::StandIn;

    const KEY: &str = "sk-test";
    const MODEL: &str = "gpt-test-mini";

    fn sample() -> Extraction {
        Extraction {
            is_casting_call: true,
            title: Some("Actress for a short film in Riyadh".into()),
            company: Some("شركة الإنتاج".into()),
            location_city: Some("Riyadh".into()),
            roles: vec![ExtractedRole {
                name_or_description: "Lead actress".into(),
                gender: Some(Gender::Female),
                age_min: Some(25),
                age_max: Some(35),
            }],
            compensation: Some("SAR 1,500 per day".into()),
            compensation_amount_sar: Some(1500),
            deadline: Some(date!(2026 - 06 - 15)),
            shoot_dates: Some("2026-07-01 to 2026-07-03".into()),
            contact: Contact {
                phone: None,
                email: Some("cast@example.com".into()),
                whatsapp: Some("+966555123456".into()),
                url: Some("https://forms.example.com/apply".into()),
            },
            language: Language::Ar,
            requirements: vec!["Saudi dialect".into()],
        }
    }

    fn input() -> ExtractInput {
        ExtractInput {
            text: "مطلوب ممثلة 25-35 لفيلم قصير في الرياض".into(),
            source_type: SourceType::Whatsapp,
            received_on: Some(date!(2026 - 05 - 20)),
        }
    }

    fn completion(message: Value) -> Response {
        Json(json!({
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": MODEL,
            "choices": [{ "index": 0, "message": message, "finish_reason": "stop" }],
        }))
        .into_response()
    }

    /// Checks the request the way the real endpoint would reject a malformed one.
    fn endpoint(answer: fn() -> Response) -> Router {
        Router::new().route(
            "/v1/chat/completions",
            post(move |headers: HeaderMap, Json(body): Json<Value>| async move {
                if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Bearer {KEY}")) {
                    return (StatusCode::UNAUTHORIZED, Json(json!({"error": {"message": "Incorrect API key"}}))).into_response();
                }
                let format = &body["response_format"];
                let ok = body["model"] == MODEL
                    && body["messages"][0]["role"] == "system"
                    && body["messages"][1]["role"] == "user"
                    && body["messages"][1]["content"].as_str().is_some_and(|c| c.contains("مطلوب ممثلة") && c.contains("2026-05-20"))
                    && format["type"] == "json_schema"
                    && format["json_schema"]["name"] == "casting_call"
                    && format["json_schema"]["strict"] == true
                    && format["json_schema"]["schema"] == extraction_schema();
                if !ok {
                    return (StatusCode::BAD_REQUEST, Json(json!({"error": {"message": format!("bad request {body}")}}))).into_response();
                }
                answer()
            }),
        )
    }

    fn extractor(server: &StandIn, timeout: Duration) -> OpenAiExtractor {
        OpenAiExtractor::new(server.url("/v1").as_str(), KEY, MODEL).unwrap().with_timeout(timeout)
    }

    #[tokio::test]
    async fn success_returns_the_extraction() {
        let server = StandIn::start(endpoint(|| {
            completion(json!({ "role": "assistant", "content": serde_json::to_string(&sample()).unwrap(), "refusal": null }))
        }))
        .await;
        let got = extractor(&server, Duration::from_secs(2)).extract(&input()).await.unwrap();
        assert_eq!(got, sample());
        // A configured URL that already names the endpoint is not extended again.
        let full = OpenAiExtractor::new(server.url("/v1/chat/completions").as_str(), KEY, MODEL).unwrap();
        assert_eq!(full.endpoint(), &server.url("/v1/chat/completions"));
        assert_eq!(full.extract(&input()).await.unwrap(), sample());
    }

    #[tokio::test]
    async fn refusal_is_an_error() {
        let server =
            StandIn::start(endpoint(|| completion(json!({ "role": "assistant", "content": null, "refusal": "I can't help with that." }))))
                .await;
        let err = extractor(&server, Duration::from_secs(2)).extract(&input()).await.unwrap_err();
        assert!(matches!(&err, LlmError::Refusal(r) if r == "I can't help with that."), "{err}");
    }

    #[tokio::test]
    async fn garbage_content_is_an_error() {
        let server = StandIn::start(endpoint(|| completion(json!({ "role": "assistant", "content": "Sure! Here it is: {" })))).await;
        let err = extractor(&server, Duration::from_secs(2)).extract(&input()).await.unwrap_err();
        assert!(matches!(&err, LlmError::Garbage(m) if m.contains("not JSON")), "{err}");

        let server = StandIn::start(endpoint(|| {
            let mut value = serde_json::to_value(sample()).unwrap();
            value.as_object_mut().unwrap().remove("deadline");
            completion(json!({ "role": "assistant", "content": value.to_string() }))
        }))
        .await;
        let err = extractor(&server, Duration::from_secs(2)).extract(&input()).await.unwrap_err();
        assert!(matches!(&err, LlmError::Garbage(m) if m.contains("$.deadline is missing")), "{err}");

        let server = StandIn::start(endpoint(|| completion(json!({ "role": "assistant", "content": "{}" })))).await;
        assert!(matches!(extractor(&server, Duration::from_secs(2)).extract(&input()).await, Err(LlmError::Garbage(_))));

        let server = StandIn::start(endpoint(|| Json(json!({"choices": []})).into_response())).await;
        assert!(matches!(extractor(&server, Duration::from_secs(2)).extract(&input()).await, Err(LlmError::Garbage(_))));
    }

    #[tokio::test]
    async fn slow_endpoint_times_out() {
        let app = Router::new().route(
            "/v1/chat/completions",
            post(|| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                StatusCode::OK
            }),
        );
        let server = StandIn::start(app).await;
        let err = extractor(&server, Duration::from_millis(300)).extract(&input()).await.unwrap_err();
        assert!(matches!(err, LlmError::Timeout(_)), "{err}");
    }

    #[tokio::test]
    async fn server_error_is_an_http_status() {
        let server = StandIn::start(endpoint(|| {
            (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": {"message": "The server had an error"}}))).into_response()
        }))
        .await;
        let err = extractor(&server, Duration::from_secs(2)).extract(&input()).await.unwrap_err();
        assert!(matches!(&err, LlmError::HttpStatus { status: 500, message } if message == "The server had an error"), "{err}");

        let wrong_key = OpenAiExtractor::new(server.url("/v1/").as_str(), "nope", MODEL).unwrap();
        let err = wrong_key.extract(&input()).await.unwrap_err();
        assert!(matches!(err, LlmError::HttpStatus { status: 401, .. }), "{err}");
    }

    #[test]
    fn content_checks_catch_what_strict_mode_should_have() {
        let ok = serde_json::to_value(sample()).unwrap();
        let with = |f: &dyn Fn(&mut Value)| {
            let mut v = ok.clone();
            f(&mut v);
            let text = json!({"choices": [{"message": {"content": v.to_string()}, "finish_reason": "stop"}]}).to_string();
            parse_completion(&text)
        };
        assert_eq!(with(&|_| {}).unwrap(), sample());
        assert!(with(&|v| v["extra"] = json!(1)).is_err(), "additional property");
        assert!(with(&|v| v["roles"][0]["gender"] = json!("woman")).is_err(), "enum");
        assert!(with(&|v| v["roles"][0]["age_min"] = json!(300)).is_err(), "u8 range");
        assert!(with(&|v| v["roles"][0]["age_min"] = json!(25.5)).is_err(), "integer");
        assert!(with(&|v| v["deadline"] = json!("15/06/2026")).is_err(), "date format");
        assert!(with(&|v| v["contact"]["fax"] = json!(null)).is_err(), "nested additional property");
        assert!(with(&|v| v["language"] = json!(null)).is_err(), "language is required");
        let cut = json!({"choices": [{"message": {"content": "{\"is_casting_call\": tr"}, "finish_reason": "length"}]});
        assert!(matches!(parse_completion(&cut.to_string()), Err(LlmError::Garbage(m)) if m.contains("cut off")));
    }

    fn keys(v: &Value) -> BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn schema_matches_extraction_exactly() {
        let schema = extraction_schema();
        let full = serde_json::to_value(sample()).unwrap();
        assert_eq!(validate(&schema, &full, "$"), Ok(()));
        let none = serde_json::to_value(Extraction::not_a_call(Language::Mixed)).unwrap();
        assert_eq!(validate(&schema, &none, "$"), Ok(()));

        let required =
            |s: &Value| -> BTreeSet<String> { s["required"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()).collect() };
        for (schema, value) in [
            (&schema, &full),
            (&schema["properties"]["roles"]["items"], &full["roles"][0]),
            (&schema["properties"]["contact"], &full["contact"]),
        ] {
            assert_eq!(keys(&schema["properties"]), keys(value), "properties are the serialized fields");
            assert_eq!(required(schema), keys(value), "strict mode: every property is required");
            assert_eq!(schema["additionalProperties"], json!(false));
        }
    }
}
