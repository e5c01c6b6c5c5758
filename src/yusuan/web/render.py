"""Pages are rendered on the server with Jinja2: autoescape on for every template, and every value
shown with its control and bidi characters visible (:func:`yusuan.report.sanitize.visible`), so no
document text is ever markup or script. Templates live in ``yusuan/web/templates``."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from yusuan import __version__
from yusuan.pipeline.upload_receive import size_text
from yusuan.report.sanitize import visible
from yusuan.review.finding import SEVERITY_ZH
from yusuan.store.accounts import Active

#: The navigation bar: (path, label, role needed to see it).
NAV: tuple[tuple[str, str, str], ...] = (
    ("/documents", "文件列表", "viewer"),
    ("/uploads", "上传", "viewer"),
    ("/departments", "部门", "viewer"),
    ("/compare", "地区对比", "viewer"),
    ("/rules", "规则目录", "viewer"),
    ("/admin/users", "用户管理", "admin"),
)


def _finalize(value: object) -> object:
    if isinstance(value, Markup):
        return Markup(visible(str(value)))
    return visible(value) if isinstance(value, str) else value


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("yusuan.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.globals["version"] = __version__
    env.globals["severity_zh"] = SEVERITY_ZH
    env.filters["size"] = size_text
    return env


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page: ``template`` with ``context``, the signed-in user (or ``None``), the CSRF token of the
    session and the navigation the user may see."""
    active: Active | None = getattr(request.state, "active", None)
    nav = [(path, label) for path, label, role in NAV if active is not None and active.user.may(role)]  # type: ignore[arg-type]
    html = (
        environment()
        .get_template(template)
        .render(
            active=active,
            user=active.user if active else None,
            csrf=active.csrf if active else "",
            nav=nav,
            path=request.url.path,
            **context,
        )
    )
    return HTMLResponse(html, status_code=status_code)
