//! The records of a collection by slot: id, filter values and vector, kept in memory as
//! int8 (scanned exactly for every semantic query) and on disk as f32 (read back to
//! rescore the best few).
//!
//! On disk, `docs.bin` is an append-only log: a header, then one entry per upsert or
//! removal. A record keeps its slot across changes; a removed record's slot stays dead.
//! The log is replayed at open up to the length the last commit recorded (a crash's torn
//! tail is cut off); a rebuild (`hireloop reindex`) writes it afresh.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::SearchError;
use crate::doc::{ATTRS_BYTES, Attrs};

const MAGIC: &[u8; 8] = b"HLSLOTS\0";
/// Bumped whenever the entry layout changes.
pub const SLOTS_FORMAT: u32 = 1;
const HEADER_BYTES: u64 = 16;
const OP_UPSERT: u8 = 1;
const OP_REMOVE: u8 = 2;

#[derive(Debug)]
pub(crate) struct Slots {
    path: PathBuf,
    file: File,
    /// Bytes of the log that are written (and, after a commit, durable).
    len: u64,
    dims: usize,
    pub ids: Vec<Uuid>,
    pub attrs: Vec<Attrs>,
    pub alive: Vec<bool>,
    /// `dims` int8 values per slot (zeros when the record has no vector).
    pub q8: Vec<i8>,
    /// Per slot: the factor from int8 back to f32; 0 when there is no vector.
    pub scale: Vec<f32>,
    /// Per slot: where its f32 vector starts in the log.
    offset: Vec<u64>,
    pub by_id: HashMap<Uuid, u32>,
    live: usize,
}

fn entry_bytes(dims: usize) -> u64 {
    (1 + 16 + ATTRS_BYTES + 1 + dims * 4) as u64
}

impl Slots {
    /// Opens (or creates) the log at `path`, keeping its first `valid_len` bytes (`None`:
    /// a new, empty log).
    pub fn open(path: &Path, dims: usize, valid_len: Option<u64>) -> Result<Self, SearchError> {
        let io = |e: std::io::Error| SearchError::io(path, e);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(io)?;
        let mut s = Slots {
            path: path.to_path_buf(),
            file: file.try_clone().map_err(io)?,
            len: HEADER_BYTES,
            dims,
            ids: Vec::new(),
            attrs: Vec::new(),
            alive: Vec::new(),
            q8: Vec::new(),
            scale: Vec::new(),
            offset: Vec::new(),
            by_id: HashMap::new(),
            live: 0,
        };
        let Some(valid) = valid_len else {
            file.set_len(0).map_err(io)?;
            let mut h = Vec::with_capacity(HEADER_BYTES as usize);
            h.extend_from_slice(MAGIC);
            h.extend_from_slice(&SLOTS_FORMAT.to_le_bytes());
            h.extend_from_slice(&(dims as u32).to_le_bytes());
            file.write_all_at(&h, 0).map_err(io)?;
            return Ok(s);
        };
        let actual = file.metadata().map_err(io)?.len();
        if actual < valid || valid < HEADER_BYTES {
            return Err(SearchError::Corrupt(format!(
                "{}: {actual} bytes on disk, the last commit recorded {valid}",
                path.display()
            )));
        }
        // A crash may leave entries the commit never recorded: cut them off.
        if actual > valid {
            file.set_len(valid).map_err(io)?;
        }
        let mut r = BufReader::with_capacity(1 << 20, &mut file);
        let mut h = [0u8; HEADER_BYTES as usize];
        r.read_exact(&mut h).map_err(io)?;
        let format = u32::from_le_bytes([h[8], h[9], h[10], h[11]]);
        let file_dims = u32::from_le_bytes([h[12], h[13], h[14], h[15]]) as usize;
        if &h[..8] != MAGIC || format != SLOTS_FORMAT || file_dims != dims {
            return Err(SearchError::Corrupt(format!(
                "{}: not a format-{SLOTS_FORMAT} slot log of {dims} dimensions",
                path.display()
            )));
        }
        let mut at = HEADER_BYTES;
        let mut head = [0u8; 1 + 16 + ATTRS_BYTES + 1];
        let mut vec_bytes = vec![0u8; dims * 4];
        let mut v = vec![0f32; dims];
        while at < valid {
            r.read_exact(&mut head[..17]).map_err(io)?;
            let id =
                Uuid::from_slice(&head[1..17]).map_err(|e| SearchError::Corrupt(e.to_string()))?;
            match head[0] {
                OP_REMOVE => {
                    s.kill(id);
                    at += 17;
                }
                OP_UPSERT => {
                    r.read_exact(&mut head[17..]).map_err(io)?;
                    r.read_exact(&mut vec_bytes).map_err(io)?;
                    let attrs = Attrs::from_bytes(&head[17..17 + ATTRS_BYTES]);
                    let has_vec = head[17 + ATTRS_BYTES] == 1;
                    for (x, b) in v.iter_mut().zip(vec_bytes.chunks_exact(4)) {
                        *x = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                    }
                    let vec_at = at + 1 + 16 + ATTRS_BYTES as u64 + 1;
                    s.push(id, attrs, has_vec.then_some(v.as_slice()), vec_at);
                    at += entry_bytes(dims);
                }
                op => {
                    return Err(SearchError::Corrupt(format!(
                        "{}: unknown entry type {op} at byte {at}",
                        path.display()
                    )));
                }
            }
        }
        drop(r);
        s.len = valid;
        Ok(s)
    }

