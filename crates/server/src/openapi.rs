//! The OpenAPI 3.1 document, generated from the code: entity schemas come from the
//! domain types' `ToSchema` derives, and the record routes from the same generic list
//! that mounts them (`routes::records::ApiEntity`), so the docs cannot drift from the
//! router.

use hireloop_domain::entities::{Candidate, Company, Contact, Requirement};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem, PathItemBuilder,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{
    AllOfBuilder, ArrayBuilder, ComponentsBuilder, Object, ObjectBuilder, SchemaType, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, InfoBuilder, KnownFormat, OpenApi, OpenApiBuilder, PathsBuilder, Ref, RefOr,
    Required, ResponseBuilder, Schema, SchemaFormat,
};

use crate::error::CODES;
use crate::routes::records::ApiEntity;

fn nullable_string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Null]))
}

fn meta_schema() -> Object {
    let ts = || {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
    };
    let text = || ObjectBuilder::new().schema_type(Type::String);
    ObjectBuilder::new()
        .property(
            "id",
            text().format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))),
        )
        .property(
            "version",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .description(Some("also the ETag")),
        )
        .property("created_at", ts())
        .property("updated_at", ts())
        .property(
            "deleted_at",
            ts().description(Some("present only on deleted records")),
        )
        .property("created_by", text())
        .property("updated_by", text())
        .required("id")
        .required("version")
        .required("created_at")
        .required("updated_at")
        .required("created_by")
        .required("updated_by")
        .build()
}

/// A stored record: the entity's own fields and the metadata in one object. (An
/// `allOf` of the two would not validate: the entity schema refuses unknown fields,
/// which is right for input and wrong for this union.)
fn record_schema(entity: RefOr<Schema>) -> RefOr<Schema> {
    match entity {
        RefOr::T(Schema::Object(mut o)) => {
            let meta = meta_schema();
            for (k, v) in meta.properties {
                o.properties.insert(k, v);
            }
            o.required.extend(meta.required);
            o.additional_properties = None;
            o.description =
                Some("A stored record: its fields plus id, version and timestamps.".into());
            RefOr::T(Schema::Object(o))
        }
        other => AllOfBuilder::new()
            .item(Ref::from_schema_name("RecordMeta"))
            .item(other)
            .into(),
    }
}

fn json_content(schema: impl Into<RefOr<Schema>>) -> utoipa::openapi::Content {
    ContentBuilder::new().schema(Some(schema.into())).build()
}

fn error_response(status: &str, description: &str) -> (String, utoipa::openapi::Response) {
    (
        status.to_string(),
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                json_content(Ref::from_schema_name("Error")),
            )
            .build(),
    )
}

fn string_schema() -> Schema {
    ObjectBuilder::new().schema_type(Type::String).into()
}

pub(crate) fn param(
    name: &str,
    at: ParameterIn,
    required: bool,
    description: &str,
) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(at)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .description(Some(description))
        .schema(Some(string_schema()))
        .build()
}

/// A required request body of one media type.
pub(crate) fn body_of(
    media_type: &str,
    schema: ObjectBuilder,
) -> utoipa::openapi::request_body::RequestBody {
    RequestBodyBuilder::new()
        .content(
            media_type,
            ContentBuilder::new()
                .schema(Some(Schema::from(schema)))
                .build(),
        )
        .required(Some(Required::True))
        .build()
}

/// A file part of a multipart form.
pub(crate) fn file_part(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
        .description(Some(description))
}

pub(crate) fn op(
    tag: &str,
    id: String,
    summary: String,
    params: Vec<utoipa::openapi::path::Parameter>,
    ok: (&str, &str, RefOr<Schema>),
    errors: &[(&str, &str)],
) -> OperationBuilder {
    let mut b = OperationBuilder::new()
        .tag(tag)
        .operation_id(Some(id))
        .summary(Some(summary))
        .parameters(Some(params))
        .response(
            ok.0,
            ResponseBuilder::new()
                .description(ok.1)
                .content("application/json", json_content(ok.2))
                .build(),
        )
        .security(SecurityRequirement::new("bearer", Vec::<String>::new()));
    for (status, description) in [
        ("400", "malformed request: query, header or JSON"),
        ("401", "missing or invalid API key"),
        ("403", "the key's role may not do this"),
    ]
    .iter()
    .chain(errors)
    {
        let (s, r) = error_response(status, description);
        b = b.response(s, r);
    }
    b
}

