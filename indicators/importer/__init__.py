"""Importing an indicator table as delivered: read, lay out, match, validate.

One path for every table (upload page, ``bildungsampel import indicators``,
the read-only file mode, ``classify --indicators`` and the sample city), in
modules by phase (see ``docs/architecture/import.md``):

- :mod:`~indicators.importer.reading`: bytes → raw cells (size, binary, XLSX header)
- :mod:`~indicators.importer.layout`: which column plays which role (long or wide)
- :mod:`~indicators.importer.roles`: the analyst's column roles (value, numerator, denominator)
- :mod:`~indicators.importer.longform`: one row per area, indicator and period
- :mod:`~indicators.importer.areas`: area cells → area ids of the boundaries
- :mod:`~indicators.importer.cells`: numbers that are no figures, periods
- :mod:`~indicators.importer.validation`: the pandera schema against the catalogue
- :mod:`~indicators.importer.report`: problems, the result, the refusal message
- :mod:`~indicators.importer.flow`: :func:`prepare` chains them

Nothing here writes anything: :func:`prepare` returns the observations and a
report of every problem (row, column, value, problem, fix — in German and
English). The caller publishes only a report without errors, so bad input
never changes what is stored. This package's namespace is its public API.
"""

from indicators.importer.areas import UNMATCHED_SHOWN, AreaContext, known_areas
from indicators.importer.cells import PLAUSIBLE_MAGNITUDE
from indicators.importer.flow import ImportOptions, accepted, prepare, prepare_file
from indicators.importer.layout import ALIASES, ColumnMapping, Layout, detect_mapping
from indicators.importer.longform import to_long
from indicators.importer.reading import (
    DEFAULT_LIMIT,
    UnreadableFileError,
    check_size,
    read_upload,
    sheet_names,
)
from indicators.importer.report import (
    REPORT_COLUMNS,
    ImportRefusedError,
    Prepared,
    Problem,
    refusal,
    row_report,
)
from indicators.importer.roles import ROLES, Role, long_guess, wide_from_roles, wide_roles
from indicators.importer.validation import ImportRows, counts_mismatch, validate

__all__ = [
    "ALIASES",
    "DEFAULT_LIMIT",
    "PLAUSIBLE_MAGNITUDE",
    "REPORT_COLUMNS",
    "ROLES",
    "UNMATCHED_SHOWN",
    "AreaContext",
    "ColumnMapping",
    "ImportOptions",
    "ImportRefusedError",
    "ImportRows",
    "Layout",
    "Prepared",
    "Problem",
    "Role",
    "UnreadableFileError",
    "accepted",
    "check_size",
    "counts_mismatch",
    "detect_mapping",
    "known_areas",
    "long_guess",
    "prepare",
    "prepare_file",
    "read_upload",
    "refusal",
    "row_report",
    "sheet_names",
    "to_long",
    "validate",
    "wide_from_roles",
    "wide_roles",
]
