use clap::Parser;
use tracing_subscriber::{EnvFilter, fmt};

fn main() {
    server::runtime().block_on(run());
}

async fn run() {
    let json = std::env::var("TAKEONE_LOG_FORMAT").is_ok_and(|v| v == "json");
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    if json {
        fmt().with_env_filter(filter).json().init();
    } else {
        fmt().with_env_filter(filter).init();
    }
    if let Err(e) = server::commands::run(server::commands::Cli::parse()).await {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
