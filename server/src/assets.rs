//! `takeone assets compress`: the build step that writes a brotli (`.br`) and a gzip (`.gz`)
//! copy beside each compressible file of the built site, once, so the server sends those as
//! they are instead of compressing the 4 MB wasm bundle for every visitor.

use anyhow::Context;
use std::{
    io::Write,
    path::{Path, PathBuf},
};

/// Text and wasm shrink; fonts (woff2), images and archives are compressed already.
const COMPRESSIBLE: [&str; 13] = ["js", "mjs", "wasm", "css", "html", "svg", "json", "txt", "xml", "ico", "map", "webmanifest", "ttf"];

#[derive(Clone, Copy, Debug)]
pub enum Effort {
    /// For releases: brotli 11, gzip 9 (about 50 s of one core for a 4.4 MB bundle).
    Best,
    /// For development builds, whose bundle is several times larger: brotli 5, gzip 6.
    Fast,
}

#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub bytes: u64,
    pub br_bytes: u64,
    pub gz_bytes: u64,
}

/// Compresses every compressible file under `dir` (recursively). A copy that would not be
/// smaller is not kept (and an older one is removed), so a client is never sent a stale one.
pub fn compress_dir(dir: &Path, effort: Effort) -> anyhow::Result<Report> {
    let mut report = Report::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if is_compressible(&path) {
                let data = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
                let br = brotli(&data, effort)?;
                let gz = gzip(&data, effort)?;
                report.br_bytes += keep(&path, "br", &br, data.len())?;
                report.gz_bytes += keep(&path, "gz", &gz, data.len())?;
                report.files += 1;
                report.bytes += data.len() as u64;
            }
        }
    }
    Ok(report)
}

fn is_compressible(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e.to_ascii_lowercase().as_str()))
}

fn brotli(data: &[u8], effort: Effort) -> anyhow::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: match effort {
            Effort::Best => 11,
            Effort::Fast => 5,
        },
        // A 16 MiB window (the format's largest) so the whole bundle is one context.
        lgwin: 24,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 3);
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).context("brotli")?;
    Ok(out)
}

fn gzip(data: &[u8], effort: Effort) -> anyhow::Result<Vec<u8>> {
    let level = match effort {
        Effort::Best => flate2::Compression::best(),
        Effort::Fast => flate2::Compression::default(),
    };
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 3), level);
    enc.write_all(data)?;
    Ok(enc.finish()?)
}

/// Writes `path.ext` through a temporary file, so a running server never sends half of it;
/// the bytes kept (0 when the copy is not smaller than the original).
fn keep(path: &Path, ext: &str, bytes: &[u8], original: usize) -> anyhow::Result<u64> {
    let target = with_suffix(path, ext);
    if bytes.len() >= original {
        match std::fs::remove_file(&target) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e).with_context(|| format!("removing {}", target.display())),
            _ => return Ok(0),
        }
    }
    let tmp = with_suffix(path, &format!("{ext}.tmp"));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &target).with_context(|| format!("writing {}", target.display()))?;
    Ok(bytes.len() as u64)
}

fn with_suffix(path: &Path, ext: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn copies_decompress_to_the_original_and_fonts_are_left_alone() {
        let dir = std::env::temp_dir().join(format!("takeone-assets-{}", rand::random::<u64>()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        let js = "export function hydrate() { return 42; }\n".repeat(500);
        std::fs::write(dir.join("pkg/app.js"), &js).unwrap();
        std::fs::write(dir.join("font.woff2"), vec![7u8; 4096]).unwrap();
        std::fs::write(dir.join("tiny.txt"), "x").unwrap();
        // A stale copy of a file whose copy is no longer worth keeping goes.
        std::fs::write(dir.join("tiny.txt.br"), "stale").unwrap();

        let report = compress_dir(&dir, Effort::Fast).unwrap();
        assert_eq!(report.files, 2);

        let mut plain = String::new();
        brotli::Decompressor::new(std::fs::File::open(dir.join("pkg/app.js.br")).unwrap(), 4096).read_to_string(&mut plain).unwrap();
        assert_eq!(plain, js);
        plain.clear();
        flate2::read::GzDecoder::new(std::fs::File::open(dir.join("pkg/app.js.gz")).unwrap()).read_to_string(&mut plain).unwrap();
        assert_eq!(plain, js);
        assert!(!dir.join("font.woff2.br").exists() && !dir.join("font.woff2.gz").exists());
        assert!(!dir.join("tiny.txt.br").exists(), "a copy larger than its original is not kept");
        assert!(!dir.join("pkg/app.js.br.tmp").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
