//! What a talent profile describes, as closed lists: the same values for forms, filters,
//! search and the database.

crate::choice! {
    /// Arabic dialects a performer can play convincingly.
    pub enum Dialect: "dialect" {
        Najdi => "najdi",
        Hijazi => "hijazi",
        Khaleeji => "khaleeji",
        Southern => "southern",
        Egyptian => "egyptian",
        Levantine => "levantine",
        Iraqi => "iraqi",
        Maghrebi => "maghrebi",
        Msa => "msa",
    }
}

crate::choice! {
    pub enum Skill: "skill" {
        Acting => "acting",
        VoiceOver => "voice_over",
        Modelling => "modelling",
        Dancing => "dancing",
        Stunts => "stunts",
        Singing => "singing",
        HorseRiding => "horse_riding",
        CamelRiding => "camel_riding",
        MartialArts => "martial_arts",
        Swimming => "swimming",
        Driving => "driving",
        Presenting => "presenting",
        Comedy => "comedy",
        Improvisation => "improvisation",
        MusicalInstrument => "musical_instrument",
        SignLanguage => "sign_language",
        Falconry => "falconry",
        TraditionalDance => "traditional_dance",
        Extras => "extras",
    }
}

crate::choice! {
    /// Languages, by ISO 639-1 code.
    pub enum Language: "language" {
        Arabic => "ar",
        English => "en",
        French => "fr",
        Spanish => "es",
        German => "de",
        Turkish => "tr",
        Persian => "fa",
        Urdu => "ur",
        Hindi => "hi",
        Bengali => "bn",
        Filipino => "tl",
        Indonesian => "id",
    }
}

crate::choice! {
    pub enum LanguageLevel: "level" {
        Native => "native",
        Fluent => "fluent",
        Conversational => "conversational",
        Basic => "basic",
    }
}

crate::choice! {
    pub enum ExperienceLevel: "experience" {
        Beginner => "beginner",
        Intermediate => "intermediate",
        Professional => "professional",
    }
}

crate::choice! {
    /// Who may see a profile. Minors are never public, whatever this says (see `TalentProfile`).
    pub enum Visibility: "visibility" {
        Public => "public",
        Hirers => "hirers",
        Hidden => "hidden",
    }
}

crate::choice! {
    /// Nationalities by ISO 3166-1 alpha-2 code: the Kingdom, the region, and the countries
    /// most of its residents come from.
    pub enum Nationality: "nationality" {
        Sa => "sa",
        Ae => "ae",
        Kw => "kw",
        Bh => "bh",
        Qa => "qa",
        Om => "om",
        Ye => "ye",
        Eg => "eg",
        Jo => "jo",
        Sy => "sy",
        Lb => "lb",
        Iq => "iq",
        Ps => "ps",
        Sd => "sd",
        Ma => "ma",
        Dz => "dz",
        Tn => "tn",
        Pk => "pk",
        In => "in",
        Bd => "bd",
        Ph => "ph",
        Id => "id",
        Tr => "tr",
        Gb => "gb",
        Us => "us",
        Fr => "fr",
        Other => "other",
    }
}
