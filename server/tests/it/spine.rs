//! Issue 12, the spine: one place builds the services, one function queues jobs, one module
//! names the site's addresses, and no server function carries the CSRF token by hand. The source
//! checks keep the next area from growing a second way; the last test is the composition root
//! as people meet it.

use std::{
    fs,
    path::{Path, PathBuf},
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Every Rust file of the product (tests and benches are not the product).
fn product_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = vec![];
    for dir in ["src", "app/src", "server/src"] {
        walk(&root().join(dir), &mut files);
    }
    files
        .into_iter()
        .map(|p| {
            let src = fs::read_to_string(&p).unwrap();
            // What follows `mod tests` is test code, free to spell things out.
            let product = src.split("#[cfg(test)]\nmod tests").next().unwrap_or_default().to_string();
            (p.strip_prefix(root()).unwrap().display().to_string(), product)
        })
        .collect()
}

fn offences(check: impl Fn(&str, &str) -> Vec<String>) -> Vec<String> {
    product_files().iter().flat_map(|(name, src)| check(name, src)).collect()
}

#[test]
fn jobs_enter_the_queue_through_one_enqueue_function() {
    let writers: Vec<String> = offences(|name, src| {
        let n = src.matches("INSERT INTO apalis.jobs").count();
        if n > 0 { vec![format!("{name}: {n}")] } else { vec![] }
    });
    assert_eq!(writers, ["src/jobs/mod.rs: 1"], "only takeone::jobs::enqueue writes to the queue");
}

#[test]
fn every_job_has_a_file_of_its_own_and_is_registered_by_the_workers() {
    let workers = fs::read_to_string(root().join("server/src/workers/mod.rs")).unwrap();
    let registered = workers.split("register_jobs!(monitor").nth(1).and_then(|s| s.split(')').next()).expect("the one registration");
    for e in fs::read_dir(root().join("src/jobs")).unwrap() {
        let p = e.unwrap().path();
        let file = p.file_name().unwrap().to_string_lossy().to_string();
        if file == "mod.rs" {
            continue;
        }
        let payload = fs::read_to_string(&p).unwrap();
        let ty = payload.split("pub struct ").nth(1).and_then(|s| s.split([' ', '{']).next()).expect("a payload type").to_string();
        assert!(payload.contains(&format!("impl super::Job for {ty}")), "{file}: {ty} is a Job");
        let runner = fs::read_to_string(root().join("server/src/workers/jobs").join(&file)).unwrap_or_default();
        assert!(runner.contains(&format!("impl Runs for {ty}")), "server/src/workers/jobs/{file} says how {ty} runs");
        assert!(registered.contains(&ty), "{ty} is registered with the others: {registered}");
    }
}

#[test]
fn services_are_built_in_the_composition_root_only() {
    let builders = offences(|name, src| {
        let literal = src.contains("Services {\n") && !src.contains("pub struct Services {");
        let patched =
            ["services.collector =", "services.search =", "services.whapi_webhook =", "services.mailer ="].iter().any(|p| src.contains(p));
        if literal || patched { vec![name.to_string()] } else { vec![] }
    });
    assert_eq!(builders, ["server/src/services.rs"], "built once, never patched afterwards");
}

#[test]
fn site_addresses_are_named_in_routes_not_spelled_with_format() {
    // A path of the site spelled out: `format!("/{}/hirer/...`, `href(&format!(...`, a stored
    // notification link `link: format!(...`.
    let spelled = offences(|name, src| {
        if name == "src/routes.rs" {
            return vec![];
        }
        let mut found = vec![];
        for (i, line) in src.lines().enumerate() {
            let site_path = line.contains("format!(\"/{")
                && line.split("format!(\"/{").nth(1).is_some_and(|r| {
                    r.contains("}/")
                        && r.split('"').next().is_some_and(|lit| lit.chars().any(|c| c.is_ascii_lowercase()) && lit.contains('/'))
                });
            if site_path || line.contains("href(&format!") || line.contains("link: format!") {
                found.push(format!("{name}:{}: {}", i + 1, line.trim()));
            }
        }
        found
    });
    assert!(spelled.is_empty(), "build these from takeone::routes::Page:\n{}", spelled.join("\n"));
}

#[test]
fn no_server_function_carries_the_csrf_token_itself() {
    let manual = offences(|name, src| {
        let mut found = vec![];
        for (i, line) in src.lines().enumerate() {
            if line.contains("csrf_token: Option<String>") || line.contains("let _ = csrf_token") {
                found.push(format!("{name}:{}", i + 1));
            }
            // A function's attribute (unindented); `#[server(default)]` on an argument is not one.
            if line.starts_with("#[server(") && !line.contains("client = crate::csrf_client::CsrfClient") {
                found.push(format!("{name}:{}: no CsrfClient", i + 1));
            }
        }
        found
    });
    assert!(manual.is_empty(), "the CSRF layer and CsrfClient carry the token: {manual:?}");
    let hidden_lang = offences(|name, src| if src.contains("name=\"lang_code\"") { vec![name.to_string()] } else { vec![] });
    assert_eq!(hidden_lang, ["app/src/forms.rs"], "AppForm alone writes the language field");
}

#[tokio::test]
async fn a_node_whose_mail_folder_cannot_be_made_refuses_to_start_naming_the_setting() {
    let app = crate::common::TestApp::spawn().await;
    // A file where the folder should be: the folder cannot be created.
    let blocker = std::env::temp_dir().join(format!("takeone-not-a-dir-{}", app.db_name));
    fs::write(&blocker, b"x").unwrap();
    let mail_dir = blocker.join("mail").display().to_string();
    let search_dir = std::env::temp_dir().join(format!("takeone-search-spine-{}", app.db_name)).display().to_string();
    let config = app.second_node_config(&[("TAKEONE_MAIL_DIR", mail_dir), ("TAKEONE_SEARCH_DIR", search_dir.clone())]);
    // The site alone (workers off) needs the mailer too: one set of services for every role.
    match server::state(config, app.db.clone()) {
        Ok(_) => panic!("a node that cannot send mail must not start"),
        Err(e) => assert!(format!("{e:#}").contains("TAKEONE_MAIL_DIR"), "{e:#}"),
    }
    let _ = fs::remove_file(&blocker);
    let _ = fs::remove_dir_all(&search_dir);
}

#[test]
fn no_component_is_longer_than_a_reader_can_hold() {
    // The worksheet's sheet (197 lines) and the candidate review (167) were split for this.
    const MAX_LINES: usize = 150;
    let long = offences(|name, src| {
        if !name.starts_with("app/src") {
            return vec![];
        }
        let lines: Vec<&str> = src.lines().collect();
        let mut found = vec![];
        for (i, line) in lines.iter().enumerate() {
            if line.trim() != "#[component]" {
                continue;
            }
            let Some(start) = (i + 1..lines.len()).find(|&j| lines[j].contains("fn ")) else { continue };
            let indent = lines[start].len() - lines[start].trim_start().len();
            let closing = format!("{}}}", " ".repeat(indent));
            let end = (start..lines.len()).find(|&j| lines[j] == closing).unwrap_or(lines.len());
            if end - start + 1 > MAX_LINES {
                found.push(format!("{name}:{}: {} lines", start + 1, end - start + 1));
            }
        }
        found
    });
    assert!(long.is_empty(), "split these into components named after what they show: {long:?}");
}
