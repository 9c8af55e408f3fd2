//! Data: engineering, science, BI and database administration.

use super::*;

pub(super) const FAMILIES: &[Family] = &[
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
];
