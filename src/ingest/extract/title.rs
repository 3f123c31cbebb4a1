//! A short English title: role(s) + project + city ("Female extras (20-40) for a shoot –
//! Riyadh"). Reference only: it is read by people, not scored by string.

use super::post::Post;
use crate::ingest::extraction::ExtractedRole;
use crate::ingest::words::has_any;

const PROJECTS: &[(&[&str], &str)] = &[
    (&["tvc", "commercial", "اعلان", "اعلاني", "دعايه", "دعائي", "advert", "advertisement"], "a commercial"),
    (&["مسلسل", "series", "مسلسلها"], "a series"),
    (&["فيلم قصير", "short film"], "a short film"),
    (&["فيلم", "film", "movie", "feature", "docudrama"], "a film"),
    (&["مسرحيه", "مسرحيتها", "play", "stage", "theatre", "theater", "musical"], "a stage production"),
    (&["dub", "dubbing", "دوبلاج", "voice over", "voiceover", "معلق صوتي", "radio", "راديو"], "a voice-over"),
    (&["حمله", "campaign"], "a campaign"),
    (&["كليب", "music video"], "a music video"),
    (&["فيديو", "video"], "a video"),
    (&["contest", "مسابقه", "competition"], "a contest"),
    (&["تصوير", "shoot", "photoshoot", "فوتوشوت"], "a shoot"),
];

pub fn make(post: &Post, roles: &[ExtractedRole], city: Option<&str>) -> String {
    let project = PROJECTS.iter().find(|(k, _)| has_any(&post.words, k)).map(|(_, p)| *p).unwrap_or("a production");
    let mut who: Vec<String> = roles.iter().take(3).map(|r| r.name_or_description.clone()).collect();
    if roles.len() > 3 {
        who.push("more".to_string());
    }
    let who = match who.len() {
        0 => "Talent".to_string(),
        1 => who.remove(0),
        _ => {
            let last = who.pop().unwrap_or_default();
            format!("{} and {last}", who.join(", "))
        }
    };
    match city {
        Some(c) => format!("{who} for {project} – {c}"),
        None => format!("{who} for {project}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::extraction::{Gender, SourceType};

    fn role(d: &str) -> ExtractedRole {
        ExtractedRole { name_or_description: d.to_string(), gender: Some(Gender::Female), age_min: None, age_max: None }
    }

    #[test]
    fn titles() {
        let p = Post::new("احتاج بنات اكسترا لتصوير مسلسل", SourceType::Whatsapp);
        assert_eq!(make(&p, &[role("Female extras (20-40)")], Some("Riyadh")), "Female extras (20-40) for a series – Riyadh");
        let p = Post::new("TVC for a regional bank", SourceType::Web);
        assert_eq!(make(&p, &[role("Father"), role("Son")], None), "Father and Son for a commercial");
        let p = Post::new("hello", SourceType::Web);
        assert_eq!(make(&p, &[], None), "Talent for a production");
    }
}
