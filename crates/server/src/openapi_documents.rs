//! The OpenAPI description of resumes into candidates and the files linked to records.

use utoipa::openapi::path::{HttpMethod, ParameterIn, PathItem};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::{
    ContentBuilder, KnownFormat, PathsBuilder, Ref, RefOr, ResponseBuilder, Schema, SchemaFormat,
};

use crate::openapi::{op, param};

/// A value of any JSON type (an object, or null when there is none).
fn any(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::AnyValue)
        .description(Some(description))
}

pub(crate) fn string(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

/// The `Document` schema: a file linked to a record.
pub fn document_schema() -> RefOr<Schema> {
    let mut b = ObjectBuilder::new();
    for (name, description) in [
        ("id", "the link's id"),
        ("entity", "candidate, company, contact or requirement"),
        ("entity_id", "the record's id"),
        ("role", "resume, job_description, email or attachment"),
        ("name", "the name it was uploaded under"),
        ("media_type", "e.g. application/pdf"),
        (
            "sha256",
            "the file's SHA-256, its address in the file store",
        ),
        ("created_by", "who linked it"),
    ] {
        b = b.property(name, string(description)).required(name);
    }
    b = b
        .property(
            "size",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .description(Some("bytes")),
        )
        .required("size")
        .property(
            "created_at",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .description(Some("Unix microseconds")),
        )
        .required("created_at");
    b.into()
}

fn resume_form() -> utoipa::openapi::request_body::RequestBody {
    let form = ObjectBuilder::new()
        .property(
            "file",
            crate::openapi::file_part(
                "PDF, DOCX, TXT, HTML or Markdown; the type is read from the bytes",
            ),
        )
        .required("file")
        .property(
            "candidate_id",
            string("update this candidate instead of finding the one the resume belongs to"),
        )
        .property(
            "candidate",
            string(
                "a JSON object of candidate fields set over the parse, e.g. \
                 {\"first_name\": \"Sam\", \"source\": \"referral\"}",
            ),
        );
    crate::openapi::body_of("multipart/form-data", form)
}

/// `POST /v1/candidates/from-resume`, `GET /v1/{entity}/{id}/documents`,
/// `GET /v1/documents/{id}` and its `/content`.
pub fn paths(paths: PathsBuilder) -> PathsBuilder {
    let outcome: RefOr<Schema> = ObjectBuilder::new()
        .property("candidate", Ref::from_schema_name("CandidateRecord"))
        .required("candidate")
        .property("created", ObjectBuilder::new().schema_type(Type::Boolean))
        .required("created")
        .property(
            "changed",
            ObjectBuilder::new()
                .schema_type(Type::Boolean)
                .description(Some("whether the candidate's fields changed")),
        )
        .required("changed")
        .property(
            "matched_by",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([
                    "new",
                    "requested",
                    "same_file",
                    "email",
                    "phone_and_name",
                ])),
        )
        .required("matched_by")
        .property("document", Ref::from_schema_name("Document"))
        .required("document")
        .property(
            "suggested_merges",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .description(Some("look-alikes on file suggested as merges")),
        )
        .required("suggested_merges")
        .property(
            "review",
            ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String)),
        )
        .required("review")
        .property(
            "parse",
            ObjectBuilder::new()
                .description(Some("the parse as POST /v1/candidates/parse returns it")),
        )
        .required("parse")
        .into();
    let from_resume = op(
        "candidates",
        "candidates_from_resume".into(),
        "Create a candidate from a resume, or update the one it belongs to (same file, \
         e-mail, or phone and name); the file is kept and linked"
            .into(),
        vec![],
        ("201", "a new candidate", outcome.clone()),
        &[
            ("404", "candidate_id names no candidate"),
            ("413", "the file is larger than 10 MiB"),
            ("415", "the body is not multipart/form-data"),
            (
                "422",
                "the file is unreadable, or the fields make no valid candidate (no name)",
            ),
        ],
    )
    .request_body(Some(resume_form()))
    .response(
        "200",
        ResponseBuilder::new()
            .description("the candidate on file, brought up to date")
            .content(
                "application/json",
                ContentBuilder::new().schema(Some(outcome)).build(),
            )
            .build(),
    );
    let doc: RefOr<Schema> = Ref::from_schema_name("Document").into();
    let list: RefOr<Schema> = ObjectBuilder::new()
        .property("items", ArrayBuilder::new().items(doc.clone()))
        .required("items")
        .into();
    let id = |what: &str| param("id", ParameterIn::Path, true, what);
    let mut paths = paths.path(
        "/v1/candidates/from-resume",
        PathItem::new(HttpMethod::Post, from_resume.build()),
    );
    for (plural, kind) in [
        ("candidates", "candidate"),
        ("companies", "company"),
        ("contacts", "contact"),
        ("requirements", "requirement"),
    ] {
        let list_op = op(
            plural,
            format!("{plural}_documents"),
            format!("The files linked to a {kind}, oldest first"),
            vec![id(&format!("the {kind}'s id"))],
            ("200", "the files", list.clone()),
            &[("404", "no such record")],
        );
        paths = paths.path(
            format!("/v1/{plural}/{{id}}/documents"),
            PathItem::new(HttpMethod::Get, list_op.build()),
        );
    }
    let show = op(
        "documents",
        "documents_show".into(),
        "A linked file's details".into(),
        vec![id("the document's id")],
        ("200", "the document", doc),
        &[("404", "no such document")],
    );
    let content = op(
        "documents",
        "documents_content".into(),
        "The file's bytes, as an attachment".into(),
        vec![id("the document's id")],
        (
            "200",
            "the file",
            ObjectBuilder::new().schema_type(Type::String).into(),
        ),
        &[("404", "no such document")],
    )
    .build();
    let mut content = content;
    if let Some(RefOr::T(ok)) = content.responses.responses.get_mut("200") {
        ok.content.clear();
        ok.content.insert(
            "application/octet-stream".into(),
            ContentBuilder::new()
                .schema(Some(Schema::from(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary))),
                )))
                .build()
                .into(),
        );
    }
    paths
        .path(
            "/v1/documents/{id}",
            PathItem::new(HttpMethod::Get, show.build()),
        )
        .path(
            "/v1/documents/{id}/content",
            PathItem::new(HttpMethod::Get, content),
        )
}

