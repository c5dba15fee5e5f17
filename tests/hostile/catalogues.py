"""Hostile catalogue files (YAML/CSV), given with ``import indicators --catalog``."""

from __future__ import annotations

from tests.hostile import Case
from tests.indicators.test_catalog_hostile import CASES as CATALOG_CASES
from tests.indicators.test_catalog_hostile import HEADER, entry

F = "catalogue"


def const(data: bytes):
    return lambda tmp: data


def case(name: str, file: str, data: bytes, expect: str, code: int = 2, **kw) -> Case:
    return Case(name, F, file, const(data), "catalogue", expect, code, **kw)


def csv_row(*fields: str) -> bytes:
    return f"{HEADER}\n{';'.join(fields)}\n".encode()


CASES: list[Case] = [
    *(case(f"catalogue {n}", file, d, m.replace(r"\n  ", " ")) for n, file, d, m in CATALOG_CASES),
    case(
        "catalogue cp1252 csv",
        "k.csv",
        f"{HEADER};multiplier\nneu;Neue Übergänge;Formale Bildung;higher_is_better;mean;1\n".encode(
            "cp1252"
        ),
        r"rows read|Windows-1252",
        0,
    ),
    case(
        "catalogue utf-16 csv",
        "k16.csv",
        csv_row("a", "A", "D", "no_judgement", "count").decode().encode("utf-16"),
        r"rows read, 2 values, 0 errors",
        0,
    ),
    case(
        "catalogue latin-1 yaml",
        "k1.yaml",
        entry("label_en: Übergänge").encode("latin-1"),
        r"is not UTF-8",
    ),
    case("catalogue BOM yaml", "kbom.yaml", b"\xef\xbb\xbf" + entry().encode(), r"rows read", 0),
    case(
        "catalogue tabs in yaml",
        "ktab.yaml",
        b"indicators:\n\t- id: a\n",
        r"tab|cannot be read|YAML|line",
    ),
    case(
        "catalogue yaml syntax error",
        "ksyn.yaml",
        b"indicators: [\n  {id: a,\n",
        r"cannot be read|YAML|line",
    ),
    case("catalogue top-level scalar", "kscalar.yaml", b"42\n", r"expected|list|mapping"),
    case(
        "catalogue python tag",
        "ktag.yaml",
        b"!!python/object/apply:os.system ['echo hi']\n",
        r"tag|cannot|not allowed|unknown|constructor",
    ),
    case(
        "catalogue 10k entries",
        "kviele.yaml",
        "".join(entry(ind_id=f"a{i}") for i in range(10_000)).encode(),
        r"kviele.yaml: expands to more than 100,000 values",
        mib=100.0,
    ),
    case(
        "catalogue duplicate ids",
        "kdup.yaml",
        (entry() + entry()).encode(),
        r"twice|more than once|duplicate",
    ),
    case(
        "catalogue unknown kind",
        "kkind.yaml",
        entry().replace("kind: count", "kind: magic").encode(),
        r"'kind' is 'magic'",
    ),
    case(
        "catalogue unknown polarity",
        "kpol.yaml",
        entry().replace("polarity: no_judgement", "polarity: up").encode(),
        r"'polarity' is 'up'",
    ),
    case("catalogue missing fields", "kmiss.yaml", b"- {id: a}\n", r"missing required field"),
    case(
        "catalogue id with markup",
        "kmark.yaml",
        entry(ind_id="'[/b]x'").encode(),
        r"rows read, 2 values, 0 errors",
        0,
    ),
    case(
        "catalogue label 1 MB",
        "klabel.yaml",
        entry("label_en: " + "x" * 1_000_000).encode(),
        r"label_en|characters|too long|limit",
    ),
    case(
        "catalogue csv semicolons in quotes",
        "kq.csv",
        b'id;label_de;domain;polarity;kind\na;"A;B";D;no_judgement;count\n',
        r"rows read",
        0,
    ),
    case(
        "catalogue csv NUL",
        "knul.csv",
        csv_row("a", "A\0", "D", "no_judgement", "count"),
        r"binary|NUL|not a text",
    ),
    case(
        "catalogue csv k as text",
        "kk.csv",
        f"{HEADER};k\na;A;D;no_judgement;count;fünf\n".encode(),
        r"'k' is",
    ),
    case(
        "catalogue csv multiplier 1e309",
        "km.csv",
        f"{HEADER};multiplier\na;A;D;no_judgement;count;1e309\n".encode(),
        r"'multiplier' is inf",
    ),
    case("catalogue whitespace-only csv", "kw.csv", b"  \n \n", r"is empty|no header"),
    case(
        "catalogue .json file",
        "k.json",
        b'{"indicators": []}',
        r"json|YAML|CSV|has no indicators|suffix",
    ),
]
