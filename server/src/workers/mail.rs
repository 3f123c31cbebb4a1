//! Turning a queued delivery into a mail in its recipient's language, with links that work.

use app::i18n::translate;
use takeone::{
    mail::OutgoingMail,
    notify::Delivery,
    token::{Purpose, TokenKey},
};
use uuid::Uuid;

#[derive(Clone)]
pub struct MailRenderer {
    public_url: String,
    key: TokenKey,
}

fn purpose(name: &str) -> Option<Purpose> {
    match name {
        "password_reset" => Some(Purpose::PasswordReset),
        "email_verification" => Some(Purpose::EmailVerification),
        "guardian_invitation" => Some(Purpose::GuardianInvitation),
        "organization_invitation" => Some(Purpose::OrganizationInvitation),
        _ => None,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

impl MailRenderer {
    pub fn new(public_url: &str, key: TokenKey) -> Self {
        Self { public_url: public_url.trim_end_matches('/').to_string(), key }
    }

    /// Replaces `{token:<purpose>:<id>}` with the token only this server can make.
    fn fill_tokens(&self, link: &str) -> String {
        let mut out = String::with_capacity(link.len() + 40);
        let mut rest = link;
        while let Some(start) = rest.find("{token:") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 7..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return out;
            };
            let token = after[..end]
                .split_once(':')
                .and_then(|(p, id)| Some(self.key.token_for(purpose(p)?, Uuid::parse_str(id).ok()?)))
                .unwrap_or_default();
            out.push_str(&token);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    pub fn render(&self, d: &Delivery) -> OutgoingMail {
        let l = d.locale;
        let link = d.link.as_deref().map(|p| format!("{}{}", self.public_url, l.prefix(&self.fill_tokens(p))));
        // `status_key` = `app-status-booked` becomes `status` = the status in the reader's words.
        let mut args: Vec<(&str, String)> = Vec::new();
        for (k, v) in &d.params {
            match k.strip_suffix("_key") {
                Some(name) => args.push((name, translate(l, v, &[]))),
                None => args.push((k.as_str(), v.clone())),
            }
        }
        let subject = translate(l, &d.kind.subject_key(), &args).replace(['\u{2068}', '\u{2069}'], "");
        let body = translate(l, &d.kind.body_key(), &args).replace(['\u{2068}', '\u{2069}'], "");
        let action = translate(l, "mail-open-link", &[]);
        let footer = translate(l, "mail-footer", &[]);
        let mut text = body.clone();
        if let Some(link) = &link {
            text.push_str(&format!("\n\n{action}: {link}"));
        }
        text.push_str(&format!("\n\n-- \n{footer}\n"));
        let paragraphs: String = body.split("\n\n").map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>"))).collect();
        let button = link.as_ref().map(|u| format!("<p><a href=\"{}\">{}</a></p>", escape(u), escape(&action))).unwrap_or_default();
        let html = format!(
            "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>{paragraphs}{button}<hr><p>{}</p></body></html>",
            l.code(),
            l.dir(),
            escape(&subject),
            escape(&footer)
        );
        let host = self.public_url.split("://").nth(1).unwrap_or("takeone.local").split([':', '/']).next().unwrap_or("takeone.local");
        OutgoingMail { to: d.to_address.clone(), subject, text, html, message_id: format!("<{}@{host}>", d.id) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use takeone::{
        Locale,
        notify::{DeliveryStatus, MailKind},
    };

    fn delivery(locale: Locale, kind: MailKind, params: &[(&str, &str)], link: Option<&str>) -> Delivery {
        Delivery {
            id: Uuid::from_u128(42),
            to_address: "sara@example.sa".into(),
            locale,
            kind,
            params: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            link: link.map(str::to_owned),
            status: DeliveryStatus::Sending,
            attempts: 1,
            last_error: None,
            subject: None,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            sent_at: None,
        }
    }

    #[test]
    fn renders_in_the_readers_language_with_a_working_link() {
        let key = TokenKey::new(b"k");
        let r = MailRenderer::new("https://takeone.sa/", key.clone());
        let id = Uuid::from_u128(7);
        let d = delivery(
            Locale::En,
            MailKind::PasswordReset,
            &[("minutes", "60")],
            Some(&format!("reset-password?token={{token:password_reset:{id}}}")),
        );
        let m = r.render(&d);
        let token = key.token_for(Purpose::PasswordReset, id);
        assert!(m.text.contains(&format!("https://takeone.sa/en/reset-password?token={token}")), "{}", m.text);
        assert!(!m.subject.contains("mail-"), "a real subject: {}", m.subject);
        assert_eq!(m.message_id, format!("<{}@takeone.sa>", Uuid::from_u128(42)));

        let d = delivery(
            Locale::Ar,
            MailKind::StatusChanged,
            &[("call", "إعلان"), ("role", "الأم"), ("talent", "سارة"), ("status_key", "app-status-booked")],
            Some("applications/x"),
        );
        let m = r.render(&d);
        assert!(m.html.starts_with("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\">"));
        assert!(m.text.contains(&translate(Locale::Ar, "app-status-booked", &[])), "the status in words: {}", m.text);
        assert!(m.text.contains("https://takeone.sa/ar/applications/x"));

        let d = delivery(Locale::En, MailKind::NewMessage, &[("call", "<script>"), ("sender", "x"), ("talent", "y")], None);
        assert!(!r.render(&d).html.contains("<script>"), "text is escaped in HTML");
    }
}
