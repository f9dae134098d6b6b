"""Benchmarks that print figures next to the targets the issues set."""
