"""The main window: its layout, menus and actions, settings, theme and status bar."""
