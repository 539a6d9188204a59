//! `--json` documents checked against `sigsend.schema.json`, the schema the
//! manual points at: a small validator of the JSON Schema keywords that
//! file uses (a keyword it does not know fails the test, so the schema
//! cannot say more than is checked).

use std::process::Output;

use serde_json::{Map, Value};

/// The schema file, as shipped beside the crate's manifest.
pub fn schema() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sigsend.schema.json");
    let text = std::fs::read_to_string(path).expect("read sigsend.schema.json");
    serde_json::from_str(&text).expect("sigsend.schema.json is JSON")
}

/// The one document `output` printed on stdout (one line), parsed and
/// checked against the schema; its `status` is the run's exit status.
#[track_caller]
pub fn document(output: &Output) -> Value {
    let text = std::str::from_utf8(&output.stdout).expect("stdout is UTF-8");
    let doc = parse(text);
    assert_eq!(
        doc["status"].as_i64(),
        output.status.code().map(i64::from),
        "status: {text}"
    );
    doc
}

/// `text`, one document on one line, parsed and checked against the
/// schema (for a run that ended by a signal, which has no exit status).
#[track_caller]
pub fn parse(text: &str) -> Value {
    assert_eq!(text.lines().count(), 1, "one document, one line: {text}");
    let doc: Value = serde_json::from_str(text).unwrap_or_else(|err| panic!("{err}: {text}"));
    let errors = validate(&schema(), &doc);
    assert!(
        errors.is_empty(),
        "{text}\ndoes not follow the schema:\n{errors:#?}"
    );
    doc
}

/// Where `value` breaks `schema`; empty when it follows it.
pub fn validate(schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, schema, value, "$", &mut errors);
    errors
}

fn check(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = schema.as_object().expect("a schema is an object");
    for (keyword, rule) in schema {
        match keyword.as_str() {
            "$schema" | "title" | "description" => {}
            "$defs" => {}
            "$ref" => {
                let path = rule
                    .as_str()
                    .unwrap()
                    .strip_prefix("#/")
                    .expect("local $ref");
                let target = path.split('/').fold(root, |node, part| &node[part]);
                assert!(!target.is_null(), "dangling $ref {path}");
                check(root, target, value, at, errors);
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(one) => vec![one.as_str()],
                    Value::Array(many) => many.iter().map(|t| t.as_str().unwrap()).collect(),
                    _ => panic!("bad type {rule}"),
                };
                if !types.iter().any(|t| is_type(value, t)) {
                    errors.push(format!("{at}: {value} is not of type {rule}"));
                }
            }
            "const" => {
                if value != rule {
                    errors.push(format!("{at}: {value} is not {rule}"));
                }
            }
            "enum" => {
                if !rule.as_array().unwrap().contains(value) {
                    errors.push(format!("{at}: {value} is not one of {rule}"));
                }
            }
            "minimum" => {
                if let (Some(n), Some(min)) = (value.as_f64(), rule.as_f64()) {
                    if n < min {
                        errors.push(format!("{at}: {value} is below {rule}"));
                    }
                }
            }
            "required" => {
                if let Some(object) = value.as_object() {
                    for name in rule.as_array().unwrap() {
                        if !object.contains_key(name.as_str().unwrap()) {
                            errors.push(format!("{at}: lacks {name}"));
                        }
                    }
                }
            }
            "properties" => {
                if let Some(object) = value.as_object() {
                    for (name, sub) in rule.as_object().unwrap() {
                        if let Some(field) = object.get(name) {
                            check(root, sub, field, &format!("{at}.{name}"), errors);
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(
                    rule,
                    &Value::Bool(false),
                    "only additionalProperties: false"
                );
                if let Some(object) = value.as_object() {
                    let known = schema.get("properties").and_then(Value::as_object);
                    for name in object.keys() {
                        if !known.is_some_and(|known: &Map<String, Value>| known.contains_key(name))
                        {
                            errors.push(format!("{at}: unexpected field {name}"));
                        }
                    }
                }
            }
            "items" => {
                if let Some(items) = value.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        check(root, rule, item, &format!("{at}[{i}]"), errors);
                    }
                }
            }
            "oneOf" => {
                let passing = rule
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|sub| validate_at(root, sub, value, at).is_empty())
                    .count();
                if passing != 1 {
                    errors.push(format!("{at}: {value} matches {passing} of oneOf, not 1"));
                }
            }
            "not" => {
                if validate_at(root, rule, value, at).is_empty() {
                    errors.push(format!("{at}: {value} matches what is excluded: {rule}"));
                }
            }
            other => panic!("the schema validator does not know the keyword {other}"),
        }
    }
}

fn validate_at(root: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut errors = Vec::new();
    check(root, schema, value, at, &mut errors);
    errors
}

fn is_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown type {other}"),
    }
}
