// Module Text: see ../shared/docs/architecture.md.
