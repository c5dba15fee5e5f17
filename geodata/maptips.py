"""Compact map tooltips: each distinct tooltip line is sent once, areas name their lines.

An area's tooltip (escaped HTML, lines joined by ``<br>``) repeats most of its
lines across areas: the city value, the rating, the trend. :func:`encode`
keeps one table of the distinct lines and gives each area the numbers of its
lines; :class:`AreaTooltips` builds the tooltip in the browser by joining
those lines again, so the text is exactly the one :func:`decode` returns.
The lines are already escaped (:func:`geodata.markup.escape`); the browser
only joins them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from branca.element import MacroElement
from folium.template import Template

#: What separates the lines of a tooltip.
LINE_BREAK = "<br>"
#: The tooltip box: wide enough for a reason of two or three lines.
#: ``46vw``: on a phone (a map 360 px wide) the box fits beside the finger on either half.
TOOLTIP_STYLE = "white-space: normal; width: min(320px, 46vw); max-width: 340px; font-size: 13px;"


def encode(tooltips: Sequence[str]) -> tuple[list[str], list[list[int]]]:
    """Return the distinct lines of ``tooltips`` and, per tooltip, the numbers of its lines.

    Parameters
    ----------
    tooltips : sequence of str
        Escaped HTML, lines separated by :data:`LINE_BREAK`.

    Returns
    -------
    lines : list of str
        Every distinct line once, in order of first use.
    records : list of list of int
        For each tooltip, the positions of its lines in ``lines``.

    Examples
    --------
    >>> encode(["<b>A</b><br>rot", "<b>B</b><br>rot"])
    (['<b>A</b>', 'rot', '<b>B</b>'], [[0, 1], [2, 1]])
    """
    index: dict[str, int] = {}
    records = [
        [index.setdefault(line, len(index)) for line in tip.split(LINE_BREAK)] for tip in tooltips
    ]
    return list(index), records


def decode(lines: Sequence[str], record: Sequence[int]) -> str:
    """Return the tooltip of one record, as the browser builds it (see :class:`AreaTooltips`)."""
    return LINE_BREAK.join(lines[i] for i in record)


class AreaTooltips(MacroElement):
    """Tooltips of a GeoJson layer built from the ``tip`` numbers of each feature.

    Add it to the ``folium.GeoJson`` whose features carry ``properties.tip``
    (a record of :func:`encode`).

    Parameters
    ----------
    lines : sequence of str
        The line table of :func:`encode` (escaped HTML).
    style : str
        CSS of the tooltip's box.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var lines = {{ this.lines|tojson }};
            {{ this._parent.get_name() }}.bindTooltip(function (layer) {
                var div = L.DomUtil.create('div');
                div.style.cssText = {{ this.style|tojson }};
                div.innerHTML = layer.feature.properties.tip
                    .map(function (i) { return lines[i]; })
                    .join({{ this.line_break|tojson }});
                return div;
            }, {{ this.options|tojson }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, lines: Sequence[str], *, style: str = TOOLTIP_STYLE) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "AreaTooltips"
        self.lines = list(lines)
        self.style = style
        self.line_break = LINE_BREAK
        self.options: dict[str, Any] = {"sticky": True, "className": "foliumtooltip"}
