//! Delivery: quality assurance, analysis and project roles.

use super::*;

pub(super) const FAMILIES: &[Family] = &[
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
];
