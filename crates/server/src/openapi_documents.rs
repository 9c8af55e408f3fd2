//! The OpenAPI description of resumes into candidates and the files linked to records.

use utoipa::openapi::path::{HttpMethod, ParameterIn, PathItem};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::{
    ContentBuilder, KnownFormat, PathsBuilder, Ref, RefOr, ResponseBuilder, Schema, SchemaFormat,
};

use crate::openapi::{op, param};

fn string(description: &str) -> ObjectBuilder {
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
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                .description(Some(
                    "PDF, DOCX, TXT, HTML or Markdown; the type is read from the bytes",
                )),
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
