//! Video with Debian's `ffmpeg` and `ffprobe`: what a file holds (duration, picture, sound), an
//! HLS ladder (360p and 720p, 4-second segments, every segment starting on a key frame), a
//! poster frame, and for self-tapes a watermark burned into the picture naming the application,
//! so a leaked tape can be traced.

use serde::Deserialize;
use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

/// One rung of the ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rendition {
    pub name: &'static str,
    pub height: u32,
    pub video_kbps: u32,
    pub audio_kbps: u32,
}

/// The ladder every video gets; a rung taller than the source is skipped (never upscaled),
/// except the first, so every video plays.
pub const LADDER: [Rendition; 2] = [
    Rendition { name: "360p", height: 360, video_kbps: 800, audio_kbps: 96 },
    Rendition { name: "720p", height: 720, video_kbps: 2500, audio_kbps: 128 },
];

pub const SEGMENT_SECONDS: u32 = 4;

/// Debian's `fonts-dejavu-core`; the watermark names the application in Latin letters and
/// digits only, so any font of the system would do.
pub const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

#[derive(Debug, thiserror::Error)]
pub enum VideoError {
    #[error("running {tool}: {source}")]
    Spawn { tool: &'static str, source: std::io::Error },
    #[error("{tool} failed: {stderr}")]
    Failed { tool: &'static str, stderr: String },
    /// The file holds no picture (or ffprobe cannot read it): not a video.
    #[error("not a playable video: {0}")]
    NotAVideo(String),
    #[error("writing the ladder: {0}")]
    Io(#[from] std::io::Error),
}

/// What a video file holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    pub duration_s: f64,
    pub width: u32,
    pub height: u32,
    pub has_audio: bool,
}

/// The ladder written to a directory: the master playlist and one playlist per rendition.
#[derive(Clone, Debug, PartialEq)]
pub struct Ladder {
    pub master: PathBuf,
    pub renditions: Vec<(Rendition, PathBuf)>,
}

#[derive(Deserialize)]
struct ProbeOut {
    #[serde(default)]
    streams: Vec<ProbeStream>,
    format: Option<ProbeFormat>,
}

#[derive(Deserialize)]
struct ProbeStream {
    codec_type: String,
    width: Option<u32>,
    height: Option<u32>,
}

#[derive(Deserialize)]
struct ProbeFormat {
    duration: Option<String>,
}

/// The two programs, by path (`ffmpeg` and `ffprobe` on `PATH` by default).
#[derive(Clone, Debug)]
pub struct Ffmpeg {
    ffmpeg: PathBuf,
    ffprobe: PathBuf,
    font: PathBuf,
}

impl Default for Ffmpeg {
    fn default() -> Self {
        Self { ffmpeg: "ffmpeg".into(), ffprobe: "ffprobe".into(), font: DEFAULT_FONT.into() }
    }
}

/// Only letters, digits and `-` reach the watermark: drawtext has its own escaping rules, and an
/// application's short id never needs more.
pub fn watermark_text(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect()
}

/// Runs a program to its end on the blocking pool (a transcode takes a core for minutes).
async fn run(tool: &'static str, program: &Path, args: &[String]) -> Result<Vec<u8>, VideoError> {
    let (program, args) = (program.to_path_buf(), args.to_vec());
    let out = tokio::task::spawn_blocking(move || Command::new(program).args(args).stdin(Stdio::null()).output())
        .await
        .map_err(|e| VideoError::Spawn { tool, source: std::io::Error::other(e) })?
        .map_err(|source| VideoError::Spawn { tool, source })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The last lines say why; the banner before them does not.
        let tail: Vec<&str> = stderr.lines().rev().take(4).collect();
        return Err(VideoError::Failed { tool, stderr: tail.into_iter().rev().collect::<Vec<_>>().join(" | ") });
    }
    Ok(out.stdout)
}

impl Ffmpeg {
    pub fn new(ffmpeg: impl Into<PathBuf>, ffprobe: impl Into<PathBuf>, font: impl Into<PathBuf>) -> Self {
        Self { ffmpeg: ffmpeg.into(), ffprobe: ffprobe.into(), font: font.into() }
    }

