//! Role families for demo data: IT titles with their seniority ladders, market rates, core and
//! adjacent skills, and the supply (candidates) and demand (requirements) weights.

/// The title prefixes a family uses at each of the five seniority levels
/// (0 junior, 1 mid, 2 senior, 3 lead, 4 principal).
pub(crate) type Ladder = [&'static str; 5];

const ENG: Ladder = ["Junior ", "", "Senior ", "Lead ", "Principal "];
const ARCH: Ladder = ["", "", "Senior ", "Senior ", "Principal "];
const MGMT: Ladder = ["Junior ", "", "Senior ", "Senior ", "Lead "];
const ANALYST: Ladder = ["Junior ", "", "Senior ", "Lead ", "Lead "];
const CONSULT: Ladder = ["Associate ", "", "Senior ", "Lead ", "Principal "];

/// Pay multiplier at each seniority level, against a family's mid-level rate.
pub(crate) const LEVEL_PAY: [f64; 5] = [0.72, 0.9, 1.08, 1.22, 1.38];

/// Typical minimum years a requirement asks for at each level.
pub(crate) const LEVEL_MIN_YEARS: [u16; 5] = [1, 3, 6, 10, 14];

/// Seniority mix of open requirements: bench-sales reqs skew senior ("Sr. Java Developer with
/// 8+ years" is the archetype); junior reqs are rare in contract staffing.
pub(crate) const REQ_LEVEL_WEIGHTS: [u32; 5] = [6, 28, 44, 16, 6];

/// An IT role family.
#[derive(Debug)]
pub(crate) struct Family {
    pub(crate) title: &'static str,
    pub(crate) ladder: &'static Ladder,
    /// Years below which nobody holds the title (architects).
    pub(crate) min_years: f64,
    /// Mid-level US W-2 hourly rate in dollars.
    pub(crate) base_rate: f64,
    /// Share of candidates (supply) and of requirements (demand).
    pub(crate) supply: u32,
    pub(crate) demand: u32,
    pub(crate) core: &'static [&'static str],
    pub(crate) adjacent: &'static [&'static str],
    /// What the person does, for requirement descriptions ("build ... ").
    pub(crate) duty: &'static str,
}

impl Family {
    /// Whether the family is a hands-on engineering one (the `ENG` ladder).
    pub(crate) fn is_engineering(&self) -> bool {
        self.ladder[0] == ENG[0] && self.ladder[4] == ENG[4]
    }
}

macro_rules! family {
    ($title:expr, $ladder:expr, $min:expr, $rate:expr, $supply:expr, $demand:expr,
     [$($core:expr),* $(,)?], [$($adj:expr),* $(,)?], $duty:expr) => {
        Family {
            title: $title,
            ladder: &$ladder,
            min_years: $min,
            base_rate: $rate,
            supply: $supply,
            demand: $demand,
            core: &[$($core),*],
            adjacent: &[$($adj),*],
            duty: $duty,
        }
    };
}

