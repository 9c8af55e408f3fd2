//! The OpenAPI description of the import routes (kept beside `openapi.rs`, which is
//! long enough).

use utoipa::openapi::path::{HttpMethod, ParameterIn, PathItem};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, PathsBuilder, Ref, RefOr, ResponseBuilder, Schema};

use crate::openapi::{op, param};

fn upload_body() -> utoipa::openapi::request_body::RequestBody {
    let text = |description: &str| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(description))
    };
    let form = ObjectBuilder::new()
        .property(
            "file",
            crate::openapi::file_part(
                "CSV (any delimiter and common encodings), JSON array or JSON Lines; \
                     for requirements also a Greenhouse, Lever or Ashby job-board JSON file",
            ),
        )
        .required("file")
        .property(
            "kind",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([
                    "candidates",
                    "requirements",
                    "companies",
                    "contacts",
                ])),
        )
        .required("kind")
        .property(
            "mapping",
            text("column mapping, JSON or TOML: {\"columns\": {\"Cand Mail\": \"email\"}}"),
        )
        .property(
            "format",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([
                    "csv",
                    "tsv",
                    "json",
                    "jsonl",
                    "greenhouse",
                    "lever",
                    "ashby",
                ])),
        );
    crate::openapi::body_of("multipart/form-data", form)
}

fn resume_body() -> utoipa::openapi::request_body::RequestBody {
    let form = ObjectBuilder::new()
        .property(
            "file",
            crate::openapi::file_part(
                "PDF, DOCX, TXT, HTML or Markdown; the type is read from the bytes",
            ),
        )
        .required("file");
    crate::openapi::body_of("multipart/form-data", form)
}

/// How a single parse's skills were checked.
fn skill_check() -> ObjectBuilder {
    ObjectBuilder::new()
        .property(
            "by",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(["classifier", "taxonomy"]))
                .description(Some(
                    "classifier: each skill the taxonomy found was kept only if the skill \
                     classifier read one of its mentions as a skill; taxonomy: unchecked",
                )),
        )
        .required("by")
        .property(
            "rejected",
            utoipa::openapi::schema::ArrayBuilder::new()
                .items(ObjectBuilder::new().schema_type(Type::String))
                .description(Some("skills dropped: every mention read as something else")),
        )
        .required("rejected")
}

/// `POST /v1/candidates/parse`.
pub fn parse_paths(paths: PathsBuilder) -> PathsBuilder {
    let out: RefOr<Schema> = ObjectBuilder::new()
        .property(
            "document",
            ObjectBuilder::new().description(Some("kind, sha256, pages, ocr_used, warnings")),
        )
        .required("document")
        .property(
            "parse",
            ObjectBuilder::new().description(Some(
                "sections and fields, each with a confidence; review lists the doubtful ones",
            )),
        )
        .required("parse")
        .property(
            "skills",
            utoipa::openapi::schema::ArrayBuilder::new()
                .items(ObjectBuilder::new().schema_type(Type::String)),
        )
        .required("skills")
        .property(
            "candidate",
            ObjectBuilder::new().description(Some("the candidate record these fields make")),
        )
        .required("candidate")
        .property("skill_check", skill_check())
        .required("skill_check")
        .into();
    let parse = op(
        "candidates",
        "candidates_parse".into(),
        "Parse a resume file and return the fields found; nothing is stored".into(),
        vec![],
        ("200", "the parse", out),
        &[
            ("413", "the file is larger than 10 MiB"),
            ("415", "the body is not multipart/form-data"),
            (
                "422",
                "the file is missing, empty, damaged, encrypted or not a document",
            ),
        ],
    )
    .request_body(Some(resume_body()));
    let requirement_out: RefOr<Schema> = ObjectBuilder::new()
        .property(
            "source",
            ObjectBuilder::new().description(Some(
                "where the text came from: text, email (headers, attachments) or a document",
            )),
        )
        .required("source")
        .property(
            "parse",
            ObjectBuilder::new().description(Some(
                "the fields, each with a confidence; review lists the doubtful ones",
            )),
        )
        .required("parse")
        .property(
            "requirement",
            ObjectBuilder::new().description(Some("the requirement record these fields make")),
        )
        .required("requirement")
        .property("skill_check", skill_check())
        .required("skill_check")
        .into();
    let text_body = ObjectBuilder::new()
        .property(
            "text",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(200_000))
                .description(Some("a pasted job description or recruiter e-mail")),
        )
        .required("text");
    let file_body = ObjectBuilder::new()
        .property(
            "file",
            crate::openapi::file_part(
                "an .eml message, or a PDF, DOCX, HTML or text job description",
            ),
        )
        .required("file");
    let parse_requirement = op(
        "requirements",
        "requirements_parse".into(),
        "Parse a job from text, an e-mail or a document and return the fields found; \
         nothing is stored"
            .into(),
        vec![],
        ("200", "the parse", requirement_out),
        &[
            ("413", "the file is larger than 10 MiB"),
            ("415", "the body is neither JSON nor multipart/form-data"),
            (
                "422",
                "the text is empty or too long, or the file is unreadable",
            ),
        ],
    )
    .request_body(Some(
        RequestBodyBuilder::new()
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Schema::from(text_body)))
                    .build(),
            )
            .content(
                "multipart/form-data",
                ContentBuilder::new()
                    .schema(Some(Schema::from(file_body)))
                    .build(),
            )
            .required(Some(utoipa::openapi::Required::True))
            .build(),
    ));
    paths
        .path(
            "/v1/candidates/parse",
            PathItem::new(HttpMethod::Post, parse.build()),
        )
        .path(
            "/v1/requirements/parse",
            PathItem::new(HttpMethod::Post, parse_requirement.build()),
        )
}

