admin-title = الإدارة
admin-reports = البلاغات
admin-review = المراجعة
admin-organizations = المنشآت
admin-mail = البريد
admin-open-reports = { $count ->
    [zero] لا توجد تجارب أداء عليها بلاغات مفتوحة.
    [one] تجربة أداء واحدة عليها بلاغات مفتوحة.
    [two] تجربتا أداء عليهما بلاغات مفتوحة.
    [few] { $count } تجارب أداء عليها بلاغات مفتوحة.
   *[other] { $count } تجربة أداء عليها بلاغات مفتوحة.
}
admin-reports-empty = لا بلاغات مفتوحة.
admin-review-empty = لا تجارب أداء بانتظار المراجعة.
report-suspend = أوقف تجربة الأداء
report-dismiss = تجاهل
review-note = ملاحظة لجهة التوظيف (اختياري)
review-approve = اعتمد وانشر
review-reject = ارفض
organization-verify = وثّق
organization-unverify = ألغِ التوثيق
mail-folder = يُكتب البريد في { $folder } (لا يوجد خادم SMTP مُعد).
mail-folder-title = مجلد البريد
mail-folder-empty = لا رسائل بعد.
mail-deliveries-title = الإرسال
mail-kind = النوع
mail-attempts = المحاولات
mail-retry = أعد الإرسال
delivery-pending = بالانتظار
delivery-sending = قيد الإرسال
delivery-sent = أُرسلت
delivery-failed = فشلت
admin-birth-date-title = تصحيح تاريخ الميلاد
admin-birth-date-hint = للمشرفين فقط: يُسجَّل التغيير ويُبلَّغ وليّ الأمر.
admin-birth-date-save = حفظ التاريخ
admin-media-title = صور متشابهة
admin-media-intro = صورة جديدة قريبة من صورة حساب آخر قد تكون مسروقة. قارن بينهما: أغلق التنبيه أو احذف الصورة الجديدة.
admin-media-empty = لا صور بانتظار قرار.
admin-media-distance = الفرق { $bits } بت (من 64)
admin-media-dismiss = ليستا الصورة نفسها: أغلق
admin-media-remove = احذف الصورة الجديدة
