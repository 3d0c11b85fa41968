"""Hostile workbooks built in memory: a real workbook whose XML is then changed the way a broken tool,
a hand-edited file or an attacker would, for the tests of every path that reads an uploaded workbook."""

import io
import re
import zipfile

from openpyxl import Workbook

# What a cell's XML becomes, by case; each is something core.spreadsheets must name, not read silently
HOSTILE_CELLS = {
    "rumus tanpa nilai": '<c r="{cell}"><f>1+1</f></c>',
    "rujukan karakter tidak sah": '<c r="{cell}" t="inlineStr"><is><t>a&#1;b</t></is></c>',
    "NaN": '<c r="{cell}"><v>NaN</v></c>',
    "INF": '<c r="{cell}"><v>INF</v></c>',
    "tak hingga": '<c r="{cell}"><v>1E999</v></c>',
    "galat rumus": '<c r="{cell}" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
}
# The message each case gets (a part of it)
EXPECTED = {
    "rumus tanpa nilai": "rumus tanpa nilai tersimpan",
    "rujukan karakter tidak sah": "tidak sah dalam XML",
    "NaN": "'NaN' tidak terbaca",
    "INF": "'INF' tidak terbaca",
    "tak hingga": "'1E999' tidak terbaca",
    "galat rumus": "galat rumus #DIV/0!",
}


def xlsx(rows: list[list], title: str = "Data") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_member(content: bytes, title: str) -> str:
    """The archive member of the sheet named `title`."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        relations = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', workbook)
    rid = rid or re.search(rf'<sheet [^>]*r:id="([^"]+)"[^>]*name="{re.escape(title)}"', workbook)
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*/>', relations).group(0)
    path = re.search(r'Target="([^"]+)"', target).group(1)
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"


def changed(content: bytes, member: str, change) -> bytes:
    """The workbook with one archive member's text passed through `change`."""
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == member:
                data = change(data.decode()).encode()
            new.writestr(item, data)
    return target.getvalue()


def with_cell(content: bytes, cell: str, xml: str, sheet: str | None = None) -> bytes:
    """The workbook with one cell (which must exist) replaced by `xml` ("{cell}" filled in)."""
    member = sheet_member(content, sheet) if sheet else "xl/worksheets/sheet1.xml"
    pattern = re.compile(rf'<c r="{cell}"(?:[^>]*/>|[^>]*>.*?</c>)', re.DOTALL)

    def change(text: str) -> str:
        replaced, count = pattern.subn(xml.format(cell=cell), text, count=1)
        assert count == 1, f"no cell {cell} in {member}"
        return replaced

    return changed(content, member, change)


def hostile(content: bytes, case: str, cell: str, sheet: str | None = None) -> bytes:
    return with_cell(content, cell, HOSTILE_CELLS[case], sheet)


def with_shared_text(content: bytes, cell: str, text_xml: str) -> bytes:
    """The workbook with one cell's text kept, as Excel keeps it, in the shared strings part."""
    content = with_cell(content, cell, '<c r="{cell}" t="s"><v>0</v></c>')
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        f"<si><t>{text_xml}</t></si></sst>"
    )
    content = changed(
        content,
        "[Content_Types].xml",
        lambda text: text.replace(
            "</Types>",
            (
                '<Override PartName="/xl/sharedStrings.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
            ),
        ),
    )
    content = changed(
        content,
        "xl/_rels/workbook.xml.rels",
        lambda text: text.replace(
            "</Relationships>",
            (
                '<Relationship Id="rIdShared" Target="sharedStrings.xml" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
            ),
        ),
    )
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        new.writestr("xl/sharedStrings.xml", shared)
    return target.getvalue()
