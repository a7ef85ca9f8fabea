-- Rollup rows are now also kept under each visit attribute's most frequent values of a day (see
-- dev.outpost.report.query.Rollups). Rows built before lack them; they would still count right
-- (the query engine counts the visits of a day without rows itself), but slowly. Clearing the
-- rows makes the builder make them all anew, in the background, from the visits; until it has,
-- queries are counted from the visits.
DELETE FROM rollup_rows;
DELETE FROM rollup_state;