/// `POST /v1/requirements/from-text` and `POST /v1/requirements/from-file`.
pub fn requirement_intake_paths(paths: PathsBuilder) -> PathsBuilder {
    let out = || -> RefOr<Schema> {
        ObjectBuilder::new()
            .property("requirement", Ref::from_schema_name("RequirementRecord"))
            .required("requirement")
            .property(
                "created",
                ObjectBuilder::new().schema_type(Type::Boolean),
            )
            .required("created")
            .property(
                "changed",
                ObjectBuilder::new().schema_type(Type::Boolean),
            )
            .required("changed")
            .property(
                "matched_by",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["new", "external_id", "same_file"])),
            )
            .required("matched_by")
            .property(
                "documents",
                utoipa::openapi::schema::ArrayBuilder::new().items(ObjectBuilder::new().description(
                    Some("a linked file: id, role (email, attachment, job_description), name, media_type, sha256, size"),
                )),
            )
            .required("documents")
            .property(
                "review",
                utoipa::openapi::schema::ArrayBuilder::new()
                    .items(ObjectBuilder::new().schema_type(Type::String)),
            )
            .required("review")
            .property(
                "parse",
                ObjectBuilder::new().description(Some(
                    "source, the fields with confidences, and the record they made",
                )),
            )
            .required("parse")
            .into()
    };
    let requirement = || {
        ObjectBuilder::new()
            .description(Some(
                "requirement fields set over the parse (a JSON merge patch), e.g. {\"title\": \"Java Developer\"}",
            ))
    };
    let updated = || {
        ResponseBuilder::new()
            .description("the requirement was on file (same posting or file): brought up to date")
            .content(
                "application/json",
                ContentBuilder::new().schema(Some(out())).build(),
            )
            .build()
    };
    let errors: &[(&str, &str)] = &[
        (
            "409",
            "a request with this Idempotency-Key is still running",
        ),
        ("413", "the body is too large"),
        ("415", "the body is not of the documented type"),
        (
            "422",
            "unreadable input, no title found (named in details), invalid fields, or an \
             Idempotency-Key reused with another body",
        ),
    ];
    let idem = || {
        param(
            "Idempotency-Key",
            ParameterIn::Header,
            false,
            "a retry with the same key replays the first response",
        )
    };
    let text_body = ObjectBuilder::new()
        .property(
            "text",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some("a pasted job description or recruiter e-mail")),
        )
        .required("text")
        .property("requirement", requirement());
    let from_text = op(
        "requirements",
        "requirements_from_text".into(),
        "Make a requirement from pasted text (or update the one it already is)".into(),
        vec![idem()],
        ("201", "a new requirement", out()),
        errors,
    )
    .response("200", updated())
    .request_body(Some(crate::openapi::body_of("application/json", text_body)));
    let form = ObjectBuilder::new()
        .property(
            "file",
            crate::openapi::file_part(
                "an .eml message (forwards and attachments are read) or a job \
                     description: PDF, DOCX, HTML or text",
            ),
        )
        .required("file")
        .property(
            "requirement",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(
                    "a JSON object of requirement fields set over the parse",
                )),
        );
    let from_file = op(
        "requirements",
        "requirements_from_file".into(),
        "Make a requirement from an e-mail or job description file, kept and linked to it \
         (or update the one it already is)"
            .into(),
        vec![idem()],
        ("201", "a new requirement", out()),
        errors,
    )
    .response("200", updated())
    .request_body(Some(crate::openapi::body_of("multipart/form-data", form)));
    paths
        .path(
            "/v1/requirements/from-text",
            PathItem::new(HttpMethod::Post, from_text.build()),
        )
        .path(
            "/v1/requirements/from-file",
            PathItem::new(HttpMethod::Post, from_file.build()),
        )
}