fn entity_paths<E: ApiEntity>(
    paths: PathsBuilder,
    components: &mut Vec<(String, RefOr<Schema>)>,
) -> PathsBuilder {
    let name = E::name().to_string();
    let plural = E::PLURAL;
    let record = format!("{name}Record");
    components.push((name.clone(), E::schema()));
    E::schemas(components);
    components.push((record.clone(), record_schema(E::schema())));
    let list_schema: Schema = ObjectBuilder::new()
        .property(
            "items",
            ArrayBuilder::new().items(Ref::from_schema_name(record.clone())),
        )
        .required("items")
        .property(
            "next_cursor",
            nullable_string()
                .description(Some("pass as cursor for the next page; null on the last")),
        )
        .into();
    let rec_ref: RefOr<Schema> = Ref::from_schema_name(record.clone()).into();
    let id = || param("id", ParameterIn::Path, true, "the record's id (UUIDv7)");
    let if_match = || {
        param(
            "If-Match",
            ParameterIn::Header,
            false,
            "the ETag (version) you last read; 412 if the record changed since",
        )
    };
    let mut list_params = vec![
        param(
            "q",
            ParameterIn::Query,
            false,
            "free text over names and titles",
        ),
        param(
            "limit",
            ParameterIn::Query,
            false,
            "page size, 1 to 200 (default 50)",
        ),
        param(
            "cursor",
            ParameterIn::Query,
            false,
            "next_cursor from the previous page",
        ),
        param(
            "sort",
            ParameterIn::Query,
            false,
            "created_at, updated_at or name; prefix - for descending (default -created_at)",
        ),
        param(
            "include_deleted",
            ParameterIn::Query,
            false,
            "false (default), true or only",
        ),
    ];
    for (f, _) in E::FILTERS {
        list_params.push(param(
            f,
            ParameterIn::Query,
            false,
            "filter; comma-separated values match any",
        ));
    }
    let body = |ct: &str| {
        RequestBodyBuilder::new()
            .required(Some(Required::True))
            .content(ct, json_content(Ref::from_schema_name(name.clone())))
            .build()
    };
    let list = op(
        plural,
        format!("list_{plural}"),
        format!("List {plural}"),
        list_params,
        ("200", "a page of records", list_schema.into()),
        &[],
    );
    let create = op(
        plural,
        format!("create_{plural}"),
        format!("Create a {}", E::KIND),
        vec![param(
            "Idempotency-Key",
            ParameterIn::Header,
            false,
            "retries with the same key replay the first response",
        )],
        ("201", "created", rec_ref.clone()),
        &[
            ("409", "conflict"),
            ("413", "body too large"),
            ("415", "not JSON"),
            ("422", "a field is invalid; details name each path"),
        ],
    )
    .request_body(Some(body("application/json")));
    let read = op(
        plural,
        format!("get_{}", E::KIND),
        format!("Get a {}", E::KIND),
        vec![
            id(),
            param(
                "include_deleted",
                ParameterIn::Query,
                false,
                "true to read a deleted record",
            ),
        ],
        (
            "200",
            "the record, with its version as ETag",
            rec_ref.clone(),
        ),
        &[("404", "no such record")],
    );
    let patch = op(
        plural,
        format!("update_{}", E::KIND),
        format!("Update a {} (JSON merge patch)", E::KIND),
        vec![id(), if_match()],
        ("200", "the updated record", rec_ref.clone()),
        &[
            ("404", "no such record"),
            ("412", "stale If-Match"),
            ("413", "body too large"),
            ("415", "not JSON"),
            ("422", "a field is invalid"),
        ],
    )
    .request_body(Some(body("application/merge-patch+json")));
    let delete = op(
        plural,
        format!("delete_{}", E::KIND),
        format!("Delete a {} (soft, restorable)", E::KIND),
        vec![id(), if_match()],
        ("200", "the deleted record", rec_ref.clone()),
        &[("404", "no such record"), ("412", "stale If-Match")],
    );
    let restore = op(
        plural,
        format!("restore_{}", E::KIND),
        format!("Restore a deleted {}", E::KIND),
        vec![id(), if_match()],
        ("200", "the restored record", rec_ref),
        &[("404", "no such record")],
    );
    let revisions = op(
        plural,
        format!("revisions_{}", E::KIND),
        format!("A {}'s revision history", E::KIND),
        vec![id()],
        (
            "200",
            "revisions, oldest first",
            Ref::from_schema_name("Revisions").into(),
        ),
        &[("404", "no such record")],
    );
    let base = format!("/v1/{plural}");
    paths
        .path(
            &base,
            PathItemBuilder::new()
                .operation(HttpMethod::Get, list)
                .operation(HttpMethod::Post, create)
                .build(),
        )
        .path(
            format!("{base}/{{id}}"),
            PathItemBuilder::new()
                .operation(HttpMethod::Get, read)
                .operation(HttpMethod::Patch, patch)
                .operation(HttpMethod::Delete, delete)
                .build(),
        )
        .path(
            format!("{base}/{{id}}/restore"),
            PathItem::new(HttpMethod::Post, restore),
        )
        .path(
            format!("{base}/{{id}}/revisions"),
            PathItem::new(HttpMethod::Get, revisions),
        )
}

