"""Dialogs: export, merge, restore, help, guidelines, and error messages."""
