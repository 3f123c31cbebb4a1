//! The hirer's organization: its profile, members and invitations; and the page an invited
//! person lands on.

use crate::{
    api::{
        auth::{Register, get_current_user},
        hirer::{
            AcceptOrganizationInvitation, InviteMember, OrganizationPageData, RemoveMember, SaveOrganization, organization_invitation,
            organization_settings,
        },
    },
    components::{
        bits::Flash,
        call_card::fmt_date,
        layout::{ErrorPanel, PageMeta},
    },
    forms::{AppForm, FormError, Input, InputKind, Select, use_feedback},
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;
use takeone::{
    city::City,
    organization::{MemberRole, OrgKind},
    routes::Page,
};

#[component]
pub fn OrganizationPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveOrganization>::new();
    let invite = ServerAction::<InviteMember>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let data = Resource::new(move || (save.version().get(), invite.version().get(), remove.version().get()), |_| organization_settings());
    view! {
        <PageMeta title=i18n.t("organization-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Ok(d) => view! { <Settings d save invite remove/> }.into_any(),
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Settings(
    d: OrganizationPageData,
    save: ServerAction<SaveOrganization>,
    invite: ServerAction<InviteMember>,
    remove: ServerAction<RemoveMember>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let feedback = use_feedback("organization".into(), move || save.value().get());
    let invite_feedback = use_feedback("invite-member".into(), move || invite.value().get());
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()) || matches!(save.value().get(), Some(Ok(()))));
    let invited = Signal::derive(move || query.with(|q| q.get("invited").is_some()) || matches!(invite.value().get(), Some(Ok(()))));
    let input = d.organization.to_input();
    let kinds: Vec<(String, String)> = OrgKind::ALL.iter().map(|k| (k.as_str().to_string(), i18n.t(&k.label_key()))).collect();
    let cities: Vec<(String, String)> = City::ALL.iter().map(|c| (c.slug().to_string(), i18n.t(&c.name_key()))).collect();
    let owner = d.owner;
    view! {
        <section class="form-card form-card-wide stack">
            <h1>{i18n.t("organization-title")}</h1>
            <p class="muted">{if d.organization.verified { i18n.t("organization-verified") } else { i18n.t("organization-unverified") }}</p>
            <Flash key="saved" show=saved/>
            {if owner {
                view! {
                    <AppForm action=save attr:class="form stack" attr:novalidate=true>
                        <FormError feedback/>
                        <div class="grid-2">
                            <Input field="name_ar".into() label=i18n.t("field-org-name-ar") feedback initial=input.name_ar maxlength=120/>
                            <Input field="name_en".into() label=i18n.t("field-org-name-en") feedback initial=input.name_en maxlength=120/>
                            <Select field="kind".into() label=i18n.t("field-org-kind") feedback options=kinds initial=input.kind required=true/>
                            <Select field="city".into() label=i18n.t("field-city") feedback options=cities initial=input.city placeholder=i18n.t("choose")/>
                            <Input field="website".into() label=i18n.t("field-website") feedback initial=input.website/>
                            <Input field="commercial_registration".into() label=i18n.t("field-cr") feedback initial=input.commercial_registration kind=InputKind::Number hint=i18n.t("cr-hint")/>
                        </div>
                        <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("save")}</button></div>
                    </AppForm>
                }.into_any()
            } else {
                view! { <p>{d.organization.name(i18n.locale).to_string()}</p> }.into_any()
            }}
            <section class="stack" aria-labelledby="members-heading">
                <h2 id="members-heading">{i18n.t("members-title")}</h2>
                <ul class="plain-list member-list">
                    {d.members.into_iter().map(|m| view! {
                        <li class="cluster">
                            <span>{m.name.clone()}</span>
                            <span class="ltr muted">{m.email.clone()}</span>
                            <span class="badge">{i18n.t(&m.role.label_key())}</span>
                            <span class="muted">{fmt_date(i18n, m.since.date())}</span>
                            {(owner && m.role == MemberRole::Member).then(|| view! {
                                <AppForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="member" value=m.user_id.to_string()/>
                                    <button class="btn btn-ghost btn-small" type="submit">{i18n.t("member-remove")}</button>
                                </AppForm>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
                {(!d.invitations.is_empty()).then(|| view! {
                    <p class="muted">{i18n.t("members-invited")}</p>
                    <ul class="plain-list">{d.invitations.into_iter().map(|i| view! { <li class="ltr">{i.email}</li> }).collect_view()}</ul>
                })}
                {owner.then(|| view! {
                    <Flash key="member-invited" show=invited/>
                    <AppForm action=invite attr:class="form stack" attr:novalidate=true>
                        <FormError feedback=invite_feedback/>
                        <Input field="email".into() label=i18n.t("member-invite-email") feedback=invite_feedback kind=InputKind::Email required=true/>
                        <div class="form-actions"><button class="btn btn-secondary" type="submit">{i18n.t("member-invite")}</button></div>
                    </AppForm>
                })}
            </section>
        </section>
    }
}

/// An invitation to join an organization: sign up with the invited address, or accept with a
/// hirer account that has it.
#[component]
pub fn JoinPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let invitation = Resource::new(token, organization_invitation);
    let user = Resource::new(|| (), |_| get_current_user());
    let register = ServerAction::<Register>::new();
    let accept = ServerAction::<AcceptOrganizationInvitation>::new();
    let register_feedback = use_feedback("register".into(), move || register.value().get());
    let accept_feedback = use_feedback("join".into(), move || accept.value().get());
    view! {
        <PageMeta title=i18n.t("join-title")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || match (invitation.get(), user.get()) {
                (Some(Err(e)), _) => Some(view! { <ErrorPanel error=e/> }.into_any()),
                (Some(Ok(inv)), Some(u)) => {
                    let u = u.ok().flatten();
                    let t = token();
                    Some(view! {
                        <section class="form-card stack">
                            <h1>{i18n.t_with("join-heading", &[("organization", inv.organization.clone())])}</h1>
                            {if !inv.usable {
                                view! { <p class="notice notice-warning">{i18n.t("error-invitation-expired")}</p> }.into_any()
                            } else if let Some(u) = u {
                                view! {
                                    <p>{i18n.t_with("join-as", &[("email", u.email.clone())])}</p>
                                    <AppForm action=accept attr:class="form stack">
                                        <input type="hidden" name="token" value=t/>
                                        <FormError feedback=accept_feedback/>
                                        <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("join-accept")}</button></div>
                                    </AppForm>
                                }.into_any()
                            } else {
                                view! {
                                    <p class="muted">{i18n.t("join-signup-lead")}</p>
                                    <AppForm action=register attr:class="form stack" attr:novalidate=true>
                                        <input type="hidden" name="form[role]" value="hirer"/>
                                        <input type="hidden" name="form[invitation]" value=t/>
                                        <FormError feedback=register_feedback/>
                                        <Input field="name".into() label=i18n.t("field-name") feedback=register_feedback required=true maxlength=80/>
                                        <Input field="email".into() label=i18n.t("field-email") feedback=register_feedback kind=InputKind::Email initial=inv.email.clone() required=true/>
                                        <Input field="password".into() label=i18n.t("field-password") feedback=register_feedback kind=InputKind::NewPassword required=true hint=i18n.t("password-hint")/>
                                        <div class="form-actions"><button class="btn btn-primary" type="submit">{i18n.t("join-signup")}</button></div>
                                    </AppForm>
                                    <p><a href=i18n.page(&Page::Login { next: Some(i18n.page(&Page::Join { token: token() })) })>{i18n.t("join-login")}</a></p>
                                }.into_any()
                            }}
                        </section>
                    }.into_any())
                }
                _ => None,
            }}
        </Suspense>
    }
}
