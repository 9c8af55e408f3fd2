//! Filters resolved against the world (places geocoded, statuses checked) and tested on
//! each record's [`Attrs`], with the reason each record passed.

use chrono::NaiveDate;
use hireloop_domain::values::{GeoPoint, RemoteMode, WorkAuthorization};

use chrono::Datelike;

use crate::doc::{Attrs, STATUSES, auth_bits};
use crate::query::KM_PER_MILE;

/// Within `radius_km` of a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Near {
    pub point: GeoPoint,
    pub radius_km: f64,
    /// The place as resolved ("Austin, TX, US").
    pub label: String,
    /// People willing to relocate pass from anywhere.
    pub or_relocating: bool,
}

/// Everything a hit must satisfy besides the text query. Empty lists mean "any".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filters {
    pub near: Option<Near>,
    pub remote: Vec<RemoteMode>,
    /// Free (or starting) on or before this date; records without a date pass.
    pub available_by: Option<NaiveDate>,
    /// Hourly rate bounds in major units; records without a rate fail a rate filter.
    pub rate_min: Option<f64>,
    pub rate_max: Option<f64>,
    /// A candidate's authorisation is one of these; a requirement accepts one of these
    /// (or accepts any).
    pub auth: Vec<WorkAuthorization>,
    pub status: Vec<&'static str>,
    /// Only the record with this exact key (`id:`).
    pub exact: Option<String>,
}

impl Filters {
    /// True when no attribute filter is set (`exact` is applied by the keyword index).
    pub fn is_empty(&self) -> bool {
        self.near.is_none()
            && self.remote.is_empty()
            && self.available_by.is_none()
            && self.rate_min.is_none()
            && self.rate_max.is_none()
            && self.auth.is_empty()
            && self.status.is_empty()
    }

    pub fn passes(&self, a: &Attrs) -> bool {
        self.check(a, None)
    }