    fn kill(&mut self, id: Uuid) {
        if let Some(old) = self.by_id.remove(&id) {
            self.alive[old as usize] = false;
            self.live -= 1;
        }
    }

    /// A record's slot is kept across its changes: only records removed leave dead
    /// slots behind.
    fn push(&mut self, id: Uuid, attrs: Attrs, vector: Option<&[f32]>, vec_at: u64) -> u32 {
        let (q, scale) = match vector {
            Some(v) => quantise(v),
            None => (vec![0; self.dims], 0.0),
        };
        if let Some(&slot) = self.by_id.get(&id) {
            let i = slot as usize;
            self.attrs[i] = attrs;
            self.offset[i] = vec_at;
            self.scale[i] = scale;
            self.q8[i * self.dims..(i + 1) * self.dims].copy_from_slice(&q);
            return slot;
        }
        let slot = self.ids.len() as u32;
        self.ids.push(id);
        self.attrs.push(attrs);
        self.alive.push(true);
        self.offset.push(vec_at);
        self.q8.extend_from_slice(&q);
        self.scale.push(scale);
        self.by_id.insert(id, slot);
        self.live += 1;
        slot
    }

    /// Records (or replaces) a record; returns its new slot.
    pub fn upsert(
        &mut self,
        id: Uuid,
        attrs: Attrs,
        vector: Option<&[f32]>,
    ) -> Result<u32, SearchError> {
        if let Some(v) = vector
            && v.len() != self.dims
        {
            return Err(SearchError::Dims {
                expected: self.dims,
                got: v.len(),
            });
        }
        let mut e = Vec::with_capacity(entry_bytes(self.dims) as usize);
        e.push(OP_UPSERT);
        e.extend_from_slice(id.as_bytes());
        e.extend_from_slice(&attrs.to_bytes());
        e.push(u8::from(vector.is_some()));
        match vector {
            Some(v) => v.iter().for_each(|x| e.extend_from_slice(&x.to_le_bytes())),
            None => e.resize(e.len() + self.dims * 4, 0),
        }
        self.file
            .write_all_at(&e, self.len)
            .map_err(|err| SearchError::io(&self.path, err))?;
        let vec_at = self.len + 1 + 16 + ATTRS_BYTES as u64 + 1;
        self.len += e.len() as u64;
        Ok(self.push(id, attrs, vector, vec_at))
    }

    /// Forgets a record; `true` when it was there.
    pub fn remove(&mut self, id: Uuid) -> Result<bool, SearchError> {
        if !self.by_id.contains_key(&id) {
            return Ok(false);
        }
        let mut e = [0u8; 17];
        e[0] = OP_REMOVE;
        e[1..].copy_from_slice(id.as_bytes());
        self.file
            .write_all_at(&e, self.len)
            .map_err(|err| SearchError::io(&self.path, err))?;
        self.len += 17;
        self.kill(id);
        Ok(true)
    }

    /// Makes what was written durable; returns the log's length for the commit record.
    pub fn sync(&mut self) -> Result<u64, SearchError> {
        self.file
            .sync_data()
            .map_err(|e| SearchError::io(&self.path, e))?;
        Ok(self.len)
    }

