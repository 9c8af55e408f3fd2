//! Reading an answer: the chat-completion body, and content checked as JSON against a
//! schema (and, for typed output, against the type).

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{JsonSchema, LlmError, TokenUsage, push_index, push_key, truncate};

/// What a successful response says.
#[derive(Debug)]
pub(crate) struct Answer {
    pub model: String,
    pub usage: TokenUsage,
    pub finish_reason: Option<String>,
    pub content: Option<String>,
    /// OpenAI's structured outputs put a refusal here instead of content.
    pub refusal: Option<String>,
}

pub(crate) fn parse_answer(body: &[u8], configured_model: &str) -> Result<Answer, LlmError> {
    #[derive(Deserialize)]
    struct Response {
        model: Option<String>,
        choices: Vec<Choice>,
        usage: Option<Usage>,
    }
    #[derive(Deserialize)]
    struct Choice {
        message: ResponseMessage,
        finish_reason: Option<String>,
    }
    #[derive(Deserialize)]
    struct ResponseMessage {
        content: Option<String>,
        refusal: Option<String>,
    }
    #[derive(Deserialize)]
    struct Usage {
        prompt_tokens: Option<u64>,
        completion_tokens: Option<u64>,
        total_tokens: Option<u64>,
    }

    let response: Response = serde_json::from_slice(body).map_err(|e| {
        LlmError::BadResponse(format!(
            "not a chat completion ({e}): {}",
            truncate(&String::from_utf8_lossy(body), 200)
        ))
    })?;
    let choice = response
        .choices
        .into_iter()
        .next()
        .ok_or_else(|| LlmError::BadResponse("no choices".into()))?;
    let usage = response.usage.map_or_else(TokenUsage::default, |u| {
        let prompt = u.prompt_tokens.unwrap_or(0);
        let completion = u.completion_tokens.unwrap_or(0);
        TokenUsage {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: u.total_tokens.unwrap_or(prompt + completion),
        }
    });
    Ok(Answer {
        model: response
            .model
            .unwrap_or_else(|| configured_model.to_string()),
        usage,
        finish_reason: choice.finish_reason,
        content: choice.message.content,
        refusal: choice.message.refusal.filter(|r| !r.is_empty()),
    })
}

/// The answer as JSON valid under `schema`, or why not.
pub(crate) fn checked_json(schema: &JsonSchema, text: &str) -> Result<Value, LlmError> {
    let value: Value = serde_json::from_str(strip_fence(text)).map_err(|e| LlmError::Schema {
        path: "$".into(),
        message: format!("the answer is not JSON ({e}): {}", truncate(text, 120)),
    })?;
    schema.validate(&value)?;
    Ok(value)
}

/// `value` as a `T`; a mismatch is a [`LlmError::Schema`] at the path where it is.
pub(crate) fn typed<T: DeserializeOwned>(value: Value) -> Result<T, LlmError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().iter().fold("$".to_string(), |p, seg| match seg {
            serde_path_to_error::Segment::Seq { index } => push_index(&p, *index),
            serde_path_to_error::Segment::Map { key } => push_key(&p, key),
            serde_path_to_error::Segment::Enum { variant } => push_key(&p, variant),
            serde_path_to_error::Segment::Unknown => format!("{p}.?"),
        });
        LlmError::Schema {
            path,
            message: e.into_inner().to_string(),
        }
    })
}

/// The inside of one Markdown code fence (```` ```json ```` or ```` ``` ````) wrapping
/// the whole answer, which some models add despite `response_format`; any other text
/// around the JSON is left in place to fail parsing.
pub(crate) fn strip_fence(text: &str) -> &str {
    let t = text.trim();
    let Some(inner) = t.strip_prefix("```").and_then(|r| r.strip_suffix("```")) else {
        return t;
    };
    let inner = inner.strip_prefix("json").unwrap_or(inner);
    // The language tag must end the opening line.
    match inner.split_once('\n') {
        Some((tag, body)) if tag.trim().is_empty() => body.trim(),
        _ => t,
    }
}
