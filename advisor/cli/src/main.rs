//! `bts-advisor`: the rules crate's answers from a shell. The interface is fixed by the advisor
//! contract and documented for users in the book's page "The command line" (`book/src/cli.md`);
//! this file only reads profiles, reports problems and formats the reports that `bts_rules`
//! computes.

mod catalogue;

use std::io::Read;
use std::process::ExitCode;

use bts_rules::*;
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::Value;

#[derive(Parser)]
#[command(
    name = "bts-advisor",
    version,
    about = "Can this BizTalk Server environment be upgraded, and how do I patch it safely?",
    after_help = "Every command, profile field, option and exit status is explained in the book's page\n\
                  \"The command line\": cli.html in the built site, book/src/cli.md in the repository."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read an upgrade profile (JSON) and print the verdict and personalised checklist.
    Upgrade(ReportArgs),
    /// Read a hotfix profile (JSON) and print the package, steps and rollback plan.
    Hotfix(ReportArgs),
    /// Print every value each profile field accepts, with its label, as JSON.
    Vocab,
    /// Print which BizTalk Server version and update a build number such as 3.12.859.2 is, as JSON.
    Which {
        /// The build number: four dot-separated numbers.
        build: String,
    },
    /// Print the update catalogue (every update of every version, or of one) as JSON.
    Updates {
        /// Only this version: 2013, 2013r2, 2016 or 2020.
        version: Option<String>,
    },
}

#[derive(clap::Args)]
struct ReportArgs {
    /// The profile file, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    profile: String,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A JSON report.
    Json,
    /// A Markdown checklist (`- [ ]` task lists grouped by phase), to paste into a ticket.
    Markdown,
}

/// Input that cannot be answered: exit status 2 and one line on standard error.
struct BadInput(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let output = match cli.command {
        Command::Vocab => Ok(vocabulary_json()),
        Command::Which { build } => catalogue::which(&build).map_err(BadInput),
        Command::Updates { version } => catalogue::updates(version.as_deref()).map_err(BadInput),
        Command::Upgrade(args) => read_profile::<RawUpgradeProfile>(&args.profile)
            .and_then(|raw| UpgradeProfile::from_fields(raw).map_err(|e| BadInput(e.to_string())))
            .map(|profile| {
                let report = evaluate_upgrade(&profile);
                match args.format {
                    Format::Json => to_json(&report),
                    Format::Markdown => report.to_markdown(&profile),
                }
            }),
        Command::Hotfix(args) => read_profile::<RawHotfixProfile>(&args.profile)
            .and_then(|raw| {
                // One line per field at fault.
                HotfixProfile::from_fields(raw)
                    .map_err(|errors| BadInput(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\nbts-advisor: ")))
            })
            .map(|profile| {
                let report = evaluate_hotfix(&profile);
                match args.format {
                    Format::Json => to_json(&report),
                    Format::Markdown => report.to_markdown(&profile),
                }
            }),
    };
    match output {
        Ok(text) => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text.as_bytes()).and_then(|()| stdout.write_all(b"\n")).and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("bts-advisor: cannot write the report: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(BadInput(message)) => {
            eprintln!("bts-advisor: {message}");
            ExitCode::from(2)
        }
    }
}

fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("reports serialise to JSON")
}

/// Reads and deserialises a profile, turning every failure into a message that names the field.
fn read_profile<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, BadInput> {
    let mut text = String::new();
    let read =
        if path == "-" { std::io::stdin().read_to_string(&mut text).map(drop) } else { std::fs::read_to_string(path).map(|t| text = t) };
    read.map_err(|e| BadInput(format!("cannot read the profile {}: {e}", if path == "-" { "from standard input" } else { path })))?;
    if text.trim().is_empty() {
        return Err(BadInput("the profile is empty; expected a JSON object such as {\"from\": \"2016\", ...}".into()));
    }
    let value: Value = serde_json::from_str(&text).map_err(|e| BadInput(format!("the profile is not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(BadInput("the profile must be a JSON object of fields, such as {\"from\": \"2016\", ...}".into()));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        // serde names an unknown field in its message; otherwise the path names the field.
        if let Some(rest) = inner.strip_prefix("unknown field ") {
            let (field, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
            BadInput(format!("field {field} is not part of this profile; accepted fields:{}", expected.trim_start_matches(" one of")))
        } else if path == "." || path.is_empty() {
            BadInput(format!("the profile is not valid: {inner}"))
        } else {
            let field = path.split(['[', '.']).next().unwrap_or(&path);
            BadInput(format!("field `{field}` has the wrong type ({path}): {inner}"))
        }
    })
}

/// Every accepted value of every field of both profiles, with labels.
fn vocabulary_json() -> String {
    to_json(&VocabularyDocument)
}
