//! The OpenAPI description of the review queue (`routes::reviews`): `/v1/reviews`,
//! deciding reviews one by one or in bulk, and refreshing a requirement's queue, with the
//! `Review` schema.

use hireloop_store::REVIEW_STATUSES;
use utoipa::openapi::PathsBuilder;
use utoipa::openapi::path::{HttpMethod, ParameterIn, PathItem};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};

use crate::openapi::{op, param};
use crate::openapi_documents::string;
use crate::openapi_matching::{list_errors, list_params, recommendations};
use crate::openapi_pipeline::{
    Schemas, described, id_param, items_of, json_body, nullable, nullable_uuid, one_of, schema_ref,
    timestamp, typed, unit, uuid,
};

fn review_schema() -> ObjectBuilder {
    let statuses = REVIEW_STATUSES.join(", ");
    ObjectBuilder::new()
        .description(Some(
            "A recommendation at or above the tenant's review threshold, waiting for a \
             recruiter to approve (submitting the candidate), reject or defer it.",
        ))
        .property("id", uuid("the review's id"))
        .required("id")
        .property("requirement_id", uuid("the requirement"))
        .required("requirement_id")
        .property("candidate_id", uuid("the candidate recommended"))
        .required("candidate_id")
        .property(
            "company_id",
            nullable_uuid("the requirement's client, when it names one"),
        )
        .required("company_id")
        .property("score", unit("the match score when it was queued"))
        .required("score")
        .property(
            "status",
            one_of(&REVIEW_STATUSES, &format!("one of {statuses}")),
        )
        .required("status")
        .property(
            "reason",
            typed(nullable(Type::String), "why it was rejected or deferred"),
        )
        .required("reason")
        .property("run_id", nullable_uuid("the match run that queued it"))
        .required("run_id")
        .property(
            "submission_id",
            nullable_uuid("the submission its approval created"),
        )
        .required("submission_id")
        .property("version", typed(Type::Integer, "bumped by each decision"))
        .required("version")
        .property("created_at", timestamp("when it was queued"))
        .required("created_at")
        .property("updated_at", timestamp("when it was last decided"))
        .required("updated_at")
        .property(
            "decided_by",
            typed(nullable(Type::String), "who decided it last"),
        )
        .required("decided_by")
}

/// The review queue's component schemas.
pub fn schemas(out: &mut Schemas) {
    out.push(("Review".into(), review_schema().into()));
}

