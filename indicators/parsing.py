"""Turn a target as the Perbup writes it ("62,8%", "3,5 (B) (Baik)", "WTP") into its meaning."""

import re
from dataclasses import dataclass
from decimal import Decimal

from indicators.models import Scale, ScaleLevel

_NUMBER = r"\d+(?:\.\d{3})*(?:,\d+)?"
_LEADING_NUMBER = re.compile(rf"^\s*({_NUMBER})\s*(%|[A-Za-z]+)?")
_SCORE = re.compile(rf"Skor\s*:\s*({_NUMBER})", re.IGNORECASE)
_LEVEL_NUMBER = re.compile(r"^\s*Level\s+(\d+)", re.IGNORECASE)
_PARENTHESISED = re.compile(r"\(([^()]+)\)")


class TargetParseError(ValueError):
    """The text does not fit the indicator's scale or unit."""


@dataclass(frozen=True)
class ParsedTarget:
    value: Decimal | None
    unit: str
    level: ScaleLevel | None

    def as_dict(self, scale_code: str | None) -> dict:
        return {
            "value": None if self.value is None else format(self.value.normalize(), "f"),
            "unit": self.unit,
            "scale": scale_code,
            "level": self.level.code if self.level else None,
        }


def parse_indonesian_number(text: str) -> Decimal:
    """'1.234,5' -> Decimal('1234.5'): the dot groups thousands, the comma is the decimal mark."""
    return Decimal(text.replace(".", "").replace(",", "."))


def parse_target(raw: str, scale: Scale | None, levels: list[ScaleLevel]) -> ParsedTarget:
    """Parse a raw target text; `levels`: the scale's levels (the caller loads them once for many targets)."""
    text = raw.strip()
    if not text:
        raise TargetParseError("Teks target kosong.")
    if scale is None:
        return _parse_quantity(text)
    return _parse_on_scale(text, scale, levels)


def _parse_quantity(text: str) -> ParsedTarget:
    match = _LEADING_NUMBER.match(text)
    if not match or match.end() != len(text.rstrip()):
        raise TargetParseError(f"'{text}' bukan angka dengan satuan.")
    return ParsedTarget(parse_indonesian_number(match.group(1)), match.group(2) or "", None)


def _parse_on_scale(text: str, scale: Scale, levels: list[ScaleLevel]) -> ParsedTarget:
    value = None
    level = None
    level_number = _LEVEL_NUMBER.match(text)
    if level_number:
        level = _find_level(level_number.group(1), levels)
    score = _SCORE.search(text)
    if score:
        value = parse_indonesian_number(score.group(1))
    elif not level_number:
        number = _LEADING_NUMBER.match(text)
        if number:
            value = parse_indonesian_number(number.group(1))
    if level is None:
        candidates = _PARENTHESISED.findall(text) or [text]
        for candidate in candidates:
            level = _find_level(candidate, levels)
            if level:
                break
    if level is None and value is None:
        raise TargetParseError(f"'{text}' tidak dikenali pada skala {scale.name}.")
    return ParsedTarget(value, "", level)


def _find_level(token: str, levels: list[ScaleLevel]) -> ScaleLevel | None:
    wanted = token.strip().casefold()
    for level in levels:
        if wanted in (level.code.casefold(), level.label.casefold()) and wanted:
            return level
    return None