/// The families. Weights follow what US IT staffing desks actually move: Java and .NET
/// developers, data engineering, cloud/DevOps and QA automation make up the bulk of hotlists
/// and reqs; BA/PM/Scrum roles come next; packaged-platform specialists (Salesforce,
/// ServiceNow, SAP, Workday, Guidewire, Pega) are fewer but well paid; Rust and Go are niche.
/// Supply differs from demand where the bench is long (QA, .NET) or short (security, cloud).
pub(crate) const FAMILIES: &[Family] = &[
    family!(
        "Java Developer",
        ENG,
        0.0,
        58.0,
        130,
        120,
        [
            "Java",
            "Spring Boot",
            "Microservices",
            "REST APIs",
            "Hibernate",
            "SQL",
            "Maven",
            "JUnit"
        ],
        [
            "Kafka",
            "AWS",
            "Docker",
            "Kubernetes",
            "Angular",
            "React",
            "Jenkins",
            "Oracle",
            "PostgreSQL",
            "Spring Cloud"
        ],
        "design, build and support Spring Boot microservices"
    ),
    family!(
        ".NET Developer",
        ENG,
        0.0,
        56.0,
        95,
        80,
        [
            "C#",
            ".NET",
            "ASP.NET Core",
            "Entity Framework",
            "SQL Server",
            "Web API",
            "LINQ"
        ],
        [
            "Azure",
            "Angular",
            "React",
            "JavaScript",
            "TypeScript",
            "Azure DevOps",
            "Microservices",
            "Docker"
        ],
        "build and modernise .NET services and web applications"
    ),
    family!(
        "Full Stack Engineer",
        ENG,
        0.0,
        60.0,
        70,
        75,
        [
            "JavaScript",
            "TypeScript",
            "React",
            "Node.js",
            "REST APIs",
            "HTML",
            "CSS"
        ],
        [
            "Java",
            "Spring Boot",
            "AWS",
            "MongoDB",
            "PostgreSQL",
            "GraphQL",
            "Docker",
            "Python"
        ],
        "deliver features end to end, from React front ends to Node.js services"
    ),
    family!(
        "React Developer",
        ENG,
        0.0,
        55.0,
        45,
        45,
        [
            "React",
            "JavaScript",
            "TypeScript",
            "Redux",
            "HTML",
            "CSS",
            "Jest"
        ],
        [
            "Next.js",
            "Node.js",
            "GraphQL",
            "Webpack",
            "Tailwind CSS",
            "Figma",
            "Storybook"
        ],
        "build responsive, accessible React user interfaces"
    ),
    family!(
        "Angular Developer",
        ENG,
        0.0,
        52.0,
        35,
        30,
        ["Angular", "TypeScript", "JavaScript", "RxJS", "HTML", "CSS"],
        ["NgRx", "Node.js", "Java", "Jasmine", "Karma", "Bootstrap"],
        "build Angular single-page applications against REST back ends"
    ),
    family!(
        "Python Developer",
        ENG,
        0.0,
        58.0,
        60,
        55,
        [
            "Python",
            "Django",
            "Flask",
            "REST APIs",
            "SQL",
            "PostgreSQL",
            "Pytest"
        ],
        [
            "AWS",
            "Docker",
            "FastAPI",
            "Pandas",
            "Celery",
            "Redis",
            "Kubernetes"
        ],
        "develop Python services, APIs and automation"
    ),
    family!(
        "Data Engineer",
        ENG,
        0.0,
        65.0,
        90,
        100,
        [
            "Python",
            "SQL",
            "PySpark",
            "Apache Spark",
            "Airflow",
            "AWS",
            "Data Modeling",
            "ETL"
        ],
        [
            "Snowflake",
            "Databricks",
            "Kafka",
            "Scala",
            "Hadoop",
            "Hive",
            "Redshift",
            "dbt",
            "Azure Data Factory"
        ],
        "build batch and streaming data pipelines"
    ),
    family!(
        "Data Scientist",
        ENG,
        0.0,
        68.0,
        35,
        30,
        [
            "Python",
            "Machine Learning",
            "Pandas",
            "scikit-learn",
            "SQL",
            "Statistics",
            "NumPy"
        ],
        [
            "TensorFlow",
            "PyTorch",
            "NLP",
            "R",
            "Tableau",
            "AWS SageMaker",
            "Deep Learning",
            "Jupyter"
        ],
        "build and validate predictive models with the business"
    ),
    family!(
        "Machine Learning Engineer",
        ENG,
        0.0,
        75.0,
        20,
        30,
        [
            "Python",
            "Machine Learning",
            "PyTorch",
            "TensorFlow",
            "MLOps",
            "Docker",
            "Kubernetes"
        ],
        [
            "AWS SageMaker",
            "Apache Spark",
            "LLM",
            "NLP",
            "Airflow",
            "FastAPI"
        ],
        "take machine learning models from notebook to production"
    ),
    family!(
        "DevOps Engineer",
        ENG,
        0.0,
        65.0,
        70,
        85,
        [
            "AWS",
            "Terraform",
            "Kubernetes",
            "Docker",
            "Jenkins",
            "CI/CD",
            "Linux",
            "Ansible"
        ],
        [
            "Python",
            "Bash",
            "Helm",
            "GitHub Actions",
            "Prometheus",
            "Grafana",
            "Azure DevOps",
            "GitLab CI"
        ],
        "automate infrastructure and CI/CD pipelines"
    ),
    family!(
        "Site Reliability Engineer",
        ENG,
        0.0,
        70.0,
        25,
        35,
        [
            "Kubernetes",
            "Linux",
            "Prometheus",
            "Grafana",
            "Terraform",
            "Python",
            "AWS"
        ],
        [
            "Go",
            "Datadog",
            "Splunk",
            "Incident Management",
            "Bash",
            "Helm"
        ],
        "keep production reliable, observable and on budget"
    ),
    family!(
        "AWS Cloud Architect",
        ARCH,
        8.0,
        80.0,
        20,
        30,
        [
            "AWS",
            "Terraform",
            "CloudFormation",
            "EC2",
            "Lambda",
            "VPC",
            "IAM",
            "Solution Architecture"
        ],
        [
            "Kubernetes",
            "Python",
            "Microservices",
            "Cloud Security",
            "Cost Optimization",
            "EKS"
        ],
        "design secure, well-architected AWS landing zones and migrations"
    ),
    family!(
        "Azure Cloud Architect",
        ARCH,
        8.0,
        78.0,
        18,
        25,
        [
            "Azure",
            "ARM Templates",
            "Terraform",
            "Azure AD",
            "Azure Kubernetes Service",
            "Solution Architecture"
        ],
        [
            "Azure DevOps",
            "PowerShell",
            ".NET",
            "Bicep",
            "Cloud Security"
        ],
        "lead the Azure cloud architecture and migration roadmap"
    ),
    family!(
        "GCP Cloud Engineer",
        ENG,
        0.0,
        68.0,
        12,
        15,
        [
            "GCP",
            "BigQuery",
            "Terraform",
            "Kubernetes",
            "Cloud Functions",
            "Python"
        ],
        ["GKE", "Dataflow", "Pub/Sub", "Docker", "Go"],
        "build and operate workloads on Google Cloud"
    ),
    family!(
        "QA Automation Engineer",
        ENG,
        0.0,
        48.0,
        85,
        60,
        [
            "Selenium",
            "Java",
            "TestNG",
            "Cucumber",
            "API Testing",
            "Postman",
            "Jenkins"
        ],
        [
            "Python",
            "Cypress",
            "Playwright",
            "Rest Assured",
            "JMeter",
            "Appium",
            "Jira",
            "SQL"
        ],
        "build and maintain automated UI and API test suites"
    ),
    family!(
        "QA Analyst",
        ANALYST,
        0.0,
        38.0,
        45,
        25,
        [
            "Manual Testing",
            "Test Cases",
            "Jira",
            "SQL",
            "Regression Testing",
            "UAT"
        ],
        ["Selenium", "Agile", "Postman", "HP ALM", "API Testing"],
        "plan and execute functional, regression and UAT testing"
    ),
    family!(
        "Business Analyst",
        ANALYST,
        0.0,
        52.0,
        70,
        60,
        [
            "Requirements Gathering",
            "User Stories",
            "SQL",
            "Jira",
            "Agile",
            "Visio",
            "UAT"
        ],
        [
            "Confluence",
            "Tableau",
            "Power BI",
            "Excel",
            "BPMN",
            "Scrum"
        ],
        "turn business needs into clear requirements and user stories"
    ),
    family!(
        "Scrum Master",
        MGMT,
        0.0,
        55.0,
        35,
        25,
        ["Scrum", "Agile", "Jira", "Confluence", "Kanban", "SAFe"],
        [
            "Azure DevOps",
            "Agile Coaching",
            "Risk Management",
            "Release Planning"
        ],
        "coach two or three delivery teams through Scrum ceremonies"
    ),
    family!(
        "Project Manager",
        MGMT,
        2.0,
        60.0,
        45,
        35,
        [
            "Project Management",
            "PMP",
            "Agile",
            "MS Project",
            "Risk Management",
            "Stakeholder Management",
            "Jira"
        ],
        ["Waterfall", "Budgeting", "Scrum", "Confluence", "SDLC"],
        "run delivery of technology projects on scope, schedule and budget"
    ),
    family!(
        "Product Owner",
        MGMT,
        2.0,
        60.0,
        15,
        15,
        [
            "Product Ownership",
            "Agile",
            "User Stories",
            "Jira",
            "Backlog Management",
            "Scrum"
        ],
        [
            "SAFe",
            "Confluence",
            "Roadmapping",
            "SQL",
            "Stakeholder Management"
        ],
        "own the product backlog and work with stakeholders on priorities"
    ),
    family!(
        "Salesforce Developer",
        ENG,
        0.0,
        62.0,
        40,
        45,
        [
            "Salesforce",
            "Apex",
            "Lightning Web Components",
            "Visualforce",
            "SOQL",
            "Salesforce Sales Cloud"
        ],
        [
            "Salesforce Service Cloud",
            "JavaScript",
            "REST APIs",
            "MuleSoft",
            "Salesforce CPQ"
        ],
        "customise and extend the Salesforce platform"
    ),
    family!(
        "ServiceNow Developer",
        ENG,
        0.0,
        62.0,
        25,
        30,
        [
            "ServiceNow",
            "JavaScript",
            "ITSM",
            "Glide API",
            "Service Portal",
            "Flow Designer"
        ],
        ["ITOM", "CMDB", "REST APIs", "HRSD", "ATF"],
        "configure and develop ServiceNow ITSM modules and integrations"
    ),
    family!(
        "SAP FICO Consultant",
        CONSULT,
        2.0,
        70.0,
        20,
        20,
        [
            "SAP FICO",
            "SAP S/4HANA",
            "General Ledger",
            "Accounts Payable",
            "Accounts Receivable",
            "Asset Accounting"
        ],
        ["SAP MM", "SAP SD", "ABAP", "SAP Fiori"],
        "configure SAP finance and controlling for an S/4HANA rollout"
    ),
    family!(
        "SAP ABAP Developer",
        ENG,
        0.0,
        65.0,
        15,
        15,
        ["ABAP", "SAP S/4HANA", "BAPI", "RFC", "Smart Forms", "OData"],
        ["SAP Fiori", "SAP HANA", "SAP PI/PO", "CDS Views"],
        "develop ABAP reports, interfaces, conversions and enhancements"
    ),
    family!(
        "Network Engineer",
        ENG,
        0.0,
        52.0,
        35,
        30,
        [
            "Cisco",
            "Routing",
            "Switching",
            "BGP",
            "OSPF",
            "Firewalls",
            "TCP/IP"
        ],
        [
            "Palo Alto",
            "F5",
            "SD-WAN",
            "CCNP",
            "Juniper",
            "Wireshark",
            "AWS"
        ],
        "design, run and troubleshoot the enterprise network"
    ),
    family!(
        "Security Analyst",
        ANALYST,
        0.0,
        58.0,
        25,
        35,
        [
            "SIEM",
            "Splunk",
            "Incident Response",
            "Vulnerability Management",
            "Network Security",
            "NIST"
        ],
        [
            "CrowdStrike",
            "Python",
            "CISSP",
            "Microsoft Sentinel",
            "Threat Hunting",
            "IAM"
        ],
        "monitor, investigate and respond to security events"
    ),
    family!(
        "iOS Developer",
        ENG,
        0.0,
        62.0,
        18,
        18,
        ["Swift", "iOS", "Xcode", "UIKit", "SwiftUI", "REST APIs"],
        ["Objective-C", "Combine", "Core Data", "CI/CD", "Firebase"],
        "build and ship features in a consumer iOS app"
    ),
    family!(
        "Android Developer",
        ENG,
        0.0,
        60.0,
        18,
        18,
        [
            "Kotlin",
            "Android",
            "Android SDK",
            "Jetpack Compose",
            "REST APIs",
            "Java"
        ],
        ["Coroutines", "Dagger", "MVVM", "Firebase", "Gradle"],
        "build and ship features in a consumer Android app"
    ),
    family!(
        "Go Developer",
        ENG,
        0.0,
        68.0,
        12,
        15,
        [
            "Go",
            "Microservices",
            "gRPC",
            "Docker",
            "Kubernetes",
            "PostgreSQL"
        ],
        ["AWS", "Kafka", "Redis", "Terraform", "Prometheus"],
        "build high-throughput Go services"
    ),
    family!(
        "Rust Engineer",
        ENG,
        0.0,
        75.0,
        5,
        6,
        ["Rust", "Tokio", "Linux", "Systems Programming", "gRPC"],
        [
            "C++",
            "Go",
            "WebAssembly",
            "Kubernetes",
            "PostgreSQL",
            "Kafka"
        ],
        "write safe, fast systems software in Rust"
    ),
    family!(
        "Mainframe Developer",
        ENG,
        0.0,
        55.0,
        20,
        20,
        ["COBOL", "JCL", "DB2", "CICS", "VSAM", "z/OS"],
        ["IMS", "REXX", "Endevor", "Easytrieve", "File-AID"],
        "maintain and enhance COBOL batch and CICS online programs"
    ),
    family!(
        "Power BI Developer",
        ENG,
        0.0,
        52.0,
        30,
        30,
        [
            "Power BI",
            "DAX",
            "SQL",
            "Power Query",
            "Data Modeling",
            "SSIS"
        ],
        ["Tableau", "Azure Synapse", "Excel", "SSRS", "Snowflake"],
        "build Power BI dashboards and semantic models"
    ),
    family!(
        "Tableau Developer",
        ENG,
        0.0,
        52.0,
        20,
        18,
        [
            "Tableau",
            "SQL",
            "Data Visualization",
            "Tableau Prep",
            "Data Modeling"
        ],
        ["Power BI", "Snowflake", "Python", "Alteryx", "Redshift"],
        "build Tableau dashboards for business reporting"
    ),
    family!(
        "Oracle DBA",
        ENG,
        0.0,
        58.0,
        20,
        18,
        [
            "Oracle",
            "RMAN",
            "Data Guard",
            "RAC",
            "PL/SQL",
            "Performance Tuning",
            "Linux"
        ],
        [
            "Oracle Enterprise Manager",
            "GoldenGate",
            "AWS RDS",
            "Shell Scripting",
            "Exadata"
        ],
        "administer, tune and protect production Oracle databases"
    ),
    family!(
        "SQL Server DBA",
        ENG,
        0.0,
        55.0,
        18,
        15,
        [
            "SQL Server",
            "T-SQL",
            "Always On",
            "SSIS",
            "Performance Tuning",
            "PowerShell"
        ],
        ["Azure SQL", "SSRS", "Replication", "Windows Server"],
        "administer and tune SQL Server estates"
    ),
    family!(
        "PostgreSQL DBA",
        ENG,
        0.0,
        58.0,
        8,
        10,
        [
            "PostgreSQL",
            "SQL",
            "Replication",
            "Performance Tuning",
            "Linux",
            "Backup and Recovery"
        ],
        [
            "AWS RDS",
            "Aurora",
            "MySQL",
            "Python",
            "PgBouncer",
            "Ansible"
        ],
        "run and scale PostgreSQL clusters"
    ),
    family!(
        "Workday HCM Consultant",
        CONSULT,
        2.0,
        70.0,
        12,
        15,
        [
            "Workday HCM",
            "Workday Integrations",
            "EIB",
            "Workday Studio",
            "Business Process Configuration"
        ],
        [
            "Workday Payroll",
            "Workday Reporting",
            "Core Connectors",
            "XSLT"
        ],
        "configure Workday HCM and build its integrations"
    ),
    family!(
        "ETL Developer",
        ENG,
        0.0,
        52.0,
        35,
        25,
        [
            "Informatica PowerCenter",
            "ETL",
            "SQL",
            "Oracle",
            "Unix",
            "Data Warehousing"
        ],
        [
            "Informatica IICS",
            "Teradata",
            "Snowflake",
            "Autosys",
            "Control-M",
            "Python"
        ],
        "build and support Informatica ETL into the enterprise data warehouse"
    ),
    family!(
        "Snowflake Developer",
        ENG,
        0.0,
        62.0,
        20,
        30,
        [
            "Snowflake",
            "SQL",
            "dbt",
            "Data Modeling",
            "Snowpipe",
            "Python"
        ],
        [
            "AWS",
            "Airflow",
            "Matillion",
            "Fivetran",
            "Azure Data Factory",
            "Tableau"
        ],
        "model data and build ELT pipelines in Snowflake"
    ),
    family!(
        "Big Data Engineer",
        ENG,
        0.0,
        62.0,
        25,
        18,
        ["Hadoop", "Apache Spark", "Hive", "Scala", "Kafka", "HDFS"],
        ["Sqoop", "Impala", "HBase", "Python", "AWS EMR"],
        "build large-scale data processing on Hadoop and Spark"
    ),
    family!(
        "Linux Administrator",
        ENG,
        0.0,
        45.0,
        20,
        15,
        [
            "Linux",
            "Red Hat",
            "Bash",
            "VMware",
            "Ansible",
            "Networking"
        ],
        [
            "AWS",
            "Puppet",
            "Nagios",
            "Shell Scripting",
            "Active Directory"
        ],
        "administer and patch Red Hat Linux servers"
    ),
    family!(
        "Desktop Support Technician",
        ANALYST,
        0.0,
        28.0,
        20,
        15,
        [
            "Windows",
            "Active Directory",
            "Office 365",
            "ServiceNow",
            "Troubleshooting",
            "Hardware Support"
        ],
        ["SCCM", "Intune", "ITIL", "VPN", "Networking"],
        "support end users, laptops and collaboration tools"
    ),
    family!(
        "C++ Developer",
        ENG,
        0.0,
        62.0,
        15,
        15,
        [
            "C++",
            "C",
            "Linux",
            "Multithreading",
            "STL",
            "Embedded Systems"
        ],
        ["Python", "RTOS", "Qt", "CMake", "Boost"],
        "develop performance-critical C++ software"
    ),
    family!(
        "Guidewire Developer",
        ENG,
        0.0,
        65.0,
        12,
        15,
        [
            "Guidewire",
            "Gosu",
            "PolicyCenter",
            "ClaimCenter",
            "Java",
            "SQL"
        ],
        ["BillingCenter", "Jenkins", "XML", "REST APIs", "Agile"],
        "configure and integrate Guidewire InsuranceSuite"
    ),
    family!(
        "Pega Developer",
        ENG,
        0.0,
        65.0,
        10,
        12,
        ["Pega", "Pega PRPC", "Java", "Case Management", "SQL"],
        ["Pega CSA", "Pega CSSA", "REST APIs", "Agile"],
        "build case-management applications on Pega"
    ),
    family!(
        "MuleSoft Developer",
        ENG,
        0.0,
        65.0,
        12,
        15,
        [
            "MuleSoft",
            "Anypoint Platform",
            "DataWeave",
            "REST APIs",
            "RAML",
            "Java"
        ],
        ["Salesforce", "SOAP", "AWS", "Kafka", "CI/CD"],
        "build API-led integrations on MuleSoft Anypoint"
    ),
];

