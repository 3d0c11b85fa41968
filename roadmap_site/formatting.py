"""Indonesian number text for messages and history entries (templates use Django's localisation)."""

from decimal import Decimal


def decimal_text(value: Decimal | int | float) -> str:
    """Decimal('100.500') -> '100,5'; never scientific notation."""
    normalised = Decimal(str(value)).normalize()
    text = format(normalised, "f")
    return text.replace(".", ",")