    pub async fn probe(&self, input: &Path) -> Result<Probe, VideoError> {
        let args = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams"].map(String::from);
        let mut args = args.to_vec();
        args.push(input.display().to_string());
        let out = run("ffprobe", &self.ffprobe, &args).await.map_err(|e| match e {
            VideoError::Failed { stderr, .. } => VideoError::NotAVideo(stderr),
            other => other,
        })?;
        let parsed: ProbeOut = serde_json::from_slice(&out).map_err(|e| VideoError::NotAVideo(e.to_string()))?;
        let video = parsed.streams.iter().find(|s| s.codec_type == "video").ok_or_else(|| VideoError::NotAVideo("no picture".into()))?;
        let duration_s = parsed.format.and_then(|f| f.duration).and_then(|d| d.parse::<f64>().ok()).filter(|d| d.is_finite() && *d > 0.0);
        Ok(Probe {
            duration_s: duration_s.ok_or_else(|| VideoError::NotAVideo("no duration".into()))?,
            width: video.width.unwrap_or(0),
            height: video.height.unwrap_or(0),
            has_audio: parsed.streams.iter().any(|s| s.codec_type == "audio"),
        })
    }

    /// The rungs a source of `height` gets.
    pub fn ladder_for(height: u32) -> Vec<Rendition> {
        LADDER.iter().enumerate().filter(|(i, r)| *i == 0 || r.height <= height).map(|(_, r)| *r).collect()
    }

    /// Writes the HLS ladder of `input` into `out_dir` (`master.m3u8`, `<rung>.m3u8`,
    /// `<rung>_000.ts` ...), burning `watermark` into the picture when given.
    /// `progress` hears the percentage done as each rung finishes.
    pub async fn hls(
        &self,
        input: &Path,
        probe: &Probe,
        out_dir: &Path,
        watermark: Option<&str>,
        progress: Option<tokio::sync::mpsc::UnboundedSender<u8>>,
    ) -> Result<Ladder, VideoError> {
        tokio::fs::create_dir_all(out_dir).await?;
        let mut renditions = Vec::new();
        let rungs = Self::ladder_for(probe.height);
        let total = rungs.len();
        for (done, r) in rungs.into_iter().enumerate() {
            let mut filter = format!("scale=-2:{}", r.height);
            if let Some(text) = watermark.map(watermark_text).filter(|t| !t.is_empty()) {
                // Bottom corner, on a translucent box, sized to the picture: legible, not hiding the face.
                filter.push_str(&format!(
                    ",drawtext=fontfile='{}':text='{text}':fontcolor=white@0.75:fontsize=h/16:box=1:boxcolor=black@0.45:boxborderw=8:x=w-tw-24:y=h-th-24",
                    self.font.display()
                ));
            }
            let playlist = out_dir.join(format!("{}.m3u8", r.name));
            let mut args: Vec<String> =
                vec!["-nostdin".into(), "-v".into(), "error".into(), "-y".into(), "-i".into(), input.display().to_string()];
            args.extend(["-vf".into(), filter]);
            args.extend(
                [
                    "-c:v",
                    "libx264",
                    "-preset",
                    "veryfast",
                    "-profile:v",
                    "main",
                    "-pix_fmt",
                    "yuv420p",
                    "-crf",
                    "23",
                    // A key frame at every segment boundary, whatever the frame rate.
                    "-force_key_frames",
                ]
                .map(String::from),
            );
            args.push(format!("expr:gte(t,n_forced*{SEGMENT_SECONDS})"));
            args.extend(["-maxrate".into(), format!("{}k", r.video_kbps), "-bufsize".into(), format!("{}k", r.video_kbps * 2)]);
            if probe.has_audio {
                args.extend(["-c:a".into(), "aac".into(), "-ac".into(), "2".into(), "-b:a".into(), format!("{}k", r.audio_kbps)]);
            } else {
                args.push("-an".into());
            }
            args.extend(["-f", "hls", "-hls_playlist_type", "vod", "-hls_time"].map(String::from));
            args.push(SEGMENT_SECONDS.to_string());
            args.extend([
                "-hls_segment_filename".into(),
                out_dir.join(format!("{}_%03d.ts", r.name)).display().to_string(),
                playlist.display().to_string(),
            ]);
            run("ffmpeg", &self.ffmpeg, &args).await?;
            renditions.push((r, playlist));
            if let Some(p) = &progress {
                let _ = p.send((10 + 85 * (done + 1) / total) as u8);
            }
        }
        let master = out_dir.join("master.m3u8");
        tokio::fs::write(&master, master_playlist(probe, &renditions)).await?;
        Ok(Ladder { master, renditions })
    }

