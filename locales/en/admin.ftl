admin-title = Administration
admin-reports = Reports
admin-review = Review
admin-organizations = Organizations
admin-mail = Mail
admin-open-reports = { $count ->
    [one] One casting call has open reports.
   *[other] { $count } casting calls have open reports.
}
admin-reports-empty = No open reports.
admin-review-empty = No casting calls are waiting for review.
report-suspend = Suspend the casting call
report-dismiss = Dismiss
review-note = Note to the hirer (optional)
review-approve = Approve and publish
review-reject = Reject
organization-verify = Verify
organization-unverify = Remove verification
mail-folder = Mail is written to { $folder } (no SMTP server is configured).
mail-folder-title = Mail folder
mail-folder-empty = No mail yet.
mail-deliveries-title = Deliveries
mail-kind = Kind
mail-attempts = Attempts
mail-retry = Send again
delivery-pending = Waiting
delivery-sending = Sending
delivery-sent = Sent
delivery-failed = Failed
admin-birth-date-title = Correct the date of birth
admin-birth-date-hint = Administrators only: the change is audited and the guardian is told.
admin-birth-date-save = Save the date
admin-media-title = Similar photos
admin-media-intro = A new photo close to another account's photo may be stolen. Compare them: dismiss the flag, or remove the new photo.
admin-media-empty = No photos waiting for a decision.
admin-media-distance = { $bits } bits apart (of 64)
admin-media-dismiss = Not the same: dismiss
admin-media-remove = Remove the new photo
