//! `takeone ingest ...`: the Digital Twin's offline tools, for admins and for anyone's scorer.

use crate::commands::IngestAction;
use anyhow::Context;
use std::io::{BufRead, Write};
use takeone::ingest::{
    eval,
    extract::RuleExtractor,
    extraction::{ExtractInput, SourceType},
    whatsapp,
};

#[derive(serde::Deserialize)]
struct ExtractLine {
    text: String,
    #[serde(default = "default_source")]
    source_type: SourceType,
}

fn default_source() -> SourceType {
    SourceType::Whatsapp
}

pub fn run(action: IngestAction) -> anyhow::Result<()> {
    match action {
        IngestAction::ParseExport { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let messages = whatsapp::parse_export(&bytes).with_context(|| format!("parsing {}", file.display()))?;
            let out = serde_json::to_string_pretty(&whatsapp::to_json(&messages))?;
            println!("{out}");
            Ok(())
        }
        IngestAction::Extract => {
            let extractor = RuleExtractor::new();
            let stdin = std::io::stdin().lock();
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            for (n, line) in stdin.lines().enumerate() {
                let line = line.context("reading standard input")?;
                if line.trim().is_empty() {
                    continue;
                }
                let input: ExtractLine =
                    serde_json::from_str(&line).with_context(|| format!("line {}: not a JSON object with \"text\"", n + 1))?;
                let extraction = extractor.extract(&ExtractInput { text: input.text, source_type: input.source_type, received_on: None });
                serde_json::to_writer(&mut stdout, &extraction)?;
                stdout.write_all(b"\n")?;
            }
            stdout.flush()?;
            Ok(())
        }
        IngestAction::Eval { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let posts = eval::parse_labelled(&text).with_context(|| format!("reading {}", file.display()))?;
            let extractor = RuleExtractor::new();
            let report = eval::score(&posts, |input| extractor.extract(input));
            println!("{report}");
            Ok(())
        }
    }
}
