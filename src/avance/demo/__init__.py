"""The demonstration year: the 2023 report of the reference seed, kept as records."""
