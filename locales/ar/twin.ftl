# التوأم الرقمي: المصادر وقائمة المراجعة (للمشرفين).
twin-title = التوأم الرقمي
twin-queue = قائمة المراجعة
twin-sources = المصادر
twin-source = المصدر
twin-received = وصل في
twin-select = تحديد
twin-shortcuts = لوحة المفاتيح: j / k للتنقل، a للاعتماد، r للرفض، e للتعديل.
twin-queue-empty = لا شيء بانتظار المراجعة.
twin-queue-count = { $count ->
    [one] إعلان واحد مجمّع بانتظار المراجعة.
    [two] إعلانان مجمّعان بانتظار المراجعة.
    [few] { $count } إعلانات مجمّعة بانتظار المراجعة.
   *[other] { $count } إعلانًا مجمّعًا بانتظار المراجعة.
}
twin-similar = يشبه إعلانًا آخر بنسبة { $percent }٪
twin-reposts = { $count ->
    [one] أعيد نشره مرة
   *[other] أعيد نشره { $count } مرات
}
twin-bulk-approve = اعتماد المحدد
twin-bulk-reject = رفض المحدد
twin-bulk-reason-hint = مطلوب عند الرفض، ويُحفظ مع كل قرار.
twin-bulk-progress = تم البت في { $done } من { $total }…
twin-bulk-done = تم البت في { $done }، و{ $failed } تحتاج مراجعة (افتحها للتعديل).
twin-candidate = إعلان كاستنج مجمّع
twin-source-text = النص الأصلي
twin-extractor = استخرجه
twin-compensation = الأجر
twin-shoot-dates = مواعيد التصوير
twin-similar-to = يشبه «{ $title }» بنسبة { $percent }٪.
twin-open-call = افتح ذلك الإعلان
twin-approve-title = راجع وصحّح وانشر
twin-company = الجهة (كما وردت في الإعلان)
twin-contact = طريقة التقديم (تظهر للعموم)
twin-show-phone = إظهار أرقام الجوال الشخصية للعموم (بموافقة الناشر)
twin-approve = اعتماد ونشر
twin-next = تخطَّ إلى التالي
twin-reject = رفض
twin-reject-reason = سبب الرفض
twin-merge-into = هو نفس الإعلان (رقمه أو رابطه)
twin-merge-hint = يُدمج المنشور المكرر في ذلك الإعلان.
twin-merge = دمج
twin-source-new = إضافة مصدر
twin-sources-empty = لا توجد مصادر بعد: أضف صفحة ويب أو مجموعة واتساب بالأسفل.
twin-webhook-on = استقبال Whapi مفعّل: تصل رسائل المجموعات المعروفة إلى ‎/webhooks/whapi.
twin-paused = متوقف
twin-count-fetched = ما جُلب
twin-count-found = إعلانات وُجدت
twin-count-approved = اعتُمد
twin-count-rejected = رُفض
twin-count-failed = تعذّر
twin-schedule = الجدول
twin-last-run = آخر معالجة
twin-never = لم يُعالج بعد
twin-last-error = آخر خطأ
twin-run-now = شغّل الآن
twin-delete = حذف
twin-import = ملف محادثة واتساب المصدَّر (‎.txt)
twin-import-button = استيراد
twin-import-hint = في واتساب: المجموعة › المزيد › تصدير الدردشة › بدون وسائط. حتى ٢٠ ميجابايت.
twin-imported = استُورد { $count } رسالة ({ $new } جديدة)، وتجري معالجتها.
twin-import-failed = تعذّر الاستيراد: { $reason }
twin-edit-source = تعديل
twin-field-kind = النوع
twin-field-name = الاسم
twin-field-target = رابط الصفحة أو معرّف مجموعة واتساب
twin-field-target-hint = صفحة ويب (https://…) أو معرّف مجموعة ينتهي بـ ‎@g.us.
twin-field-schedule = الجدول (اختياري)
twin-field-schedule-hint = تعبير cron بالثواني؛ فارغ يعني كل ٤ ساعات للصفحات وكل ١٥ دقيقة للمجموعات.
twin-field-active = مفعّل
twin-save-source = حفظ المصدر
twin-failed = عناصر تعذّرت معالجتها
twin-failed-empty = لم يتعذّر أي عنصر.
twin-retry = أعد المحاولة
source-kind-web = صفحة ويب
source-kind-whatsapp = مجموعة واتساب
candidate-status-pending = بانتظار المراجعة
candidate-status-approved = معتمد
candidate-status-rejected = مرفوض
candidate-status-merged = مدمج في إعلان آخر
call-contact = طريقة التقديم
