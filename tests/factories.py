"""Plain factories for test data: no framework, just functions with sensible defaults."""

from roadmap.models import Roadmap


def perbup_roadmap() -> Roadmap:
    return Roadmap.objects.get(regulation="Peraturan Bupati Pasuruan", number=15, year=2019)
