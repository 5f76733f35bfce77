-- One row per current record, canonical column names of the upload contract.
-- record_key is the natural key: 'id:' || the office's id, or 'h:' || md5 of the key columns.
-- batch_id is the batch that last wrote the row.
create table if not exists activities (
    record_key varchar not null,
    activity_id varchar,
    date date not null,
    org varchar not null,
    unit varchar not null,
    activity_type varchar not null,
    themes varchar[] not null,
    themes_inferred boolean not null,
    title varchar not null,
    participants bigint,
    beneficiaries bigint,
    funds_vnd bigint,
    new_members bigint,
    notes varchar,
    batch_id bigint not null
);

-- Bridge: one row per (activity, theme), whether the theme was given or inferred from the title.
create table if not exists activity_themes (
    record_key varchar not null,
    theme varchar not null,
    rank integer not null,
    inferred boolean not null
);

create table if not exists meetings (
    record_key varchar not null,
    meeting_id varchar,
    date date not null,
    meeting_type varchar not null,
    title varchar not null,
    host varchar not null,
    unit varchar not null,
    chair varchar,
    attendees bigint,
    orgs varchar[] not null,
    summary varchar,
    batch_id bigint not null
);

create table if not exists tasks (
    record_key varchar not null,
    task_id varchar,
    meeting_id varchar not null,
    assignee varchar not null,
    description varchar not null,
    themes varchar[] not null,
    due_date date,
    status varchar not null,
    completed_date date,
    batch_id bigint not null
);

create table if not exists members (
    record_key varchar not null,
    org varchar not null,
    unit varchar not null,
    as_of date not null,
    members bigint not null,
    new_members bigint,
    batch_id bigint not null
);

create table if not exists targets (
    record_key varchar not null,
    org varchar not null,
    unit varchar not null,
    year integer not null,
    indicator varchar not null,
    target bigint not null,
    batch_id bigint not null
);

-- What each batch replaced: the previous version of every record it updated,
-- so that rolling the batch back restores exactly what was there before.
create table if not exists activities_replaced as
    select *, cast(null as bigint) as replaced_by from activities with no data;
create table if not exists meetings_replaced as
    select *, cast(null as bigint) as replaced_by from meetings with no data;
create table if not exists tasks_replaced as
    select *, cast(null as bigint) as replaced_by from tasks with no data;
create table if not exists members_replaced as
    select *, cast(null as bigint) as replaced_by from members with no data;
create table if not exists targets_replaced as
    select *, cast(null as bigint) as replaced_by from targets with no data;
