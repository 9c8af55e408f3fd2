//! Who the recall takes for an onsite role: people within the commute radius, and
//! people willing to relocate from anywhere, said so in their reasons.

use serde_json::json;

use crate::matching::{create, person, recommendations, skills};
use crate::{TestApp, on_both_engines};

on_both_engines!(an_onsite_role_recalls_people_willing_to_relocate_from_afar);

async fn an_onsite_role_recalls_people_willing_to_relocate_from_afar(app: TestApp) {
    let job = create(
        &app,
        "/v1/requirements",
        json!({"title": "Site Reliability Engineer", "required_skills": skills(&["Kubernetes", "Go"]),
               "location": {"city": "Dallas", "region": "TX", "country": "US"},
               "remote_mode": "onsite"}),
    )
    .await;
    let nyc = json!({"city": "New York City", "region": "NY", "country": "US"});
    let near = person(&app, "Ana", &["Kubernetes", "Go"], json!({})).await;
    let mover = person(
        &app,
        "Bo",
        &["Kubernetes", "Go"],
        json!({"location": nyc, "willing_to_relocate": true}),
    )
    .await;
    let stayer = person(&app, "Cy", &["Kubernetes", "Go"], json!({"location": nyc})).await;
    let v = recommendations(&app, &job).await;
    let items = v["items"].as_array().unwrap();
    let listed: Vec<&str> = items
        .iter()
        .map(|i| i["candidate_id"].as_str().unwrap())
        .collect();
    assert!(listed.contains(&near.as_str()), "{v}");
    assert!(listed.contains(&mover.as_str()), "{v}");
    assert!(
        !listed.contains(&stayer.as_str()),
        "beyond the radius, staying: {v}"
    );
    let location = items
        .iter()
        .find(|i| i["candidate_id"] == mover.as_str())
        .and_then(|i| {
            i["factors"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == "location")
                .cloned()
        })
        .unwrap();
    assert_eq!(location["value"], 0.6, "{location}");
    assert!(
        location["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "willing to relocate"),
        "{location}"
    );
    app.finish().await;
}
