//! Demo companies and contacts: fictional enterprise clients and IT vendors with unique names,
//! `.example.com` domains and industries, and the people at them.

use hireloop_domain::entities::{Company, CompanyKind, CompanyStatus, Contact};
use hireloop_domain::ids::CompanyId;
use hireloop_domain::values::{Email, Location, Phone};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::DemoGenerator;
use super::candidate::{one_of, phone_for, pick};
use super::names::{ORIGINS, slug};
use super::pick::push_padded;
use super::places::Place;

/// First words of client names: fictional, regional-sounding brands.
const CLIENT_PREFIXES: &[&str] = &[
    "Northwind",
    "Bluebonnet",
    "Summit",
    "Lone Star",
    "Cascade",
    "Harbor",
    "Pinnacle",
    "Redwood",
    "Granite",
    "Evergreen",
    "Meridian",
    "Keystone",
    "Liberty",
    "Silverline",
    "Prairie",
    "Crescent",
    "Ironwood",
    "Beacon",
    "Magnolia",
    "Riverbend",
    "Sterling",
    "Trinity",
    "Atlas",
    "Frontier",
    "Heartland",
    "Pacific Crest",
    "Great Lakes",
    "Blue Ridge",
    "Coastal",
    "Peachtree",
    "Sagebrush",
    "Cardinal",
    "Horizon",
    "Lakeshore",
    "Copperline",
    "Oakmont",
    "Westbridge",
    "Stonegate",
    "Palmetto",
    "Tidewater",
];

/// Second words of client names and the industry they imply, weighted by how much IT contract
/// work each industry buys: banking, insurance and healthcare lead, then tech, retail, telecom.
const CLIENT_SUFFIXES: &[((&str, &str), u32)] = &[
    (("Health", "Healthcare"), 10),
    (("Health Partners", "Healthcare"), 4),
    (("Medical Center", "Healthcare"), 3),
    (("Financial", "Financial Services"), 10),
    (("Capital", "Financial Services"), 5),
    (("Bank", "Banking"), 8),
    (("Bancorp", "Banking"), 4),
    (("Insurance", "Insurance"), 8),
    (("Mutual", "Insurance"), 4),
    (("Logistics", "Transportation and Logistics"), 6),
    (("Freight", "Transportation and Logistics"), 2),
    (("Systems", "Technology"), 6),
    (("Software", "Technology"), 5),
    (("Energy", "Energy and Utilities"), 5),
    (("Power & Light", "Energy and Utilities"), 2),
    (("Retail Group", "Retail"), 5),
    (("Foods", "Consumer Goods"), 3),
    (("Pharmaceuticals", "Pharmaceuticals"), 4),
    (("Telecom", "Telecommunications"), 4),
    (("Motors", "Automotive"), 3),
    (("Airlines", "Airlines"), 2),
    (("Media", "Media and Entertainment"), 2),
    (("Manufacturing", "Manufacturing"), 3),
];

/// First words of vendor names: the staffing and implementation-partner naming style.
const VENDOR_PREFIXES: &[&str] = &[
    "Apex",
    "Cygnus",
    "Infosoft",
    "Vertex",
    "Quantum",
    "NexGen",
    "Zentech",
    "BrightPath",
    "CloudBridge",
    "DataVista",
    "Elevate",
    "Fusion",
    "Kairos",
    "Matrix",
    "Nova",
    "Orbit",
    "PrimeSoft",
    "Radiant",
    "Sigma",
    "Unity",
    "Xcel",
    "Trident",
    "Stellar",
    "Covalent",
    "Ascend",
    "Sapphire",
    "Helix",
    "Indigo",
    "Mosaic",
    "Sunrise",
];

const VENDOR_SUFFIXES: &[&str] = &[
    "IT Solutions",
    "Technologies",
    "Consulting",
    "Infotech",
    "Global Services",
    "Tech Partners",
    "Software Solutions",
    "Digital",
    "Systems Group",
];

/// Vendor management systems the large clients run requirements through.
const VMS: &[&str] = &[
    "Beeline",
    "SAP Fieldglass",
    "VNDLY",
    "Coupa",
    "PeopleFluent",
];

