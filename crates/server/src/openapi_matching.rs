//! The OpenAPI description of matching: recommendations both ways,
//! `POST /v1/ai/match-score`, match runs and the tenant's matching settings
//! (`routes::matching`), with their component schemas.

use hireloop_engine::matching::{FactorName, Weights};
use hireloop_engine::recommend::settings::DEFAULT_REVIEW_THRESHOLD;
use hireloop_engine::recommend::{DEFAULT_POOL, MAX_POOL, MAX_TOP_K};
use utoipa::openapi::PathsBuilder;
use utoipa::openapi::path::{HttpMethod, ParameterIn, PathItem, PathItemBuilder};
use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, ObjectBuilder, Type};

use crate::openapi::{op, param};
use crate::openapi_documents::string;
use crate::openapi_pipeline::{
    Schemas, date, described, id_param, if_match_param, items_of, json_body, nullable,
    nullable_uuid, one_of, schema_ref, timestamp, typed, unit, uuid,
};

const FACTORS: &str = "skills, location, rate, seniority, history and availability";

fn weights_schema() -> ObjectBuilder {
    let d = Weights::default();
    let mut b = ObjectBuilder::new()
        .description(Some(format!(
            "How much each factor counts: each a number from 0 to 1, all six summing to 1. \
             Defaults: {}.",
            FactorName::ALL
                .iter()
                .map(|f| format!("{} {:.2}", f.as_str(), d.get(*f)))
                .collect::<Vec<_>>()
                .join(", ")
        )))
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    for f in FactorName::ALL {
        b = b
            .property(
                f.as_str(),
                unit(&format!("the {} factor's weight", f.as_str())),
            )
            .required(f.as_str());
    }
    b
}

fn strings(description: &str) -> ArrayBuilder {
    ArrayBuilder::new()
        .items(ObjectBuilder::new().schema_type(Type::String))
        .description(Some(description))
}

/// The fields of an explained score, which a recommended item shares.
fn explained(b: ObjectBuilder) -> ObjectBuilder {
    b.property("score", unit("Σ weight × factor value"))
        .required("score")
        .property(
            "factors",
            ArrayBuilder::new()
                .items(schema_ref("Factor"))
                .description(Some(format!("one per factor: {FACTORS}"))),
        )
        .required("factors")
        .property(
            "version",
            string("the model and weights version, e.g. match-v3/w-1a2b3c4d"),
        )
        .required("version")
        .property(
            "reasons",
            strings("every factor's reasons, biggest contribution first (with explain)"),
        )
        .property(
            "blockers",
            strings(
                "rules the pair breaks (work authorisation, the candidate's status); such \
                 a pair is never recommended (with explain)",
            ),
        )
}

fn recommended_item() -> ObjectBuilder {
    let b = ObjectBuilder::new()
        .description(Some("One ranked record, its score explained."))
        .property("rank", typed(Type::Integer, "from 1"))
        .required("rank")
        .property(
            "candidate_id",
            uuid("in a requirement's list: the candidate ranked"),
        )
        .property(
            "requirement_id",
            uuid("in a candidate's list: the requirement ranked"),
        )
        .property(
            "similar_candidate_id",
            uuid("in a list of people like a candidate: the person ranked"),
        )
        .property(
            "label",
            string("the candidate's name or the requirement's title"),
        )
        .required("label");
    explained(b)
        .property(
            "submission",
            ObjectBuilder::new()
                .schema_type(nullable(Type::Object))
                .description(Some("the pair's submission, if there is one"))
                .property("id", uuid("the submission's id"))
                .property("stage", schema_ref("Stage")),
        )
        .required("submission")
        .property(
            "recall",
            ObjectBuilder::new()
                .description(Some("where the recall found it (null: not on that side)"))
                .property(
                    "keyword_rank",
                    typed(nullable(Type::Integer), "rank on the keyword side"),
                )
                .property(
                    "semantic_rank",
                    typed(nullable(Type::Integer), "rank on the semantic side"),
                ),
        )
        .required("recall")
}

