"""The route walker's builders for the attendance pages' URL parameters."""

from tests.labor.factories_attendance import attendance_import_for, attendance_world

BUILDERS = {
    # roster_world's project: the home contractor's roster with a recorded month
    "project_id": lambda home, organization: str(attendance_world(home)["project"].pk),
    # a finished upload of the acting organisation (uploads are seen by their organisation)
    "attendance_import_id": lambda home, organization: str(
        attendance_import_for(home, organization).pk
    ),
}
