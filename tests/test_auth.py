import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from bildungsampel import auth, ui
from bildungsampel.settings import Settings


@pytest.mark.parametrize(
    ("settings", "oidc", "headers", "expected"),
    [
        (Settings(), None, None, ("", "viewer", "anonymous")),
        (Settings(local_analyst="Anna"), None, None, ("Anna", "analyst", "local")),
        (
            Settings(auth="oidc"),
            {"is_logged_in": True, "name": "Olga", "groups": ["bildungsampel-analysts", "staff"]},
            None,
            ("Olga", "analyst", "oidc"),
        ),
        (
            Settings(auth="oidc"),
            {"is_logged_in": True, "email": "v@stadt.de", "groups": "staff"},
            None,
            ("v@stadt.de", "viewer", "oidc"),
        ),
        (
            Settings(auth="oidc", roles_claim="roles", analyst_groups="bm-write"),
            {"is_logged_in": True, "name": "R", "roles": "bm-read; bm-write"},
            None,
            ("R", "analyst", "oidc"),
        ),
        (Settings(auth="oidc"), {"is_logged_in": False}, None, ("", "viewer", "anonymous")),
        (
            Settings(auth="header"),
            None,
            {"x-forwarded-user": "hans", "X-Forwarded-Groups": "bildungsampel-analysts"},
            ("hans", "analyst", "header"),
        ),
        (Settings(auth="header"), None, {"X-Forwarded-User": "gast"}, ("gast", "viewer", "header")),
        # a header is trusted only when auth = "header"
        (
            Settings(),
            None,
            {"X-Forwarded-User": "mallory", "X-Forwarded-Groups": "bildungsampel-analysts"},
            ("", "viewer", "anonymous"),
        ),
    ],
)
def test_resolve_user(settings, oidc, headers, expected):
    user = auth.resolve_user(settings, oidc=oidc, headers=headers)
    assert (user.name, user.role, user.source) == expected


def test_require_analyst_message():
    with pytest.raises(auth.NotAllowedError, match="only analysts may upload, publish"):
        auth.require_analyst(auth.User("", "viewer", "anonymous"))
    auth.require_analyst(auth.User("A", "analyst", "local"))


@pytest.fixture
def oidc_app(tmp_path, monkeypatch):
    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BILDUNGSAMPEL_AUTH", "oidc")
    ui.settings.cache_clear()
    st.cache_resource.clear()
    yield
    monkeypatch.undo()
    ui.settings.cache_clear()
    st.cache_resource.clear()


@pytest.mark.parametrize(
    ("groups", "sees_upload"), [(["bildungsampel-analysts"], True), (["staff"], False)]
)
def test_logged_in_users_by_group(oidc_app, groups, sees_upload):
    at = AppTest.from_file("../dashboard.py", default_timeout=120)
    at.user = {"is_logged_in": True, "name": "Olga", "groups": groups}
    at.run()
    assert not at.exception
    links = [el.proto.label for el in at.get("page_link")]
    assert ("Daten hochladen" in links) is sees_upload
    role = "Analyse" if sees_upload else "Lesen"
    assert f"Angemeldet: Olga ({role})" in [c.value for c in at.sidebar.caption]
    assert [b.label for b in at.sidebar.button] == ["Abmelden"]
    at.switch_page("pages/hochladen.py").run()
    assert bool(at.get("file_uploader")) is sees_upload
