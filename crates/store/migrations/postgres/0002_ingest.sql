-- Ingestion: durable background jobs (imports first) with the per-row problems they
-- report, suggested duplicate merges, and lookups by e-mail and phone.
CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants(id),
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    payload      TEXT NOT NULL,
    progress     TEXT NOT NULL,
    result       TEXT,
    last_error   TEXT,
    attempts     BIGINT NOT NULL,
    max_attempts BIGINT NOT NULL,
    run_at       BIGINT NOT NULL,
    locked_by    TEXT,
    locked_until BIGINT,
    dedupe_key   TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    created_by   TEXT NOT NULL
);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_ready ON jobs (status, run_at);
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, kind, id);

CREATE TABLE job_errors (
    tenant_id  TEXT NOT NULL,
    job_id     TEXT NOT NULL REFERENCES jobs(id),
    seq        BIGINT NOT NULL,
    row_number BIGINT,
    col        TEXT,
    field      TEXT,
    reason     TEXT NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- Suggested merges of records that look like the same person; never merged silently.
CREATE TABLE duplicates (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    entity      TEXT NOT NULL,
    a_id        TEXT NOT NULL,
    b_id        TEXT NOT NULL,
    score       BIGINT NOT NULL,
    reasons     TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    resolved_at BIGINT,
    resolved_by TEXT,
    UNIQUE (tenant_id, entity, a_id, b_id)
);
CREATE INDEX duplicates_open ON duplicates (tenant_id, entity, status, id);

CREATE INDEX candidates_phone ON candidates (tenant_id, phone);
CREATE INDEX contacts_email ON contacts (tenant_id, email);
CREATE INDEX contacts_phone ON contacts (tenant_id, phone);

GRANT SELECT, INSERT, UPDATE ON jobs TO hireloop_app;
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON jobs
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT ON job_errors TO hireloop_app;
ALTER TABLE job_errors ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON job_errors
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE ON duplicates TO hireloop_app;
ALTER TABLE duplicates ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON duplicates
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
