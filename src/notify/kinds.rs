crate::choice! {
    /// What an in-app notification is about.
    pub enum NoticeKind: "notice" {
        NewApplication => "new_application",
        StatusChanged => "status_changed",
        NewMessage => "new_message",
        GuardianApproval => "guardian_approval",
        CallExpiring => "call_expiring",
        SearchAlert => "search_alert",
        MediaRejected => "media_rejected",
        SelfTapeRequested => "self_tape_requested",
        SelfTapeReminder => "self_tape_reminder",
        RenewalFailed => "renewal_failed",
        SubscriptionCanceled => "subscription_canceled",
    }
}

crate::choice! {
    /// What an e-mail is about; its subject and body are `mail-<kind>-subject` / `-body`.
    pub enum MailKind: "mail" {
        NewApplications => "new_applications",
        StatusChanged => "status_changed",
        NewMessage => "new_message",
        GuardianApproval => "guardian_approval",
        CallExpiring => "call_expiring",
        VerifyEmail => "verify_email",
        PasswordReset => "password_reset",
        GuardianInvitation => "guardian_invitation",
        OrganizationInvitation => "organization_invitation",
        SearchAlert => "search_alert",
        BirthDateCorrected => "birth_date_corrected",
        SelfTapeRequested => "self_tape_requested",
        SelfTapeReminder => "self_tape_reminder",
        RenewalFailed => "renewal_failed",
        SubscriptionCanceled => "subscription_canceled",
    }
}

impl NoticeKind {
    /// The e-mail sent with the notification at once; new applications are mailed in an
    /// hourly batch instead.
    pub fn immediate_mail(self) -> Option<MailKind> {
        match self {
            NoticeKind::NewApplication => None,
            NoticeKind::StatusChanged => Some(MailKind::StatusChanged),
            NoticeKind::NewMessage => Some(MailKind::NewMessage),
            NoticeKind::GuardianApproval => Some(MailKind::GuardianApproval),
            NoticeKind::CallExpiring => Some(MailKind::CallExpiring),
            NoticeKind::SearchAlert => Some(MailKind::SearchAlert),
            // Told in the bell: the owner is uploading right then.
            NoticeKind::MediaRejected => None,
            NoticeKind::SelfTapeRequested => Some(MailKind::SelfTapeRequested),
            NoticeKind::SelfTapeReminder => Some(MailKind::SelfTapeReminder),
            NoticeKind::RenewalFailed => Some(MailKind::RenewalFailed),
            NoticeKind::SubscriptionCanceled => Some(MailKind::SubscriptionCanceled),
        }
    }
}

impl MailKind {
    pub fn subject_key(self) -> String {
        format!("{}-subject", self.label_key())
    }

    pub fn body_key(self) -> String {
        format!("{}-body", self.label_key())
    }
}
