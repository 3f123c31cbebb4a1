//! Form building blocks: every field shows its own error next to it and keeps what was typed,
//! whether the form was sent by JavaScript or by the browser alone.

use crate::{
    errors::{AppError, Feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use takeone::Msg;

/// The CSRF token every state-changing form carries.
#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name="csrf_token" value=crate::site::csrf_token()/> }
}

/// Every form that changes something: a server function's form with this browser's CSRF
/// token (read by the CSRF layer when the browser posts the form without JavaScript; with it,
/// `CsrfClient` sends the token as a header) and the page's language.
#[component]
pub fn AppForm<ServFn, OutputProtocol>(action: ServerAction<ServFn>, children: Children) -> impl IntoView
where
    ServFn: serde::de::DeserializeOwned
        + server_fn::ServerFn<Protocol = server_fn::Http<server_fn::codec::PostUrl, OutputProtocol>>
        + Clone
        + Send
        + Sync
        + 'static,
    <<ServFn::Client as server_fn::client::Client<ServFn::Error>>::Request as server_fn::request::ClientReq<ServFn::Error>>::FormData:
        From<leptos::web_sys::FormData>,
    ServFn::Output: Send + Sync + 'static,
    ServFn::Error: Send + Sync + 'static,
    <ServFn as server_fn::ServerFn>::Client: server_fn::client::Client<<ServFn as server_fn::ServerFn>::Error>,
    OutputProtocol: 'static,
{
    let i18n = crate::i18n::use_i18n();
    view! {
        <ActionForm action>
            <CsrfField/>
            <input type="hidden" name="lang_code" value=i18n.locale.code()/>
            {children()}
        </ActionForm>
    }
}

/// The feedback to show on form `form`: the last submission's error (JavaScript) or the one the
/// server rendered the page with (no JavaScript). The latter travels in the page as a shared
/// value, read while hydrating: a resource read outside `<Suspense/>` would risk a hydration
/// mismatch (and Leptos warns of it on every page with a form).
pub fn use_feedback(form: String, latest: impl Fn() -> Option<Result<(), AppError>> + Send + Sync + 'static) -> Signal<Option<Feedback>> {
    let key = form.clone();
    let rendered = SharedValue::new(move || rendered_feedback(&key)).into_inner();
    Signal::derive(move || match latest() {
        Some(Err(AppError::Form(f))) => Some(*f),
        Some(Err(other)) => Some(Feedback {
            form: form.clone(),
            input: serde_json::Value::Null,
            errors: Default::default(),
            form_error: Some(other.msg()),
            status: other.status(),
        }),
        Some(Ok(())) => None,
        None => rendered.clone(),
    })
}

/// The feedback of a failed plain form post while its page is rendered again; `None` on every
/// ordinary visit, and in the browser (which reads the server's value while hydrating).
fn rendered_feedback(form: &str) -> Option<Feedback> {
    #[cfg(feature = "ssr")]
    return use_context::<crate::ssr::RerenderFeedback>().map(|f| f.0).filter(|f| f.form == form);
    #[cfg(not(feature = "ssr"))]
    {
        let _ = form;
        None
    }
}

/// What was typed into `field` (`email`, `roles[1][name]`), if the form came back.
pub fn typed(feedback: &Option<Feedback>, field: &str) -> Option<String> {
    let pointer = format!("/{}", field.replace("][", "/").replace('[', "/").replace(']', ""));
    feedback.as_ref()?.input.pointer(&pointer).and_then(|v| v.as_str()).map(str::to_owned)
}

pub fn field_error(feedback: &Option<Feedback>, field: &str) -> Option<Msg> {
    feedback.as_ref()?.errors.get(field).cloned()
}

/// The input name of a form field inside the server function's `form` argument:
/// `title` -> `form[title]`, `roles[0][name]` -> `form[roles][0][name]`.
pub fn form_name(field: &str) -> String {
    match field.split_once('[') {
        Some((head, rest)) => format!("form[{head}][{rest}"),
        None => format!("form[{field}]"),
    }
}

fn dom_id(field: &str) -> String {
    field.replace(['[', ']'], "-").trim_end_matches('-').replace("--", "-")
}

#[component]
fn ErrorText(id: String, error: Signal<Option<Msg>>) -> impl IntoView {
    let i18n = use_i18n();
    move || error.get().map(|m| view! { <p class="field-error" id=id.clone()>{i18n.msg(&m)}</p> })
}

/// The banner at the top of a form for errors that belong to no single field.
#[component]
pub fn FormError(feedback: Signal<Option<Feedback>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        feedback.get().and_then(|f| {
            let msg = f.form_error.clone().or_else(|| (!f.errors.is_empty()).then(|| Msg::new("error-form-invalid")))?;
            // A plan's limit says what the plan allows and where to change it.
            let plans = (f.status == 402).then(|| {
                view! { " " <a href=i18n.page(&takeone::routes::Page::Plans) data-testid="upgrade-link">{i18n.t("plans-see")}</a> }
            });
            Some(view! { <div class="form-error" role="alert">{i18n.msg(&msg)}{plans}</div> })
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Email,
    Password,
    NewPassword,
    Date,
    /// A number typed as text, so Arabic-Indic digits are accepted.
    Number,
}

#[component]
pub fn Input(
    /// The field's name in the domain's errors (`email`, `roles[0][age_min]`).
    field: String,
    /// The input's name attribute (defaults to `form[<field>]`).
    #[prop(optional)]
    name: Option<String>,
    label: String,
    feedback: Signal<Option<Feedback>>,
    #[prop(optional, into)] initial: String,
    #[prop(default = InputKind::Text)] kind: InputKind,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] maxlength: Option<usize>,
    /// Shown and sent, but not editable here (a value only someone else may change).
    #[prop(optional)]
    readonly: bool,
) -> impl IntoView {
    let id = dom_id(&field);
    let err_id = format!("{id}-error");
    let name = name.unwrap_or_else(|| form_name(&field));
    let (f1, f2) = (field.clone(), field.clone());
    let error = Signal::derive(move || field_error(&feedback.get(), &f1));
    let value = move || {
        if kind == InputKind::Password || kind == InputKind::NewPassword {
            String::new()
        } else {
            typed(&feedback.get(), &f2).unwrap_or_else(|| initial.clone())
        }
    };
    let (ty, autocomplete, inputmode) = match kind {
        InputKind::Text => ("text", None, None),
        InputKind::Email => ("email", Some("email"), None),
        InputKind::Password => ("password", Some("current-password"), None),
        InputKind::NewPassword => ("password", Some("new-password"), None),
        InputKind::Date => ("date", None, None),
        InputKind::Number => ("text", None, Some("numeric")),
    };
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let described = move || {
        let mut ids = vec![];
        if has_hint {
            ids.push(hint_id.clone());
        }
        if error.get().is_some() {
            ids.push(err_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label class="label" for=id.clone()>{label}</label>
            <input
                class="input"
                id=id.clone()
                name=name
                type=ty
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=maxlength
                required=required
                readonly=readonly
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="field-hint" id=format!("{id}-hint")>{h}</p> })}
            <ErrorText id=format!("{id}-error") error/>
        </div>
    }
}

/// What goes between `<textarea>` and `</textarea>`. Leptos writes a textarea's children into
/// the server's HTML as they are (its `ESCAPE_CHILDREN` is false for textarea), so a stored
/// `</textarea><form …>` would close the field and become live markup. The server escapes the
/// two characters that matter in that context (`&` starts a reference, `<` can start the end
/// tag); the browser reads the escaped text back as the exact value. In the browser the text is
/// set through the DOM, which never parses it, so it stays as it is and hydration sees the same
/// text the server meant.
pub fn textarea_text(value: String) -> String {
    if cfg!(feature = "ssr") && value.contains(['&', '<']) { value.replace('&', "&amp;").replace('<', "&lt;") } else { value }
}

#[component]
pub fn TextArea(
    field: String,
    label: String,
    feedback: Signal<Option<Feedback>>,
    #[prop(optional, into)] initial: String,
    #[prop(optional)] required: bool,
    #[prop(default = 6)] rows: u32,
    #[prop(optional)] hint: Option<String>,
) -> impl IntoView {
    let id = dom_id(&field);
    let name = form_name(&field);
    let (f1, f2) = (field.clone(), field.clone());
    let error = Signal::derive(move || field_error(&feedback.get(), &f1));
    let value = move || textarea_text(typed(&feedback.get(), &f2).unwrap_or_else(|| initial.clone()));
    let err_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label class="label" for=id.clone()>{label}</label>
            <textarea
                class="input"
                id=id.clone()
                name=name
                rows=rows
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then(|| err_id.clone())
            >
                {value}
            </textarea>
            {hint.map(|h| view! { <p class="field-hint">{h}</p> })}
            <ErrorText id=format!("{id}-error") error/>
        </div>
    }
}

/// A drop-down; `options` are (value, label) pairs; an empty first option asks to choose.
#[component]
pub fn Select(
    field: String,
    label: String,
    feedback: Signal<Option<Feedback>>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] initial: String,
    #[prop(optional)] placeholder: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = dom_id(&field);
    let name = form_name(&field);
    let (f1, f2) = (field.clone(), field.clone());
    let error = Signal::derive(move || field_error(&feedback.get(), &f1));
    let selected = Signal::derive(move || typed(&feedback.get(), &f2).unwrap_or_else(|| initial.clone()));
    let err_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label class="label" for=id.clone()>{label}</label>
            <select
                class="input"
                id=id.clone()
                name=name
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then(|| err_id.clone())
            >
                {placeholder.map(|p| view! { <option value="">{p}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let v = value.clone();
                        view! { <option value=value selected=move || selected.get() == v>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <ErrorText id=format!("{id}-error") error/>
        </div>
    }
}

/// The ticked values of a check-box group as typed (when the form came back).
pub fn typed_list(feedback: &Option<Feedback>, field: &str) -> Option<Vec<String>> {
    let f = feedback.as_ref()?;
    if f.input.is_null() {
        return None;
    }
    let pointer = format!("/{}", field.replace("][", "/").replace('[', "/").replace(']', ""));
    Some(
        f.input
            .pointer(&pointer)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default(),
    )
}

/// Check boxes for a list of choices; `options` are (value, label) pairs.
#[component]
pub fn CheckboxGroup(
    field: String,
    legend: String,
    feedback: Signal<Option<Feedback>>,
    options: Vec<(String, String)>,
    #[prop(optional)] initial: Vec<String>,
) -> impl IntoView {
    let (f1, f2) = (field.clone(), field.clone());
    let error = Signal::derive(move || field_error(&feedback.get(), &f1));
    let ticked = Signal::derive(move || typed_list(&feedback.get(), &f2).unwrap_or_else(|| initial.clone()));
    let i18n = use_i18n();
    view! {
        <fieldset class="field checkbox-group" class:has-error=move || error.get().is_some()>
            <legend class="label">{legend}</legend>
            <div class="checkbox-grid">
                {options.into_iter().enumerate().map(|(i, (value, text))| {
                    let v = value.clone();
                    let name = form_name(&format!("{field}[{i}]"));
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" name=name value=value checked=move || ticked.get().contains(&v)/>
                            {text}
                        </label>
                    }
                }).collect_view()}
            </div>
            {move || error.get().map(|m| view! { <p class="field-error">{i18n.msg(&m)}</p> })}
        </fieldset>
    }
}