/// The `Duplicate` schema: a suggested merge.
pub fn duplicate_schema() -> RefOr<Schema> {
    let mut b = ObjectBuilder::new();
    for (name, description) in [
        ("id", "the suggestion's id"),
        ("entity", "candidate or contact"),
        ("a", "one record's id (the older)"),
        ("b", "the other record's id"),
        ("status", "open, merged or dismissed"),
        ("created_at", "when it was suggested"),
    ] {
        b = b.property(name, string(description)).required(name);
    }
    let nullable_string = |d: &str| {
        ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                Type::String,
                Type::Null,
            ]))
            .description(Some(d))
    };
    b.property(
        "score",
        ObjectBuilder::new()
            .schema_type(Type::Number)
            .description(Some("0 to 1: how alike the two look")),
    )
    .required("score")
    .property(
        "reasons",
        ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String)),
    )
    .required("reasons")
    .property(
        "resolved_at",
        nullable_string("when it was merged or dismissed"),
    )
    .required("resolved_at")
    .property("resolved_by", nullable_string("who merged or dismissed it"))
    .required("resolved_by")
    .into()
}

/// A merge's answer; `record` names the records' schema when the kind is known.
fn merge_outcome(record: Option<&str>) -> RefOr<Schema> {
    let rec = |what: &str| -> RefOr<Schema> {
        match record {
            Some(name) => Ref::from_schema_name(name).into(),
            None => ObjectBuilder::new().description(Some(what)).into(),
        }
    };
    ObjectBuilder::new()
        .property(
            "survivor",
            rec("the surviving record (a CandidateRecord or ContactRecord)"),
        )
        .required("survivor")
        .property("merged", rec("the record merged away, now deleted"))
        .required("merged")
        .property(
            "documents_moved",
            ObjectBuilder::new().schema_type(Type::Integer),
        )
        .required("documents_moved")
        .property(
            "suggestions_moved",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .description(Some(
                    "open suggestions naming the merged record that now name the survivor",
                )),
        )
        .required("suggestions_moved")
        .property(
            "suggestion",
            any("the suggestion acted on (a Duplicate), or null"),
        )
        .into()
}

