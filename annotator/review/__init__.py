"""Review: merging annotators' projects, how far they agree, adjudication into gold."""
