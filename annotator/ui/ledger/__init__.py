"""The Claims ledger window: per event, every report's figures and claims side by side."""
