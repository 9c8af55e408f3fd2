//! OCR for PDFs without a text layer: `pdftoppm` rasterises pages into a temporary
//! folder and `tesseract` reads each image. Both are external programs (Debian packages
//! `poppler-utils` and `tesseract-ocr`), each run under a wall-clock limit and killed
//! when it runs over.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What OCR produced: page texts in order, plus anything worth a warning.
#[derive(Debug, Default)]
pub(crate) struct OcrOutput {
    pub text: String,
    pub pages_read: u32,
    pub warnings: Vec<String>,
}

/// Why OCR could not run or gave nothing.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum OcrFailure {
    /// A needed program is not on PATH.
    Missing(&'static str),
    /// A program failed or timed out.
    Failed(String),
}

/// Whether `program` is an executable file in one of PATH's folders.
pub(crate) fn on_path(program: &str) -> bool {
    find_on_path(program).is_some()
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// Rasterises up to `max_pages` pages of `pdf` at 200 dpi grey and reads them with
/// tesseract, one page at a time.
pub(crate) fn ocr_pdf(
    pdf: &[u8],
    max_pages: u32,
    timeout: Duration,
) -> Result<OcrOutput, OcrFailure> {
    let pdftoppm = find_on_path("pdftoppm").ok_or(OcrFailure::Missing("pdftoppm"))?;
    let tesseract = find_on_path("tesseract").ok_or(OcrFailure::Missing("tesseract"))?;
    let dir =
        tempfile::tempdir().map_err(|e| OcrFailure::Failed(format!("no temporary folder: {e}")))?;
    let input = dir.path().join("input.pdf");
    std::fs::write(&input, pdf)
        .map_err(|e| OcrFailure::Failed(format!("cannot write temporary file: {e}")))?;
    let prefix = dir.path().join("page");
    let mut cmd = Command::new(pdftoppm);
    cmd.args(["-r", "200", "-gray", "-png", "-f", "1", "-l"])
        .arg(max_pages.max(1).to_string())
        .arg(&input)
        .arg(&prefix);
    run(cmd, timeout, "pdftoppm")?;

    let mut images: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .map_err(|e| OcrFailure::Failed(format!("cannot list rasterised pages: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    // pdftoppm pads page numbers to equal width, so name order is page order.
    images.sort();

    let mut out = OcrOutput::default();
    for image in &images {
        let mut cmd = Command::new(&tesseract);
        cmd.arg(image)
            .arg("stdout")
            // Tesseract's OpenMP threads fight each other on small machines; one
            // thread per page is faster and leaves the other cores to other work.
            .env("OMP_THREAD_LIMIT", "1");
        let page = run(cmd, timeout, "tesseract")?;
        out.text.push_str(&String::from_utf8_lossy(&page));
        out.text.push_str("\n\n");
        out.pages_read += 1;
    }
    Ok(out)
}

/// Runs `cmd`, returning its standard output, killing it after `timeout`.
fn run(mut cmd: Command, timeout: Duration, what: &str) -> Result<Vec<u8>, OcrFailure> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| OcrFailure::Failed(format!("{what} could not start: {e}")))?;
    // Drain both pipes on threads so a chatty program cannot block on a full pipe.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_with_deadline(&mut child, timeout);
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    match status {
        Some(Ok(s)) if s.success() => Ok(out),
        Some(Ok(s)) => {
            let err = String::from_utf8_lossy(&err);
            let first = err.lines().next().unwrap_or("").trim();
            Err(OcrFailure::Failed(format!("{what} failed ({s}): {first}")))
        }
        Some(Err(e)) => Err(OcrFailure::Failed(format!(
            "{what} could not be waited for: {e}"
        ))),
        None => Err(OcrFailure::Failed(format!(
            "{what} took longer than {} s and was stopped",
            timeout.as_secs()
        ))),
    }
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            // A read error just ends the output early; the exit status tells the rest.
            let _ = p.read_to_end(&mut buf);
        }
        buf
    })
}

/// Waits for `child` until `timeout`; on expiry kills and reaps it and returns `None`.
fn wait_with_deadline(
    child: &mut Child,
    timeout: Duration,
) -> Option<std::io::Result<std::process::ExitStatus>> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(Ok(status)),
            Ok(None) if Instant::now() >= deadline => {
                // Kill can fail only if it already exited; reaping settles either way.
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Some(Err(e)),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn programs_are_found_on_path() {
        assert!(on_path("sh"));
        assert!(!on_path("surely-not-a-program-hireloop"));
    }

    #[test]
    fn runaway_programs_are_killed() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exec sleep 5"]);
        let started = Instant::now();
        let r = run(cmd, Duration::from_millis(200), "sleep");
        assert!(
            matches!(r, Err(OcrFailure::Failed(ref m)) if m.contains("stopped")),
            "{r:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(4));
    }

    #[test]
    fn output_and_failures_are_reported() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo hello"]);
        assert_eq!(
            run(cmd, Duration::from_secs(5), "echo"),
            Ok(b"hello\n".to_vec())
        );
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo oops >&2; exit 3"]);
        let r = run(cmd, Duration::from_secs(5), "sh");
        assert!(
            matches!(r, Err(OcrFailure::Failed(ref m)) if m.contains("oops")),
            "{r:?}"
        );
    }
}
