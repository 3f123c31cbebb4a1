error-required = هذا الحقل مطلوب.
error-too-short = استخدم { $min } أحرف على الأقل.
error-too-long = استخدم { $max } حرفاً على الأكثر.
error-email-invalid = أدخل بريداً إلكترونياً صحيحاً مثل name@example.com.
error-email-taken = يوجد حساب بهذا البريد الإلكتروني. سجّل الدخول بدلاً من ذلك.
error-password-short = كلمة المرور تحتاج { $min } أحرف على الأقل.
error-password-common = كلمة المرور هذه شائعة جداً. اختر كلمة يصعب تخمينها.
error-unknown-choice = اختر أحد الخيارات المتاحة.
error-number-invalid = أدخل رقماً صحيحاً، مثل ٢٥.
error-age-range = أدخل عمراً من { $min } إلى { $max }.
error-age-order = يجب ألا يكون أكبر عمر أقل من أصغر عمر.
error-amount-invalid = أدخل المبلغ بالريال، مثل ١٥٠٠ أو ١٥٠٠٫٥٠.
error-amount-positive = يجب أن يكون المبلغ أكبر من صفر.
error-amount-too-large = المبلغ كبير جداً.
error-unpaid-amount = الدور غير المدفوع لا أجر له. امسح المبلغ أو اجعل الدور مدفوعاً.
error-date-invalid = أدخل التاريخ بصيغة سنة-شهر-يوم، مثل 2026-12-31.
error-date-past = هذا التاريخ مضى.
error-date-too-far = اختر تاريخاً خلال السنة القادمة.
error-date-order = يجب أن ينتهي التصوير في يوم بدايته أو بعده.
error-roles-required = أضف دوراً واحداً على الأقل.
error-roles-too-many = لا يمكن أن تتجاوز أدوار تجربة الأداء { $max } دوراً.
error-page-invalid = هذه الصفحة غير موجودة.
error-status-transition = لا يمكن تغيير تجربة الأداء بهذه الطريقة في حالتها الحالية.
error-form-invalid = يرجى تصحيح الحقول المشار إليها.
error-invalid-credentials = البريد الإلكتروني أو كلمة المرور غير صحيحة.
error-rate-limited = محاولات كثيرة. حاول مرة أخرى بعد { $minutes ->
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
   *[other] { $minutes } دقيقة
}.
error-unauthorized = سجّل الدخول للمتابعة.
error-forbidden = ليست لديك صلاحية للوصول إلى هذا.
error-not-found = لم نجد ما تبحث عنه.
error-bad-request = تعذر فهم الطلب.
error-internal = حدث خطأ من جهتنا. حاول مرة أخرى.
error-csrf = انتهت صلاحية الجلسة. أعد تحميل الصفحة وحاول مرة أخرى.
