list-title = تجارب الأداء
list-count = { $count ->
    [zero] لا توجد تجارب أداء مفتوحة
    [one] تجربة أداء مفتوحة واحدة
    [two] تجربتا أداء مفتوحتان
    [few] { $count } تجارب أداء مفتوحة
    [many] { $count } تجربة أداء مفتوحة
   *[other] { $count } تجربة أداء مفتوحة
}
list-empty = لا توجد تجارب أداء تطابق هذه الاختيارات. جرّب مدينة أخرى أو امسح عوامل التصفية.
filter-title = تصفية تجارب الأداء
filter-any-city = كل المدن
filter-any-gender = أي جنس
filter-any-pay = مدفوعة أو غير مدفوعة
filter-apply = تطبيق
filter-clear = مسح التصفية
filter-invalid = بعض قيم التصفية غير معروفة وتم تجاهلها.
field-city = المدينة
field-role-gender = جنس الدور
field-paid = الأجر
field-gender = الجنس
field-title = العنوان
field-description = الوصف
field-project-type = نوع العمل
field-deadline = آخر موعد للتقديم
field-shoot-dates = مواعيد التصوير
field-shoot-start = بداية التصوير
field-shoot-end = نهاية التصوير
field-requirements = المتطلبات
field-roles = الأدوار
field-status = الحالة
field-role-name = اسم الدور
field-role-description = عن الدور
field-age-range = الفئة العمرية
field-age-min = أصغر عمر
field-age-max = أكبر عمر
field-compensation = الأجر
field-compensation-sar = الأجر بالريال (اختياري)
compensation-hint = للأدوار المدفوعة: المبلغ بالريال، مثل ١٥٠٠. اتركه فارغاً للاتفاق لاحقاً.
roles-hint = أضف كل الأدوار المطلوبة. خانات الأدوار الفارغة لا تُحفظ.
roles-add = أضف دوراً آخر
role-legend = الدور { $number }
role-ages = من { $min } إلى { $max } سنة
gender-male = ذكر
gender-female = أنثى
gender-any = أي جنس
badge-paid = مدفوع
badge-unpaid = غير مدفوع
badge-closed = مغلق
badge-expired = انتهى موعد التقديم
badge-aggregated = منقول من الإنترنت
call-deadline = التقديم حتى { $date }
call-roles = { $count ->
    [zero] لا أدوار
    [one] دور واحد
    [two] دوران
    [few] { $count } أدوار
   *[other] { $count } دوراً
}
call-shoot-range = من { $start } إلى { $end }
call-expired-notice = انتهى موعد التقديم على تجربة الأداء هذه، ولم تعد تستقبل طلبات.
call-closed-notice = تجربة الأداء هذه مغلقة ولم تعد تستقبل طلبات.
call-hidden-notice = تجربة الأداء هذه غير منشورة بعد، ولا يراها إلا فريقك.
call-aggregated-from = نُشرت أصلاً في
call-edit = تعديل
call-new-title = أعلن عن تجربة أداء
call-edit-title = تعديل تجربة الأداء
call-current-status = الحالة الحالية: { $status }
call-save-draft = حفظ كمسودة
call-publish = نشر
call-save = حفظ التغييرات
call-close = إغلاق تجربة الأداء
call-reopen = إعادة فتح
my-calls-title = تجارب الأداء الخاصة بي
my-calls-empty = لم تنشر أي تجربة أداء بعد.
status-draft = مسودة
status-pending-review = قيد المراجعة
status-active = منشورة
status-closed = مغلقة
status-rejected = مرفوضة
project-feature-film = فيلم روائي طويل
project-tv-series = مسلسل تلفزيوني
project-commercial = إعلان تجاري
project-theatre = مسرح
project-music-video = فيديو موسيقي
project-short-film = فيلم قصير
project-documentary = فيلم وثائقي
project-digital-content = محتوى رقمي
status-suspended = موقوفة
call-suspended-notice = أوقفت تيك ون تجربة الأداء هذه بعد بلاغ، وهي مخفية عن الجميع.
call-review-notice = تجربة الأداء هذه بانتظار مراجعة تيك ون قبل نشرها.
call-withdraw-review = اسحبها من المراجعة
call-questions = أسئلة للمتقدمين
call-reinstate = رفع الإيقاف
questions-title = أسئلة للمتقدمين (اختياري)
questions-hint = حتى { $max } أسئلة قصيرة يجيب عنها كل متقدم.
question-legend = السؤال { $number }
role-apply = تقدّم لهذا الدور
role-apply-signin = سجّل الدخول للتقديم
role-applicants = المتقدمون
report-title = الإبلاغ عن تجربة الأداء
field-report-reason = ما المشكلة؟
field-report-details = أخبرنا بالتفاصيل
report-submit = أرسل البلاغ
report-thanks = شكراً لك. سيراجع فريقنا تجربة الأداء هذه.
report-reason-asks-payment = تطلب من المواهب دفع رسوم
report-reason-fake = تبدو مزيفة
report-reason-inappropriate = محتوى غير لائق
report-reason-expired = انتهت صلاحيتها