    /// A JPEG poster frame from `at_s` seconds in (or the first frame of a shorter video).
    pub async fn poster(&self, input: &Path, probe: &Probe, out: &Path) -> Result<(), VideoError> {
        let at = (probe.duration_s / 3.0).min(3.0);
        let args = [
            "-nostdin".into(),
            "-v".into(),
            "error".into(),
            "-y".into(),
            "-ss".into(),
            format!("{at:.2}"),
            "-i".into(),
            input.display().to_string(),
            "-frames:v".into(),
            "1".into(),
            "-vf".into(),
            "scale=-2:720".into(),
            out.display().to_string(),
        ];
        run("ffmpeg", &self.ffmpeg, &args).await.map(|_| ())
    }
}

/// The master playlist naming each rung with its bandwidth and size, smallest first.
fn master_playlist(probe: &Probe, renditions: &[(Rendition, PathBuf)]) -> String {
    let mut out = String::from("#EXTM3U\n#EXT-X-VERSION:3\n");
    for (r, playlist) in renditions {
        let width = (u64::from(probe.width) * u64::from(r.height))
            .checked_div(u64::from(probe.height))
            .map_or(r.height * 16 / 9, |w| (w.min(16_384) as u32).next_multiple_of(2));
        let bandwidth = (r.video_kbps + if probe.has_audio { r.audio_kbps } else { 0 }) * 1000;
        let name = playlist.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        out.push_str(&format!("#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},RESOLUTION={width}x{}\n{name}\n", r.height));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sources_are_not_upscaled_but_always_play() {
        assert_eq!(Ffmpeg::ladder_for(1080).len(), 2);
        assert_eq!(Ffmpeg::ladder_for(720).len(), 2);
        assert_eq!(Ffmpeg::ladder_for(480).iter().map(|r| r.name).collect::<Vec<_>>(), ["360p"]);
        assert_eq!(Ffmpeg::ladder_for(240).iter().map(|r| r.name).collect::<Vec<_>>(), ["360p"], "one rung whatever the source");
    }

    #[test]
    fn the_watermark_carries_no_filter_syntax() {
        assert_eq!(watermark_text("TO-3F9A2C"), "TO-3F9A2C");
        assert_eq!(watermark_text("x':drawtext=text='y"), "xdrawtexttexty");
        assert_eq!(watermark_text("تطبيق"), "");
    }

    #[test]
    fn the_master_playlist_lists_each_rung() {
        let probe = Probe { duration_s: 10.0, width: 1920, height: 1080, has_audio: true };
        let rungs: Vec<_> = LADDER.iter().map(|r| (*r, PathBuf::from(format!("/x/{}.m3u8", r.name)))).collect();
        let m = master_playlist(&probe, &rungs);
        assert!(m.starts_with("#EXTM3U\n"));
        assert!(m.contains("#EXT-X-STREAM-INF:BANDWIDTH=896000,RESOLUTION=640x360\n360p.m3u8\n"), "{m}");
        assert!(m.contains("RESOLUTION=1280x720\n720p.m3u8\n"), "{m}");
    }
}
