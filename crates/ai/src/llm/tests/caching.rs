//! The response cache: hits make no request, every input is in the key, failures are
//! never kept, the directory cache outlives the client.

use serde_json::{Value, json};

use super::*;

#[tokio::test]
async fn a_cache_hit_makes_no_request_and_is_counted() {
    let server = FakeServer::start().await;
    let cache = Arc::new(MemoryCache::new(16));
    let client = client(&server).with_cache(cache.clone());

    let first = client.complete(&prompt()).await.expect("first");
    let second = client.complete(&prompt()).await.expect("second");
    assert_eq!(server.hits(), 1);
    assert!(!first.cached);
    assert!(second.cached);
    assert_eq!(second.value, first.value);
    assert_eq!(second.usage, first.usage);
    assert_eq!(cache.len(), 1);
    let s = snapshot(&client);
    assert_eq!((s.requests, s.cache_hits, s.total_tokens), (1, 1, 17));

    // A clone shares the cache and the meter.
    let third = client.clone().complete(&prompt()).await.expect("third");
    assert!(third.cached);
    assert_eq!(snapshot(&client).cache_hits, 2);
}

#[tokio::test]
async fn a_new_version_or_setting_misses_the_cache() {
    let server = FakeServer::start().await;
    let cache: Arc<dyn ResponseCache> = Arc::new(MemoryCache::new(16));
    let client = client(&server).with_cache(cache.clone());

    client.complete(&prompt()).await.expect("v1");
    let mut v2 = Prompt::new("test-v2");
    for m in prompt().messages() {
        v2 = v2.message(m.clone());
    }
    assert!(!client.complete(&v2).await.expect("v2").cached);
    assert_eq!(server.hits(), 2);

    // Another temperature is another question.
    let warmer = LlmClient::new(LlmConfig {
        temperature: 0.7,
        ..config(&server)
    })
    .expect("client")
    .with_cache(cache);
    assert!(!warmer.complete(&prompt()).await.expect("warmer").cached);
    assert_eq!(server.hits(), 3);
    // Sent as written, not widened from a float of less precision.
    assert_eq!(server.seen()[2].body["temperature"].to_string(), "0.7");
    assert_eq!(snapshot(&client).cache_hits, 0);
}