pub fn import_paths(paths: PathsBuilder) -> PathsBuilder {
    let view: RefOr<Schema> = Ref::from_schema_name("ImportView").into();
    let id = || param("id", ParameterIn::Path, true, "the import's id");
    let start = op(
        "imports",
        "imports_start".into(),
        "Upload a file and start importing it in the background; the same file, kind \
         and mapping again returns the earlier import (200)"
            .into(),
        vec![],
        ("202", "import queued", view.clone()),
        &[
            ("413", "the file is larger than 512 MiB"),
            ("415", "the body is not multipart/form-data"),
            ("422", "a form field is missing or invalid"),
        ],
    )
    .request_body(Some(upload_body()))
    .response(
        "200",
        ResponseBuilder::new()
            .description("this file was imported before: the earlier import")
            .content(
                "application/json",
                ContentBuilder::new().schema(Some(view.clone())).build(),
            )
            .build(),
    );
    let list = op(
        "imports",
        "imports_list".into(),
        "The latest imports, newest first".into(),
        vec![],
        ("200", "imports", Ref::from_schema_name("ImportList").into()),
        &[],
    );
    let show = op(
        "imports",
        "imports_show".into(),
        "An import's status, progress and counts".into(),
        vec![id()],
        ("200", "the import", view.clone()),
        &[("404", "no such import")],
    );
    let mut errors = op(
        "imports",
        "imports_errors".into(),
        "The import's per-row problems, paged; `format=csv` gives the whole report as CSV".into(),
        vec![
            id(),
            param("format", ParameterIn::Query, false, "json (default) or csv"),
            param("cursor", ParameterIn::Query, false, "from next_cursor"),
            param("limit", ParameterIn::Query, false, "1 to 1000, default 100"),
        ],
        (
            "200",
            "problems",
            Ref::from_schema_name("ImportErrorsPage").into(),
        ),
        &[("404", "no such import")],
    )
    .build();
    if let Some(ok) = errors.responses.responses.get_mut("200")
        && let RefOr::T(response) = ok
    {
        response.content.insert(
            "text/csv".into(),
            ContentBuilder::new()
                .schema(Some(Schema::from(
                    ObjectBuilder::new().schema_type(Type::String),
                )))
                .build()
                .into(),
        );
    }
    let retry = op(
        "imports",
        "imports_retry".into(),
        "Queue a failed import again with the same file".into(),
        vec![id()],
        ("202", "queued again", view),
        &[
            ("404", "no such import"),
            ("409", "the import has not failed"),
        ],
    );
    paths
        .path(
            "/v1/imports",
            PathItem::new(HttpMethod::Post, start.build()),
        )
        .path("/v1/imports", PathItem::new(HttpMethod::Get, list.build()))
        .path(
            "/v1/imports/{id}",
            PathItem::new(HttpMethod::Get, show.build()),
        )
        .path(
            "/v1/imports/{id}/errors",
            PathItem::new(HttpMethod::Get, errors),
        )
        .path(
            "/v1/imports/{id}/retry",
            PathItem::new(HttpMethod::Post, retry.build()),
        )
}
