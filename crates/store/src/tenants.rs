//! Tenants, their users and API keys, and authentication of keys.
//! A key is shown once as `hl_<prefix>_<secret>`; only its SHA-256 is stored (keys are
//! 190 random bits, so a fast hash is enough), and its prefix stays visible for lists.

use chrono::{DateTime, Utc};
use hireloop_domain::auth::Role;
use hireloop_domain::entities::{ApiKey, Tenant, TenantSlug, User};
use hireloop_domain::ids::{ApiKeyId, TenantId, UserId};
use hireloop_domain::values::Email;
use rand::Rng;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{self, genesis_hash, sha256_hex};
use crate::backend::Store;
use crate::error::{Result, StoreError};
use crate::scope::{Actor, Scope};

/// A new key: the secret is in `token` and is never stored or shown again.
#[derive(Clone, PartialEq, Eq)]
pub struct CreatedKey {
    pub key: ApiKey,
    pub token: String,
}

impl std::fmt::Debug for CreatedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedKey")
            .field("key", &self.key)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// Who a presented credential belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub tenant: TenantId,
    pub role: Role,
    pub actor: Actor,
    pub expires_at: Option<i64>,
}

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn random_token(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

fn parse_role(s: &str) -> Result<Role> {
    Role::parse(s).map_err(|e| StoreError::Corrupt(e.0))
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn time(micros: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_micros(micros).unwrap_or_default()
}

fn key_from_row(r: &AnyRow) -> Result<ApiKey> {
    let id: String = r.try_get(0).map_err(StoreError::from_db)?;
    let role: String = r.try_get(3).map_err(StoreError::from_db)?;
    let user: Option<String> = r.try_get(4).map_err(StoreError::from_db)?;
    let expires: Option<i64> = r.try_get(6).map_err(StoreError::from_db)?;
    let revoked: Option<i64> = r.try_get(7).map_err(StoreError::from_db)?;
    Ok(ApiKey {
        id: ApiKeyId::parse(&id).map_err(|e| corrupt("api key id", e))?,
        name: r.try_get(1).map_err(StoreError::from_db)?,
        prefix: r.try_get(2).map_err(StoreError::from_db)?,
        role: parse_role(&role)?,
        user_id: user
            .map(|u| UserId::parse(&u))
            .transpose()
            .map_err(|e| corrupt("user id", e))?,
        created_at: time(r.try_get(5).map_err(StoreError::from_db)?),
        expires_at: expires.map(time),
        revoked_at: revoked.map(time),
    })
}

impl Store {
    /// Creates a tenant and opens its audit chain.
    pub async fn create_tenant(&self, tenant: &Tenant) -> Result<()> {
        let id = tenant.id.to_string();
        let at = tenant.created_at.timestamp_micros();
        let scope = Scope::system(tenant.id, "cli");
        let mut tx = self.begin_admin().await?;
        sqlx::query("INSERT INTO tenants (id, name, slug, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(&tenant.name)
            .bind(tenant.slug.as_str())
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(|e| match StoreError::from_db(e) {
                StoreError::Conflict(_) => {
                    StoreError::Conflict(format!("a tenant with the slug '{}' exists", tenant.slug))
                }
                other => other,
            })?;
        sqlx::query("INSERT INTO audit_heads (tenant_id, seq, head) VALUES ($1, 0, $2)")
            .bind(&id)
            .bind(genesis_hash(&id))
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_db)?;
        let detail = json!({"name": tenant.name, "slug": tenant.slug});
        audit::append(&mut tx, &scope, "tenant.create", "tenant", &id, &detail, at).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(())
    }

    pub async fn tenant_by_slug(&self, slug: &str) -> Result<Option<Tenant>> {
        let row = sqlx::query("SELECT id, name, slug, created_at FROM tenants WHERE slug = $1")
            .bind(slug)
            .fetch_optional(self.admin_reader())
            .await
            .map_err(StoreError::from_db)?;
        row.map(|r| tenant_from_row(&r)).transpose()
    }

    pub async fn list_tenants(&self) -> Result<Vec<Tenant>> {
        let rows = sqlx::query("SELECT id, name, slug, created_at FROM tenants ORDER BY id")
            .fetch_all(self.admin_reader())
            .await
            .map_err(StoreError::from_db)?;
        rows.iter().map(tenant_from_row).collect()
    }

    /// Adds a user to the scope's tenant.
    pub async fn add_user(&self, scope: &Scope, user: &User) -> Result<()> {
        let id = user.id.to_string();
        let at = user.created_at.timestamp_micros();
        let mut tx = self.begin_write(scope).await?;
        sqlx::query(
            "INSERT INTO users (id, tenant_id, email, name, role, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(scope.tenant_str())
        .bind(user.email.as_str())
        .bind(&user.name)
        .bind(user.role.as_str())
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(|e| match StoreError::from_db(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("user {} already exists", user.email))
            }
            other => other,
        })?;
        crate::changes::record(&mut tx, scope, "user", &id, "create", 1, at).await?;
        let detail = json!({"email": user.email, "name": user.name, "role": user.role});
        audit::append(&mut tx, scope, "user.create", "user", &id, &detail, at).await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(())
    }

    pub async fn list_users(&self, scope: &Scope) -> Result<Vec<User>> {
        let mut tx = self.begin_read(scope).await?;
        let rows = sqlx::query(
            "SELECT id, email, name, role, created_at FROM users WHERE tenant_id = $1 ORDER BY id",
        )
        .bind(scope.tenant_str())
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get(0).map_err(StoreError::from_db)?;
                let role: String = r.try_get(3).map_err(StoreError::from_db)?;
                let email: String = r.try_get(1).map_err(StoreError::from_db)?;
                Ok(User {
                    id: UserId::parse(&id).map_err(|e| corrupt("user id", e))?,
                    email: Email::parse(&email).map_err(|e| corrupt("user email", e))?,
                    name: r.try_get(2).map_err(StoreError::from_db)?,
                    role: parse_role(&role)?,
                    created_at: time(r.try_get(4).map_err(StoreError::from_db)?),
                })
            })
            .collect()
    }

    /// Issues an API key. The returned token is the only copy of the secret.
    pub async fn create_key(
        &self,
        scope: &Scope,
        name: &str,
        role: Role,
        user_id: Option<UserId>,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<CreatedKey> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(StoreError::Invalid(
                "a key's name must be 1 to 100 characters".into(),
            ));
        }
        let prefix = random_token(8);
        let token = format!("hl_{prefix}_{}", random_token(32));
        let key = ApiKey {
            id: ApiKeyId::new(),
            name: name.to_string(),
            prefix: prefix.clone(),
            role,
            user_id,
            created_at: DateTime::<Utc>::from_timestamp_micros(Utc::now().timestamp_micros())
                .unwrap_or_default(),
            expires_at,
            revoked_at: None,
        };
        let id = key.id.to_string();
        let at = key.created_at.timestamp_micros();
        let mut tx = self.begin_write(scope).await?;
        sqlx::query(
            "INSERT INTO api_keys (id, tenant_id, user_id, name, prefix, secret_hash, role, \
             created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(scope.tenant_str())
        .bind(user_id.map(|u| u.to_string()))
        .bind(name)
        .bind(&prefix)
        .bind(sha256_hex(token.as_bytes()))
        .bind(role.as_str())
        .bind(at)
        .bind(expires_at.map(|t| t.timestamp_micros()))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        crate::changes::record(&mut tx, scope, "api_key", &id, "create", 1, at).await?;
        let detail =
            json!({"name": name, "prefix": prefix, "role": role, "expires_at": expires_at});
        audit::append(
            &mut tx,
            scope,
            "api_key.create",
            "api_key",
            &id,
            &detail,
            at,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(CreatedKey { key, token })
    }

    pub async fn list_keys(&self, scope: &Scope) -> Result<Vec<ApiKey>> {
        let mut tx = self.begin_read(scope).await?;
        let rows = sqlx::query(
            "SELECT id, name, prefix, role, user_id, created_at, expires_at, revoked_at \
             FROM api_keys WHERE tenant_id = $1 ORDER BY id",
        )
        .bind(scope.tenant_str())
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        tx.commit().await.map_err(StoreError::from_db)?;
        rows.iter().map(key_from_row).collect()
    }

    /// Revokes a key at once; `NotFound` if the tenant has no such key.
    pub async fn revoke_key(&self, scope: &Scope, id: ApiKeyId) -> Result<()> {
        let now = crate::time::now_micros();
        let mut tx = self.begin_write(scope).await?;
        let done = sqlx::query(
            "UPDATE api_keys SET revoked_at = $3, version = version + 1 WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL",
        )
        .bind(scope.tenant_str())
        .bind(id.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let id = id.to_string();
        crate::changes::record(&mut tx, scope, "api_key", &id, "revoke", 2, now).await?;
        audit::append(
            &mut tx,
            scope,
            "api_key.revoke",
            "api_key",
            &id,
            &json!({}),
            now,
        )
        .await?;
        tx.commit().await.map_err(StoreError::from_db)?;
        Ok(())
    }

    /// The principal a presented token stands for, if it is a live key. This is the one
    /// read that runs before any tenant is known.
    pub async fn authenticate(&self, token: &str) -> Result<Option<Principal>> {
        if !token.starts_with("hl_") || token.len() > 100 {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT id, tenant_id, role, expires_at, revoked_at FROM api_keys WHERE secret_hash = $1",
        )
        .bind(sha256_hex(token.as_bytes()))
        .fetch_optional(self.admin_reader())
        .await
        .map_err(StoreError::from_db)?;
        let Some(r) = row else { return Ok(None) };
        let revoked: Option<i64> = r.try_get(4).map_err(StoreError::from_db)?;
        let expires_at: Option<i64> = r.try_get(3).map_err(StoreError::from_db)?;
        let now = crate::time::now_micros();
        if revoked.is_some() || expires_at.is_some_and(|e| e <= now) {
            return Ok(None);
        }
        let id: String = r.try_get(0).map_err(StoreError::from_db)?;
        let tenant: String = r.try_get(1).map_err(StoreError::from_db)?;
        let role: String = r.try_get(2).map_err(StoreError::from_db)?;
        Ok(Some(Principal {
            tenant: TenantId::parse(&tenant).map_err(|e| StoreError::Corrupt(e.0))?,
            role: parse_role(&role)?,
            actor: Actor::ApiKey(id),
            expires_at,
        }))
    }
}

fn tenant_from_row(r: &AnyRow) -> Result<Tenant> {
    let id: String = r.try_get(0).map_err(StoreError::from_db)?;
    let slug: String = r.try_get(2).map_err(StoreError::from_db)?;
    Ok(Tenant {
        id: TenantId::parse(&id).map_err(|e| corrupt("tenant id", e))?,
        name: r.try_get(1).map_err(StoreError::from_db)?,
        slug: TenantSlug::parse(&slug).map_err(|e| corrupt("tenant slug", e))?,
        created_at: time(r.try_get(3).map_err(StoreError::from_db)?),
    })
}
