//! Precompressed copies of the site's text files and WASM (`name.gz`, `name.br` beside `name`),
//! written once at build time, and the `Accept-Encoding` negotiation `serve` uses to pick one.
//!
//! A web server that knows the convention (serve, nginx `gzip_static`/`brotli_static`, IIS with
//! the rewrite rules of `web.config`) sends the smaller copy without compressing on each request.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::{Context, Result};

/// File types that compress well and get `.gz` and `.br` copies: every text type of the site
/// (the search index is `.js` and `.json`) and the WASM. Images and fonts are already compressed.
pub const COMPRESSIBLE: &[&str] = &["html", "js", "css", "json", "svg", "txt", "md", "wasm", "ps1", "sql"];

/// A content coding the site has copies in, in the order the server prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    pub const ALL: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

    /// The `Content-Encoding` token.
    pub fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    /// The suffix of the precompressed copy.
    pub fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gz",
        }
    }

    /// Where the copy of `file` in this coding is.
    pub fn copy_of(self, file: &Path) -> PathBuf {
        let mut name = file.as_os_str().to_owned();
        name.push(".");
        name.push(self.suffix());
        PathBuf::from(name)
    }
}

/// Whether `path` is of a type that gets precompressed copies.
pub fn is_compressible(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|ext| COMPRESSIBLE.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The coding to answer with, given the request's `Accept-Encoding` and the copies that exist
/// (`available`, in the server's order of preference). RFC 9110 §12.5.3: a coding is acceptable
/// when listed, or covered by `*`, with a q-value above 0; the highest q wins and ties go to the
/// server's order. `None` means the original file (identity), which is always allowed here: even
/// `identity;q=0` gets the original rather than a 406, as most servers do.
pub fn negotiate(accept_encoding: Option<&str>, available: &[Encoding]) -> Option<Encoding> {
    let header = accept_encoding?;
    let mut listed: Vec<(String, f32)> = Vec::new();
    for item in header.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        if coding.is_empty() {
            continue;
        }
        let mut q = 1.0_f32;
        for param in parts {
            if let Some((name, value)) = param.split_once('=')
                && name.trim().eq_ignore_ascii_case("q")
            {
                // An unreadable q-value makes the item unusable rather than preferred.
                q = value.trim().parse::<f32>().ok().filter(|q| (0.0..=1.0).contains(q)).unwrap_or(0.0);
            }
        }
        listed.push((coding, q));
    }
    let q_of = |encoding: Encoding| -> f32 {
        let names: &[&str] = match encoding {
            Encoding::Brotli => &["br"],
            Encoding::Gzip => &["gzip", "x-gzip"],
        };
        let exact = listed.iter().filter(|(c, _)| names.contains(&c.as_str())).map(|(_, q)| *q).reduce(f32::max);
        exact.or_else(|| listed.iter().find(|(c, _)| c == "*").map(|(_, q)| *q)).unwrap_or(0.0)
    };
    let mut best: Option<(Encoding, f32)> = None;
    for &encoding in available {
        let q = q_of(encoding);
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((encoding, q));
        }
    }
    best.map(|(encoding, _)| encoding)
}

/// Writes `.gz` and `.br` copies of every compressible file under `dir`; returns how many files.
/// Brotli at quality 11 takes seconds per megabyte, so with a `cache` folder each copy is kept
/// there under the hash of its input and reused while the file does not change (a rebuild by
/// `serve` recompresses only what was edited).
pub fn precompress_dir(dir: &Path, cache: Option<&Path>) -> Result<usize> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    if let Some(cache) = cache {
        fs::create_dir_all(cache).context(format!("cannot create {}", cache.display()))?;
    }
    for file in &files {
        let bytes = fs::read(file).context(format!("cannot read {}", file.display()))?;
        let hash: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        for encoding in Encoding::ALL {
            let copy = encoding.copy_of(file);
            let cached = cache.map(|c| c.join(format!("{hash}.{}", encoding.suffix())));
            let compressed = match cached.as_ref().and_then(|c| fs::read(c).ok()) {
                Some(compressed) => compressed,
                None => {
                    let compressed = compress(encoding, &bytes)?;
                    if let Some(cached) = &cached {
                        fs::write(cached, &compressed).context(format!("cannot write {}", cached.display()))?;
                    }
                    compressed
                }
            };
            fs::write(&copy, compressed).context(format!("cannot write {}", copy.display()))?;
        }
    }
    Ok(files.len())
}

