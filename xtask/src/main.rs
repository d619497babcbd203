//! `cargo xtask`: build, serve, test, package and publish the site (see ARCHITECTURE.md).
//!
//! Every command prints one line per stage with its time, and every failure ends in one clear
//! message and a non-zero exit status, never a panic.

mod api;
mod build;
mod compress;
mod dist;
mod publish;
mod serve;
mod testrun;
mod toolchain;

/// Fixtures the dist and publish tests share: a fresh temporary folder and a tiny built site.
#[cfg(all(test, unix))]
mod test_support {
    use std::fs;
    use std::path::{Path, PathBuf};

    pub fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    pub fn site(root: &Path, text: &str) -> PathBuf {
        let site = root.join(format!("site-{text}"));
        fs::create_dir_all(site.join("advisor-app")).unwrap();
        fs::write(site.join("index.html"), text).unwrap();
        fs::write(site.join("advisor-app/a.wasm"), b"\0asm").unwrap();
        site
    }
}

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// The Content-Security-Policy the site is built for: `serve`, web.config and the docs use it.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
                       img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// Response headers for every file of the site, wherever it is hosted.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
];

/// File types the site contains and the MIME types to serve them with.
pub const MIME_TYPES: &[(&str, &str)] = &[
    ("html", "text/html; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("wasm", "application/wasm"),
    ("json", "application/json"),
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("ico", "image/x-icon"),
    ("woff2", "font/woff2"),
    ("woff", "font/woff"),
    ("ttf", "font/ttf"),
    ("txt", "text/plain; charset=utf-8"),
    ("md", "text/markdown; charset=utf-8"),
    // The read-only collector the site ships (collector/): shown as text, saved by the link's
    // `download` attribute.
    ("ps1", "text/plain; charset=utf-8"),
    ("sql", "text/plain; charset=utf-8"),
];

pub type Result<T, E = String> = std::result::Result<T, E>;

/// Adds what was being done to an error, as one readable line.
pub trait Context<T> {
    fn context(self, what: impl Display) -> Result<T>;
}

impl<T, E: Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl Display) -> Result<T> {
        self.map_err(|e| format!("{what}: {e}"))
    }
}

/// Where things are: the workspace root and the cargo target directory (the workspace default,
/// or whatever `CARGO_TARGET_DIR` / cargo's configuration says).
#[derive(Debug, Clone)]
pub struct Paths {
    pub root: PathBuf,
    pub target: PathBuf,
    /// The address the site will be served from (`build --base-url`), checked: the advisors'
    /// exports then give absolute links (see `build::mark_base_url`).
    pub base_url: Option<String>,
}

impl Paths {
    fn discover() -> Result<Paths> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().ok_or("the xtask crate has no parent directory")?.to_path_buf();
        let output = Command::new(cargo())
            .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
            .current_dir(&root)
            .output()
            .context("cannot run `cargo metadata`")?;
        if !output.status.success() {
            return Err(format!("`cargo metadata` failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
        }
        let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).context("`cargo metadata` printed unreadable JSON")?;
        let target = metadata["target_directory"].as_str().ok_or("`cargo metadata` gave no target_directory")?;
        Ok(Paths { root, target: PathBuf::from(target), base_url: None })
    }

    /// The built site.
    pub fn site(&self) -> PathBuf {
        self.target.join("site")
    }

    pub fn book(&self) -> PathBuf {
        self.root.join("book")
    }
}

/// The cargo that runs us (so the same toolchain builds the WASM and runs the tests).
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// "1.2 s", "2 min 05 s": durations for people.
pub fn human(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 60.0 { format!("{secs:.1} s") } else { format!("{} min {:02} s", duration.as_secs() / 60, duration.as_secs() % 60) }
}

/// Runs one named stage, printing a start line and its outcome with the elapsed time.
pub fn stage<T>(name: &str, what: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    println!("==> {name}: {what}");
    let started = Instant::now();
    let result = work();
    match &result {
        Ok(_) => println!("    {name} done in {}", human(started.elapsed())),
        Err(_) => println!("    {name} FAILED after {}", human(started.elapsed())),
    }
    result.map_err(|e| format!("{name}: {e}"))
}

