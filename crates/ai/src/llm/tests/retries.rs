//! Which failures are retried, how long the client waits, and what it reports when
//! attempts run out.

use std::time::{Duration, Instant};

use super::super::retry::{parse_retry_after, retry_delay};
use super::*;

#[tokio::test]
async fn two_server_errors_are_retried() {
    let server = FakeServer::start().await;
    server
        .then(Reply::error(500, "boom"))
        .then(Reply::error(502, "bad gateway"));
    let client = client(&server);
    let answer = client
        .complete(&prompt())
        .await
        .expect("third attempt succeeds");
    assert_eq!(answer.value, "hello");
    assert_eq!(server.hits(), 3);
    let s = snapshot(&client);
    assert_eq!(
        (s.requests, s.retries, s.failures, s.total_tokens),
        (3, 2, 0, 17)
    );
    // Every attempt sends the same request.
    let seen = server.seen();
    assert!(seen.iter().all(|s| s.body == seen[0].body));
}

#[tokio::test]
async fn retries_give_up_with_the_last_error() {
    let server = FakeServer::start().await;
    server.always(Reply::error(503, "overloaded"));
    let client = LlmClient::new(LlmConfig {
        max_retries: 2,
        ..config(&server)
    })
    .expect("client");
    match client.complete(&prompt()).await {
        Err(LlmError::Http {
            status: 503,
            message,
        }) => assert_eq!(message, "overloaded"),
        other => panic!("expected HTTP 503, got {other:?}"),
    }
    assert_eq!(server.hits(), 3);
    assert_eq!(snapshot(&client).failures, 1);
}

#[tokio::test]
async fn retry_after_on_429_is_honoured_up_to_its_cap() {
    let server = FakeServer::start().await;
    // Asks for a second; the test config caps waits at 100 ms and backs off 1 ms, so
    // only the honoured Retry-After explains a 100 ms pause.
    server.then(Reply::error(429, "slow down").retry_after("1"));
    let client = client(&server);
    let started = Instant::now();
    client
        .complete(&prompt())
        .await
        .expect("second attempt succeeds");
    assert!(started.elapsed() >= Duration::from_millis(100));
    assert_eq!(server.hits(), 2);
    assert_eq!(snapshot(&client).retries, 1);
}

#[test]
fn retry_delays_back_off_exponentially_within_caps() {
    let c = LlmConfig {
        backoff_ms: 500,
        max_backoff_ms: 8_000,
        max_retry_after_ms: 30_000,
        ..LlmConfig::new("http://127.0.0.1:1/v1", "m")
    };
    let ms = |d: Duration| d.as_millis() as u64;
    // Full jitter keeps the whole step, none keeps half of it.
    assert_eq!(ms(retry_delay(&c, 0, None, 1.0)), 500);
    assert_eq!(ms(retry_delay(&c, 0, None, 0.0)), 250);
    assert_eq!(ms(retry_delay(&c, 1, None, 1.0)), 1_000);
    assert_eq!(ms(retry_delay(&c, 3, None, 1.0)), 4_000);
    assert_eq!(ms(retry_delay(&c, 4, None, 1.0)), 8_000);
    assert_eq!(ms(retry_delay(&c, 60, None, 1.0)), 8_000);
    assert_eq!(ms(retry_delay(&c, 200, None, 0.5)), 6_000);
    // Retry-After replaces the backoff, up to its own cap.
    let secs = |s| Some(Duration::from_secs(s));
    assert_eq!(ms(retry_delay(&c, 0, secs(2), 0.3)), 2_000);
    assert_eq!(ms(retry_delay(&c, 0, secs(0), 0.3)), 0);
    assert_eq!(ms(retry_delay(&c, 0, secs(120), 0.3)), 30_000);
}

#[tokio::test]
async fn a_client_error_is_not_retried_and_its_message_surfaces() {
    let server = FakeServer::start().await;
    server.always(Reply::error(
        400,
        "Unrecognized request argument supplied: seedz",
    ));
    let client = client(&server);
    match client.complete(&prompt()).await {
        Err(e @ LlmError::Http { status: 400, .. }) => {
            let text = e.to_string();
            assert!(text.contains("400"), "{text}");
            assert!(
                text.contains("Unrecognized request argument supplied: seedz"),
                "{text}"
            );
        }
        other => panic!("expected HTTP 400, got {other:?}"),
    }
    assert_eq!(server.hits(), 1);
    let s = snapshot(&client);
    assert_eq!((s.requests, s.retries, s.failures), (1, 0, 1));
}

#[tokio::test]
async fn a_slow_server_times_out_after_the_retries() {
    let server = FakeServer::start().await;
    server.always(Reply::content("too late").delayed(Duration::from_millis(400)));
    let client = LlmClient::new(LlmConfig {
        timeout_ms: 40,
        max_retries: 2,
        ..config(&server)
    })
    .expect("client");
    match client.complete(&prompt()).await {
        Err(LlmError::Timeout { timeout, attempts }) => {
            assert_eq!((timeout, attempts), (Duration::from_millis(40), 3));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(server.hits(), 3);
    let s = snapshot(&client);
    assert_eq!((s.requests, s.retries, s.failures), (3, 2, 1));
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_after_retries() {
    // A port that was just free: nothing listens on it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    let client = LlmClient::new(LlmConfig {
        backoff_ms: 1,
        max_backoff_ms: 2,
        max_retries: 2,
        api_key: Some("sk-secret-xyz".into()),
        ..LlmConfig::new(format!("http://{addr}/v1"), "m")
    })
    .expect("client");
    match client.complete(&prompt()).await {
        Err(e @ LlmError::Transport(_)) => assert!(!e.to_string().contains("sk-secret")),
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert_eq!(snapshot(&client).requests, 3);
}

#[test]
fn retry_after_is_read_as_seconds() {
    let parse = |v: &str| {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", v.parse().expect("header"));
        parse_retry_after(&headers)
    };
    assert_eq!(parse("1"), Some(Duration::from_secs(1)));
    assert_eq!(parse(" 0.25 "), Some(Duration::from_millis(250)));
    assert_eq!(parse("0"), Some(Duration::ZERO));
    // A date, a negative or a nonsense value leaves the backoff in charge.
    assert_eq!(parse("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    assert_eq!(parse("-1"), None);
    assert_eq!(parse("NaN"), None);
    assert_eq!(parse_retry_after(&HeaderMap::new()), None);
}
