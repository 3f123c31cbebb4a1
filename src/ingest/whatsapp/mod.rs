//! Parser for WhatsApp's "Export chat" `.txt` files (Android and iOS, any locale WhatsApp
//! writes with numeric dates), turning a group's history into messages the casting-call
//! extractor can read.
//!
//! The format is undocumented and differs per platform and phone locale; the fixtures'
//! README (`fixtures/`, copied from the shared data set) lists the variants and pitfalls this
//! module follows. In short: the header format is detected once per file (`dialect`),
//! events and placeholders are told apart by their wording (`system`), and only bidi marks
//! are removed from the text (`marks`).

mod dialect;
mod marks;
mod system;

#[cfg(test)]
mod tests;

use time::PrimitiveDateTime;

use dialect::Dialect;

/// One message of an export, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatMessage {
    /// Local wall-clock time of the exporting phone; Android headers have no seconds (`:00`).
    pub timestamp: PrimitiveDateTime,
    /// `""` for system events.
    pub sender: String,
    /// All lines of the message joined with `\n`, directional marks removed, otherwise verbatim.
    pub text: String,
    /// A WhatsApp-generated event (encryption notice, created/added/joined/left, icon or
    /// description changed). Deleted tombstones and media placeholders are user messages.
    pub is_system: bool,
}

impl ChatMessage {
    /// true for media placeholders, deleted tombstones, attachment-only lines (no caption) in any of the listed localized forms — text that can never be a casting call
    ///
    /// Shared locations (`location: https://…`) count too: a link to a map is no casting call.
    pub fn is_placeholder(&self) -> bool {
        !self.is_system && system::is_placeholder(&self.text)
    }
}

/// Why an upload is not a chat export. The messages are for the admin who uploaded it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExportError {
    #[error("the file is empty; export the chat again from WhatsApp")]
    Empty,
    #[error("the file is not UTF-8 text (first bad byte at offset {byte_offset}); export the chat again from WhatsApp")]
    NotUtf8 { byte_offset: usize },
    #[error(
        "this is not a WhatsApp chat export: no line starts with a WhatsApp date and time; upload the .txt file from WhatsApp's \"Export chat\""
    )]
    NoHeader,
    #[error(
        "the file is larger than the {limit_mb} MB limit ({limit_bytes} bytes); export the chat without media or upload a shorter period",
        limit_mb = .limit_bytes / (1024 * 1024)
    )]
    TooLarge { limit_bytes: usize },
}

/// Years of a busy group stay well below this; anything larger is not a text export.
pub const MAX_EXPORT_BYTES: usize = 20 * 1024 * 1024;

/// Parses an uploaded file: checks the size, strips a UTF-8 BOM, checks UTF-8, then
/// [`parse_export_str`].
pub fn parse_export(bytes: &[u8]) -> Result<Vec<ChatMessage>, ExportError> {
    if bytes.len() > MAX_EXPORT_BYTES {
        return Err(ExportError::TooLarge { limit_bytes: MAX_EXPORT_BYTES });
    }
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let (skipped, body) = match bytes.strip_prefix(BOM) {
        Some(body) => (BOM.len(), body),
        None => (0, bytes),
    };
    let text = std::str::from_utf8(body)
        // Offsets are reported in the uploaded file, BOM included, so an admin can find them.
        .map_err(|e| ExportError::NotUtf8 { byte_offset: skipped + e.valid_up_to() })?;
    parse_export_str(text)
}

/// Parses the text of an export.
pub fn parse_export_str(input: &str) -> Result<Vec<ChatMessage>, ExportError> {
    if input.len() > MAX_EXPORT_BYTES {
        return Err(ExportError::TooLarge { limit_bytes: MAX_EXPORT_BYTES });
    }
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    if input.chars().all(|c| c.is_whitespace() || marks::is_directional_mark(c)) {
        return Err(ExportError::Empty);
    }
    let dialect = Dialect::detect(marks::split_lines(input)).ok_or(ExportError::NoHeader)?;

    let mut messages = Vec::new();
    let mut open: Option<Pending<'_>> = None;
    for line in marks::split_lines(input) {
        match dialect.header(line) {
            Some((timestamp, rest)) => {
                messages.extend(open.take().map(Pending::finish));
                open = Some(Pending { timestamp, rest, more: Vec::new() });
            }
            // Text before the first header belongs to no message (an editor's preamble).
            None => {
                if let Some(pending) = open.as_mut() {
                    pending.more.push(line);
                }
            }
        }
    }
    messages.extend(open.map(Pending::finish));
    if messages.is_empty() {
        // Header-shaped lines whose dates are impossible in the inferred order.
        return Err(ExportError::NoHeader);
    }
    Ok(messages)
}

/// A message whose continuation lines are still being collected.
struct Pending<'a> {
    timestamp: PrimitiveDateTime,
    /// The header line after the header.
    rest: &'a str,
    more: Vec<&'a str>,
}

impl Pending<'_> {
    fn finish(self) -> ChatMessage {
        let split = system::split(self.rest, !self.more.is_empty());
        let mut raw = String::from(split.body);
        for line in &self.more {
            raw.push('\n');
            raw.push_str(line);
        }
        ChatMessage {
            timestamp: self.timestamp,
            sender: split.sender.map(marks::clean_sender).unwrap_or_default(),
            text: marks::strip_marks(&raw),
            is_system: split.sender.is_none(),
        }
    }
}

/// The JSON the CLI prints: {"messages":[{"timestamp":"2025-03-05T11:00:00","sender":..,"text":..,"is_system":..}],"count":N}
pub fn to_json(messages: &[ChatMessage]) -> serde_json::Value {
    let list: Vec<serde_json::Value> = messages
        .iter()
        .map(|m| {
            serde_json::json!({
                "timestamp": iso_timestamp(m.timestamp),
                "sender": m.sender,
                "text": m.text,
                "is_system": m.is_system,
            })
        })
        .collect();
    serde_json::json!({ "messages": list, "count": messages.len() })
}

/// ISO-8601 without zone or fraction, as in the ground truth; written by hand because it
/// cannot fail, unlike `time`'s formatter.
fn iso_timestamp(t: PrimitiveDateTime) -> String {
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second())
}
