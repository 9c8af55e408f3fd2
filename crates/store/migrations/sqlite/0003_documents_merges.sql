-- Original files linked to records: a candidate's resumes, a requirement's job
-- description or the e-mail it came in. The bytes live content-addressed in the file
-- store (`sha256`); a row here says which record the file belongs to, under what name.
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    role        TEXT NOT NULL,
    name        TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    UNIQUE (tenant_id, entity, entity_id, sha256)
);
CREATE INDEX documents_by_record ON documents (tenant_id, entity, entity_id, id);
CREATE INDEX documents_by_sha ON documents (tenant_id, sha256);

-- Records merged into others: the survivor's history includes the merged record's.
CREATE TABLE merges (
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    entity      TEXT NOT NULL,
    survivor_id TEXT NOT NULL,
    merged_id   TEXT NOT NULL,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, entity, merged_id)
);
CREATE INDEX merges_by_survivor ON merges (tenant_id, entity, survivor_id);