/// Runs a command with inherited output; an error names the command and its exit status.
pub fn run(command: &mut Command) -> Result<()> {
    let shown = format!("{command:?}").replace('"', "");
    let status = command.status().context(format!("cannot start `{shown}`"))?;
    if status.success() { Ok(()) } else { Err(format!("`{shown}` failed ({status})")) }
}

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  build [--base-url URL]     build the complete static site into target/site; with the
                             address it will be served from, the advisors' Markdown and CSV
                             exports give absolute links
  serve [--port N] [--bind ADDR] [--no-build]
                             build, then serve target/site (default http://127.0.0.1:3000/);
                             rebuilds when book/ or advisor/ change (not with --no-build,
                             which serves the site as built)
  test                       run every test: workspace tests, benchmark check, site build,
                             built-site checks and the browser suite
  dist [--base-url URL] [--no-build]
                             versioned zip of the site + .sha256 in target/dist
  publish --to DIR [--base-url URL] [--force] [--no-build]
                             install the site into DIR atomically (DIR/current), keeping the
                             previous version; refuses a DIR it did not create unless --force
                             (--base-url: as for build)
  publish --to DIR --rollback
                             switch DIR/current back to the previous version
";

/// The command line, parsed by hand: a few flags do not need a parser crate.
#[derive(Debug, PartialEq)]
enum Cli {
    Build { base_url: Option<String> },
    Serve { port: u16, bind: String, build: bool },
    Test,
    Dist { build: bool, base_url: Option<String> },
    Publish { to: PathBuf, force: bool, rollback: bool, build: bool, base_url: Option<String> },
    Help,
}

fn parse(args: &[String]) -> Result<Cli> {
    let Some((command, rest)) = args.split_first() else {
        return Ok(Cli::Help);
    };
    let mut flags = Flags { rest: rest.to_vec() };
    let cli = match command.as_str() {
        "build" => Cli::Build { base_url: flags.value("--base-url")? },
        "serve" => {
            let port = match flags.value("--port")? {
                Some(p) => p.parse().map_err(|_| format!("--port takes a number from 0 to 65535, not \"{p}\""))?,
                None => 3000,
            };
            let bind = flags.value("--bind")?.unwrap_or_else(|| "127.0.0.1".into());
            Cli::Serve { port, bind, build: !flags.switch("--no-build") }
        }
        "test" => Cli::Test,
        "dist" => Cli::Dist { base_url: flags.value("--base-url")?, build: !flags.switch("--no-build") },
        "publish" => {
            let to = flags.value("--to")?.ok_or("publish needs --to DIR")?;
            Cli::Publish {
                to: PathBuf::from(to),
                base_url: flags.value("--base-url")?,
                force: flags.switch("--force"),
                rollback: flags.switch("--rollback"),
                build: !flags.switch("--no-build"),
            }
        }
        "help" | "--help" | "-h" => Cli::Help,
        other => return Err(format!("unknown command \"{other}\"\n\n{USAGE}")),
    };
    if let Some(extra) = flags.rest.first() {
        return Err(format!("unexpected argument \"{extra}\" for `cargo xtask {command}`\n\n{USAGE}"));
    }
    Ok(cli)
}

struct Flags {
    rest: Vec<String>,
}

impl Flags {
    fn switch(&mut self, name: &str) -> bool {
        let before = self.rest.len();
        self.rest.retain(|a| a != name);
        self.rest.len() != before
    }

    /// `--name value` or `--name=value`.
    fn value(&mut self, name: &str) -> Result<Option<String>> {
        let prefix = format!("{name}=");
        if let Some(i) = self.rest.iter().position(|a| a.starts_with(&prefix)) {
            return Ok(Some(self.rest.remove(i)[prefix.len()..].to_string()));
        }
        let Some(i) = self.rest.iter().position(|a| a == name) else { return Ok(None) };
        if i + 1 >= self.rest.len() || self.rest[i + 1].starts_with("--") {
            return Err(format!("{name} needs a value"));
        }
        let value = self.rest.remove(i + 1);
        self.rest.remove(i);
        Ok(Some(value))
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse(&args).and_then(execute) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nerror: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The site's address for the advisors' exports (`--base-url`), checked as the exports check it.
/// It is written into the pages by a build, so it cannot go with `--no-build`.
fn checked_base_url(base_url: Option<String>, build: bool) -> Result<Option<String>> {
    let Some(url) = base_url else { return Ok(None) };
    if !build {
        return Err("--base-url is written into the pages by the build, so it cannot go with --no-build".into());
    }
    let url = bts_rules::BaseUrl::parse(&url).map_err(|e| format!("--base-url: {e}"))?;
    Ok(Some(url.to_string()))
}

fn execute(cli: Cli) -> Result<()> {
    if cli == Cli::Help {
        print!("{USAGE}");
        return Ok(());
    }
    let mut paths = Paths::discover()?;
    match cli {
        Cli::Build { base_url } => {
            paths.base_url = checked_base_url(base_url, true)?;
            build::build(&paths, build::Budget::Enforce).map(|_| ())
        }
        Cli::Serve { port, bind, build } => serve::serve(&paths, &bind, port, build),
        Cli::Test => testrun::test(&paths),
        Cli::Dist { build, base_url } => {
            paths.base_url = checked_base_url(base_url, build)?;
            if build {
                build::build(&paths, build::Budget::Enforce)?;
            }
            dist::dist(&paths).map(|_| ())
        }
        Cli::Publish { to, force, rollback, build, base_url } => {
            if rollback {
                return publish::rollback(&to);
            }
            paths.base_url = checked_base_url(base_url, build)?;
            if build {
                build::build(&paths, build::Budget::Enforce)?;
            }
            publish::publish_site(&paths, &to, force)
        }
        Cli::Help => unreachable!("handled above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_every_command_and_its_flags() {
        assert_eq!(parse(&args("")).unwrap(), Cli::Help);
        assert_eq!(parse(&args("build")).unwrap(), Cli::Build { base_url: None });
        assert_eq!(
            parse(&args("build --base-url https://intranet/bts/")).unwrap(),
            Cli::Build { base_url: Some("https://intranet/bts/".into()) }
        );
        assert_eq!(parse(&args("serve")).unwrap(), Cli::Serve { port: 3000, bind: "127.0.0.1".into(), build: true });
        assert_eq!(
            parse(&args("serve --port 8080 --bind=0.0.0.0 --no-build")).unwrap(),
            Cli::Serve { port: 8080, bind: "0.0.0.0".into(), build: false }
        );
        assert_eq!(
            parse(&args("publish --to /srv/site --force")).unwrap(),
            Cli::Publish { to: "/srv/site".into(), force: true, rollback: false, build: true, base_url: None }
        );
        assert_eq!(parse(&args("dist --no-build")).unwrap(), Cli::Dist { build: false, base_url: None });
        assert_eq!(
            parse(&args("dist --base-url https://intranet/bts/")).unwrap(),
            Cli::Dist { build: true, base_url: Some("https://intranet/bts/".into()) }
        );
        assert_eq!(
            parse(&args("publish --to /srv/site --base-url=https://intranet/bts/")).unwrap(),
            Cli::Publish {
                to: "/srv/site".into(),
                force: false,
                rollback: false,
                build: true,
                base_url: Some("https://intranet/bts/".into())
            }
        );
    }

    #[test]
    fn a_base_url_is_checked_and_needs_a_build() {
        assert_eq!(checked_base_url(None, false).unwrap(), None);
        assert_eq!(checked_base_url(Some("https://intranet/bts".into()), true).unwrap().as_deref(), Some("https://intranet/bts/"));
        assert!(checked_base_url(Some("intranet/bts".into()), true).unwrap_err().starts_with("--base-url: "));
        assert!(checked_base_url(Some("https://intranet/bts/".into()), false).unwrap_err().contains("--no-build"));
    }

    #[test]
    fn bad_command_lines_get_a_message() {
        assert!(parse(&args("deploy")).unwrap_err().contains("unknown command \"deploy\""));
        assert!(parse(&args("serve --port abc")).unwrap_err().contains("--port takes a number"));
        assert!(parse(&args("serve --port")).unwrap_err().contains("--port needs a value"));
        assert!(parse(&args("publish")).unwrap_err().contains("--to DIR"));
        assert!(parse(&args("build --fast")).unwrap_err().contains("unexpected argument \"--fast\""));
    }

    #[test]
    fn every_security_header_is_one_line() {
        for (name, value) in SECURITY_HEADERS {
            assert!(!value.contains('\n') && !value.contains("  "), "{name}");
        }
        assert_eq!(
            CSP,
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
        );
    }
}
