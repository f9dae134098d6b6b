"""Charts drawn with pyqtgraph: shown in the window, or saved as PNG from the command line."""
