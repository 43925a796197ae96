-- Check-in answers mirrored to the CRM's user properties: a check-in not mirrored yet has no
-- mirrored_at, so a mirror that failed is tried again and nothing is lost.
ALTER TABLE check_ins ADD COLUMN mirrored_at timestamptz;
CREATE INDEX check_ins_unmirrored ON check_ins (tenant_id, seller_id) WHERE mirrored_at IS NULL AND by_role = 'self';

-- Whether the CRM accepted the answer properties: not tried yet, created, or refused (answers then live in the service only).
ALTER TABLE crm_installations ADD COLUMN properties text NOT NULL DEFAULT 'pending' CHECK (properties IN ('pending', 'created', 'refused'));
ALTER TABLE crm_installations ADD COLUMN properties_reason text;
