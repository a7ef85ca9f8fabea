-- Page filters ("visits that viewed /pricing") find a page's views of a range without reading every
-- event of the range: only pageviews, by path then time, with the visit they belong to.
CREATE INDEX events_pageview_path ON events (site_id, path, ts, session_id) WHERE name = 'pageview';
