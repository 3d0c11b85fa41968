"""The evaluation report as a PDF (WeasyPrint): what the download, the task queue's job and the kept copy
of a final report all lay out."""

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.qr import qr_data_uri
from dashboards.report_data import ReportData
from pmprb import charts as charts_data


def pdf_fingerprint(data: ReportData) -> str:
    """The data version of a PDF: the SHA-256 of its HTML without the print time."""
    return hashlib.sha256(_pdf_html(replace(data, generated_at=None)).encode()).hexdigest()


def render_pdf(data: ReportData, snapshot=None, progress: Callable[[int, str], None] | None = None) -> bytes:
    """The report; with `snapshot` (a final one being kept) its verification address and QR code on it."""
    from weasyprint import HTML  # imported here: loading Pango is only needed for PDFs

    progress = progress or (lambda percent, stage: None)
    html = _pdf_html(data, snapshot)
    progress(40, _("Menyusun halaman"))
    document = HTML(string=html).render()
    progress(80, _("Menulis PDF (%(n)d halaman)") % {"n": len(document.pages)})
    return document.write_pdf()


def _pdf_html(data: ReportData, snapshot=None) -> str:
    return render_to_string(
        "dashboards/pdf/report.html",
        {
            "data": data,
            "chart": charts_data.area_chart(data.summary),
            "logo_uri": _logo_uri(data),
            "snapshot": snapshot,
            "qr_uri": qr_data_uri(snapshot.public_url) if snapshot is not None else "",
        },
    )


def _logo_uri(data: ReportData) -> str:
    """The kop's logo as a file URI WeasyPrint reads from MEDIA_ROOT ('' when none or missing)."""
    logo = data.kop.logo if data.kop else None
    if not logo:
        return ""
    try:
        path = Path(logo.path)
    except (ValueError, NotImplementedError):
        return ""
    return path.as_uri() if path.is_file() else ""
