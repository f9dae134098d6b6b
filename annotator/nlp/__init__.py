"""spaCy: loading a pipeline and turning its output into core objects."""
