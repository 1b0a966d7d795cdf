// Module JATS: see ../shared/docs/architecture.md.
