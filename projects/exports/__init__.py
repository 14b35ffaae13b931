"""Excel workbooks of the projects app, in the layout the list is sent upward in: a title row,
who filled it and when, a two-row header with the investment columns grouped, one row per
project (its type, the construction tasks and work stages of its category in the directory
in use, the jobs its published labour plans offer), subtotals per domain (小计), a total row
(合计) and, under the table, the person who filled it in, a phone number and the date; the
blank template carries drop-down lists.

The column headers are the ones `projects.importers` reads, so an exported list or the
filled-in template can be imported again.
"""

from projects.exports.layout import (
    COLUMNS,
    DROP_DOWNS,
    HEADERS,
    LISTS_SHEET,
    POSITION,
    SUBTOTAL,
    TOTAL,
    XLSX_CONTENT_TYPE,
    Column,
)
from projects.exports.lists import (
    annual_list_template,
    annual_list_workbook,
    build_projects_export,
    projects_workbook,
    template_lists,
)
from projects.exports.rows import project_rows

__all__ = [
    "COLUMNS",
    "DROP_DOWNS",
    "HEADERS",
    "LISTS_SHEET",
    "POSITION",
    "SUBTOTAL",
    "TOTAL",
    "XLSX_CONTENT_TYPE",
    "Column",
    "annual_list_template",
    "annual_list_workbook",
    "build_projects_export",
    "project_rows",
    "projects_workbook",
    "template_lists",
]
