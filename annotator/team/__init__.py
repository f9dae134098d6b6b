"""Team projects on a PostgreSQL hub: each person's local project, synced in the background.

``hub`` connects and creates the hub (tables in ``hub_tables``), ``documents`` sends
documents up, ``assignment`` hands them out, ``join`` links a local project, ``push`` and
``pull`` move layers, ``sync`` does one whole exchange, ``status`` reports. No Qt, no spaCy.
"""
