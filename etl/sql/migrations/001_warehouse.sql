-- Reference lists. Codes are stable; labels and aliases are editable reference data.
create table if not exists org_types (
    code varchar primary key,
    label_vi varchar not null,
    label_en varchar,
    short_vi varchar,
    aliases varchar[],
    founded varchar           -- founding day, dd/mm
);

-- Party and government bodies that host meetings or take tasks (e.g. Thường trực Huyện ủy).
create table if not exists bodies (
    code varchar primary key,
    label_vi varchar not null,
    label_en varchar,
    short_vi varchar,
    aliases varchar[]
);

-- Administrative units with official codes; history across the 1 July 2025 reform.
create table if not exists units (
    code varchar primary key,
    name varchar not null,
    level varchar not null,   -- province | district | commune
    parent_code varchar,
    valid_from date,
    valid_to date,            -- last day the unit existed; null while it exists
    successor_code varchar,   -- the unit that took it over
    aliases varchar[]
);

create table if not exists themes (
    code varchar primary key, label_vi varchar not null, label_en varchar, aliases varchar[]
);
create table if not exists activity_types (
    code varchar primary key, label_vi varchar not null, label_en varchar, aliases varchar[]
);
create table if not exists indicators (
    code varchar primary key, label_vi varchar not null, label_en varchar, aliases varchar[]
);
create table if not exists meeting_types (
    code varchar primary key, label_vi varchar not null, label_en varchar, aliases varchar[]
);
create table if not exists task_statuses (
    code varchar primary key, label_vi varchar not null, label_en varchar, aliases varchar[]
);

-- One row per loaded file or workbook sheet.
create sequence if not exists batch_id_seq start 1;
create table if not exists batches (
    batch_id bigint primary key,
    kind varchar not null,
    file_name varchar not null,
    sheet varchar,
    sha256 varchar not null,
    loaded_by varchar not null,
    loaded_at timestamp not null,
    rows_read bigint not null,
    rows_new bigint not null,
    rows_updated bigint not null,
    rows_unchanged bigint not null,
    status varchar not null,  -- loaded | rolled_back
    rolled_back_at timestamp,
    rolled_back_by varchar
);