pub(crate) fn recommendations() -> ObjectBuilder {
    ObjectBuilder::new()
        .description(Some("A ranked list and how it was made."))
        .property(
            "requirement_id",
            uuid("the subject, in a requirement's list"),
        )
        .property(
            "candidate_id",
            uuid("the subject, in a candidate's list or a list of people like them"),
        )
        .property(
            "items",
            ArrayBuilder::new().items(schema_ref("RecommendedItem")),
        )
        .required("items")
        .property(
            "run_id",
            nullable_uuid(
                "the match run recorded (GET /v1/match-runs/{id}); null with record=false",
            ),
        )
        .required("run_id")
        .property(
            "digest",
            string(
                "SHA-256 of the inputs (subject and pool with their versions, weights, \
                 model, date, options): the same digest gives the same list",
            ),
        )
        .required("digest")
        .property("weights_version", string("e.g. match-v3/w-1a2b3c4d"))
        .required("weights_version")
        .property("model_version", string("the scoring model and embedder"))
        .required("model_version")
        .property("as_of", date("the date availability was judged on"))
        .required("as_of")
        .property("recalled", typed(Type::Integer, "hits the recall returned"))
        .required("recalled")
        .property(
            "excluded",
            ObjectBuilder::new()
                .property(
                    "blacklisted",
                    typed(Type::Integer, "pairs the client blacklisted"),
                )
                .required("blacklisted")
                .property(
                    "blocked",
                    typed(Type::Integer, "pairs with a blocker (see blockers)"),
                )
                .required("blocked"),
        )
        .required("excluded")
        .property(
            "semantic",
            typed(
                Type::Boolean,
                "whether the vector side took part in recall and similarity",
            ),
        )
        .required("semantic")
}

fn match_run() -> ObjectBuilder {
    let params = ObjectBuilder::new()
        .description(Some("the options and counts of the call"))
        .property("top_k", typed(Type::Integer, "list length asked for"))
        .property("pool", typed(Type::Integer, "recall pool size"))
        .property("today", date("the date availability was judged on"))
        .property("weights", schema_ref("MatchWeights"))
        .property("recalled", typed(Type::Integer, "hits the recall returned"))
        .property(
            "blacklisted",
            typed(Type::Integer, "pairs left out: blacklisted"),
        )
        .property("blocked", typed(Type::Integer, "pairs left out: a blocker"))
        .property(
            "semantic",
            typed(Type::Boolean, "the vector side took part"),
        );
    let result = ObjectBuilder::new()
        .property("rank", typed(Type::Integer, "from 1"))
        .property("id", uuid("the record ranked"))
        .property("score", unit("its score"))
        .property(
            "factors",
            ObjectBuilder::new()
                .description(Some("factor name → value"))
                .additional_properties(Some(ObjectBuilder::new().schema_type(Type::Number))),
        )
        .property(
            "reasons",
            ArrayBuilder::new()
                .items(ObjectBuilder::new().schema_type(Type::String))
                .description(Some("the reasons shown, biggest contribution first")),
        )
        .property(
            "submission",
            ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::SchemaType::AnyValue)
                .description(Some(
                    "{id, stage} when the pair was already submitted, else null",
                )),
        );
    ObjectBuilder::new()
        .description(Some(
            "A recorded call that produced recommendations: its inputs' digest, versions and \
             results, to show and compare later.",
        ))
        .property("id", uuid("the run's id"))
        .required("id")
        .property(
            "direction",
            one_of(
                &[
                    "candidates_for_requirement",
                    "requirements_for_candidate",
                    "candidates_like_candidate",
                ],
                "which way the list ran",
            ),
        )
        .required("direction")
        .property(
            "subject_id",
            uuid("the requirement or candidate ranked for"),
        )
        .required("subject_id")
        .property("digest", string("SHA-256 of the inputs"))
        .required("digest")
        .property("weights_version", string("e.g. match-v3/w-1a2b3c4d"))
        .required("weights_version")
        .property("model_version", string("the scoring model and embedder"))
        .required("model_version")
        .property("params", params)
        .required("params")
        .property("created_at", timestamp("when it ran"))
        .required("created_at")
        .property("actor", string("who asked"))
        .required("actor")
        .property(
            "results",
            ArrayBuilder::new()
                .items(result)
                .description(Some("the ranked list; only when reading one run")),
        )
}

