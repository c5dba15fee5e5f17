from streamlit.testing.v1 import AppTest


def test_start_page_shows_map_and_ampel_table():
    at = AppTest.from_file("../dashboard.py", default_timeout=60).run()
    assert not at.exception
    assert at.selectbox[0].value == "gymnasium"
    at.selectbox[0].set_value("sprache").run()
    at.selectbox[1].set_value("2022/23").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 18
    row = table.set_index("Stadtteil").loc["Buer"]
    assert row["Bewertung"] == "▲ grün"
    assert row["Begründung"].startswith("grün: ")
