import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from bildungsampel.app import state
from bildungsampel.service import auth
from bildungsampel.service.settings import Settings, load_settings
from indicators.errors import BildungsampelError
from tests import helpers

SECRET = "s3cret-from-the-proxy-0123456789"
HEADER = Settings(auth="header", proxy_secret=SECRET)


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
            HEADER,
            None,
            {
                "x-forwarded-user": "hans",
                "X-Forwarded-Groups": "bildungsampel-analysts",
                "x-bildungsampel-proxy-secret": SECRET,
            },
            ("hans", "analyst", "header"),
        ),
        (
            HEADER,
            None,
            {"X-Forwarded-User": "gast", "X-Bildungsampel-Proxy-Secret": SECRET},
            ("gast", "viewer", "header"),
        ),
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
    state.settings.cache_clear()
    st.cache_resource.clear()
    yield
    monkeypatch.undo()
    state.settings.cache_clear()
    st.cache_resource.clear()


@pytest.mark.parametrize(
    ("groups", "sees_upload"), [(["bildungsampel-analysts"], True), (["staff"], False)]
)
def test_logged_in_users_by_group(oidc_app, groups, sees_upload):
    at = AppTest.from_file(helpers.APP, default_timeout=120)
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


# ---------------------------------------------------------------- header mode fails safe

ANALYST_HEADERS = {"X-Forwarded-User": "mallory", "X-Forwarded-Groups": "bildungsampel-analysts"}


@pytest.mark.parametrize(
    "extra",
    [
        {},  # straight from a browser: no secret
        {"X-Bildungsampel-Proxy-Secret": ""},
        {"X-Bildungsampel-Proxy-Secret": "guess"},
        {"X-Bildungsampel-Proxy-Secret": SECRET[:-1]},
        {"X-Bildungsampel-Proxy-Secret": SECRET + "x"},
        {"X-Other-Secret": SECRET},  # right value, wrong header
    ],
)
def test_identity_headers_without_the_proxy_secret_are_ignored(extra):
    user = auth.resolve_user(HEADER, headers={**ANALYST_HEADERS, **extra})
    assert (user.name, user.role, user.source) == ("", "viewer", "anonymous")


def test_proxy_secret_header_name_is_configurable():
    settings = Settings(auth="header", proxy_secret=SECRET, proxy_secret_header="X-Proxy-Key")
    user = auth.resolve_user(settings, headers={**ANALYST_HEADERS, "x-proxy-key": SECRET})
    assert (user.name, user.role) == ("mallory", "analyst")
    default = {**ANALYST_HEADERS, "X-Bildungsampel-Proxy-Secret": SECRET}
    assert auth.resolve_user(settings, headers=default).role == "viewer"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"auth": "header"},
            r"auth = 'header' needs proxy_secret \(at least 16 characters, got none\)",
        ),
        (
            {"auth": "header", "proxy_secret": "short"},
            r"got 5 characters\).*X-Bildungsampel-Proxy-Secret",
        ),
        (
            {"auth": "header", "proxy_secret": SECRET, "proxy_secret_header": " "},
            "must name a header",
        ),
        (
            {"auth": "header", "proxy_secret": SECRET, "local_analyst": "Anna"},
            r"local_analyst \('Anna'\) cannot be combined with auth = 'header'",
        ),
        ({"auth": "oidc", "local_analyst": "Anna"}, r"cannot be combined with auth = 'oidc'"),
    ],
)
def test_unsafe_auth_settings_are_refused(values, message):
    with pytest.raises(BildungsampelError, match=message):
        Settings(**values)


def test_unsafe_auth_settings_are_refused_in_german_and_from_the_environment():
    env = {"BILDUNGSAMPEL_AUTH": "header", "BILDUNGSAMPEL_LOCAL_ANALYST": "Anna"}
    with pytest.raises(BildungsampelError) as info:
        load_settings(env)
    assert "ist mit auth = 'header' nicht erlaubt" in info.value.text("de")
    with pytest.raises(BildungsampelError) as info:
        load_settings({"BILDUNGSAMPEL_AUTH": "header"})
    assert "braucht proxy_secret (mindestens 16 Zeichen, erhalten: keins)" in info.value.text("de")
    ok = load_settings({"BILDUNGSAMPEL_AUTH": "header", "BILDUNGSAMPEL_PROXY_SECRET": SECRET})
    assert ok.proxy_secret == SECRET


def test_shipped_streamlit_config_binds_localhost_and_hides_the_table_export():
    import tomllib

    from tests.e2e.conftest import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["client"]["disableDataExport"] is True
    assert config["browser"]["gatherUsageStats"] is False


@pytest.fixture
def bad_auth_app(tmp_path, monkeypatch):
    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BILDUNGSAMPEL_AUTH", "header")
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna")
    state.settings.cache_clear()
    yield
    monkeypatch.undo()
    state.settings.cache_clear()


@pytest.mark.parametrize("page", ["dashboard.py", "pages/hochladen.py"])
def test_pages_refuse_unsafe_auth_settings_with_a_message(bad_auth_app, page):
    at = AppTest.from_file(str(helpers.ROOT / page), default_timeout=120).run()
    assert not at.exception
    assert "cannot be combined" in at.error[0].value or "nicht erlaubt" in at.error[0].value
    assert not at.get("file_uploader")


# ---------------------------------------------------------------- OIDC without Authlib


@pytest.mark.parametrize(
    ("version", "ok"), [(None, False), ("1.2.1", False), ("1.3.2", True), ("1.6.0", True)]
)
def test_oidc_problem(version, ok):
    problem = auth.oidc_problem(version)
    assert (problem is None) is ok
    if not ok:
        assert "pip install 'bildungsampel[oidc]'" in problem.text("en")
        assert "nur lesbar" in problem.text("de")


@pytest.mark.parametrize(("version", "login"), [(None, False), ("1.6.0", True)])
def test_sign_in_without_authlib_says_what_is_missing(oidc_app, monkeypatch, version, login):
    monkeypatch.setattr(auth, "authlib_version", lambda: version)
    at = AppTest.from_file(helpers.APP, default_timeout=120).run()
    assert not at.exception
    labels = [b.label for b in at.sidebar.button]
    assert (labels == ["Anmelden"]) is login
    errors = [e.value for e in at.sidebar.error]
    assert bool(errors) is not login
    if not login:
        assert "Authlib" in errors[0]
        assert "bildungsampel\\[oidc\\]" in errors[0]


def test_oidc_extra_declares_authlib():
    import tomllib

    from tests.e2e.conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("Authlib>=1.3.2") for d in project["optional-dependencies"]["oidc"])
