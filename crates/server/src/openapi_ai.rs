//! The OpenAPI description of the model endpoints under `/v1/ai` (beside
//! `/v1/ai/extract`, described with the documents).

use hireloop_engine::embeddings::{MAX_TEXT_CHARS, MAX_TEXTS};
use utoipa::openapi::path::{HttpMethod, PathItem};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::{PathsBuilder, RefOr, Schema};

use crate::openapi::op;
use crate::openapi_documents::string;

pub fn embedding_paths(paths: PathsBuilder) -> PathsBuilder {
    let body = ObjectBuilder::new()
        .property(
            "texts",
            ArrayBuilder::new()
                .items(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .max_length(Some(MAX_TEXT_CHARS)),
                )
                .min_items(Some(1))
                .max_items(Some(MAX_TEXTS)),
        )
        .required("texts")
        .property(
            "model",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(["minilm", "static"]))
                .description(Some(
                    "minilm (all-MiniLM-L6-v2, 384 dimensions; the default) or static (the \
                     word-piece table distilled from it, 256 dimensions, for bulk work)",
                )),
        );
    let vector = ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::Number));
    let out: RefOr<Schema> = ObjectBuilder::new()
        .property("model", string("minilm or static"))
        .required("model")
        .property(
            "version",
            string("the model's version: vectors of different versions are not comparable"),
        )
        .required("version")
        .property("dims", ObjectBuilder::new().schema_type(Type::Integer))
        .required("dims")
        .property(
            "vectors",
            ArrayBuilder::new()
                .items(vector)
                .description(Some("one unit vector per text, in order (a text with no words gets zeros from the static model)")),
        )
        .required("vectors")
        .into();
    let embed = op(
        "ai",
        "ai_embeddings".into(),
        "Embed texts as unit vectors; nothing is stored".into(),
        vec![],
        ("200", "the vectors", out),
        &[
            ("415", "not JSON"),
            (
                "422",
                "no texts, too many, a text too long, a text that is not a string, or an unknown model",
            ),
            ("503", "the model's files are not installed on this server"),
        ],
    )
    .request_body(Some(crate::openapi::body_of("application/json", body)));
    paths.path(
        "/v1/ai/embeddings",
        PathItem::new(HttpMethod::Post, embed.build()),
    )
}
