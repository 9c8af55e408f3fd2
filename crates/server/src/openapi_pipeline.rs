//! The OpenAPI description of the pipeline: submitting candidates to requirements,
//! submissions and their moves through the stage machine, activities and client
//! blacklists (`routes::pipeline`), with their component schemas and the small schema
//! helpers the matching and review descriptions share.

use hireloop_domain::pipeline::Stage;
use hireloop_domain::values::{Money, RateUnit};
use hireloop_store::{ACTIVITY_ENTITIES, ACTIVITY_KINDS};
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, ParameterIn, PathItem, PathItemBuilder,
};
use utoipa::openapi::schema::RefBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, SchemaType, Type};
use utoipa::openapi::{KnownFormat, PathsBuilder, Ref, RefOr, Schema, SchemaFormat};
use utoipa::{PartialSchema, ToSchema};

use crate::openapi::{body_of, op, param};
use crate::openapi_documents::string;

/// Component schemas by name, as `openapi::document` collects them.
pub(crate) type Schemas = Vec<(String, RefOr<Schema>)>;

/// `kind` or null.
pub(crate) fn nullable(kind: Type) -> SchemaType {
    SchemaType::from_iter([kind, Type::Null])
}

/// A value of one type (or a type and null), described.
pub(crate) fn typed(kind: impl Into<SchemaType>, description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(kind)
        .description(Some(description))
}

/// A number from 0 to 1.
pub(crate) fn unit(description: &str) -> ObjectBuilder {
    typed(Type::Number, description)
        .minimum(Some(0.0))
        .maximum(Some(1.0))
}

pub(crate) fn uuid(description: &str) -> ObjectBuilder {
    string(description).format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
}

pub(crate) fn nullable_uuid(description: &str) -> ObjectBuilder {
    uuid(description).schema_type(nullable(Type::String))
}

pub(crate) fn timestamp(description: &str) -> ObjectBuilder {
    string(description).format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
}

pub(crate) fn date(description: &str) -> ObjectBuilder {
    string(description).format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
}

/// A string of one of `values`.
pub(crate) fn one_of(values: &[&str], description: &str) -> ObjectBuilder {
    string(description).enum_values(Some(values.iter().copied()))
}

pub(crate) fn schema_ref(name: &str) -> RefOr<Schema> {
    Ref::from_schema_name(name).into()
}

/// A component, described.
pub(crate) fn described(name: &str, description: impl Into<String>) -> RefOr<Schema> {
    RefBuilder::new()
        .ref_location_from_schema_name(name)
        .description(Some(description))
        .build()
        .into()
}

/// A component, or null.
pub(crate) fn or_null(name: &str, description: &str) -> OneOfBuilder {
    OneOfBuilder::new()
        .item(Ref::from_schema_name(name))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .description(Some(description))
}

/// `{items: [name]}`, with `next_cursor` when the list pages.
pub(crate) fn items_of(name: &str, paged: bool) -> ObjectBuilder {
    let b = ObjectBuilder::new()
        .property("items", ArrayBuilder::new().items(schema_ref(name)))
        .required("items");
    if !paged {
        return b;
    }
    b.property(
        "next_cursor",
        typed(
            nullable(Type::String),
            "pass as cursor for the next page; null on the last",
        ),
    )
    .required("next_cursor")
}

pub(crate) fn id_param(what: &str) -> utoipa::openapi::path::Parameter {
    param("id", ParameterIn::Path, true, what)
}

pub(crate) fn idempotency_key() -> utoipa::openapi::path::Parameter {
    param(
        "Idempotency-Key",
        ParameterIn::Header,
        false,
        "a retry with the same key replays the first response",
    )
}

pub(crate) fn if_match_param(what: &str) -> utoipa::openapi::path::Parameter {
    param(
        "If-Match",
        ParameterIn::Header,
        false,
        &format!("the ETag ({what}'s version) you last read; 412 if it changed since"),
    )
}

