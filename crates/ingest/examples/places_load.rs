//! Loads the GeoNames gazetteer, prints the load time, city count and resident memory,
//! then resolves each line of stdin:
//! `cargo run --release -p hireloop-ingest --example places_load -- [--build] [--hint US] [DIR]`
//! (`--build` parses the JSON and skips the cache; DIR defaults to the installed asset).

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Instant;

use hireloop_domain::values::CountryCode;
use hireloop_ingest::places::{CITIES_FILE, Gazetteer};

/// A `kB` line of /proc/self/status, in MiB.
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let mut build = false;
    let mut hint = None;
    let mut dir = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--build" => build = true,
            "--hint" => hint = args.next().and_then(|h| CountryCode::parse(&h).ok()),
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        let assets = hireloop_assets::Assets::new(hireloop_assets::Assets::default_cache_dir());
        let file = assets
            .file(&hireloop_assets::GEONAMES, CITIES_FILE)
            .unwrap_or_else(|e| panic!("{e}"));
        file.parent().map(PathBuf::from).unwrap_or_default()
    });

    let rss_before = status_mib("VmRSS:");
    let started = Instant::now();
    let gazetteer = if build {
        Gazetteer::build(&dir)
    } else {
        Gazetteer::load(&dir)
    }
    .unwrap_or_else(|e| panic!("{e}"));
    let elapsed = started.elapsed();
    let rss_after = status_mib("VmRSS:");
    let mut out = std::io::stdout().lock();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let source = if gazetteer.from_cache() {
        "cache"
    } else {
        "JSON"
    };
    let report = writeln!(
        out,
        "loaded {} cities, {} names from {} in {:.3} s ({source})\n\
         RSS {rss_before:.1} MiB -> {rss_after:.1} MiB (+{:.1} MiB), peak {:.1} MiB\n\
         machine: {cores} cores, {cpu}",
        gazetteer.city_count(),
        gazetteer.name_count(),
        dir.display(),
        elapsed.as_secs_f64(),
        rss_after - rss_before,
        status_mib("VmHWM:"),
    );
    if report.is_err() {
        return;
    }

    // Stops quietly when the reader goes away (`| head`).
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let started = Instant::now();
        let resolved = gazetteer.resolve(&line, hint);
        let took = started.elapsed();
        let json = serde_json::to_string(&resolved).unwrap_or_default();
        if writeln!(out, "{line:?} ({} µs) => {json}", took.as_micros()).is_err() {
            return;
        }
    }
}
