"""The history database (SQLite, ``data/lich_su.sqlite``): ``migrations`` (the schema, numbered migrations applied
automatically) and ``history`` (each period's accepted values and task statuses, each run and what it found).
Read before the checks (the previous period), written after the outputs."""
