use crate::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectType {
    FeatureFilm,
    TvSeries,
    Commercial,
    Theatre,
    MusicVideo,
    ShortFilm,
    Documentary,
    DigitalContent,
}

impl ProjectType {
    pub const ALL: [ProjectType; 8] = [
        ProjectType::FeatureFilm,
        ProjectType::TvSeries,
        ProjectType::Commercial,
        ProjectType::Theatre,
        ProjectType::MusicVideo,
        ProjectType::ShortFilm,
        ProjectType::Documentary,
        ProjectType::DigitalContent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectType::FeatureFilm => "feature_film",
            ProjectType::TvSeries => "tv_series",
            ProjectType::Commercial => "commercial",
            ProjectType::Theatre => "theatre",
            ProjectType::MusicVideo => "music_video",
            ProjectType::ShortFilm => "short_film",
            ProjectType::Documentary => "documentary",
            ProjectType::DigitalContent => "digital_content",
        }
    }

    pub fn parse(s: &str) -> Result<ProjectType, Msg> {
        let s = s.trim();
        if s.is_empty() {
            return Err(Msg::new("error-required"));
        }
        ProjectType::ALL.into_iter().find(|p| p.as_str() == s).ok_or_else(|| Msg::new("error-unknown-choice"))
    }

    pub fn label_key(self) -> String {
        format!("project-{}", self.as_str().replace('_', "-"))
    }

    /// schema.org JobPosting `employmentType`: productions hire for the job, not permanently.
    pub fn employment_type(self) -> &'static str {
        match self {
            ProjectType::TvSeries | ProjectType::Theatre => "TEMPORARY",
            _ => "CONTRACTOR",
        }
    }
}