/// `/v1/reviews` and `POST /v1/requirements/{id}/reviews/refresh`.
pub fn paths(paths: PathsBuilder) -> PathsBuilder {
    let q = ParameterIn::Query;
    let list = op(
        "reviews",
        "reviews_list".into(),
        "The review queue, best score first".into(),
        vec![
            param("requirement_id", q.clone(), false, "one requirement's"),
            param(
                "status",
                q.clone(),
                false,
                &format!(
                    "{} (default open); open and deferred leave out blacklisted and \
                     already-submitted pairs",
                    REVIEW_STATUSES.join(", ")
                ),
            ),
            param(
                "cursor",
                q.clone(),
                false,
                "next_cursor from the previous page",
            ),
            param("limit", q, false, "page size, 1 to 200 (default 50)"),
        ],
        ("200", "a page of reviews", items_of("Review", true).into()),
        &[],
    );
    let refreshed = recommendations()
        .property(
            "queued",
            typed(Type::Integer, "recommendations newly queued for review"),
        )
        .required("queued")
        .property("threshold", unit("the tenant's review threshold"))
        .required("threshold");
    let mut params = vec![id_param("the requirement's id")];
    params.extend(list_params().into_iter().filter(|p| p.name != "record"));
    let refresh = op(
        "reviews",
        "requirements_reviews_refresh".into(),
        "Rank candidates for a requirement now and queue those at or above the review \
         threshold (the run is always recorded)"
            .into(),
        params,
        (
            "200",
            "the ranked list and what was queued",
            refreshed.into(),
        ),
        &list_errors("no such requirement"),
    );
    let review = || schema_ref("Review");
    let id = || id_param("the review's id");
    let start = || {
        one_of(
            &["draft", "submitted"],
            "where the submission starts (default draft)",
        )
    };
    let approve_body = ObjectBuilder::new().property("stage", start()).property(
        "note",
        string("kept as the reason of the submission's first event"),
    );
    let approved = ObjectBuilder::new()
        .property("review", review())
        .required("review")
        .property("submission", schema_ref("Submission"))
        .required("submission");
    let decided = "the review is already approved or rejected";
    let approve = op(
        "reviews",
        "reviews_approve".into(),
        "Approve a review: submit the candidate to the requirement".into(),
        vec![id()],
        (
            "201",
            "the review and the submission it made",
            approved.into(),
        ),
        &[
            ("404", "no such review"),
            (
                "409",
                "the review is already decided, or the submission is refused (the \
                 requirement is filled or closed, the candidate asked not to be contacted, \
                 is blacklisted by the client or already submitted)",
            ),
            ("413", "body too large"),
            ("415", "not JSON"),
            (
                "422",
                "a stage other than draft or submitted, or an unknown field",
            ),
        ],
    )
    .request_body(Some(json_body(approve_body)));
    let reject = op(
        "reviews",
        "reviews_reject".into(),
        "Reject a review; the reason is kept as a signal for the history factor".into(),
        vec![id()],
        ("200", "the rejected review", review()),
        &[
            ("404", "no such review"),
            ("409", decided),
            ("413", "body too large"),
            ("415", "not JSON"),
            ("422", "no reason, or an unknown field"),
        ],
    )
    .request_body(Some(json_body(
        ObjectBuilder::new()
            .property(
                "reason",
                string("why the candidate does not fit; not empty"),
            )
            .required("reason"),
    )));
    let defer = op(
        "reviews",
        "reviews_defer".into(),
        "Defer a review until the requirement's next refresh".into(),
        vec![id()],
        ("200", "the deferred review", review()),
        &[
            ("404", "no such review"),
            ("409", decided),
            ("413", "body too large"),
            ("415", "not JSON"),
            ("422", "an unknown field"),
        ],
    )
    .request_body(Some(json_body(
        ObjectBuilder::new().property("reason", string("why, if you like")),
    )));
    let bulk_body = ObjectBuilder::new()
        .property(
            "ids",
            ArrayBuilder::new()
                .items(uuid("a review's id"))
                .min_items(Some(1))
                .max_items(Some(200)),
        )
        .required("ids")
        .property(
            "action",
            one_of(&["approve", "reject", "defer"], "what to do with each"),
        )
        .required("action")
        .property("reason", string("required to reject; kept on each review"))
        .property("stage", start());
    let result = ObjectBuilder::new()
        .property("id", uuid("the review's id"))
        .required("id")
        .property(
            "status",
            typed(
                Type::Integer,
                "the HTTP status this review alone would have answered with",
            ),
        )
        .required("status")
        .property("review", schema_ref("Review"))
        .property(
            "submission",
            described("Submission", "on approval: the submission it made"),
        )
        .property("error", described("Error", "why this review failed"));
    let bulk = op(
        "reviews",
        "reviews_bulk".into(),
        "Approve, reject or defer many reviews; each is decided on its own".into(),
        vec![],
        (
            "200",
            "each review's outcome, in the order given",
            ObjectBuilder::new()
                .property("results", ArrayBuilder::new().items(result))
                .required("results")
                .into(),
        ),
        &[
            ("413", "body too large"),
            ("415", "not JSON"),
            (
                "422",
                "no ids or more than 200, an unknown action or stage, or no reason to \
                 reject",
            ),
        ],
    )
    .request_body(Some(json_body(bulk_body)));
    paths
        .path("/v1/reviews", PathItem::new(HttpMethod::Get, list.build()))
        .path(
            "/v1/requirements/{id}/reviews/refresh",
            PathItem::new(HttpMethod::Post, refresh.build()),
        )
        .path(
            "/v1/reviews/{id}/approve",
            PathItem::new(HttpMethod::Post, approve.build()),
        )
        .path(
            "/v1/reviews/{id}/reject",
            PathItem::new(HttpMethod::Post, reject.build()),
        )
        .path(
            "/v1/reviews/{id}/defer",
            PathItem::new(HttpMethod::Post, defer.build()),
        )
        .path(
            "/v1/reviews/bulk",
            PathItem::new(HttpMethod::Post, bulk.build()),
        )
}
