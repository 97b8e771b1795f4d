-- The scopes apitoken.ApiTokenScope has offered since issue 21's contract (read, data:write, labels:write, admin):
-- V15's check still allowed only the first two, so a token with a new scope could not be stored. The same check as
-- the uploads lane's V20 ends with (drop and add again: whichever of the two runs last leaves the same constraint).
alter table api_token drop constraint api_token_scopes_check;
alter table api_token add constraint api_token_scopes_check
    check (cardinality(scopes) >= 1 and scopes <@ array ['releases:read', 'predictions:write', 'read', 'data:write',
        'labels:write', 'admin']::text[]);
