"""Các lần nạp — who loaded what, when, from which file, with its counts; and rolling one back.

The screen: a heading; the batches newest first (a clerk sees her own, an administrator all) with
file, kind, who, when, rows new / updated / unchanged and whether it still stands; a choice of a
batch that still stands and a button that asks for confirmation, then undoes it (its new records
removed, the records it replaced restored). The query layer and the rollback check the account
again: a clerk cannot roll back somebody else's batch, whatever the request says.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, db, state, uploads
from dashboard.i18n import code_label, fmt_datetime, fmt_int, t
from etl.config import default_db_path
from etl.load import BATCH_COLUMNS, RollbackRefused

# ── Constants ────────────────────────────────────────────────────────────────────────────────────

# A batch's columns as the CLI lists them; the sheet is shown with its file ("book.xlsx:Quý I").
SHOWN = tuple(c for c in BATCH_COLUMNS if c != "sheet")
DONE = "_batches_done"


# ── Sections ─────────────────────────────────────────────────────────────────────────────────────


def labelled(batches: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = batches.loc[:, list(SHOWN)].copy()
    table["file_name"] = [
        f"{name}:{sheet}" if isinstance(sheet, str) and sheet else name
        for name, sheet in zip(batches["file_name"], batches["sheet"], strict=True)
    ]
    table["kind"] = [code_label("kind", k, lang) for k in table["kind"]]
    table["loaded_at"] = [fmt_datetime(v, lang) for v in table["loaded_at"]]
    table["status"] = [t(f"batches.status.{s}", lang) for s in table["status"]]
    for column in ("rows_read", "rows_new", "rows_updated", "rows_unchanged"):
        table[column] = [fmt_int(v, lang) for v in table[column]]
    return table.rename(columns={c: t(f"batches.col.{c}", lang) for c in SHOWN})


def describe(row: pd.Series, lang: str) -> str:
    return t(
        "batches.option",
        lang,
        batch=row["batch_id"],
        file=row["file_name"],
        when=fmt_datetime(row["loaded_at"], lang),
        new=fmt_int(row["rows_new"], lang),
        updated=fmt_int(row["rows_updated"], lang),
    )


@st.dialog(" ", width="medium")
def confirm_rollback(warehouse: str, batch: dict, lang: str) -> None:
    st.markdown(f"**{t('batches.confirm_title', lang, batch=batch['batch_id'])}**")
    st.text(describe(pd.Series(batch), lang))  # the file name is the clerk's: shown as text
    st.warning(t("batches.confirm_body", lang), icon=":material/warning:")
    left, right = st.columns(2)
    if left.button(t("batches.confirm_yes", lang), type="primary", key="rollback_yes"):
        try:
            info = uploads.roll_back(warehouse, int(batch["batch_id"]), state.account())
        except RollbackRefused as exc:
            st.session_state[DONE] = ("error", str(exc))
        except uploads.NotAllowed:
            st.session_state[DONE] = ("error", t("batches.not_allowed", lang))
        except db.WarehouseUnavailable as exc:
            st.session_state[DONE] = ("error", t(f"db.{exc.reason}", lang, path=str(exc.path)))
        else:
            st.session_state[DONE] = (
                "ok",
                t(
                    "batches.rolled_back",
                    lang,
                    batch=info["batch_id"],
                    removed=fmt_int(info["rows_removed"], lang),
                    restored=fmt_int(info["rows_restored"], lang),
                ),
            )
        st.rerun()
    if right.button(t("batches.confirm_no", lang), key="rollback_no"):
        st.rerun()


# ── The screen ───────────────────────────────────────────────────────────────────────────────────

lang = state.lang()
account = state.account()
warehouse = str(default_db_path())
st.title(t("batches.heading", lang))
st.caption(t("batches.intro_all" if account.can("rollback_any") else "batches.intro_own", lang))

done = st.session_state.pop(DONE, None)
if done is not None:
    (st.success if done[0] == "ok" else st.error)(done[1])

try:
    batches = uploads.list_batches(warehouse, account)
except db.WarehouseUnavailable as exc:
    data.show_unavailable(exc, lang)
    st.stop()
if batches.empty:
    st.info(t("batches.empty", lang), icon=":material/inbox:")
else:
    st.dataframe(labelled(batches, lang), hide_index=True, width="stretch")
    standing = batches[batches["status"] == "loaded"]
    if not standing.empty:
        st.subheader(t("batches.rollback", lang))
        choice = st.selectbox(
            t("batches.choose", lang),
            list(standing["batch_id"]),
            format_func=lambda b: describe(standing[standing["batch_id"] == b].iloc[0], lang),
            key="rollback_choice",
        )
        if st.button(t("batches.rollback_button", lang), icon=":material/undo:", key="rollback_ask"):
            confirm_rollback(warehouse, standing[standing["batch_id"] == choice].iloc[0].to_dict(), lang)