pub(crate) fn json_body(schema: ObjectBuilder) -> utoipa::openapi::request_body::RequestBody {
    body_of("application/json", schema)
}

/// The operation answering 204 with no body in place of its documented success.
fn no_content(b: OperationBuilder, description: &str) -> Operation {
    let mut o = b.build();
    o.responses.responses.remove("200");
    o.responses.responses.insert(
        "204".into(),
        utoipa::openapi::ResponseBuilder::new()
            .description(description)
            .build()
            .into(),
    );
    o
}

const STAGE_RULES: &str = "Forward moves go one step at a time: draft → submitted → \
    client_review → interview → offer → placed, except that submitted may go straight to \
    interview and client_review straight to offer; interview may repeat (each move into it \
    is one round). Any open stage may exit as rejected, withdrawn or closed (with a \
    reason); interview, offer and placed may become no_show. placed, rejected, withdrawn, \
    no_show and closed end the submission (a placed one may still become a no_show).";

fn submission_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .description(Some(
            "A candidate put forward for a requirement, and where it stands.",
        ))
        .property("id", uuid("the submission's id (UUIDv7)"))
        .required("id")
        .property("candidate_id", uuid("the candidate put forward"))
        .required("candidate_id")
        .property("requirement_id", uuid("the requirement"))
        .required("requirement_id")
        .property(
            "company_id",
            nullable_uuid("the requirement's client, when it names one"),
        )
        .required("company_id")
        .property("stage", schema_ref("Stage"))
        .required("stage")
        .property(
            "next_stages",
            ArrayBuilder::new()
                .items(schema_ref("Stage"))
                .description(Some(
                    "the stages it may move to next; empty once it has ended",
                )),
        )
        .required("next_stages")
        .property("rounds", typed(Type::Integer, "interview rounds so far"))
        .required("rounds")
        .property(
            "placement",
            or_null("Placement", "set by the move to placed"),
        )
        .required("placement")
        .property(
            "score",
            typed(
                nullable(Type::Number),
                "the match score (0 to 1) when it followed a recommendation",
            ),
        )
        .required("score")
        .property(
            "source",
            string(
                "how it started: manual, match (submitted with a score) or review \
                 (approved from the review queue)",
            ),
        )
        .required("source")
        .property("version", typed(Type::Integer, "also the ETag"))
        .required("version")
        .property("created_at", timestamp("when it was submitted"))
        .required("created_at")
        .property("updated_at", timestamp("when it last moved"))
        .required("updated_at")
        .property("created_by", string("who submitted it"))
        .required("created_by")
        .property("updated_by", string("who moved it last"))
        .required("updated_by")
}

fn event_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .description(Some(
            "One step of a submission's timeline: its creation or a move.",
        ))
        .property("id", uuid("the event's id"))
        .required("id")
        .property(
            "from",
            or_null("Stage", "the stage moved from; null for the creation"),
        )
        .required("from")
        .property("to", schema_ref("Stage"))
        .required("to")
        .property(
            "reason",
            typed(
                nullable(Type::String),
                "why (an exit's reason), or the note given at submission",
            ),
        )
        .required("reason")
        .property("at", timestamp("when it happened"))
        .required("at")
        .property("actor", string("who did it"))
        .required("actor")
        .property("source", string("on the creation: manual, match or review"))
        .property(
            "score",
            typed(
                nullable(Type::Integer),
                "on the creation: the match score in thousandths (0 to 1000), or null",
            ),
        )
        .property("interview", schema_ref("Interview"))
        .property("placement", schema_ref("Placement"))
}

fn placement_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .description(Some("What a placement records."))
        .property("start_date", date("the first day of work"))
        .required("start_date")
        .property("end_date", date("the last day, for a fixed term"))
        .property(
            "bill_rate",
            described("Money", "what the client pays, per rate_unit"),
        )
        .property(
            "pay_rate",
            described(
                "Money",
                "what the worker is paid, per rate_unit, in the bill rate's currency",
            ),
        )
        .property(
            "rate_unit",
            described(
                "RateUnit",
                "what the rates are per; required with either rate",
            ),
        )
}