/// Compressible files under `dir` that lack a `.br` or `.gz` copy (paths relative to `dir`).
pub fn missing_copies(dir: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    let missing = files
        .iter()
        .filter(|f| Encoding::ALL.iter().any(|e| !e.copy_of(f).is_file()))
        .map(|f| f.strip_prefix(dir).unwrap_or(f).display().to_string())
        .collect();
    Ok(missing)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).context(format!("cannot read {}", dir.display()))? {
        let path = entry.context(format!("cannot read {}", dir.display()))?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if is_compressible(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// `bytes` in `encoding`, at the strongest setting (compressed once, served many times).
pub fn compress(encoding: Encoding, bytes: &[u8]) -> Result<Vec<u8>> {
    match encoding {
        Encoding::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(bytes).and_then(|_| encoder.finish()).context("gzip failed")
        }
        Encoding::Brotli => {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
            brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).context("brotli failed")?;
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    const BOTH: &[Encoding] = &[Encoding::Brotli, Encoding::Gzip];

    #[test]
    fn negotiation_follows_q_values_and_the_servers_preference() {
        use Encoding::*;
        assert_eq!(negotiate(None, BOTH), None, "no header: the original");
        assert_eq!(negotiate(Some(""), BOTH), None);
        assert_eq!(negotiate(Some("gzip, deflate, br, zstd"), BOTH), Some(Brotli), "Chromium's header");
        assert_eq!(negotiate(Some("gzip"), BOTH), Some(Gzip));
        assert_eq!(negotiate(Some("x-gzip"), BOTH), Some(Gzip));
        assert_eq!(negotiate(Some("GZIP, BR"), BOTH), Some(Brotli), "codings are case-insensitive");
        assert_eq!(negotiate(Some("br;q=0.5, gzip;q=0.8"), BOTH), Some(Gzip), "higher q wins");
        assert_eq!(negotiate(Some("br;q=0.8, gzip;q=0.8"), BOTH), Some(Brotli), "ties: server's order");
        assert_eq!(negotiate(Some("br;q=0, gzip"), BOTH), Some(Gzip), "q=0 refuses");
        assert_eq!(negotiate(Some("br ; q=0 , gzip ; Q=0"), BOTH), None);
        assert_eq!(negotiate(Some("identity"), BOTH), None);
        assert_eq!(negotiate(Some("identity;q=0"), BOTH), None, "still the original, never a 406");
        assert_eq!(negotiate(Some("deflate"), BOTH), None, "nothing we have");
        assert_eq!(negotiate(Some("*"), BOTH), Some(Brotli), "* covers every coding");
        assert_eq!(negotiate(Some("gzip;q=0.9, *;q=0.1"), BOTH), Some(Gzip), "listed beats *");
        assert_eq!(negotiate(Some("*;q=0"), BOTH), None);
        assert_eq!(negotiate(Some("br;q=0, *"), BOTH), Some(Gzip), "* does not override an explicit q=0");
        assert_eq!(negotiate(Some("br;q=abc, gzip;q=2"), BOTH), None, "unreadable q-values are refusals");
    }

    #[test]
    fn negotiation_only_picks_copies_that_exist() {
        assert_eq!(negotiate(Some("br, gzip"), &[Encoding::Gzip]), Some(Encoding::Gzip), "missing .br");
        assert_eq!(negotiate(Some("br"), &[Encoding::Gzip]), None);
        assert_eq!(negotiate(Some("br, gzip"), &[]), None, "no copies: the original");
    }

    #[test]
    fn copies_decompress_to_the_original_and_only_text_and_wasm_get_them() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        let text = "<p>BizTalk Server upgrade</p>\n".repeat(200);
        fs::write(dir.join("index.html"), &text).unwrap();
        fs::write(dir.join("sub/app.wasm"), b"\0asm\x01\0\0\0").unwrap();
        fs::write(dir.join("logo.png"), b"\x89PNG").unwrap();
        let cache = dir.with_extension("cache");
        assert_eq!(precompress_dir(&dir, Some(&cache)).unwrap(), 2);
        assert_eq!(fs::read_dir(&cache).unwrap().count(), 4, "two copies of two files");
        // A second run reuses the cache: a planted cache entry shows up in the copy.
        let hash: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        let genuine = fs::read(cache.join(format!("{hash}.gz"))).unwrap();
        fs::write(cache.join(format!("{hash}.gz")), b"cached").unwrap();
        precompress_dir(&dir, Some(&cache)).unwrap();
        assert_eq!(fs::read(dir.join("index.html.gz")).unwrap(), b"cached");
        fs::write(cache.join(format!("{hash}.gz")), genuine).unwrap();
        precompress_dir(&dir, Some(&cache)).unwrap();
        let _ = fs::remove_dir_all(&cache);
        let page = dir.join("index.html");
        let gz = fs::read(Encoding::Gzip.copy_of(&page)).unwrap();
        let mut unpacked = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut unpacked).unwrap();
        assert_eq!(unpacked, text);
        let br = fs::read(Encoding::Brotli.copy_of(&page)).unwrap();
        let mut unpacked = String::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_string(&mut unpacked).unwrap();
        assert_eq!(unpacked, text);
        assert!(br.len() < text.len() / 10 && gz.len() < text.len() / 10);
        assert!(dir.join("sub/app.wasm.br").is_file() && dir.join("sub/app.wasm.gz").is_file());
        assert!(missing_copies(&dir).unwrap().is_empty(), "every text file and the WASM have both copies");
        fs::remove_file(dir.join("sub/app.wasm.gz")).unwrap();
        fs::write(dir.join("new.css"), "p{}").unwrap();
        let mut missing = missing_copies(&dir).unwrap();
        missing.sort();
        assert_eq!(missing, ["new.css", "sub/app.wasm"]);
        assert!(!dir.join("logo.png.gz").exists() && !dir.join("logo.png.br").exists());
        assert_eq!(Encoding::Brotli.copy_of(Path::new("a/b.js")), PathBuf::from("a/b.js.br"));
        assert!(is_compressible(Path::new("x.HTML")) && !is_compressible(Path::new("x.woff2")) && !is_compressible(Path::new("x.gz")));
        let _ = fs::remove_dir_all(dir);
    }
}
