//! Application development: the bulk of hotlists and reqs (Java, .NET, web, mobile, systems).

use super::*;

pub(super) const FAMILIES: &[Family] = &[
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
];
