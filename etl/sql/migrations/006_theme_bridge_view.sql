-- The theme bridge becomes a view over activities.themes: one row per (activity, theme), in the
-- order the themes were given or inferred, with whether they were inferred. Derived from the
-- list column, it cannot disagree with it, and loads and rollbacks no longer write it (a
-- 1,000,000-row load spent a tenth of its time copying the list into a table).
drop table if exists activity_themes;

create view activity_themes as
select
    record_key,
    unnest(themes) as theme,
    cast(unnest(generate_series(1, len(themes))) as integer) as rank,
    themes_inferred as inferred
from activities;
