//! The gazetteer cache file: the built index written once next to the GeoNames data and
//! read back on later starts, which skips parsing 61 MB of JSON.
//!
//! Layout (little-endian): an 88-byte header — magic, format version, reserved, SHA-256 of
//! the source files, payload length, SHA-256 of the payload — then the index tables one
//! after another, each prefixed by its length. A file whose header, source digest or
//! payload digest does not match is ignored and rebuilt; every offset is validated on
//! read, so a damaged file can never make a lookup go out of range. The file is written
//! to a temporary name and renamed into place, so readers never see half of one.

use std::io::{self, Read, Write};
use std::path::Path;

use hireloop_domain::values::CountryCode;
use sha2::{Digest, Sha256};

use super::index::{City, DEGREE_UNITS, Index};

const MAGIC: &[u8; 8] = b"HLGAZ\0\r\n";
/// Bump when the layout or the rules that produce keys (folding, the alternate-name
/// filter) change: an old file then no longer matches and is rebuilt.
pub(crate) const FORMAT: u32 = 1;
const HEADER_LEN: usize = 88;
const CITY_LEN: usize = 28;

/// Why a cache file cannot be used; the caller rebuilds from the source.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CacheError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("the cache file is from another format or other source data")]
    Stale,
    #[error("the cache file is damaged: {0}")]
    Damaged(&'static str),
}

/// SHA-256 over the names, lengths and bytes of the source files.
pub(crate) fn source_digest(files: &[&Path]) -> io::Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    for path in files {
        let mut file = std::fs::File::open(path)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        hasher.update(name.unwrap_or_default().as_bytes());
        hasher.update(file.metadata()?.len().to_le_bytes());
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
    }
    Ok(hasher.finalize().into())
}

/// Writes the index atomically: a temporary file in the same folder, then a rename. The
/// file gets the permissions of `like` (the source data), so whoever can read the data
/// can read its cache.
pub(crate) fn write(path: &Path, like: &Path, source: &[u8; 32], index: &Index) -> io::Result<()> {
    let payload = encode(index);
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&FORMAT.to_le_bytes());
    header.extend_from_slice(&0u32.to_le_bytes());
    header.extend_from_slice(source);
    header.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    header.extend_from_slice(&Sha256::digest(&payload));
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&header)?;
    tmp.write_all(&payload)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(like) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Reads and validates a cache file built from these source files.
pub(crate) fn read(path: &Path, source: &[u8; 32]) -> Result<Index, CacheError> {
    let bytes = std::fs::read(path)?;
    let mut r = Reader(&bytes);
    if r.take(8)? != MAGIC || r.u32()? != FORMAT {
        return Err(CacheError::Stale);
    }
    r.u32()?;
    if r.take(32)? != source {
        return Err(CacheError::Stale);
    }
    let len = usize::try_from(r.u64()?).map_err(|_| CacheError::Damaged("length"))?;
    let digest = r.take(32)?.to_vec();
    let payload = r.take(len)?;
    if Sha256::digest(payload)[..] != digest[..] {
        return Err(CacheError::Damaged("payload digest"));
    }
    let index = decode(&mut Reader(payload))?;
    drop(bytes);
    validate(&index)?;
    Ok(index)
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // Table strings (zones, admin1 codes) are short; the builder never makes longer.
    let len = u16::try_from(s.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&s.as_bytes()[..usize::from(len)]);
}

fn put_u32s(out: &mut Vec<u8>, v: &[u32]) {
    out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
}

fn put_bytes(out: &mut Vec<u8>, v: &[u8]) {
    out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    out.extend_from_slice(v);
}

fn encode(ix: &Index) -> Vec<u8> {
    let mut out = Vec::with_capacity(ix.cities.len() * CITY_LEN + ix.keys.len() * 2);
    out.extend_from_slice(&(ix.countries.len() as u32).to_le_bytes());
    for (c, pop) in ix.countries.iter().zip(&ix.country_population) {
        out.extend_from_slice(c.as_str().as_bytes());
        out.extend_from_slice(&pop.to_le_bytes());
    }
    for table in [&ix.zones, &ix.admin1s] {
        out.extend_from_slice(&(table.len() as u32).to_le_bytes());
        for s in table {
            put_str(&mut out, s);
        }
    }
    put_bytes(&mut out, ix.names.as_bytes());
    out.extend_from_slice(&(ix.cities.len() as u32).to_le_bytes());
    for c in &ix.cities {
        out.extend_from_slice(&c.geoname_id.to_le_bytes());
        out.extend_from_slice(&c.name_start.to_le_bytes());
        out.extend_from_slice(&c.name_len.to_le_bytes());
        out.extend_from_slice(&[c.country, 0]);
        out.extend_from_slice(&c.zone.to_le_bytes());
        out.extend_from_slice(&c.admin1.to_le_bytes());
        out.extend_from_slice(&c.lat.to_le_bytes());
        out.extend_from_slice(&c.lon.to_le_bytes());
        out.extend_from_slice(&c.population.to_le_bytes());
    }
    put_bytes(&mut out, &ix.keys);
    put_u32s(&mut out, &ix.key_starts);
    put_u32s(&mut out, &ix.post_starts);
    put_u32s(&mut out, &ix.postings);
    out
}

