//! JSON Schema for structured output, checked here rather than trusted to the server:
//! a subset of the standard (type, properties, required, additionalProperties as a
//! boolean, items, enum, const, minimum/maximum, minLength/maxLength,
//! minItems/maxItems, plus annotations such as title and description). A schema using
//! anything else is refused when it is built, so no constraint is ever silently skipped.

use std::cmp::Ordering;

use serde_json::{Map, Number, Value};

use super::{LlmError, push_index, push_key, truncate};

/// A checked schema, ready to send as `response_format` and to validate answers.
#[derive(Debug, Clone)]
pub struct JsonSchema {
    name: String,
    document: Value,
    root: Node,
}

/// Keywords that only describe; ignoring them loses no constraint.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "$schema",
    "$id",
    "$comment",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

#[derive(Debug, Clone)]
enum Node {
    /// `true`/`{}` accept anything, `false` nothing.
    Bool(bool),
    Rules(Box<Rules>),
}

#[derive(Debug, Clone, Default)]
struct Rules {
    types: Option<Vec<JsonType>>,
    /// In the schema's order, so the first error reported is stable.
    properties: Vec<(String, Node)>,
    required: Vec<String>,
    additional_properties: Option<bool>,
    items: Option<Node>,
    enumeration: Option<Vec<Value>>,
    constant: Option<Value>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    min_items: Option<u64>,
    max_items: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonType {
    Null,
    Boolean,
    Object,
    Array,
    Number,
    Integer,
    String,
}

impl JsonType {
    fn parse(name: &str) -> Option<JsonType> {
        Some(match name {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "object" => JsonType::Object,
            "array" => JsonType::Array,
            "number" => JsonType::Number,
            "integer" => JsonType::Integer,
            "string" => JsonType::String,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::String => "string",
        }
    }

    fn matches(self, v: &Value) -> bool {
        match (self, v) {
            (JsonType::Null, Value::Null)
            | (JsonType::Boolean, Value::Bool(_))
            | (JsonType::Object, Value::Object(_))
            | (JsonType::Array, Value::Array(_))
            | (JsonType::Number, Value::Number(_))
            | (JsonType::String, Value::String(_)) => true,
            // 3.0 is an integer too (JSON Schema counts values, not spellings).
            (JsonType::Integer, Value::Number(n)) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        }
    }
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::Number(_) => "number",
        Value::String(_) => "string",
    }
}

impl JsonSchema {
    /// Checks the schema and refuses it if it is malformed or uses a keyword outside
    /// the supported subset. Named `output` until [`with_name`](Self::with_name).
    pub fn new(document: Value) -> Result<Self, LlmError> {
        let root = compile(&document, "$")?;
        Ok(JsonSchema {
            name: "output".to_string(),
            document,
            root,
        })
    }

