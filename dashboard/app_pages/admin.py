"""Quản trị — accounts (create, disable, reset the password, set role and scope) and reference lists.

The screen: a heading; the accounts table (who, role, organizations, area, active, locked until);
a form that creates an account and shows its first password once; for a chosen account, its role
and scope, enable/disable and a new random password shown once; then the reference lists the
warehouse checks uploads against (organizations, areas with their validity, themes), and how
targets are changed (they are records: uploaded as a file, checked and kept in the batch history
like any other). Each list can be downloaded as an Excel file, edited and uploaded back: the file is
checked like an upload (every problem by row; a code still in use cannot be removed), then saved
as one batch that *Các lần nạp* lists and can roll back. Every change is made by :mod:`etl.accounts`, which checks it again and writes it
to the accounts' audit log.
"""

from __future__ import annotations

import secrets

import pandas as pd
import streamlit as st

from dashboard import data, db, state, uploads
from dashboard.i18n import fmt_date, fmt_datetime, fmt_int, t
from etl import accounts, reference_edit
from etl.accounts import ROLES, Account
from etl.config import default_db_path

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

REF_CHECKS = "_admin_reference_checks"  # {(list, file_id): ListCheck}
NOTICE = "_admin_notice"  # (kind, text, password or None), shown once after a change
ALL = "__all__"


