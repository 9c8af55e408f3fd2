//! What changed between two versions of a record, field by field.

use serde_json::{Map, Value, json};

/// Top-level fields whose values differ, as `{field: {"from": old, "to": new}}`; a field
/// that is absent on one side shows as `null` there. Nested objects compare whole,
/// which is what a reader of the history wants to see.
pub fn json_diff(old: &Value, new: &Value) -> Value {
    let empty = Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let mut out = Map::new();
    for (k, v) in old {
        match new.get(k) {
            Some(n) if n == v => {}
            Some(n) => {
                out.insert(k.clone(), json!({"from": v, "to": n}));
            }
            None => {
                out.insert(k.clone(), json!({"from": v, "to": null}));
            }
        }
    }
    for (k, n) in new {
        if !old.contains_key(k) {
            out.insert(k.clone(), json!({"from": null, "to": n}));
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_changed_added_and_removed_fields() {
        let d = json_diff(
            &json!({"a": 1, "b": "x", "c": [1]}),
            &json!({"a": 1, "b": "y", "d": true}),
        );
        assert_eq!(
            d,
            json!({"b": {"from": "x", "to": "y"}, "c": {"from": [1], "to": null},
                   "d": {"from": null, "to": true}})
        );
    }

    #[test]
    fn equal_values_give_an_empty_diff() {
        let v = json!({"a": {"b": 1}});
        assert_eq!(json_diff(&v, &v), json!({}));
    }
}
