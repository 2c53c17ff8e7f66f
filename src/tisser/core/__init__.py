"""The pure domain of tisser: records, names, cadence. No database, no CLI, no web here."""
