"""The one exception of an import that cannot start: the file cannot be read, mapped or
pseudonymised. Its message is Spanish, shown to the user as it is, and never holds a value
of the file (the CURPs are personal data)."""

from __future__ import annotations


class RosterImportError(Exception):
    """The file cannot be imported at all; ``message`` says why, in Spanish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
