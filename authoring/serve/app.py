"""The Starlette application: pages, the preview, downloads, and server-sent events when a file changes.

Every route that shows a questionnaire takes its NAME and looks it up in the folder listing (folder.py);
nothing from the request becomes a path. Checking and rendering run in worker threads, so that the
events keep flowing while a report is made; DOCX and PDF go through build.py's render path (a child
process under the render limits), one at a time.
"""

from __future__ import annotations

import asyncio
import json
import threading
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from authoring.errors import AuthoringError, FindingsError
from authoring.findings import printable
from authoring.jurisdiction.profile import templates_path
from authoring.serve import pages
from authoring.serve.downloads import FORMATS, download
from authoring.serve.folder import Folder
from authoring.serve.inspect import Inspection, Inspector, internal_error
from authoring.serve.preview import PREVIEW_POLICY, font_files, preview_document
from authoring.serve.watch import Hub, watch

HEARTBEAT_SECONDS = 15.0
_SECURITY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
             "X-DNS-Prefetch-Control": "off"}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def _page(html: str, status: int = 200, policy: str = pages.PAGE_POLICY) -> HTMLResponse:
    return HTMLResponse(html, status, headers={**_SECURITY, "Content-Security-Policy": policy})


def _message(heading: str, lines: list[str], status: int, located: bool = False) -> HTMLResponse:
    return _page(pages.render("message.html.j2", heading=heading, lines=lines, located=located), status)


