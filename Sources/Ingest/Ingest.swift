// Module Ingest: see ../shared/docs/architecture.md.