    /// The name sent in `response_format` (1–64 of `a-z A-Z 0-9 _ -`, as OpenAI asks).
    pub fn with_name(mut self, name: &str) -> Result<Self, LlmError> {
        let ok = (1..=64).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok {
            return Err(LlmError::InvalidSchema {
                path: "$".into(),
                message: format!("name {name:?} must be 1-64 of a-z, A-Z, 0-9, _ and -"),
            });
        }
        self.name = name.to_string();
        Ok(self)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn document(&self) -> &Value {
        &self.document
    }

    /// The first violation, as [`LlmError::Schema`] with its path (`$.skills[2]`).
    pub fn validate(&self, value: &Value) -> Result<(), LlmError> {
        check(&self.root, value, "$").map_err(|(path, message)| LlmError::Schema { path, message })
    }
}

fn refuse(path: &str, message: impl Into<String>) -> LlmError {
    LlmError::InvalidSchema {
        path: path.to_string(),
        message: message.into(),
    }
}

fn compile(schema: &Value, path: &str) -> Result<Node, LlmError> {
    let obj = match schema {
        Value::Bool(b) => return Ok(Node::Bool(*b)),
        Value::Object(o) => o,
        other => {
            return Err(refuse(
                path,
                format!("a schema is an object or a boolean, not {}", type_of(other)),
            ));
        }
    };
    let mut r = Rules::default();
    for (key, v) in obj {
        let at = push_key(path, key);
        match key.as_str() {
            "type" => r.types = Some(compile_types(v, &at)?),
            "properties" => {
                let Value::Object(props) = v else {
                    return Err(refuse(&at, "properties must be an object"));
                };
                for (name, sub) in props {
                    r.properties
                        .push((name.clone(), compile(sub, &push_key(&at, name))?));
                }
            }
            "required" => {
                let names = v
                    .as_array()
                    .ok_or_else(|| refuse(&at, "required must be an array"))?;
                for (i, n) in names.iter().enumerate() {
                    let n = n
                        .as_str()
                        .ok_or_else(|| refuse(&push_index(&at, i), "required names are strings"))?;
                    r.required.push(n.to_string());
                }
            }
            "additionalProperties" => match v {
                Value::Bool(b) => r.additional_properties = Some(*b),
                _ => {
                    return Err(refuse(
                        &at,
                        "only a boolean additionalProperties is supported",
                    ));
                }
            },
            "items" => {
                if v.is_array() {
                    return Err(refuse(
                        &at,
                        "tuple items (an array of schemas) are not supported",
                    ));
                }
                r.items = Some(compile(v, &at)?);
            }
            "enum" => match v {
                Value::Array(values) if !values.is_empty() => r.enumeration = Some(values.clone()),
                _ => return Err(refuse(&at, "enum must be a non-empty array")),
            },
            "const" => r.constant = Some(v.clone()),
            "minimum" | "maximum" => {
                let Value::Number(n) = v else {
                    return Err(refuse(&at, format!("{key} must be a number")));
                };
                if key == "minimum" {
                    r.minimum = Some(n.clone());
                } else {
                    r.maximum = Some(n.clone());
                }
            }
            "minLength" | "maxLength" | "minItems" | "maxItems" => {
                let n = v
                    .as_u64()
                    .ok_or_else(|| refuse(&at, format!("{key} must be a non-negative integer")))?;
                let slot = match key.as_str() {
                    "minLength" => &mut r.min_length,
                    "maxLength" => &mut r.max_length,
                    "minItems" => &mut r.min_items,
                    _ => &mut r.max_items,
                };
                *slot = Some(n);
            }
            k if ANNOTATIONS.contains(&k) => {}
            other => {
                return Err(refuse(
                    &at,
                    format!("keyword {other:?} is not supported; refusing rather than ignoring it"),
                ));
            }
        }
    }
    Ok(Node::Rules(Box::new(r)))
}

fn compile_types(v: &Value, path: &str) -> Result<Vec<JsonType>, LlmError> {
    let one = |v: &Value, path: &str| {
        v.as_str()
            .and_then(JsonType::parse)
            .ok_or_else(|| refuse(path, format!("unknown type {v}")))
    };
    match v {
        Value::Array(names) if !names.is_empty() => names
            .iter()
            .enumerate()
            .map(|(i, n)| one(n, &push_index(path, i)))
            .collect(),
        Value::Array(_) => Err(refuse(path, "type must not be an empty array")),
        single => Ok(vec![one(single, path)?]),
    }
}

type Violation = (String, String);

/// How a value shows in a message: short, since it came from the model.
fn show(v: &Value) -> String {
    truncate(&v.to_string(), 60)
}

fn check(node: &Node, v: &Value, path: &str) -> Result<(), Violation> {
    let r = match node {
        Node::Bool(true) => return Ok(()),
        Node::Bool(false) => return Err((path.into(), "no value is allowed here".into())),
        Node::Rules(r) => r,
    };
    let fail = |m: String| Err((path.to_string(), m));
    if let Some(types) = &r.types
        && !types.iter().any(|t| t.matches(v))
    {
        let names: Vec<_> = types.iter().map(|t| t.name()).collect();
        return fail(format!(
            "expected {}, got {}",
            names.join(" or "),
            type_of(v)
        ));
    }
    if let Some(c) = &r.constant
        && !json_eq(c, v)
    {
        return fail(format!("expected {}, got {}", show(c), show(v)));
    }
    if let Some(allowed) = &r.enumeration
        && !allowed.iter().any(|a| json_eq(a, v))
    {
        let list: Vec<_> = allowed.iter().map(show).collect();
        return fail(format!(
            "{} is not one of {}",
            show(v),
            truncate(&list.join(", "), 200)
        ));
    }
    match v {
        Value::Number(n) => {
            if let Some(min) = &r.minimum
                && num_cmp(n, min) == Ordering::Less
            {
                return fail(format!("{n} is below the minimum {min}"));
            }
            if let Some(max) = &r.maximum
                && num_cmp(n, max) == Ordering::Greater
            {
                return fail(format!("{n} is above the maximum {max}"));
            }
        }
        Value::String(s) => {
            let len = s.chars().count() as u64;
            if r.min_length.is_some_and(|m| len < m) || r.max_length.is_some_and(|m| len > m) {
                return fail(format!(
                    "string of {len} characters, allowed {}",
                    bounds(r.min_length, r.max_length)
                ));
            }
        }
        Value::Array(items) => {
            let len = items.len() as u64;
            if r.min_items.is_some_and(|m| len < m) || r.max_items.is_some_and(|m| len > m) {
                return fail(format!(
                    "array of {len} items, allowed {}",
                    bounds(r.min_items, r.max_items)
                ));
            }
            if let Some(item) = &r.items {
                for (i, x) in items.iter().enumerate() {
                    check(item, x, &push_index(path, i))?;
                }
            }
        }
        Value::Object(map) => check_object(r, map, path)?,
        Value::Null | Value::Bool(_) => {}
    }
    Ok(())
}

fn check_object(r: &Rules, map: &Map<String, Value>, path: &str) -> Result<(), Violation> {
    for name in &r.required {
        if !map.contains_key(name) {
            return Err((push_key(path, name), "required property is missing".into()));
        }
    }
    for (name, sub) in &r.properties {
        if let Some(x) = map.get(name) {
            check(sub, x, &push_key(path, name))?;
        }
    }
    if r.additional_properties == Some(false) {
        // In the answer's order: the first stray key is the one reported.
        if let Some(extra) = map
            .keys()
            .find(|k| !r.properties.iter().any(|(name, _)| name == *k))
        {
            return Err((
                push_key(path, extra),
                "property not allowed by the schema".into(),
            ));
        }
    }
    Ok(())
}

fn bounds(min: Option<u64>, max: Option<u64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "any".into(),
    }
}

/// Numbers compared by value: exactly when both are integers, else as f64.
fn num_cmp(a: &Number, b: &Number) -> Ordering {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x.cmp(&y);
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x.cmp(&y);
    }
    let (x, y) = (
        a.as_f64().unwrap_or(f64::NAN),
        b.as_f64().unwrap_or(f64::NAN),
    );
    x.partial_cmp(&y).unwrap_or(Ordering::Equal)
}

