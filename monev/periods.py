"""Reporting periods: Semester I (Januari–Juni) and II (Juli–Desember) of every roadmap year."""

from datetime import date

from monev.choices import Semester
from monev.models import Period
from roadmap.models import Roadmap


def default_dates(year: int, semester: int) -> tuple[date, date]:
    """Reports open in the semester's last month and are due on the 15th after it ends."""
    if semester == Semester.I:
        return date(year, 6, 1), date(year, 7, 15)
    return date(year, 12, 1), date(year + 1, 1, 15)


def ensure_periods(roadmap: Roadmap) -> int:
    """Create the missing periods of the roadmap; existing ones keep their dates. Returns how many were made."""
    created = 0
    for year in roadmap.years:
        for semester in Semester:
            opens_on, deadline = default_dates(year, semester)
            _period, was_created = Period.objects.get_or_create(
                roadmap=roadmap,
                year=year,
                semester=semester,
                defaults={"opens_on": opens_on, "deadline": deadline},
            )
            created += was_created
    return created