    /// The filters ready to test many records: see [`Prepared`].
    pub(crate) fn prepare(&self) -> Prepared<'_> {
        let near = self.near.as_ref().map(|n| {
            // The band of latitudes and longitudes the circle fits in. Exact on a sphere
            // (the widest longitude of a circle of angular radius d around latitude p is
            // asin(sin d / cos p)), widened a little for the f32 storage of points.
            const SLACK: f64 = 0.01;
            let d = n.radius_km / hireloop_domain::values::EARTH_RADIUS_KM;
            let (lat, lon) = (n.point.lat(), n.point.lon());
            let d_lat = d.to_degrees() + SLACK;
            let cos_p = lat.to_radians().cos();
            let d_lon = if d.sin() < cos_p && d < std::f64::consts::FRAC_PI_2 {
                (d.sin() / cos_p).asin().to_degrees() + SLACK
            } else {
                f64::INFINITY
            };
            let lon_bounded = d_lon.is_finite() && lon - d_lon >= -180.0 && lon + d_lon <= 180.0;
            Bbox {
                lat: (lat - d_lat, lat + d_lat),
                lon: lon_bounded.then_some((lon - d_lon, lon + d_lon)),
            }
        });
        let mask = |modes: &[RemoteMode]| {
            modes.iter().fold(0u8, |m, r| {
                m | 1
                    << match r {
                        RemoteMode::Onsite => 1,
                        RemoteMode::Hybrid => 2,
                        RemoteMode::Remote => 3,
                    }
            })
        };
        Prepared {
            filters: self,
            near,
            remote: mask(&self.remote),
            available_by: self.available_by.map(|d| d.num_days_from_ce()),
            auth: auth_bits(&self.auth),
            status: (!self.status.is_empty()).then(|| {
                self.status.iter().fold(0u16, |m, s| {
                    STATUSES
                        .iter()
                        .position(|x| x == s)
                        .map_or(m, |i| m | 1 << (i + 1))
                })
            }),
        }
    }

    /// Why `a` passes each filter, in plain words; `None` when it fails one.
    pub fn explain(&self, a: &Attrs) -> Option<Vec<String>> {
        let mut why = Vec::new();
        self.check(a, Some(&mut why)).then_some(why)
    }

    fn check(&self, a: &Attrs, mut why: Option<&mut Vec<String>>) -> bool {
        // Reasons are formatted only when asked for: `passes` runs once per record of
        // the collection, and formatting there was half a filtered query's time.
        let mut say = |s: &dyn Fn() -> String| {
            if let Some(w) = why.as_deref_mut() {
                w.push(s());
            }
        };
        if let Some(near) = &self.near {
            match a.point().map(|p| p.haversine_km(&near.point)) {
                Some(km) if km <= near.radius_km => say(&|| {
                    format!(
                        "{:.0} mi ({:.0} km) from {}, within {:.0} mi",
                        km / KM_PER_MILE,
                        km,
                        near.label,
                        near.radius_km / KM_PER_MILE
                    )
                }),
                _ if near.or_relocating && a.relocate() => {
                    say(&|| format!("willing to relocate to {}", near.label));
                }
                _ => return false,
            }
        }
        if !self.remote.is_empty() {
            match a.remote() {
                Some(m) if self.remote.contains(&m) => say(&|| format!("remote: {}", m.as_str())),
                _ => return false,
            }
        }
        if let Some(by) = self.available_by {
            match a.available() {
                Some(d) if d <= by => say(&|| format!("available {d}, on or before {by}")),
                Some(_) => return false,
                None => say(&|| format!("no availability date on file (filter: by {by})")),
            }
        }
        if self.rate_min.is_some() || self.rate_max.is_some() {
            let Some(r) = a.rate() else {
                return false;
            };
            if self.rate_min.is_some_and(|m| r < m) || self.rate_max.is_some_and(|m| r > m) {
                return false;
            }
            say(&|| {
                let bound = match (self.rate_min, self.rate_max) {
                    (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
                    (Some(lo), None) => format!("at least {lo}"),
                    (None, Some(hi)) => format!("at most {hi}"),
                    (None, None) => unreachable!("checked above"),
                };
                format!("rate {r:.2}/h within {bound}")
            });
        }
        if !self.auth.is_empty() {
            let want = auth_bits(&self.auth);
            let have = a.auth_mask();
            if have == 0 {
                say(&|| "accepts any work authorisation".to_string());
            } else if have & want != 0 {
                say(&|| {
                    let names: Vec<&str> = a
                        .auth()
                        .into_iter()
                        .filter(|x| self.auth.contains(x))
                        .map(|x| x.as_str())
                        .collect();
                    format!("work authorisation: {}", names.join(", "))
                });
            } else {
                return false;
            }
        }
        if !self.status.is_empty() {
            match a.status() {
                Some(s) if self.status.contains(&s) => say(&|| format!("status: {s}")),
                _ => return false,
            }
        }
        true
    }
}

/// Where a `near:` circle can possibly reach, in degrees.
#[derive(Debug)]
struct Bbox {
    lat: (f64, f64),
    /// `None` when the circle reaches a pole or the antimeridian.
    lon: Option<(f64, f64)>,
}

/// [`Filters`] for testing many records: the stored values are compared as they are
/// (no decoding, no formatting), and a bounding box stands in front of the great-circle
/// distance. Passes exactly the records [`Filters::passes`] passes (a test holds it to
/// that).
#[derive(Debug)]
pub(crate) struct Prepared<'a> {
    filters: &'a Filters,
    near: Option<Bbox>,
    /// Bit `n` set: stored remote value `n` passes (0 means none and never passes).
    remote: u8,
    available_by: Option<i32>,
    auth: u16,
    /// Bit `n` set: stored status `n` passes (`None`: no status filter).
    status: Option<u16>,
}

