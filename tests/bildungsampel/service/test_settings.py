import pytest

from bildungsampel.service.settings import Settings, load_settings
from indicators.errors import BildungsampelError


def test_defaults_are_offline():
    conf = load_settings({})
    assert conf == Settings()
    assert conf.tile_url == ""
    assert conf.palette == "ampel"
    assert conf.simplify_m == 10.0


def test_environment_and_file(tmp_path):
    path = tmp_path / "b.toml"
    path.write_text('[bildungsampel]\npalette = "safe"\nsimplify_m = 5\n', encoding="utf-8")
    conf = load_settings(
        {
            "BILDUNGSAMPEL_CONFIG": str(path),
            "BILDUNGSAMPEL_SIMPLIFY_M": "2.5",
            "BILDUNGSAMPEL_TILE_URL": "https://tiles.intranet/{z}/{x}/{y}.png",
        }
    )
    assert conf.palette == "safe"
    assert conf.simplify_m == 2.5
    assert conf.tile_url.startswith("https://tiles.intranet/")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"BILDUNGSAMPEL_PALETTE": "rainbow"}, "palette must be one of ampel, safe"),
        ({"BILDUNGSAMPEL_LANGUAGE": "fr"}, "language must be de or en"),
        ({"BILDUNGSAMPEL_CACHE_TTL": "soon"}, "setting 'cache_ttl': expected a number"),
        ({"BILDUNGSAMPEL_TILE_URL": "tiles.example"}, "tile_url must be an http"),
        ({"BILDUNGSAMPEL_BOUNDARIES": "x.gpkg"}, "must be given together"),
    ],
)
def test_invalid_settings(env, message):
    with pytest.raises(BildungsampelError, match=message):
        load_settings(env)


def test_unknown_key_in_file(tmp_path):
    path = tmp_path / "b.toml"
    path.write_text("[bildungsampel]\npalete = 'safe'\n", encoding="utf-8")
    with pytest.raises(BildungsampelError, match="unknown key\\(s\\) palete"):
        load_settings({"BILDUNGSAMPEL_CONFIG": str(path)})
