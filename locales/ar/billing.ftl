## الباقات والفوترة

plans-title = الباقات والأسعار
plans-intro = ابدأ مجاناً، ورقِّ باقتك عندما تحتاج المزيد. الأسعار بالريال السعودي وتشمل ضريبة القيمة المضافة.
plans-for-talent = للمواهب
plans-for-hirer = لجهات التوظيف وشركات الإنتاج
plans-free = مجانية
plans-per-month = { $price } شهرياً
plans-per-year = أو { $price } سنوياً
plans-yearly-saving = وفّر { $percent }٪
plans-vat-included = تشمل ضريبة القيمة المضافة (١٥٪) بقيمة { $vat }
plans-vat-note = جميع الأسعار تشمل ضريبة القيمة المضافة ١٥٪، وتصدر فاتورة ضريبية مبسطة لكل دفعة.
plans-trial = تجربة مجانية لمدة { $days } أيام للمشتركين الجدد
plans-current = باقتك الحالية
plans-start = ابدأ الآن
plans-see = اطّلع على الباقات
plans-applications = { $count } طلبات تقديم شهرياً
plans-applications-unlimited = طلبات تقديم بلا حدود
plans-photos = حتى { $count } صور
plans-photos-unlimited = صور بلا حدود
plans-reels = مقطع تعريفي وتسجيل صوتي
plans-no-reels = بدون مقطع تعريفي
plans-boost = ظهور أعلى في بحث جهات التوظيف
plans-no-boost = ظهور عادي في البحث
plans-open-calls = { $count ->
    [one] إعلان اختيار مفتوح واحد في كل مرة
   *[other] { $count } إعلانات مفتوحة في كل مرة
}
plans-open-calls-unlimited = إعلانات اختيار بلا حدود
plans-talent-search = البحث عن المواهب
plans-no-talent-search = بدون البحث عن المواهب
plans-self-tapes = طلب تسجيلات ذاتية
plans-no-self-tapes = بدون طلب تسجيلات ذاتية
plans-bulk-messages = رسائل جماعية للمتقدمين
plans-no-bulk-messages = بدون رسائل جماعية
plans-seats = { $count ->
    [one] عضو فريق واحد
   *[other] حتى { $count } أعضاء في الفريق
}
plans-seats-unlimited = أعضاء فريق بلا حدود
plans-usage = استخدامك
plans-usage-applications = { $used } من { $limit } طلبات تقديم هذا الشهر
plans-usage-photos = { $used } من { $limit } صور
plans-usage-open-calls = { $used } من { $limit } إعلانات مفتوحة

subscription-trialing = فترة تجربة
subscription-active = نشط
subscription-past-due = بانتظار الدفع
subscription-canceled = ملغى
subscription-expired = منتهٍ

gate-applications = تتيح باقتك { $limit } طلبات تقديم شهرياً وقد استخدمتها كلها. رقِّ إلى الباقة الاحترافية لتتقدم بلا حدود.
gate-open-calls = تتيح باقتك { $limit ->
    [one] إعلان اختيار مفتوحاً واحداً
   *[other] { $limit } إعلانات مفتوحة
} في كل مرة. أغلق إعلاناً أو رقِّ إلى باقة الاستوديو لإعلانات بلا حدود.
gate-talent-search = البحث عن المواهب متاح في باقة الاستوديو.
gate-self-tapes = طلب التسجيلات الذاتية متاح في باقة الاستوديو.
gate-photos = تتيح باقتك حتى { $limit } صور. احذف صورة أو رقِّ إلى الباقة الاحترافية لمزيد من الصور.
gate-reels = المقطع التعريفي والتسجيل الصوتي متاحان في الباقة الاحترافية.
gate-team-seats = دعوة أعضاء الفريق متاحة حتى { $limit } مقاعد في باقتك؛ باقة الاستوديو تتسع لفريق أكبر.
gate-bulk-messages = الرسائل الجماعية متاحة في باقة الاستوديو.

error-plan-unknown = اختر إحدى الباقات.
error-plan-interval = اختر الدفع الشهري أو السنوي.
error-billing-grant-days = حدد مدة بين يوم و٣٦٦٠ يوماً.
error-billing-plan-audience = هذه الباقة ليست لهذا النوع من الحسابات.

plans-interval = الفوترة
plans-monthly = شهرياً
plans-yearly = سنوياً
plans-method = الدفع عبر
plans-subscribe = اشترك

