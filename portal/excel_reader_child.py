"""The child process of `portal.excel`: parses one workbook under hard limits.

Run as a script (`python portal/excel_reader_child.py LIMITS_JSON`) with the file on standard
input; it imports nothing of Django. Its memory and CPU time are capped by the kernel before
the file is touched, so a workbook built to exhaust memory kills this process alone. It prints
one JSON document: {"rows": [...]} or {"refused": "a message for the user"}.
"""

import datetime
import json
import resource
import sys

EXCEL_CELL_LIMIT = 32767  # what Excel itself allows in one cell


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _encode(value):
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"time": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {"seconds": value.total_seconds()}
    if value == "":
        return None
    return value


def main() -> int:
    limits = json.loads(sys.argv[1])
    content = sys.stdin.buffer.read()
    _limit(limits["memory_bytes"], limits["cpu_seconds"])
    import io

    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        if not workbook.sheet_names:
            raise ValueError("no sheet")
        sheet = workbook.get_sheet_by_index(0)
    except MemoryError:
        raise
    except Exception:
        json.dump({"refused": "unreadable"}, sys.stdout)
        return 0
    end_row, end_column = sheet.end or (0, 0)
    if end_row + 1 > limits["max_rows"]:
        json.dump({"refused": "rows", "found": end_row + 1}, sys.stdout)
        return 0
    if end_column + 1 > limits["max_columns"]:
        json.dump({"refused": "columns", "found": end_column + 1}, sys.stdout)
        return 0
    rows = sheet.to_python(skip_empty_area=False)
    if any(
        isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT for row in rows for value in row
    ):
        json.dump({"refused": "cell"}, sys.stdout)
        return 0
    answer = json.dumps({"rows": [[_encode(value) for value in row] for row in rows]})
    if len(answer) > limits["max_output_bytes"]:
        json.dump({"refused": "unpacked"}, sys.stdout)
        return 0
    sys.stdout.write(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
