-- Index followers (search, webhooks) read one tenant's changes in sequence order.
CREATE INDEX changes_tenant_seq ON changes (tenant_id, seq);
