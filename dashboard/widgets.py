"""Small pieces of screen shared by several pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import export
from dashboard.periods import Period


def xlsx_download(
    label: str, table: pd.DataFrame, *, sheet: str, stem: str, period: Period, key: str
) -> None:
    """A button handing over ``table`` as a formula-safe XLSX named after the page and the period."""
    st.download_button(
        label,
        data=export.to_xlsx_bytes(table, sheet),
        file_name=f"{stem}_{period.code.replace('..', '_')}.xlsx",
        mime=export.XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )
