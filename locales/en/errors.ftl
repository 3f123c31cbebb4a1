error-required = This field is required.
error-too-short = Use at least { $min } characters.
error-too-long = Use at most { $max } characters.
error-email-invalid = Enter an email address like name@example.com.
error-email-taken = An account with this email already exists. Log in instead.
error-password-short = The password needs at least { $min } characters.
error-password-common = This password is too common. Choose one that is harder to guess.
error-unknown-choice = Choose one of the options.
error-number-invalid = Enter a whole number, e.g. 25.
error-age-range = Enter an age from { $min } to { $max }.
error-age-order = The maximum age must be at least the minimum age.
error-amount-invalid = Enter an amount in riyals, e.g. 1500 or 1500.50.
error-amount-positive = The amount must be more than zero.
error-amount-too-large = That amount is too large.
error-unpaid-amount = An unpaid role has no pay amount. Clear it or mark the role as paid.
error-date-invalid = Enter a date as year-month-day, e.g. 2026-12-31.
error-date-past = This date has already passed.
error-date-too-far = Choose a date within the next year.
error-date-order = The shoot must end on or after the day it starts.
error-roles-required = Add at least one role.
error-roles-too-many = A casting call can have at most { $max } roles.
error-page-invalid = That page does not exist.
error-status-transition = This casting call cannot be changed that way in its current status.
error-form-invalid = Please correct the highlighted fields.
error-invalid-credentials = The email or password is incorrect.
error-rate-limited = Too many attempts. Try again in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.
error-unauthorized = Please log in to continue.
error-forbidden = You don't have access to this.
error-not-found = We couldn't find that.
error-bad-request = The request could not be understood.
error-internal = Something went wrong on our side. Please try again.
error-csrf = Your session expired. Reload the page and try again.
