//! `bts-advisor`: the rules crate's answers from a shell. The interface is fixed by the advisor
//! contract and documented for users in the book's page "The command line" (`book/src/cli.md`);
//! this file only reads profiles, reports problems and formats the reports that `bts_rules`
//! computes.

mod catalogue;
mod fields;
mod input;

use std::process::ExitCode;

use bts_rules::*;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use fields::ProfileKind;
use input::{BadInput, read_profile};

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
    /// Read collector inventories and print the profiles they give, with the evidence, as JSON.
    ///
    /// The files are those the read-only collector (bts-collect.ps1) writes, in the bts-inventory/1 format: one per
    /// server, or one for the whole group. The output holds an upgrade profile (without `to`: the target is your
    /// choice) and an update-planner profile, the evidence for every value (which server, which reading), what the
    /// files cannot tell (`unknown`, and the features in `unsure`) and what each server runs.
    Inventory {
        /// The inventory files the collector wrote (bts-collect.ps1), `-` for standard input.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
    },
    /// Print a valid profile to start from: `example upgrade > profile.json`, then edit it.
    Example {
        #[arg(value_enum)]
        profile: ExampleOf,
    },
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

#[derive(Clone, Copy, ValueEnum)]
enum ExampleOf {
    /// An upgrade profile, for `bts-advisor upgrade --profile FILE`.
    Upgrade,
    /// A hotfix (update) profile, for `bts-advisor hotfix --profile FILE`.
    Hotfix,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// The profile file, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    profile: String,
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// The address the site is served from (for example https://intranet.example/biztalk-advisor/):
    /// Markdown and CSV give their `source` links under it, so the links of a pasted ticket work.
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    base_url: Option<BaseUrl>,
    /// For `upgrade`: the date the support lifecycle is judged on, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

fn parse_base_url(text: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(text).map_err(|e| e.to_string())
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A JSON report.
    Json,
    /// A Markdown checklist (`- [ ]` task lists grouped by phase), to paste into a ticket.
    Markdown,
    /// The checklist as CSV (RFC 4180: `id,phase,title,source,done`), for a spreadsheet or a ticket import.
    Csv,
}

/// The command line, with `--help` of `upgrade` and `hotfix` listing their profile's fields.
fn command_line() -> clap::Command {
    Cli::command()
        .mut_subcommand("upgrade", |c| c.after_help(fields::profile_help(ProfileKind::Upgrade)))
        .mut_subcommand("hotfix", |c| c.after_help(fields::profile_help(ProfileKind::Hotfix)))
}

fn main() -> ExitCode {
    let cli = Cli::from_arg_matches(&command_line().get_matches()).unwrap_or_else(|e| e.exit());
    let output = match cli.command {
        Command::Vocab => Ok(vocabulary_json()),
        Command::Which { build } => catalogue::which(&build).map_err(BadInput),
        Command::Updates { version } => catalogue::updates(version.as_deref()).map_err(BadInput),
        Command::Inventory { files } => input::read_inventories(&files).map(|reading| to_json(&reading)),
        Command::Example { profile: ExampleOf::Upgrade } => Ok(ProfileKind::Upgrade.example().to_string()),
        Command::Example { profile: ExampleOf::Hotfix } => Ok(ProfileKind::Hotfix.example().to_string()),
        Command::Upgrade(args) => {
            both(read_profile(&args.profile, ProfileKind::Upgrade, UpgradeProfile::from_fields), today(args.today.as_deref())).map(
                |(profile, today)| {
                    let report = evaluate_upgrade(&profile, today);
                    let export = Export::with_base_url(args.base_url);
                    match args.format {
                        Format::Json => to_json(&report),
                        Format::Markdown => report.export_markdown(&profile, &export),
                        Format::Csv => report.to_csv(&export),
                    }
                },
            )
        }
        Command::Hotfix(args) => read_profile(&args.profile, ProfileKind::Hotfix, HotfixProfile::from_fields).map(|profile| {
            let report = evaluate_hotfix(&profile);
            let export = Export::with_base_url(args.base_url);
            match args.format {
                Format::Json => to_json(&report),
                Format::Markdown => report.export_markdown(&profile, &export),
                Format::Csv => report.to_csv(&export),
            }
        }),
    };
    match output {
        Ok(text) => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            // Every output ends in a line break; the exports (Markdown, CSV) bring their own, and
            // are printed exactly as the browser exports them.
            let end: &[u8] = if text.ends_with('\n') { b"" } else { b"\n" };
            match stdout.write_all(text.as_bytes()).and_then(|()| stdout.write_all(end)).and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("bts-advisor: cannot write the report: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(BadInput(problems)) => {
            for problem in problems.lines() {
                eprintln!("bts-advisor: {problem}");
            }
            ExitCode::from(2)
        }
    }
}

/// Both values, or every problem of either: a bad `--today` is named with the profile's problems.
fn both<A, B>(a: Result<A, BadInput>, b: Result<B, BadInput>) -> Result<(A, B), BadInput> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(BadInput(a)), Err(BadInput(b))) => Err(BadInput(format!("{a}\n{b}"))),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
    }
}

/// The `--today` date, or today's date in UTC.
fn today(flag: Option<&str>) -> Result<Date, BadInput> {
    match flag {
        None => Ok(Date::today_utc()),
        Some(text) => Date::parse(text).ok_or_else(|| {
            BadInput::one(format!("option `--today` is \"{text}\"; it must be a date written YYYY-MM-DD, such as 2026-12-03"))
        }),
    }
}

fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("reports serialise to JSON")
}

/// Every accepted value of every field of both profiles, with labels.
fn vocabulary_json() -> String {
    to_json(&VocabularyDocument)
}
