notifications-title = Notifications
notifications-empty = Nothing new.
notifications-mark-read = Mark all as read
notice-new-application = { $talent } applied for “{ $role }” in “{ $call }”.
notice-status-changed = “{ $call }” ({ $role }): { $status }.
notice-new-message = { $sender } wrote about “{ $call }”.
notice-guardian-approval = { $talent } is waiting for your approval to apply to “{ $call }”.
notice-call-expiring = “{ $call }” stops accepting applications on { $deadline }.
mail-open-link = Open
mail-footer = TakeOne — casting calls for Saudi film, TV, advertising and theatre. You receive this because of your TakeOne account.
mail-new-applications = New applications
mail-new-applications-subject = { $count ->
    [one] One new application on TakeOne
   *[other] { $count } new applications on TakeOne
}
mail-new-applications-body = Since our last message:

    { $items }
mail-status-changed = Application status
mail-status-changed-subject = Your application: { $status }
mail-status-changed-body = The casting team of “{ $call }” moved the application of { $talent } for the role “{ $role }” to: { $status }.
mail-new-message = New message
mail-new-message-subject = New message about “{ $call }”
mail-new-message-body = { $sender } sent a message about the application of { $talent } to “{ $call }”. Read and reply on TakeOne.
mail-guardian-approval = Guardian approval
mail-guardian-approval-subject = { $talent } needs your approval
mail-guardian-approval-body = { $talent } wants to apply for the role “{ $role }” in “{ $call }”. The hirer sees the application only after you approve it.
mail-call-expiring = Casting call closing
mail-call-expiring-subject = “{ $call }” closes soon
mail-call-expiring-body = Your casting call “{ $call }” stops accepting applications on { $deadline }. Extend the deadline if you need more applicants.
mail-verify-email = Email confirmation
mail-verify-email-subject = Confirm your email address for TakeOne
mail-verify-email-body = Welcome to TakeOne. Confirm that this address is yours; the link works for { $hours } hours and only once.
mail-password-reset = Password reset
mail-password-reset-subject = Reset your TakeOne password
mail-password-reset-body = Someone asked to reset the password of your TakeOne account. If it was you, choose a new password with this link within { $minutes } minutes. If not, ignore this mail: nothing changes.
mail-guardian-invitation = Guardian invitation
mail-guardian-invitation-subject = { $talent } asks you to be their guardian on TakeOne
mail-guardian-invitation-body = { $talent } is under 18 and wants to apply to casting calls on TakeOne. As their guardian you approve each application and receive hirers' messages. The invitation is valid for { $days } days.
mail-organization-invitation = Team invitation
mail-organization-invitation-subject = Join { $organization } on TakeOne
mail-organization-invitation-body = { $inviter } invites you to join { $organization } on TakeOne to post casting calls and review applicants. The invitation is valid for { $days } days.
notice-search-alert = { $count } new results for your saved search “{ $name }”.
mail-search-alert = Saved search alerts
mail-search-alert-subject = New results for “{ $name }”
mail-search-alert-body = Your saved search “{ $name }” has { $count } new results since we last told you. Open it to see them.
mail-birth-date-corrected = Date of birth corrected
mail-birth-date-corrected-subject = The TakeOne team corrected { $talent }'s date of birth
mail-birth-date-corrected-body = A TakeOne administrator corrected the date of birth on { $talent }'s profile to { $date }. If you did not ask for this, contact us.
notice-media-rejected = Your file “{ $filename }” was removed: the virus scan found { $threat }.
notice-self-tape-requested = { $organization } asks you for a self-tape for “{ $role }” by { $deadline }.
mail-self-tape-requested = Self-tape requests
mail-self-tape-requested-subject = Self-tape requested: “{ $role }”
mail-self-tape-requested-body = { $organization } asks you for a self-tape for the role “{ $role }” by { $deadline }. Open the request to read the instructions and send your tape.
notice-self-tape-reminder = Your self-tape for “{ $role }” is due by { $deadline }.
mail-self-tape-reminder = Self-tape reminders
mail-self-tape-reminder-subject = Reminder: self-tape for “{ $role }” due { $deadline }
mail-self-tape-reminder-body = The self-tape you were asked for, for the role “{ $role }”, is due by { $deadline }. Open the request to record or upload it.
notice-renewal-failed = Your subscription payment of SAR { $amount } did not go through.
mail-renewal-failed = Failed subscription payments
mail-renewal-failed-subject = Your TakeOne subscription payment did not go through
mail-renewal-failed-body = We could not charge SAR { $amount } to your saved card for your subscription. { $last ->
    [true] This was the last try: your plan ends now and your account is back on the free plan. Nothing of yours is deleted; you can subscribe again from the plans page.
   *[other] We will try again on { $next }. To avoid losing your plan, check your card or pay from the billing page.
}
notice-subscription-canceled = Your subscription ended after its payment failed; you are on the free plan.
mail-subscription-canceled = Ended subscriptions
mail-subscription-canceled-subject = Your TakeOne subscription has ended
mail-subscription-canceled-body = The payment for your subscription failed on every try, so the subscription has ended and your account is on the free plan. Everything you had is kept; you can subscribe again from the plans page at any time.
