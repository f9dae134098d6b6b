"""Editing the open document: turning keys and clicks into session operations."""
