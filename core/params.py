"""Reading request parameters that the URL does not type-check."""

BIGINT_MAX = 2**63 - 1


def positive_int(raw: str | None, largest: int = BIGINT_MAX) -> int | None:
    """`raw` as a whole number from 1 to `largest`, or None. Only ASCII digits count: '²' and '١' pass
    str.isdigit() but not int()."""
    if not raw or not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if 1 <= value <= largest else None
