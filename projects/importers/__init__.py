"""Import of an annual list prepared in Excel by a department.

Real lists are messy: a title row or two, a two-row header with merged group cells, units in
the headers, a totals row, notes under the table. The reader finds the header by its names
(`reading`), skips what is not a project row, and checks every row before anything is
written (`lists`). Any error rejects the whole file with the row and column named; a file
imported twice changes nothing.
"""

from projects.importers.lists import (
    ImportResult,
    ListImporter,
    ListRow,
    import_annual_list,
    list_import_perform,
    list_import_start,
)
from projects.importers.reading import (
    ALIASES,
    COMPLETED_LATER,
    LABELS,
    REQUIRED,
    TYPES,
    ImportRejected,
    read_rows,
)

__all__ = [
    "ALIASES",
    "COMPLETED_LATER",
    "LABELS",
    "REQUIRED",
    "TYPES",
    "ImportRejected",
    "ImportResult",
    "ListImporter",
    "ListRow",
    "import_annual_list",
    "list_import_perform",
    "list_import_start",
    "read_rows",
]