/// Suggested merges and merging.
pub fn duplicate_paths(paths: PathsBuilder) -> PathsBuilder {
    let dup: RefOr<Schema> = Ref::from_schema_name("Duplicate").into();
    let id = || param("id", ParameterIn::Path, true, "the suggestion's id");
    let list = op(
        "duplicates",
        "duplicates_list".into(),
        "Suggested merges of records that look like one person, newest first".into(),
        vec![
            param(
                "entity",
                ParameterIn::Query,
                false,
                "candidate (default) or contact",
            ),
            param(
                "status",
                ParameterIn::Query,
                false,
                "open (default), merged or dismissed",
            ),
            param("cursor", ParameterIn::Query, false, "from next_cursor"),
            param("limit", ParameterIn::Query, false, "1 to 200, default 50"),
        ],
        (
            "200",
            "suggestions",
            ObjectBuilder::new()
                .property("items", ArrayBuilder::new().items(dup.clone()))
                .required("items")
                .property(
                    "next_cursor",
                    ObjectBuilder::new().schema_type(
                        utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null]),
                    ),
                )
                .required("next_cursor")
                .into(),
        ),
        &[],
    );
    let show = op(
        "duplicates",
        "duplicates_show".into(),
        "One suggested merge".into(),
        vec![id()],
        ("200", "the suggestion", dup.clone()),
        &[("404", "no such suggestion")],
    );
    let merge_form = ObjectBuilder::new()
        .property(
            "keep",
            string("the id of the side to keep (default: the older record)"),
        )
        .property(
            "fields",
            ObjectBuilder::new().description(Some(
                "fields set on the survivor over both records (a JSON merge patch)",
            )),
        );
    let merge = op(
        "duplicates",
        "duplicates_merge".into(),
        "Merge the pair: the survivor keeps its values, fills its gaps from the other, \
         gains its skills, jobs and files; the other is closed and its history joins the \
         survivor's"
            .into(),
        vec![id()],
        ("200", "merged", merge_outcome(None)),
        &[
            ("404", "no such suggestion, or a side no longer exists"),
            ("409", "the suggestion is already closed"),
            ("412", "a record changed while the merge ran; try again"),
            ("415", "not JSON"),
            ("422", "the body or the merged record is invalid"),
        ],
    )
    .request_body(Some(crate::openapi::body_of(
        "application/json",
        merge_form,
    )));
    let dismiss = op(
        "duplicates",
        "duplicates_dismiss".into(),
        "Close the suggestion: not the same person".into(),
        vec![id()],
        ("200", "dismissed", dup),
        &[
            ("404", "no such suggestion"),
            ("409", "the suggestion is already closed"),
        ],
    );
    let mut paths = paths
        .path(
            "/v1/duplicates",
            PathItem::new(HttpMethod::Get, list.build()),
        )
        .path(
            "/v1/duplicates/{id}",
            PathItem::new(HttpMethod::Get, show.build()),
        )
        .path(
            "/v1/duplicates/{id}/merge",
            PathItem::new(HttpMethod::Post, merge.build()),
        )
        .path(
            "/v1/duplicates/{id}/dismiss",
            PathItem::new(HttpMethod::Post, dismiss.build()),
        );
    for (plural, kind, record) in [
        ("candidates", "candidate", "CandidateRecord"),
        ("contacts", "contact", "ContactRecord"),
    ] {
        let form = ObjectBuilder::new()
            .property(
                "from",
                string(&format!("the id of the {kind} to merge into this one")),
            )
            .required("from")
            .property(
                "fields",
                ObjectBuilder::new().description(Some(
                    "fields set on the survivor over both records (a JSON merge patch)",
                )),
            );
        let merge = op(
            plural,
            format!("{plural}_merge"),
            format!("Merge another {kind} into this one (If-Match guards this one's version)"),
            vec![
                param(
                    "id",
                    ParameterIn::Path,
                    true,
                    &format!("the surviving {kind}'s id"),
                ),
                param(
                    "If-Match",
                    ParameterIn::Header,
                    false,
                    "the survivor's ETag",
                ),
            ],
            ("200", "merged", merge_outcome(Some(record))),
            &[
                ("404", "either record does not exist"),
                ("415", "not JSON"),
                (
                    "412",
                    "If-Match does not match the survivor's version, or a record changed \
                     meanwhile",
                ),
                ("422", "the body or the merged record is invalid"),
            ],
        )
        .request_body(Some(crate::openapi::body_of("application/json", form)));
        paths = paths.path(
            format!("/v1/{plural}/{{id}}/merge"),
            PathItem::new(HttpMethod::Post, merge.build()),
        );
    }
    paths
}

/// `POST /v1/ai/extract`.
pub fn extract_paths(paths: PathsBuilder) -> PathsBuilder {
    let body = ObjectBuilder::new()
        .property(
            "schema",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(["resume", "requirement", "skills", "location"])),
        )
        .required("schema")
        .property(
            "text",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(200_000)),
        )
        .required("text")
        .property(
            "country",
            string("two-letter country code to prefer for places the text does not qualify"),
        );
    let out: RefOr<Schema> = ObjectBuilder::new()
        .property("schema", ObjectBuilder::new().schema_type(Type::String))
        .required("schema")
        .property(
            "extractor",
            ObjectBuilder::new()
                .property("kind", string("rules: the deterministic parsers"))
                .required("kind")
                .property("version", string("parser and data versions"))
                .required("version"),
        )
        .required("extractor")
        .property(
            "fields",
            any(
                "the fields found, with confidences where the schema has them; null when \
                 nothing was found",
            ),
        )
        .required("fields")
        .property(
            "record",
            any(
                "the record the fields make: a candidate, a requirement, {skills} or a \
                 location; null when they make none",
            ),
        )
        .required("record")
        .property(
            "review",
            ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String)),
        )
        .required("review")
        .into();
    let extract = op(
        "ai",
        "ai_extract".into(),
        "Extract structured fields from a text by named schema; nothing is stored".into(),
        vec![],
        ("200", "the extraction", out),
        &[
            ("415", "not JSON"),
            (
                "422",
                "unknown schema, empty or overlong text, or a bad country code",
            ),
            (
                "503",
                "the schema needs an asset this server has not loaded",
            ),
        ],
    )
    .request_body(Some(crate::openapi::body_of("application/json", body)));
    paths.path(
        "/v1/ai/extract",
        PathItem::new(HttpMethod::Post, extract.build()),
    )
}