#[tokio::test]
async fn the_directory_cache_outlives_the_client() {
    let server = FakeServer::start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = skills_schema();
    server.then(Reply::content(r#"{"skills": ["rust"]}"#));

    let first = client(&server).with_cache(Arc::new(DirCache::new(dir.path()).expect("cache")));
    let a = first
        .complete_json(&schema, &prompt())
        .await
        .expect("first");
    drop(first);

    let second = client(&server).with_cache(Arc::new(DirCache::new(dir.path()).expect("cache")));
    let b = second
        .complete_json(&schema, &prompt())
        .await
        .expect("second");
    assert!(b.cached);
    assert_eq!((a.value, a.usage), (b.value, b.usage));
    assert_eq!(server.hits(), 1);

    // A damaged entry is a miss, and the next answer replaces it.
    let key = second.cache_key(&prompt(), Some(&schema));
    let file = dir
        .path()
        .join(&key.as_str()[..2])
        .join(format!("{key}.json"));
    std::fs::write(&file, b"{\"format\": 1, \"key\"").expect("damage");
    server.then(Reply::content(r#"{"skills": ["sql"]}"#));
    let c = second
        .complete_json(&schema, &prompt())
        .await
        .expect("third");
    assert!(!c.cached);
    assert_eq!(server.hits(), 2);
    let d = second
        .complete_json(&schema, &prompt())
        .await
        .expect("fourth");
    assert!(d.cached);
    assert_eq!(d.value, json!({"skills": ["sql"]}));
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(file.parent().expect("shard"))
        .expect("shard")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[tokio::test]
async fn a_cached_answer_that_breaks_the_schema_is_not_served() {
    let server = FakeServer::start().await;
    let cache = Arc::new(MemoryCache::new(4));
    let client = client(&server).with_cache(cache.clone());
    let schema = skills_schema();
    cache
        .put(
            &client.cache_key(&prompt(), Some(&schema)),
            &CachedResponse {
                content: "not json".into(),
                model: "m".into(),
                usage: TokenUsage::default(),
                finish_reason: None,
            },
        )
        .expect("put");
    server.then(Reply::content(r#"{"skills": []}"#));
    let answer = client
        .complete_json(&schema, &prompt())
        .await
        .expect("fresh");
    assert!(!answer.cached);
    assert_eq!(server.hits(), 1);
}

#[test]
fn the_memory_cache_drops_the_least_recently_used() {
    let client = LlmClient::new(LlmConfig::new("http://127.0.0.1:1/v1", "m")).expect("client");
    let key = |v: &str| client.cache_key(&Prompt::new(v).user("q"), None);
    let cache = MemoryCache::new(2);
    cache.put(&key("a"), &cached("A")).expect("put");
    cache.put(&key("b"), &cached("B")).expect("put");
    assert_eq!(cache.get(&key("a")).map(|r| r.content), Some("A".into()));
    cache.put(&key("c"), &cached("C")).expect("put");
    assert_eq!(cache.len(), 2);
    assert!(cache.get(&key("b")).is_none(), "b was used least recently");
    assert!(cache.get(&key("a")).is_some() && cache.get(&key("c")).is_some());
    // Replacing an entry does not grow the cache.
    cache.put(&key("c"), &cached("C2")).expect("put");
    assert_eq!(cache.len(), 2);
    assert_eq!(cache.get(&key("c")).map(|r| r.content), Some("C2".into()));

    let none = MemoryCache::new(0);
    none.put(&key("a"), &cached("A")).expect("put");
    assert!(none.is_empty());
}

#[test]
fn cache_keys_cover_every_input_and_ignore_key_order() {
    let client = |c: LlmConfig| LlmClient::new(c).expect("client");
    let base = || LlmConfig::new("http://127.0.0.1:1/v1", "m");
    let schema = |v: Value| JsonSchema::new(v).expect("schema");
    let p = Prompt::new("v1").system("s").user("u");
    let c = client(base());
    let k = c.cache_key(&p, None);

    // Pinned: a change here orphans every directory cache (bump CACHE_FORMAT instead).
    // The same digest as Python's sha256 of json.dumps(doc, sort_keys=True,
    // separators=(",", ":"), ensure_ascii=False) for
    // {"cache_format": 1, "messages": [{"role": "system", "content": "s"},
    // {"role": "user", "content": "u"}], "model": "m", "version": "v1", "schema": None,
    // "temperature": "0", "seed": None, "max_tokens": 1024}.
    assert_eq!(
        k.as_str(),
        "5877851703232f44ef6396695f606cad8d954ae6186dc9e15ced26478fac95c2"
    );
    assert_eq!(k, client(base()).cache_key(&p.clone(), None));
    // The server's address is not part of the question.
    let elsewhere = LlmConfig::new("http://10.0.0.2:8000/v1", "m");
    assert_eq!(k, client(elsewhere).cache_key(&p, None));

    let a = schema(json!({"type": "object", "properties": {"x": {"type": "string"}, "y": {}}}));
    let b = schema(json!({"properties": {"y": {}, "x": {"type": "string"}}, "type": "object"}));
    assert_eq!(c.cache_key(&p, Some(&a)), c.cache_key(&p, Some(&b)));

    let others = [
        c.cache_key(&Prompt::new("v2").system("s").user("u"), None),
        c.cache_key(&Prompt::new("v1").user("s").user("u"), None),
        c.cache_key(&Prompt::new("v1").system("s").user("u!"), None),
        c.cache_key(&p.clone().max_tokens(10), None),
        c.cache_key(&p, Some(&a)),
        c.cache_key(&p, Some(&a.clone().with_name("other").expect("name"))),
        client(LlmConfig::new("http://127.0.0.1:1/v1", "m2")).cache_key(&p, None),
        client(LlmConfig {
            temperature: 0.2,
            ..base()
        })
        .cache_key(&p, None),
        client(LlmConfig {
            seed: Some(1),
            ..base()
        })
        .cache_key(&p, None),
        client(LlmConfig {
            max_tokens: 10,
            ..base()
        })
        .cache_key(&p, None),
    ];
    for (i, other) in others.iter().enumerate() {
        assert_ne!(&k, other, "variant {i}");
    }
    // A prompt limit equal to the config's is the same question.
    assert_eq!(k, c.cache_key(&p.clone().max_tokens(1024), None));
}
