"""The editing session, without Qt: a project opened by one person, and its open documents.

Every operation is one transaction and returns a ``Changes`` record of what it changed;
the window (``annotator/ui``) shows what concerns each of its panels. Undo and redo are
inverse operations kept here, so a change the project refuses leaves the history as it was.
"""
