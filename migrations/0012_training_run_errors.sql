-- 0012_training_run_errors: training runs started in the background (issue 14,
-- POST /v1/training/runs) must say why they failed, and the loop of `train stage1|stage2`
-- is one run a client can poll: its rounds' runs point at it.
--
-- error:     why a 'failed' run failed (the message the CLI would print); NULL otherwise.
-- parent_id: for the run of one stage-1/2 round, the run of the whole loop it belongs to;
--            NULL for every other run (and for rounds run without a loop run).

ALTER TABLE training_runs ADD COLUMN error text;
ALTER TABLE training_runs ADD COLUMN parent_id bigint REFERENCES training_runs (id) ON DELETE CASCADE;
CREATE INDEX training_runs_parent_idx ON training_runs (parent_id) WHERE parent_id IS NOT NULL;
