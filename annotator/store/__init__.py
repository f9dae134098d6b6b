"""The project file: a SQLite database read and written through sqlite-utils."""
