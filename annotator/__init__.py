"""Annotator: annotate news articles for training data."""

__version__ = "0.1.0"
