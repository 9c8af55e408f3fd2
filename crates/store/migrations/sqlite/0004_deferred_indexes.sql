-- Secondary indexes a bulk load dropped, with the statements that build them again.
-- Keeping a random-order index (name, e-mail, phone, external id) current row by row
-- rewrites most of its pages at every commit once it outgrows the page cache; a load of
-- a million rows builds them once at the end instead, by sorting. A row here outlives a
-- crash, and the next start (or the load's retry) rebuilds what it names.
CREATE TABLE deferred_indexes (
    name   TEXT PRIMARY KEY,
    tbl    TEXT NOT NULL,
    sql    TEXT NOT NULL,
    -- The job that deferred it: its own retry rebuilds, others leave it alone while
    -- that job runs.
    owner  TEXT NOT NULL,
    at     BIGINT NOT NULL
);
