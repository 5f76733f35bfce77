-- record_key is no longer stored where the record has an id: it is computed from the id
-- ('id:' || the office's id), so it cannot disagree with it. The hash of the key columns is kept,
-- as content_key, only for records without an id ('h:' || md5 of date, organization, unit, ...).
-- A 1,000,000-row load spent a twentieth of its time writing a second copy of every id.
-- Each record table is rebuilt with the same columns, content_key before batch_id; a key that was
-- not 'id:' || the id (a record without one) moves to content_key, so every key is unchanged.

create table activities_new (
    record_key varchar generated always as (coalesce('id:' || activity_id, content_key)) virtual,
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
    content_key varchar,
    batch_id bigint not null
);
insert into activities_new by name
select * exclude (record_key),
    case when record_key is distinct from 'id:' || activity_id then record_key end as content_key
from activities;
drop table activities;
alter table activities_new rename to activities;

create table meetings_new (
    record_key varchar generated always as (coalesce('id:' || meeting_id, content_key)) virtual,
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
    content_key varchar,
    batch_id bigint not null
);
insert into meetings_new by name
select * exclude (record_key),
    case when record_key is distinct from 'id:' || meeting_id then record_key end as content_key
from meetings;
drop table meetings;
alter table meetings_new rename to meetings;

create table tasks_new (
    record_key varchar generated always as (coalesce('id:' || task_id, content_key)) virtual,
    task_id varchar,
    meeting_id varchar not null,
    assignee varchar not null,
    description varchar not null,
    themes varchar[] not null,
    due_date date,
    status varchar not null,
    completed_date date,
    content_key varchar,
    batch_id bigint not null
);
insert into tasks_new by name
select * exclude (record_key),
    case when record_key is distinct from 'id:' || task_id then record_key end as content_key
from tasks;
drop table tasks;
alter table tasks_new rename to tasks;

-- Members and targets have no id column: their key is always the hash, stored as content_key.
create table members_new (
    record_key varchar generated always as (content_key) virtual,
    org varchar not null,
    unit varchar not null,
    as_of date not null,
    members bigint not null,
    new_members bigint,
    content_key varchar not null,
    batch_id bigint not null
);
insert into members_new by name select * exclude (record_key), record_key as content_key from members;
drop table members;
alter table members_new rename to members;

create table targets_new (
    record_key varchar generated always as (content_key) virtual,
    org varchar not null,
    unit varchar not null,
    year integer not null,
    indicator varchar not null,
    target bigint not null,
    content_key varchar not null,
    batch_id bigint not null
);
insert into targets_new by name select * exclude (record_key), record_key as content_key from targets;
drop table targets;
alter table targets_new rename to targets;

-- The earlier versions kept for rollback: the same columns (record_key stored, as it was),
-- then replaced_by.
create table activities_replaced_new as
    select *, cast(null as bigint) as replaced_by from activities with no data;
insert into activities_replaced_new by name
select *, case when record_key is distinct from 'id:' || activity_id then record_key end as content_key
from activities_replaced;
drop table activities_replaced;
alter table activities_replaced_new rename to activities_replaced;

create table meetings_replaced_new as
    select *, cast(null as bigint) as replaced_by from meetings with no data;
insert into meetings_replaced_new by name
select *, case when record_key is distinct from 'id:' || meeting_id then record_key end as content_key
from meetings_replaced;
drop table meetings_replaced;
alter table meetings_replaced_new rename to meetings_replaced;

create table tasks_replaced_new as
    select *, cast(null as bigint) as replaced_by from tasks with no data;
insert into tasks_replaced_new by name
select *, case when record_key is distinct from 'id:' || task_id then record_key end as content_key
from tasks_replaced;
drop table tasks_replaced;
alter table tasks_replaced_new rename to tasks_replaced;

create table members_replaced_new as
    select *, cast(null as bigint) as replaced_by from members with no data;
insert into members_replaced_new by name select *, record_key as content_key from members_replaced;
drop table members_replaced;
alter table members_replaced_new rename to members_replaced;

create table targets_replaced_new as
    select *, cast(null as bigint) as replaced_by from targets with no data;
insert into targets_replaced_new by name select *, record_key as content_key from targets_replaced;
drop table targets_replaced;
alter table targets_replaced_new rename to targets_replaced;
