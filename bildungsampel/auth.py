"""Users and roles: who is using the dashboard, and may they write.

Viewers read; only analysts upload, publish, roll back or delete. Identities
come from Streamlit's OIDC login (roles from a configurable claim such as
``groups``) or from a trusted reverse-proxy header (off by default). Without
either, the dashboard is read-only, unless the explicit ``local_analyst``
setting names the single user of a local installation. There are no default
passwords anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from bildungsampel.settings import Settings
from indicators.errors import BildungsampelError

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
    if settings.auth == "header" and headers:
        lowered = {k.casefold(): v for k, v in headers.items()}
        name = lowered.get(settings.user_header.casefold(), "").strip()
        if name:
            groups = _groups(lowered.get(settings.groups_header.casefold(), ""))
            return User(name, "analyst" if groups & analysts else "viewer", "header")
    if settings.local_analyst:
        return User(settings.local_analyst, "analyst", "local")
    return User("", "viewer", "anonymous")


def require_analyst(user: User) -> None:
    """Raise :class:`NotAllowedError` unless ``user`` is an analyst."""
    if not user.can_write:
        raise NotAllowedError(
            "only analysts may upload, publish, roll back or delete; ask your administrator "
            "for the analyst role",
            message_de="nur Analystinnen und Analysten dürfen hochladen, veröffentlichen, "
            "zurücksetzen oder löschen; bitte bei der Administration die Rolle anfragen",
        )
