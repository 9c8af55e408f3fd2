//! A bulk load's lookup keys in memory.
//!
//! While a bulk load runs, the table's indexes on e-mail, phone, name and external id
//! are dropped (see `Store::defer_indexes`), so the load answers its own questions (is
//! this external id on file? who shares this e-mail, phone or name in this city?) from
//! this index: every live record of the tenant's table, each with its external id and,
//! for people, the [`Fingerprint`] duplicate detection compares. About 200 bytes a
//! record with its lookup tables: some 200 MB for a million.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use hireloop_ingest::dedupe::{Fingerprint, key_hash};
use uuid::Uuid;

/// "No slot".
const NONE: u32 = u32::MAX;

/// Keys are already hashes: `write_u32` only spreads their bits over the word.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        // Spread the bits hashbrown reads (the top seven and the low ones).
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type HashOf<K, V> = HashMap<K, V, BuildHasherDefault<PassThrough>>;

/// The slots sharing each key, newest first, as a list threaded through `next`. Keys
/// are folded to 32 bits to halve the table (a million keys in about 20 MB); slots of
/// two keys that fold alike share a list, so readers check the full key.
#[derive(Default)]
struct Chains {
    head: HashOf<u32, u32>,
    /// One entry per slot: the next older slot with the same folded key.
    next: Vec<u32>,
}

fn fold32(key: u64) -> u32 {
    (key >> 32) as u32 ^ key as u32
}

impl Chains {
    fn with_capacity(slots: usize) -> Self {
        Self {
            head: HashOf::with_capacity_and_hasher(slots, Default::default()),
            next: Vec::with_capacity(slots),
        }
    }

    fn push(&mut self, slot: u32, key: Option<u64>) {
        debug_assert_eq!(self.next.len(), slot as usize);
        let older = key.and_then(|k| self.head.insert(fold32(k), slot));
        self.next.push(older.unwrap_or(NONE));
    }

    fn newest_first(&self, key: u64) -> impl Iterator<Item = u32> + '_ {
        let mut at = self.head.get(&fold32(key)).copied().unwrap_or(NONE);
        std::iter::from_fn(move || {
            (at != NONE).then(|| {
                let slot = at;
                at = self.next[slot as usize];
                slot
            })
        })
    }
}

/// One entry of the index: a record as a bulk load knows it.
pub(crate) struct Entry {
    pub id: Uuid,
    /// The external id, as written.
    pub external: Option<String>,
    /// For people.
    pub print: Option<Fingerprint>,
}

/// The keys of every live record of one tenant's table.
#[derive(Default)]
pub(crate) struct KeyIndex {
    /// Slot → record id. Records arrive mostly in id order (those on file read in
    /// order, then new UUIDv7s), so the first `ordered` ids are ascending and found by
    /// binary search; any later one is in `overflow`.
    ids: Vec<Uuid>,
    ordered: usize,
    overflow: HashMap<Uuid, u32>,
    live: Vec<bool>,
    live_count: usize,
    prints: Vec<Option<Fingerprint>>,
    /// Slot → the full hash of its external id (0 for none).
    externals: Vec<u64>,
    external: Chains,
    email: Chains,
    phone: Chains,
    name: Chains,
}

impl KeyIndex {
    /// An index with room for `records` records: a load that knows its size up front
    /// allocates once instead of growing by doubling, where each step holds the old and
    /// the new tables at once (at a million records the last step alone was 60 MB of the
    /// load's peak).
    pub(crate) fn with_capacity(records: usize) -> Self {
        Self {
            ids: Vec::with_capacity(records),
            ordered: 0,
            overflow: HashMap::new(),
            live: Vec::with_capacity(records),
            live_count: 0,
            prints: Vec::with_capacity(records),
            externals: Vec::with_capacity(records),
            external: Chains::with_capacity(records),
            email: Chains::with_capacity(records),
            phone: Chains::with_capacity(records),
            name: Chains::with_capacity(records),
        }
    }

    /// Live records held.
    pub(crate) fn len(&self) -> usize {
        self.live_count
    }

    pub(crate) fn contains(&self, id: Uuid) -> bool {
        self.slot(id).is_some()
    }

    /// The live slot of `id`.
    fn slot(&self, id: Uuid) -> Option<u32> {
        let slot = match self.overflow.get(&id) {
            Some(&s) => s,
            None => self.ids[..self.ordered].binary_search(&id).ok()? as u32,
        };
        self.live[slot as usize].then_some(slot)
    }

    /// Adds a record, or replaces what was held for its id (its keys may have changed).
    pub(crate) fn insert(&mut self, entry: Entry) {
        self.remove(entry.id);
        let slot = u32::try_from(self.ids.len()).expect("fewer than 4 billion records");
        let print = entry.print.as_ref();
        let external = entry.external.as_deref().map(key_hash);
        self.external.push(slot, external);
        self.externals.push(external.unwrap_or(0));
        self.email
            .push(slot, print.and_then(Fingerprint::email_block));
        self.phone
            .push(slot, print.and_then(Fingerprint::phone_block));
        self.name
            .push(slot, print.and_then(Fingerprint::name_block));
        let in_order =
            self.ordered == self.ids.len() && self.ids.last().is_none_or(|last| *last < entry.id);
        if in_order {
            self.ordered += 1;
        } else {
            self.overflow.insert(entry.id, slot);
        }
        self.ids.push(entry.id);
        self.live.push(true);
        self.live_count += 1;
        self.prints.push(entry.print);
    }

    /// Forgets a record (deleted, or merged into another).
    pub(crate) fn remove(&mut self, id: Uuid) {
        if let Some(slot) = self.slot(id) {
            self.overflow.remove(&id);
            self.live[slot as usize] = false;
            self.live_count -= 1;
            // Its fingerprint is no longer compared: free it.
            self.prints[slot as usize] = None;
        }
    }

