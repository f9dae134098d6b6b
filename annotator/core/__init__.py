"""The annotation model. Imports nothing but the standard library."""
