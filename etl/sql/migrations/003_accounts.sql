-- Accounts, login sessions and the accounts audit log (etl/accounts.py owns them).
-- No account ships: `doanthe user ensure-admin` creates the first admin with a random password.
create table if not exists accounts (
    username varchar primary key,
    display_name varchar not null,
    role varchar not null check (role in ('admin', 'leader', 'analyst', 'staff')),
    scope_orgs varchar[],        -- organization type codes; null = every organization type
    scope_unit varchar,          -- a units.code whose subtree is in scope; null = the whole deployment
    active boolean not null default true,
    password_hash varchar not null,  -- argon2id (argon2-cffi's PasswordHasher)
    failed_logins integer not null default 0,
    locked_until timestamp,      -- naive UTC
    created_at timestamp not null,
    updated_at timestamp not null,
    password_changed_at timestamp not null
);

-- Only the SHA-256 of a session token is stored, never the token.
create table if not exists auth_sessions (
    token_hash varchar primary key,
    username varchar not null,
    created_at timestamp not null,
    expires_at timestamp not null,
    revoked_at timestamp
);

-- created, disabled, enabled, password_changed, scope_changed, login_ok, login_failed, locked.
create table if not exists account_events (
    "at" timestamp not null,  -- (a keyword in DuckDB: quote it in queries)
    username varchar,
    event varchar not null,
    detail varchar,
    actor varchar
);