billing-title = الفوترة والفواتير
billing-plan = باقتك
billing-renews = تتجدد في { $date } بمبلغ { $amount }
billing-next-change = تتغير إلى { $plan }، { $interval }، عند نهاية هذه الفترة.
billing-ends = تنتهي في { $date }
billing-change-plan = تغيير الباقة
billing-card = البطاقة
billing-invoices = الفواتير
billing-no-invoices = لا توجد فواتير بعد.
billing-view-invoice = عرض الفاتورة
billing-return-title = الدفع
billing-return-paid = استلمنا دفعتك بمبلغ { $amount }. باقتك مفعّلة.
billing-return-failed = لم تتم عملية الدفع ولم يُخصم أي مبلغ. يمكنك المحاولة مجدداً من صفحة الباقات.
billing-return-expired = انتهت صلاحية عملية الدفع هذه ولم يُخصم أي مبلغ.
billing-return-waiting = بانتظار تأكيد مزود الدفع لدفعتك بمبلغ { $amount }…
billing-return-refresh = تحقق مجدداً

invoice-title = فاتورة ضريبية
invoice-simplified = فاتورة ضريبية مبسطة
invoice-credit-note = إشعار دائن
invoice-number = رقم الفاتورة
invoice-refers-to = مرتبط بالفاتورة
invoice-date = تاريخ الإصدار
invoice-seller = البائع
invoice-vat-number = الرقم الضريبي
invoice-buyer = المشتري
invoice-item = البند
invoice-net = المبلغ قبل الضريبة
invoice-vat = ضريبة القيمة المضافة (١٥٪)
invoice-total = الإجمالي شامل الضريبة
invoice-qr-caption = رمز الاستجابة السريعة لهيئة الزكاة والضريبة والجمارك: امسحه للتحقق من البائع والتاريخ والمبالغ.
invoice-download-pdf = تنزيل PDF
invoice-currency = ر.س

error-billing-method = اختر طريقة الدفع.
error-billing-never-charged = لا تُفرض رسوم على المشرفين وأولياء الأمور.
error-billing-no-organization = انضم إلى جهة أو أنشئ جهة أولاً: باقات التوظيف تخص الجهات.
error-billing-guardian-chooses = ولي الأمر هو من يختار باقة القاصر.
error-billing-free-plan = الباقة المجانية لا تحتاج إلى دفع.
error-billing-already-on-plan = أنت مشترك في هذه الباقة بالفعل.
error-billing-gateway = لم تستجب خدمة الدفع ولم يُخصم أي مبلغ. حاول مجدداً بعد دقيقة.
error-billing-payment-mismatch = الدفعة لا تطابق عملية الدفع هذه، ولم يتغير شيء.
billing-return-declined = رُفضت البطاقة ولم يُخصم أي مبلغ. يمكنك المحاولة مجدداً ببطاقة أخرى.
billing-return-retry = العودة إلى صفحة الدفع
billing-cancel = ألغِ عند نهاية الفترة
billing-resume = استمر في التجديد
pay-method-mada = مدى
pay-method-creditcard = فيزا / ماستركارد
pay-method-applepay = Apple Pay
pay-method-stcpay = STC Pay
error-billing-refund-amount = حدد مبلغ استرداد بين 0.01 و{ $left } ر.س.
plans-start-trial = جرّبها مجاناً { $days } أيام
error-billing-no-trial = لا تتضمن هذه الباقة تجربة مجانية.
error-billing-trial-on-plan = التجربة المجانية متاحة للحسابات على الباقة المجانية.
error-billing-trial-used = التجربة المجانية مرة واحدة لكل حساب، وقد استُخدمت.

admin-billing-title = الفوترة
admin-billing-revenue = الإيرادات حسب الباقة والشهر
admin-billing-revenue-none = لا مدفوعات في الأشهر الاثني عشر الأخيرة.
admin-billing-chart-summary = الإيرادات الشهرية لكل باقة مدفوعة، شاملة الضريبة، بعد خصم المبالغ المستردة.
admin-billing-month = الشهر
admin-billing-all-plans = كل الباقات
admin-billing-statuses = الاشتراكات حسب الحالة
admin-billing-failed = التجديدات المتعثرة
admin-billing-failed-none = لم يتعثر أي تجديد.
admin-billing-account = الحساب
admin-billing-plan = الباقة
admin-billing-attempts = المحاولات
admin-billing-next-try = المحاولة التالية
admin-billing-gave-up = انتهت المحاولات: عاد إلى الباقة المجانية
admin-billing-reason = السبب
admin-billing-refunds = المبالغ المستردة
admin-billing-refunds-none = لا توجد مبالغ مستردة بعد.
admin-billing-accounts = البحث عن حساب
admin-billing-search = الاسم أو البريد الإلكتروني أو الجهة
admin-billing-find = بحث
admin-billing-no-accounts = لا يوجد حساب مطابق.
admin-billing-free = الباقة المجانية
admin-billing-refundable = المتبقي للاسترداد
admin-billing-refund = استرداد
admin-billing-refund-invoice = الفاتورة
admin-billing-refund-amount = المبلغ بالريال
admin-billing-refund-amount-hint = اتركه فارغًا لاسترداد كل المتبقي.
plans-for-ward-choose = اختر لمن تختار الباقة
plans-for-ward = تختار الباقة لـ { $name }؛ الفاتورة باسمك.
billing-wards = باقات من تتولى رعايتهم
