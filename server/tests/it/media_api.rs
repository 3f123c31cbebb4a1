//! Issue 13, media end to end over real HTTP: the API, the embedded S3 endpoint (SigV4 checked),
//! a real clamd, real ffmpeg, the processing job and the signed playback addresses.

use crate::{
    common::{world::*, *},
    media::{EICAR, clamd, ffmpeg},
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;
use takeone::{
    media::storage::{Storage, StorageSettings},
    token::TokenKey,
};

const SECRET: &str = "media-test-session-secret-0123456789abcdef0123456789abcdef012345";

async fn app_with_clamd(daemon: &crate::media::Daemon) -> TestApp {
    TestApp::spawn_with_vars(vec![
        ("TAKEONE_CLAMD_ADDR", daemon.addr.clone()),
        ("TAKEONE_SESSION_SECRET", SECRET.to_string()),
        ("TAKEONE_TRANSCODE_CALLBACK_SECRET", "transcoder-shared-secret-0123456789".to_string()),
    ])
    .await
}

/// Calls the API as the site's own script does: JSON, the page's CSRF token in a header.
pub(crate) async fn api(b: &mut Browser, method: reqwest::Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    if b.csrf.is_empty() {
        b.get("/ar/").await;
    }
    let mut req = b.client.request(method, b.url(path)).header("x-csrf-token", b.csrf.clone()).header("accept-language", "en");
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

pub(crate) async fn announce(b: &mut Browser, body: Value) -> (StatusCode, Value) {
    api(b, reqwest::Method::POST, "/api/v1/media/uploads", Some(body)).await
}

/// PUTs the bytes where the upload answer says, with the headers it signed.
pub(crate) async fn put(url: &str, fields: &Value, bytes: Vec<u8>) -> StatusCode {
    let mut req = reqwest::Client::new().put(url).body(bytes);
    for (k, v) in fields.as_object().into_iter().flatten() {
        if k.eq_ignore_ascii_case("content-length") {
            continue;
        }
        req = req.header(k.as_str(), v.as_str().unwrap());
    }
    req.send().await.unwrap().status()
}

async fn upload(b: &mut Browser, purpose: &str, mime: &str, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let (status, t) = announce(b, json!({ "filename": name, "mimetype": mime, "size": bytes.len(), "purpose": purpose })).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let id = t["assetId"].as_str().unwrap().to_string();
    assert_eq!(put(t["uploadUrl"].as_str().unwrap(), &t["fields"], bytes).await, StatusCode::OK);
    api(b, reqwest::Method::POST, &format!("/api/v1/media/{id}/complete"), None).await
}

async fn status_of_asset(app: &TestApp, id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM media_assets WHERE id = $1::uuid").bind(id).fetch_one(&app.db).await.unwrap()
}

/// Waits (up to 60 s) for the processing job to leave the asset in a final status.
async fn settled(app: &TestApp, id: &str) -> String {
    for _ in 0..600 {
        let s = status_of_asset(app, id).await;
        if ["ready", "rejected", "error", "unscanned"].contains(&s.as_str()) {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("asset {id} still {}", status_of_asset(app, id).await)
}

/// A 640x480 JPEG of one of ffmpeg's generated pictures (`testsrc`, `mandelbrot`...), with an
/// EXIF block carrying a GPS position, as a phone's camera writes it.
fn camera_jpeg(source: &str) -> Vec<u8> {
    let input = format!("{source}=size=640x480:rate=1");
    let plain = ffmpeg(&["-f", "lavfi", "-i", &input, "-frames:v", "1", "-f", "image2pipe", "-c:v", "mjpeg", "-"]);
    let mut t = b"MM\0\x2a\0\0\0\x08".to_vec();
    t.extend([0, 1]);
    t.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26]);
    t.extend([0, 0, 0, 0]);
    t.extend([0, 2]);
    t.extend([0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    t.extend([0x00, 0x02, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56]);
    t.extend([0, 0, 0, 0]);
    for (n, d) in [(24u32, 1u32), (42, 1), (3600, 100)] {
        t.extend(n.to_be_bytes());
        t.extend(d.to_be_bytes());
    }
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(((t.len() + 8) as u16).to_be_bytes());
    out.extend(b"Exif\0\0");
    out.extend(t);
    out.extend(&plain[2..]);
    out
}

#[tokio::test]
async fn a_headshot_goes_straight_to_storage_and_comes_back_processed_without_its_gps_position() {
    let daemon = clamd().await;
    let app = app_with_clamd(&daemon).await;
    let mut talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "public").await;
    let photo = camera_jpeg("testsrc");
    assert!(photo.windows(4).any(|w| w == b"Exif"));
    let (status, done) = upload(&mut talent, "headshot", "image/jpeg", "DSC_0001.jpg", photo).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let id = done["asset"]["id"].as_str().unwrap().to_string();
    assert_eq!(settled(&app, &id).await, "ready");

    let events: Vec<String> = sqlx::query_scalar("SELECT to_status FROM media_asset_events WHERE asset_id = $1::uuid ORDER BY id")
        .bind(&id)
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(events, ["pending", "uploaded", "scanning", "processing", "ready"], "every move is an event");

    let (_, a) = api(&mut talent, reqwest::Method::GET, &format!("/api/v1/media/{id}"), None).await;
    let full = a["asset"]["renditions"]["full"].as_str().expect("a full-size rendition").to_string();
    assert!(a["asset"]["renditions"]["thumb"].is_string() && a["asset"]["renditions"]["card"].is_string(), "{a}");
    let res = talent.client.get(talent.url(&full)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let bytes = res.bytes().await.unwrap();
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "no EXIF (and so no GPS) in what is served");
    assert!(!bytes.windows(4).any(|w| w == [0x88, 0x25, 0, 4]), "no GPS pointer");

    // A public profile's ready headshot is public; the object store itself is not.
    let mut stranger = app.browser();
    assert_eq!(stranger.client.get(stranger.url(&full)).send().await.unwrap().status(), StatusCode::OK);
    let key: String =
        sqlx::query_scalar("SELECT renditions->>'full' FROM media_assets WHERE id = $1::uuid").bind(&id).fetch_one(&app.db).await.unwrap();
    assert!(!key.contains("sara") && !key.contains("DSC"), "object keys carry no personal data: {key}");
    let store = store_url(&app, &mut talent).await;
    let direct = reqwest::get(format!("{store}/takeone-media/{key}")).await.unwrap();
    assert_eq!(direct.status(), StatusCode::FORBIDDEN, "the bucket answers no unsigned read");
    let _ = stranger.get("/ar/").await;

    // The original, for its owner, in ranges (a download that resumes).
    let original = format!("/api/v1/media/{id}/original");
    let res = talent.client.get(talent.url(&original)).header("range", "bytes=0-99").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert!(res.headers()["content-range"].to_str().unwrap().starts_with("bytes 0-99/"));
    assert_eq!(res.bytes().await.unwrap().len(), 100);
    let res = talent.client.get(talent.url(&original)).header("range", "bytes=99999999-").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        stranger.client.get(stranger.url(&original)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "the original is its owner's"
    );
}

/// The embedded store's address, as an upload answer names it.
async fn store_url(_app: &TestApp, b: &mut Browser) -> String {
    let (_, t) = announce(b, json!({ "filename": "x.png", "mimetype": "image/png", "size": 10, "purpose": "gallery" })).await;
    let url = t["uploadUrl"].as_str().unwrap();
    let u = reqwest::Url::parse(url).unwrap();
    // The probe is withdrawn at once (it would count against the quota).
    let (status, _) = api(b, reqwest::Method::DELETE, &format!("/api/v1/media/{}", t["assetId"].as_str().unwrap()), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    format!("{}://{}:{}", u.scheme(), u.host_str().unwrap(), u.port().unwrap())
}

#[tokio::test]
async fn presigned_uploads_refuse_another_key_a_longer_body_and_an_expired_signature() {
    let app = TestApp::spawn().await;
    let mut talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "public").await;
    let (status, t) =
        announce(&mut talent, json!({ "filename": "a.png", "mimetype": "image/png", "size": 1000, "purpose": "headshot" })).await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let url = t["uploadUrl"].as_str().unwrap().to_string();
    let id = t["assetId"].as_str().unwrap();
    let other_key = url.replace(&format!("assets/{id}/original"), &format!("assets/{}/original", uuid::Uuid::new_v4()));
    assert_eq!(put(&other_key, &t["fields"], vec![0; 1000]).await, StatusCode::FORBIDDEN, "another key");
    assert_eq!(put(&url, &t["fields"], vec![0; 5000]).await, StatusCode::FORBIDDEN, "a longer body than declared");

    let store = store_url(&app, &mut talent).await;
    let storage = Storage::new(&StorageSettings {
        endpoint: Some(store),
        region: "us-east-1".into(),
        bucket: "takeone-media".into(),
        access_key: "takeone-dev".into(),
        secret_key: "takeone-dev-secret-key-not-for-production".into(),
        path_style: true,
    });
    let short = storage.presign_put("assets/x/original", "image/png", 10, Duration::from_secs(1)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let fields = json!(short.headers.iter().cloned().collect::<std::collections::BTreeMap<_, _>>());
    assert_eq!(put(&short.url, &fields, vec![0; 10]).await, StatusCode::FORBIDDEN, "expired");
    assert_eq!(put(&url, &t["fields"], vec![0; 1000]).await, StatusCode::OK, "the signed request itself works");
    // Without a scanner (none configured here) a file stays unscanned: its owner's alone.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0".to_vec();
    png.resize(2048, 0);
    let (status, done) = upload(&mut talent, "gallery", "image/png", "p.png", png).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let unscanned = done["asset"]["id"].as_str().unwrap().to_string();
    assert_eq!(settled(&app, &unscanned).await, "unscanned");
    let (status, _) = api(&mut talent, reqwest::Method::GET, &format!("/api/v1/media/{unscanned}"), None).await;
    assert_eq!(status, StatusCode::OK, "its owner sees it");
    let mut hirer = signed_up(&app, "hirer", "Reem", "reem@studio.sa", "Studio").await;
    let (status, _) = api(&mut hirer, reqwest::Method::GET, &format!("/api/v1/media/{unscanned}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nobody else, even on a public profile");
    // Bytes that are not a PNG are refused on completion, whatever was declared.
    let (status, body) = api(&mut talent, reqwest::Method::POST, &format!("/api/v1/media/{id}/complete"), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(plain(body["error"]["fields"]["file"].as_str().unwrap()), "The file is not a real PNG file.");
    assert_eq!(status_of_asset(&app, id).await, "rejected");
}

#[tokio::test]
async fn eicar_in_a_valid_jpeg_is_rejected_deleted_and_its_owner_told() {
    let daemon = clamd().await;
    let app = app_with_clamd(&daemon).await;
    let mut talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "public").await;
    let mut bytes = camera_jpeg("testsrc");
    bytes.extend(EICAR);
    let (status, done) = upload(&mut talent, "gallery", "image/jpeg", "beach.jpg", bytes).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let id = done["asset"]["id"].as_str().unwrap().to_string();
    assert_eq!(settled(&app, &id).await, "rejected");
    let reason: Option<String> =
        sqlx::query_scalar("SELECT reason FROM media_assets WHERE id = $1::uuid").bind(&id).fetch_one(&app.db).await.unwrap();
    assert_eq!(reason.as_deref(), Some("error-media-infected"));
    let store = store_url(&app, &mut talent).await;
    let storage = Storage::new(&StorageSettings {
        endpoint: Some(store),
        region: "us-east-1".into(),
        bucket: "takeone-media".into(),
        access_key: "takeone-dev".into(),
        secret_key: "takeone-dev-secret-key-not-for-production".into(),
        path_style: true,
    });
    assert_eq!(storage.size(&format!("assets/{id}/original")).await.unwrap(), None, "the infected file is deleted from storage");
    let told: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notifications WHERE kind = 'media_rejected' AND params->>'filename' = 'beach.jpg'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(told, 1, "the owner is told in the bell");
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event_type = 'media.infected'").fetch_one(&app.db).await.unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn a_png_bomb_is_refused_before_anything_decodes_it_and_the_quota_holds() {
    let app = TestApp::spawn().await;
    let mut talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "public").await;
    // Reels are a Talent Pro right (billing.rs tests the free plan's limits).
    app.grant("sara@talent.sa", takeone::billing::PlanId::TalentPro).await;
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bomb.extend(50_000u32.to_be_bytes());
    bomb.extend(50_000u32.to_be_bytes());
    bomb.extend([8, 2, 0, 0, 0]);
    bomb.extend(vec![0; 4096]);
    let (status, body) = upload(&mut talent, "headshot", "image/png", "huge.png", bomb).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        plain(body["error"]["fields"]["file"].as_str().unwrap()),
        "The photo is larger than 40 megapixels. Make it smaller and upload it again."
    );

    // Two reels of 1 GB announced fill the 2 GB quota; one more photo does not fit.
    for _ in 0..2 {
        let (status, t) =
            announce(&mut talent, json!({ "filename": "reel.mp4", "mimetype": "video/mp4", "size": 1u64 << 30, "purpose": "showreel" }))
                .await;
        assert_eq!(status, StatusCode::CREATED, "{t}");
        assert_eq!(t["multipart"]["parts"].as_array().unwrap().len(), 128, "a gigabyte goes in 8 MiB parts");
    }
    let (status, body) =
        announce(&mut talent, json!({ "filename": "a.jpg", "mimetype": "image/jpeg", "size": 2_000_000, "purpose": "gallery" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        plain(body["error"]["fields"]["size"].as_str().unwrap()),
        "Your media would go over 2 GB; 0 MB is left. Delete some files first."
    );
    let (status, body) =
        announce(&mut talent, json!({ "filename": "a.gif", "mimetype": "image/gif", "size": 20, "purpose": "headshot" })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        plain(body["error"]["fields"]["mimetype"].as_str().unwrap()),
        "This kind of file cannot be used here. Use JPEG, PNG, WebP, HEIC."
    );
}

#[tokio::test]
async fn the_same_photo_on_another_account_is_flagged_for_an_administrator() {
    let daemon = clamd().await;
    let app = app_with_clamd(&daemon).await;
    let mut sara = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "public").await;
    let mut lina = talent_with_profile(&app, "Lina", "lina@talent.sa", "1995-01-01", "public").await;
    let (_, a) = upload(&mut sara, "headshot", "image/jpeg", "me.jpg", camera_jpeg("testsrc")).await;
    let a = a["asset"]["id"].as_str().unwrap().to_string();
    assert_eq!(settled(&app, &a).await, "ready");
    // The same picture, smaller and recompressed.
    let copy = ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=400x300:rate=1",
        "-frames:v",
        "1",
        "-q:v",
        "8",
        "-f",
        "image2pipe",
        "-c:v",
        "mjpeg",
        "-",
    ]);
    let (_, b) = upload(&mut lina, "headshot", "image/jpeg", "me-too.jpg", copy).await;
    let b = b["asset"]["id"].as_str().unwrap().to_string();
    assert_eq!(settled(&app, &b).await, "ready", "flagged, not refused");
    let (_, c) = upload(&mut lina, "gallery", "image/jpeg", "other.jpg", camera_jpeg("mandelbrot")).await;
    let c = c["asset"]["id"].as_str().unwrap().to_string();
    assert_eq!(settled(&app, &c).await, "ready");
    let flagged: Vec<(uuid::Uuid, uuid::Uuid)> =
        sqlx::query_as("SELECT asset_id, similar_id FROM media_similar_photos WHERE status = 'open'").fetch_all(&app.db).await.unwrap();
    assert_eq!(flagged, [(b.parse().unwrap(), a.parse().unwrap())], "only the copy, against the other account's photo");
}

/// A 10 s, 720p test video large enough to go in two parts.
fn ten_second_tape() -> Vec<u8> {
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=1280x720:rate=25:duration=10",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:duration=10",
        // Constant bitrate with filler, so the file is as large as a phone's recording.
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-b:v",
        "9M",
        "-minrate",
        "9M",
        "-maxrate",
        "9M",
        "-bufsize",
        "2M",
        "-x264-params",
        "nal-hrd=cbr:force-cfr=1",
        "-c:a",
        "aac",
        "-shortest",
        "-movflags",
        "frag_keyframe+empty_moov",
        "-f",
        "mp4",
        "-",
    ])
}