fn system_paths(paths: PathsBuilder) -> PathsBuilder {
    let plain = |id: &str, summary: &str, tag: &str| {
        OperationBuilder::new()
            .tag(tag)
            .operation_id(Some(id))
            .summary(Some(summary))
            .response("200", ResponseBuilder::new().description("ok").build())
    };
    let audit_params = [
        "actor",
        "action",
        "entity",
        "entity_id",
        "from",
        "to",
        "cursor",
        "limit",
    ]
    .iter()
    .map(|p| param(p, ParameterIn::Query, false, "filter"))
    .collect();
    paths
        .path(
            "/healthz",
            PathItem::new(HttpMethod::Get, plain("healthz", "Liveness", "system")),
        )
        .path(
            "/readyz",
            PathItem::new(
                HttpMethod::Get,
                plain("readyz", "Readiness (database reachable)", "system"),
            ),
        )
        .path(
            "/metrics",
            PathItem::new(
                HttpMethod::Get,
                plain("metrics", "Prometheus metrics", "system"),
            ),
        )
        .path(
            "/v1/me",
            PathItem::new(
                HttpMethod::Get,
                op(
                    "system",
                    "me".into(),
                    "The calling key's tenant and role".into(),
                    vec![],
                    ("200", "caller", Ref::from_schema_name("Me").into()),
                    &[],
                ),
            ),
        )
        .path(
            "/v1/audit/logs",
            PathItem::new(
                HttpMethod::Get,
                op(
                    "audit",
                    "audit_logs".into(),
                    "The audit trail, newest first (Admin, Owner)".into(),
                    audit_params,
                    ("200", "entries", Ref::from_schema_name("AuditPage").into()),
                    &[],
                ),
            ),
        )
        .path(
            "/v1/audit/verify",
            PathItem::new(
                HttpMethod::Get,
                op(
                    "audit",
                    "audit_verify".into(),
                    "Verify the tenant's audit hash chain (Admin, Owner)".into(),
                    vec![],
                    (
                        "200",
                        "chain report",
                        Ref::from_schema_name("ChainReportOut").into(),
                    ),
                    &[],
                ),
            ),
        )
}

