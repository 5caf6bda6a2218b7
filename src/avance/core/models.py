"""The base layer keeps no models of its own (its migrations retire the old counters)."""
