-- The pipeline and matching: submissions with their stage events, outcomes the history
-- factor reads, client blacklists, activities on any record, the review queue, match
-- runs, and per-tenant settings (matching weights, review threshold).

CREATE TABLE submissions (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    candidate_id   TEXT NOT NULL,
    requirement_id TEXT NOT NULL,
    company_id     TEXT,
    stage          TEXT NOT NULL,
    rounds         BIGINT NOT NULL DEFAULT 0,
    placement      TEXT,
    score          BIGINT,
    source         TEXT NOT NULL,
    version        BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    created_by     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    UNIQUE (tenant_id, requirement_id, candidate_id)
);
CREATE INDEX submissions_by_candidate ON submissions (tenant_id, candidate_id, id);
CREATE INDEX submissions_by_stage ON submissions (tenant_id, stage, id);

-- One row per move, the first (from_stage NULL) being the submission's creation.
CREATE TABLE submission_events (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    submission_id  TEXT NOT NULL,
    from_stage     TEXT,
    to_stage       TEXT NOT NULL,
    reason         TEXT,
    detail         TEXT NOT NULL,
    at             BIGINT NOT NULL,
    actor          TEXT NOT NULL
);
CREATE INDEX submission_events_by_submission ON submission_events (tenant_id, submission_id, id);

-- A submission's end (placed, rejected, withdrawn, no-show, closed); one per submission,
-- replaced when a placement turns into a no-show.
CREATE TABLE outcomes (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    submission_id  TEXT NOT NULL,
    candidate_id   TEXT NOT NULL,
    requirement_id TEXT NOT NULL,
    company_id     TEXT,
    kind           TEXT NOT NULL,
    reason         TEXT,
    at             BIGINT NOT NULL,
    actor          TEXT NOT NULL,
    UNIQUE (tenant_id, submission_id)
);
CREATE INDEX outcomes_by_candidate ON outcomes (tenant_id, candidate_id);

-- A client that must not see a candidate (company x candidate).
CREATE TABLE blacklists (
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    company_id     TEXT NOT NULL,
    candidate_id   TEXT NOT NULL,
    reason         TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    created_by     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, company_id, candidate_id)
);
CREATE INDEX blacklists_by_candidate ON blacklists (tenant_id, candidate_id);

-- Notes, calls, e-mails and meetings on any record.
CREATE TABLE activities (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    subject        TEXT,
    body           TEXT NOT NULL,
    at             BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    actor          TEXT NOT NULL
);
CREATE INDEX activities_by_record ON activities (tenant_id, entity, entity_id, at);

-- The review queue: recommendations above the tenant's threshold, per requirement.
CREATE TABLE reviews (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    requirement_id TEXT NOT NULL,
    candidate_id   TEXT NOT NULL,
    company_id     TEXT,
    score          BIGINT NOT NULL,
    run_id         TEXT,
    status         TEXT NOT NULL,
    reason         TEXT,
    submission_id  TEXT,
    version        BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    decided_by     TEXT,
    UNIQUE (tenant_id, requirement_id, candidate_id)
);
CREATE INDEX reviews_by_status ON reviews (tenant_id, status, requirement_id, score);

-- Each call that produced recommendations: what went in (digest), with which weights and
-- model, and what came out.
CREATE TABLE match_runs (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    direction       TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    digest          TEXT NOT NULL,
    weights_version TEXT NOT NULL,
    model_version   TEXT NOT NULL,
    params          TEXT NOT NULL,
    results         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    actor           TEXT NOT NULL
);
CREATE INDEX match_runs_by_subject ON match_runs (tenant_id, subject_id, id);

CREATE TABLE settings (
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    name           TEXT NOT NULL,
    value          TEXT NOT NULL,
    version        BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    updated_by     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON submissions TO hireloop_app;
ALTER TABLE submissions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON submissions
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE ON submission_events TO hireloop_app;
ALTER TABLE submission_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON submission_events
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE ON outcomes TO hireloop_app;
ALTER TABLE outcomes ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outcomes
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE ON blacklists TO hireloop_app;
ALTER TABLE blacklists ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON blacklists
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE ON activities TO hireloop_app;
ALTER TABLE activities ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON activities
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE ON reviews TO hireloop_app;
ALTER TABLE reviews ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON reviews
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE ON match_runs TO hireloop_app;
ALTER TABLE match_runs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON match_runs
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

GRANT SELECT, INSERT, UPDATE, DELETE ON settings TO hireloop_app;
ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON settings
    USING (tenant_id = current_setting('app.tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

