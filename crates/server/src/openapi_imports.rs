//! The OpenAPI description of the import routes (kept beside `openapi.rs`, which is
//! long enough).

use utoipa::openapi::path::{HttpMethod, ParameterIn, PathItem};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{
    ContentBuilder, KnownFormat, PathsBuilder, Ref, RefOr, ResponseBuilder, Schema, SchemaFormat,
};

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
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                .description(Some(
                    "CSV (any delimiter and common encodings), JSON array or JSON Lines",
                )),
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
                .enum_values(Some(["csv", "tsv", "json", "jsonl"])),
        );
    RequestBodyBuilder::new()
        .content(
            "multipart/form-data",
            ContentBuilder::new()
                .schema(Some(Schema::from(form)))
                .build(),
        )
        .required(Some(utoipa::openapi::Required::True))
        .build()
}

fn resume_body() -> utoipa::openapi::request_body::RequestBody {
    let form = ObjectBuilder::new()
        .property(
            "file",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                .description(Some(
                    "PDF, DOCX, TXT, HTML or Markdown; the type is read from the bytes",
                )),
        )
        .required("file");
    RequestBodyBuilder::new()
        .content(
            "multipart/form-data",
            ContentBuilder::new()
                .schema(Some(Schema::from(form)))
                .build(),
        )
        .required(Some(utoipa::openapi::Required::True))
        .build()
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
    paths.path(
        "/v1/candidates/parse",
        PathItem::new(HttpMethod::Post, parse.build()),
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
