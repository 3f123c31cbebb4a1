search-calls-title = البحث في تجارب الأداء
search-talent-title = ابحث عن المواهب
search-lead = ابحث في تجارب الأداء في أنحاء المملكة بالعربية أو الإنجليزية: الأدوار والمدن واللهجات والأجر.
search-label = بحث
search-calls-placeholder = مثال: ممثلة جدة، كومبارس الرياض، تعليق صوتي
search-talent-placeholder = مثال: ممثل حجازي، مودل الدمام، اسم
search-submit = ابحث
search-filter-city = المدينة
search-filter-gender = الجنس
search-filter-age = العمر
search-filter-skill = المهارة
search-filter-dialect = اللهجة
search-filter-language = اللغة
search-filter-experience = الخبرة
search-filter-verified = التوثيق
search-filter-paid = الأجر
search-filter-status = الحالة
search-filter-filters = عوامل التصفية
search-verified-true = الموثقون فقط
search-verified-false = غير موثق
search-paid-true = مدفوع
search-paid-false = غير مدفوع
search-status-active = مفتوحة
search-status-closed = مغلقة
search-status-any = مفتوحة أو مغلقة
search-count = { $count ->
    [zero] لا نتائج
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $count } نتائج
   *[other] { $count } نتيجة
}
search-ignored = لم نفهم بعض عوامل التصفية فتركناها: { $filters }.
search-empty = لا شيء يطابق هذا البحث.
search-page-empty = هذه الصفحة بعد آخر النتائج.
search-relax = جرّب دون أحد عوامل التصفية:
search-remove = إزالة { $filter }
search-browse-all = تصفح الكل
search-first-page = العودة إلى الصفحة الأولى
search-save = احفظ هذا البحث
search-save-name = اسم البحث
search-save-frequency = أخبرني بالنتائج الجديدة
search-save-submit = احفظ البحث
search-saved-limit = لديك { $max } عملية بحث محفوظة، وهو الحد الأقصى. احذف واحدة من صفحة البحث المحفوظ لتحفظ هذه.
search-frequency-instant = فور ظهورها
search-frequency-daily = مرة في اليوم
saved-title = عمليات البحث المحفوظة
saved-empty = لا بحث محفوظاً بعد. ابحث ثم احفظ البحث لتصلك النتائج الجديدة.
saved-delete = حذف
nav-search = بحث
nav-talent-search = ابحث عن المواهب
nav-saved-searches = البحث المحفوظ
admin-search-title = عمّ يبحث الناس
admin-search-summary = { $searches } عملية بحث في آخر ٣٠ يوماً، { $zero } منها دون نتائج.
admin-search-top = الأكثر بحثاً
admin-search-zero = عمليات بحث دون نتائج
admin-search-query = عبارة البحث
admin-search-target = البحث في
admin-search-target-calls = تجارب الأداء
admin-search-target-talents = المواهب
admin-search-count = المرات
admin-search-results = متوسط النتائج
history-title = عمليات بحثك الأخيرة
history-filters-only = (عوامل تصفية فقط)