    pub fn live(&self) -> usize {
        self.live
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn dims(&self) -> usize {
        self.dims
    }

    pub fn has_vector(&self, slot: u32) -> bool {
        self.scale[slot as usize] != 0.0
    }

    pub fn q8(&self, slot: u32) -> &[i8] {
        let s = slot as usize * self.dims;
        &self.q8[s..s + self.dims]
    }

    /// The slot's vector as stored (f32), read from the log.
    pub fn vector(&self, slot: u32) -> Result<Vec<f32>, SearchError> {
        let mut b = vec![0u8; self.dims * 4];
        self.file
            .read_exact_at(&mut b, self.offset[slot as usize])
            .map_err(|e| SearchError::io(&self.path, e))?;
        Ok(b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

/// Symmetric int8 quantisation: the largest magnitude maps to 127.
pub(crate) fn quantise(v: &[f32]) -> (Vec<i8>, f32) {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    if max == 0.0 || !max.is_finite() {
        return (vec![0; v.len()], 0.0);
    }
    let k = 127.0 / max;
    let q = v
        .iter()
        .map(|x| (x * k).round().clamp(-127.0, 127.0) as i8)
        .collect();
    (q, max / 127.0)
}

/// The cosine of two unit vectors as a search without its f32 rescore estimates it:
/// both quantised to int8 (as the slot table stores documents), their integer dot
/// product scaled back, in the same order of operations as the scan. A bare recall
/// reports this similarity; a score computed for one pair uses it too, so the two agree.
pub fn approx_cosine(query: &[f32], doc: &[f32]) -> f32 {
    let (qq, q_scale) = quantise(query);
    let (dq, d_scale) = quantise(doc);
    dot_i8(&qq, &dq) as f32 * d_scale * q_scale
}

/// Integer dot product of two int8 vectors whose values are in [-127, 127] (as
/// [`quantise`] makes them). For one pair; a scan picks its [`DotI8`] once.
pub(crate) fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    DotI8::detect().dot(a, b)
}

/// The int8 dot product this CPU runs best, chosen once (the CPU check costs a few
/// nanoseconds, as much as a whole product of 256 pairs with AVX2). With AVX2 it
/// multiplies 32 pairs at a time (`vpmaddubsw` on |a| and b with a's sign, then
/// `vpmaddwd`); elsewhere a portable loop. Integer sums are exact in any order, so both
/// give the same number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DotI8 {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<pulp::x86::V3>,
}

impl DotI8 {
    pub(crate) fn detect() -> Self {
        Self {
            #[cfg(target_arch = "x86_64")]
            avx2: pulp::x86::V3::try_new(),
        }
    }

    /// Kept out of line: inlined into a large caller the portable loop stayed scalar
    /// (perf: 73 % of a semantic query at 1M, ~90 ms); on its own it vectorises.
    #[inline(never)]
    pub(crate) fn dot(self, a: &[i8], b: &[i8]) -> i32 {
        #[cfg(target_arch = "x86_64")]
        if let Some(simd) = self.avx2 {
            return dot_i8_avx2(simd, a, b);
        }
        dot_i8_portable(a, b)
    }
}

/// [`dot_i8`] with AVX2. Pairs of products stay in i16 without saturating because
/// |a| ≤ 127 and |b| ≤ 127: 2 × 127 × 127 = 32,258.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn dot_i8_avx2(simd: pulp::x86::V3, a: &[i8], b: &[i8]) -> i32 {
    simd.vectorize(
        #[inline(always)]
        || {
            use std::arch::x86_64::__m256i;
            let n = a.len().min(b.len());
            let (ca, ra) = pulp::as_arrays::<32, i8>(&a[..n]);
            let (cb, rb) = pulp::as_arrays::<32, i8>(&b[..n]);
            let ones = simd.avx._mm256_set1_epi16(1);
            let mut acc = simd.avx._mm256_setzero_si256();
            for (x, y) in ca.iter().zip(cb) {
                let x: __m256i = pulp::cast(*x);
                let y: __m256i = pulp::cast(*y);
                let pairs = simd.avx2._mm256_maddubs_epi16(
                    simd.avx2._mm256_abs_epi8(x),
                    simd.avx2._mm256_sign_epi8(y, x),
                );
                acc = simd
                    .avx2
                    ._mm256_add_epi32(acc, simd.avx2._mm256_madd_epi16(pairs, ones));
            }
            let lanes: [i32; 8] = pulp::cast(acc);
            lanes.iter().sum::<i32>() + dot_i8_portable(ra, rb)
        },
    )
}

/// [`dot_i8`] in portable code.
#[inline(always)]
fn dot_i8_portable(a: &[i8], b: &[i8]) -> i32 {
    // Chunks of 16 let the compiler keep several lanes in flight.
    let mut acc = [0i32; 16];
    let (ca, ra) = a.as_chunks::<16>();
    let (cb, rb) = b.as_chunks::<16>();
    for (x, y) in ca.iter().zip(cb) {
        for i in 0..16 {
            acc[i] += i32::from(x[i]) * i32::from(y[i]);
        }
    }
    let tail: i32 = ra
        .iter()
        .zip(rb)
        .map(|(x, y)| i32::from(*x) * i32::from(*y))
        .sum();
    acc.iter().sum::<i32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u32, dims: usize) -> Vec<f32> {
        let v: Vec<f32> = (0..dims)
            .map(|i| ((seed as f32 * 12.9898 + i as f32 * 78.233).sin() * 43758.547).fract() - 0.5)
            .collect();
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.into_iter().map(|x| x / n).collect()
    }