def create_app(folder: Folder, host: str = "127.0.0.1", watching: bool = True) -> Starlette:
    inspector = Inspector(folder)
    hub = Hub()
    render_lock = threading.Lock()  # one DOCX/PDF at a time: each takes a second or more of a core

    async def inspect(name: str) -> Inspection:
        it = await run_in_threadpool(inspector.inspect, name)
        if it is None:
            raise HTTPException(404)
        return it

    async def home(request: Request):
        if not folder.is_folder:
            return RedirectResponse(f"/q/{_quote(folder.single)}", 303)
        rows = await _rows()
        return _page(pages.render("overview.html.j2", folder=str(folder.root), **rows))

    async def _rows() -> dict:
        rows = [it for name in folder.names() if (it := await run_in_threadpool(inspector.inspect, name))]
        counts = {status: sum(1 for it in rows if it.status == status) for status in pages.STATUS}
        version = f"{hash(tuple((it.name, it.version) for it in rows)) & 0xFFFFFFFF:08x}"
        return {"rows": rows, "counts": counts, "version": version}

    async def overview_rows(request: Request):
        if not folder.is_folder:
            raise HTTPException(404)
        rows = await _rows()
        response = _page(pages.render("rows.html.j2", **rows))
        response.headers["X-Rows-Version"] = rows["version"]
        return response

    async def questionnaire(request: Request):
        it = await inspect(request.path_params["name"])
        return _page(pages.render("questionnaire.html.j2", it=it, is_folder=folder.is_folder))

    async def state(request: Request):
        name = request.path_params["name"]
        it = await run_in_threadpool(inspector.inspect, name)
        if it is None:  # deleted or renamed while the page was open
            lines = [f"“{name}”已不在文件夹 {folder.root} 中（被删除、改名或移走）。"]
            panel = pages.render("message_card.html.j2", heading="找不到这份问卷", lines=lines)
            return JSONResponse({"panel": panel}, 404, headers=_SECURITY)
        return JSONResponse({
            "version": it.version,
            "title": it.context["标题"] if it.context else it.name,
            "panel": pages.render("panel.html.j2", it=it),
            "actions": pages.render("actions.html.j2", it=it),
            "preview": f"/q/{_quote(it.name)}/preview?v={it.version}" if it.context else None,
            "no_preview": "" if it.context else pages.render("no_preview.html.j2", it=it),
        }, headers=_SECURITY)

    async def preview(request: Request):
        it = await inspect(request.path_params["name"])
        html = await run_in_threadpool(_preview_of, it)
        return _page(html, policy=PREVIEW_POLICY)

    async def report(request: Request):
        name, fmt = request.path_params["name"], request.path_params["fmt"]
        if fmt not in FORMATS:
            raise HTTPException(404)
        it = await inspect(name)
        if it.context is None or it.errors:
            why = it.problems or [f.format() for f in it.findings if f.is_error] or it.no_preview
            return _message("有错误，不能生成报告", ["与 build 相同：问卷有错误时不生成报告。请先改正："] + why,
                            409, located=True)

        def make() -> Response:
            with render_lock:
                return download(it, fmt)

        try:
            return await run_in_threadpool(make)
        except FindingsError as exc:
            return _message("生成报告时出错", [f.format() for f in exc.findings], 500, located=True)
        except AuthoringError as exc:
            return _message("生成报告时出错", [printable(str(exc))], 500)

    async def events(request: Request):
        async def stream():
            seen = hub.version
            yield "retry: 1000\n\n"
            while not hub.closing:
                changed = await hub.wait(seen, HEARTBEAT_SECONDS)
                if changed is None:
                    yield ": 保持连接\n\n"
                    continue
                seen = hub.version
                yield f"event: change\ndata: {json.dumps({'version': seen, 'names': changed}, ensure_ascii=False)}\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={**_SECURITY, "X-Accel-Buffering": "no"})

    async def static(request: Request):
        name = request.path_params["file"]
        data = pages.static_file(name)
        if data is None:
            raise HTTPException(404)
        return Response(data, media_type=pages.STATIC[name], headers=_SECURITY)

    async def font(request: Request):
        files = font_files()
        index = request.path_params["index"]
        if not 0 <= index < len(files) or files[index].name != request.path_params["file"]:
            raise HTTPException(404)
        data = await run_in_threadpool(files[index].read_bytes)
        return Response(data, media_type="font/otf" if files[index].suffix.lower() == ".otf" else "font/ttf",
                        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "max-age=3600"})

    async def not_found(request: Request, exc: HTTPException):
        if exc.status_code != 404:
            return _message("请求有误", [f"HTTP {exc.status_code}"], exc.status_code)
        listed = "、".join(folder.names()) or "（没有）"
        return _message("找不到这个页面", ["这里只提供所预览的文件夹中的问卷：" + listed], 404)

    @asynccontextmanager
    async def lifespan(app):
        tasks = []
        if watching:
            tasks.append(asyncio.create_task(watch(folder.root, False, hub, _changed_in_folder)))
            for templates in templates_path():  # a bureau's own folders (--templates) and the shipped one
                if templates.is_dir():
                    tasks.append(asyncio.create_task(watch(templates, True, hub, _changed_templates)))
        try:
            yield
        finally:
            hub.close()
            for task in tasks:
                task.cancel()

    def _changed_in_folder(paths: set[str]) -> list[str]:
        names = sorted({name for p in paths if (name := folder.name_of_changed(p))})
        for name in names:
            inspector.forget(name)
        return names

    def _changed_templates(paths: set[str]) -> list[str]:
        inspector.forget()
        return ["*"]

    routes = [
        Route("/", home),
        Route("/overview/rows", overview_rows),
        Route("/events", events),
        Route("/q/{name}", questionnaire),
        Route("/q/{name}/state", state),
        Route("/q/{name}/preview", preview),
        Route("/q/{name}/report.{fmt}", report),
        Route("/_ui/{file}", static),
        Route("/_fonts/{index:int}/{file}", font),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
    ]
    allowed = ["*"] if host not in LOCAL_HOSTS else ["127.0.0.1", "localhost", "[::1]"]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: not_found},
                    middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed)])
    app.state.hub = hub  # the server closes it on Ctrl+C, so that open pages let go at once
    return app


def _preview_of(it: Inspection) -> str:
    """The preview document, made once per inspection; a template that fails is shown located, not blank."""
    with it.lock:
        if it.preview is None:
            it.preview = _make_preview(it)
        return it.preview


def _make_preview(it: Inspection) -> str:
    if it.context is None or it.result is None or it.result.profile is None:
        return pages.render("preview_problem.html.j2", it=it, lines=None)
    try:
        return preview_document(it.context, it.result.profile)
    except FindingsError as exc:
        return pages.render("preview_problem.html.j2", it=it, lines=["PDF 模板出错，无法显示预览："]
                            + [f.format() for f in exc.findings])
    except AuthoringError as exc:
        return pages.render("preview_problem.html.j2", it=it, lines=[printable(str(exc))])
    except Exception as exc:
        return pages.render("preview_problem.html.j2", it=it, lines=[internal_error(exc)])


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")

