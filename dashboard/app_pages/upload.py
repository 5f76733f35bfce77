"""Nạp dữ liệu — a clerk downloads a template, uploads her files, sees what they would do, saves.

The screen, top to bottom: a heading and what the account may load (its organizations and area);
the templates, one XLSX per record kind with Vietnamese headers and drop-down lists; the file
drop (several files at once, the size limit said beside it); then, per file, either "Hợp lệ: …
mới, … cập nhật" with a button that saves it as one batch, or every problem by row and column with
the file handed back with an error column. Checking changes nothing; saving checks again and loads
all of the file or none of it. A saved batch shows at once in the charts, and can be rolled back
from *Các lần nạp*.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, db, state, uploads
from dashboard.i18n import code_label, fmt_int, t
from etl import config, templates
from etl.formats import KINDS

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

TEMPLATE_KINDS = ("activities", "meetings", "tasks", "members", "targets")
CHECKS = "_upload_checks"  # {file_id: UploadCheck} for the files in the uploader now


# ── Loaders ──────────────────────────────────────────────────────────────────────────────────────


@st.cache_data(max_entries=32, ttl=data.CACHE_TTL, show_spinner=False)
def template_bytes(path: str, version: tuple, kind: str, lang: str, _con) -> bytes:
    return templates.template_xlsx(_con.cursor(), kind, lang)


def checked(warehouse: str, file, account) -> uploads.UploadCheck | None:
    """The check of an uploaded file, done once per file the uploader holds (None: not possible now)."""
    store: dict = st.session_state.setdefault(CHECKS, {})
    if file.file_id not in store:
        lang = state.lang()
        try:
            with st.spinner(t("upload.checking", lang, name=uploads.safe_file_name(file.name))):
                store[file.file_id] = uploads.check_upload(warehouse, file.name, file.getvalue(), account)
        except db.WarehouseUnavailable as exc:
            data.show_unavailable(exc, lang)
            return None
    return store[file.file_id]


# ── Sections ─────────────────────────────────────────────────────────────────────────────────────


def show_scope(account, refs: data.References, lang: str) -> None:
    orgs = (
        t("upload.all_orgs", lang)
        if account.scope_orgs is None
        else ", ".join(refs.label("orgs", c, lang) for c in sorted(account.scope_orgs))
    )
    area = t("upload.all_units", lang) if account.scope_unit is None else refs.unit_name(account.scope_unit)
    st.caption(t("upload.scope", lang, orgs=orgs, area=area))


def show_templates(src: data.Source, lang: str) -> None:
    st.subheader(t("upload.templates", lang))
    st.caption(t("upload.templates_help", lang))
    for column, kind in zip(st.columns(len(TEMPLATE_KINDS)), TEMPLATE_KINDS, strict=True):
        with column:
            st.download_button(
                code_label("kind", kind, lang),
                data=template_bytes(src.path, src.version, kind, lang, _con=src.con),
                file_name=f"mau_nhap_{KINDS[kind].name}.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                icon=":material/download:",
                on_click="ignore",
                key=f"template_{kind}",
                width="stretch",
            )


def summary(check: uploads.UploadCheck, lang: str) -> str:
    parts = []
    for result in check.results:
        kind = code_label("kind", result.kind, lang).lower() if result.kind else ""
        parts.append(
            t(
                "upload.counts",
                lang,
                new=fmt_int(result.rows_new, lang),
                updated=fmt_int(result.rows_updated, lang),
                unchanged=fmt_int(result.rows_unchanged, lang),
                kind=kind,
            )
        )
    return "; ".join(parts)


def show_file(warehouse: str, file, account, lang: str) -> None:
    check = checked(warehouse, file, account)
    if check is None:
        return
    with st.container(border=True):
        st.text(f"{check.name} · {uploads.size_text(check.size)}")  # a file name is shown as text
        show_ignored(check, lang)
        if check.saved:
            batches = ", ".join(str(r.batch_id) for r in check.results)
            st.success(
                t("upload.saved", lang, batches=batches, counts=summary(check, lang)), icon=":material/done:"
            )
            st.page_link(
                "app_pages/batches.py", label=t("upload.to_batches", lang), icon=":material/history:"
            )
        elif check.ok:
            st.success(t("upload.valid", lang, counts=summary(check, lang)), icon=":material/check_circle:")
            if st.button(t("upload.save", lang), key=f"save_{file.file_id}", type="primary"):
                try:
                    with st.spinner(t("upload.saving", lang)):
                        saved = uploads.save_upload(warehouse, file.name, file.getvalue(), account)
                except db.WarehouseUnavailable as exc:
                    data.show_unavailable(exc, lang)
                    return
                st.session_state[CHECKS][file.file_id] = saved
                st.rerun()
        else:
            show_problems(check, lang, file.file_id)


def show_ignored(check: uploads.UploadCheck, lang: str) -> None:
    """The columns of the file that are none of its kind's: not read, so said (as text: they are the file's)."""
    ignored = [column for result in check.results for column in result.ignored_columns]
    if ignored:
        st.text(t("upload.ignored", lang, columns=", ".join(dict.fromkeys(ignored))))


def show_problems(check: uploads.UploadCheck, lang: str, key: str) -> None:
    count = check.problem_count
    st.error(t("upload.rejected", lang, count=fmt_int(count, lang)), icon=":material/error:")
    table = uploads.problems_table(check)
    if table.empty:
        st.info(t("upload.other_sheet", lang))
        return
    shown = table.rename(
        columns={
            "file": t("upload.col.file", lang),
            "row": t("upload.col.row", lang),
            "column": t("upload.col.column", lang),
            "code": t("upload.col.code", lang),
            "message": t("upload.col.message", lang),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    if count > len(table):
        st.caption(t("upload.more_problems", lang, more=fmt_int(count - len(table), lang)))
    if check.annotated is not None:
        st.download_button(
            t("upload.annotated", lang),
            data=check.annotated,
            file_name=check.annotated_name or "loi.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
            on_click="ignore",
            key=f"annotated_{key}",
        )


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
account = state.account()
st.title(t("upload.heading", lang))

with data.open_source(lang) as src:
    if src is not None:
        refs = data.references(src)
        show_scope(account, refs, lang)
        show_templates(src, lang)
        warehouse = src.path

if src is not None:
    st.subheader(t("upload.files", lang))
    limit_mb = config.MAX_FILE_BYTES_WEB // config.MB
    files = st.file_uploader(
        t("upload.drop", lang),
        type=list(uploads.UPLOAD_TYPES),
        accept_multiple_files=True,
        key="upload_files",
        help=t("upload.limit", lang, mb=fmt_int(limit_mb, lang)),
    )
    st.caption(t("upload.limit", lang, mb=fmt_int(limit_mb, lang)))
    present = {f.file_id for f in files or []}
    # Forget the checks of files taken out of the uploader.
    store = st.session_state.setdefault(CHECKS, {})
    for gone in set(store) - present:
        del store[gone]
    for file in files or []:
        show_file(warehouse, file, account, lang)
