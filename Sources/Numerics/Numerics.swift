// Module Numerics: see ../shared/docs/architecture.md.
