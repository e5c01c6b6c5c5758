"""A bound on the size of every request body, before anything reads it: an upload (``POST
/uploads``) up to the upload limit plus the form's overhead, any other request 1 MB. A body declared
larger (``Content-Length``) is refused at once with 413; one streamed without a length is cut off
where it passes the bound (the reading of the form fails with 413)."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The body of any request but an upload.
FORM_BYTES = 1024 * 1024
#: What a multipart form adds to its files (boundaries, headers, the CSRF field).
OVERHEAD = 1024 * 1024
TOO_LARGE = "请求内容过大，未接收。"


class BodyLimit:
    """ASGI middleware: request bodies within ``upload_bytes`` on ``upload_path``, else ``form_bytes``."""

    def __init__(
        self, app: ASGIApp, *, upload_bytes: int, upload_path: str = "/uploads", form_bytes: int = FORM_BYTES,
        headers: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        self.app = app
        self.upload_bytes = upload_bytes + OVERHEAD
        self.upload_path = upload_path
        self.form_bytes = form_bytes
        self.headers = headers or {}

    def bound(self, scope: Scope) -> int:
        return self.upload_bytes if scope.get("path") == self.upload_path else self.form_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        bound = self.bound(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > bound):
            await self._refuse(send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > bound:
                    raise HTTPException(status_code=413, detail=TOO_LARGE)
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": TOO_LARGE}, ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        headers += [(k.lower().encode(), v.encode()) for k, v in self.headers.items()]
        headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