/// Everyday tools anyone in IT lists; a few land on most profiles.
pub(crate) const COMMON_SKILLS: &[(&str, u32)] = &[
    ("Git", 30),
    ("Jira", 20),
    ("Agile", 20),
    ("SQL", 15),
    ("Linux", 10),
    ("Confluence", 10),
    ("REST APIs", 8),
    ("Excel", 6),
    ("Docker", 8),
    ("GitHub", 8),
    ("Bitbucket", 5),
    ("Unix", 5),
    ("Shell Scripting", 5),
    ("JSON", 4),
    ("XML", 4),
    ("Postman", 4),
    ("Scrum", 6),
];

/// The seniority level for `years` of experience, before noise.
pub(crate) fn level_for_years(years: f64) -> usize {
    match years {
        y if y < 3.0 => 0,
        y if y < 6.0 => 1,
        y if y < 11.0 => 2,
        y if y < 16.0 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashSet};

    #[test]
    fn families_are_well_formed() {
        assert!(FAMILIES.len() >= 40, "{}", FAMILIES.len());
        let mut spellings: BTreeMap<String, &str> = BTreeMap::new();
        let all = FAMILIES
            .iter()
            .flat_map(|f| f.core.iter().chain(f.adjacent))
            .chain(COMMON_SKILLS.iter().map(|(s, _)| s));
        for s in all {
            let prev = spellings.entry(s.to_lowercase()).or_insert(s);
            assert_eq!(prev, s, "two spellings of one skill");
        }
        for f in FAMILIES {
            assert!((5..=8).contains(&f.core.len()), "{}", f.title);
            assert!(f.adjacent.len() >= 4, "{}", f.title);
            let core: HashSet<_> = f.core.iter().collect();
            assert_eq!(core.len(), f.core.len(), "{}", f.title);
            assert!(
                f.adjacent.iter().all(|a| !core.contains(a)),
                "{} adjacent overlaps core",
                f.title
            );
        }
    }
}
