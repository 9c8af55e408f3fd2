//! Packaged platforms: fewer but well-paid specialists.

use super::*;

pub(super) const FAMILIES: &[Family] = &[
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
