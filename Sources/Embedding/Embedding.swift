// Module Embedding: see ../shared/docs/architecture.md.