#[tokio::test]
async fn a_self_tape_resumes_after_a_dropped_part_and_plays_only_for_those_allowed() {
    let daemon = clamd().await;
    let app = app_with_clamd(&daemon).await;
    let w = World::build(&app).await;
    let World { mut talent, mut hirer, mut other_hirer, mut other_talent, application, .. } = w;
    let tape = ten_second_tape();
    assert!(tape.len() > 8 << 20, "two parts: {} bytes", tape.len());
    let (status, t) = announce(
        &mut talent,
        json!({ "filename": "tape.mp4", "mimetype": "video/mp4", "size": tape.len(), "purpose": "self_tape", "applicationId": application }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let id = t["assetId"].as_str().unwrap().to_string();
    let parts = t["multipart"]["parts"].as_array().unwrap().clone();
    assert_eq!(parts.len(), 2);
    let part_size = t["multipart"]["partSize"].as_u64().unwrap() as usize;
    let first = tape[..part_size].to_vec();
    let res = reqwest::Client::new().put(parts[0]["url"].as_str().unwrap()).body(first).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The second part is dropped (the connection went away): completing now says so.
    let (status, body) = api(&mut talent, reqwest::Method::POST, &format!("/api/v1/media/{id}/complete"), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    // Resuming: the asset names what is stored and where the rest goes.
    let (_, a) = api(&mut talent, reqwest::Method::GET, &format!("/api/v1/media/{id}"), None).await;
    let upload = &a["asset"]["upload"]["parts"];
    assert_eq!(upload[0]["stored"], true);
    assert!(upload[0]["url"].is_null(), "a stored part is not sent again");
    assert_eq!(upload[1]["stored"], false);
    let res = reqwest::Client::new().put(upload[1]["url"].as_str().unwrap()).body(tape[part_size..].to_vec()).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (status, body) = api(&mut talent, reqwest::Method::POST, &format!("/api/v1/media/{id}/complete"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(settled(&app, &id).await, "ready");
    let duration: f64 =
        sqlx::query_scalar("SELECT duration_s FROM media_assets WHERE id = $1::uuid").bind(&id).fetch_one(&app.db).await.unwrap();
    assert!((9.5..10.5).contains(&duration), "{duration}");

    // The hiring organization plays it: master, a rung, a segment.
    let (status, p) = api(&mut hirer, reqwest::Method::GET, &format!("/api/v1/media/{id}/playback"), None).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    let master = p["manifestUrl"].as_str().unwrap().to_string();
    let text = hirer.client.get(hirer.url(&master)).send().await.unwrap().text().await.unwrap();
    assert!(text.starts_with("#EXTM3U") && text.contains("720p.m3u8?v="), "{text}");
    let rung = text.lines().find(|l| l.contains("720p.m3u8")).unwrap().to_string();
    let playlist = hirer.client.get(hirer.url(&rung)).send().await.unwrap().text().await.unwrap();
    assert!(playlist.contains("#EXT-X-ENDLIST"), "{playlist}");
    let segment = playlist.lines().find(|l| l.contains(".ts?")).unwrap().to_string();
    let res = hirer.client.get(hirer.url(&segment)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap()[0], 0x47, "an MPEG-TS segment");

    // Nobody else: not by asking, not with the hirer's copied addresses.
    for (who, b) in [("another hirer", &mut other_hirer), ("another talent", &mut other_talent)] {
        let (status, _) = api(b, reqwest::Method::GET, &format!("/api/v1/media/{id}/playback"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who} asks");
        let res = b.client.get(b.url(&segment)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{who} with a copied segment address");
    }
    let stranger = app.browser();
    assert_eq!(stranger.client.get(stranger.url(&segment)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "a stranger");
    // An address past its expiry, signed by the server's own key for the hirer.
    let hirer_id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users WHERE email = 'hirer@nakhla.sa'").fetch_one(&app.db).await.unwrap();
    let file = segment.split("/stream/").nth(1).unwrap().split('?').next().unwrap();
    let q = takeone::media::stream::sign(
        &TokenKey::new(SECRET.as_bytes()),
        id.parse().unwrap(),
        file,
        &takeone::media::stream::viewer_tag(Some(hirer_id)),
        time::OffsetDateTime::now_utc().unix_timestamp() - 1,
    );
    let expired = format!("/api/v1/media/{id}/stream/{file}?{q}");
    assert_eq!(hirer.client.get(hirer.url(&expired)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "expired");
    let fresh = expired.replace(&format!("e={}", time::OffsetDateTime::now_utc().unix_timestamp() - 1), "e=9999999999");
    assert_eq!(hirer.client.get(hirer.url(&fresh)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "a forged longer life");
}

#[tokio::test]
async fn an_outside_transcoder_reports_once_with_a_valid_signature() {
    use hmac::{Hmac, Mac};
    let app =
        TestApp::spawn_with_vars(vec![("TAKEONE_TRANSCODE_CALLBACK_SECRET", "transcoder-shared-secret-0123456789".to_string())]).await;
    let mut talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "public").await;
    // Reels are a Talent Pro right (billing.rs tests the free plan's limits).
    app.grant("sara@talent.sa", takeone::billing::PlanId::TalentPro).await;
    let (_, t) =
        announce(&mut talent, json!({ "filename": "reel.mp4", "mimetype": "video/mp4", "size": 100, "purpose": "showreel" })).await;
    let id: uuid::Uuid = t["assetId"].as_str().unwrap().parse().unwrap();
    // As the built-in job leaves it before transcoding: clean, processing.
    sqlx::query("UPDATE media_assets SET status = 'processing' WHERE id = $1").bind(id).execute(&app.db).await.unwrap();
    let store = store_url(&app, &mut talent).await;
    let storage = Storage::new(&StorageSettings {
        endpoint: Some(store),
        region: "us-east-1".into(),
        bucket: "takeone-media".into(),
        access_key: "takeone-dev".into(),
        secret_key: "takeone-dev-secret-key-not-for-production".into(),
        path_style: true,
    });
    storage.put(&format!("assets/{id}/hls/master.m3u8"), b"#EXTM3U\n".to_vec(), "application/vnd.apple.mpegurl").await.unwrap();
    let body = json!({ "id": "job-1", "assetId": id, "status": "ready", "durationS": 42.0 }).to_string();
    let sign = |secret: &str| {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body.as_bytes());
        format!("sha256={}", mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect::<String>())
    };
    let post = |sig: String| {
        reqwest::Client::new()
            .post(app.url("/api/v1/media/callbacks/transcode"))
            .header("content-type", "application/json")
            .header("x-takeone-signature", sig)
            .body(body.clone())
            .send()
    };
    assert_eq!(post(sign("another-secret-entirely-0123456789")).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(status_of_asset(&app, &id.to_string()).await, "processing", "a bad signature changes nothing");
    let res = post(sign("transcoder-shared-secret-0123456789")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["repeated"], false);
    assert_eq!(status_of_asset(&app, &id.to_string()).await, "ready");
    let res = post(sign("transcoder-shared-secret-0123456789")).await.unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["repeated"], true, "a retry is recognised");
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM media_asset_events WHERE asset_id = $1 AND to_status = 'ready'")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(events, 1, "and changes nothing");
}

#[tokio::test]
async fn tapes_of_a_call_closed_for_180_days_and_abandoned_uploads_are_deleted_profile_media_stays() {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await;
    let World { mut talent, application, call, .. } = w;
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0".to_vec();
    png.resize(4096, 0);
    let mut ids = vec![];
    for (purpose, app_id) in [("attachment", Some(application.clone())), ("headshot", None), ("gallery", None)] {
        let mut body = json!({ "filename": "f.png", "mimetype": "image/png", "size": png.len(), "purpose": purpose });
        if let Some(a) = app_id {
            body["applicationId"] = json!(a);
        }
        let (status, t) = announce(&mut talent, body).await;
        assert_eq!(status, StatusCode::CREATED, "{t}");
        ids.push(t["assetId"].as_str().unwrap().to_string());
        if purpose != "gallery" {
            assert_eq!(put(t["uploadUrl"].as_str().unwrap(), &t["fields"], png.clone()).await, StatusCode::OK);
            let (status, _) =
                api(&mut talent, reqwest::Method::POST, &format!("/api/v1/media/{}/complete", ids.last().unwrap()), None).await;
            assert_eq!(status, StatusCode::OK);
        }
    }
    let (attachment, headshot, abandoned) = (&ids[0], &ids[1], &ids[2]);
    // The gallery photo was announced and never sent, a day and more ago.
    sqlx::query("UPDATE media_assets SET created_at = now() - interval '25 hours' WHERE id = $1::uuid")
        .bind(abandoned)
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query("UPDATE casting_calls SET status = 'closed', closed_reason = 'hirer' WHERE id = $1::uuid")
        .bind(&call)
        .execute(&app.db)
        .await
        .unwrap();
    let closed: Option<time::OffsetDateTime> =
        sqlx::query_scalar("SELECT closed_at FROM casting_calls WHERE id = $1::uuid").bind(&call).fetch_one(&app.db).await.unwrap();
    assert!(closed.is_some(), "closing a call records when");

    let store = store_url(&app, &mut talent).await;
    let config = app.second_node_config(&[("TAKEONE_S3_ENDPOINT", store.clone())]);
    let services = server::services::build(&config, &app.db, server::services::Index::InMemory).unwrap();
    // 179 days after closing: kept.
    sqlx::query("UPDATE casting_calls SET closed_at = now() - interval '179 days' WHERE id = $1::uuid")
        .bind(&call)
        .execute(&app.db)
        .await
        .unwrap();
    let swept = services.media.sweep().await.unwrap();
    assert_eq!((swept.expired, swept.abandoned), (0, 1), "{swept:?}");
    sqlx::query("UPDATE casting_calls SET closed_at = now() - interval '181 days' WHERE id = $1::uuid")
        .bind(&call)
        .execute(&app.db)
        .await
        .unwrap();
    let swept = services.media.sweep().await.unwrap();
    assert_eq!(swept.expired, 1, "{swept:?}");

    let left: Vec<String> = sqlx::query_scalar("SELECT id::text FROM media_assets ORDER BY created_at").fetch_all(&app.db).await.unwrap();
    assert!(left.contains(headshot) && !left.contains(attachment) && !left.contains(abandoned), "{left:?}");
    assert_eq!(services.media.storage().size(&format!("assets/{attachment}/original")).await.unwrap(), None, "its object is gone");
    assert!(services.media.storage().size(&format!("assets/{headshot}/original")).await.unwrap().is_some(), "profile media stays");
    let audited: Vec<String> =
        sqlx::query_scalar("SELECT event_type FROM audit_events WHERE event_type LIKE 'media.%' ORDER BY created_at")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(audited, ["media.deleted", "media.upload_abandoned", "media.retention_expired"], "the probe deleted, then the sweeps");
    let (_, a) = api(&mut talent, reqwest::Method::GET, &format!("/api/v1/media/{headshot}"), None).await;
    assert_eq!(a["asset"]["quota"]["used"], 4096, "the quota is freed: {a}");
}

#[tokio::test]
async fn the_main_headshot_shows_on_search_cards_worksheet_rows_and_shortlist_links_to_those_allowed() {
    let daemon = clamd().await;
    let app = app_with_clamd(&daemon).await;
    let w = World::build(&app).await;
    let World { mut talent, mut hirer, other_talent, call, roles, talent_profile, .. } = w;
    let (_, done) = upload(&mut talent, "headshot", "image/jpeg", "me.jpg", camera_jpeg("testsrc")).await;
    let id = done["asset"]["id"].as_str().unwrap().to_string();
    assert_eq!(settled(&app, &id).await, "ready");
    let primary: bool =
        sqlx::query_scalar("SELECT is_primary FROM media_assets WHERE id = $1::uuid").bind(&id).fetch_one(&app.db).await.unwrap();
    assert!(primary, "the first headshot is the main one");
    let card = format!("/api/v1/media/{id}/renditions/card");

    // Talent search: a card with the headshot, playing age and city.
    let mut found = String::new();
    for _ in 0..50 {
        let (_, page) = hirer.get("/ar/talent-search?q=%D8%B3%D8%A7%D8%B1%D8%A9").await;
        if page.contains(&card) {
            found = page;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(found.contains("data-testid=\"talent-card\""), "the result is a card with the headshot");
    // The worksheet row shows the thumbnail.
    let (_, sheet) = hirer.get(&format!("/ar/hirer/calls/{call}/roles/{}", roles[0])).await;
    assert!(sheet.contains(&format!("/api/v1/media/{id}/renditions/thumb")), "the worksheet row shows the headshot");
    // The profile page, for a hirer; the profile is for hirers, so another talent gets nothing.
    let (_, profile) = hirer.get(&format!("/ar/talent/{talent_profile}")).await;
    assert!(profile.contains("data-testid=\"headshot\""));
    let res = other_talent.client.get(other_talent.url(&card)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "a talent does not see a hirers-only headshot");

    // A shortlist link: its reader has no account; the headshot comes through a signed address.
    sqlx::query("UPDATE applications SET status = 'shortlisted' WHERE talent_profile_id = $1::uuid")
        .bind(&talent_profile)
        .execute(&app.db)
        .await
        .unwrap();
    let res =
        hirer.post_fn("create_shortlist_link", &[("lang_code", "ar"), ("call_id", &call), ("role_id", &roles[0]), ("days", "5")]).await;
    let token = res.json::<String>().await.unwrap();
    let mut reader = app.browser();
    let (status, page) = reader.get(&format!("/ar/shortlist/{token}")).await;
    assert_eq!(status, StatusCode::OK);
    let doc = scraper::Html::parse_document(&page);
    let src = doc
        .select(&scraper::Selector::parse(".shortlist-entry img").unwrap())
        .next()
        .and_then(|img| img.value().attr("src"))
        .expect("the shortlist shows the headshot")
        .to_string();
    assert!(src.contains("&s="), "signed: {src}");
    let res = reader.client.get(reader.url(&src)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(reader.client.get(reader.url(&card)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "unsigned, nothing");
    let forged = src.replace("renditions/card", "renditions/full");
    assert_eq!(reader.client.get(reader.url(&forged)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "signed for one size only");
}

#[tokio::test]
async fn a_hirer_asks_for_self_tapes_the_talent_answers_and_the_request_is_reminded_and_viewed() {
    let daemon = clamd().await;
    let app = app_with_clamd(&daemon).await;
    let w = World::build(&app).await;
    let World { mut talent, mut hirer, mut other_hirer, application, call, roles, .. } = w;
    let version = version_of(&app, &application).await;
    let item = format!("{application}:{version}");
    let ask = |instructions: &'static str, deadline: String| {
        vec![
            ("lang_code".to_string(), "en".to_string()),
            ("call_id".to_string(), call.clone()),
            ("role_id".to_string(), roles[0].clone()),
            ("form[items][0]".to_string(), item.clone()),
            ("form[intent]".to_string(), "self_tape".to_string()),
            ("form[instructions]".to_string(), instructions.to_string()),
            ("form[deadline]".to_string(), deadline),
        ]
    };
    // Mistakes sit at their fields, in the page's language.
    let res = hirer.post_owned("/api/fn/bulk_move", &ask("", day(-1))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "the worksheet again, with its errors");
    let page = plain(&res.text().await.unwrap());
    assert!(page.contains("Choose a day after today."), "the deadline's error is shown");
    // Another organization cannot ask.
    let res = other_hirer.post_owned("/api/fn/bulk_move", &ask("Read scene 2", day(3))).await;
    assert!(res.status().is_client_error(), "{}", res.status());
    // The hirer's sides: a PDF, scanned like anything else, sent with the request.
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    pdf.resize(3000, b' ');
    pdf.extend(b"\n%%EOF\n");
    let (status, done) = upload(&mut hirer, "sides", "application/pdf", "scene-2.pdf", pdf).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let sides = done["asset"]["id"].as_str().unwrap().to_string();
    assert_eq!(settled(&app, &sides).await, "ready");
    let mut asked = ask("Read scene 2, medium shot", day(3));
    asked.push(("form[sides]".to_string(), sides.clone()));
    let res = hirer.post_owned("/api/fn/bulk_move", &asked).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert!(location(&res).contains("tapes=1"), "{}", location(&res));
    let told: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notifications WHERE kind = 'self_tape_requested'").fetch_one(&app.db).await.unwrap();
    assert_eq!(told, 1, "the talent is told");
    let (_, sheet) = hirer.get(&format!("/en/hirer/calls/{call}/roles/{}", roles[0])).await;
    assert!(sheet.contains("data-tape-status=\"pending\""), "the worksheet shows the request");
    let (_, page) = talent.get(&format!("/en/applications/{application}")).await;
    assert!(page.contains("Read scene 2, medium shot") && page.contains("data-self-tape-recorder"), "the talent sees it and can record");
    let sides_url = format!("/api/v1/media/{sides}/original");
    assert!(page.contains(&sides_url), "with the sides to download");
    let res = talent.client.get(talent.url(&sides_url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let mut stranger = talent_with_profile(&app, "Huda", "huda@talent.sa", "1990-01-01", "public").await;
    stranger.get("/ar/").await;
    assert_eq!(
        stranger.client.get(stranger.url(&sides_url)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "sides are for those asked"
    );

    // A day before the deadline, one reminder (bell and mail), however often the sweep runs.
    sqlx::query("UPDATE self_tape_requests SET deadline = now() + interval '20 hours'").execute(&app.db).await.unwrap();
    let store = store_url(&app, &mut talent).await;
    let services =
        server::services::build(&app.second_node_config(&[("TAKEONE_S3_ENDPOINT", store)]), &app.db, server::services::Index::InMemory)
            .unwrap();
    assert_eq!(services.media.remind_self_tapes(time::OffsetDateTime::now_utc()).await.unwrap(), 1);
    assert_eq!(services.media.remind_self_tapes(time::OffsetDateTime::now_utc()).await.unwrap(), 0);
    wait_for_mail(&app, "sara@talent.sa", "تذكير: تسجيل ذاتي").await;

    // The talent answers with a tape; the hiring side plays it.
    let tape = ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=size=640x360:rate=25:duration=4",
        "-f",
        "lavfi",
        "-i",
        "sine=duration=4",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        "-movflags",
        "frag_keyframe+empty_moov",
        "-f",
        "mp4",
        "-",
    ]);
    let (status, t) = announce(
        &mut talent,
        json!({ "filename": "tape.mp4", "mimetype": "video/mp4", "size": tape.len(), "purpose": "self_tape", "applicationId": application }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let id = t["assetId"].as_str().unwrap().to_string();
    let part = &t["multipart"]["parts"][0];
    assert_eq!(reqwest::Client::new().put(part["url"].as_str().unwrap()).body(tape).send().await.unwrap().status(), StatusCode::OK);
    let (status, _) = api(&mut talent, reqwest::Method::POST, &format!("/api/v1/media/{id}/complete"), None).await;
    assert_eq!(status, StatusCode::OK);
    let request_status =
        || async { sqlx::query_scalar::<_, String>("SELECT status FROM self_tape_requests").fetch_one(&app.db).await.unwrap() };
    assert_eq!(request_status().await, "submitted");
    assert_eq!(settled(&app, &id).await, "ready");
    let (_, sheet) = hirer.get(&format!("/en/hirer/calls/{call}/roles/{}", roles[0])).await;
    assert!(sheet.contains("data-testid=\"tape-player\""), "the worksheet plays the tape inline");
    let (_, p) = api(&mut hirer, reqwest::Method::GET, &format!("/api/v1/media/{id}/playback"), None).await;
    assert_eq!(request_status().await, "submitted", "asking for the manifest is not watching");
    let master = hirer.client.get(hirer.url(p["manifestUrl"].as_str().unwrap())).send().await.unwrap().text().await.unwrap();
    let rung = master.lines().find(|l| l.contains(".m3u8?")).unwrap().to_string();
    let playlist = hirer.client.get(hirer.url(&rung)).send().await.unwrap().text().await.unwrap();
    let segment = playlist.lines().find(|l| l.contains(".ts?")).unwrap().to_string();
    assert_eq!(hirer.client.get(hirer.url(&segment)).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(request_status().await, "viewed");
}

#[tokio::test]
async fn a_role_that_asks_for_a_headshot_and_a_tape_gets_them_and_the_files_sent_are_the_hirers_to_see() {
    let daemon = clamd().await;
    let app = app_with_clamd(&daemon).await;
    let w = World::build(&app).await;
    let World { mut hirer, other_hirer, mut other_talent, mut talent, call, roles, .. } = w;
    // The hirer's form asks the first role for a headshot and a self-tape.
    let mut form = call_form(&call, "إعلان رمضان في جدة", "save");
    form.push(("form[roles][0][requires][0]".into(), "headshot".into()));
    form.push(("form[roles][0][requires][1]".into(), "self_tape".into()));
    let res = hirer.post_owned("/api/fn/save_call", &form).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let needs: Vec<String> = sqlx::query_scalar("SELECT required_media FROM casting_roles WHERE id = $1::uuid")
        .bind(&roles[0])
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(needs, ["headshot", "self_tape"]);
    let (_, page) = other_talent.get(&format!("/en/casting-calls/{call}/roles/{}/apply", roles[0])).await;
    assert!(page.contains("data-testid=\"role-requires\""), "the form says what the role asks for");

    // Without a headshot: refused at the media field.
    let apply_with = |media: Vec<String>| {
        let mut f = vec![
            ("lang_code".to_string(), "en".to_string()),
            ("call_id".to_string(), call.clone()),
            ("role_id".to_string(), roles[0].clone()),
            ("form[cover_note]".to_string(), "Ready".to_string()),
            ("form[answers][0]".to_string(), "Yes".to_string()),
        ];
        f.extend(media.into_iter().enumerate().map(|(i, m)| (format!("form[media][{i}]"), m)));
        f
    };
    let res = other_talent.post_owned("/api/fn/apply", &apply_with(vec![])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(plain(&res.text().await.unwrap()).contains("This role asks for a headshot"));
    // Someone else's file is not hers to send.
    let (_, sara) = upload(&mut talent, "headshot", "image/jpeg", "sara.jpg", camera_jpeg("testsrc")).await;
    let sara = sara["asset"]["id"].as_str().unwrap().to_string();
    assert_eq!(settled(&app, &sara).await, "ready");
    let res = other_talent.post_owned("/api/fn/apply", &apply_with(vec![sara])).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // A headshot kept private on her profile, sent with the application.
    let photo = camera_jpeg("mandelbrot");
    let (status, t) = announce(
        &mut other_talent,
        json!({ "filename": "lina.jpg", "mimetype": "image/jpeg", "size": photo.len(), "purpose": "headshot", "visibility": "private" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{t}");
    let lina = t["assetId"].as_str().unwrap().to_string();
    assert_eq!(put(t["uploadUrl"].as_str().unwrap(), &t["fields"], photo).await, StatusCode::OK);
    api(&mut other_talent, reqwest::Method::POST, &format!("/api/v1/media/{lina}/complete"), None).await;
    assert_eq!(settled(&app, &lina).await, "ready");
    let card = format!("/api/v1/media/{lina}/renditions/card");
    assert_eq!(hirer.client.get(hirer.url(&card)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "private before it is sent");
    let res = other_talent.post_owned("/api/fn/apply", &apply_with(vec![lina.clone()])).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let application = id_from(&location(&res));
    assert_eq!(hirer.client.get(hirer.url(&card)).send().await.unwrap().status(), StatusCode::OK, "sent: the hiring side sees it");
    assert_eq!(other_hirer.client.get(other_hirer.url(&card)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "no one else");
    let (_, detail) = hirer.get(&format!("/en/applications/{application}")).await;
    assert!(detail.contains("data-testid=\"sent-media\"") && detail.contains(&card), "the application shows what was sent");
    // The role's self-tape is asked for with the application.
    let (_, page) = other_talent.get(&format!("/en/applications/{application}")).await;
    assert!(page.contains("data-tape-status=\"pending\""), "a self-tape request opened with the application");
}

#[tokio::test]
async fn a_phones_heic_photo_becomes_renditions_like_any_other() {
    let daemon = clamd().await;
    let app = app_with_clamd(&daemon).await;
    let mut talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "public").await;
    let dir = std::env::temp_dir().join(format!("takeone-heic-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("in.jpg"), camera_jpeg("testsrc")).unwrap();
    let made = std::process::Command::new("heif-enc")
        .args(["-q", "80", "-o"])
        .arg(dir.join("photo.heic"))
        .arg(dir.join("in.jpg"))
        .output()
        .expect("heif-enc (Debian's libheif-examples; scripts/test installs it)");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let heic = std::fs::read(dir.join("photo.heic")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let (status, done) = upload(&mut talent, "headshot", "image/heic", "IMG_0001.HEIC", heic).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let id = done["asset"]["id"].as_str().unwrap().to_string();
    assert_eq!(settled(&app, &id).await, "ready");
    let (width, height): (Option<i32>, Option<i32>) =
        sqlx::query_as("SELECT width, height FROM media_assets WHERE id = $1::uuid").bind(&id).fetch_one(&app.db).await.unwrap();
    assert_eq!((width, height), (Some(640), Some(480)));
    let res = talent.client.get(talent.url(&format!("/api/v1/media/{id}/renditions/card"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(&res.bytes().await.unwrap()[..2], &[0xFF, 0xD8], "a JPEG rendition");
}

#[tokio::test]
async fn erasing_an_accounts_media_deletes_every_object_and_frees_the_quota() {
    let daemon = clamd().await;
    let app = app_with_clamd(&daemon).await;
    let mut talent = talent_with_profile(&app, "Sara", "sara@talent.sa", "1998-05-14", "public").await;
    let mut ids = vec![];
    for (purpose, source) in [("headshot", "testsrc"), ("gallery", "mandelbrot")] {
        let (_, done) = upload(&mut talent, purpose, "image/jpeg", "p.jpg", camera_jpeg(source)).await;
        let id = done["asset"]["id"].as_str().unwrap().to_string();
        assert_eq!(settled(&app, &id).await, "ready");
        ids.push(id);
    }
    let store = store_url(&app, &mut talent).await;
    let services =
        server::services::build(&app.second_node_config(&[("TAKEONE_S3_ENDPOINT", store)]), &app.db, server::services::Index::InMemory)
            .unwrap();
    let owner: uuid::Uuid = sqlx::query_scalar("SELECT id FROM users WHERE email = 'sara@talent.sa'").fetch_one(&app.db).await.unwrap();
    assert!(services.media.used(owner).await.unwrap() > 0);
    let (files, bytes) = services.media.erase_owner(owner, None, &takeone::audit::RequestMeta::default()).await.unwrap();
    assert_eq!(files, 2);
    assert!(bytes > 0);
    for id in &ids {
        for key in [format!("assets/{id}/original"), format!("assets/{id}/r/card.jpg")] {
            assert_eq!(services.media.storage().size(&key).await.unwrap(), None, "{key} is gone");
        }
    }
    assert_eq!(services.media.used(owner).await.unwrap(), 0, "the quota is freed");
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event_type = 'media.account_erased' AND (metadata->>'files')::int = 2")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}
