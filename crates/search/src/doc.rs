//! What an index holds of a record: text by field, the values filters test, a vector.

use chrono::{Datelike, NaiveDate};
use hireloop_domain::values::{GeoPoint, RemoteMode, WorkAuthorization};
use uuid::Uuid;

/// One record as the index sees it. The engine builds these from candidates and
/// requirements; the index never reads the store.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc {
    pub id: Uuid,
    /// Keys that find the record exactly: its id, external id, e-mail, phone.
    pub exact: Vec<String>,
    /// A person's name or a requirement's title.
    pub name: String,
    pub titles: Vec<String>,
    pub skills: Vec<String>,
    pub companies: Vec<String>,
    pub text: String,
    pub attrs: Attrs,
    /// Other records whose names this one's text includes (a requirement's company): a
    /// change to one of them re-indexes this record.
    pub refs: Vec<Uuid>,
    /// Unit-length embedding from the collection's model; `None` when the record has no
    /// text to embed.
    pub vector: Option<Vec<f32>>,
}

/// Statuses of every entity kind, in a fixed order (their index is stored).
pub const STATUSES: [&str; 8] = [
    "active",
    "placed",
    "inactive",
    "do_not_contact",
    "open",
    "on_hold",
    "filled",
    "closed",
];

/// The values filters test, kept compact: a million of them fit in 32 MB.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Attrs {
    /// Index into [`STATUSES`] plus one; 0 for none.
    status: u8,
    /// 0 none, 1 onsite, 2 hybrid, 3 remote.
    remote: u8,
    /// One bit per [`WorkAuthorization::ALL`] entry.
    auth: u16,
    /// Degrees; NaN when the record has no map point.
    lat: f32,
    lon: f32,
    /// Days since 0001-01-01 of the date the person is free (or the role starts);
    /// `i32::MIN` when unknown.
    available: i32,
    /// Hourly rate in major units; NaN when unknown.
    rate: f32,
    /// Bit 0: the person is willing to relocate.
    flags: u8,
}

/// [`Attrs::flags`]: willing to relocate.
const RELOCATE: u8 = 1;

/// [`Attrs`] undecoded: see there.
pub(crate) struct RawAttrs {
    pub status: u8,
    pub remote: u8,
    pub lat: f32,
    pub lon: f32,
    pub available: i32,
    pub rate: f32,
}

/// Size of [`Attrs`] on disk.
pub(crate) const ATTRS_BYTES: usize = 24;

impl Attrs {
    pub fn new() -> Self {
        Self {
            status: 0,
            remote: 0,
            auth: 0,
            lat: f32::NAN,
            lon: f32::NAN,
            available: i32::MIN,
            rate: f32::NAN,
            flags: 0,
        }
    }

    /// A person willing to relocate passes a [`crate::Near`] filter that takes them
    /// from anywhere.
    pub fn with_relocate(mut self, willing: bool) -> Self {
        self.flags = if willing {
            self.flags | RELOCATE
        } else {
            self.flags & !RELOCATE
        };
        self
    }

    pub fn relocate(&self) -> bool {
        self.flags & RELOCATE != 0
    }

    /// `status` must be one of [`STATUSES`]; others are ignored.
    pub fn with_status(mut self, status: &str) -> Self {
        self.status = STATUSES
            .iter()
            .position(|s| *s == status)
            .map_or(0, |i| i as u8 + 1);
        self
    }

    pub fn with_remote(mut self, mode: Option<RemoteMode>) -> Self {
        self.remote = match mode {
            None => 0,
            Some(RemoteMode::Onsite) => 1,
            Some(RemoteMode::Hybrid) => 2,
            Some(RemoteMode::Remote) => 3,
        };
        self
    }

    pub fn with_auth(mut self, auths: &[WorkAuthorization]) -> Self {
        self.auth = auth_bits(auths);
        self
    }

    pub fn with_point(mut self, point: Option<GeoPoint>) -> Self {
        (self.lat, self.lon) =
            point.map_or((f32::NAN, f32::NAN), |p| (p.lat() as f32, p.lon() as f32));
        self
    }

    pub fn with_available(mut self, date: Option<NaiveDate>) -> Self {
        self.available = date.map_or(i32::MIN, |d| d.num_days_from_ce());
        self
    }

