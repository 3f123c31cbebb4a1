dashboard-title = لوحة التحكم
dashboard-review-notice = تراجع تيك ون أولى تجارب الأداء لديكم قبل نشرها، وعادةً خلال يوم عمل.
worksheet-title = ورقة العمل
worksheet-all = الكل
worksheet-statuses = المتقدمون حسب الحالة
worksheet-count = { $count ->
    [zero] لا متقدمين
    [one] متقدم واحد
    [two] متقدمان
    [few] { $count } متقدمين
    [many] { $count } متقدماً
   *[other] { $count } متقدم
}
worksheet-empty = لم يتقدم أحد لهذا الدور بعد.
worksheet-none-match = لا يوجد متقدم يطابق هذه الاختيارات.
worksheet-select = اختيار
worksheet-applicant = المتقدم
worksheet-applied = تاريخ التقديم
field-sort = الترتيب
sort-newest = الأحدث أولاً
sort-oldest = الأقدم أولاً
sort-age-asc = الأصغر سناً أولاً
sort-age-desc = الأكبر سناً أولاً
sort-name = الاسم
sort-status = الحالة
bulk-move-to = انقل المحددين إلى
bulk-apply = تطبيق
bulk-working = جارٍ التنفيذ…
bulk-outcome = تم التغيير: { $changed }. غيّرها غيرك في الأثناء: { $conflicts }. غير ممكن من حالتها: { $refused }.
shortlist-title = القائمة المختصرة
shortlist-links-title = مشاركة القائمة المختصرة
shortlist-links-hint = صفحة للقراءة فقط تعرض المتقدمين في القائمة المختصرة وقيد الانتظار والمحجوزين، لمخرج ليس لديه حساب. لا تظهر فيها بيانات تواصل ولا أي شخص دون ١٨ سنة.
shortlist-days = صالح لمدة (أيام)
shortlist-create = أنشئ رابطاً
shortlist-until = صالح حتى { $date }
shortlist-revoked = ملغى
shortlist-revoke = إلغاء
shortlist-empty = لا أحد في هذه القائمة بعد.
shortlist-minors-hidden = { $count ->
    [one] متقدم واحد دون ١٨ سنة يظهر لفريق الاختيار فقط.
    [two] متقدمان دون ١٨ سنة يظهران لفريق الاختيار فقط.
    [few] { $count } متقدمين دون ١٨ سنة يظهرون لفريق الاختيار فقط.
   *[other] { $count } متقدماً دون ١٨ سنة يظهرون لفريق الاختيار فقط.
}
organization-title = المنشأة
organization-verified = موثّقة من تيك ون.
organization-unverified = غير موثّقة بعد: تُراجع أولى تجارب الأداء لديكم قبل نشرها.
field-org-name-ar = الاسم بالعربية
field-org-name-en = الاسم بالإنجليزية
field-org-kind = النوع
field-website = الموقع الإلكتروني
field-cr = رقم السجل التجاري
cr-hint = اختياري: الأرقام العشرة لسجلكم التجاري.
org-kind-production-company = شركة إنتاج
org-kind-agency = وكالة اختيار ممثلين أو مواهب
org-kind-brand = علامة تجارية
org-kind-individual = فرد
member-role-owner = المالك
member-role-member = عضو
members-title = الأعضاء
members-invited = مدعوون لم ينضموا بعد:
member-invite-email = ادعُ زميلاً عبر بريده الإلكتروني
member-invite = دعوة
member-invited = تم إرسال الدعوة.
member-remove = إزالة
join-title = الانضمام إلى منشأة
join-heading = انضم إلى { $organization } في تيك ون
join-as = أنت مسجّل الدخول باسم { $email }.
join-accept = انضمام
join-signup-lead = أنشئ حساب جهة توظيف بالعنوان المدعو.
join-signup = أنشئ الحساب وانضم
join-login = لدي حساب بالفعل
bulk-message-ask = راسل المتقدمين المحددين
bulk-message-body = الرسالة (تصل كلًّا منهم في محادثته)
bulk-message-send = أرسل الرسالة
bulk-messaged = أُرسلت الرسالة: { $sent }. تعذر الإرسال: { $refused }.
