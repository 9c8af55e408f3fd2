//! Who is calling, and may they do this. `Caller` resolves credentials (API keys now;
//! browser sessions slot in as another source in `Auth::resolve`), and
//! `Allow<Resource, Action>` in a handler's signature enforces the permission matrix
//! before the handler runs: 401 for no or bad credentials, 403 for a role that may not.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use hireloop_domain::auth::{Action, Resource, Role};
use hireloop_domain::ids::TenantId;
use hireloop_store::{Actor, Principal, Scope, Store};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::{ApiError, Code};

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub tenant: TenantId,
    pub role: Role,
    pub actor: Actor,
}

impl Caller {
    pub fn scope(&self) -> Scope {
        Scope::new(self.tenant, self.actor.clone())
    }
}

/// Resolves credentials to callers, with a short cache so a busy API does not look the
/// same key up on every request. A revoked key stops working within `TTL`; an expired
/// one at once (the cache checks expiry on every hit).
#[derive(Debug)]
pub struct Auth {
    store: Store,
    cache: Mutex<HashMap<[u8; 32], (Principal, Instant)>>,
}

const TTL: Duration = Duration::from_secs(30);
const CACHE_MAX: usize = 10_000;

impl Auth {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn token_from(parts: &Parts) -> Result<Option<String>, ApiError> {
        if let Some(v) = parts.headers.get(axum::http::header::AUTHORIZATION) {
            let v = v.to_str().map_err(|_| {
                ApiError::new(Code::InvalidCredentials, "Authorization header is not text")
            })?;
            let token = v
                .strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
                .ok_or_else(|| {
                    ApiError::new(
                        Code::InvalidCredentials,
                        "Authorization must be 'Bearer <api key>'",
                    )
                })?;
            return Ok(Some(token.trim().to_string()));
        }
        if let Some(v) = parts.headers.get("x-api-key") {
            let v = v.to_str().map_err(|_| {
                ApiError::new(Code::InvalidCredentials, "X-Api-Key header is not text")
            })?;
            return Ok(Some(v.trim().to_string()));
        }
        Ok(None)
    }

    /// The caller behind the request's credentials.
    pub async fn resolve(&self, parts: &Parts) -> Result<Caller, ApiError> {
        let token = Self::token_from(parts)?.ok_or_else(|| {
            ApiError::new(
                Code::MissingCredentials,
                "this endpoint needs an API key: send 'Authorization: Bearer <key>'",
            )
        })?;
        let key: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let now = Instant::now();
        let now_us = hireloop_store::now_micros();
        let cached = self
            .cache
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned())
            .filter(|(p, at)| {
                now.duration_since(*at) < TTL && p.expires_at.is_none_or(|e| e > now_us)
            });
        let principal = match cached {
            Some((p, _)) => p,
            None => {
                let p = self
                    .store
                    .authenticate(&token)
                    .await
                    .map_err(ApiError::from)?
                    .ok_or_else(|| {
                        ApiError::new(
                            Code::InvalidCredentials,
                            "the API key is unknown, revoked or expired",
                        )
                    })?;
                if let Ok(mut c) = self.cache.lock() {
                    if c.len() >= CACHE_MAX {
                        c.clear();
                    }
                    c.insert(key, (p.clone(), now));
                }
                p
            }
        };
        Ok(Caller {
            tenant: principal.tenant,
            role: principal.role,
            actor: principal.actor,
        })
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(c) = parts.extensions.get::<Caller>() {
            return Ok(c.clone());
        }
        let caller = state.auth.resolve(parts).await?;
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

/// A resource named in the permission matrix.
pub trait ResourceMarker {
    const RESOURCE: Resource;
}

/// An action named in the permission matrix.
pub trait ActionMarker {
    const ACTION: Action;
}

#[derive(Debug)]
pub struct Read;
#[derive(Debug)]
pub struct Create;
#[derive(Debug)]
pub struct Update;
#[derive(Debug)]
pub struct Delete;
impl ActionMarker for Read {
    const ACTION: Action = Action::Read;
}
impl ActionMarker for Create {
    const ACTION: Action = Action::Create;
}
impl ActionMarker for Update {
    const ACTION: Action = Action::Update;
}
impl ActionMarker for Delete {
    const ACTION: Action = Action::Delete;
}

/// The permission-matrix resource of a record kind.
pub fn resource_of(entity: hireloop_store::Entity) -> Resource {
    use hireloop_store::Entity;
    match entity {
        Entity::Candidate => Resource::Candidate,
        Entity::Company => Resource::Company,
        Entity::Contact => Resource::Contact,
        Entity::Requirement => Resource::Requirement,
    }
}

/// The audit trail as a resource.
#[derive(Debug)]
pub struct AuditTrail;
impl ResourceMarker for AuditTrail {
    const RESOURCE: Resource = Resource::Audit;
}

impl ResourceMarker for hireloop_domain::entities::Candidate {
    const RESOURCE: Resource = Resource::Candidate;
}
impl ResourceMarker for hireloop_domain::entities::Company {
    const RESOURCE: Resource = Resource::Company;
}
impl ResourceMarker for hireloop_domain::entities::Contact {
    const RESOURCE: Resource = Resource::Contact;
}
impl ResourceMarker for hireloop_domain::entities::Requirement {
    const RESOURCE: Resource = Resource::Requirement;
}

/// A caller allowed to do `A` to `R`; extracting it is the permission check.
#[derive(Debug)]
pub struct Allow<R, A> {
    pub caller: Caller,
    _p: PhantomData<fn() -> (R, A)>,
}

impl<R, A> Allow<R, A> {
    pub fn scope(&self) -> Scope {
        self.caller.scope()
    }
}

impl<R: ResourceMarker, A: ActionMarker> FromRequestParts<AppState> for Allow<R, A> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if !caller.role.permits(R::RESOURCE, A::ACTION) {
            return Err(ApiError::new(
                Code::Forbidden,
                format!(
                    "the {} role may not {:?} {:?} records",
                    caller.role,
                    A::ACTION,
                    R::RESOURCE
                )
                .to_lowercase(),
            ));
        }
        Ok(Allow {
            caller,
            _p: PhantomData,
        })
    }
}
