// Module Store: see ../shared/docs/architecture.md.
