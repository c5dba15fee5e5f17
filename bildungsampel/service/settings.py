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

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.store.postgres import parse_url
from indicators.errors import BildungsampelError
from indicators.messages import Message
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
    database_url : str
        A PostgreSQL database as the store instead of the SQLite file in
        ``data_dir`` (empty = the file, the default), e.g.
        ``postgresql+psycopg://bildungsampel@db.intranet:5432/bildungsampel``;
        several dashboard instances share it (docs/DEPLOY.md). The password
        belongs in ``~/.pgpass`` or ``PGPASSWORD``, not in the URL. Refused
        together with ``data_dir``.
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
    database_url: str = ""
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
                "settings.palette", names=", ".join(PALETTE_NAMES), palette=self.palette
            )
        if self.language not in ("de", "en"):
            raise BildungsampelError("settings.language", language=self.language)
        if self.tile_url and not self.tile_url.startswith(("http://", "https://", "/")):
            raise BildungsampelError("settings.tile_url", url=self.tile_url)
        if self.auth not in ("", "oidc", "header"):
            raise BildungsampelError("settings.auth", auth=self.auth)
        self._check_auth()
        if self.upload_limit_mb <= 0:
            raise BildungsampelError("settings.upload_limit", value=self.upload_limit_mb)
        if self.confidence not in (0.95, 0.998):
            raise BildungsampelError("settings.confidence", value=self.confidence)
        if self.small_numerator < 0 or self.min_population < 0:
            raise BildungsampelError("settings.negative")
        given = [bool(self.boundaries), bool(self.indicators), bool(self.catalog)]
        if any(given) and not all(given):
            raise BildungsampelError("settings.files_together")
        if self.simplify_m < 0 or self.cache_ttl <= 0 or self.cache_entries <= 0:
            raise BildungsampelError("settings.cache")
        if self.database_url and self.data_dir:
            raise BildungsampelError("store.location")
        if self.database_url:
            parse_url(self.database_url)  # a wrong URL is refused at start, its password hidden

    def _check_auth(self) -> None:
        if self.local_analyst and self.auth:
            raise BildungsampelError(
                "settings.local_analyst", analyst=self.local_analyst, auth=self.auth
            )
        if self.auth == "header" and len(self.proxy_secret) < MIN_PROXY_SECRET:
            got = (
                Message("settings.proxy_secret.length", {"n": len(self.proxy_secret)})
                if self.proxy_secret
                else Message("settings.proxy_secret.none")
            )
            raise BildungsampelError(
                "settings.proxy_secret",
                min=MIN_PROXY_SECRET,
                got=got,
                header=self.proxy_secret_header,
            )
        if self.auth == "header" and not self.proxy_secret_header.strip():
            raise BildungsampelError("settings.proxy_secret_header")


def _coerce(name: str, raw: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if kind == "float":
            return float(raw)
        if kind == "int":
            return int(raw)
    except (TypeError, ValueError):
        raise BildungsampelError("settings.not_a_number", name=name, value=raw) from None
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
            raise BildungsampelError("settings.file", path=path, error=str(err)) from None
        section = doc.get("bildungsampel", doc)
        unknown = sorted(set(section) - set(names))
        if unknown:
            raise BildungsampelError(
                "settings.unknown_keys",
                path=path,
                unknown=", ".join(unknown),
                known=", ".join(names),
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
