"""The Touchstone API client: one method per endpoint of /api/v1, plus resumable transfers and job following."""
from __future__ import annotations

import base64
import hashlib
import os
import time
import uuid
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Type, TypeVar, Union

from ._http import CONNECTION_ERRORS, ProblemError, Response, Transport
from .models import (Claim, Me, Member, Dataset, Delivery, Draft, Episode, ImportJob, Lease, Model, Page, PredictionSet, Project,
                     Release, ReleaseFile, ReleaseProgress, Review, SaveResult, Schema, Submission, Task, TaskLabels,
                     Upload, Webhook)
from .progress import Progress

M = TypeVar("M", bound=Model)

TUS_VERSION = "1.0.0"
MiB = 1024 * 1024


class TransferError(Exception):
    """A download or upload that could not be completed or verified (after its retries)."""


def _q(value: str) -> str:
    """One path segment: ids are UUIDs, but names (release file names) must not break out of the path."""
    from urllib.parse import quote
    return quote(str(value), safe="")


def _last_segment(location: str) -> str:
    return location.rstrip("/").rsplit("/", 1)[-1]


class Client:
    """A client of one Touchstone server, acting with one API token (``ts_...``).

    ``Client("http://localhost:8080", token)``. Every method raises :class:`ProblemError` for an error answer
    (status, title, detail); 429/503 are retried after ``Retry-After``; every POST carries an ``Idempotency-Key``
    that its retries reuse. List methods return one :class:`Page`; the ``iter_*`` methods follow ``nextCursor``
    through all pages.
    """

    def __init__(self, base_url: str, token: Optional[str] = None, *, timeout: float = 60.0, max_retries: int = 4,
                 transport: Optional[Transport] = None, progress: Optional[bool] = None):
        self.transport = transport or Transport(base_url, token, timeout=timeout, max_retries=max_retries)
        # None: a bar when stderr is a terminal, plain lines otherwise; False: quiet.
        self.progress = progress

    @classmethod
    def from_env(cls, base_url: Optional[str] = None, token: Optional[str] = None, **kwargs: Any) -> "Client":
        """From ``TOUCHSTONE_URL`` and ``TOUCHSTONE_TOKEN`` unless given."""
        url = base_url or os.environ.get("TOUCHSTONE_URL")
        if not url:
            raise ValueError("No server: pass --url or set TOUCHSTONE_URL (e.g. http://localhost:8080)")
        return cls(url, token or os.environ.get("TOUCHSTONE_TOKEN"), **kwargs)

    # --- plumbing -----------------------------------------------------------------------------------------------

    def request(self, method: str, path: str, **kwargs: Any) -> Response:
        return self.transport.request(method, path, **kwargs)

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.request(method, path, **kwargs).json()

    def _one(self, model: Type[M], method: str, path: str, **kwargs: Any) -> M:
        return model.from_json(self._json(method, path, **kwargs))

    def page(self, path: str, model: Type[M], *, limit: Optional[int] = None, cursor: Optional[str] = None,
             **query: Any) -> Page:
        """One page of a list endpoint. A plain JSON array (an endpoint that does not page) is one last page."""
        data = self._json("GET", path, query=dict(query, limit=limit, cursor=cursor))
        if isinstance(data, list):
            return Page([model.from_json(item) for item in data], None)
        data = data or {}
        return Page([model.from_json(item) for item in data.get("items") or []], data.get("nextCursor"))

    def iterate(self, path: str, model: Type[M], *, limit: Optional[int] = None, **query: Any) -> Iterator[M]:
        """Every item of a list endpoint, page after page, until ``nextCursor`` is null."""
        cursor: Optional[str] = None
        seen = set()
        while True:
            page = self.page(path, model, limit=limit, cursor=cursor, **query)
            for item in page.items:
                yield item
            if not page.next_cursor:
                return
            if page.next_cursor in seen:
                raise ProblemError(0, "Paging loop", f"The server repeated the cursor {page.next_cursor!r} of {path}")
            seen.add(page.next_cursor)
            cursor = page.next_cursor

    def _progress(self, label: str, total: Optional[float] = None, unit: str = "bytes",
                  show: Optional[bool] = None) -> Progress:
        enabled = self.progress if show is None else show
        return Progress(label, total, unit, enabled=enabled is not False)

    # --- who --------------------------------------------------------------------------------------------------

    def me(self) -> Me:
        """The token's member: user id, e-mail, name, organization, roles."""
        return self._one(Me, "GET", "/api/v1/me")

    def members(self, organization_id: str) -> List[Member]:
        """The members of the token's organization (another organization's id is 404)."""
        data = self._json("GET", f"/api/v1/organizations/{_q(organization_id)}/members")
        items = data.get("items", []) if isinstance(data, dict) else data or []
        return [Member.from_json(item) for item in items]

    def member(self, organization_id: str, user_id: str) -> Member:
        return self._one(Member, "GET", f"/api/v1/organizations/{_q(organization_id)}/members/{_q(user_id)}")

    # --- datasets and episodes ----------------------------------------------------------------------------------

    def list_datasets(self, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page:
        return self.page("/api/v1/datasets", Dataset, limit=limit, cursor=cursor)

    def iter_datasets(self, *, limit: Optional[int] = None) -> Iterator[Dataset]:
        return self.iterate("/api/v1/datasets", Dataset, limit=limit)

    def create_dataset(self, name: str, description: str = "", *, idempotency_key: Optional[str] = None) -> Dataset:
        return self._one(Dataset, "POST", "/api/v1/datasets", json_body={"name": name, "description": description},
                         idempotency_key=idempotency_key)

    def get_dataset(self, dataset_id: str) -> Dataset:
        return self._one(Dataset, "GET", f"/api/v1/datasets/{_q(dataset_id)}")

    def list_episodes(self, dataset_id: str, *, q: Optional[str] = None, limit: Optional[int] = None,
                      cursor: Optional[str] = None) -> Page:
        return self.page(f"/api/v1/datasets/{_q(dataset_id)}/episodes", Episode, limit=limit, cursor=cursor, q=q)

    def iter_episodes(self, dataset_id: str, *, q: Optional[str] = None,
                      limit: Optional[int] = None) -> Iterator[Episode]:
        return self.iterate(f"/api/v1/datasets/{_q(dataset_id)}/episodes", Episode, limit=limit, q=q)

    def get_episode(self, episode_id: str) -> Episode:
        return self._one(Episode, "GET", f"/api/v1/episodes/{_q(episode_id)}")

    def update_episode(self, episode_id: str, *, description: Optional[str] = None,
                       metadata: Optional[Mapping[str, Any]] = None) -> Episode:
        """PATCH: ``metadata`` is merged into the episode's (keys not named stay)."""
        body: Dict[str, Any] = {}
        if description is not None:
            body["description"] = description
        if metadata is not None:
            body["metadata"] = dict(metadata)
        return self._one(Episode, "PATCH", f"/api/v1/episodes/{_q(episode_id)}", json_body=body)

    # --- label schemas ------------------------------------------------------------------------------------------

    def list_schemas(self, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page:
        return self.page("/api/v1/schemas", Schema, limit=limit, cursor=cursor)

    def iter_schemas(self, *, limit: Optional[int] = None) -> Iterator[Schema]:
        return self.iterate("/api/v1/schemas", Schema, limit=limit)

    def get_schema(self, schema_id: str) -> Schema:
        """The schema's latest version (its JSON in ``raw``)."""
        return self._one(Schema, "GET", f"/api/v1/schemas/{_q(schema_id)}")

    def create_schema(self, schema: Mapping[str, Any], *, idempotency_key: Optional[str] = None) -> Schema:
        """``schema`` as the schema editor imports it: ``{"format", "name", "description", "definitions"}``."""
        return self._one(Schema, "POST", "/api/v1/schemas", json_body=dict(schema), idempotency_key=idempotency_key)

    # --- uploads (tus 1.0.0) and imports ------------------------------------------------------------------------

    def upload_options(self) -> Dict[str, str]:
        """``OPTIONS /api/v1/uploads``: the server's tus headers (Tus-Version, Tus-Extension, Tus-Max-Size)."""
        response = self.request("OPTIONS", "/api/v1/uploads", headers={"Tus-Resumable": TUS_VERSION},
                                expect=(204,))
        return {k: v for k, v in response.headers.items() if k.startswith("tus-")}

    def create_upload(self, length: int, filename: str) -> Upload:
        """``POST /api/v1/uploads``: announces ``length`` bytes; nothing is sent yet."""
        encoded = base64.b64encode(filename.encode("utf-8")).decode("ascii")
        response = self.request("POST", "/api/v1/uploads", headers={
            "Tus-Resumable": TUS_VERSION, "Upload-Length": str(length), "Upload-Metadata": "filename " + encoded})
        location = response.header("Location")
        if not location:
            raise ProblemError(response.status, "No Location", "The server created an upload without a Location")
        return Upload(raw={}, id=_last_segment(location), location=location, offset=0, length=length,
                      filename=filename)

    def upload_offset(self, upload: Union[str, Upload]) -> int:
        """``HEAD`` of the upload: how many bytes the server has (where to continue)."""
        response = self.request("HEAD", self._upload_path(upload), headers={"Tus-Resumable": TUS_VERSION})
        value = response.header("Upload-Offset")
        if value is None or not value.isdigit():
            raise ProblemError(response.status, "No Upload-Offset", "The upload's HEAD carried no Upload-Offset")
        return int(value)

    def get_upload(self, upload: Union[str, Upload]) -> Upload:
        """``GET /api/v1/uploads/{id}``: the upload's state as JSON."""
        return self._one(Upload, "GET", self._upload_path(upload))

    def delete_upload(self, upload: Union[str, Upload]) -> None:
        """tus termination: the server forgets the upload and its bytes."""
        self.request("DELETE", self._upload_path(upload), headers={"Tus-Resumable": TUS_VERSION})

    def _upload_path(self, upload: Union[str, Upload]) -> str:
        if isinstance(upload, Upload):
            return upload.location or f"/api/v1/uploads/{_q(upload.id or '')}"
        if upload.startswith("/") or upload.startswith("http"):
            return upload
        return f"/api/v1/uploads/{_q(upload)}"

    def upload_patch(self, upload: Union[str, Upload], path: str, offset: int, length: int,
                     on_bytes: Optional[Callable[[int], None]] = None, block: int = MiB) -> int:
        """One ``PATCH``: bytes ``[offset, offset+length)`` of the file at ``path``; returns the server's new offset.

        Not retried by the transport: after a failure the caller asks the server (``HEAD``) where to continue.
        """
        def chunks() -> Iterator[bytes]:
            with open(path, "rb") as f:
                f.seek(offset)
                left = length
                while left > 0:
                    data = f.read(min(block, left))
                    if not data:
                        raise TransferError(f"{path} became shorter while uploading")
                    left -= len(data)
                    if on_bytes is not None:
                        on_bytes(len(data))
                    yield data

        response = self.request("PATCH", self._upload_path(upload), body=chunks, headers={
            "Tus-Resumable": TUS_VERSION, "Upload-Offset": str(offset), "Content-Length": str(length),
            "Content-Type": "application/offset+octet-stream"})
        value = response.header("Upload-Offset")
        return int(value) if value is not None and value.isdigit() else offset + length

    def upload_file(self, path: str, *, filename: Optional[str] = None, upload: Union[None, str, Upload] = None,
                    chunk_size: Optional[int] = None, max_failures: int = 10, show_progress: Optional[bool] = None,
                    on_created: Optional[Callable[[Upload], None]] = None) -> Upload:
        """Uploads a file resumably (tus): creates the upload (or continues ``upload``, e.g. one saved by
        ``on_created`` before a crash), then sends the rest of the file in one PATCH, or in PATCHes of at most
        ``chunk_size`` bytes when given. One PATCH is the default because the server keeps what arrived when a
        connection drops (it stores its offset every 64 MiB and when the body ends), so a long PATCH costs no more to
        resume, and every extra request costs a round trip and a server-side flush (docs/benchmarks.md, "The Python
        client's upload vs curl"). After a dropped connection or an error answer it asks ``HEAD`` for the server's
        offset and continues from there, up to ``max_failures`` times in a row.
        """
        size = os.path.getsize(path)
        name = filename or os.path.basename(path)
        if upload is None:
            created = self.create_upload(size, name)
            if on_created is not None:
                on_created(created)
            offset = 0
        else:
            created = upload if isinstance(upload, Upload) else Upload(raw={}, id=_last_segment(upload),
                                                                        location=self._upload_path(upload),
                                                                        length=size, filename=name)
            offset = self.upload_offset(created)
        bar = self._progress(f"upload {name}", size, show=show_progress)
        failures = 0
        sent = [offset]

        def count(n: int) -> None:
            sent[0] += n
            bar.update(sent[0])

        try:
            while offset < size:
                try:
                    offset = self.upload_patch(created, path, offset,
                                               size - offset if chunk_size is None else min(chunk_size, size - offset),
                                               count)
                    failures = 0
                except (ProblemError, *CONNECTION_ERRORS) as error:
                    if isinstance(error, ProblemError) and error.status in (400, 401, 403, 404, 410, 413, 415):
                        raise
                    failures += 1
                    if failures > max_failures:
                        raise TransferError(f"Upload of {path} failed {failures} times in a row: {error}") from error
                    time.sleep(min(10.0, 0.5 * 2 ** (failures - 1)))
                    offset = self.upload_offset(created)
                sent[0] = offset
                bar.update(offset)
        finally:
            bar.close()
        created.offset = offset
        return created

    def start_import(self, dataset_id: str, upload_id: str, *, idempotency_key: Optional[str] = None) -> ImportJob:
        """``POST /api/v1/datasets/{id}/imports`` ``{uploadId}``: 202 with the job (Location /api/v1/imports/{id})."""
        response = self.request("POST", f"/api/v1/datasets/{_q(dataset_id)}/imports",
                                json_body={"uploadId": upload_id}, idempotency_key=idempotency_key)
        data = response.json() if response.body else None
        job = ImportJob.from_json(data if isinstance(data, dict) else {})
        if not job.id and response.header("Location"):
            job.id = _last_segment(response.header("Location") or "")
        return job

    def get_import(self, job_id: str) -> ImportJob:
        return self._one(ImportJob, "GET", f"/api/v1/imports/{_q(job_id)}")

    def list_imports(self, dataset_id: str, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page:
        return self.page(f"/api/v1/datasets/{_q(dataset_id)}/imports", ImportJob, limit=limit, cursor=cursor)

    def iter_imports(self, dataset_id: str, *, limit: Optional[int] = None) -> Iterator[ImportJob]:
        return self.iterate(f"/api/v1/datasets/{_q(dataset_id)}/imports", ImportJob, limit=limit)

    def wait_import(self, job_id: str, *, poll: float = 1.0, timeout: Optional[float] = None,
                    show_progress: Optional[bool] = None) -> ImportJob:
        """Polls the import job until it is no longer queued or running and returns it (whatever its end state:
        check ``job.succeeded``). Raises ``TimeoutError`` after ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        bar = self._progress(f"import {job_id[:8]}", unit="fraction", show=show_progress)
        try:
            while True:
                job = self.get_import(job_id)
                bar.update(job.fraction() or 0.0, message=(job.state or "").lower())
                if job.finished:
                    bar.close((job.state or "").lower() + (": " + job.error if job.error else ""))
                    return job
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(f"Import {job_id} still {job.state} after {timeout} s")
                time.sleep(poll)
        finally:
            bar.close()

    # --- projects, tasks, labels, quality -----------------------------------------------------------------------

    def list_projects(self, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page:
        return self.page("/api/v1/projects", Project, limit=limit, cursor=cursor)

    def iter_projects(self, *, limit: Optional[int] = None) -> Iterator[Project]:
        return self.iterate("/api/v1/projects", Project, limit=limit)

    def create_project(self, name: str, dataset_id: str, schema_id: Optional[str] = None, *,
                       schema_version_id: Optional[str] = None, settings: Optional[Mapping[str, Any]] = None,
                       window_seconds: Optional[int] = None, annotator_ids: Optional[Iterable[str]] = None,
                       idempotency_key: Optional[str] = None) -> Project:
        """A project over a dataset: one task per episode (or per window of ``window_seconds``), made at once.
        ``schema_id`` takes the schema's latest version, ``schema_version_id`` one exact version. ``settings`` as
        ``get_project_settings`` answers them (overlap, goldRate, leaseSeconds, reviewPolicy, ...)."""
        body: Dict[str, Any] = {"name": name, "datasetId": dataset_id}
        if schema_id is not None:
            body["schemaId"] = schema_id
        if schema_version_id is not None:
            body["schemaVersionId"] = schema_version_id
        if settings is not None:
            body["settings"] = dict(settings)
        if window_seconds is not None:
            body["windowSeconds"] = window_seconds
        if annotator_ids is not None:
            body["annotatorIds"] = list(annotator_ids)
        return self._one(Project, "POST", "/api/v1/projects", json_body=body, idempotency_key=idempotency_key)

    def get_project(self, project_id: str) -> Project:
        return self._one(Project, "GET", f"/api/v1/projects/{_q(project_id)}")

    def get_project_settings(self, project_id: str) -> Dict[str, Any]:
        return self._json("GET", f"/api/v1/projects/{_q(project_id)}/settings")

    def update_project_settings(self, project_id: str, settings: Mapping[str, Any]) -> Dict[str, Any]:
        return self._json("PATCH", f"/api/v1/projects/{_q(project_id)}/settings", json_body=dict(settings))

    def project_progress(self, project_id: str) -> Dict[str, Any]:
        return self._json("GET", f"/api/v1/projects/{_q(project_id)}/progress")

    def list_tasks(self, project_id: str, *, state: Optional[str] = None, limit: Optional[int] = None,
                   cursor: Optional[str] = None) -> Page:
        return self.page(f"/api/v1/projects/{_q(project_id)}/tasks", Task, limit=limit, cursor=cursor, state=state)

    def iter_tasks(self, project_id: str, *, state: Optional[str] = None,
                   limit: Optional[int] = None) -> Iterator[Task]:
        return self.iterate(f"/api/v1/projects/{_q(project_id)}/tasks", Task, limit=limit, state=state)

    def get_task(self, task_id: str) -> Task:
        return self._one(Task, "GET", f"/api/v1/tasks/{_q(task_id)}")

    def task_labels(self, task_id: str) -> TaskLabels:
        """The task's submissions (annotator, time, labels), consensus and accepted labels."""
        return self._one(TaskLabels, "GET", f"/api/v1/tasks/{_q(task_id)}/labels")

    def project_quality(self, project_id: str) -> Dict[str, Any]:
        """Per annotator and per label type numbers of the project."""
        return self._json("GET", f"/api/v1/projects/{_q(project_id)}/quality")

    # --- the work loop ------------------------------------------------------------------------------------------

    def claim(self, project_id: str, *, idempotency_key: Optional[str] = None) -> Optional[Claim]:
        """Claims the next task of the project for the token's member; None when nothing is left (204)."""
        response = self.request("POST", "/api/v1/work/claims", json_body={"projectId": project_id},
                                idempotency_key=idempotency_key)
        if response.status == 204 or not response.body:
            return None
        return Claim.from_json(response.json())

    def get_draft(self, draft_id: str) -> Draft:
        return self._one(Draft, "GET", f"/api/v1/drafts/{_q(draft_id)}")

    def save_draft(self, draft_id: str, ops: List[Mapping[str, Any]], *, save_id: Optional[str] = None,
                   client_id: str = "python-client", proposals: Optional[List[Mapping[str, Any]]] = None) -> SaveResult:
        """One save of ops (``{"op": "put", "label": {...}, "baseRevision": n}`` or ``{"op": "delete", "labelId":
        ..., "baseRevision": n}``). ``save_id`` (made here when absent) makes a retried save apply once."""
        save_id = save_id or str(uuid.uuid4())
        body: Dict[str, Any] = {"saveId": save_id, "clientId": client_id, "ops": [dict(op) for op in ops]}
        if proposals is not None:
            body["proposals"] = [dict(p) for p in proposals]
        return self._one(SaveResult, "POST", f"/api/v1/drafts/{_q(draft_id)}/saves", json_body=body,
                         idempotency_key=save_id)

    def put_labels(self, draft_id: str, labels: Iterable[Mapping[str, Any]], **kwargs: Any) -> SaveResult:
        """Creates or replaces whole labels (each with its ``id``): a save of ``put`` ops at the labels' current
        revisions (0 for new ones), read from the draft first. To retry a save whose answer was lost, send the same
        ops again with ``save_draft`` and the same ``save_id`` (a new ``put_labels`` reads new revisions, so its body
        differs and the server refuses the reused key with 422)."""
        revisions = {entry.label.get("id"): entry.revision for entry in (self.get_draft(draft_id).labels or [])
                     if entry.label}
        ops = [{"op": "put", "label": dict(label), "baseRevision": revisions.get(label.get("id"), 0)}
               for label in labels]
        return self.save_draft(draft_id, ops, **kwargs)

    def heartbeat(self, assignment_id: str) -> Lease:
        """Extends the assignment's lease; a ProblemError with type ``urn:touchstone:problem:assignment-ended``
        means the assignment is over (stop working on it)."""
        return self._one(Lease, "POST", f"/api/v1/assignments/{_q(assignment_id)}/heartbeat")

    def submit_draft(self, draft_id: str, *, idempotency_key: Optional[str] = None) -> Submission:
        """Submits the draft: 201 now, or 200 with the same submission when it was submitted before."""
        key = idempotency_key or "submit-" + str(uuid.uuid4())
        return self._one(Submission, "POST", f"/api/v1/drafts/{_q(draft_id)}/submissions",
                         json_body={"idempotencyKey": key}, idempotency_key=key)

    # --- review -------------------------------------------------------------------------------------------------

    def list_reviews(self, project_id: str, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page:
        """Tasks of the project waiting for review."""
        return self.page(f"/api/v1/projects/{_q(project_id)}/reviews", Review, limit=limit, cursor=cursor)

    def iter_reviews(self, project_id: str, *, limit: Optional[int] = None) -> Iterator[Review]:
        return self.iterate(f"/api/v1/projects/{_q(project_id)}/reviews", Review, limit=limit)

    def review_task(self, task_id: str, decision: str, comment: str = "", *,
                    idempotency_key: Optional[str] = None) -> Dict[str, Any]:
        """``decision``: ``"accept"`` or ``"return"`` (with a comment saying what to fix)."""
        if decision not in ("accept", "return"):
            raise ValueError("decision is 'accept' or 'return'")
        response = self.request("POST", f"/api/v1/tasks/{_q(task_id)}/review",
                                json_body={"decision": decision, "comment": comment}, idempotency_key=idempotency_key)
        return response.json() if response.body else {}

    # --- releases -----------------------------------------------------------------------------------------------

    def list_releases(self, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page:
        """The organization's releases, newest first."""
        return self.page("/api/v1/releases", Release, limit=limit, cursor=cursor)

    def iter_releases(self, *, limit: Optional[int] = None) -> Iterator[Release]:
        return self.iterate("/api/v1/releases", Release, limit=limit)

    def get_release(self, release_id: str) -> Release:
        return self._one(Release, "GET", f"/api/v1/releases/{_q(release_id)}")

    def release_progress(self, release_id: str) -> ReleaseProgress:
        return self._one(ReleaseProgress, "GET", f"/api/v1/releases/{_q(release_id)}/progress")

    def release_report(self, release_id: str) -> Dict[str, Any]:
        return self._json("GET", f"/api/v1/releases/{_q(release_id)}/report")

    def create_release(self, project_id: str, version: str, *, notes: str = "", verdict_accept_only: bool = False,
                       label_types: Optional[List[str]] = None, idempotency_key: Optional[str] = None) -> Release:
        body = {"projectId": project_id, "version": version, "notes": notes,
                "verdictAcceptOnly": verdict_accept_only, "labelTypes": list(label_types or [])}
        return self._one(Release, "POST", "/api/v1/releases", json_body=body, idempotency_key=idempotency_key)

    def wait_release(self, release_id: str, *, poll: float = 1.0, timeout: Optional[float] = None,
                     show_progress: Optional[bool] = None) -> Release:
        """Polls the release's build until it is ready or failed; returns the release."""
        deadline = None if timeout is None else time.monotonic() + timeout
        bar = self._progress(f"release {release_id[:8]}", unit="fraction", show=show_progress)
        try:
            while True:
                progress = self.release_progress(release_id)
                fraction = (progress.done or 0) / progress.total if progress.total else 0.0
                bar.update(fraction, message=progress.message or "")
                if (progress.state or "").lower() != "building":
                    return self.get_release(release_id)
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(f"Release {release_id} still building after {timeout} s")
                time.sleep(poll)
        finally:
            bar.close()

    def latest_release(self, project_id: str) -> Optional[Release]:
        """The project's newest ready release (by creation time), or None."""
        ready = [r for r in self.iter_releases() if r.project_id == project_id and r.ready]
        ready.sort(key=lambda r: r.created_at or "", reverse=True)
        return ready[0] if ready else None

    def download_release_file(self, release_id: str, name: str, dest: str, *, size: Optional[int] = None,
                              sha256: Optional[str] = None, max_resumes: int = 10, block: int = MiB,
                              show_progress: Optional[bool] = None) -> str:
        """Downloads one file of a ready release to ``dest``, resumably.

        Bytes go to ``dest + ".part"``; a ``.part`` left by an earlier attempt (or by a connection that dropped
        halfway) is continued with ``Range: bytes=<its size>-`` and ``If-Range`` (the file's ETag, its SHA-256), so
        a changed file restarts from zero instead of being spliced. When ``size``/``sha256`` are given (the
        release's ``files`` list them) the result is checked; a mismatch removes the part and raises
        :class:`TransferError`. Returns ``dest``.
        """
        part = dest + ".part"
        path = f"/api/v1/releases/{_q(release_id)}/files/{_q(name)}"
        etag = f'"{sha256}"' if sha256 else None
        resumes = 0
        bar = self._progress(f"download {name}", size, show=show_progress)
        try:
            while True:
                offset = os.path.getsize(part) if os.path.exists(part) else 0
                if size is not None and offset > size:
                    os.remove(part)
                    offset = 0
                if size is not None and offset == size and size > 0:
                    break
                headers: Dict[str, str] = {"Accept": "*/*"}
                if offset > 0:
                    headers["Range"] = f"bytes={offset}-"
                    if etag:
                        headers["If-Range"] = etag
                response = self.request("GET", path, headers=headers, stream=True, expect=(416,))
                try:
                    if response.status == 416:
                        # The part is at or beyond the end of the file the server has now: start over.
                        os.remove(part)
                        resumes += 1
                        if resumes > max_resumes:
                            raise TransferError(f"{name}: the server refused every range")
                        continue
                    etag = response.header("ETag") or etag
                    if response.status == 206:
                        start = _content_range_start(response.header("Content-Range"))
                        if start != offset:
                            raise TransferError(f"{name}: asked for bytes from {offset}, got from {start}")
                        mode = "ab"
                    else:
                        offset = 0
                        mode = "wb"
                    expected = response.header("Content-Length")
                    expected_len = int(expected) if expected and expected.isdigit() else None
                    if size is None and expected_len is not None:
                        bar.update(offset, offset + expected_len)
                    received = 0
                    dropped: Optional[BaseException] = None
                    with open(part, mode) as out:
                        try:
                            while True:
                                data = response.raw.read(block)
                                if not data:
                                    break
                                out.write(data)
                                received += len(data)
                                bar.update(offset + received)
                        except CONNECTION_ERRORS as error:
                            dropped = error
                    if dropped is None and (expected_len is None or received >= expected_len):
                        break
                finally:
                    response.close()
                # The connection dropped (an error, or the stream ended short of Content-Length): resume.
                resumes += 1
                if resumes > max_resumes:
                    raise TransferError(f"{name}: the download broke off {resumes} times")
                time.sleep(min(10.0, 0.2 * 2 ** (resumes - 1)))
        finally:
            bar.close()
        _verify(part, size, sha256, name)
        os.replace(part, dest)
        return dest

    def download_release(self, release_or_project: str, directory: str, *, names: Optional[Iterable[str]] = None,
                         show_progress: Optional[bool] = None) -> Release:
        """Downloads the files of a release into ``directory``: ``release_or_project`` is a release id, or a
        project id whose newest ready release is taken. ``names`` limits the files. Returns the release."""
        release = self._resolve_release(release_or_project)
        if not release.ready:
            raise TransferError(f"Release {release.id} is {release.state}, not ready")
        os.makedirs(directory, exist_ok=True)
        wanted = set(names) if names is not None else None
        for file in release.files or []:
            if wanted is not None and file.name not in wanted:
                continue
            if not file.name or "/" in file.name or "\\" in file.name or file.name in (".", ".."):
                raise TransferError(f"Refusing the file name {file.name!r}")
            self.download_release_file(release.id or "", file.name, os.path.join(directory, file.name),
                                       size=file.size, sha256=file.sha256, show_progress=show_progress)
        return release

    def _resolve_release(self, release_or_project: str) -> Release:
        try:
            return self.get_release(release_or_project)
        except ProblemError as error:
            if error.status not in (400, 404):
                raise
        latest = self.latest_release(release_or_project)
        if latest is None:
            raise ProblemError(404, "Not Found", f"No release and no project with a ready release has the id "
                                                 f"{release_or_project}")
        return latest

    # --- webhooks -----------------------------------------------------------------------------------------------

    def list_webhooks(self, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page:
        return self.page("/api/v1/webhooks", Webhook, limit=limit, cursor=cursor)

    def iter_webhooks(self, *, limit: Optional[int] = None) -> Iterator[Webhook]:
        return self.iterate("/api/v1/webhooks", Webhook, limit=limit)

    def create_webhook(self, url: str, event_types: Iterable[str], *, description: Optional[str] = None,
                       idempotency_key: Optional[str] = None) -> Webhook:
        """Registers an endpoint for events (``import.finished``, ``task.accepted``, ``release.ready``, ...).
        The answer's ``secret`` signs every delivery and is shown only this once."""
        body: Dict[str, Any] = {"url": url, "eventTypes": list(event_types)}
        if description is not None:
            body["description"] = description
        data = self._json("POST", "/api/v1/webhooks", json_body=body, idempotency_key=idempotency_key) or {}
        if isinstance(data.get("endpoint"), dict):
            webhook = Webhook.from_json(data["endpoint"])
            webhook.secret = data.get("secret")
            webhook.raw = dict(data)
            return webhook
        return Webhook.from_json(data)

    def get_webhook(self, webhook_id: str) -> Webhook:
        return self._one(Webhook, "GET", f"/api/v1/webhooks/{_q(webhook_id)}")

    def delete_webhook(self, webhook_id: str) -> None:
        self.request("DELETE", f"/api/v1/webhooks/{_q(webhook_id)}")

    def ping_webhook(self, webhook_id: str, *, idempotency_key: Optional[str] = None) -> Delivery:
        """Sends the endpoint a test event (type ``ping``); answers the new delivery."""
        response = self.request("POST", f"/api/v1/webhooks/{_q(webhook_id)}/pings", idempotency_key=idempotency_key)
        return Delivery.from_json(response.json() if response.body else {})

    def list_deliveries(self, webhook_id: str, *, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page:
        return self.page(f"/api/v1/webhooks/{_q(webhook_id)}/deliveries", Delivery, limit=limit, cursor=cursor)

    def iter_deliveries(self, webhook_id: str, *, limit: Optional[int] = None) -> Iterator[Delivery]:
        return self.iterate(f"/api/v1/webhooks/{_q(webhook_id)}/deliveries", Delivery, limit=limit)

    def replay_delivery(self, delivery_id: str, *, idempotency_key: Optional[str] = None) -> Delivery:
        response = self.request("POST", f"/api/v1/webhooks/deliveries/{_q(delivery_id)}/replay",
                                idempotency_key=idempotency_key)
        return Delivery.from_json(response.json() if response.body else {})

    # --- predictions --------------------------------------------------------------------------------------------

    def post_predictions(self, project_id: str, episode_id: str, source: str, version: str,
                         labels: List[Mapping[str, Any]], *, confidence: Optional[Mapping[str, float]] = None,
                         idempotency_key: Optional[str] = None) -> PredictionSet:
        """Stores a model's labels for an episode of a project (replacing the same source and version's)."""
        body: Dict[str, Any] = {"source": source, "version": version, "labels": [dict(l) for l in labels]}
        if confidence is not None:
            body["confidence"] = dict(confidence)
        return self._one(PredictionSet, "POST",
                         f"/api/v1/projects/{_q(project_id)}/episodes/{_q(episode_id)}/predictions",
                         json_body=body, idempotency_key=idempotency_key)


def _content_range_start(value: Optional[str]) -> Optional[int]:
    # "bytes 100-199/200"
    if not value or not value.startswith("bytes "):
        return None
    span = value[6:].split("/", 1)[0]
    start = span.split("-", 1)[0]
    return int(start) if start.isdigit() else None


def _verify(path: str, size: Optional[int], sha256: Optional[str], name: str) -> None:
    actual = os.path.getsize(path)
    if size is not None and actual != size:
        os.remove(path)
        raise TransferError(f"{name}: got {actual} bytes, the release lists {size}")
    if sha256:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(MiB), b""):
                digest.update(block)
        if digest.hexdigest().lower() != sha256.lower():
            os.remove(path)
            raise TransferError(f"{name}: SHA-256 {digest.hexdigest()} is not the release's {sha256}")
