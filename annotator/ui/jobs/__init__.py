"""Background work for the window: the job queue, the jobs it runs, and their results."""
