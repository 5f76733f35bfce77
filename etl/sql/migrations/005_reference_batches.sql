-- Reference lists edited as files (etl/reference_edit.py): each edit is a batch of kind
-- 'ref_<list>' in `batches`, and keeps the whole list as it was before, so that rolling the batch
-- back restores the list exactly.
create table if not exists reference_batches (
    batch_id bigint primary key,  -- batches.batch_id
    list varchar not null,        -- org_types | units | themes
    rows_removed bigint not null  -- entries the file left out (batches has new/updated/unchanged)
);

-- The list before the batch `replaced_by`, every row of it (as `<kind>_replaced` keeps records).
create table if not exists org_types_replaced as
    select *, cast(null as bigint) as replaced_by from org_types with no data;
create table if not exists units_replaced as
    select *, cast(null as bigint) as replaced_by from units with no data;
create table if not exists themes_replaced as
    select *, cast(null as bigint) as replaced_by from themes with no data;
