//! A small robots.txt reader (RFC 9309): groups by user agent, `Allow`/`Disallow` with `*` and
//! `$`, longest match wins and `Allow` wins a tie. Crawl-delay and sitemaps are ignored.

use url::Url;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RobotsRules {
    groups: Vec<Group>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Group {
    /// Lower-cased product tokens, `*` included as written.
    agents: Vec<String>,
    rules: Vec<Rule>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Rule {
    allow: bool,
    /// Normalised like the paths it is matched against (see [`normalize`]).
    pattern: String,
}

impl RobotsRules {
    /// What a missing robots.txt means: everything may be fetched.
    pub fn allow_all() -> RobotsRules {
        RobotsRules::default()
    }

    pub fn parse(text: &str) -> RobotsRules {
        let mut groups: Vec<Group> = Vec::new();
        // A run of user-agent lines opens one group; the first rule after them closes the run.
        let mut collecting_agents = false;
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !collecting_agents {
                        groups.push(Group::default());
                        collecting_agents = true;
                    }
                    if let Some(group) = groups.last_mut() {
                        group.agents.push(product_token(value));
                    }
                }
                "allow" | "disallow" => {
                    collecting_agents = false;
                    // An empty Disallow allows everything, which is what having no rule means.
                    if value.is_empty() {
                        continue;
                    }
                    if let Some(group) = groups.last_mut() {
                        group.rules.push(Rule { allow: key == "allow", pattern: normalize(value) });
                    }
                }
                _ => {}
            }
        }
        RobotsRules { groups }
    }

    /// Whether a crawler whose product token is `agent` (e.g. `TakeOneBot`) may fetch `url`.
    pub fn is_allowed(&self, agent: &str, url: &Url) -> bool {
        let mut target = url.path().to_string();
        if let Some(query) = url.query() {
            target.push('?');
            target.push_str(query);
        }
        self.is_path_allowed(agent, &target)
    }

    pub fn is_path_allowed(&self, agent: &str, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        let agent = product_token(agent);
        let own: Vec<&Group> = self.groups.iter().filter(|g| g.agents.contains(&agent)).collect();
        let groups = if own.is_empty() { self.groups.iter().filter(|g| g.agents.iter().any(|a| a == "*")).collect() } else { own };
        let path = normalize(path);
        let mut best: Option<(usize, bool)> = None;
        for rule in groups.iter().flat_map(|g| g.rules.iter()) {
            if pattern_matches(&rule.pattern, &path) {
                let len = rule.pattern.len();
                best = match best {
                    Some((best_len, best_allow)) if best_len > len || (best_len == len && best_allow) => Some((best_len, best_allow)),
                    _ => Some((len, rule.allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// `TakeOneBot/1.0 (+https://…)` and `takeonebot` both name the crawler `takeonebot`.
pub(crate) fn product_token(agent: &str) -> String {
    let token = agent.trim().split(['/', ' ']).next().unwrap_or("");
    token.to_ascii_lowercase()
}

/// Percent-encodes non-ASCII bytes and upper-cases existing escapes, so that an Arabic path
/// written raw in robots.txt matches the encoded path of a URL.
fn normalize(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit() {
            out.push('%');
            out.push(bytes[i + 1].to_ascii_uppercase() as char);
            out.push(bytes[i + 2].to_ascii_uppercase() as char);
            i += 3;
        } else if b.is_ascii() && b > b' ' {
            out.push(b as char);
            i += 1;
        } else {
            out.push_str(&format!("%{b:02X}"));
            i += 1;
        }
    }
    out
}

/// Prefix match with `*` (any run) and a final `$` (end of path).
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let pieces: Vec<&str> = pattern.split('*').collect();
    let Some(first) = pieces.first() else { return true };
    if !path.starts_with(first) {
        return false;
    }
    if pieces.len() == 1 {
        return !anchored || path.len() == first.len();
    }
    let mut pos = first.len();
    let last_index = pieces.len() - 1;
    for (i, piece) in pieces.iter().enumerate().skip(1) {
        if i == last_index && anchored {
            return path.len() >= pos + piece.len() && path.ends_with(piece);
        }
        match path[pos..].find(piece) {
            Some(found) => pos += found + piece.len(),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROBOTS: &str = "\
# comments are ignored
User-agent: *
Disallow: /private/
Allow: /private/open$
Disallow: /*.pdf$

User-agent: TakeOneBot
User-agent: OtherBot
Disallow: /casting/drafts
Allow: /casting/drafts/public
Disallow: /عربي/
";

    #[test]
    fn own_group_replaces_the_star_group() {
        let rules = RobotsRules::parse(ROBOTS);
        // The star group's /private/ does not bind us: we have a group of our own.
        assert!(rules.is_path_allowed("TakeOneBot/1.0 (+https://takeone.sa/bot)", "/private/x"));
        assert!(!rules.is_path_allowed("takeonebot", "/casting/drafts/1"));
        assert!(rules.is_path_allowed("takeonebot", "/casting/drafts/public/1"));
        assert!(rules.is_path_allowed("takeonebot", "/casting/open"));
    }

    #[test]
    fn star_group_applies_to_unknown_agents() {
        let rules = RobotsRules::parse(ROBOTS);
        assert!(!rules.is_path_allowed("SomeBot", "/private/x"));
        assert!(rules.is_path_allowed("SomeBot", "/private/open"));
        assert!(!rules.is_path_allowed("SomeBot", "/private/open/more"));
        assert!(!rules.is_path_allowed("SomeBot", "/files/a.pdf"));
        assert!(rules.is_path_allowed("SomeBot", "/files/a.pdf?x=1"));
        assert!(rules.is_path_allowed("SomeBot", "/casting/drafts/1"));
    }

    #[test]
    fn arabic_paths_match_their_encoded_form() {
        let rules = RobotsRules::parse(ROBOTS);
        let url = Url::parse("https://example.sa/عربي/صفحة").unwrap();
        assert!(!rules.is_allowed("TakeOneBot", &url));
        let other = Url::parse("https://example.sa/english/page").unwrap();
        assert!(rules.is_allowed("TakeOneBot", &other));
    }

    #[test]
    fn longest_match_wins_and_allow_wins_ties() {
        let rules = RobotsRules::parse("User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /a/b/c\nAllow: /x\nDisallow: /x\n");
        assert!(!rules.is_path_allowed("bot", "/a/z"));
        assert!(rules.is_path_allowed("bot", "/a/b/z"));
        assert!(!rules.is_path_allowed("bot", "/a/b/c/z"));
        assert!(rules.is_path_allowed("bot", "/x"));
    }

    #[test]
    fn empty_and_missing_rules_allow_everything() {
        assert!(RobotsRules::allow_all().is_path_allowed("bot", "/anything"));
        assert!(RobotsRules::parse("User-agent: *\nDisallow:\n").is_path_allowed("bot", "/anything"));
        let everything = RobotsRules::parse("User-agent: *\nDisallow: /\n");
        assert!(!everything.is_path_allowed("bot", "/"));
        assert!(everything.is_path_allowed("bot", "/robots.txt"));
    }

    #[test]
    fn wildcards_in_the_middle() {
        let rules = RobotsRules::parse("User-agent: *\nDisallow: /*/print/*.html$\n");
        assert!(!rules.is_path_allowed("bot", "/news/print/a.html"));
        assert!(rules.is_path_allowed("bot", "/news/print/a.html?x"));
        assert!(rules.is_path_allowed("bot", "/news/a.html"));
    }
}
