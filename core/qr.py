"""QR codes of verification addresses (segno: pure Python, no image library needed to make them)."""

import segno


def qr_data_uri(url: str) -> str:
    """The QR code of the verification address as a PNG (a raster a reader's camera and a decoder both read)."""
    return segno.make(url, error="m").png_data_uri(scale=4, border=4)