/// Matching's component schemas.
pub fn schemas(out: &mut Schemas) {
    out.push(("MatchWeights".into(), weights_schema().into()));
    let names: Vec<&str> = FactorName::ALL.iter().map(|f| f.as_str()).collect();
    out.push((
        "Factor".into(),
        ObjectBuilder::new()
            .description(Some("One factor of a score: its value, weight and share."))
            .property("name", one_of(&names, "the factor"))
            .required("name")
            .property("value", unit("0 to 1; 0.5 when its data is missing"))
            .required("value")
            .property("weight", unit("its weight"))
            .required("weight")
            .property(
                "contribution",
                unit("weight × value: its share of the score"),
            )
            .required("contribution")
            .property(
                "known",
                typed(
                    Type::Boolean,
                    "false when data was missing on either side and the value is neutral",
                ),
            )
            .required("known")
            .property(
                "reasons",
                strings("why, in words a recruiter can check (with explain)"),
            )
            .into(),
    ));
    out.push((
        "ExplainedScore".into(),
        explained(ObjectBuilder::new().description(Some(
            "How well a candidate fits a requirement: a score in [0, 1] made of six \
             weighted factors, explained.",
        )))
        .into(),
    ));
    out.push(("RecommendedItem".into(), recommended_item().into()));
    out.push(("Recommendations".into(), recommendations().into()));
    out.push(("MatchRun".into(), match_run().into()));
    out.push((
        "MatchSettings".into(),
        ObjectBuilder::new()
            .description(Some(
                "The tenant's matching settings: the weights its lists use unless a request \
                 names others, and the score from which recommendations enter the review \
                 queue.",
            ))
            .property("weights", schema_ref("MatchWeights"))
            .required("weights")
            .property("weights_version", string("e.g. match-v3/w-1a2b3c4d"))
            .required("weights_version")
            .property(
                "review_threshold",
                unit(&format!(
                    "recommendations scoring at least this are queued for review (default \
                     {DEFAULT_REVIEW_THRESHOLD})"
                )),
            )
            .required("review_threshold")
            .property(
                "version",
                typed(
                    Type::Integer,
                    "also the ETag; 0 until the settings are first saved",
                ),
            )
            .required("version")
            .into(),
    ));
}

/// The query parameters that shape a ranked list.
pub(crate) fn list_params() -> Vec<utoipa::openapi::path::Parameter> {
    let q = ParameterIn::Query;
    vec![
        param(
            "topK",
            q.clone(),
            false,
            &format!("list length, 1 to {MAX_TOP_K} (default 10); also top_k"),
        ),
        param(
            "explain",
            q.clone(),
            false,
            "true (default) for reasons and blockers, false for the numbers only",
        ),
        param(
            "pool",
            q.clone(),
            false,
            &format!("recall pool size, 1 to {MAX_POOL} (default {DEFAULT_POOL})"),
        ),
        param(
            "weights",
            q.clone(),
            false,
            &format!(
                "JSON naming all six factor weights ({FACTORS}), summing to 1; the \
                 tenant's weights otherwise"
            ),
        ),
        param(
            "asOf",
            q.clone(),
            false,
            "YYYY-MM-DD: the date availability is judged on (default today); also as_of",
        ),
        param(
            "record",
            q,
            false,
            "true (default) to record the call as a match run",
        ),
    ]
}

/// A ranked list's errors, with its 404.
pub(crate) fn list_errors(not_found: &'static str) -> [(&'static str, &'static str); 3] {
    [
        ("404", not_found),
        (
            "422",
            "weights that are not six numbers from 0 to 1 summing to 1",
        ),
        (
            "503",
            "this server does not run the search index recommendations need",
        ),
    ]
}