fn activity_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .description(Some(
            "A note, call, e-mail, meeting or message on a record.",
        ))
        .property("id", uuid("the activity's id"))
        .required("id")
        .property("entity", one_of(&ACTIVITY_ENTITIES, "the kind of record"))
        .required("entity")
        .property("entity_id", uuid("the record's id"))
        .required("entity_id")
        .property("kind", one_of(&ACTIVITY_KINDS, "what happened"))
        .required("kind")
        .property("subject", typed(nullable(Type::String), "a subject line"))
        .required("subject")
        .property("body", string("what was said or done"))
        .required("body")
        .property("at", timestamp("when it happened"))
        .required("at")
        .property("created_at", timestamp("when it was logged"))
        .required("created_at")
        .property("actor", string("who logged it"))
        .required("actor")
}

fn blacklisting_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .description(Some(
            "A client that will not see a candidate: the candidate is left out of its \
             requirements' recommendations and cannot be submitted to them.",
        ))
        .property("company_id", uuid("the client"))
        .required("company_id")
        .property("candidate_id", uuid("the candidate"))
        .required("candidate_id")
        .property("reason", string("why"))
        .required("reason")
        .property("created_at", timestamp("when it was added"))
        .required("created_at")
        .property("created_by", string("who added it"))
        .required("created_by")
}

/// The pipeline's component schemas.
pub fn schemas(out: &mut Schemas) {
    let stages: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
    out.push((
        "Stage".into(),
        one_of(
            &stages,
            "Where a submission stands. draft: not yet sent to the client; exits: \
             rejected, withdrawn, no_show, closed.",
        )
        .into(),
    ));
    out.push(("Submission".into(), submission_schema().into()));
    out.push(("SubmissionEvent".into(), event_schema().into()));
    out.push((
        "Interview".into(),
        ObjectBuilder::new()
            .description(Some("One interview round."))
            .property("round", typed(Type::Integer, "from 1"))
            .required("round")
            .property("at", timestamp("when it takes place"))
            .required("at")
            .property("kind", string("e.g. phone, video, onsite"))
            .into(),
    ));
    out.push(("Placement".into(), placement_schema().into()));
    out.push(("Money".into(), Money::schema()));
    Money::schemas(out);
    out.push(("RateUnit".into(), RateUnit::schema()));
    out.push(("Activity".into(), activity_schema().into()));
    out.push(("Blacklisting".into(), blacklisting_schema().into()));
}

