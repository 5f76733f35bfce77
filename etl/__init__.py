"""doanthe ETL: read office spreadsheets, check them, load them into the DuckDB warehouse."""
