"""Reading a roster file: bytes → a table of strings, one column per header of the file.

CSV (encoding and separator detected: UTF-8 with or without BOM, Windows-1252, UTF-16 with
BOM; comma, semicolon, tab or bar) or XLSX (the first sheet, read by calamine). Every failure
is a ``RosterImportError`` with a Spanish message; polars' own messages (in English, and
sometimes quoting a line of the file) are never passed on.

The header row is read as data and checked here: polars would silently rename a repeated
header («CURP», «CURP_duplicated_0»), so a file with two CURP columns would be imported from
one of them without a word.
"""

from __future__ import annotations

import io
import logging
import zipfile

import polars as pl
from django.conf import settings

from avance.capture.people.importing.columns import check_repeated_fields
from avance.capture.people.importing.errors import RosterImportError

logger = logging.getLogger(__name__)

MAX_XLSX_EXPANSION = 1024 * 1024 * 1024  # uncompressed bytes of a workbook (zip bombs)


def max_file_bytes() -> int:
    return int(getattr(settings, "AVANCE_UPLOAD_MAX_BYTES", 200 * 1024 * 1024))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def read_table(data: bytes, *, file_name: str = "") -> pl.DataFrame:
    """The file as a table of strings, named by its header row. Raises only
    ``RosterImportError``."""
    if not data or not data.strip():
        raise RosterImportError("El archivo está vacío.")
    limit = max_file_bytes()
    if len(data) > limit:
        raise RosterImportError(
            f"El archivo pesa {_megabytes(len(data))}; el máximo es {_megabytes(limit)}."
        )
    try:
        raw = _read(data)
    except (RosterImportError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # anything else, polars panics included (pyo3)
        logger.info("roster file unreadable (%s)", type(error).__name__)
        raise RosterImportError(
            "No se pudo leer el archivo: no es un CSV ni un libro de Excel (.xlsx) válido."
        ) from None
    return _with_header(raw)


def _with_header(raw: pl.DataFrame) -> pl.DataFrame:
    """The rows after the first, named by the first (unique names: a repeated header that
    means nothing to the importer gets « (2)», « (3)» …)."""
    if raw.height == 0:
        raise RosterImportError("El archivo está vacío.")
    headers = ["" if value is None else str(value).strip() for value in raw.row(0)]
    check_repeated_fields(headers)
    names: list[str] = []
    for header in headers:
        name, copy = header, 1
        while name in names:
            copy += 1
            name = f"{header} ({copy})"
        names.append(name)
    table = raw.slice(1)
    table.columns = names
    return table


def _read(data: bytes) -> pl.DataFrame:
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise RosterImportError(
            "Los libros de Excel antiguos (.xls) no se admiten: guárdelo como .xlsx o CSV."
        )
    return _read_csv(data)


def _read_xlsx(data: bytes) -> pl.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise RosterImportError("El libro de Excel (.xlsx) está dañado.") from None
    if expanded > MAX_XLSX_EXPANSION:
        raise RosterImportError("El libro de Excel es demasiado grande una vez descomprimido.")
    try:
        frame = pl.read_excel(
            io.BytesIO(data), engine="calamine", has_header=False, infer_schema_length=0
        )
    except Exception as error:  # fastexcel raises its own exception types
        logger.info("roster workbook unreadable (%s)", type(error).__name__)
        raise RosterImportError(
            "No se pudo leer el libro de Excel (.xlsx): ¿está dañado o protegido con contraseña?"
        ) from None
    return frame.select(pl.all().cast(pl.String))


def _decode(data: bytes) -> bytes:
    """The file's text as UTF-8 bytes."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise RosterImportError("El archivo dice ser UTF-16 pero no lo es.") from None
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    if b"\x00" in data:
        raise RosterImportError(
            "El archivo contiene bytes nulos: no parece un CSV (¿es un archivo binario?)."
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return data
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:
        raise RosterImportError(
            "No se reconoce la codificación del archivo: guárdelo como CSV en UTF-8 o "
            "Windows-1252 (ANSI)."
        ) from None


def _delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(data: bytes) -> pl.DataFrame:
    text = _decode(data)
    header = text.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    try:
        return pl.read_csv(
            io.BytesIO(text),
            separator=_delimiter(header),
            has_header=False,
            infer_schema=False,
            raise_if_empty=True,
        )
    except pl.exceptions.NoDataError:
        raise RosterImportError("El archivo está vacío.") from None
    except Exception as error:  # polars' parse errors, in English, may quote a line
        logger.info("roster CSV malformed (%s)", type(error).__name__)
        raise RosterImportError(
            "El CSV está mal formado: revise que las comillas cierren y que ninguna fila "
            "tenga más columnas que el encabezado."
        ) from None
