// Module LM: see ../shared/docs/architecture.md.
