"""The accessibility check of the browser journeys: axe-core (vendored, tests/browser/vendor/axe-core)
run on a page for WCAG 2.0/2.1 A and AA; a serious or critical violation fails the journey."""

import pathlib

AXE = (pathlib.Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def violations(page) -> list[str]:
    """The page's serious and critical violations, one line each (rule, impact, first elements)."""
    # evaluate(), not a <script> tag: the application's Content-Security-Policy allows no inline script
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target'][0]) for n in v['nodes'][:3])}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def assert_accessible(page, where: str) -> None:
    found = violations(page)
    assert not found, f"{where}: " + "; ".join(found)