/// JSON equality as JSON Schema defines it: 1 and 1.0 are equal.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y) == Ordering::Equal,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, p)| y.get(k).is_some_and(|q| json_eq(p, q)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema(v: Value) -> JsonSchema {
        JsonSchema::new(v).expect("schema is supported")
    }

    fn violation(s: &JsonSchema, v: Value) -> (String, String) {
        match s.validate(&v) {
            Err(LlmError::Schema { path, message }) => (path, message),
            other => panic!("expected a schema violation for {v}, got {other:?}"),
        }
    }

    fn refused(v: Value) -> (String, String) {
        match JsonSchema::new(v.clone()) {
            Err(LlmError::InvalidSchema { path, message }) => (path, message),
            other => panic!("expected {v} to be refused, got {other:?}"),
        }
    }

    fn person() -> JsonSchema {
        schema(json!({
            "title": "Person",
            "type": "object",
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 20},
                "age": {"type": ["integer", "null"], "minimum": 0, "maximum": 130},
                "skills": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
                "level": {"enum": ["junior", "senior"]},
                "kind": {"const": "person"},
                "odd key": {"type": "boolean"}
            },
            "required": ["name", "skills"],
            "additionalProperties": false
        }))
    }

    #[test]
    fn accepts_valid_values() {
        let s = person();
        for v in [
            json!({"name": "Ada", "skills": []}),
            json!({"name": "Ada", "age": null, "skills": ["rust"], "level": "senior", "kind": "person"}),
            json!({"name": "Ada", "age": 36.0, "skills": ["a", "b", "c"], "odd key": true}),
        ] {
            s.validate(&v).unwrap_or_else(|e| panic!("{v}: {e}"));
        }
    }

    #[test]
    fn violations_name_their_path() {
        let s = person();
        let cases = [
            (
                json!({"name": "Ada", "skills": ["a", "b", 3]}),
                "$.skills[2]",
                "expected string, got number",
            ),
            (
                json!({"skills": []}),
                "$.name",
                "required property is missing",
            ),
            (
                json!({"name": "Ada", "skills": [], "extra": 1}),
                "$.extra",
                "not allowed",
            ),
            (
                json!({"name": "", "skills": []}),
                "$.name",
                "string of 0 characters, allowed 1 to 20",
            ),
            (
                json!({"name": "Ada", "age": 1.5, "skills": []}),
                "$.age",
                "expected integer or null, got number",
            ),
            (
                json!({"name": "Ada", "age": -1, "skills": []}),
                "$.age",
                "below the minimum 0",
            ),
            (
                json!({"name": "Ada", "age": 131, "skills": []}),
                "$.age",
                "above the maximum 130",
            ),
            (
                json!({"name": "Ada", "skills": ["a", "b", "c", "d"]}),
                "$.skills",
                "array of 4 items, allowed at most 3",
            ),
            (
                json!({"name": "Ada", "skills": [], "level": "lead"}),
                "$.level",
                "\"lead\" is not one of",
            ),
            (
                json!({"name": "Ada", "skills": [], "kind": "robot"}),
                "$.kind",
                "expected \"person\"",
            ),
            (
                json!({"name": "Ada", "skills": [], "odd key": "yes"}),
                "$[\"odd key\"]",
                "expected boolean, got string",
            ),
            (
                json!(["not", "an", "object"]),
                "$",
                "expected object, got array",
            ),
        ];
        for (value, path, message) in cases {
            let (p, m) = violation(&s, value.clone());
            assert_eq!(p, path, "{value}");
            assert!(m.contains(message), "{value}: {m:?} lacks {message:?}");
        }
    }

    #[test]
    fn numbers_compare_by_value() {
        let s = schema(json!({"enum": [1, "1"], "maximum": 1}));
        s.validate(&json!(1.0)).expect("1.0 equals 1");
        s.validate(&json!("1"))
            .expect("strings are not numbers but are allowed");
        violation(&s, json!(2));
        let big = schema(json!({"minimum": u64::MAX}));
        big.validate(&json!(u64::MAX))
            .expect("exact at the top of u64");
        violation(&big, json!(-1));
        // Lengths count characters, not bytes.
        schema(json!({"maxLength": 3}))
            .validate(&json!("äöü"))
            .expect("three characters");
    }

    #[test]
    fn boolean_schemas() {
        schema(json!(true))
            .validate(&json!({"any": 1}))
            .expect("true accepts anything");
        let s = schema(json!({"type": "object", "properties": {"x": false}}));
        s.validate(&json!({})).expect("absent is fine");
        assert_eq!(violation(&s, json!({"x": 1})).0, "$.x");
    }

    #[test]
    fn unsupported_or_malformed_schemas_are_refused() {
        let cases = [
            (json!({"type": "string", "pattern": "^a"}), "$.pattern"),
            (json!({"type": "string", "format": "email"}), "$.format"),
            (
                json!({"type": "array", "items": {"type": "string", "pattern": "x"}}),
                "$.items.pattern",
            ),
            (
                json!({"properties": {"a": {"anyOf": []}}}),
                "$.properties.a.anyOf",
            ),
            (
                json!({"additionalProperties": {"type": "string"}}),
                "$.additionalProperties",
            ),
            (json!({"items": [{"type": "string"}]}), "$.items"),
            (json!({"$ref": "#/$defs/x"}), "$[\"$ref\"]"),
            (json!({"type": "text"}), "$.type"),
            (json!({"type": ["string", 1]}), "$.type[1]"),
            (json!({"type": []}), "$.type"),
            (json!({"minLength": -1}), "$.minLength"),
            (json!({"maxItems": 1.5}), "$.maxItems"),
            (json!({"minimum": "3"}), "$.minimum"),
            (json!({"enum": []}), "$.enum"),
            (json!({"required": "name"}), "$.required"),
            (json!({"properties": []}), "$.properties"),
            (json!("string"), "$"),
        ];
        for (doc, path) in cases {
            assert_eq!(refused(doc.clone()).0, path, "{doc}");
        }
        assert!(
            refused(json!({"uniqueItems": true}))
                .1
                .contains("not supported")
        );
    }

    #[test]
    fn names_are_checked() {
        let s = schema(json!({}))
            .with_name("resume_fields-2")
            .expect("valid name");
        assert_eq!(s.name(), "resume_fields-2");
        assert!(schema(json!({})).with_name("no spaces").is_err());
        assert!(schema(json!({})).with_name("").is_err());
    }
}
