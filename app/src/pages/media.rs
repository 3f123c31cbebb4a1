//! The talent's media page (headshots with one primary, gallery, showreel, voice reel; upload,
//! reorder, delete, the quota) and the administrators' queue of possible stolen photos.
//! Uploads go from the browser straight to storage (`/js/media-upload.js`); everything else on
//! the page is a plain form.

use crate::{
    api::media::{DecideSimilarPhoto, DeleteMedia, MediaItem, MoveMedia, SetPrimaryMedia, my_media, similar_photos},
    components::layout::{ErrorPanel, PageMeta},
    forms::AppForm,
    i18n::{I18n, use_i18n},
};
use leptos::prelude::*;
use leptos_meta::Meta;
use takeone::media::{AssetStatus, Purpose, limits::size_label};

/// The purposes a talent keeps on their profile, in the page's order.
const SECTIONS: [Purpose; 4] = [Purpose::Headshot, Purpose::Gallery, Purpose::Showreel, Purpose::VoiceReel];

#[component]
pub fn MediaPage() -> impl IntoView {
    let i18n = use_i18n();
    let primary = ServerAction::<SetPrimaryMedia>::new();
    let shift = ServerAction::<MoveMedia>::new();
    let delete = ServerAction::<DeleteMedia>::new();
    let page = Resource::new(move || (primary.version().get(), shift.version().get(), delete.version().get()), |_| my_media());
    let actions = Actions { primary, shift, delete };
    view! {
        <PageMeta title=i18n.t("media-title")/>
        <Meta name="robots" content="noindex"/>
        <script src="/js/media-upload.js" defer></script>
        <script src="/js/media-player.js" defer></script>
        <h1>{i18n.t("media-title")}</h1>
        <p class="muted">{i18n.t("media-intro")}</p>
        <Suspense fallback=|| ()>
            {move || page.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(p) => view! {
                    <Quota used=p.used quota=p.quota/>
                    <UploadForm/>
                    {SECTIONS.into_iter().map(|purpose| {
                        let items: Vec<MediaItem> = p.items.iter().filter(|m| m.purpose == purpose).cloned().collect();
                        view! { <Section purpose items actions/> }
                    }).collect_view()}
                }.into_any(),
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    primary: ServerAction<SetPrimaryMedia>,
    shift: ServerAction<MoveMedia>,
    delete: ServerAction<DeleteMedia>,
}

#[component]
fn Quota(used: u64, quota: u64) -> impl IntoView {
    let i18n = use_i18n();
    let percent = (used.saturating_mul(100) / quota.max(1)).min(100);
    view! {
        <section class="card media-quota" data-testid="media-quota">
            <p>{i18n.t_with("media-quota", &[("used", size_label(used)), ("quota", size_label(quota))])}</p>
            <progress max="100" value=percent.to_string() aria-label=i18n.t("media-quota-label")></progress>
        </section>
    }
}

#[component]
fn UploadForm() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form class="card stack media-upload" data-media-upload="" data-testid="media-upload"
            data-msg-uploading=i18n.t("media-uploading") data-msg-resuming=i18n.t("media-resuming")
            data-msg-processing=i18n.t("media-processing") data-msg-failed=i18n.t("media-failed")
            data-msg-network=i18n.t("media-network") data-msg-plans=i18n.t("plans-see")>
            <h2>{i18n.t("media-upload-title")}</h2>
            <p class="notice notice-warning" data-needs-script="">{i18n.t("media-needs-script")}</p>
            <div class="field">
                <label for="media-purpose">{i18n.t("media-purpose")}</label>
                <select id="media-purpose" name="purpose">
                    {SECTIONS.into_iter().map(|p| view! { <option value=p.as_str()>{i18n.t(&purpose_key(p))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="media-file">{i18n.t("media-file")}</label>
                <input id="media-file" type="file" name="file" required
                    accept="image/jpeg,image/png,image/webp,image/heic,video/mp4,video/quicktime,video/webm,audio/mpeg,audio/mp4,audio/wav"/>
                <p class="hint">{i18n.t("media-limits")}</p>
            </div>
            <label class="checkbox"><input type="checkbox" name="visibility" value="private"/>" "{i18n.t("media-private")}</label>
            <progress data-upload-progress="" max="100" hidden aria-label=i18n.t("media-progress-label")></progress>
            <p data-upload-status="" role="status" aria-live="polite"></p>
            <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("media-upload")}</button></div>
        </form>
    }
}

fn purpose_key(p: Purpose) -> String {
    format!("media-purpose-{}", p.as_str().replace('_', "-"))
}

#[component]
fn Section(purpose: Purpose, items: Vec<MediaItem>, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("media-{}", purpose.as_str().replace('_', "-"));
    let last = items.len().saturating_sub(1);
    let labelled_by = heading.clone();
    view! {
        <section class="media-section" aria-labelledby=labelled_by data-purpose=purpose.as_str()>
            <h2 id=heading>{i18n.t(&format!("{}-plural", purpose_key(purpose)))}</h2>
            {if items.is_empty() {
                view! { <p class="empty-state">{i18n.t("media-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="media-grid plain-list">
                        {items.into_iter().enumerate().map(|(i, item)| view! { <Card item first=i == 0 last=i == last actions/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Card(item: MediaItem, first: bool, last: bool, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(item.id.clone());
    let hidden_id = move || view! { <input type="hidden" name="id" value=id.get_value()/> };
    view! {
        <li class="media-card card" data-testid="media-card" data-status=item.status.as_str() class:media-primary=item.primary>
            <Preview item=item.clone() i18n/>
            <p class="media-name" dir="auto">{item.filename.clone()}</p>
            <StatusLine item=item.clone() i18n/>
            <div class="media-actions">
                {(item.purpose == Purpose::Headshot && !item.primary && item.status == AssetStatus::Ready).then(|| view! {
                    <AppForm action=actions.primary attr:class="inline-form">
                        {hidden_id()}
                        <button class="btn btn-secondary btn-small" type="submit">{i18n.t("media-make-primary")}</button>
                    </AppForm>
                })}
                {(!first).then(|| view! {
                    <AppForm action=actions.shift attr:class="inline-form">
                        {hidden_id()}<input type="hidden" name="up" value="true"/>
                        <button class="btn btn-ghost btn-small" type="submit" aria-label=i18n.t("media-move-earlier")>"↑"</button>
                    </AppForm>
                })}
                {(!last).then(|| view! {
                    <AppForm action=actions.shift attr:class="inline-form">
                        {hidden_id()}<input type="hidden" name="up" value="false"/>
                        <button class="btn btn-ghost btn-small" type="submit" aria-label=i18n.t("media-move-later")>"↓"</button>
                    </AppForm>
                })}
                <AppForm action=actions.delete attr:class="inline-form">
                    {hidden_id()}
                    <button class="btn btn-danger btn-small" type="submit">{i18n.t("media-delete")}</button>
                </AppForm>
            </div>
        </li>
    }
}

#[component]
fn Preview(item: MediaItem, i18n: I18n) -> impl IntoView {
    let alt = i18n.t_with("media-alt", &[("name", item.filename.clone())]);
    match (item.playback, item.thumb) {
        (Some(playback), poster) => view! {
            <div class="media-preview">
                <video controls preload="none" playsinline data-playback=playback poster=poster data-msg-failed=i18n.t("media-play-failed")></video>
                <p data-player-status="" hidden></p>
            </div>
        }
        .into_any(),
        (None, Some(src)) => view! { <img class="media-preview" src=src alt=alt loading="lazy"/> }.into_any(),
        (None, None) => view! { <div class="media-preview media-placeholder" aria-hidden="true"></div> }.into_any(),
    }
}

#[component]
fn StatusLine(item: MediaItem, i18n: I18n) -> impl IntoView {
    let status = i18n.t(&format!("media-status-{}", item.status.as_str()));
    let detail = match item.status {
        AssetStatus::Processing => item.progress.map(|p| i18n.t_with("media-progress", &[("percent", p.to_string())])),
        AssetStatus::Rejected | AssetStatus::Error => item.reason.as_deref().map(|r| i18n.t(r)),
        AssetStatus::Unscanned => Some(i18n.t("media-unscanned-note")),
        _ => None,
    };
    view! {
        <p class="media-status" data-testid="media-status">
            {item.primary.then(|| view! { <span class="chip">{i18n.t("media-primary")}</span>" " })}
            <span>{status}</span>
            {detail.map(|d| view! { " — "<span class="muted">{d}</span> })}
        </p>
    }
}

#[component]
pub fn AdminMediaPage() -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideSimilarPhoto>::new();
    let queue = Resource::new(move || decide.version().get(), |_| similar_photos());
    view! {
        <PageMeta title=i18n.t("admin-media-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("admin-media-title")}</h1>
        <p class="muted">{i18n.t("admin-media-intro")}</p>
        <Suspense fallback=|| ()>
            {move || queue.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(pairs) if pairs.is_empty() => view! { <p class="empty-state">{i18n.t("admin-media-empty")}</p> }.into_any(),
                Ok(pairs) => view! {
                    <ul class="plain-list stack" data-testid="similar-queue">
                        {pairs.into_iter().map(|p| {
                            let img = |id: uuid::Uuid| takeone::routes::api::url(takeone::routes::api::MEDIA_RENDITION, id).replace("{name}", "card");
                            let (asset, similar) = (p.asset_id.to_string(), p.similar_id.to_string());
                            let (asset2, similar2) = (asset.clone(), similar.clone());
                            view! {
                                <li class="card similar-pair">
                                    <figure><img src=img(p.asset_id) alt=p.owner_name.clone()/><figcaption>{p.owner_name.clone()}</figcaption></figure>
                                    <figure><img src=img(p.similar_id) alt=p.similar_owner_name.clone()/><figcaption>{p.similar_owner_name.clone()}</figcaption></figure>
                                    <p class="muted">{i18n.t_with("admin-media-distance", &[("bits", p.distance.to_string())])}</p>
                                    <AppForm action=decide attr:class="inline-form">
                                        <input type="hidden" name="asset" value=asset/><input type="hidden" name="similar" value=similar/>
                                        <input type="hidden" name="remove" value="false"/>
                                        <button class="btn btn-secondary btn-small" type="submit">{i18n.t("admin-media-dismiss")}</button>
                                    </AppForm>
                                    <AppForm action=decide attr:class="inline-form">
                                        <input type="hidden" name="asset" value=asset2/><input type="hidden" name="similar" value=similar2/>
                                        <input type="hidden" name="remove" value="true"/>
                                        <button class="btn btn-danger btn-small" type="submit">{i18n.t("admin-media-remove")}</button>
                                    </AppForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
    }
}
