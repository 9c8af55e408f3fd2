//! Infrastructure: cloud, DevOps, reliability, networks, security and support.

use super::*;

pub(super) const FAMILIES: &[Family] = &[
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
];
