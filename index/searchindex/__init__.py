"""The Whoosh full-text index behind ``index.search``: schemas, queries, generations and the writer."""