/// `POST /v1/requirements/{id}/submit` and `/v1/submissions`.
fn submission_paths(paths: PathsBuilder) -> PathsBuilder {
    let submit_body = ObjectBuilder::new()
        .property("candidate_id", uuid("the candidate to put forward"))
        .required("candidate_id")
        .property(
            "stage",
            one_of(
                &["draft", "submitted"],
                "where it starts: submitted (default, sent to the client) or draft",
            )
            .default(Some("submitted".into())),
        )
        .property(
            "note",
            string("kept as the reason of the submission's first event"),
        )
        .property(
            "score",
            unit(
                "the match score when the submission follows a recommendation (the \
                 source is then match)",
            ),
        );
    let submit = op(
        "submissions",
        "requirements_submit".into(),
        "Submit a candidate to a requirement".into(),
        vec![id_param("the requirement's id"), idempotency_key()],
        (
            "201",
            "the new submission, with its version as ETag and its address as Location",
            schema_ref("Submission"),
        ),
        &[
            ("404", "no such requirement"),
            (
                "409",
                "refused: the requirement is filled or closed, the candidate asked not to \
                 be contacted, the client has blacklisted the candidate, or the candidate \
                 is already submitted there; or a request with this Idempotency-Key is \
                 still running",
            ),
            ("413", "body too large"),
            ("415", "not JSON"),
            (
                "422",
                "a field is invalid, or the requirement or candidate does not exist (named \
                 in details), or an Idempotency-Key reused with another body",
            ),
        ],
    )
    .request_body(Some(json_body(submit_body)));
    let q = ParameterIn::Query;
    let counts = ObjectBuilder::new()
        .additional_properties(Some(ObjectBuilder::new().schema_type(Type::Integer)))
        .description(Some(
            "the tenant's submissions at each stage (all of them, whatever the filters)",
        ));
    let list = op(
        "submissions",
        "submissions_list".into(),
        "List submissions, newest first".into(),
        vec![
            param("requirement_id", q.clone(), false, "a requirement's"),
            param("candidate_id", q.clone(), false, "a candidate's"),
            param(
                "stage",
                q.clone(),
                false,
                "those at one stage (see the Stage schema)",
            ),
            param(
                "cursor",
                q.clone(),
                false,
                "next_cursor from the previous page",
            ),
            param("limit", q, false, "page size, 1 to 200 (default 50)"),
        ],
        (
            "200",
            "a page of submissions",
            items_of("Submission", true)
                .property("counts", counts)
                .required("counts")
                .into(),
        ),
        &[],
    );
    let with_events = submission_schema().property(
        "events",
        ArrayBuilder::new()
            .items(schema_ref("SubmissionEvent"))
            .description(Some("its timeline, oldest first")),
    );
    let show = op(
        "submissions",
        "submissions_show".into(),
        "A submission with its timeline".into(),
        vec![id_param("the submission's id")],
        (
            "200",
            "the submission, with its version as ETag",
            with_events.required("events").into(),
        ),
        &[("404", "no such submission")],
    );
    let move_body = ObjectBuilder::new()
        .property("to", schema_ref("Stage"))
        .required("to")
        .property(
            "reason",
            string("why; required to move to rejected, withdrawn, no_show or closed"),
        )
        .property(
            "interview",
            ObjectBuilder::new()
                .description(Some(
                    "required for a move to interview, refused for any other",
                ))
                .property("at", timestamp("when it takes place"))
                .required("at")
                .property(
                    "round",
                    typed(
                        Type::Integer,
                        "the next round (rounds + 1), which is also the default",
                    ),
                )
                .property("kind", string("e.g. phone, video, onsite")),
        )
        .property(
            "placement",
            or_null(
                "Placement",
                "required for a move to placed, refused for any other; rates need a \
                 rate_unit, and pay in the bill rate's currency",
            ),
        );
    let move_op = op(
        "submissions",
        "submissions_move".into(),
        "Move a submission to another stage".into(),
        vec![
            id_param("the submission's id"),
            if_match_param("the submission"),
            idempotency_key(),
        ],
        (
            "200",
            "the moved submission, with its new version as ETag",
            schema_ref("Submission"),
        ),
        &[
            ("404", "no such submission"),
            (
                "409",
                "a request with this Idempotency-Key is still running",
            ),
            ("412", "stale If-Match: the submission changed since"),
            ("413", "body too large"),
            ("415", "not JSON"),
            (
                "422",
                "a move the stage machine refuses, named in details: to (not allowed from \
                 the current stage; the message lists where it may go), reason, interview, \
                 interview.round, placement, placement.end_date, placement.rate_unit or \
                 placement.pay_rate; or an Idempotency-Key reused with another body",
            ),
        ],
    )
    .description(Some(STAGE_RULES))
    .request_body(Some(json_body(move_body)));
    paths
        .path(
            "/v1/requirements/{id}/submit",
            PathItem::new(HttpMethod::Post, submit.build()),
        )
        .path(
            "/v1/submissions",
            PathItem::new(HttpMethod::Get, list.build()),
        )
        .path(
            "/v1/submissions/{id}",
            PathItem::new(HttpMethod::Get, show.build()),
        )
        .path(
            "/v1/submissions/{id}/move",
            PathItem::new(HttpMethod::Post, move_op.build()),
        )
}

