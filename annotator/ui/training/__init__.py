"""The model in the loop, in the window: Model > Train… and Model > Models…."""
