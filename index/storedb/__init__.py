"""The SQLite store behind ``index.store``: schema, row types and write transactions."""
