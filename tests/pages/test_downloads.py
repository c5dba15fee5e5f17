"""Every download format of the registry downloads from every page that offers it.

The buttons are found by key (``<key>_<format>``, :func:`widgets.downloads`) and
their files are made the way Streamlit makes them on a click: by calling the
callable the button registered with the media file manager.
"""

import re

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from bildungsampel.present import export
from bildungsampel.service import dataset
from tests import helpers

#: How each format's file starts (a new format in FORMATS needs its line here).
MAGIC = {"csv": b"\xef\xbb\xbf", "xlsx": b"PK\x03\x04", "png": b"\x89PNG", "pdf": b"%PDF"}
#: Pages with downloads → the formats each offers.
OFFERED = {
    "karte": {"map_table": ("csv",), "map_image": ("png", "pdf")},
    "heatmap": {"hm_image": ("png", "pdf"), "hm_table": ("csv",)},
    "profil": {"profile_table": ("csv", "xlsx"), "profile_report": ("pdf",)},
    "vergleich": {"compare_table": ("csv",)},
    "trends": {"trends_table": ("csv",)},
    "methodik": {"catalog_table": ("csv",)},
}


@pytest.fixture(scope="module")
def buttons():
    """Page → {key: (file name, MIME type, bytes)} of every download button."""
    registered = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        registered[file_id] = (file_name, mimetype, data_callable)
        return file_id

    mp = pytest.MonkeyPatch()
    mp.setattr(MediaFileManager, "add_deferred", record)
    at = AppTest.from_file(helpers.APP, default_timeout=120)
    at.run()
    found = {}
    try:
        for page in OFFERED:
            at.switch_page(f"pages/{page}.py").run()
            assert not at.exception, [e.value for e in at.exception]
            found[page] = {}
            for button in at.get("download_button"):
                name, mime, make = registered[button.proto.deferred_file_id]
                found[page][button.key] = (name, mime, make())
    finally:
        mp.undo()
    return found


def test_every_registered_format_is_offered_somewhere():
    offered = {fmt for keys in OFFERED.values() for formats in keys.values() for fmt in formats}
    assert offered == set(export.FORMATS)
    assert set(MAGIC) == set(export.FORMATS)


@pytest.mark.parametrize("page", sorted(OFFERED))
def test_every_offered_format_downloads(buttons, page):
    expected = {f"{key}_{fmt}" for key, formats in OFFERED[page].items() for fmt in formats}
    assert set(buttons[page]) == expected
    for key, (name, mime, data) in buttons[page].items():
        fmt = key.rsplit("_", 1)[1]
        spec = export.FORMATS[fmt]
        assert name.endswith(spec.suffix), key
        assert mime == spec.mime, key
        assert data.startswith(MAGIC[fmt]), key


def test_profile_report_is_the_shown_areas_pdf(buttons):
    name, mime, data = buttons["profil"]["profile_report_pdf"]
    assert re.fullmatch(r"bericht_\w+_neueste\.pdf", name)
    assert mime == "application/pdf"
    texts = helpers.pdf_texts(data)
    area = name.split("_")[1]
    shown = dataset.load_dataset().display_names()[area]
    assert f"Bildungsampel – {shown}" in texts
    assert "Ampel: Bewertung und Begründung" in texts
    n = len(helpers.pdf_page_sizes(data))
    assert [x for x in texts if x.startswith("Seite ")] == [
        f"Seite {k} von {n}" for k in range(1, n + 1)
    ]


def test_formats_of_a_kind_follow_the_registry():
    assert export.formats_of("table") == ("csv", "xlsx")
    assert export.formats_of("figure") == ("png", "pdf")
    assert export.file_format("xlsx").label == "download.xlsx"
    with pytest.raises(KeyError, match="unknown download format 'ods'; known: csv, xlsx, png"):
        export.file_format("ods")
