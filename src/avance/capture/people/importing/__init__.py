"""Importing a roster file, one module per job:

1. ``reading`` — bytes → a table of strings (CSV with its encoding and separator detected,
   or XLSX);
2. ``columns`` — headers → the roster's fields;
3. ``validation`` — every row checked at once, with the error report;
4. ``pseudonyms`` — the keyed pseudonym of each CURP (decision 0003);
5. ``writing`` — the new rows into the enrollments, and the import's counts;
6. ``run`` — all of them for one file, and the import's record.

Every failure that stops an import is a ``RosterImportError`` with a Spanish message.
"""

from avance.capture.people.importing.errors import RosterImportError
from avance.capture.people.importing.reading import max_file_bytes
from avance.capture.people.importing.run import ImportResult, Progress, import_frame, import_roster

__all__ = [
    "ImportResult",
    "Progress",
    "RosterImportError",
    "import_frame",
    "import_roster",
    "max_file_bytes",
]
