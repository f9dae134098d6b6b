"""The claims ledger: per event, who claims what, when, and where the accounts differ.

``reading`` takes reports, figures and claims from a project (gold where there is gold),
``checks`` finds the disagreements, ``coding`` makes the low / best / high summary,
``ledger`` puts an event together and writes JSON and CSV, ``proposals`` suggests the
event a new report belongs to. No Qt, no spaCy.
"""
