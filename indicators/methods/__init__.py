"""Rating methods: one class per method, and the registry that is the list of methods.

The tuple below is the order of :func:`names` — of the method picker, of the
``method`` categories of a result frame and of the message listing the valid
methods. A new method is one module here with one :class:`Classifier`
subclass, added to that tuple (see ``docs/architecture/methods.md``);
:func:`register` also takes a method from elsewhere (a plug-in, a test).
"""

from indicators.methods.band import Band
from indicators.methods.base import (
    Classifier,
    Fit,
    Sample,
    get,
    names,
    reason_words,
    reasons,
    register,
    registered,
    unregister,
)
from indicators.methods.benchmark import Benchmark
from indicators.methods.quantiles import Quantiles
from indicators.methods.sd_classes import SdClasses
from indicators.methods.thresholds import Thresholds
from indicators.methods.trend import Trend, trend_text

for _method in (Benchmark, Band, Quantiles, Thresholds, Trend, SdClasses):
    register(_method)

__all__ = [
    "Band",
    "Benchmark",
    "Classifier",
    "Fit",
    "Quantiles",
    "Sample",
    "SdClasses",
    "Thresholds",
    "Trend",
    "get",
    "names",
    "reason_words",
    "reasons",
    "register",
    "registered",
    "trend_text",
    "unregister",
]
