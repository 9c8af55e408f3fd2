//! The OpenAPI description of `GET /v1/search` and `POST /v1/search/reindex`.

use utoipa::openapi::path::{HttpMethod, ParameterIn, PathItem};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{PathsBuilder, RefOr, Schema};

use crate::openapi::{op, param};
use crate::openapi_documents::string;

/// `kind` or null.
fn nullable(kind: Type) -> SchemaType {
    SchemaType::from_iter([kind, Type::Null])
}

fn number(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Number)
        .description(Some(description))
}

fn integer(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .description(Some(description))
}

/// A collection's state, as searches and reindex report it.
fn index_state() -> ObjectBuilder {
    ObjectBuilder::new()
        .property("docs", integer("records in the index"))
        .property("last_seq", integer("the last change-log sequence applied"))
        .property("model", string("the vector model, or none"))
        .property(
            "building",
            ObjectBuilder::new()
                .schema_type(Type::Boolean)
                .description(Some(
                    "the first build is running; results cover what is indexed so far",
                )),
        )
        .property(
            "rebuilding",
            ObjectBuilder::new()
                .schema_type(Type::Boolean)
                .description(Some(
                    "a rebuild runs in the background; results come from the \
                             previous index until it switches in",
                )),
        )
        .property(
            "semantic",
            ObjectBuilder::new()
                .schema_type(Type::Boolean)
                .description(Some(
                    "semantic search is available (the index's vectors come from \
                             the installed model)",
                )),
        )
}

pub fn search_paths(paths: PathsBuilder) -> PathsBuilder {
    let q = ParameterIn::Query;
    let params = vec![
        param(
            "type",
            q.clone(),
            false,
            "candidates (default) or requirements",
        ),
        param(
            "q",
            q.clone(),
            false,
            "the query: words and \"phrases\" (any text field), title:/skill:/company:/name:/text: \
             terms, AND, OR, NOT (or -), parentheses; filters near:\"City, ST\" radius:50mi \
             (or km; 25 mi by default), remote:remote,hybrid, available:YYYY-MM-DD, rate:min..max \
             (hourly), auth:us_citizen,green_card, status:active, id:KEY. Filters apply to the \
             whole query and may not sit under OR or NOT. A bare word equal to a record's id, \
             external id, e-mail or phone is an exact hit and ranks first.",
        ),
        param(
            "mode",
            q.clone(),
            false,
            "hybrid (default: records matching the keyword query first, then records found by \
             meaning alone), keyword (BM25 with field boosts) or semantic (nearest in meaning)",
        ),
        param("near", q.clone(), false, "a place, as the near: filter"),
        param("radius", q.clone(), false, "as the radius: filter"),
        param("remote", q.clone(), false, "as the remote: filter"),
        param("available", q.clone(), false, "as the available: filter"),
        param("rate", q.clone(), false, "as the rate: filter"),
        param("auth", q.clone(), false, "as the auth: filter"),
        param("status", q.clone(), false, "as the status: filter"),
        param("id", q.clone(), false, "as the id: filter"),
        param(
            "limit",
            q.clone(),
            false,
            "hits per page, 1 to 100 (default 20)",
        ),
        param(
            "cursor",
            q.clone(),
            false,
            "next_cursor of the previous page of the same search",
        ),
        param("fusion", q.clone(), false, "rrf (default) or weighted"),
        param(
            "rrf_k",
            q.clone(),
            false,
            "reciprocal-rank constant (default 60)",
        ),
        param(
            "keyword_weight",
            q.clone(),
            false,
            "0 to 1: the keyword side's weight (rrf, default 1) or share (weighted, default 0.5)",
        ),
        param(
            "semantic_weight",
            q,
            false,
            "0 to 1: the semantic side's weight (rrf, default 1)",
        ),
    ];
    let explanation = ObjectBuilder::new()
        .property(
            "exact",
            ObjectBuilder::new()
                .schema_type(nullable(Type::String))
                .description(Some("the key the query named exactly, or null")),
        )
        .property(
            "keyword",
            ObjectBuilder::new()
                .schema_type(nullable(Type::Object))
                .property("rank", integer("rank on the keyword side, from 1"))
                .property("score", number("BM25 score"))
                .description(Some(
                    "null when the record does not match the keyword query",
                )),
        )
        .property(
            "semantic",
            ObjectBuilder::new()
                .schema_type(nullable(Type::Object))
                .property(
                    "rank",
                    ObjectBuilder::new()
                        .schema_type(nullable(Type::Integer))
                        .description(Some("rank on the semantic side (null beyond its pool)")),
                )
                .property("similarity", number("cosine similarity to the query"))
                .description(Some("null without a query vector")),
        )
        .property(
            "matched",
            ArrayBuilder::new()
                .items(
                    ObjectBuilder::new()
                        .property("field", string("name, title, skill, company or text"))
                        .property("term", string("the word or phrase of the query")),
                )
                .description(Some("the query's words and phrases this record contains")),
        )
        .property(
            "filters",
            ArrayBuilder::new()
                .items(string("why the record passed a filter"))
                .description(Some(
                    "e.g. \"12 mi (19 km) from Austin, TX, US, within 50 mi\"",
                )),
        );
    let hit = ObjectBuilder::new()
        .property("id", string("the record's id"))
        .property("score", number("the fused score the list is ordered by"))
        .property(
            "record",
            ObjectBuilder::new().description(Some("the record: id, version and its fields")),
        )
        .property("explanation", explanation);
    let out: RefOr<Schema> = ObjectBuilder::new()
        .property("type", string("candidates or requirements"))
        .property(
            "mode",
            string("the mode that ran (hybrid runs as keyword without vectors)"),
        )
        .property(
            "total",
            integer(
                "records matching (keyword), or ranked (hybrid and semantic, at most 1000 a side)",
            ),
        )
        .property("hits", ArrayBuilder::new().items(hit))
        .property(
            "next_cursor",
            ObjectBuilder::new()
                .schema_type(nullable(Type::String))
                .description(Some("the next page's cursor, or null")),
        )
        .property("index", index_state())
        .into();
    let get = op(
        "search",
        "search".into(),
        "Search candidates or requirements by keyword, meaning or both, with reasons".into(),
        params,
        ("200", "a page of hits", out),
        &[
            (
                "422",
                "a malformed query (the body's position names the character, from 1), an \
                 unknown status or place, a filter given twice, or a cursor of another search",
            ),
            (
                "503",
                "semantic search without the static embedder installed, or while the index \
                 is rebuilt for a new vector model",
            ),
        ],
    );
    let reindex = op(
        "search",
        "reindexSearch".into(),
        "Rebuild the tenant's search index of a type in the background (owners and admins)".into(),
        vec![param(
            "type",
            ParameterIn::Query,
            true,
            "candidates or requirements",
        )],
        (
            "202",
            "the rebuild started (or one already runs): searches keep answering from the \
             current index until the new one switches in",
            ObjectBuilder::new()
                .property("type", string("candidates or requirements"))
                .property("index", index_state())
                .into(),
        ),
        &[
            ("422", "type missing or not candidates or requirements"),
            ("503", "search is not configured on this server"),
        ],
    );
    paths
        .path("/v1/search", PathItem::new(HttpMethod::Get, get.build()))
        .path(
            "/v1/search/reindex",
            PathItem::new(HttpMethod::Post, reindex.build()),
        )
}
