//! Who is acting, and for which tenant. Every store call but authentication takes one.

use hireloop_domain::ids::TenantId;

/// The acting party, as the audit trail names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User(String),
    ApiKey(String),
    System(String),
}

impl Actor {
    /// `user:ID`, `key:ID` or `system:NAME`.
    pub fn label(&self) -> String {
        match self {
            Actor::User(id) => format!("user:{id}"),
            Actor::ApiKey(id) => format!("key:{id}"),
            Actor::System(name) => format!("system:{name}"),
        }
    }
}

/// A tenant and the actor working in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub tenant: TenantId,
    pub actor: Actor,
}

impl Scope {
    pub fn new(tenant: TenantId, actor: Actor) -> Self {
        Self { tenant, actor }
    }

    pub fn system(tenant: TenantId, name: &str) -> Self {
        Self::new(tenant, Actor::System(name.to_string()))
    }

    pub(crate) fn tenant_str(&self) -> String {
        self.tenant.to_string()
    }
}
