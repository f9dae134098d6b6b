"""Reading article files (plain text, JSONL, CSV) into records to import."""
