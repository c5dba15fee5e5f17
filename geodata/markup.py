"""The one escaping function for everything that reaches HTML.

Area names, indicator labels and CSV headers are data: they may contain
``<img src=x onerror=...>`` or a backtick that would end a JavaScript template
string. folium's tooltips and popups insert their text as HTML, so every
value passes through :func:`escape` before it reaches a map, a table or a
report.
"""

from __future__ import annotations

import html
import math

_EXTRA = str.maketrans({"`": "&#96;", "\u2028": "&#8232;", "\u2029": "&#8233;"})


def escape(value: object) -> str:
    """Return ``value`` as text that HTML and JavaScript strings show literally.

    ``& < > " '`` become entities (``html.escape`` with quotes), a backtick
    becomes ``&#96;`` and the line separators U+2028/U+2029, which end a
    JavaScript string, become entities too. ``None`` and NaN become "".

    Parameters
    ----------
    value : object
        Anything; converted with ``str``.

    Returns
    -------
    str

    Examples
    --------
    >>> escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> escape("`${alert(1)}`")
    '&#96;${alert(1)}&#96;'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA)
