// Module Graph: see ../shared/docs/architecture.md.
