-- The e-mail address that picks an account when the dashboard logs in through an OIDC provider
-- (Streamlit's st.login): lower-cased, unique among accounts that have one (etl/accounts.py
-- checks that). Not a unique index: DuckDB refuses most later ALTERs of a table with an index
-- ("Cannot alter entry ... because there are entries that depend on it").
alter table accounts add column if not exists email varchar;