/// Recommendations, match score, match runs and settings.
fn matching_paths(paths: PathsBuilder) -> PathsBuilder {
    let with_queued = recommendations()
        .property(
            "queued",
            typed(
                nullable(Type::Integer),
                "recommendations newly queued for review (those at or above the review \
                 threshold); null when the list is not recorded or the key may not submit",
            ),
        )
        .required("queued");
    let mut params = vec![id_param("the requirement's id")];
    params.extend(list_params());
    let for_requirement = op(
        "matching",
        "requirements_recommendations".into(),
        "The best candidates for a requirement, explained".into(),
        params,
        ("200", "the ranked list", with_queued.into()),
        &list_errors("no such requirement"),
    );
    let mut params = vec![id_param("the candidate's id")];
    params.extend(list_params());
    let for_candidate = op(
        "matching",
        "candidates_recommendations".into(),
        "The best requirements for a candidate, explained".into(),
        params,
        ("200", "the ranked list", schema_ref("Recommendations")),
        &list_errors("no such candidate"),
    );
    let mut params = vec![id_param("the candidate's id")];
    params.extend(list_params());
    let similar = op(
        "matching",
        "candidates_similar".into(),
        "The people most like a candidate, explained".into(),
        params,
        ("200", "the ranked list", schema_ref("Recommendations")),
        &list_errors("no such candidate"),
    )
    .description(Some(
        "Active and placed people ranked by how alike they are: each one's skills against \
         the candidate's both ways, their profiles' meaning and wording, and their titles; \
         place, rate, years and start date are not compared. The candidate is left out. \
         Recorded as a match run unless record=false; never queued for review.",
    ));
    let mut body = ObjectBuilder::new().description(Some(
        "Each side exactly once: a stored record's id, a record's fields, or a text (a \
         resume, a job description) read by the intake parsers.",
    ));
    for (side, schema) in [("candidate", "Candidate"), ("requirement", "Requirement")] {
        body = body
            .property(format!("{side}_id"), uuid(&format!("a stored {side}")))
            .property(
                side,
                described(schema, format!("a {side}'s fields, not stored")),
            )
            .property(format!("{side}_text"), string(&format!("a {side} as text")));
    }
    body = body
        .property(
            "weights",
            described("MatchWeights", "the tenant's weights when not given"),
        )
        .property(
            "as_of",
            date("the date availability is judged on (default today)"),
        );
    let score_out = explained(ObjectBuilder::new())
        .required("reasons")
        .required("blockers")
        .property(
            "candidate_id",
            nullable_uuid("the stored candidate, or null"),
        )
        .required("candidate_id")
        .property(
            "requirement_id",
            nullable_uuid("the stored requirement, or null"),
        )
        .required("requirement_id")
        .property("model_version", string("the scoring model and embedder"))
        .required("model_version")
        .property("as_of", date("the date availability was judged on"))
        .required("as_of");
    let match_score = op(
        "ai",
        "ai_match_score".into(),
        "Score one candidate against one requirement, explained; nothing is stored".into(),
        vec![],
        ("200", "the explained score", score_out.into()),
        &[
            ("404", "a stored record named does not exist"),
            ("413", "body too large"),
            ("415", "not JSON"),
            (
                "422",
                "not exactly one of each side, an invalid record, empty text, an unknown \
                 field, or bad weights or as_of",
            ),
        ],
    )
    .request_body(Some(json_body(body)));
    let q = ParameterIn::Query;
    let runs = op(
        "matching",
        "match_runs_list".into(),
        "A subject's match runs, newest first (without results)".into(),
        vec![
            param(
                "subject_id",
                q.clone(),
                true,
                "the requirement or candidate",
            ),
            param("limit", q, false, "1 to 100 (default 20)"),
        ],
        ("200", "the runs", items_of("MatchRun", false).into()),
        &[],
    );
    let run = op(
        "matching",
        "match_runs_show".into(),
        "One match run, with its results".into(),
        vec![id_param("the run's id")],
        ("200", "the run", schema_ref("MatchRun")),
        &[("404", "no such match run")],
    );
    let settings = op(
        "matching",
        "settings_matching_get".into(),
        "The tenant's matching settings".into(),
        vec![],
        (
            "200",
            "the settings, with their version as ETag",
            schema_ref("MatchSettings"),
        ),
        &[],
    );
    let put_body = ObjectBuilder::new()
        .description(Some("fields left out return to their defaults"))
        .property("weights", schema_ref("MatchWeights"))
        .property(
            "review_threshold",
            unit("recommendations scoring at least this are queued for review"),
        );
    let put = op(
        "matching",
        "settings_matching_put".into(),
        "Set the tenant's matching weights and review threshold (owners and admins)".into(),
        vec![if_match_param("the settings")],
        (
            "200",
            "the saved settings, with their new version as ETag",
            schema_ref("MatchSettings"),
        ),
        &[
            ("412", "stale If-Match: the settings changed since"),
            ("413", "body too large"),
            ("415", "not JSON"),
            (
                "422",
                "an unknown field, or a weight or threshold out of range",
            ),
        ],
    )
    .request_body(Some(json_body(put_body)));
    paths
        .path(
            "/v1/requirements/{id}/recommendations",
            PathItem::new(HttpMethod::Get, for_requirement.build()),
        )
        .path(
            "/v1/candidates/{id}/recommendations",
            PathItem::new(HttpMethod::Get, for_candidate.build()),
        )
        .path(
            "/v1/candidates/{id}/similar",
            PathItem::new(HttpMethod::Get, similar.build()),
        )
        .path(
            "/v1/ai/match-score",
            PathItem::new(HttpMethod::Post, match_score.build()),
        )
        .path(
            "/v1/match-runs",
            PathItem::new(HttpMethod::Get, runs.build()),
        )
        .path(
            "/v1/match-runs/{id}",
            PathItem::new(HttpMethod::Get, run.build()),
        )
        .path(
            "/v1/settings/matching",
            PathItemBuilder::new()
                .operation(HttpMethod::Get, settings.build())
                .operation(HttpMethod::Put, put.build())
                .build(),
        )
}

/// Every matching route.
pub fn paths(paths: PathsBuilder) -> PathsBuilder {
    matching_paths(paths)
}