/// Who a desk talks to at a client: hiring managers and their leadership, plus the talent
/// acquisition and procurement people who own the vendor relationship.
const CLIENT_TITLES: &[(&str, u32)] = &[
    ("Engineering Manager", 14),
    ("Director of Engineering", 8),
    ("IT Director", 8),
    ("Application Development Manager", 8),
    ("Data Engineering Manager", 6),
    ("IT Program Manager", 5),
    ("VP of Technology", 3),
    ("Chief Information Officer", 1),
    ("Talent Acquisition Manager", 7),
    ("Technical Recruiter", 6),
    ("Procurement Specialist", 4),
    ("Vendor Management Lead", 3),
];

/// Who a desk talks to at a vendor or prime.
const VENDOR_TITLES: &[(&str, u32)] = &[
    ("Account Manager", 10),
    ("Delivery Manager", 6),
    ("Bench Sales Recruiter", 8),
    ("Technical Recruiter", 8),
    ("Vendor Manager", 4),
    ("Client Partner", 3),
    ("Director of Sales", 2),
];

/// What a company-side contact is attached to: its domain, kind, office and industry.
struct CompanyInfo {
    domain: String,
    kind: CompanyKind,
    location: Option<Location>,
}

impl CompanyInfo {
    fn from_company(c: &Company) -> Option<Self> {
        let host = c.website.as_deref()?;
        let host = host
            .strip_prefix("https://")
            .or_else(|| host.strip_prefix("http://"))
            .unwrap_or(host);
        let host = host.split('/').next().unwrap_or(host);
        let host = host.strip_prefix("www.").unwrap_or(host);
        Some(Self {
            domain: host.to_ascii_lowercase(),
            kind: c.kind,
            location: c.location.clone(),
        })
    }

    /// A neutral domain for a company this generator did not make: `co-1a2b3c4d.example.com`.
    fn from_id(id: CompanyId) -> Self {
        let hex = id.as_uuid().simple().to_string();
        let tail = hex.get(hex.len().saturating_sub(8)..).unwrap_or("company");
        Self {
            domain: format!("co-{tail}.example.com"),
            kind: CompanyKind::Client,
            location: None,
        }
    }
}

impl DemoGenerator {
    /// One company; see [`DemoGenerator::companies`].
    pub fn company(&mut self) -> Company {
        let n = self.next_company;
        self.next_company += 1;
        let t = self.tables;
        let rng = &mut self.rng;
        let is_client = rng.random_bool(0.8);
        let mut drawn = company_name(rng, is_client);
        for _ in 0..20 {
            if !self.company_names.contains(&drawn.0) {
                break;
            }
            drawn = company_name(rng, is_client);
        }
        let (mut name, mut domain, industry, kind) = drawn;
        if self.company_names.contains(&name) {
            // Every draw came back taken: number the name.
            let k = self.company_names.len() + 1;
            name = format!("{name} {k}");
            let stem = domain.trim_end_matches(".example.com");
            domain = format!("{stem}{k}.example.com");
        }
        self.company_names.insert(name.clone());
        let place = if !is_client && rng.random_bool(0.15) {
            t.world_place(rng)
        } else {
            t.us_place(rng)
        };
        let status = if is_client {
            pick(
                rng,
                &[
                    (CompanyStatus::Active, 70),
                    (CompanyStatus::Prospect, 25),
                    (CompanyStatus::Inactive, 5),
                ],
                CompanyStatus::Active,
            )
        } else {
            pick(
                rng,
                &[(CompanyStatus::Active, 85), (CompanyStatus::Inactive, 15)],
                CompanyStatus::Active,
            )
        };
        let terms = one_of(rng, &["30", "45", "60"]);
        let notes = if is_client {
            rng.random_bool(0.6).then(|| {
                format!(
                    "Requirements come through the {} VMS; net {terms} payment terms.",
                    one_of(rng, VMS)
                )
            })
        } else {
            rng.random_bool(0.5).then(|| {
                format!("Implementation partner and prime vendor; pays net {terms} on approved timesheets.")
            })
        };
        let mut external_id = String::from("DEMO-CO-");
        push_padded(&mut external_id, n + 1, 6);
        let company = Company {
            name,
            kind,
            status,
            website: Some(format!("https://{domain}")),
            industry: Some(industry.to_string()),
            location: place.map(|p| p.location.clone()),
            notes,
            source: Some("demo".to_string()),
            external_id: Some(external_id),
            tags: Vec::new(),
        };
        self.made_companies.push(company.clone());
        company
    }

