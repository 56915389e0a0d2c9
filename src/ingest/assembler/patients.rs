//! Patients met so far: each id once (in one arena, found by hash), with
//! the first name, sex and birth date any row gave, so that a row's details
//! can be stored as a one-byte code against them.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::model::{Sex, Timestamp};

/// A hash of a patient id, computed where the row is parsed and used where
/// it is merged (any thread).
pub fn id_hash(bytes: &[u8]) -> u64 {
    // Seeded once per process from the system's randomness (foldhash, as
    // hashbrown's default hasher is): ids crafted to share one hash under a
    // fixed, unkeyed function made the table quadratic (40,000 such ids took
    // 10-12 s to load against 0.04 s for ordinary ones). A process-wide seed
    // rather than one per load, because the hash is computed on every reading
    // thread before the row reaches the assembler; no input can learn it.
    static SEED: std::sync::OnceLock<hashbrown::DefaultHashBuilder> = std::sync::OnceLock::new();
    SEED.get_or_init(hashbrown::DefaultHashBuilder::default)
        .hash_one(bytes)
}

/// A row's name, sex and birth date against its patient's first ones, in
/// one byte: two bits each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DetailsCode(pub u8);

/// A name or birth date: not given, the patient's first one, or another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Given {
    /// The row gives none.
    No,
    /// The same as the first one given for the patient.
    First,
    /// A different one, kept beside the row.
    Other,
}

impl DetailsCode {
    /// The code of a row's details.
    pub fn new(name: Given, sex: Option<Sex>, birth: Given) -> DetailsCode {
        let given = |g: Given| match g {
            Given::No => 0,
            Given::First => 1,
            Given::Other => 2,
        };
        let sex = match sex {
            None => 0,
            Some(Sex::Male) => 1,
            Some(Sex::Female) => 2,
            Some(Sex::Unknown) => 3,
        };
        DetailsCode(given(name) | sex << 2 | given(birth) << 4)
    }

    fn given(bits: u8) -> Given {
        match bits & 0b11 {
            0 => Given::No,
            1 => Given::First,
            _ => Given::Other,
        }
    }

    /// The row's name.
    pub fn name(self) -> Given {
        DetailsCode::given(self.0)
    }

    /// The row's sex.
    pub fn sex(self) -> Option<Sex> {
        match self.0 >> 2 & 0b11 {
            0 => None,
            1 => Some(Sex::Male),
            2 => Some(Sex::Female),
            _ => Some(Sex::Unknown),
        }
    }

    /// The row's birth date.
    pub fn birth(self) -> Given {
        DetailsCode::given(self.0 >> 4)
    }

    /// True when a name or birth date differs from the first one given.
    pub fn has_other(self) -> bool {
        self.name() == Given::Other || self.birth() == Given::Other
    }
}

/// What is kept of each patient while rows are merged, together so that
/// one cache line serves a row: where its id and first name are in the
/// arenas, its first sex and birth date.
#[derive(Clone, Copy, Debug)]
struct Slot {
    id_start: u32,
    /// The id's length in the low 31 bits; [`MIXED`] on top.
    id_len: u32,
    name_start: u32,
    /// The first name's length + 1 (0: none) in the low 30 bits; the first
    /// sex (0 none, 1 M, 2 F, 3 unknown) in the top 2.
    name_and_sex: u32,
    birth: Option<Timestamp>,
    /// The time of the patient's last entry so far.
    last: Option<Timestamp>,
}

/// Set in [`Slot::id_len`] once a patient's entries are not separate draws
/// in time order (see [`Patients::note_entry`]).
const MIXED: u32 = 1 << 31;

impl Slot {
    /// Where the id is in the arena of ids.
    fn id_range(&self) -> std::ops::Range<usize> {
        let start = self.id_start as usize;
        start..start + (self.id_len & !MIXED) as usize
    }
}

const SEX_SHIFT: u32 = 30;
const NAME_MASK: u32 = (1 << SEX_SHIFT) - 1;

/// The arenas of ids or names reached 4 GiB: more than any load can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArenaFull;

/// Every patient met, by number in order of first appearance.
#[derive(Debug, Default)]
pub struct Patients {
    table: HashTable<u32>,
    ids: Vec<u8>,
    names: Vec<u8>,
    slots: Vec<Slot>,
}

/// Appends `bytes` to an arena; where they start.
fn append(arena: &mut Vec<u8>, bytes: &[u8]) -> Result<u32, ArenaFull> {
    let start = u32::try_from(arena.len()).map_err(|_| ArenaFull)?;
    u32::try_from(arena.len() + bytes.len()).map_err(|_| ArenaFull)?;
    arena.extend_from_slice(bytes);
    Ok(start)
}

fn sex_code(sex: Option<Sex>) -> u32 {
    match sex {
        None => 0,
        Some(Sex::Male) => 1,
        Some(Sex::Female) => 2,
        Some(Sex::Unknown) => 3,
    }
}

