-- Durable background jobs (imports first) and the per-row problems they report.
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
