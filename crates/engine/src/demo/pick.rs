//! Random picking for the demo generator: weighted tables, bounded normals and unique-number
//! permutations, all driven by the generator's own seeded RNG.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A weighted table: items with integer weights, picked in proportion to them.
#[derive(Debug, Clone)]
pub(crate) struct Weighted<T> {
    items: Vec<T>,
    /// Running totals of the weights: `cum[i]` is the sum of weights `0..=i`.
    cum: Vec<u32>,
}

impl<T> Weighted<T> {
    /// Items with zero weight are dropped. An empty table picks nothing.
    pub(crate) fn new(pairs: impl IntoIterator<Item = (T, u32)>) -> Self {
        let mut items = Vec::new();
        let mut cum = Vec::new();
        let mut total = 0u32;
        for (item, w) in pairs {
            if w == 0 {
                continue;
            }
            total = total.saturating_add(w);
            items.push(item);
            cum.push(total);
        }
        Self { items, cum }
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The index of a weighted pick; `None` only for an empty table.
    pub(crate) fn index(&self, rng: &mut ChaCha8Rng) -> Option<usize> {
        let total = *self.cum.last()?;
        let r = rng.random_range(0..total);
        // The first running total above r; r < total, so it exists.
        Some(self.cum.partition_point(|&c| c <= r))
    }

    pub(crate) fn pick(&self, rng: &mut ChaCha8Rng) -> Option<&T> {
        self.index(rng).and_then(|i| self.items.get(i))
    }

    #[cfg(test)]
    pub(crate) fn items(&self) -> &[T] {
        &self.items
    }
}

impl<T: Copy> Weighted<T> {
    /// Like `pick`, with a fallback for an empty table.
    pub(crate) fn pick_or(&self, rng: &mut ChaCha8Rng, fallback: T) -> T {
        self.pick(rng).copied().unwrap_or(fallback)
    }
}

/// A standard normal deviate (Box–Muller; one of the pair is discarded for simplicity).
pub(crate) fn std_normal(rng: &mut ChaCha8Rng) -> f64 {
    // 1 - u is in (0, 1], so the logarithm is finite.
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A uniform factor in `[1 - spread, 1 + spread]`.
pub(crate) fn jitter(rng: &mut ChaCha8Rng, spread: f64) -> f64 {
    1.0 + rng.random_range(-spread..=spread)
}

/// A bijection of `0..space` (for `space` a power of ten, or 8,000,000 = 2^9·5^6): multiply by a
/// number coprime to 2 and 5 and add an offset, modulo `space`. Distinct counters give distinct
/// results until the space wraps, without looking sequential.
pub(crate) fn scramble(counter: u64, offset: u64, space: u64) -> u64 {
    // 0x9E37_79B9 (the 32-bit golden-ratio constant) is odd and not a multiple of 5.
    const MULT: u128 = 0x9E37_79B9;
    let x = (u128::from(counter) * MULT + u128::from(offset)) % u128::from(space.max(1));
    // x < space, which fits in u64.
    u64::try_from(x).unwrap_or(0)
}

/// Appends `n` zero-padded to `width` digits.
pub(crate) fn push_padded(s: &mut String, n: u64, width: usize) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(s, "{n:0width$}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn weighted_follows_weights() {
        let t = Weighted::new([("a", 1), ("b", 0), ("c", 3)]);
        assert_eq!(t.items(), &["a", "c"]);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let c = (0..4000).filter(|_| t.pick(&mut rng) == Some(&"c")).count();
        assert!((2800..3200).contains(&c), "{c}");
        let empty: Weighted<u8> = Weighted::new([]);
        assert!(empty.is_empty());
        assert_eq!(empty.pick(&mut rng), None);
    }

    #[test]
    fn scramble_is_a_bijection() {
        let space = 100_000;
        let mut seen = vec![false; space as usize];
        for i in 0..space {
            let x = scramble(i, 12_345, space) as usize;
            assert!(!seen[x]);
            seen[x] = true;
        }
        let big = 8_000_000u64;
        let mut v: Vec<u64> = (0..200_000).map(|i| scramble(i, 7, big)).collect();
        v.sort_unstable();
        v.dedup();
        assert_eq!(v.len(), 200_000);
    }
}
