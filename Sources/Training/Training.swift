// Module Training: see ../shared/docs/architecture.md.
