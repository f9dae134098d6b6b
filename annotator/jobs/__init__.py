"""Long-running work (import, pre-annotation) as plain functions, free of Qt.

The command line calls them directly; the window runs the same functions in a worker
thread, passing callbacks that report progress and ask whether to stop.
"""
