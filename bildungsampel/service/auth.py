"""Users and roles: who is using the dashboard, and may they write.

Viewers read; only analysts upload, publish, roll back or delete. Identities
come from Streamlit's OIDC login (roles from a configurable claim such as
``groups``) or from a trusted reverse-proxy header (off by default). Without
either, the dashboard is read-only, unless the explicit ``local_analyst``
setting names the single user of a local installation (refused together with
a login or header mode). There are no default passwords anywhere.

Header mode trusts identity headers only on requests that also carry the
shared ``proxy_secret`` (compared in constant time): the proxy adds it, a
browser talking to the port directly does not know it. An allow-list of proxy
addresses is not offered: Streamlit runs on uvicorn, which replaces the peer
address by the ``X-Forwarded-For`` value for connections from 127.0.0.1 and
::1, so the address Streamlit exposes is whatever the client claimed, not the
proxy's.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Literal

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.settings import Settings
from indicators.errors import BildungsampelError
from indicators.messages import Message

Role = Literal["viewer", "analyst"]


@dataclass(frozen=True)
class User:
    """The person behind a session."""

    name: str
    role: Role
    source: str

    @property
    def can_write(self) -> bool:
        """Whether the user may upload, publish, roll back or delete."""
        return self.role == "analyst"


class NotAllowedError(BildungsampelError):
    """A write action was attempted without the analyst role."""


def _groups(raw: Any) -> set[str]:
    if raw is None:
        return set()
    if isinstance(raw, str):
        return {g.strip() for g in raw.replace(";", ",").split(",") if g.strip()}
    return {str(g).strip() for g in raw}


def resolve_user(
    settings: Settings,
    *,
    oidc: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> User:
    """Return the user of a session from the configured identity source.

    Parameters
    ----------
    settings : Settings
        ``auth`` ("", "oidc", "header"), claim and header names, analyst groups,
        ``local_analyst``.
    oidc : mapping, optional
        ``st.user`` as a mapping (``is_logged_in`` and the token's claims).
    headers : mapping, optional
        The request headers (``st.context.headers``), trusted only with
        ``auth = "header"``.
    """
    analysts = _groups(settings.analyst_groups)
    if settings.auth == "oidc" and oidc and oidc.get("is_logged_in"):
        name = str(oidc.get("name") or oidc.get("email") or oidc.get("sub") or "user")
        role: Role = "analyst" if _groups(oidc.get(settings.roles_claim)) & analysts else "viewer"
        return User(name, role, "oidc")
    if settings.auth == "header" and headers and _from_proxy(settings, headers):
        lowered = {k.casefold(): v for k, v in headers.items()}
        name = lowered.get(settings.user_header.casefold(), "").strip()
        if name:
            groups = _groups(lowered.get(settings.groups_header.casefold(), ""))
            return User(name, "analyst" if groups & analysts else "viewer", "header")
    if settings.local_analyst:
        return User(settings.local_analyst, "analyst", "local")
    return User("", "viewer", "anonymous")


def _from_proxy(settings: Settings, headers: Mapping[str, str]) -> bool:
    """Whether ``headers`` carry the proxy's shared secret (constant-time comparison)."""
    if not settings.proxy_secret:
        return False
    wanted = settings.proxy_secret_header.casefold()
    sent = next((v for k, v in headers.items() if k.casefold() == wanted), "")
    return hmac.compare_digest(sent.encode("utf-8"), settings.proxy_secret.encode("utf-8"))


#: Oldest Authlib that Streamlit's ``st.login`` accepts.
AUTHLIB_MIN = (1, 3, 2)


def authlib_version() -> str | None:
    """Return the installed Authlib's version, or None when it is not installed."""
    try:
        return metadata.version("Authlib")
    except metadata.PackageNotFoundError:
        return None


def oidc_problem(version: str | None) -> BildungsampelError | None:
    """Return why ``auth = "oidc"`` cannot sign anyone in, or None when it can.

    Parameters
    ----------
    version : str or None
        Authlib's version (:func:`authlib_version`; None = not installed).
    """
    parts = tuple(int(p) for p in (version or "").split(".")[:3] if p.isdigit())
    if version is not None and parts >= AUTHLIB_MIN:
        return None
    found = Message("auth.found_version", {"version": version}) if version else None
    need = ".".join(map(str, AUTHLIB_MIN))
    return BildungsampelError(
        "auth.authlib_missing", need=need, found=found or Message("auth.found_none")
    )


def require_analyst(user: User) -> None:
    """Raise :class:`NotAllowedError` unless ``user`` is an analyst."""
    if not user.can_write:
        raise NotAllowedError("auth.not_analyst")