impl Patients {
    /// How many patients.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// The id of patient `patient`.
    pub fn id(&self, patient: u32) -> &[u8] {
        self.slots
            .get(patient as usize)
            .and_then(|slot| self.ids.get(slot.id_range()))
            .unwrap_or_default()
    }

    /// The number of the patient with this id (and its [`id_hash`]), a new
    /// one when first met.
    pub fn intern(&mut self, id: &[u8], hash: u64) -> Result<u32, ArenaFull> {
        let Patients {
            table, ids, slots, ..
        } = self;
        let id_of = |patient: u32| &ids[slots[patient as usize].id_range()];
        if let Some(&patient) = table.find(hash, |&patient| id_of(patient) == id) {
            return Ok(patient);
        }
        let patient = u32::try_from(slots.len()).map_err(|_| ArenaFull)?;
        let id_len = u32::try_from(id.len())
            .ok()
            .filter(|len| len & MIXED == 0)
            .ok_or(ArenaFull)?;
        let id_start = append(ids, id)?;
        slots.push(Slot {
            id_start,
            id_len,
            name_start: 0,
            name_and_sex: 0,
            birth: None,
            last: None,
        });
        table.insert_unique(hash, patient, |&patient| {
            id_hash(&ids[slots[patient as usize].id_range()])
        });
        Ok(patient)
    }

    /// The code of a row's details for `patient`; the first name, sex and
    /// birth date of a patient are the first ones any row gives.
    pub fn code(
        &mut self,
        patient: u32,
        name: Option<&[u8]>,
        sex: Option<Sex>,
        birth: Option<Timestamp>,
    ) -> Result<DetailsCode, ArenaFull> {
        let index = patient as usize;
        let Some(mut slot) = self.slots.get(index).copied() else {
            return Ok(DetailsCode::default());
        };
        let name = match name {
            None => Given::No,
            Some(name) => match first_name_of(&self.names, slot) {
                Some(first) if first == name => Given::First,
                Some(_) => Given::Other,
                None => {
                    slot.name_start = append(&mut self.names, name)?;
                    slot.name_and_sex |= (name.len() as u32 + 1) & NAME_MASK;
                    Given::First
                }
            },
        };
        if slot.name_and_sex >> SEX_SHIFT == 0 {
            slot.name_and_sex |= sex_code(sex) << SEX_SHIFT;
        }
        let birth = match (birth, slot.birth) {
            (None, _) => Given::No,
            // The same date written with a time of day, or in another
            // offset, is the same birth date: the age counts from the date.
            (Some(birth), Some(first)) if birth.same_written_date(first) => Given::First,
            (Some(_), Some(_)) => Given::Other,
            (Some(birth), None) => {
                slot.birth = Some(birth);
                Given::First
            }
        };
        self.slots[index] = slot;
        Ok(DetailsCode::new(name, sex, birth))
    }

    /// Notes a new entry of `patient` at `time` with the `details` coded
    /// for it. While every entry of a patient comes later than the one
    /// before, with no second name or birth date and one sex, the patient's
    /// entries are separate draws in time order as they stand, which the
    /// end of the load then takes without reading or sorting them again
    /// (each is a cache miss there: a fifth of the end of a wide load).
    pub fn note_entry(&mut self, patient: u32, time: Timestamp, details: DetailsCode) {
        let Some(slot) = self.slots.get_mut(patient as usize) else {
            return;
        };
        let later = slot.last.is_none_or(|last| last.instant() < time.instant());
        // The first sex given is the slot's by now (`code` keeps it).
        let one_sex = details
            .sex()
            .is_none_or(|sex| sex_code(Some(sex)) == slot.name_and_sex >> SEX_SHIFT);
        if !later || !one_sex || details.has_other() {
            slot.id_len |= MIXED;
        }
        slot.last = Some(time);
    }

    /// True when `patient`'s entries, in input order, are separate draws in
    /// time order (see [`Patients::note_entry`]).
    pub fn in_time_order(&self, patient: u32) -> bool {
        self.slots
            .get(patient as usize)
            .is_some_and(|slot| slot.id_len & MIXED == 0)
    }

    /// The first name given for `patient`.
    pub fn first_name(&self, patient: u32) -> Option<&str> {
        let slot = *self.slots.get(patient as usize)?;
        std::str::from_utf8(first_name_of(&self.names, slot)?).ok()
    }

    /// Frees the lookup by id, once no more rows come.
    pub fn forget_lookup(&mut self) {
        self.table = HashTable::new();
    }

    /// Frees the ids, once they are copied out.
    pub fn forget_ids(&mut self) {
        self.ids = Vec::new();
    }

    /// The first sex given for `patient`.
    pub fn first_sex(&self, patient: u32) -> Option<Sex> {
        match self.slots.get(patient as usize)?.name_and_sex >> SEX_SHIFT {
            1 => Some(Sex::Male),
            2 => Some(Sex::Female),
            3 => Some(Sex::Unknown),
            _ => None,
        }
    }

    /// The first birth date given for `patient`.
    pub fn first_birth(&self, patient: u32) -> Option<Timestamp> {
        self.slots.get(patient as usize)?.birth
    }