    /// The newest live record with this external id. Hashes may collide: the caller
    /// checks the record it reads.
    pub(crate) fn by_external(&self, external: &str) -> Option<Uuid> {
        let key = key_hash(external);
        self.external
            .newest_first(key)
            .find(|&s| self.live[s as usize] && self.externals[s as usize] == key)
            .map(|s| self.ids[s as usize])
    }

    /// The live people who share `print`'s e-mail, phone, or name in its city (the newest
    /// `name_limit` of those), other than `id`, each once, with their fingerprints.
    pub(crate) fn look_alikes(
        &self,
        id: Uuid,
        print: &Fingerprint,
        name_limit: usize,
    ) -> Vec<(Uuid, &Fingerprint)> {
        // A live slot whose full key is `key` (lists are shared by keys that fold alike).
        let holds = |key: fn(&Fingerprint) -> Option<u64>, k: u64| {
            move |s: &u32| {
                self.live[*s as usize]
                    && self.prints[*s as usize]
                        .as_ref()
                        .is_some_and(|p| key(p) == Some(k))
            }
        };
        let mut slots: Vec<u32> = Vec::new();
        for (chains, key) in [
            (
                &self.email,
                Fingerprint::email_block as fn(&Fingerprint) -> Option<u64>,
            ),
            (&self.phone, Fingerprint::phone_block),
        ] {
            if let Some(k) = key(print) {
                slots.extend(chains.newest_first(k).filter(holds(key, k)));
            }
        }
        if let Some(k) = print.name_block() {
            slots.extend(
                self.name
                    .newest_first(k)
                    .filter(holds(Fingerprint::name_block, k))
                    .take(name_limit),
            );
        }
        slots.sort_unstable();
        slots.dedup();
        slots
            .into_iter()
            .filter(|&s| self.ids[s as usize] != id)
            .filter_map(|s| {
                let p = self.prints[s as usize].as_ref()?;
                Some((self.ids[s as usize], p))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use hireloop_ingest::dedupe::{PersonProfile, compare_fingerprints};

    use super::*;

    fn person(name: &str, email: &str, city: &str) -> Fingerprint {
        Fingerprint::of(&PersonProfile {
            name: name.into(),
            email: Some(email.into()),
            city: Some(city.into()),
            headline: Some("Data Engineer".into()),
            skills: vec!["Python".into(), "SQL".into()],
            ..PersonProfile::default()
        })
    }

    fn entry(id: Uuid, external: Option<&str>, print: Fingerprint) -> Entry {
        Entry {
            id,
            external: external.map(str::to_owned),
            print: Some(print),
        }
    }

    #[test]
    fn finds_people_by_email_and_by_name_in_a_city() {
        let mut index = KeyIndex::default();
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        index.insert(entry(
            a,
            Some("EXT-1"),
            person("Jane Doe", "jane@x.io", "Austin"),
        ));
        index.insert(entry(b, None, person("Bo Li", "bo@x.io", "Reno")));
        // Same e-mail, other name; and same name and city, other e-mail.
        let by_mail = person("J. Doe", "jane@x.io", "Dallas");
        let found = index.look_alikes(c, &by_mail, 25);
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), vec![a]);
        let by_name = person("Jane Doe", "jd@y.io", "Austin");
        let found = index.look_alikes(c, &by_name, 25);
        assert_eq!(found.len(), 1);
        let s = compare_fingerprints(&by_name, found[0].1).unwrap();
        assert_eq!(
            s.summary(),
            "same name; same city; same headline; 2 of 2 skills shared"
        );
        // Itself is never its own look-alike.
        assert!(
            index
                .look_alikes(a, &person("Jane Doe", "jane@x.io", "Austin"), 25)
                .is_empty()
        );
        assert_eq!(index.by_external("EXT-1"), Some(a));
        assert_eq!(index.by_external("EXT-2"), None);
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn forgets_removed_records_and_follows_changed_keys() {
        let mut index = KeyIndex::default();
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        index.insert(entry(
            a,
            Some("EXT-1"),
            person("Jane Doe", "jane@x.io", "Austin"),
        ));
        // The record changes its e-mail and external id: the old keys no longer find it.
        index.insert(entry(
            a,
            Some("EXT-9"),
            person("Jane Doe", "new@x.io", "Austin"),
        ));
        assert_eq!(index.by_external("EXT-1"), None);
        assert_eq!(index.by_external("EXT-9"), Some(a));
        let old_mail = person("Someone Else", "jane@x.io", "Reno");
        assert!(index.look_alikes(b, &old_mail, 25).is_empty());
        assert_eq!(index.len(), 1);
        index.remove(a);
        assert!(!index.contains(a));
        assert_eq!(index.by_external("EXT-9"), None);
        assert!(
            index
                .look_alikes(b, &person("Jane Doe", "new@x.io", "Austin"), 25)
                .is_empty()
        );
    }

    #[test]
    fn a_common_name_is_compared_with_its_newest_few() {
        let mut index = KeyIndex::default();
        let ids: Vec<Uuid> = (0..30).map(|_| Uuid::now_v7()).collect();
        for (i, id) in ids.iter().enumerate() {
            index.insert(entry(
                *id,
                None,
                person("John Smith", &format!("js{i}@x.io"), "Austin"),
            ));
        }
        let found = index.look_alikes(
            Uuid::now_v7(),
            &person("John Smith", "new@x.io", "Austin"),
            25,
        );
        let mut got: Vec<Uuid> = found.iter().map(|f| f.0).collect();
        got.sort();
        assert_eq!(got, ids[5..].to_vec());
    }
}