/// Builds the document.
pub fn document() -> OpenApi {
    let mut schemas: Vec<(String, RefOr<Schema>)> = Vec::new();
    let mut paths = system_paths(PathsBuilder::new());
    paths = crate::openapi_imports::import_paths(paths);
    paths = crate::openapi_imports::parse_paths(paths);
    paths = crate::openapi_documents::paths(paths);
    paths = crate::openapi_documents::duplicate_paths(paths);
    paths = crate::openapi_documents::extract_paths(paths);
    paths = crate::openapi_ai::embedding_paths(paths);
    paths = crate::openapi_search::search_paths(paths);
    paths = crate::openapi_imports::requirement_intake_paths(paths);
    paths = crate::openapi_pipeline::paths(paths);
    paths = crate::openapi_matching::paths(paths);
    paths = crate::openapi_reviews::paths(paths);
    crate::openapi_pipeline::schemas(&mut schemas);
    crate::openapi_matching::schemas(&mut schemas);
    crate::openapi_reviews::schemas(&mut schemas);
    paths = entity_paths::<Candidate>(paths, &mut schemas);
    paths = entity_paths::<Company>(paths, &mut schemas);
    paths = entity_paths::<Contact>(paths, &mut schemas);
    paths = entity_paths::<Requirement>(paths, &mut schemas);
    let codes: Vec<String> = CODES.iter().map(|(c, _, _)| c.to_string()).collect();
    schemas.push((
        "Error".into(),
        ObjectBuilder::new()
            .property(
                "code",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(codes)),
            )
            .property("message", ObjectBuilder::new().schema_type(Type::String))
            .property(
                "type",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["invalid_request", "auth", "internal"])),
            )
            .property(
                "details",
                ArrayBuilder::new().items(
                    ObjectBuilder::new()
                        .property("path", ObjectBuilder::new().schema_type(Type::String))
                        .property("message", ObjectBuilder::new().schema_type(Type::String)),
                ),
            )
            .property(
                "position",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .description(Some(
                        "for a malformed search query: the character (from 1) where it goes wrong",
                    )),
            )
            .required("code")
            .required("message")
            .required("type")
            .into(),
    ));
    schemas.push(("RecordMeta".into(), Schema::Object(meta_schema()).into()));
    let ts = || {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
    };
    schemas.push((
        "Revisions".into(),
        ObjectBuilder::new()
            .property(
                "items",
                ArrayBuilder::new().items(
                    ObjectBuilder::new()
                        .property(
                            "record_id",
                            ObjectBuilder::new()
                                .schema_type(Type::String)
                                .description(Some(
                                    "the record this revision is of: the one asked about, or \
                                 one merged into it",
                                )),
                        )
                        .property("version", ObjectBuilder::new().schema_type(Type::Integer))
                        .property("op", ObjectBuilder::new().schema_type(Type::String))
                        .property("at", ts())
                        .property("actor", ObjectBuilder::new().schema_type(Type::String))
                        .property(
                            "changes",
                            ObjectBuilder::new().description(Some("field → {from, to}")),
                        ),
                ),
            )
            .into(),
    ));
    use crate::routes::{audit, system};
    use utoipa::{PartialSchema, ToSchema};
    schemas.push(("Me".into(), system::Me::schema()));
    schemas.push((
        "Document".into(),
        crate::openapi_documents::document_schema(),
    ));
    schemas.push((
        "Duplicate".into(),
        crate::openapi_documents::duplicate_schema(),
    ));
    schemas.push(("AuditPage".into(), audit::AuditPage::schema()));
    schemas.push(("AuditEntryOut".into(), audit::AuditEntryOut::schema()));
    schemas.push(("ChainReportOut".into(), audit::ChainReportOut::schema()));
    {
        use crate::routes::imports;
        use hireloop_engine::imports::{ImportView, Progress};
        schemas.push(("ImportView".into(), ImportView::schema()));
        ImportView::schemas(&mut schemas);
        schemas.push(("Progress".into(), Progress::schema()));
        schemas.push(("ImportList".into(), imports::ImportList::schema()));
        imports::ImportList::schemas(&mut schemas);
        schemas.push((
            "ImportErrorsPage".into(),
            imports::ImportErrorsPage::schema(),
        ));
        imports::ImportErrorsPage::schemas(&mut schemas);
    }
    system::Me::schemas(&mut schemas);
    schemas.sort_by(|a, b| a.0.cmp(&b.0));
    schemas.dedup_by(|a, b| a.0 == b.0);
    let components = ComponentsBuilder::new()
        .schemas_from_iter(schemas)
        .security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("hl_<prefix>_<secret>")
                    .build(),
            ),
        )
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Hireloop API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Self-hosted staffing and recruiting engine. Authenticate with \
                     `Authorization: Bearer <api key>`. Errors are `{code, message, type}`.",
                ))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components))
        .build()
}
