"""Hostile indicator tables as text (CSV/TXT): encodings, separators, limits, odd cells."""

from __future__ import annotations

import gzip

from tests.hostile import Case
from tests.hostile.test_hostile_inputs import GOOD_CASES, INDICATOR_CASES, REPORT_CASES, csv
from tests.indicators.test_tables_hostile import LIMIT_CASES

LONG = "area_id;indicator;period;value;numerator;denominator\n"
F = "csv"


def const(data: bytes):
    return lambda tmp: data


def lazy(build):
    return lambda tmp: build()


def flat(pattern: str) -> str:
    """Messages are matched on whitespace-collapsed output."""
    return pattern


def long(body: str) -> bytes:
    return (LONG + body).encode()


def names(*rows: str) -> bytes:
    return csv("".join(f"{r};2023;41\n" for r in rows))


def refused(name: str, file: str, data, expect: str, **kw) -> Case:
    build = data if callable(data) else const(data)
    return Case(name, F, file, build, "indicators", expect, code=2, **kw)


def reported(name: str, file: str, data, expect: str, **kw) -> Case:
    build = data if callable(data) else const(data)
    return Case(name, F, file, build, "indicators", expect, code=1, **kw)


def accepted(name: str, file: str, data, expect: str = r"rows read, \d+ values, 0 errors", **kw):
    build = data if callable(data) else const(data)
    return Case(name, F, file, build, "indicators", expect, code=0, **kw)


SLOW_LIMITS = {"one million rows": 160.0, "40 MB line": 300.0, "40 MB quoted line": 300.0}

