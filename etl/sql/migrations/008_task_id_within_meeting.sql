-- A task's id is unique within its meeting, not across all tasks: offices number the tasks of
-- each conclusion 1, 2, 3, so the tasks of a second meeting took over those of the first (counted
-- as updated). A task's record_key is now 'id:' || meeting_id || chr(31) || task_id.
-- The table is rebuilt with the same columns; the versions kept for rollback get the new key.

create table tasks_new (
    record_key varchar generated always as (
        coalesce('id:' || meeting_id || chr(31) || task_id, content_key)
    ) virtual,
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
insert into tasks_new by name select * exclude (record_key) from tasks;
drop table tasks;
alter table tasks_new rename to tasks;

update tasks_replaced
set record_key = 'id:' || meeting_id || chr(31) || task_id
where task_id is not null;
