"""HTML of a dashboard row's reports, built on core.formatting."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.formatting import value_text
from monev.choices import Status


def realised_html(result) -> str:
    """The reported values of a row's parts, unverified ones marked."""
    items = []
    for report in result.realisations:
        css = mark_safe("" if report.status == Status.VERIFIED else ' class="unverified"')  # noqa: S308 - constant
        opd = (
            format_html(' <span class="text-muted small">({})</span>', report.opd.short_name)
            if len(result.parts) > 1
            else ""
        )
        items.append(format_html("<div{}>{}{}</div>", css, value_text(report), opd))
    return mark_safe("".join(items)) if items else "—"  # noqa: S308 - every item is format_html output


def opd_reports_html(parts) -> str:
    """Each responsible OPD's report on a row with its evidence count, or 'belum diisi'.

    `parts` are a RowResult's parts whose reports carry `evidence_count`, as on the area dashboard.
    """
    evidence_word, not_filled = gettext("bukti"), gettext("belum diisi")
    lines = []
    for part in parts:
        report = part.report
        if report is None:
            lines.append((part.opd.short_name, format_html('<span class="text-muted">{}</span>', not_filled)))
            continue
        css = mark_safe("" if report.status == Status.VERIFIED else ' class="unverified"')  # noqa: S308 - constant
        link = format_html(
            '<a href="{}"{}>{}</a> · {} {}',
            report.get_absolute_url(),
            css,
            value_text(report),
            report.evidence_count,
            evidence_word,
        )
        lines.append((part.opd.short_name, link))
    return format_html_join("", "<div>{}: {}</div>", lines)
