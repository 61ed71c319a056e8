//! `sightline`: the desktop face of the Sightline core — the demo walk and the tools around it.

mod ask;
mod demo;
mod glasses;
mod hear;
mod history;
mod lang;
mod ledger;
mod live;
mod out;
mod preferences;
mod see;

use clap::{Parser, Subcommand};
use sightline_core::Config;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// The process allocator: jemalloc with a single arena (see cli/Cargo.toml for why).
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Sightline: the companion core for AI glasses, on the desktop.
#[derive(Debug, Parser)]
#[command(name = "sightline", version, about)]
struct Cli {
    /// A TOML config file (see docs/config.md).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Folder for the database (overrides the config).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Folder with the model files (overrides the config).
    #[arg(long, global = true)]
    models_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the main job on the embedded default: the scripted walk.
    Demo(demo::DemoArgs),
    /// Ask for something: the intents understood and the one card that answers them.
    Ask(ask::AskArgs),
    /// List what was shown or said, and why.
    History(history::HistoryArgs),
    /// Transcribe speech in WAV or FLAC files, on the device.
    Hear(hear::HearArgs),
    /// Read pictures: text, codes and what is in view.
    See(see::SeeArgs),
    /// Delete history (all of it, one device's, or one day's).
    Forget(history::ForgetArgs),
    /// The preferences the companion uses (shoe size, proactive switches): list, set, remove.
    Preferences(preferences::PreferencesArgs),
    /// Totals of the take-rate ledger: orders, GMV, commission, compute spent.
    Ledger(ledger::LedgerArgs),
    /// Look for glasses nearby over Bluetooth (Sightline, OpenGlass, Frame and Even G1).
    Scan(glasses::ScanArgs),
    /// Pair with glasses (compare the 6-digit code on both screens).
    Pair(glasses::PairArgs),
}

/// The config from `--config`, with the command-line overrides applied.
fn load_config(cli: &Cli) -> Result<Config, String> {
    let mut config = match &cli.config {
        Some(path) => Config::load(path).map_err(|e| e.to_string())?,
        None => Config::with_data_dir(default_data_dir()),
    };
    if let Some(dir) = &cli.data_dir {
        config.data_dir = dir.clone();
    }
    if let Some(dir) = &cli.models_dir {
        config.models_dir = dir.clone();
    }
    config.validate().map_err(|e| e.to_string())?;
    // API keys live in the key vault beside the data folder: a key in the file is kept there,
    // a key left out of it is read from there (docs/security.md).
    let vault = sightline_core::vault::FileVault::beside(&config.database_path());
    config.keep_api_keys_in(&vault).map_err(|e| e.to_string())?;
    Ok(config)
}

/// `$SIGHTLINE_DATA_DIR`, else `$XDG_DATA_HOME/sightline`, else `~/.local/share/sightline`.
fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SIGHTLINE_DATA_DIR") {
        return dir.into();
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(dir).join("sightline");
    }
    std::env::var_os("HOME")
        .map(|home| PathBuf::from(home).join(".local/share/sightline"))
        .unwrap_or_else(|| PathBuf::from("sightline-data"))
}

/// Sightline's own crates: a bare level in `SIGHTLINE_LOG` applies to these.
const OWN_CRATES: [&str; 2] = ["sightline", "sightline_core"];

/// The log filter from `SIGHTLINE_LOG` (default `warn`). A bare level (`debug`) applies to
/// Sightline's own crates; dependencies stay at `warn` unless named
/// (`SIGHTLINE_LOG=debug,tract_core=debug`): tract alone logs ~65,000 debug lines per walk.
fn log_filter(wanted: &str) -> String {
    let mut directives = vec!["warn".to_string()];
    for directive in wanted.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        if directive
            .parse::<tracing_subscriber::filter::LevelFilter>()
            .is_ok()
        {
            directives.extend(OWN_CRATES.iter().map(|c| format!("{c}={directive}")));
        } else {
            directives.push(directive.to_string());
        }
    }
    directives.join(",")
}

fn main() -> ExitCode {
    let wanted = std::env::var("SIGHTLINE_LOG").unwrap_or_default();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(log_filter(&wanted))
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        // Colour only for a terminal: a log written to a file gets no escape codes.
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = load_config(&cli).and_then(|config| match &cli.command {
        Command::Demo(args) => demo::run(&config, args),
        Command::Ask(args) => ask::run(&config, args),
        Command::History(args) => history::list(&config, args),
        Command::Forget(args) => history::forget(&config, args),
        Command::Ledger(args) => ledger::run(&config, args),
        Command::Preferences(args) => preferences::run(&config, args),
        Command::Scan(args) => glasses::scan(args),
        Command::Pair(args) => glasses::pair(&config, args),
        Command::See(args) => see::run(&config, args),
        Command::Hear(args) => hear::run(&config, args),
    });
    if out::write_failed() {
        eprintln!("sightline: error: cannot write to standard output");
        return ExitCode::FAILURE;
    }
    match result {
        // Nobody reads the rest (`| head`): whatever stopped the command early is no error.
        _ if out::reader_gone() => ExitCode::SUCCESS,
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sightline: error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newuser_a_bare_log_level_leaves_dependencies_at_warn() {
        assert_eq!(log_filter(""), "warn");
        assert_eq!(
            log_filter("debug"),
            "warn,sightline=debug,sightline_core=debug"
        );
        assert_eq!(
            log_filter("info,tract_core=debug"),
            "warn,sightline=info,sightline_core=info,tract_core=debug"
        );
    }
}