/// A bounds-checked cursor: every read that runs past the end is an error.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CacheError> {
        if n > self.0.len() {
            return Err(CacheError::Damaged("truncated"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], CacheError> {
        self.take(N)?
            .try_into()
            .map_err(|_| CacheError::Damaged("truncated"))
    }
    fn u16(&mut self) -> Result<u16, CacheError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, CacheError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, CacheError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn len(&mut self) -> Result<usize, CacheError> {
        Ok(self.u32()? as usize)
    }
    fn string(&mut self) -> Result<String, CacheError> {
        let n = usize::from(self.u16()?);
        let bytes = self.take(n)?.to_vec();
        String::from_utf8(bytes).map_err(|_| CacheError::Damaged("text"))
    }
    fn u32s(&mut self) -> Result<Vec<u32>, CacheError> {
        let n = self.len()?;
        let bytes = self.take(n.checked_mul(4).ok_or(CacheError::Damaged("length"))?)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

fn decode(r: &mut Reader<'_>) -> Result<Index, CacheError> {
    let mut ix = Index::default();
    for _ in 0..r.len()? {
        let code = std::str::from_utf8(r.take(2)?).map_err(|_| CacheError::Damaged("country"))?;
        let country = CountryCode::parse(code).map_err(|_| CacheError::Stale)?;
        ix.countries.push(country);
        ix.country_population.push(r.u64()?);
    }
    for table in [&mut ix.zones, &mut ix.admin1s] {
        for _ in 0..r.len()? {
            table.push(r.string()?);
        }
    }
    let n = r.len()?;
    ix.names = String::from_utf8(r.take(n)?.to_vec()).map_err(|_| CacheError::Damaged("names"))?;
    let n = r.len()?;
    let records = r.take(
        n.checked_mul(CITY_LEN)
            .ok_or(CacheError::Damaged("length"))?,
    )?;
    ix.cities = records
        .chunks_exact(CITY_LEN)
        .map(|b| {
            let mut c = Reader(b);
            Ok(City {
                geoname_id: c.u32()?,
                name_start: c.u32()?,
                name_len: c.u16()?,
                country: c.array::<2>()?[0],
                zone: c.u16()?,
                admin1: c.u16()?,
                lat: c.u32()? as i32,
                lon: c.u32()? as i32,
                population: c.u32()?,
            })
        })
        .collect::<Result<_, CacheError>>()?;
    let n = r.len()?;
    ix.keys = r.take(n)?.to_vec();
    ix.key_starts = r.u32s()?;
    ix.post_starts = r.u32s()?;
    ix.postings = r.u32s()?;
    if !r.0.is_empty() {
        return Err(CacheError::Damaged("trailing bytes"));
    }
    Ok(ix)
}

/// Checks every cross-reference, and that keys are strictly sorted (lookups bisect).
fn validate(ix: &Index) -> Result<(), CacheError> {
    let bad = CacheError::Damaged;
    if ix.country_population.len() != ix.countries.len() {
        return Err(bad("countries"));
    }
    let max_deg = |limit: f64, v: i32| (f64::from(v) / DEGREE_UNITS).abs() <= limit;
    for c in &ix.cities {
        let start = c.name_start as usize;
        let name_ok = ix
            .names
            .get(start..start + usize::from(c.name_len))
            .is_some();
        if !name_ok
            || usize::from(c.country) >= ix.countries.len()
            || usize::from(c.zone) >= ix.zones.len()
            || usize::from(c.admin1) >= ix.admin1s.len()
            || !max_deg(90.0, c.lat)
            || !max_deg(180.0, c.lon)
        {
            return Err(bad("city record"));
        }
    }
    let offsets_ok = |starts: &[u32], end: usize| {
        starts.first() == Some(&0)
            && starts.last().map(|&l| l as usize) == Some(end)
            && starts.windows(2).all(|w| w[0] <= w[1])
    };
    if !offsets_ok(&ix.key_starts, ix.keys.len())
        || !offsets_ok(&ix.post_starts, ix.postings.len())
        || ix.key_starts.len() != ix.post_starts.len()
    {
        return Err(bad("key offsets"));
    }
    if ix
        .postings
        .iter()
        .any(|p| (p >> 1) as usize >= ix.cities.len())
    {
        return Err(bad("postings"));
    }
    let key = |i: usize| &ix.keys[ix.key_starts[i] as usize..ix.key_starts[i + 1] as usize];
    if (1..ix.key_count()).any(|i| key(i - 1) >= key(i)) {
        return Err(bad("key order"));
    }
    Ok(())
}
