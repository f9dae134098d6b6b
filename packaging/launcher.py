"""The frozen bundle's entry point: the `annotator` command, as `python -m annotator` runs it."""

import multiprocessing
import sys

from annotator.cli import main

if __name__ == "__main__":
    # `import --workers N` starts processes: a frozen program must let them find their way
    # to the worker code instead of starting another copy of the application.
    multiprocessing.freeze_support()
    sys.exit(main())
