//! Search pages: casting calls for everyone, talent for hirers. The query is the URL's: the
//! form is a plain GET form (it works without JavaScript); with JavaScript each keystroke
//! updates the URL and the results follow at once.

use crate::{
    api::search::{DeleteSavedSearch, HitView, SaveSearch, SearchPage, saved_searches, search, search_analytics, search_history},
    components::layout::{ErrorPanel, PageMeta},
    forms::{AppForm, FormError, Input, Select, use_feedback},
    i18n::{I18n, use_i18n},
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_location;
use takeone::{
    casting::Gender,
    city::City,
    routes::{Page, with_raw_query},
    search::plan::{query_pairs, query_string},
    talent::{Dialect, ExperienceLevel, Language, Skill},
};

#[component]
pub fn CallSearchPage() -> impl IntoView {
    view! { <SearchView target="calls" page=Page::Search/> }
}

#[component]
pub fn TalentSearchPage() -> impl IntoView {
    view! { <SearchView target="talents" page=Page::TalentSearch/> }
}

/// The label of a filter's value.
fn value_label(i18n: I18n, filter: &str, value: &str) -> String {
    match filter {
        "city" => City::parse(value).map(|c| i18n.t(&c.name_key())).unwrap_or_else(|_| value.to_string()),
        "gender" => i18n.t(&format!("gender-{value}")),
        "skill" => Skill::from_db(value).map(|s| i18n.t(&s.label_key())).unwrap_or_else(|| value.to_string()),
        "dialect" => Dialect::from_db(value).map(|s| i18n.t(&s.label_key())).unwrap_or_else(|| value.to_string()),
        "language" => Language::from_db(value).map(|s| i18n.t(&s.label_key())).unwrap_or_else(|| value.to_string()),
        "experience" => ExperienceLevel::from_db(value).map(|s| i18n.t(&s.label_key())).unwrap_or_else(|| value.to_string()),
        "verified" | "paid" => i18n.t(&format!("search-{filter}-{value}")),
        "status" => i18n.t(&format!("search-status-{value}")),
        "age" => value.to_string(),
        _ => value.to_string(),
    }
}

fn opts<T: Copy>(i18n: I18n, all: &[T], slug: fn(T) -> &'static str, label: fn(T) -> String) -> Vec<(String, String)> {
    all.iter().map(|x| (slug(*x).to_string(), i18n.t(&label(*x)))).collect()
}

/// The page's query with `name` set to `value` (or removed when `None`), back on page 1.
fn with(pairs: &[(String, String)], name: &str, value: Option<&str>) -> String {
    let mut out: Vec<(&str, String)> =
        pairs.iter().filter(|(k, _)| k != name && k != "page").map(|(k, v)| (k.as_str(), v.clone())).collect();
    if let Some(v) = value {
        out.push((name, v.to_string()));
    }
    query_string(&out)
}

#[component]
fn FilterSelect(name: &'static str, label: String, options: Vec<(String, String)>, current: String) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("search-{name}");
    view! {
        <div class="field">
            <label class="label" for=id.clone()>{label}</label>
            <select class="input" id=id name=name>
                <option value="">{i18n.t("filter-any")}</option>
                {options.into_iter().map(|(v, text)| {
                    let selected = v == current;
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn SearchView(target: &'static str, page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let raw = move || location.search.get();
    let action = i18n.page(&page);
    let results_base = action.clone();
    let page = Resource::new(raw, move |query| search(target.to_string(), query));
    // Read once: the form keeps what is being typed; the URL follows it.
    let first = query_pairs(&location.search.get_untracked());
    let initial = |k: &str| first.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let talents = target == "talents";
    let title = i18n.t(if talents { "search-talent-title" } else { "search-calls-title" });
    let placeholder = i18n.t(if talents { "search-talent-placeholder" } else { "search-calls-placeholder" });
    // Stored, so the handler stays `Copy` for both events.
    #[cfg(feature = "hydrate")]
    let base = StoredValue::new(action.clone());
    #[cfg(feature = "hydrate")]
    let typed = RwSignal::new(0u32);
    let on_change = move |ev: leptos::ev::Event| {
        let _ = &ev;
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else { return };
            params.delete("page");
            let qs = String::from(params.to_string());
            let n = typed.get_untracked() + 1;
            typed.set(n);
            let navigate = leptos_router::hooks::use_navigate();
            let to = with_raw_query(base.get_value(), &qs);
            set_timeout(
                move || {
                    if typed.get_untracked() == n {
                        navigate(&to, leptos_router::NavigateOptions { replace: true, scroll: false, ..Default::default() });
                    }
                },
                std::time::Duration::from_millis(200),
            );
        }
    };
    let skill_opts = opts(i18n, Skill::ALL, Skill::as_str, Skill::label_key);
    let genders: Vec<(String, String)> =
        [Gender::Female, Gender::Male].into_iter().map(|g| (g.as_str().to_string(), i18n.t(&g.label_key()))).collect();
    let cities = opts(i18n, City::ALL, City::slug, City::name_key);
    let yes_no = |f: &str| {
        vec![("true".to_string(), i18n.t(&format!("search-{f}-true"))), ("false".to_string(), i18n.t(&format!("search-{f}-false")))]
    };
    let extra = if talents {
        view! {
            <FilterSelect name="dialect" label=i18n.t("search-filter-dialect") options=opts(i18n, Dialect::ALL, Dialect::as_str, Dialect::label_key) current=initial("dialect")/>
            <FilterSelect name="language" label=i18n.t("field-language") options=opts(i18n, Language::ALL, Language::as_str, Language::label_key) current=initial("language")/>
            <FilterSelect name="experience" label=i18n.t("search-filter-experience") options=opts(i18n, ExperienceLevel::ALL, ExperienceLevel::as_str, ExperienceLevel::label_key) current=initial("experience")/>
            <FilterSelect name="verified" label=i18n.t("search-filter-verified") options=yes_no("verified") current=initial("verified")/>
        }
        .into_any()
    } else {
        let statuses = ["active", "closed", "any"].iter().map(|s| (s.to_string(), i18n.t(&format!("search-status-{s}")))).collect();
        view! {
            <FilterSelect name="paid" label=i18n.t("field-paid") options=yes_no("paid") current=initial("paid")/>
            <FilterSelect name="status" label=i18n.t("search-filter-status") options=statuses current=initial("status")/>
        }
        .into_any()
    };
    // Type-erased: the whole page as one type is deeper than the compiler's limit.
    let aside = view! {
                <aside class="filters stack">
                    <FilterSelect name="city" label=i18n.t("field-city") options=cities current=initial("city")/>
                    <FilterSelect name="gender" label=i18n.t("search-filter-gender") options=genders current=initial("gender")/>
                    <div class="field">
                        <label class="label" for="search-age">{i18n.t("search-filter-age")}</label>
                        <input class="input" id="search-age" name="age" type="text" inputmode="numeric" value=initial("age") maxlength="3"/>
                    </div>
                    <FilterSelect name="skill" label=i18n.t("search-filter-skill") options=skill_opts current=initial("skill")/>
                    {extra}
                    <a class="btn btn-ghost" href=action.clone()>{i18n.t("filter-clear")}</a>
                </aside>
    }
    .into_any();
    view! {
        <PageMeta title=title.clone() description=i18n.t("search-lead")/>
        {talents.then(|| view! { <Meta name="robots" content="noindex"/> })}
        <h1>{title}</h1>
        <form class="search-form" method="get" action=action.clone() role="search" on:input=on_change on:change=on_change>
            <div class="search-box">
                <label class="visually-hidden" for="search-q">{i18n.t("search-label")}</label>
                <input class="input search-input" id="search-q" name="q" type="search" value=initial("q") maxlength="200"
                    placeholder=placeholder autocomplete="off"/>
                <button class="btn btn-primary" type="submit">{i18n.t("search-submit")}</button>
            </div>
            <div class="list-layout">
                {aside}
                <section class="results" aria-live="polite" data-testid="search-results">
                    <Suspense fallback=|| ()>
                        {move || page.get().map(|r| match r {
                            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                            Ok(p) => view! { <Results page=p base=results_base.clone()/> }.into_any(),
                        })}
                    </Suspense>
                </section>
            </div>
        </form>
        // Outside the search form: forms do not nest.
        <Suspense fallback=|| ()>
            {move || page.get().and_then(|r| r.ok()).filter(|p| p.can_save).map(|p| view! { <SaveSearchForm target=p.target/> })}
        </Suspense>
    }
}

#[component]
fn Results(page: SearchPage, base: String) -> impl IntoView {
    let i18n = use_i18n();
    let pairs = query_pairs(&use_location().search.get_untracked());
    let r = &page.results;
    let href = move |qs: String| with_raw_query(base.clone(), &qs);
    let ignored = (!r.ignored.is_empty()).then(|| {
        let names = r.ignored.iter().map(|n| i18n.t(&format!("search-filter-{n}"))).collect::<Vec<_>>().join(&i18n.t("list-separator"));
        view! { <div class="alert alert-warning" role="status">{i18n.t_with("search-ignored", &[("filters", names)])}</div> }
    });
    let count = view! { <p class="results-count">{i18n.t_with("search-count", &[("count", r.total.to_string())])}</p> };
    let facets = {
        let pairs = pairs.clone();
        let href = href.clone();
        r.facets
            .iter()
            .filter(|f| f.values.len() > 1 || pairs.iter().all(|(k, v)| *k != f.name || v.is_empty()))
            .filter(|f| !f.values.is_empty())
            .map(|f| {
                let name = f.name.clone();
                view! {
                    <div class="facet" data-facet=name.clone()>
                        <h3 class="facet-title">{i18n.t(&format!("search-filter-{name}"))}</h3>
                        <ul class="plain-list">
                            {f.values.iter().take(8).map(|(v, n)| {
                                let link = href(with(&pairs, &name, Some(v)));
                                view! { <li><a href=link>{value_label(i18n, &name, v)}</a>" "<span class="muted">{format!("({n})")}</span></li> }
                            }).collect_view()}
                        </ul>
                    </div>
                }
            })
            .collect_view()
    };
    let body = if page.hits.is_empty() {
        let active: Vec<(String, String)> = pairs.iter().filter(|(k, v)| !v.is_empty() && k != "page" && k != "q").cloned().collect();
        let beyond = r.total > 0;
        let (message, way_back) = if beyond { ("search-page-empty", "search-first-page") } else { ("search-empty", "search-browse-all") };
        view! {
            <div class="empty-state" data-testid="search-empty">
                <p>{i18n.t(message)}</p>
                {(!active.is_empty() && !beyond).then(|| view! {
                    <p>{i18n.t("search-relax")}</p>
                    <ul class="plain-list relax">
                        {active.iter().map(|(k, v)| {
                            let link = href(with(&pairs, k, None));
                            let label = format!("{}: {}", i18n.t(&format!("search-filter-{k}")), value_label(i18n, k, v));
                            view! { <li><a href=link>{i18n.t_with("search-remove", &[("filter", label)])}</a></li> }
                        }).collect_view()}
                    </ul>
                })}
                <a class="btn btn-secondary" href=href(String::new())>{i18n.t(way_back)}</a>
            </div>
        }
        .into_any()
    } else {
        if page.target == "talents" {
            view! {
                <ol class="talent-cards plain-list" data-testid="talent-cards">
                    {page.cards.iter().map(|c| view! { <crate::components::talent_card::TalentCardView card=c.clone()/> }).collect_view()}
                </ol>
            }
            .into_any()
        } else {
            view! {
                <ol class="search-hits plain-list">
                    {page.hits.iter().map(|h| view! { <Hit hit=h.clone() href=i18n.page(&Page::CastingCall { id: h.id })/> }).collect_view()}
                </ol>
            }
            .into_any()
        }
    };
    let (current, pages) = (r.page, r.pages);
    let pagination = (pages > 1).then(|| {
        let pairs = pairs.clone();
        view! {
            <nav class="pagination" aria-label=i18n.t("pagination")>
                {(current > 1 && current <= pages).then(|| view! { <a class="page-link" rel="prev" href=href(with(&pairs, "page", Some(&(current - 1).to_string())))>{i18n.t("page-prev")}</a> })}
                <span class="page-current" aria-current="page">{i18n.t_with("page-of", &[("page", current.to_string()), ("pages", pages.to_string())])}</span>
                {(current < pages).then(|| view! { <a class="page-link" rel="next" href=href(with(&pairs, "page", Some(&(current + 1).to_string())))>{i18n.t("page-next")}</a> })}
            </nav>
        }
    });
    view! {
        {ignored}
        {count}
        <div class="facets">{facets}</div>
        {body}
        {pagination}
    }
}

#[component]
fn Hit(hit: HitView, href: String) -> impl IntoView {
    let marked = |parts: Vec<(String, bool)>| {
        parts.into_iter().map(|(s, m)| if m { view! { <mark>{s}</mark> }.into_any() } else { s.into_any() }).collect_view()
    };
    view! {
        <li class="search-hit" data-id=hit.id.to_string()>
            <a class="search-hit-title" href=href>{marked(hit.title)}</a>
            <p class="search-hit-snippet">{marked(hit.snippet)}</p>
        </li>
    }
}

#[component]
fn SaveSearchForm(target: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SaveSearch>::new();
    let feedback = use_feedback("save-search".into(), move || action.value().get());
    let query = use_location().search.get_untracked();
    let query = if query.is_empty() || query.starts_with('?') { query } else { format!("?{query}") };
    let frequencies =
        vec![("instant".to_string(), i18n.t("search-frequency-instant")), ("daily".to_string(), i18n.t("search-frequency-daily"))];
    view! {
        <details class="save-search" open=move || feedback.get().is_some()>
            <summary>{i18n.t("search-save")}</summary>
            <AppForm action attr:class="stack">
                <input type="hidden" name="target" value=target/>
                <input type="hidden" name="query" value=query/>
                <FormError feedback/>
                <Input field="name".into() label=i18n.t("search-save-name") feedback maxlength=80 required=true/>
                <Select field="frequency".into() label=i18n.t("search-save-frequency") feedback options=frequencies initial="daily"/>
                <button class="btn btn-primary" type="submit">{i18n.t("search-save-submit")}</button>
            </AppForm>
        </details>
    }
}

#[component]
pub fn SavedSearchesPage() -> impl IntoView {
    let i18n = use_i18n();
    let delete = ServerAction::<DeleteSavedSearch>::new();
    let list = Resource::new(move || delete.version().get(), |_| saved_searches());
    let history = Resource::new(|| (), |_| search_history());
    let recent = move || {
        history.get().map(|r| match r {
            Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            Ok(items) if items.is_empty() => ().into_any(),
            Ok(items) => view! {
                <h2>{i18n.t("history-title")}</h2>
                <ul class="plain-list saved-list" data-testid="search-history">
                    {items.into_iter().map(|p| {
                        let text = if p.q.is_empty() { i18n.t("history-filters-only") } else { p.q.clone() };
                        view! {
                            <li class="saved-search">
                                <a href=i18n.href(&p.link) dir="auto">{text}</a>
                                " "<span class="muted">{i18n.t_with("search-count", &[("count", p.results.to_string())])}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };
    view! {
        <PageMeta title=i18n.t("saved-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("saved-title")}</h1>
        <Suspense fallback=|| ()>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(items) if items.is_empty() => view! {
                    <div class="empty-state"><p>{i18n.t("saved-empty")}</p><a class="btn btn-secondary" href=i18n.page(&Page::Search)>{i18n.t("search-calls-title")}</a></div>
                }.into_any(),
                Ok(items) => view! {
                    <ul class="plain-list saved-list">
                        {items.into_iter().map(|(s, link)| {
                            let id = s.id.to_string();
                            let data_id = id.clone();
                            view! {
                                <li class="saved-search" data-id=data_id>
                                    <a href=i18n.href(&link)>{s.name.clone()}</a>
                                    " "<span class="muted">{i18n.t(&format!("search-frequency-{}", s.frequency))}</span>
                                    <AppForm action=delete attr:class="inline-form">
                                        <input type="hidden" name="id" value=id/>
                                        <button class="btn btn-ghost btn-small" type="submit">{i18n.t("saved-delete")}</button>
                                    </AppForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Suspense>
        <Suspense fallback=|| ()>{recent}</Suspense>
    }
}

#[component]
pub fn AdminSearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let stats = Resource::new(|| (), |_| search_analytics());
    let table = move |rows: Vec<takeone::search::saved::QueryStat>| {
        view! {
            <table class="table">
                <thead><tr><th>{i18n.t("admin-search-query")}</th><th>{i18n.t("admin-search-target")}</th><th>{i18n.t("admin-search-count")}</th><th>{i18n.t("admin-search-results")}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|s| view! {
                        <tr><td dir="auto">{s.query}</td><td>{i18n.t(&format!("admin-search-target-{}", s.target))}</td><td>{s.searches}</td><td>{format!("{:.1}", s.avg_results)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <PageMeta title=i18n.t("admin-search-title")/>
        <Meta name="robots" content="noindex"/>
        <h1>{i18n.t("admin-search-title")}</h1>
        <Suspense fallback=|| ()>
            {move || stats.get().map(|r| match r {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(a) => view! {
                    <p>{i18n.t_with("admin-search-summary", &[("searches", a.searches.to_string()), ("zero", a.zero_results.to_string())])}</p>
                    <h2>{i18n.t("admin-search-top")}</h2>
                    {table(a.top)}
                    <h2 id="zero">{i18n.t("admin-search-zero")}</h2>
                    {table(a.zero)}
                }.into_any(),
            })}
        </Suspense>
    }
}