/// `/v1/activities` and `/v1/companies/{id}/blacklist`.
fn activity_paths(paths: PathsBuilder) -> PathsBuilder {
    let q = ParameterIn::Query;
    let entities = ACTIVITY_ENTITIES.join(", ");
    let list = op(
        "activities",
        "activities_list".into(),
        "A record's timeline of activities, newest first".into(),
        vec![
            param("entity", q.clone(), true, &format!("one of {entities}")),
            param("entity_id", q.clone(), true, "the record's id"),
            param(
                "cursor",
                q.clone(),
                false,
                "next_cursor from the previous page",
            ),
            param("limit", q, false, "page size, 1 to 200 (default 50)"),
        ],
        (
            "200",
            "a page of activities",
            items_of("Activity", true).into(),
        ),
        &[],
    );
    let body = ObjectBuilder::new()
        .property("entity", one_of(&ACTIVITY_ENTITIES, "the kind of record"))
        .required("entity")
        .property("entity_id", uuid("the record's id"))
        .required("entity_id")
        .property("kind", one_of(&ACTIVITY_KINDS, "what happened"))
        .required("kind")
        .property("subject", string("a subject line"))
        .property("body", string("what was said or done; not empty"))
        .required("body")
        .property("at", timestamp("when it happened (default: now)"));
    let create = op(
        "activities",
        "activities_create".into(),
        "Log an activity on a record".into(),
        vec![idempotency_key()],
        ("201", "the activity", schema_ref("Activity")),
        &[
            (
                "409",
                "a request with this Idempotency-Key is still running",
            ),
            ("413", "body too large"),
            ("415", "not JSON"),
            (
                "422",
                "an unknown entity or kind, no such record, an empty body, or an \
                 Idempotency-Key reused with another body",
            ),
        ],
    )
    .request_body(Some(json_body(body)));
    let company = || id_param("the company's id");
    let blacklist = op(
        "companies",
        "companies_blacklist".into(),
        "The candidates a client will not see".into(),
        vec![company()],
        (
            "200",
            "the blacklist",
            items_of("Blacklisting", false).into(),
        ),
        &[("404", "no such company")],
    );
    let add_body = ObjectBuilder::new()
        .property("candidate_id", uuid("the candidate"))
        .required("candidate_id")
        .property(
            "reason",
            string("why the client will not see them; not empty"),
        )
        .required("reason");
    let add = op(
        "companies",
        "companies_blacklist_add".into(),
        "Blacklist a candidate at a client (again: replaces the reason)".into(),
        vec![company()],
        ("201", "the blacklisting", schema_ref("Blacklisting")),
        &[
            ("404", "no such company"),
            ("413", "body too large"),
            ("415", "not JSON"),
            ("422", "no such candidate, or an empty reason"),
        ],
    )
    .request_body(Some(json_body(add_body)));
    let remove = no_content(
        op(
            "companies",
            "companies_blacklist_remove".into(),
            "Lift a blacklisting".into(),
            vec![
                company(),
                param(
                    "candidate_id",
                    ParameterIn::Path,
                    true,
                    "the candidate's id",
                ),
            ],
            ("200", "", ObjectBuilder::new().into()),
            &[(
                "404",
                "no such company, or the candidate is not blacklisted there",
            )],
        ),
        "lifted",
    );
    paths
        .path(
            "/v1/activities",
            PathItemBuilder::new()
                .operation(HttpMethod::Get, list.build())
                .operation(HttpMethod::Post, create.build())
                .build(),
        )
        .path(
            "/v1/companies/{id}/blacklist",
            PathItemBuilder::new()
                .operation(HttpMethod::Get, blacklist.build())
                .operation(HttpMethod::Post, add.build())
                .build(),
        )
        .path(
            "/v1/companies/{id}/blacklist/{candidate_id}",
            PathItem::new(HttpMethod::Delete, remove),
        )
}

/// Every pipeline route.
pub fn paths(paths: PathsBuilder) -> PathsBuilder {
    activity_paths(submission_paths(paths))
}
