dashboard-title = Dashboard
dashboard-review-notice = Your first casting calls are reviewed by TakeOne before they are published, usually within a working day.
worksheet-title = Worksheet
worksheet-all = All
worksheet-statuses = Applicants by status
worksheet-count = { $count ->
    [one] One applicant
   *[other] { $count } applicants
}
worksheet-empty = No one has applied for this role yet.
worksheet-none-match = No applicant matches these filters.
worksheet-select = Select
worksheet-applicant = Applicant
worksheet-applied = Applied
field-sort = Sort by
sort-newest = Newest first
sort-oldest = Oldest first
sort-age-asc = Youngest first
sort-age-desc = Oldest first (age)
sort-name = Name
sort-status = Status
bulk-move-to = Move the selected to
bulk-apply = Apply
bulk-working = Working…
bulk-outcome = Changed: { $changed }. Changed by someone else meanwhile: { $conflicts }. Not possible from their status: { $refused }.
shortlist-title = Shortlist
shortlist-links-title = Share the shortlist
shortlist-links-hint = A read-only page of the shortlisted, on-hold and booked applicants for a director without an account. No contact details and no one under 18 appear on it.
shortlist-days = Valid for (days)
shortlist-create = Create a link
shortlist-until = Valid until { $date }
shortlist-revoked = Revoked
shortlist-revoke = Revoke
shortlist-empty = No one is on this shortlist yet.
shortlist-minors-hidden = { $count ->
    [one] One applicant under 18 is only visible to the casting team.
   *[other] { $count } applicants under 18 are only visible to the casting team.
}
organization-title = Organization
organization-verified = Verified by TakeOne.
organization-unverified = Not verified yet: your first casting calls are reviewed before they are published.
field-org-name-ar = Name in Arabic
field-org-name-en = Name in English
field-org-kind = Kind
field-website = Website
field-cr = Commercial registration number
cr-hint = Optional: the ten digits of your CR (السجل التجاري).
org-kind-production-company = Production company
org-kind-agency = Casting or talent agency
org-kind-brand = Brand
org-kind-individual = Individual
member-role-owner = Owner
member-role-member = Member
members-title = Members
members-invited = Invited, not joined yet:
member-invite-email = Invite a colleague by email
member-invite = Invite
member-invited = Invitation sent.
member-remove = Remove
join-title = Join an organization
join-heading = Join { $organization } on TakeOne
join-as = You are signed in as { $email }.
join-accept = Join
join-signup-lead = Create your hirer account with the invited address.
join-signup = Create account and join
join-login = I already have an account
