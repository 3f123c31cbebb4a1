## Plans and billing

plans-title = Plans and prices
plans-intro = Start free. Upgrade when you need more: prices in Saudi riyals, VAT included.
plans-for-talent = For talent
plans-for-hirer = For hirers and production companies
plans-free = Free
plans-per-month = { $price } a month
plans-per-year = or { $price } a year
plans-yearly-saving = save { $percent }%
plans-vat-included = Includes VAT (15%) of { $vat }
plans-vat-note = All prices include 15% VAT. A simplified tax invoice is issued for every payment.
plans-trial = { $days }-day free trial for first-time subscribers
plans-current = Your plan
plans-start = Start now
plans-see = See plans
plans-applications = { $count } applications a month
plans-applications-unlimited = Unlimited applications
plans-photos = Up to { $count } photos
plans-photos-unlimited = Unlimited photos
plans-reels = Showreel and voice reel
plans-no-reels = No showreel
plans-boost = Higher placement in hirers' searches
plans-no-boost = Standard placement in searches
plans-open-calls = { $count ->
    [one] One open casting call at a time
   *[other] { $count } open casting calls at a time
}
plans-open-calls-unlimited = Unlimited casting calls
plans-talent-search = Talent search
plans-no-talent-search = No talent search
plans-self-tapes = Self-tape requests
plans-no-self-tapes = No self-tape requests
plans-bulk-messages = Bulk messages to applicants
plans-no-bulk-messages = No bulk messages
plans-seats = { $count ->
    [one] One team member
   *[other] Up to { $count } team members
}
plans-seats-unlimited = Unlimited team members
plans-usage = Your usage
plans-usage-applications = { $used } of { $limit } applications this month
plans-usage-photos = { $used } of { $limit } photos
plans-usage-open-calls = { $used } of { $limit } open casting calls

subscription-trialing = Trial
subscription-active = Active
subscription-past-due = Payment due
subscription-canceled = Canceled
subscription-expired = Expired

gate-applications = Your plan includes { $limit } applications a month, and you have used them all. Upgrade to Talent Pro to apply without limits.
gate-open-calls = Your plan allows { $limit ->
    [one] one open casting call
   *[other] { $limit } open casting calls
} at a time. Close one, or upgrade to Hirer Studio for unlimited calls.
gate-talent-search = Talent search is part of the Hirer Studio plan.
gate-self-tapes = Self-tape requests are part of the Hirer Studio plan.
gate-photos = Your plan keeps up to { $limit } photos. Delete one, or upgrade to Talent Pro for more.
gate-reels = Showreels and voice reels are part of the Talent Pro plan.
gate-team-seats = Your plan has { $limit ->
        [one] one team seat
       *[other] { $limit } team seats
    } (members and open invitations); Hirer Studio has room for a larger team.
gate-bulk-messages = Bulk messages are part of the Hirer Studio plan.

error-plan-unknown = Choose one of the plans.
error-plan-interval = Choose monthly or yearly.
error-billing-grant-days = Give between 1 and 3660 days.
error-billing-plan-audience = This plan is not for this kind of account.

plans-interval = Billed
plans-monthly = Monthly
plans-yearly = Yearly
plans-method = Pay with
plans-subscribe = Subscribe

billing-title = Billing and invoices
billing-plan = Your plan
billing-renews = Renews on { $date } for { $amount }
billing-next-change = Changes to { $plan }, { $interval }, at the end of this period.
billing-ends = Ends on { $date }
billing-change-plan = Change plan
billing-card = Card
billing-invoices = Invoices
billing-no-invoices = No invoices yet.
billing-view-invoice = View invoice
billing-return-title = Payment
billing-return-paid = Payment of { $amount } received. Your plan is active.
billing-return-failed = The payment did not go through; nothing was charged. You can try again from the plans page.
billing-return-expired = This checkout expired; nothing was charged.
billing-return-waiting = Waiting for the payment provider to confirm your payment of { $amount }…
billing-return-refresh = Check again

invoice-title = Tax invoice
invoice-simplified = Simplified tax invoice
invoice-credit-note = Credit note
invoice-number = Invoice number
invoice-refers-to = Refers to invoice
invoice-date = Date of issue
invoice-seller = Seller
invoice-vat-number = VAT registration number
invoice-buyer = Buyer
invoice-item = Item
invoice-net = Amount before VAT
invoice-vat = VAT (15%)
invoice-total = Total including VAT
invoice-qr-caption = ZATCA QR code: scan to verify the seller, date and amounts.
invoice-download-pdf = Download PDF
invoice-currency = SAR

error-billing-method = Choose how to pay.
error-billing-never-charged = Administrators and guardians are never charged.
error-billing-no-organization = Join or create an organization first: hirer plans belong to organizations.
error-billing-guardian-chooses = A minor's plan is chosen by their guardian.
error-billing-free-plan = The free plan needs no payment.
error-billing-already-on-plan = You are already on this plan.
error-billing-gateway = The payment service did not answer; nothing was charged. Please try again in a minute.
error-billing-payment-mismatch = The payment does not match this checkout; nothing was changed.
billing-return-declined = The card was declined; nothing was charged. You can try again with another card.
billing-return-retry = Back to the payment page
billing-cancel = Cancel at the end of the period
billing-resume = Keep renewing
pay-method-mada = mada
pay-method-creditcard = Visa / Mastercard
pay-method-applepay = Apple Pay
pay-method-stcpay = STC Pay
error-billing-refund-amount = Refund between SAR 0.01 and SAR { $left }.
plans-start-trial = Try it free for { $days } days
error-billing-no-trial = This plan has no free trial.
error-billing-trial-on-plan = The free trial is for accounts on the free plan.
error-billing-trial-used = The free trial can be used once per account, and it has been.

admin-billing-title = Billing
admin-billing-revenue = Revenue by plan and month
admin-billing-revenue-none = No payments in the last twelve months.
admin-billing-chart-summary = Revenue by month for each paid plan, VAT included, less refunds.
admin-billing-month = Month
admin-billing-all-plans = All plans
admin-billing-statuses = Subscriptions by status
admin-billing-failed = Failed renewals
admin-billing-failed-none = No renewal has failed.
admin-billing-account = Account
admin-billing-plan = Plan
admin-billing-attempts = Tries
admin-billing-next-try = Next try
admin-billing-gave-up = No more tries: back to the free plan
admin-billing-reason = Reason
admin-billing-refunds = Refunds
admin-billing-refunds-none = No refunds yet.
admin-billing-accounts = Find an account
admin-billing-search = Name, email or organization
admin-billing-find = Find
admin-billing-no-accounts = No account matches.
admin-billing-free = Free plan
admin-billing-refundable = Left to refund
admin-billing-refund = Refund
admin-billing-refund-invoice = Invoice
admin-billing-refund-amount = Amount in riyals
admin-billing-refund-amount-hint = Leave empty to refund all that is left.
plans-for-ward-choose = Choose whose plan to choose
plans-for-ward = You are choosing the plan for { $name }; the invoice is in your name.
billing-wards = Plans of those in your care