    /// Hourly rate in major units.
    pub fn with_rate(mut self, hourly: Option<f64>) -> Self {
        self.rate = hourly.map_or(f32::NAN, |r| r as f32);
        self
    }

    pub fn status(&self) -> Option<&'static str> {
        STATUSES
            .get(usize::from(self.status).checked_sub(1)?)
            .copied()
    }

    pub fn remote(&self) -> Option<RemoteMode> {
        match self.remote {
            1 => Some(RemoteMode::Onsite),
            2 => Some(RemoteMode::Hybrid),
            3 => Some(RemoteMode::Remote),
            _ => None,
        }
    }

    pub fn auth(&self) -> Vec<WorkAuthorization> {
        WorkAuthorization::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| self.auth & (1 << i) != 0)
            .map(|(_, a)| *a)
            .collect()
    }

    pub(crate) fn auth_mask(&self) -> u16 {
        self.auth
    }

    /// The stored values as they are, for filters that test a million records.
    pub(crate) fn raw(&self) -> RawAttrs {
        RawAttrs {
            status: self.status,
            remote: self.remote,
            lat: self.lat,
            lon: self.lon,
            available: self.available,
            rate: self.rate,
        }
    }

    pub fn point(&self) -> Option<GeoPoint> {
        if self.lat.is_nan() {
            return None;
        }
        GeoPoint::new(f64::from(self.lat), f64::from(self.lon)).ok()
    }

    pub fn available(&self) -> Option<NaiveDate> {
        (self.available != i32::MIN)
            .then(|| NaiveDate::from_num_days_from_ce_opt(self.available))
            .flatten()
    }

    pub fn rate(&self) -> Option<f64> {
        (!self.rate.is_nan()).then_some(f64::from(self.rate))
    }

    pub(crate) fn to_bytes(self) -> [u8; ATTRS_BYTES] {
        let mut b = [0u8; ATTRS_BYTES];
        b[0] = self.status;
        b[1] = self.remote;
        b[2..4].copy_from_slice(&self.auth.to_le_bytes());
        b[4..8].copy_from_slice(&self.lat.to_le_bytes());
        b[8..12].copy_from_slice(&self.lon.to_le_bytes());
        b[12..16].copy_from_slice(&self.available.to_le_bytes());
        b[16..20].copy_from_slice(&self.rate.to_le_bytes());
        b[20] = self.flags;
        b
    }

    pub(crate) fn from_bytes(b: &[u8]) -> Self {
        let f = |i: usize| f32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Self {
            status: b[0],
            remote: b[1],
            auth: u16::from_le_bytes([b[2], b[3]]),
            lat: f(4),
            lon: f(8),
            available: i32::from_le_bytes([b[12], b[13], b[14], b[15]]),
            rate: f(16),
            flags: b[20],
        }
    }
}

pub(crate) fn auth_bits(auths: &[WorkAuthorization]) -> u16 {
    auths.iter().fold(0u16, |acc, a| {
        let i = WorkAuthorization::ALL
            .iter()
            .position(|x| x == a)
            .unwrap_or(0);
        acc | (1 << i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attrs_survive_their_bytes() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        let a = Attrs::new()
            .with_status("on_hold")
            .with_remote(Some(RemoteMode::Hybrid))
            .with_auth(&[WorkAuthorization::H1b, WorkAuthorization::UsCitizen])
            .with_point(Some(GeoPoint::new(30.27, -97.74).unwrap()))
            .with_available(Some(d))
            .with_rate(Some(72.5));
        let b = Attrs::from_bytes(&a.to_bytes());
        assert_eq!(b.status(), Some("on_hold"));
        assert_eq!(b.remote(), Some(RemoteMode::Hybrid));
        assert_eq!(
            b.auth(),
            [WorkAuthorization::UsCitizen, WorkAuthorization::H1b]
        );
        assert!((b.point().unwrap().lat() - 30.27).abs() < 1e-4);
        assert_eq!(b.available(), Some(d));
        assert_eq!(b.rate(), Some(72.5));
        let empty = Attrs::from_bytes(&Attrs::new().to_bytes());
        assert_eq!(
            (
                empty.status(),
                empty.remote(),
                empty.point(),
                empty.available(),
                empty.rate()
            ),
            (None, None, None, None, None)
        );
        assert!(empty.auth().is_empty());
    }
}
