brand = تيك ون
nav-skip = انتقل إلى المحتوى
nav-main = القائمة الرئيسية
nav-casting-calls = تجارب الأداء
nav-login = تسجيل الدخول
nav-register = إنشاء حساب
nav-logout = تسجيل الخروج
nav-account = حسابي
nav-post-call = أعلن عن تجربة أداء
lang-switch = English
footer-tagline = تيك ون — تجارب الأداء للسينما والتلفزيون والإعلان والمسرح في السعودية.
home-title = كل تجارب الأداء في السعودية، في مكان واحد
home-lead = ممثلون وعارضون ومعلقون صوتيون وكومبارس: اعثر على أدوار في الرياض وجدة وكل مناطق المملكة، وقدّم خلال دقائق.
home-browse = تصفح تجارب الأداء
home-join = أنشئ حسابك مجاناً
home-latest = أحدث تجارب الأداء
home-see-all = عرض الكل
not-found-title = لم نجد هذه الصفحة
not-found-body = ربما الرابط قديم، أو أُزيلت تجربة الأداء.
not-found-action = تصفح تجارب الأداء
breadcrumbs = مسار التنقل
pagination = الصفحات
page-prev = السابق
page-next = التالي
page-of = صفحة { $page } من { $pages }
choose = اختر…
date-long = { $day } { $month } { $year }
money-sar = { $amount } ر.س
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر
nav-profile = ملفي
nav-applications = طلباتي
nav-wards = طلبات من أرعاهم
nav-dashboard = لوحة التحكم
nav-admin = الإدارة
nav-notifications = الإشعارات
unread-count = { $count ->
    [zero] لا إشعارات جديدة
    [one] إشعار واحد غير مقروء
    [two] إشعاران غير مقروءين
    [few] { $count } إشعارات غير مقروءة
    [many] { $count } إشعاراً غير مقروء
   *[other] { $count } إشعار غير مقروء
}
cancel = إلغاء
save = حفظ
saved = تم الحفظ.
filter-any = الكل
badge-verified = موثّق
badge-minor = دون ١٨
list-separator = {"، "}