def new_password() -> str:
    """A random password a person can type: 4 groups of 4 letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


# ── Loaders ──────────────────────────────────────────────────────────────────────────────────────


def load_accounts(warehouse: str) -> list[Account]:
    with db.warehouse(warehouse) as con:
        return accounts.list_users(con)


def change(warehouse: str, action, *, ok: str, password: str | None = None) -> None:
    """Run one change in a write connection and remember what to say about it."""
    try:
        with db.writer(warehouse) as con:
            action(con)
    except accounts.AccountError as exc:
        st.session_state[NOTICE] = ("error", str(exc), None)
    except db.WarehouseUnavailable as exc:
        st.session_state[NOTICE] = ("error", str(exc), None)
    else:
        st.session_state[NOTICE] = ("ok", ok, password)


# ── Sections ─────────────────────────────────────────────────────────────────────────────────────


def scope_text(account: Account, refs: data.References, lang: str) -> tuple[str, str]:
    orgs = (
        t("upload.all_orgs", lang)
        if account.scope_orgs is None
        else ", ".join(refs.short_org(c, lang) for c in sorted(account.scope_orgs))
    )
    area = t("upload.all_units", lang) if account.scope_unit is None else refs.unit_name(account.scope_unit)
    return orgs, area


def accounts_table(users: list[Account], refs: data.References, lang: str) -> pd.DataFrame:
    rows = []
    for user in users:
        orgs, area = scope_text(user, refs, lang)
        rows.append(
            {
                t("auth.username", lang): user.username,
                t("admin.col.name", lang): user.display_name,
                t("admin.col.role", lang): t(f"role.{user.role}", lang),
                t("admin.col.orgs", lang): orgs,
                t("admin.col.area", lang): area,
                t("admin.col.active", lang): t("admin.yes" if user.active else "admin.no", lang),
                t("admin.col.locked", lang): fmt_datetime(user.locked_until, lang)
                if user.locked_until
                else "",
            }
        )
    return pd.DataFrame(rows)


def scope_inputs(refs: data.References, lang: str, key: str, current: Account | None = None):
    """Role, organizations and area pickers; returns (role, orgs or None, unit or None)."""
    role = st.selectbox(
        t("admin.col.role", lang),
        ROLES,
        index=ROLES.index(current.role) if current else ROLES.index("staff"),
        format_func=lambda r: t(f"role.{r}", lang),
        key=f"{key}_role",
    )
    org_codes = list(refs.orgs)
    orgs = st.multiselect(
        t("admin.col.orgs", lang),
        org_codes,
        default=sorted(current.scope_orgs) if current and current.scope_orgs else [],
        format_func=lambda c: refs.label("orgs", c, lang),
        placeholder=t("admin.orgs_all", lang),
        key=f"{key}_orgs",
    )
    current_units = refs.units[refs.units["valid_to"].isna()]
    unit_options = [ALL, *current_units["code"]]
    if current and current.scope_unit and current.scope_unit not in unit_options:
        unit_options.append(current.scope_unit)
    unit = st.selectbox(
        t("admin.col.area", lang),
        unit_options,
        index=unit_options.index(current.scope_unit) if current and current.scope_unit else 0,
        format_func=lambda c: t("upload.all_units", lang) if c == ALL else refs.unit_name(c),
        key=f"{key}_unit",
    )
    return role, (orgs or None), (None if unit == ALL else unit)


def create_form(warehouse: str, refs: data.References, lang: str, actor: str) -> None:
    with st.form("create_account", clear_on_submit=True):
        st.markdown(f"**{t('admin.create', lang)}**")
        username = st.text_input(t("auth.username", lang), key="new_username")
        name = st.text_input(t("admin.col.name", lang), key="new_name")
        role, orgs, unit = scope_inputs(refs, lang, "new")
        submitted = st.form_submit_button(t("admin.create_button", lang), type="primary")
    if submitted:
        password = new_password()
        change(
            warehouse,
            lambda con: accounts.add_user(
                con,
                username.strip(),
                role=role,
                password=password,
                display_name=name.strip() or None,
                orgs=orgs,
                unit=unit,
                actor=actor,
            ),
            ok=t("admin.created", lang, username=username.strip().lower()),
            password=password,
        )
        st.rerun()


def edit_account(warehouse: str, users: list[Account], refs: data.References, lang: str, actor: str) -> None:
    st.markdown(f"**{t('admin.edit', lang)}**")
    names = [u.username for u in users]
    chosen = st.selectbox(t("auth.username", lang), names, key="edit_username")
    user = next((u for u in users if u.username == chosen), None)
    if user is None:  # no account yet (or it was just removed): nothing to change
        return
    with st.form(f"edit_{chosen}"):
        name = st.text_input(t("admin.col.name", lang), value=user.display_name, key=f"edit_{chosen}_name")
        role, orgs, unit = scope_inputs(refs, lang, f"edit_{chosen}", user)
        if st.form_submit_button(t("admin.save_scope", lang)):
            change(
                warehouse,
                lambda con: accounts.set_scope(
                    con,
                    chosen,
                    role=role,
                    orgs=orgs,
                    unit=unit,
                    display_name=name.strip() or None,
                    actor=actor,
                ),
                ok=t("admin.saved", lang, username=chosen),
            )
            st.rerun()
    left, right = st.columns(2)
    if user.active:
        if left.button(t("admin.disable", lang), icon=":material/block:", disabled=chosen == actor):
            change(
                warehouse,
                lambda con: accounts.set_active(con, chosen, False, actor=actor),
                ok=t("admin.disabled", lang, username=chosen),
            )
            st.rerun()
    elif left.button(t("admin.enable", lang), icon=":material/check_circle:"):
        change(
            warehouse,
            lambda con: accounts.set_active(con, chosen, True, actor=actor),
            ok=t("admin.enabled", lang, username=chosen),
        )
        st.rerun()
    if right.button(t("admin.reset_password", lang), icon=":material/key:"):
        password = new_password()
        change(
            warehouse,
            lambda con: accounts.set_password(con, chosen, password, actor=actor),
            ok=t("admin.password_reset", lang, username=chosen),
            password=password,
        )
        st.rerun()


def show_notice(lang: str) -> None:
    notice = st.session_state.pop(NOTICE, None)
    if notice is None:
        return
    kind, text, password = notice
    if kind == "error":
        st.error(text, icon=":material/error:")
        return
    st.success(text, icon=":material/done:")
    if password:
        st.warning(t("admin.password_once", lang), icon=":material/key:")
        st.code(password, language=None)


def reference_lists(warehouse: str, refs: data.References, me: Account, lang: str) -> None:
    st.subheader(t("admin.reference", lang))
    st.caption(t("admin.reference_help", lang))
    names = reference_edit.LISTS
    for name, tab in zip(names, st.tabs([t(f"admin.ref.{n}", lang) for n in names]), strict=True):
        with tab:
            show_list(refs, name, lang)
            edit_list(warehouse, name, me, lang)


def show_list(refs: data.References, name: str, lang: str) -> None:
    if name == "units":
        table = refs.units.copy()
        table["valid_from"] = [fmt_date(v, lang) for v in table["valid_from"]]
        table["valid_to"] = [
            fmt_date(v, lang) if v is not None and not pd.isna(v) else "" for v in table["valid_to"]
        ]
    else:
        labels = refs.orgs if name == "org_types" else refs.themes
        table = pd.DataFrame([{"code": c, "label": v["vi"], "english": v["en"]} for c, v in labels.items()])
    st.dataframe(table.rename(columns=lambda c: t(f"admin.refcol.{c}", lang)), hide_index=True)


def edit_list(warehouse: str, name: str, me: Account, lang: str) -> None:
    """Download the list, edit it in Excel, upload it: checked, then saved as one batch."""
    st.download_button(
        t("admin.ref.download", lang),
        data=lambda: uploads.export_reference(warehouse, name, me)[0],
        file_name=reference_edit.export_file_name(name),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
        key=f"ref_download_{name}",
    )
    upload = st.file_uploader(
        t("admin.ref.upload", lang), type=list(uploads.UPLOAD_TYPES), key=f"ref_upload_{name}"
    )
    if upload is None:
        return
    store: dict = st.session_state.setdefault(REF_CHECKS, {})
    key = (name, upload.file_id)
    if key not in store:
        try:
            store[key] = uploads.check_reference(warehouse, name, upload.name, upload.getvalue(), me)
        except db.WarehouseUnavailable as exc:
            data.show_unavailable(exc, lang)
            return
    check = store[key]
    counts = t(
        "admin.ref.counts",
        lang,
        new=fmt_int(check.rows_new, lang),
        updated=fmt_int(check.rows_updated, lang),
        removed=fmt_int(check.rows_removed, lang),
        unchanged=fmt_int(check.rows_unchanged, lang),
    )
    if check.status == "loaded":
        st.success(t("admin.ref.saved", lang, batch=check.batch_id, counts=counts), icon=":material/done:")
    elif check.ok:
        st.success(t("upload.valid", lang, counts=counts), icon=":material/check_circle:")
        if check.changes and st.button(t("upload.save", lang), key=f"ref_save_{name}", type="primary"):
            try:
                store[key] = uploads.save_reference(warehouse, name, upload.name, upload.getvalue(), me)
            except db.WarehouseUnavailable as exc:
                data.show_unavailable(exc, lang)
                return
            st.rerun()
    else:
        st.error(t("upload.rejected", lang, count=fmt_int(check.error_count, lang)), icon=":material/error:")
        problems = pd.DataFrame(
            [{"row": p.row, "column": p.column or "", "message": p.message} for p in check.errors],
            columns=["row", "column", "message"],
        )
        st.dataframe(
            problems.rename(
                columns={
                    "row": t("upload.col.row", lang),
                    "column": t("upload.col.column", lang),
                    "message": t("upload.col.message", lang),
                }
            ),
            hide_index=True,
            width="stretch",
        )


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
me = state.account()
warehouse = str(default_db_path())
st.title(t("admin.heading", lang))
if me is None or not me.can("manage_accounts"):
    st.error(t("batches.not_allowed", lang))
    st.stop()

show_notice(lang)
with data.open_source(lang) as src:
    refs = data.references(src) if src is not None else None
if refs is not None:
    users = load_accounts(warehouse)
    st.subheader(t("admin.accounts", lang))
    st.dataframe(accounts_table(users, refs, lang), hide_index=True, width="stretch")
    left, right = st.columns(2)
    with left:
        create_form(warehouse, refs, lang, me.username)
    with right:
        edit_account(warehouse, users, refs, lang, me.username)
    reference_lists(warehouse, refs, me, lang)
