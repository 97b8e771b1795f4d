"""The transport under every call: one HTTP exchange per attempt, problem+json errors, retries.

Only the standard library (http.client), so the client installs anywhere, offline too. A fresh connection per
attempt keeps retries simple: a connection that broke halfway is never reused.
"""
from __future__ import annotations

import email.utils
import http.client
import json
import socket
import ssl
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Union
from urllib.parse import urlencode, urlsplit

USER_AGENT = "touchstone-client-python/0.1"

# The statuses the server answers when it is unavailable for a moment (docs/labeling/api.md: 503 with
# Retry-After while its database or storage fails) or asks the caller to slow down.
RETRY_STATUSES = (429, 503)
# Errors of a connection that dropped or never opened; the request may or may not have reached the server.
CONNECTION_ERRORS = (ConnectionError, http.client.HTTPException, socket.timeout, TimeoutError, OSError)


class ProblemError(Exception):
    """An error answer of the API: an RFC 9457 problem (application/problem+json) or any other non-2xx answer.

    ``status`` is the HTTP status, ``title`` and ``detail`` the problem's fields (``detail`` falls back to the
    older ``error`` field or the body's text), ``problems`` the list of broken rules some endpoints add (422/400),
    ``body`` the whole decoded problem.
    """

    def __init__(self, status: int, title: str, detail: str, type: str = "about:blank",
                 problems: Optional[List[str]] = None, body: Optional[Mapping[str, Any]] = None,
                 headers: Optional[Mapping[str, str]] = None, method: str = "", path: str = ""):
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type
        self.problems = list(problems or [])
        self.body = dict(body or {})
        self.headers = dict(headers or {})
        self.method = method
        self.path = path
        super().__init__(f"{method} {path} -> {status} {title}: {detail}".strip())

    @classmethod
    def from_response(cls, status: int, reason: str, headers: Mapping[str, str], body: bytes,
                      method: str = "", path: str = "") -> "ProblemError":
        text = body.decode("utf-8", "replace")
        decoded: Dict[str, Any] = {}
        if body:
            try:
                parsed = json.loads(text)
                if isinstance(parsed, dict):
                    decoded = parsed
            except ValueError:
                pass
        detail = decoded.get("detail") or decoded.get("error") or text.strip() or reason
        return cls(status, decoded.get("title") or reason or str(status), str(detail),
                   decoded.get("type") or "about:blank", decoded.get("problems"), decoded, headers, method, path)


def retry_after_seconds(value: Optional[str], default: float, now: Optional[float] = None) -> float:
    """Seconds to wait for a ``Retry-After`` header: delta-seconds or an HTTP date; ``default`` when absent or
    unreadable. Never negative."""
    if value is None or not value.strip():
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when is None:
        return default
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass
class Response:
    """A complete answer (body read), or for streams the open ``http.client.HTTPResponse`` in ``raw``."""
    status: int
    reason: str
    headers: Dict[str, str]
    body: bytes = b""
    raw: Any = None
    connection: Any = None

    def header(self, name: str, default: Optional[str] = None) -> Optional[str]:
        return self.headers.get(name.lower(), default)

    def json(self) -> Any:
        if not self.body:
            return None
        return json.loads(self.body.decode("utf-8"))

    def close(self) -> None:
        if self.raw is not None:
            self.raw.close()
        if self.connection is not None:
            self.connection.close()


Body = Union[None, bytes, Callable[[], Iterable[bytes]]]


