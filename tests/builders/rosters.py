"""Builders of synthetic roster files for the tests (never real people)."""

from __future__ import annotations

import datetime
import io
import random

from avance.capture.people.curp import generate_curp

HEADER = ("CURP", "Sexo", "Entidad", "Fecha de conclusión", "Organización")


def people(n: int, *, seed: int = 7, women_share: float = 0.5) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        sex = "M" if rng.random() < women_share else "H"
        curp = generate_curp(rng, sex=sex)
        rows.append(
            (
                curp,
                "Mujer" if sex == "M" else "Hombre",
                f"{(i % 32) + 1:02d}",
                (datetime.date(2023, 3, 1) + datetime.timedelta(days=i % 200)).strftime("%d/%m/%Y"),
                f"Dependencia {i % 3}",
            )
        )
    return rows


def csv_bytes(rows, *, header=HEADER, sep: str = ",", encoding: str = "utf-8") -> bytes:
    lines = [sep.join(header)] + [sep.join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows, *, header=HEADER) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
