"""The Gelsenkirchen sample city (schematic boundaries, synthetic values)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
BOUNDARIES = HERE / "gelsenkirchen_stadtteile.gpkg"
INDICATORS = HERE / "gelsenkirchen_indikatoren.csv"
CATALOG = HERE / "katalog.yaml"
