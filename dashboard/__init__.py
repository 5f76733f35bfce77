"""doanthe dashboard: queries (no Streamlit) → charts → pages (Streamlit)."""
