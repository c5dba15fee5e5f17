"""Shared test helpers: paths, tiny catalogue entries and observations, store fingerprints.

Imported by test modules as ``from tests import helpers`` (never from a conftest).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from indicators.catalog import Indicator, Kind, Polarity, Rule

#: The checkout (pyproject.toml, dashboard.py, pages/).
ROOT = Path(__file__).resolve().parents[1]
#: The dashboard script for ``AppTest.from_file``.
APP = str(ROOT / "dashboard.py")


def make_indicator(
    ind_id: str = "x",
    *,
    polarity: Polarity = Polarity.LOWER_IS_BETTER,
    kind: Kind = Kind.PROPORTION,
    multiplier: float = 100.0,
    **rule: object,
) -> Indicator:
    return Indicator(
        id=ind_id,
        label_de=f"Indikator {ind_id}",
        label_en=f"Indicator {ind_id}",
        domain="Formale Bildung",
        unit="%",
        polarity=polarity,
        kind=kind,
        multiplier=multiplier,
        rule=Rule(**rule),
    )  # type: ignore[arg-type]


def make_obs(ind_id: str, period: str, values=None, nums=None, dens=None, ids=None):
    n = len(values if values is not None else nums)
    ids = ids or [f"{i:02d}" for i in range(1, n + 1)]
    frame = pd.DataFrame(
        {
            "area_id": ids,
            "indicator": ind_id,
            "period": period,
            "value": values if values is not None else [float("nan")] * n,
            "numerator": nums if nums is not None else [float("nan")] * n,
            "denominator": dens if dens is not None else [float("nan")] * n,
        }
    )
    frame["missing_reason"] = None
    return frame


def fingerprint(store) -> str:
    digest = hashlib.sha256()
    for path in sorted(store.data_dir.glob("bildungsampel.sqlite*")):
        if path.suffix != ".sqlite-shm":
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def wide_upload_table(rows: int = 542, columns: int = 20, *, names: list[str]) -> bytes:
    """A wide German CSV as offices deliver it: area, school year, a Kita trio, more figures.

    The Kita trio is "Kinder in Kitas" (numerator), "Kinder 3 bis unter 6"
    (denominator) and "Anteil in %" (their value); ``columns - 5`` further
    columns "Merkmal 1" … hold figures. Rows cycle through ``names`` and the
    school years from 1990/91 on, so each area × year appears once.
    """
    lines = [
        ";".join(
            ["Stadtteil", "Schuljahr", "Kinder in Kitas", "Kinder 3 bis unter 6", "Anteil in %"]
            + [f"Merkmal {k}" for k in range(1, columns - 4)]
        )
    ]
    for r in range(rows):
        year = 1990 + r // len(names)
        den = 100 + r % 37
        num = 40 + r % 23
        figures = [f"{(r * 7 + k * 13) % 100},{k % 10}" for k in range(1, columns - 4)]
        share = f"{num / den * 100:.1f}".replace(".", ",")
        cells = [names[r % len(names)], f"{year}/{(year + 1) % 100:02d}", str(num), str(den)]
        lines.append(";".join([*cells, share, *figures]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def store_state(store) -> dict[str, str]:
    """Checksums of everything a store holds, to show that a refused write changed nothing.

    SQLite: the files (the -shm index and an empty -wal carry no data); PostgreSQL:
    every table's rows in key order.
    """
    import gc

    import sqlalchemy as sa

    if store.data_dir is not None:
        gc.collect()
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.data_dir.iterdir())
            if p.is_file()
            and not p.name.endswith("-shm")
            and not (p.name.endswith("-wal") and p.stat().st_size == 0)
        }
    found = {}
    with store.engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            rows = conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY 1, 2")).all()
            found[table] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return found


# ---------------------------------------------------------------- PDFs written by matplotlib
# No PDF text extractor is installed (pypdf, pdfminer, pdftotext). matplotlib writes its
# text with Type 0 / Type 42 fonts: two-byte codes in TJ arrays inside deflated content
# streams, decoded through each font's ToUnicode CMap. That is all these helpers read;
# they are no general PDF parser.

_PDF_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _pdf_strings(block: bytes) -> list[tuple[int, bytes]]:
    """Return the literal strings ``(...)`` of a content stream block with their offsets."""
    out, k = [], 0
    while (k := block.find(b"(", k)) >= 0:
        start, depth, buf = k, 1, bytearray()
        k += 1
        while depth:
            c = block[k : k + 1]
            if c == b"\\":
                nxt = block[k + 1 : k + 2]
                if nxt.isdigit():
                    digits = block[k + 1 : k + 4]
                    digits = digits[: len(digits) - len(digits.lstrip(b"01234567"))]
                    buf.append(int(digits, 8))
                    k += 1 + len(digits)
                    continue
                buf += _PDF_ESCAPES.get(nxt, nxt)
                k += 2
                continue
            depth += {b"(": 1, b")": -1}.get(c, 0)
            if depth:
                buf += c
            k += 1
        out.append((start, bytes(buf)))
    return out


def _pdf_stream(body: bytes) -> bytes | None:
    import re
    import zlib

    found = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    try:
        return zlib.decompress(found.group(1)) if found else None
    except zlib.error:
        return None


def _pdf_cmap(text: bytes) -> dict[int, str]:
    """Return code → text of a ToUnicode CMap (bfchar and bfrange entries)."""
    import re

    def uni(hexes: bytes) -> str:
        return bytes.fromhex(hexes.decode()).decode("utf-16-be")

    out: dict[int, str] = {}
    for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*$", text, re.M):
        out[int(src, 16)] = uni(dst)
    for low, high, dsts in re.findall(rb"<([0-9a-fA-F]+)> <([0-9a-fA-F]+)> \[([^\]]*)\]", text):
        for code, dst in zip(
            range(int(low, 16), int(high, 16) + 1),
            re.findall(rb"<([0-9a-fA-F]+)>", dsts),
            strict=False,
        ):
            out[code] = uni(dst)
    return out


def pdf_texts(data: bytes) -> list[str]:
    """Return every text object (``BT … ET``) of a matplotlib PDF as a string, in order."""
    import re

    objects = {int(n): b for n, b in re.findall(rb"(?m)^(\d+) 0 obj\n(.*?)\nendobj", data, re.S)}
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        if (ref := re.match(rb"<< /Font (\d+) 0 R", body)) is not None:
            for name, num in re.findall(rb"/(F\d+) (\d+) 0 R", objects[int(ref.group(1))]):
                uni = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(num)])
                stream = _pdf_stream(objects[int(uni.group(1))]) if uni else None
                fonts[name] = _pdf_cmap(stream) if stream else {}
    texts = []
    for body in objects.values():
        content = _pdf_stream(body)
        for block in re.findall(rb"BT\n(.*?)\nET", content or b"", re.S):
            switches = [(m.start(), m.group(1)) for m in re.finditer(rb"/(F\d+) [\d.]+ Tf", block)]
            line = []
            for at, raw in _pdf_strings(block):
                font = fonts.get(max((s for s in switches if s[0] < at), default=(0, b""))[1], {})
                codes = [int.from_bytes(raw[k : k + 2], "big") for k in range(0, len(raw) - 1, 2)]
                line += [font.get(c, chr(c)) for c in codes]
            texts.append("".join(line))
    return texts


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Return the MediaBox width and height (points) of every page."""
    import re

    boxes = re.findall(rb"/MediaBox \[ *0 0 ([\d.]+) ([\d.]+) *\]", data)
    return [(float(w), float(h)) for w, h in boxes]