@dataclass
class Transport:
    """Sends requests to one base URL with a bearer token.

    ``max_retries`` attempts after the first are made for 429/503 (waiting ``Retry-After``, at most
    ``max_retry_wait`` seconds each) and for dropped connections of requests that are safe to repeat: GET, HEAD,
    PUT, DELETE, OPTIONS, and POST/PATCH that carry an ``Idempotency-Key`` (the same key on every attempt, so the
    server applies the call once).
    """
    base_url: str
    token: Optional[str] = None
    timeout: float = 60.0
    max_retries: int = 4
    backoff: float = 0.5
    max_retry_wait: float = 30.0
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = time.sleep
    ssl_context: Optional[ssl.SSLContext] = None
    # Called with (method, path, attempt) before each attempt; tests use it to watch retries.
    on_attempt: Optional[Callable[[str, str, int], None]] = None
    _parts: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self._parts = urlsplit(self.base_url)
        if self._parts.scheme not in ("http", "https") or not self._parts.hostname:
            raise ValueError(f"Not an http(s) URL: {self.base_url!r} (e.g. http://localhost:8080)")

    # -- connections -------------------------------------------------------------------------------------------

    def connect(self) -> http.client.HTTPConnection:
        host = self._parts.hostname
        port = self._parts.port
        if self._parts.scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=self.timeout,
                                               context=self.ssl_context or ssl.create_default_context())
        return http.client.HTTPConnection(host, port, timeout=self.timeout)

    def path(self, path: str, query: Optional[Mapping[str, Any]] = None) -> str:
        """The request target: the base URL's path prefix + ``path`` (or the path of an absolute URL the server
        gave, e.g. a Location header) + the query without None values."""
        if path.startswith("http://") or path.startswith("https://"):
            parts = urlsplit(path)
            target = parts.path + ("?" + parts.query if parts.query else "")
        else:
            target = self._parts.path.rstrip("/") + path
        if query:
            pairs = [(k, _query_value(v)) for k, v in query.items() if v is not None]
            if pairs:
                target += ("&" if "?" in target else "?") + urlencode(pairs)
        return target

    def headers(self, extra: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
        headers = {"User-Agent": self.user_agent, "Accept": "application/json, application/problem+json;q=0.9"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if extra:
            headers.update({k: v for k, v in extra.items() if v is not None})
        return headers

    # -- one attempt -------------------------------------------------------------------------------------------

    def send_once(self, method: str, target: str, headers: Mapping[str, str], body: Body = None,
                  stream: bool = False) -> Response:
        """One attempt. With ``stream`` the body is left unread in ``Response.raw`` (close it)."""
        conn = self.connect()
        try:
            conn.putrequest(method, target, skip_accept_encoding=True)
            chunks: Optional[Iterable[bytes]] = None
            if callable(body):
                chunks = body()
            elif body is not None:
                chunks = [body]
            for name, value in headers.items():
                conn.putheader(name, value)
            if body is None and method in ("POST", "PUT", "PATCH"):
                conn.putheader("Content-Length", "0")
            elif isinstance(body, (bytes, bytearray)) and "Content-Length" not in headers:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders()
            if chunks is not None:
                for chunk in chunks:
                    if chunk:
                        conn.send(chunk)
            raw = conn.getresponse()
            response_headers = {k.lower(): v for k, v in raw.getheaders()}
            if stream:
                return Response(raw.status, raw.reason, response_headers, raw=raw, connection=conn)
            data = raw.read()
            conn.close()
            return Response(raw.status, raw.reason, response_headers, data)
        except BaseException:
            conn.close()
            raise

    # -- with retries ------------------------------------------------------------------------------------------

    def request(self, method: str, path: str, *, query: Optional[Mapping[str, Any]] = None,
                json_body: Any = None, body: Body = None, headers: Optional[Mapping[str, str]] = None,
                idempotency_key: Optional[str] = None, stream: bool = False,
                expect: Iterable[int] = ()) -> Response:
        """Sends with retries; raises :class:`ProblemError` for an error status not in ``expect``.

        Every POST gets an ``Idempotency-Key`` (``idempotency_key`` or a fresh UUID), made once and sent with each
        attempt.
        """
        method = method.upper()
        target = self.path(path, query)
        extra: Dict[str, str] = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body, separators=(",", ":")).encode("utf-8")
            extra.setdefault("Content-Type", "application/json")
        if method == "POST":
            extra.setdefault("Idempotency-Key", idempotency_key or str(uuid.uuid4()))
        elif idempotency_key:
            extra["Idempotency-Key"] = idempotency_key
        all_headers = self.headers(extra)
        repeatable = method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS") or "Idempotency-Key" in all_headers
        expected = set(expect)
        attempt = 0
        while True:
            if self.on_attempt is not None:
                self.on_attempt(method, target, attempt)
            try:
                response = self.send_once(method, target, all_headers, body, stream)
            except CONNECTION_ERRORS as error:
                if not repeatable or attempt >= self.max_retries or isinstance(error, ssl.SSLCertVerificationError):
                    raise
                self.sleep(min(self.max_retry_wait, self.backoff * (2 ** attempt)))
                attempt += 1
                continue
            if response.status in RETRY_STATUSES and response.status not in expected and attempt < self.max_retries:
                wait = retry_after_seconds(response.header("Retry-After"), self.backoff * (2 ** attempt))
                response.close()
                self.sleep(min(self.max_retry_wait, wait))
                attempt += 1
                continue
            if response.status >= 400 and response.status not in expected:
                data = response.body
                if stream:
                    try:
                        data = response.raw.read()
                    finally:
                        response.close()
                raise ProblemError.from_response(response.status, response.reason, response.headers, data,
                                                 method, target)
            return response


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
