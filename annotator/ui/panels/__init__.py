"""Panels beside the article (span, spans, links, casualties, document) and the list."""