    /// The first names, for the patients `numbers` (in that order), and
    /// frees everything else.
    pub fn into_first_names(self, numbers: &[u32]) -> FirstNames {
        let ranges = numbers
            .iter()
            .map(|&patient| match self.slots.get(patient as usize) {
                Some(slot) if slot.name_and_sex & NAME_MASK > 0 => {
                    (slot.name_start, (slot.name_and_sex & NAME_MASK) - 1)
                }
                _ => (0, u32::MAX),
            })
            .collect();
        FirstNames {
            names: self.names,
            ranges,
        }
    }
}

/// The first name of a slot, if any.
fn first_name_of(names: &[u8], slot: Slot) -> Option<&[u8]> {
    let len = slot.name_and_sex & NAME_MASK;
    let len = len.checked_sub(1)?;
    names.get(slot.name_start as usize..(slot.name_start + len) as usize)
}

/// First names, by position in a list of patients.
pub struct FirstNames {
    names: Vec<u8>,
    /// `(start, len)`; `len = u32::MAX` for no name.
    ranges: Vec<(u32, u32)>,
}

impl FirstNames {
    /// The first name of the patient at `position`.
    pub fn get(&self, position: usize) -> Option<&str> {
        let &(start, len) = self.ranges.get(position)?;
        if len == u32::MAX {
            return None;
        }
        std::str::from_utf8(self.names.get(start as usize..(start + len) as usize)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    /// The unkeyed hash hemotrend used before (FxHash words, then a
    /// bijective finaliser): a collision before the finaliser stays one.
    fn unkeyed_state(bytes: &[u8]) -> u64 {
        let mut hash = bytes.len() as u64;
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            hash = (hash.rotate_left(5) ^ u64::from_le_bytes(eight)).wrapping_mul(K);
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        (hash.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K)
    }

    /// 16-byte ids that all shared one hash under the unkeyed function:
    /// any first word, and a second word that brings the state back to one
    /// constant (the attack the review measured at 10-12 s for 40,000).
    fn colliding_ids(count: u64) -> Vec<Vec<u8>> {
        (0..count)
            .map(|n| {
                let first = n.to_le_bytes();
                let state = (16u64.rotate_left(5) ^ n).wrapping_mul(K);
                let second = state.rotate_left(5) ^ 0x1234_5678;
                [first, second.to_le_bytes()].concat()
            })
            .collect()
    }

    /// Whether one patient's entries, noted as `(day, sex, name given)`,
    /// are taken as separate draws in time order.
    fn in_time_order(entries: &[(u8, Option<Sex>, Option<&str>)]) -> bool {
        let mut patients = Patients::default();
        let patient = patients.intern(b"P1", id_hash(b"P1")).unwrap();
        let other = patients.intern(b"P2", id_hash(b"P2")).unwrap();
        for &(day, sex, name) in entries {
            let time = Timestamp::from_date(2024, 1, day).unwrap();
            let code = patients
                .code(patient, name.map(str::as_bytes), sex, None)
                .unwrap();
            patients.note_entry(patient, time, code);
            // Another patient's entries in between change nothing.
            let code = patients.code(other, None, None, None).unwrap();
            patients.note_entry(
                other,
                Timestamp::from_date(2024, 1, 31 - day).unwrap(),
                code,
            );
        }
        patients.in_time_order(patient)
    }

    #[test]
    fn entries_later_each_time_with_one_name_and_sex_are_in_time_order() {
        let (f, m) = (Some(Sex::Female), Some(Sex::Male));
        assert!(in_time_order(&[]));
        assert!(in_time_order(&[
            (1, f, Some("Ann")),
            (2, None, None),
            (5, f, Some("Ann"))
        ]));
        assert!(in_time_order(&[
            (1, None, None),
            (2, m, Some("Bo")),
            (3, m, None)
        ]));
        // Earlier, at the same time, another name, another sex.
        assert!(!in_time_order(&[(2, f, None), (1, f, None)]));
        assert!(!in_time_order(&[(1, f, None), (3, f, None), (3, f, None)]));
        assert!(!in_time_order(&[(1, f, Some("Ann")), (2, f, Some("Anne"))]));
        assert!(!in_time_order(&[(1, f, None), (2, m, None)]));
    }

    #[test]
    fn ids_built_to_collide_under_a_fixed_hash_spread_under_the_seeded_one() {
        let ids = colliding_ids(40_000);
        let old: std::collections::HashSet<u64> = ids.iter().map(|id| unkeyed_state(id)).collect();
        assert_eq!(old.len(), 1, "the construction collides under the old hash");
        let new: std::collections::HashSet<u64> = ids.iter().map(|id| id_hash(id)).collect();
        assert!(new.len() > 39_990, "{} distinct hashes", new.len());
        let mut patients = Patients::default();
        let mut numbers = std::collections::HashSet::new();
        for id in &ids {
            numbers.insert(patients.intern(id, id_hash(id)).unwrap());
        }
        assert_eq!(numbers.len(), 40_000);
        assert_eq!(patients.intern(&ids[7], id_hash(&ids[7])).unwrap(), 7);
    }
}
