-- Issue 20 item 4: a project can require a proposal source to score at least a threshold against gold before
-- annotators see its proposals (docs/proposals.md, "Gate"). The thresholds per label type and the gold episodes a
-- source must have been compared on, as JSON (workflow.SettingsCodec); null: no gate, every source is shown.
alter table project add column proposal_gate jsonb;
