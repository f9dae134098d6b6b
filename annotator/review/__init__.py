"""Review: merging annotators' projects, agreement between them, adjudication into gold."""
