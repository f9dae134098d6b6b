"""The article: the text view, how spans are painted, the label palette and legend."""