    #[test]
    fn the_log_replays_to_the_same_table_and_cuts_a_torn_tail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docs.bin");
        let ids: Vec<Uuid> = (0..5u128).map(Uuid::from_u128).collect();
        let mut s = Slots::open(&path, 8, None).unwrap();
        for (i, id) in ids.iter().enumerate() {
            let v = unit(i as u32, 8);
            s.upsert(
                *id,
                Attrs::new().with_rate(Some(i as f64)),
                (i != 3).then_some(&v[..]),
            )
            .unwrap();
        }
        s.upsert(
            ids[1],
            Attrs::new().with_rate(Some(10.0)),
            Some(&unit(9, 8)),
        )
        .unwrap();
        assert!(s.remove(ids[2]).unwrap());
        assert!(!s.remove(ids[2]).unwrap());
        let committed = s.sync().unwrap();
        // Written after the commit: must vanish on reopen.
        s.upsert(Uuid::from_u128(99), Attrs::new(), None).unwrap();
        drop(s);

        let r = Slots::open(&path, 8, Some(committed)).unwrap();
        assert_eq!(r.live(), 4);
        assert_eq!(r.len(), 5, "a changed record keeps its slot");
        assert!(!r.by_id.contains_key(&Uuid::from_u128(99)));
        assert!(!r.by_id.contains_key(&ids[2]));
        let s1 = r.by_id[&ids[1]];
        assert_eq!(r.attrs[s1 as usize].rate(), Some(10.0));
        assert_eq!(r.vector(s1).unwrap(), unit(9, 8));
        assert!(!r.has_vector(r.by_id[&ids[3]]));
        assert_eq!(std::fs::metadata(&path).unwrap().len(), committed);
        assert_eq!(r.by_id[&ids[1]], 1);
        assert!(
            Slots::open(&path, 16, Some(committed)).is_err(),
            "wrong dims"
        );
    }

    #[test]
    fn int8_dot_products_order_like_f32() {
        let q = unit(1000, 64);
        let (qq, _) = quantise(&q);
        let mut exact: Vec<(f32, usize)> = Vec::new();
        let mut approx: Vec<(f32, usize)> = Vec::new();
        for i in 0..200 {
            let v = unit(i, 64);
            let (vq, scale) = quantise(&v);
            exact.push((q.iter().zip(&v).map(|(a, b)| a * b).sum(), i as usize));
            approx.push((dot_i8(&qq, &vq) as f32 * scale, i as usize));
        }
        exact.sort_by(|a, b| b.0.total_cmp(&a.0));
        approx.sort_by(|a, b| b.0.total_cmp(&a.0));
        let top: Vec<usize> = exact[..10].iter().map(|x| x.1).collect();
        let found = approx[..20].iter().filter(|x| top.contains(&x.1)).count();
        assert_eq!(found, 10, "the exact top 10 is within the int8 top 20");
    }

    proptest::proptest! {
        /// Every path of the int8 dot product gives the exact integer sum, at any length
        /// (whole blocks of 32 and a tail) and at the ends of the range.
        #[test]
        fn the_int8_dot_product_is_exact_on_every_path(
            pairs in proptest::collection::vec((-127i8..=127, -127i8..=127), 0..300),
        ) {
            let (a, b): (Vec<i8>, Vec<i8>) = pairs.into_iter().unzip();
            let exact: i32 = a.iter().zip(&b).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
            proptest::prop_assert_eq!(dot_i8(&a, &b), exact);
            proptest::prop_assert_eq!(dot_i8_portable(&a, &b), exact);
            #[cfg(target_arch = "x86_64")]
            if let Some(simd) = pulp::x86::V3::try_new() {
                proptest::prop_assert_eq!(dot_i8_avx2(simd, &a, &b), exact);
            }
            let extreme = vec![-127i8; a.len()];
            let exact: i32 = a.iter().map(|x| -127 * i32::from(*x)).sum();
            proptest::prop_assert_eq!(dot_i8(&a, &extreme), exact);
        }
    }
}
