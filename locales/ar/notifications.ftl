notifications-title = الإشعارات
notifications-empty = لا جديد.
notifications-mark-read = علّم الكل كمقروء
notice-new-application = تقدّم { $talent } لدور «{ $role }» في «{ $call }».
notice-status-changed = «{ $call }» ({ $role }): { $status }.
notice-new-message = كتب { $sender } بخصوص «{ $call }».
notice-guardian-approval = { $talent } بانتظار موافقتك للتقديم على «{ $call }».
notice-call-expiring = تتوقف «{ $call }» عن استقبال الطلبات في { $deadline }.
mail-open-link = افتح
mail-footer = تيك ون — تجارب الأداء للسينما والتلفزيون والإعلان والمسرح في السعودية. وصلتك هذه الرسالة بسبب حسابك في تيك ون.
mail-new-applications = طلبات جديدة
mail-new-applications-subject = { $count ->
    [one] طلب جديد في تيك ون
    [two] طلبان جديدان في تيك ون
    [few] { $count } طلبات جديدة في تيك ون
    [many] { $count } طلباً جديداً في تيك ون
   *[other] { $count } طلب جديد في تيك ون
}
mail-new-applications-body = منذ رسالتنا الأخيرة:

    { $items }
mail-status-changed = حالة الطلب
mail-status-changed-subject = طلبك: { $status }
mail-status-changed-body = نقل فريق «{ $call }» طلب { $talent } لدور «{ $role }» إلى: { $status }.
mail-new-message = رسالة جديدة
mail-new-message-subject = رسالة جديدة بخصوص «{ $call }»
mail-new-message-body = أرسل { $sender } رسالة بخصوص طلب { $talent } في «{ $call }». اقرأها ورد عليها في تيك ون.
mail-guardian-approval = موافقة وليّ الأمر
mail-guardian-approval-subject = { $talent } بحاجة إلى موافقتك
mail-guardian-approval-body = يريد { $talent } التقديم لدور «{ $role }» في «{ $call }». لن ترى جهة التوظيف الطلب إلا بعد موافقتك.
mail-call-expiring = قرب إغلاق تجربة الأداء
mail-call-expiring-subject = «{ $call }» تُغلق قريباً
mail-call-expiring-body = تتوقف تجربة الأداء «{ $call }» عن استقبال الطلبات في { $deadline }. مدّد الموعد إن احتجت مزيداً من المتقدمين.
mail-verify-email = تأكيد البريد
mail-verify-email-subject = أكّد بريدك الإلكتروني في تيك ون
mail-verify-email-body = أهلاً بك في تيك ون. أكّد أن هذا العنوان لك؛ يعمل الرابط لمدة { $hours } ساعة ولمرة واحدة فقط.
mail-password-reset = استعادة كلمة المرور
mail-password-reset-subject = استعادة كلمة المرور في تيك ون
mail-password-reset-body = طلب أحدهم إعادة تعيين كلمة مرور حسابك في تيك ون. إن كنت أنت، فاختر كلمة مرور جديدة بهذا الرابط خلال { $minutes } دقيقة. وإن لم تكن أنت فتجاهل هذه الرسالة ولن يتغير شيء.
mail-guardian-invitation = دعوة وليّ الأمر
mail-guardian-invitation-subject = يطلب منك { $talent } أن تكون وليّ أمره في تيك ون
mail-guardian-invitation-body = { $talent } دون ١٨ سنة ويريد التقديم على تجارب الأداء في تيك ون. بصفتك وليّ أمره تعتمد كل طلب وتصلك رسائل جهات التوظيف. الدعوة صالحة لمدة { $days } أيام.
mail-organization-invitation = دعوة فريق
mail-organization-invitation-subject = انضم إلى { $organization } في تيك ون
mail-organization-invitation-body = يدعوك { $inviter } للانضمام إلى { $organization } في تيك ون لنشر تجارب الأداء ومراجعة المتقدمين. الدعوة صالحة لمدة { $days } أيام.
notice-search-alert = { $count } نتائج جديدة لبحثك المحفوظ «{ $name }».
mail-search-alert = تنبيهات البحث المحفوظ
mail-search-alert-subject = نتائج جديدة لـ«{ $name }»
mail-search-alert-body = لبحثك المحفوظ «{ $name }» { $count } نتائج جديدة منذ آخر تنبيه. افتحه لتراها.
mail-birth-date-corrected = تصحيح تاريخ الميلاد
mail-birth-date-corrected-subject = صحّح فريق تيك ون تاريخ ميلاد { $talent }
mail-birth-date-corrected-body = صحّح أحد مشرفي تيك ون تاريخ ميلاد { $talent } في ملفه الشخصي إلى { $date }. إن لم تكن طلبت ذلك فتواصل معنا.
notice-media-rejected = حُذف ملفك «{ $filename }»: وجد الفحص فيه { $threat }.
notice-self-tape-requested = تطلب { $organization } منك تسجيلًا ذاتيًا لدور «{ $role }» قبل { $deadline }.
mail-self-tape-requested = طلبات التسجيل الذاتي
mail-self-tape-requested-subject = طلب تسجيل ذاتي: «{ $role }»
mail-self-tape-requested-body = تطلب { $organization } منك تسجيلًا ذاتيًا لدور «{ $role }» قبل { $deadline }. افتح الطلب لتقرأ التعليمات وترسل تسجيلك.
notice-self-tape-reminder = موعد تسجيلك الذاتي لدور «{ $role }» قبل { $deadline }.
mail-self-tape-reminder = تذكيرات التسجيل الذاتي
mail-self-tape-reminder-subject = تذكير: تسجيل ذاتي لدور «{ $role }» قبل { $deadline }
mail-self-tape-reminder-body = التسجيل الذاتي المطلوب منك لدور «{ $role }» موعده قبل { $deadline }. افتح الطلب لتسجّله أو ترفعه.
notice-renewal-failed = لم تتم عملية دفع اشتراكك بمبلغ { $amount } ر.س.
mail-renewal-failed = تعذر دفع الاشتراك
mail-renewal-failed-subject = لم تتم عملية دفع اشتراكك في تيك ون
mail-renewal-failed-body = لم نتمكن من خصم { $amount } ر.س من بطاقتك المحفوظة لتجديد اشتراكك. { $last ->
    [true] كانت هذه المحاولة الأخيرة: انتهت باقتك وعاد حسابك إلى الباقة المجانية. لم يُحذف شيء من بياناتك، ويمكنك الاشتراك مجدداً من صفحة الباقات.
   *[other] سنحاول مجدداً في { $next }. لتحتفظ بباقتك، تحقق من بطاقتك أو ادفع من صفحة الفوترة.
}
notice-subscription-canceled = انتهى اشتراكك بعد تعذر الدفع، وأنت الآن على الباقة المجانية.
mail-subscription-canceled = الاشتراكات المنتهية
mail-subscription-canceled-subject = انتهى اشتراكك في تيك ون
mail-subscription-canceled-body = تعذر دفع اشتراكك في كل المحاولات، فانتهى الاشتراك وأصبح حسابك على الباقة المجانية. كل ما لديك محفوظ، ويمكنك الاشتراك مجدداً من صفحة الباقات في أي وقت.
