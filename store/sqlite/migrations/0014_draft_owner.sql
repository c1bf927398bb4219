-- A draft belongs to the user who started it (their login name): after a
-- logout the next user's draft box lists only their own drafts; an admin
-- sees all of them, each marked with its owner. A draft saved before this
-- has no owner ('') and stays in everyone's box until someone opens it,
-- who then owns it.
ALTER TABLE drafts ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX drafts_owner ON drafts (owner, state, updated_at);