CASES: list[Case] = [
    # absorbed from tests/test_hostile_inputs.py and tests/test_tables_hostile.py
    *(
        refused(
            f"csv {n}",
            file,
            lazy(b),
            m,
            slow=n == "too large",
            mib=400.0 if n == "too large" else None,
        )
        for n, file, b, m in INDICATOR_CASES
        if not file.endswith(".xlsx")
    ),
    *(reported(f"csv {n}", f"{n.replace(' ', '_')}.csv", d, m) for n, d, m in REPORT_CASES),
    *(accepted(f"csv {n}", file, d) for n, file, d in GOOD_CASES if not file.endswith(".xlsx")),
    *(
        refused(
            f"csv {n}",
            file,
            lazy(b),
            m,
            mib=SLOW_LIMITS.get(n),
            slow=n in SLOW_LIMITS,
        )
        for n, file, b, _, m in LIMIT_CASES
        if file.endswith(".csv")
    ),
    # line ends, encodings, byte order marks
    reported(
        "CR-only line ends",
        "mac.csv",
        csv("Buer;2023;141\n").replace(b"\n", b"\r"),
        "share above 100 %",
    ),
    accepted(
        "CRLF line ends", "dos.csv", csv("Buer;2023;41\nHassel;2023;30\n").replace(b"\n", b"\r\n")
    ),
    accepted(
        "mixed line ends", "misch.csv", csv("Buer;2023;41\r\nHassel;2023;30\rResse;2023;20\n")
    ),
    accepted("UTF-8 BOM", "bom.csv", b"\xef\xbb\xbf" + csv("Buer;2023;41\n")),
    accepted(
        "latin-1", "latin1.csv", csv("Heßler;2023;17\nBülmke-Hüllen;2023;20\n", encoding="latin-1")
    ),
    refused(
        "utf-16-le without BOM", "u16le.csv", csv("Buer;2023;41\n", encoding="utf-16-le"), "binary"
    ),
    refused(
        "utf-16-be without BOM", "u16be.csv", csv("Buer;2023;41\n", encoding="utf-16-be"), "binary"
    ),
    refused("utf-32", "u32.csv", csv("Buer;2023;41\n", encoding="utf-32"), "binary"),
    refused(
        "mixed utf-8 and cp1252",
        "gemischt_kodiert.csv",
        csv("Heßler;2023;17\n") + "Bülmke-Hüllen;2023;20\n".encode("cp1252"),
        r"garbled characters .* export the file again as UTF-8",
    ),
    refused("NUL bytes", "nul.csv", csv("Buer;2023;41\n").replace(b"41", b"4\x001"), "binary"),
    refused("only NUL bytes", "nullen.csv", b"\0" * 4096, "binary|empty"),
    refused("random bytes", "zufall.csv", bytes(range(256)) * 64, "binary"),
    refused("gzip renamed .csv", "gz.csv", gzip.compress(csv("Buer;2023;41\n")), "binary"),
    refused("zip renamed .csv", "zip.csv", b"PK\x03\x04" + b"\0" * 200, "binary|zip"),
    refused(
        "pdf renamed .csv",
        "pdf.csv",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\0" * 64,
        "binary",
    ),
    refused(
        "html table saved as .csv",
        "seite.csv",
        b"<html><body><table><tr><td>Buer</td></tr></table></body></html>\n",
        "only one column|no year|no data rows",
    ),
    # separators and structure
    accepted(
        "comma separated",
        "komma.csv",
        csv("Buer,2023,41\n", header="Stadtteil,Jahr,Übergang aufs Gymnasium\n"),
    ),
    accepted(
        "tab separated .txt",
        "tab.txt",
        csv("Buer\t2023\t41\n", header="Stadtteil\tJahr\tÜbergang aufs Gymnasium\n"),
    ),
    refused(
        "colon separated",
        "doppelpunkt.csv",
        b"Stadtteil:Jahr:Wert\nBuer:2023:41\n",
        "only one column|no year",
    ),
    reported(
        "trailing separators",
        "schluss.csv",
        csv("Buer;2023;41;;\n", header="Stadtteil;Jahr;Übergang aufs Gymnasium;;\n"),
        r"rows read",
    ),
    refused(
        "separators only", "leer_spalten.csv", b";;;\n;;;\n;;;\n", r"empty|no year|header|no data"
    ),
    refused("many blank lines", "leerzeilen.csv", b"\n" * 100_000, "the file is empty"),
    refused(
        "unclosed quote",
        "zitat_offen.csv",
        csv('"Buer;2023;41\nHassel;2023;30\n'),
        r"quote|header but no data|fields|not found|rows read",
    ),
    reported(
        "duplicate headers",
        "doppelkopf.csv",
        b"Stadtteil;Jahr;Jahr;Wert\nBuer;2023;2023;41\n",
        r"twice|duplicate|more than once|not in the catalogue",
    ),
    refused(
        "10k columns",
        "spalten.csv",
        (
            ";".join(f"S{i}" for i in range(10_000))
            + "\n"
            + ";".join("1" for _ in range(10_000))
            + "\n"
        ).encode(),
        r"10,000 columns, more than the limit of 500 \(max_columns\)",
    ),
    refused(
        "very long header",
        "langkopf.csv",
        csv("Buer;2023;41\n", header="Stadtteil;Jahr;" + "Ü" * 200_000 + "\n"),
        r"characters in one cell, more than the limit of 10,000",
    ),
    refused(
        "header of 1 MB line",
        "kopfzeile.csv",
        ("S;" * 600_000 + "\n1\n").encode(),
        r"characters in one line|columns, more than the limit",
    ),
    # names: control, bidi, emoji, markup, sheet-title characters
    reported(
        "control characters in names", "steuer.csv", names("Bu\x07er\x1b[31m"), "area not found"
    ),
    reported(
        "RTL override in names",
        "rtl.csv",
        names("\u202eBuer\u202c", "re\u202esseR"),
        "area not found",
    ),
    reported("zero-width characters", "breite.csv", names("At\u200blantis"), "area not found"),
    reported("emoji names", "emoji.csv", names("🏫 Schule", "👩‍👩‍👧"), "area not found"),
    reported(
        "rich markup [/b] in names",
        "markup.csv",
        names("[/b]Atlantis[b]", "[alt]"),
        r"area not found",
    ),
    reported(
        "sheet-title characters in names",
        "zeichen.csv",
        names("A/B\\C[D]:E*F?G"),
        r"area not found",
    ),
    reported(
        "markdown link in name",
        "link.csv",
        names("[klick](http://evil.example/)"),
        r"area not found",
    ),
    accepted(
        "NBSP in numbers", "nbsp.csv", csv("Buer;2023;4\u00a01\n"), r"1 values, 0 errors, 2 notes"
    ),
    # values
    reported("1e309 values", "unendlich.csv", csv("Buer;2023;1e309\n"), "not a finite number"),
    reported(
        "inf / -inf / nan strings",
        "nan.csv",
        csv("Buer;2023;inf\nHassel;2023;-inf\nResse;2023;nan\n"),
        "not a finite number",
    ),
    reported(
        "non-finite counts",
        "zaehler.csv",
        long("41;gymnasium;2023/24;;1e309;100\n15;gymnasium;2023/24;;5;inf\n"),
        "not a finite number",
    ),
    reported(
        "numerator and denominator 1e308",
        "ueberlauf.csv",
        long("41;gymnasium;2023/24;;1e308;1e308\n42;gymnasium;2023/24;;1e308;1e308\n"),
        r"magnitude above 10\^15.*exceeds the number range",
    ),
    reported(
        "unparsable count cells",
        "zaehler_text.csv",
        long("41;gymnasium;2023/24;;viele;100\n42;gymnasium;2023/24;;5;#NV\n"),
        r"not a readable number",
    ),
    accepted(
        "full-width digit year",
        "jahr_voll.csv",
        csv("Buer;２０２３;41\n"),
        r"year written with digits other than 0–9, read as 2023",
    ),
    accepted(
        "Arabic-Indic digit year",
        "jahr_arab.csv",
        csv("Buer;٢٠٢٣;41\n"),
        r"year written with digits other than 0–9, read as 2023",
    ),
    reported("year 0", "jahr0.csv", csv("Buer;0;41\n"), r"not a year|implausible year"),
    reported("year 99999", "jahr5.csv", csv("Buer;99999;41\n"), r"not a year|implausible year"),
    reported(
        "school year 2023/25",
        "schuljahr.csv",
        long("41;gymnasium;2023/25;41;;\n"),
        r"not a year|school year|implausible",
    ),
    reported("formula in a value", "formel.csv", csv("Buer;2023;=1+1\n"), "not a readable number"),
    accepted(
        "German thousands separator",
        "tausend.csv",
        long("41;gymnasium;2023/24;41,5;1.234;2.974\n"),
        r"rows read",
    ),
    reported(
        "percent sign in a value",
        "prozent.csv",
        csv("Buer;2023;41 %\n"),
        r"not a readable number|rows read",
    ),
    reported("sentinel -9999", "sentinel.csv", csv("Buer;2023;-9999\n"), r"negative value"),
    reported("negative count", "negativ.csv", long("41;gymnasium;2023/24;;-5;100\n"), r"negative"),
    reported(
        "zero denominator", "null.csv", long("41;gymnasium;2023/24;;5;0\n"), r"denominator|zero|0"
    ),
    accepted(
        "id column last",
        "id_zuletzt.csv",
        b"value;period;indicator;area_id\n41;2023/24;gymnasium;41\n",
        r"rows read",
    ),
    reported(
        "ids 11 and 011 in one upload",
        "nullen.csv",
        long("11;gymnasium;2023/24;41;;\n011;gymnasium;2023/24;42;;\n"),
        r"duplicate|leading zero|twice",
    ),
    reported(
        "unknown indicator long",
        "unbekannt.csv",
        long("41;erfunden;2023/24;41;;\n"),
        "indicator not in the catalogue",
    ),
    # amplification
    reported(
        "50,000 identical rows",
        "gleich.csv",
        csv("Buer;2023;41\n" * 50_000),
        r"duplicate row .*50000 rows affected",
        slow=True,
        mib=200.0,
        seconds=30.0,
    ),
    reported(
        "50k distinct unmatched names",
        "namen.csv",
        lazy(lambda: csv("".join(f"Gebiet {i};2023;41\n" for i in range(50_000)))),
        "area not found",
        slow=True,
        mib=200.0,
        seconds=30.0,
    ),
]
