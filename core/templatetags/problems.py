"""{% problems_table problems %}: the problems of an import's preview (core.spreadsheets.Problem), listed the
same way on every import page (templates/core/_problems.html)."""

from django import template

register = template.Library()


@register.inclusion_tag("core/_problems.html")
def problems_table(problems) -> dict:
    problems = list(problems or [])
    return {
        "problems": problems,
        "show_sheet": any(problem.sheet for problem in problems),
        "show_cell": any(problem.cell for problem in problems),
    }
