//! The self-tape requests of one application: for the talent, the instructions, the deadline
//! and the way to answer (record in the browser or upload a file); for the hiring side, the tape.

use crate::{
    api::media::MediaItem,
    components::bits::fmt_datetime,
    i18n::{I18n, use_i18n},
};
use leptos::prelude::*;
use takeone::{
    application::Party,
    media::self_tape::{SelfTapeRequest, SelfTapeStatus},
};
use uuid::Uuid;

#[component]
pub fn SelfTapes(application: Uuid, party: Party, tapes: Vec<SelfTapeRequest>, sent: Vec<MediaItem>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {(!sent.is_empty()).then(|| view! {
            <section class="card stack" aria-labelledby="sent-media" data-testid="sent-media">
                <h2 id="sent-media">{i18n.t("apply-media")}</h2>
                <ul class="gallery plain-list">
                    {sent.into_iter().map(|m| match (m.playback, m.thumb) {
                        (Some(p), poster) => view! {
                            <li><script src="/js/media-player.js" defer></script>
                            <video controls preload="none" playsinline data-playback=p poster=poster data-msg-failed=i18n.t("media-play-failed")></video>
                            <p data-player-status="" hidden></p></li>
                        }.into_any(),
                        (None, Some(src)) => view! { <li><img src=src alt=m.filename.clone() loading="lazy"/></li> }.into_any(),
                        (None, None) => view! { <li>{m.filename.clone()}</li> }.into_any(),
                    }).collect_view()}
                </ul>
            </section>
        })}
        {tapes.into_iter().map(|t| view! { <Request t application party/> }).collect_view()}
    }
}

#[component]
fn Request(t: SelfTapeRequest, application: Uuid, party: Party) -> impl IntoView {
    let i18n = use_i18n();
    let answer = party == Party::Talent && t.status == SelfTapeStatus::Pending;
    view! {
        <section class="card stack" aria-labelledby=format!("tape-{}", t.id) data-testid="self-tape-request" data-tape-status=t.status.as_str()>
            <h2 id=format!("tape-{}", t.id)>{i18n.t("self-tape-title")}</h2>
            <p class="cluster">
                <span class="chip" data-tape-status=t.status.as_str()>{i18n.t(&t.status.label_key())}</span>
                <span class="muted">{i18n.t_with("self-tape-due", &[("date", fmt_datetime(i18n, t.deadline))])}</span>
            </p>
            <p class="prewrap">{t.instructions.clone()}</p>
            {t.sides.clone().map(|href| view! { <p><a href=href>{i18n.t("self-tape-sides")}</a></p> })}
            {t.playback.clone().map(|p| view! {
                <script src="/js/media-player.js" defer></script>
                <div class="tape-player">
                    <video controls preload="none" playsinline data-playback=p data-testid="tape-player" data-msg-failed=i18n.t("media-play-failed")></video>
                    <p data-player-status="" hidden></p>
                </div>
            })}
            {answer.then(|| view! { <Answer application i18n/> })}
        </section>
    }
}

/// The talent's answer: record in the browser where it allows, or choose a file.
#[component]
fn Answer(application: Uuid, i18n: I18n) -> impl IntoView {
    view! {
        <script src="/js/media-upload.js" defer></script>
        <script src="/js/self-tape-recorder.js" defer></script>
        <form class="stack media-upload" data-media-upload="" data-msg-uploading=i18n.t("media-uploading")
            data-msg-resuming=i18n.t("media-resuming") data-msg-processing=i18n.t("media-processing")
            data-msg-failed=i18n.t("media-failed") data-msg-network=i18n.t("media-network") data-msg-plans=i18n.t("plans-see")>
            <input type="hidden" name="purpose" value="self_tape"/>
            <input type="hidden" name="applicationId" value=application.to_string()/>
            <p class="notice notice-warning" data-needs-script="">{i18n.t("media-needs-script")}</p>
            <div data-self-tape-recorder="" hidden data-msg-denied=i18n.t("self-tape-camera-denied")
                data-msg-recording=i18n.t("self-tape-recording") data-msg-recorded=i18n.t("self-tape-recorded")>
                <video data-record-preview="" muted playsinline></video>
                <p class="cluster">
                    <button class="btn btn-secondary" type="button" data-record-start="">{i18n.t("self-tape-record")}</button>
                    <button class="btn btn-danger" type="button" data-record-stop="" hidden>{i18n.t("self-tape-stop")}</button>
                </p>
                <p data-record-status="" role="status" aria-live="polite"></p>
            </div>
            <div class="field">
                <label for="tape-file">{i18n.t("self-tape-file")}</label>
                <input id="tape-file" type="file" name="file" accept="video/mp4,video/quicktime,video/webm" required/>
            </div>
            <progress data-upload-progress="" max="100" hidden aria-label=i18n.t("media-progress-label")></progress>
            <p data-upload-status="" role="status" aria-live="polite"></p>
            <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("self-tape-send-tape")}</button></div>
        </form>
    }
}