    /// One contact; see [`DemoGenerator::contacts`].
    pub fn contact(&mut self, company_ids: &[CompanyId]) -> Contact {
        let n = self.next_contact;
        self.next_contact += 1;
        let (company_id, info) = if company_ids.is_empty() {
            (None, None)
        } else {
            let i = self.rng.random_range(0..company_ids.len());
            let id = company_ids[i];
            let info = self
                .made_companies
                .get(i)
                .and_then(CompanyInfo::from_company)
                .unwrap_or_else(|| CompanyInfo::from_id(id));
            (Some(id), Some(info))
        };
        let t = self.tables;
        let rng = &mut self.rng;
        let origin = t.origins.pick_or(rng, 1);
        let o = &ORIGINS[origin.min(ORIGINS.len() - 1)];
        let first = one_of(rng, o.first);
        let last = one_of(rng, o.last);
        let kind = info.as_ref().map_or(CompanyKind::Client, |i| i.kind);
        let title = match kind {
            CompanyKind::Client => pick(rng, CLIENT_TITLES, "Engineering Manager"),
            _ => pick(rng, VENDOR_TITLES, "Account Manager"),
        };
        // The office: the company's, when it is one of the table's cities; else a US metro.
        let place: Option<&Place> = info
            .as_ref()
            .and_then(|i| i.location.as_ref())
            .and_then(|l| {
                t.us_places
                    .iter()
                    .chain(&t.world_places)
                    .find(|p| p.location == *l)
            })
            .or_else(|| t.us_place(rng));
        let email = info.as_ref().and_then(|i| {
            let base = format!("{}.{}", slug(first), slug(last));
            let mut local = base.clone();
            let mut k = 1;
            loop {
                let candidate = format!("{local}@{}", i.domain);
                if self.contact_emails.insert(candidate.clone()) {
                    break Email::parse(&candidate).ok();
                }
                k += 1;
                local = format!("{base}{k}");
            }
        });
        let phone = place.and_then(|p| {
            let main = phone_for(rng, p, n, self.contact_phone_offset)?;
            if rng.random_bool(0.25) {
                let ext = rng.random_range(100..10_000);
                Phone::parse(&format!("{main};ext={ext}"), Some(&p.country)).ok()
            } else {
                Some(main)
            }
        });
        let notes = match rng.random_range(0..6) {
            0 => Some("Prefers e-mail; reviews submittals twice a week.".to_string()),
            1 => Some("Wants a call before any submittal.".to_string()),
            2 => Some(format!(
                "Decision maker for {} hiring.",
                if kind == CompanyKind::Client {
                    "contract"
                } else {
                    "bench"
                }
            )),
            _ => None,
        };
        let mut external_id = String::from("DEMO-CT-");
        push_padded(&mut external_id, n + 1, 6);
        Contact {
            company_id,
            first_name: first.to_string(),
            last_name: last.to_string(),
            title: Some(title.to_string()),
            email,
            phone,
            location: place.map(|p| p.location.clone()),
            notes,
            external_id: Some(external_id),
            tags: Vec::new(),
        }
    }
}

/// A company name, its domain, its industry and its kind.
fn company_name(
    rng: &mut ChaCha8Rng,
    is_client: bool,
) -> (String, String, &'static str, CompanyKind) {
    if is_client {
        let prefix = one_of(rng, CLIENT_PREFIXES);
        let (suffix, industry) = pick(rng, CLIENT_SUFFIXES, ("Systems", "Technology"));
        (
            format!("{prefix} {suffix}"),
            format!("{}-{}.example.com", slug(prefix), slug(suffix)),
            industry,
            CompanyKind::Client,
        )
    } else {
        let prefix = one_of(rng, VENDOR_PREFIXES);
        let suffix = one_of(rng, VENDOR_SUFFIXES);
        let kind = if rng.random_bool(0.5) {
            CompanyKind::Partner
        } else {
            CompanyKind::Vendor
        };
        (
            format!("{prefix} {suffix}"),
            format!("{}-{}.example.com", slug(prefix), slug(suffix)),
            "IT Services and Consulting",
            kind,
        )
    }
}
