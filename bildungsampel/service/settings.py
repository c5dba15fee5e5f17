"""One typed, validated settings object for the dashboard.

Read from an optional TOML file (``BILDUNGSAMPEL_CONFIG``, section
``[bildungsampel]``) and environment variables ``BILDUNGSAMPEL_<FIELD>``, the
environment winning. Unknown keys are refused so that a typo does not pass
silently.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from indicators.errors import BildungsampelError
from indicators.numbers import BYTES_PER_MB
from indicators.policy import Policy

PALETTE_NAMES: tuple[str, ...] = ("ampel", "safe")
#: Shortest accepted ``proxy_secret`` (``auth = "header"``).
MIN_PROXY_SECRET = 16


@dataclass(frozen=True)
class Settings:
    """Dashboard settings; every default is documented here and in the README.

    Attributes
    ----------
    palette : {"ampel", "safe"}
        Default colour palette ("safe" = colour-blind safe blue/yellow/orange).
    language : {"de", "en"}
        Default UI language.
    tile_url : str
        Basemap tile URL template (e.g. an intranet tile server
        ``https://tiles.intranet/{z}/{x}/{y}.png``); empty = no basemap, so
        nothing is requested from outside (default).
    tile_attribution : str
        Attribution shown with the tiles.
    simplify_m : float
        Tolerance in metres for the gap-free display simplification (default 10).
    cache_ttl : int
        Seconds cached results live (default 3600).
    cache_entries : int
        Maximum entries per cached function (default 64).
    boundaries, indicators, catalog : str
        The municipality's own files (empty = the sample city). All three
        are needed together; see docs/DATA.md for their contracts.
    id_column, name_column, parent_column : str
        Columns of the boundary file (empty = guessed).
    city_name : str
        Name shown in the title (empty = the boundary file's name).
    data_dir : str
        Data directory of the store (empty = ``$BILDUNGSAMPEL_DATA_DIR`` or the
        per-user data directory).
    local_analyst : str
        Name of the single user of a local installation who may upload and
        publish without a login (empty = off; never set it on a server).
        Refused together with ``auth = "oidc"`` or ``"header"``: every request
        without a login or header would otherwise be that analyst.
    auth : {"", "oidc", "header"}
        Where identities come from: Streamlit's OIDC login (``st.login``, needs
        the ``[oidc]`` extra), a trusted reverse-proxy header, or nobody
        (read-only, the default).
    roles_claim : str
        OIDC claim holding the user's groups (default ``groups``).
    analyst_groups : str
        Comma-separated groups that make a user an analyst.
    user_header, groups_header : str
        Header names set by the trusted reverse proxy (``auth = "header"``).
    proxy_secret : str
        Shared secret the reverse proxy sends with every request in
        ``proxy_secret_header``; required with ``auth = "header"`` (at least
        16 characters). Identity headers without it are ignored, so a browser
        that reaches the port directly and sends ``X-Forwarded-User`` itself
        stays an anonymous viewer. Best set through the environment
        (``BILDUNGSAMPEL_PROXY_SECRET``).
    proxy_secret_header : str
        Header carrying ``proxy_secret`` (default ``X-Bildungsampel-Proxy-Secret``).
    upload_limit_mb : float
        Largest accepted upload in MB of 2**20 bytes (default 50); read it in
        bytes as :attr:`upload_limit_bytes`.
    confidence : float
        Level of the benchmark comparison for the whole city: 0.95 (default)
        or 0.998. With 18 areas × 17 indicators about 15 comparisons are
        "significant" by chance at 95 %, under one at 99.8 % — at the price of
        missing smaller real differences.
    small_numerator : int
        Numerators 1 … small_numerator − 1 are shown as "< 5" and not rated
        (default 5; 0 = off).
    population_indicator : str
        Id of the catalogue indicator with each area's inhabitants (empty =
        none); areas below ``min_population`` are then not rated where a value
        has no denominator.
    min_population : float
        Smallest population rated with ``population_indicator`` (default 300,
        as Berlin's Monitoring Soziale Stadtentwicklung).
    """

    palette: str = "ampel"
    language: str = "de"
    tile_url: str = ""
    tile_attribution: str = ""
    simplify_m: float = 10.0
    cache_ttl: int = 3600
    cache_entries: int = 64
    boundaries: str = ""
    indicators: str = ""
    catalog: str = ""
    id_column: str = ""
    name_column: str = ""
    parent_column: str = ""
    city_name: str = ""
    data_dir: str = ""
    local_analyst: str = ""
    auth: str = ""
    roles_claim: str = "groups"
    analyst_groups: str = "bildungsampel-analysts"
    user_header: str = "X-Forwarded-User"
    groups_header: str = "X-Forwarded-Groups"
    proxy_secret: str = ""
    proxy_secret_header: str = "X-Bildungsampel-Proxy-Secret"
    upload_limit_mb: float = 50.0
    confidence: float = 0.95
    small_numerator: int = 5
    population_indicator: str = ""
    min_population: float = 300.0

    @property
    def upload_limit_bytes(self) -> int:
        """Return the largest accepted upload in bytes (``upload_limit_mb`` × 2**20)."""
        return int(self.upload_limit_mb * BYTES_PER_MB)

    def __post_init__(self) -> None:
        if self.palette not in PALETTE_NAMES:
            raise BildungsampelError(
                f"palette must be one of {', '.join(PALETTE_NAMES)}, got {self.palette!r}",
                message_de=f"palette muss eine von {', '.join(PALETTE_NAMES)} sein, "
                f"erhalten {self.palette!r}",
            )
        if self.language not in ("de", "en"):
            raise BildungsampelError(
                f"language must be de or en, got {self.language!r}",
                message_de=f"language muss de oder en sein, erhalten {self.language!r}",
            )
        if self.tile_url and not self.tile_url.startswith(("http://", "https://", "/")):
            raise BildungsampelError(
                f"tile_url must be an http(s) URL template or a path, got {self.tile_url!r}",
                message_de=f"tile_url muss eine http(s)-URL-Vorlage oder ein Pfad sein, "
                f"erhalten {self.tile_url!r}",
            )
        if self.auth not in ("", "oidc", "header"):
            raise BildungsampelError(
                f"auth must be empty, 'oidc' or 'header', got {self.auth!r}",
                message_de=f"auth muss leer, 'oidc' oder 'header' sein, erhalten {self.auth!r}",
            )
        self._check_auth()
        if self.upload_limit_mb <= 0:
            raise BildungsampelError(
                f"upload_limit_mb must be > 0, got {self.upload_limit_mb}",
                message_de=f"upload_limit_mb muss > 0 sein, erhalten {self.upload_limit_mb}",
            )
        if self.confidence not in (0.95, 0.998):
            raise BildungsampelError(
                f"confidence must be 0.95 or 0.998, got {self.confidence}",
                message_de=f"confidence muss 0.95 oder 0.998 sein, erhalten {self.confidence}",
            )
        if self.small_numerator < 0 or self.min_population < 0:
            raise BildungsampelError(
                "small_numerator and min_population must not be negative",
                message_de="small_numerator und min_population dürfen nicht negativ sein",
            )
        given = [bool(self.boundaries), bool(self.indicators), bool(self.catalog)]
        if any(given) and not all(given):
            raise BildungsampelError(
                "boundaries, indicators and catalog must be given together (or none of them "
                "for the sample city)",
                message_de="boundaries, indicators und catalog müssen zusammen angegeben "
                "werden (oder keines davon für die Beispielstadt)",
            )
        if self.simplify_m < 0 or self.cache_ttl <= 0 or self.cache_entries <= 0:
            raise BildungsampelError(
                "simplify_m must be >= 0, cache_ttl and cache_entries > 0",
                message_de="simplify_m muss >= 0 sein, cache_ttl und cache_entries > 0",
            )

    def _check_auth(self) -> None:
        if self.local_analyst and self.auth:
            raise BildungsampelError(
                f"local_analyst ({self.local_analyst!r}) cannot be combined with auth = "
                f"{self.auth!r}: every request without a login or proxy header would be that "
                "analyst; remove local_analyst (it is for a single-user local installation only)",
                message_de=f"local_analyst ({self.local_analyst!r}) ist mit auth = "
                f"{self.auth!r} nicht erlaubt: jede Anfrage ohne Anmeldung oder Proxy-Header "
                "wäre diese Analystin bzw. dieser Analyst; local_analyst entfernen (nur für "
                "eine lokale Einzelplatz-Installation)",
            )
        if self.auth == "header" and len(self.proxy_secret) < MIN_PROXY_SECRET:
            got = "none" if not self.proxy_secret else f"{len(self.proxy_secret)} characters"
            raise BildungsampelError(
                f"auth = 'header' needs proxy_secret (at least {MIN_PROXY_SECRET} characters, "
                f"got {got}): the reverse proxy must send it in the header "
                f"{self.proxy_secret_header!r} so that identity headers sent by a browser "
                "directly are not trusted; set BILDUNGSAMPEL_PROXY_SECRET (README, "
                '"Trusted proxy header")',
                message_de=f"auth = 'header' braucht proxy_secret (mindestens "
                f"{MIN_PROXY_SECRET} Zeichen, erhalten: "
                f"{'keins' if not self.proxy_secret else f'{len(self.proxy_secret)} Zeichen'}): "
                f"der Reverse-Proxy muss es im Header {self.proxy_secret_header!r} mitsenden, "
                "damit Identitäts-Header direkt aus einem Browser nicht vertraut werden; "
                'BILDUNGSAMPEL_PROXY_SECRET setzen (README, "Trusted proxy header")',
            )
        if self.auth == "header" and not self.proxy_secret_header.strip():
            raise BildungsampelError(
                "proxy_secret_header must name a header",
                message_de="proxy_secret_header muss einen Header-Namen enthalten",
            )


def _coerce(name: str, raw: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if kind == "float":
            return float(raw)
        if kind == "int":
            return int(raw)
    except (TypeError, ValueError):
        raise BildungsampelError(
            f"setting {name!r}: expected a number, got {raw!r}",
            message_de=f"Einstellung {name!r}: erwartet eine Zahl, erhalten {raw!r}",
        ) from None
    return str(raw)


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Return the settings from the optional TOML file and the environment.

    Parameters
    ----------
    environ : dict, optional
        Environment to read (default ``os.environ``).

    Returns
    -------
    Settings

    Raises
    ------
    BildungsampelError
        For an unreadable file, an unknown key or an invalid value.
    """
    env = dict(os.environ if environ is None else environ)
    names = [f.name for f in fields(Settings)]
    values: dict[str, Any] = {}
    path = env.get("BILDUNGSAMPEL_CONFIG")
    if path:
        try:
            doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise BildungsampelError(
                f"settings file {path}: {err}", message_de=f"Einstellungsdatei {path}: {err}"
            ) from None
        section = doc.get("bildungsampel", doc)
        unknown = sorted(set(section) - set(names))
        if unknown:
            raise BildungsampelError(
                f"settings file {path}: unknown key(s) {', '.join(unknown)}; known: "
                f"{', '.join(names)}",
                message_de=f"Einstellungsdatei {path}: unbekannte Schlüssel {', '.join(unknown)}; "
                f"bekannt: {', '.join(names)}",
            )
        values.update({k: _coerce(k, v) for k, v in section.items()})
    for name in names:
        raw = env.get(f"BILDUNGSAMPEL_{name.upper()}")
        if raw is not None:
            values[name] = _coerce(name, raw)
    return Settings(**values)


def rating_policy(settings: Settings) -> Policy:
    """Return the city-wide rating policy of ``settings``."""
    return Policy(
        confidence=settings.confidence if settings.confidence != 0.95 else None,
        small_numerator=settings.small_numerator,
        population=settings.population_indicator or None,
        min_population=settings.min_population if settings.population_indicator else None,
    )