impl Prepared<'_> {
    pub fn passes(&self, a: &Attrs) -> bool {
        let f = self.filters;
        let r = a.raw();
        if self.remote != 0 && self.remote & (1 << r.remote) & !1 == 0 {
            return false;
        }
        if let Some(mask) = self.status
            && (r.status >= 16 || mask & (1 << r.status) & !1 == 0)
        {
            return false;
        }
        if let Some(by) = self.available_by
            && r.available != i32::MIN
            && a.available().is_some()
            && r.available > by
        {
            return false;
        }
        if f.rate_min.is_some() || f.rate_max.is_some() {
            if r.rate.is_nan() {
                return false;
            }
            let rate = f64::from(r.rate);
            if f.rate_min.is_some_and(|m| rate < m) || f.rate_max.is_some_and(|m| rate > m) {
                return false;
            }
        }
        if self.auth != 0 {
            let have = a.auth_mask();
            if have != 0 && have & self.auth == 0 {
                return false;
            }
        }
        if let (Some(b), Some(near)) = (&self.near, &f.near)
            && !(near.or_relocating && a.relocate())
        {
            if r.lat.is_nan() {
                return false;
            }
            let (lat, lon) = (f64::from(r.lat), f64::from(r.lon));
            if lat < b.lat.0 || lat > b.lat.1 {
                return false;
            }
            if let Some((lo, hi)) = b.lon
                && (lon < lo || lon > hi)
            {
                return false;
            }
            match a.point() {
                Some(p) if p.haversine_km(&near.point) <= near.radius_km => {}
                _ => return false,
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn austin() -> GeoPoint {
        GeoPoint::new(30.2672, -97.7431).unwrap()
    }

    #[test]
    fn each_filter_passes_and_fails_and_says_why() {
        let round_rock = GeoPoint::new(30.5083, -97.6789).unwrap();
        let dallas = GeoPoint::new(32.7767, -96.797).unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let f = Filters {
            near: Some(Near {
                point: austin(),
                radius_km: 50.0,
                label: "Austin, TX".into(),
                or_relocating: false,
            }),
            remote: vec![RemoteMode::Hybrid, RemoteMode::Remote],
            available_by: Some(d("2027-01-15")),
            rate_min: Some(50.0),
            rate_max: Some(90.0),
            auth: vec![WorkAuthorization::UsCitizen],
            status: vec!["active"],
            exact: None,
        };
        let good = Attrs::new()
            .with_point(Some(round_rock))
            .with_remote(Some(RemoteMode::Hybrid))
            .with_available(Some(d("2027-01-10")))
            .with_rate(Some(75.0))
            .with_auth(&[WorkAuthorization::UsCitizen])
            .with_status("active");
        let why = f.explain(&good).expect("passes");
        assert_eq!(why.len(), 6, "{why:?}");
        assert!(
            why[0].starts_with("17 mi (28 km) from Austin, TX"),
            "{}",
            why[0]
        );
        assert_eq!(why[3], "rate 75.00/h within 50–90");
        for bad in [
            good.with_point(Some(dallas)),
            good.with_point(None),
            good.with_remote(Some(RemoteMode::Onsite)),
            good.with_available(Some(d("2027-02-01"))),
            good.with_rate(Some(95.0)),
            good.with_rate(None),
            good.with_auth(&[WorkAuthorization::H1b]),
            good.with_status("placed"),
        ] {
            assert!(!f.passes(&bad), "{bad:?}");
        }
        // No date on file passes, and says so; a requirement open to all passes auth.
        let open = good.with_available(None).with_auth(&[]);
        let why = f.explain(&open).unwrap();
        assert!(why.iter().any(|w| w.starts_with("no availability date")));
        assert!(why.iter().any(|w| w == "accepts any work authorisation"));
        assert!(Filters::default().passes(&Attrs::new()));
        // Willing to relocate: from Dallas, or from nowhere known, when the circle
        // takes people who relocate; never otherwise.
        let mover = good.with_point(Some(dallas)).with_relocate(true);
        assert!(!f.passes(&mover));
        let mut takes_movers = f.clone();
        if let Some(n) = takes_movers.near.as_mut() {
            n.or_relocating = true;
        }
        let why = takes_movers.explain(&mover).expect("passes");
        assert_eq!(why[0], "willing to relocate to Austin, TX");
        assert!(takes_movers.passes(&mover.with_point(None)));
        assert!(!takes_movers.passes(&mover.with_relocate(false)));
        assert!(takes_movers.prepare().passes(&mover));
    }

    fn arb_attrs() -> impl Strategy<Value = Attrs> {
        (
            (
                0usize..10,
                0u8..5,
                proptest::collection::vec(0usize..6, 0..3),
            ),
            proptest::option::of((-89.0f64..89.0, -180.0f64..180.0)),
            proptest::option::of(0i64..400),
            (proptest::option::of(0.0f64..200.0), any::<bool>()),
        )
            .prop_map(|((st, rm, au), pt, day, (rate, relocate))| {
                let mut a = Attrs::new()
                    .with_relocate(relocate)
                    .with_remote(match rm {
                        1 => Some(RemoteMode::Onsite),
                        2 => Some(RemoteMode::Hybrid),
                        3 => Some(RemoteMode::Remote),
                        _ => None,
                    })
                    .with_auth(
                        &au.iter()
                            .map(|i| WorkAuthorization::ALL[*i % WorkAuthorization::ALL.len()])
                            .collect::<Vec<_>>(),
                    )
                    .with_point(pt.map(|(la, lo)| GeoPoint::new(la, lo).unwrap()))
                    .with_available(day.map(|d| {
                        NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + chrono::Days::new(d as u64)
                    }))
                    .with_rate(rate);
                if let Some(s) = STATUSES.get(st) {
                    a = a.with_status(s);
                }
                a
            })
    }

    fn arb_filters() -> impl Strategy<Value = Filters> {
        (
            proptest::option::of((
                -89.0f64..89.0,
                -180.0f64..180.0,
                0.5f64..3000.0,
                any::<bool>(),
            )),
            proptest::collection::vec(0usize..3, 0..3),
            proptest::option::of(0i64..400),
            (
                proptest::option::of(0.0f64..150.0),
                proptest::option::of(50.0f64..200.0),
            ),
            proptest::collection::vec(0usize..6, 0..3),
            proptest::collection::vec(0usize..9, 0..3),
        )
            .prop_map(|(near, rm, day, (lo, hi), au, st)| Filters {
                near: near.map(|(la, lo, r, or_relocating)| Near {
                    point: GeoPoint::new(la, lo).unwrap(),
                    radius_km: r,
                    label: "x".into(),
                    or_relocating,
                }),
                remote: rm
                    .iter()
                    .map(|i| [RemoteMode::Onsite, RemoteMode::Hybrid, RemoteMode::Remote][*i])
                    .collect(),
                available_by: day.map(|d| {
                    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + chrono::Days::new(d as u64)
                }),
                rate_min: lo,
                rate_max: hi,
                auth: au
                    .iter()
                    .map(|i| WorkAuthorization::ALL[*i % WorkAuthorization::ALL.len()])
                    .collect(),
                status: st
                    .iter()
                    .map(|i| STATUSES.get(*i).copied().unwrap_or("unknown"))
                    .collect(),
                exact: None,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The fast path passes exactly what the explained path passes.
        #[test]
        fn prepared_filters_agree_with_the_explained_ones(
            f in arb_filters(),
            attrs in proptest::collection::vec(arb_attrs(), 1..40),
        ) {
            let p = f.prepare();
            for a in &attrs {
                prop_assert_eq!(p.passes(a), f.passes(a), "{:?} on {:?}", f, a);
            }
        }
    }

    #[test]
    fn the_near_box_keeps_points_just_inside_the_circle() {
        // Due east and due north of Austin at 49.9 km pass a 50 km circle; 50.1 km fail.
        let f = Filters {
            near: Some(Near {
                point: austin(),
                radius_km: 50.0,
                label: "Austin".into(),
                or_relocating: false,
            }),
            ..Filters::default()
        };
        let p = f.prepare();
        let deg_lat = 50.0 / hireloop_domain::values::EARTH_RADIUS_KM;
        for (k, want) in [(0.998, true), (1.002, false)] {
            let d = deg_lat.to_degrees() * k;
            let north = GeoPoint::new(austin().lat() + d, austin().lon()).unwrap();
            let east = GeoPoint::new(
                austin().lat(),
                austin().lon() + d / austin().lat().to_radians().cos(),
            )
            .unwrap();
            for pt in [north, east] {
                let a = Attrs::new().with_point(Some(pt));
                assert_eq!(f.passes(&a), want, "{pt:?}");
                assert_eq!(p.passes(&a), want, "{pt:?}");
            }
        }
    }
}
