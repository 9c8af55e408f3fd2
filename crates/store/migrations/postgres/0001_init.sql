-- Hireloop schema v1 (PostgreSQL). Times are Unix microseconds (UTC); ids are UUIDv7 text.
CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL
);

-- The head of each tenant's audit chain. Kept apart from `tenants` because every
-- mutation updates it, while every insert's foreign-key check locks the tenant row;
-- on PostgreSQL the two on one row turn into costly multixacts.
CREATE TABLE audit_heads (
    tenant_id   TEXT PRIMARY KEY REFERENCES tenants(id),
    seq         BIGINT NOT NULL,
    head        TEXT NOT NULL
);

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    email       TEXT NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    disabled_at BIGINT,
    UNIQUE (tenant_id, email)
);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants(id),
    user_id      TEXT REFERENCES users(id),
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, id);

CREATE TABLE candidates (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id),
    version BIGINT NOT NULL, data TEXT NOT NULL,
    label TEXT COLLATE "C" NOT NULL, search TEXT NOT NULL,
    status TEXT, kind TEXT, ref_id TEXT, email TEXT, phone TEXT, external_id TEXT,
    city TEXT, region TEXT, country TEXT, remote TEXT, skills TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, deleted_at BIGINT,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL
);
CREATE TABLE companies (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id),
    version BIGINT NOT NULL, data TEXT NOT NULL,
    label TEXT COLLATE "C" NOT NULL, search TEXT NOT NULL,
    status TEXT, kind TEXT, ref_id TEXT, email TEXT, phone TEXT, external_id TEXT,
    city TEXT, region TEXT, country TEXT, remote TEXT, skills TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, deleted_at BIGINT,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL
);
CREATE TABLE contacts (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id),
    version BIGINT NOT NULL, data TEXT NOT NULL,
    label TEXT COLLATE "C" NOT NULL, search TEXT NOT NULL,
    status TEXT, kind TEXT, ref_id TEXT, email TEXT, phone TEXT, external_id TEXT,
    city TEXT, region TEXT, country TEXT, remote TEXT, skills TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, deleted_at BIGINT,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL
);
CREATE TABLE requirements (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id),
    version BIGINT NOT NULL, data TEXT NOT NULL,
    label TEXT COLLATE "C" NOT NULL, search TEXT NOT NULL,
    status TEXT, kind TEXT, ref_id TEXT, email TEXT, phone TEXT, external_id TEXT,
    city TEXT, region TEXT, country TEXT, remote TEXT, skills TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, deleted_at BIGINT,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL
);
CREATE INDEX candidates_page ON candidates (tenant_id, id);
CREATE INDEX candidates_label ON candidates (tenant_id, label, id);
CREATE INDEX candidates_updated ON candidates (tenant_id, updated_at, id);
CREATE INDEX candidates_email ON candidates (tenant_id, email);
CREATE INDEX candidates_external ON candidates (tenant_id, external_id);
CREATE INDEX companies_page ON companies (tenant_id, id);
CREATE INDEX companies_label ON companies (tenant_id, label, id);
CREATE INDEX companies_updated ON companies (tenant_id, updated_at, id);
CREATE INDEX companies_external ON companies (tenant_id, external_id);
CREATE INDEX contacts_page ON contacts (tenant_id, id);
CREATE INDEX contacts_label ON contacts (tenant_id, label, id);
CREATE INDEX contacts_updated ON contacts (tenant_id, updated_at, id);
CREATE INDEX contacts_ref ON contacts (tenant_id, ref_id);
CREATE INDEX requirements_page ON requirements (tenant_id, id);
CREATE INDEX requirements_label ON requirements (tenant_id, label, id);
CREATE INDEX requirements_updated ON requirements (tenant_id, updated_at, id);
CREATE INDEX requirements_ref ON requirements (tenant_id, ref_id);
CREATE INDEX requirements_external ON requirements (tenant_id, external_id);

CREATE TABLE revisions (
    tenant_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
    version BIGINT NOT NULL, op TEXT NOT NULL, at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    -- {field: {from, to}} for updates; empty for a create, whose fields are derived
    -- from the record and the later diffs (no body is stored twice).
    changes TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, version)
);

CREATE TABLE changes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
    op TEXT NOT NULL, version BIGINT NOT NULL, at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    tenant_id TEXT NOT NULL, seq BIGINT NOT NULL, id TEXT NOT NULL UNIQUE,
    at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, detail TEXT NOT NULL,
    digest TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity, entity_id);

CREATE TABLE idempotency_keys (
    tenant_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
    status BIGINT NOT NULL, headers TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

-- Row-level security: the application switches to the role hireloop_app for every
-- tenant-scoped transaction and sets app.tenant_id; the policies below then hide every
-- other tenant's rows even if a query forgets its tenant filter.
DO $$ BEGIN
    CREATE ROLE hireloop_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
    EXECUTE format('GRANT hireloop_app TO %I', current_user);
EXCEPTION WHEN others THEN NULL;
END $$;
GRANT USAGE ON SCHEMA public TO hireloop_app;
GRANT SELECT ON tenants TO hireloop_app;
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = current_setting('app.tenant_id', true))
    WITH CHECK (id = current_setting('app.tenant_id', true));
GRANT SELECT, UPDATE ON audit_heads TO hireloop_app;
ALTER TABLE audit_heads ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_heads
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON users TO hireloop_app;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON api_keys TO hireloop_app;
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON candidates TO hireloop_app;
ALTER TABLE candidates ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON candidates
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON companies TO hireloop_app;
ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON companies
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON contacts TO hireloop_app;
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contacts
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON requirements TO hireloop_app;
ALTER TABLE requirements ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON requirements
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT ON revisions TO hireloop_app;
ALTER TABLE revisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON revisions
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT ON changes TO hireloop_app;
ALTER TABLE changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON changes
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT ON audit_log TO hireloop_app;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO hireloop_app;
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON idempotency_keys
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO hireloop_app;
