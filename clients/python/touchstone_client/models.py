"""Typed views of the API's JSON answers.

Each dataclass names the fields the endpoint map (and, for releases, drafts and predictions, the server on main)
documents, in snake_case; ``raw`` keeps the whole decoded object, so a field the server adds later is never lost.
Missing fields are None. Times stay ISO-8601 strings as the server sends them; ids are UUID strings.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Generic, Iterator, List, Optional, Type, TypeVar

T = TypeVar("T", bound="Model")

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


@dataclass
class Model:
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # field name -> model class for nested objects or lists of them
    _nested = {}  # type: Dict[str, Type[Model]]

    @classmethod
    def from_json(cls: Type[T], data: Optional[Dict[str, Any]]) -> T:
        data = data or {}
        names = {f.name for f in dataclasses.fields(cls)}
        values: Dict[str, Any] = {}
        for key, value in data.items():
            name = snake(key)
            if name in names and name != "raw":
                nested = cls._nested.get(name)
                if nested is not None and value is not None:
                    if isinstance(value, list):
                        value = [nested.from_json(v) if isinstance(v, dict) else v for v in value]
                    elif isinstance(value, dict):
                        value = nested.from_json(value)
                values[name] = value
        return cls(raw=dict(data), **values)

    def __getitem__(self, key: str) -> Any:
        """The raw JSON field, by its camelCase name (``release["projectId"]``)."""
        return self.raw[key]


def _opt() -> Any:
    return field(default=None)


# --- who ----------------------------------------------------------------------------------------------------------

@dataclass
class Me(Model):
    """``GET /api/v1/me``: the token's member in the token's organization."""
    user_id: Optional[str] = _opt()
    email: Optional[str] = _opt()
    display_name: Optional[str] = _opt()
    organization: Optional[Dict[str, Any]] = _opt()
    roles: Optional[List[str]] = _opt()


@dataclass
class Member(Model):
    user_id: Optional[str] = _opt()
    email: Optional[str] = _opt()
    display_name: Optional[str] = _opt()
    roles: Optional[List[str]] = _opt()
    active: Optional[bool] = _opt()


# --- data ---------------------------------------------------------------------------------------------------------

@dataclass
class Dataset(Model):
    id: Optional[str] = _opt()
    name: Optional[str] = _opt()
    description: Optional[str] = _opt()
    episode_count: Optional[int] = _opt()
    created_at: Optional[str] = _opt()


@dataclass
class Stream(Model):
    name: Optional[str] = _opt()
    kind: Optional[str] = _opt()
    channels: Optional[List[Any]] = _opt()


@dataclass
class Episode(Model):
    id: Optional[str] = _opt()
    dataset_id: Optional[str] = _opt()
    name: Optional[str] = _opt()
    description: Optional[str] = _opt()
    duration_nanos: Optional[int] = _opt()
    streams: Optional[List[Stream]] = _opt()
    metadata: Optional[Dict[str, Any]] = _opt()
    created_at: Optional[str] = _opt()
    _nested = {"streams": Stream}


@dataclass
class Schema(Model):
    """A label schema: a list item (``latest_version_id``, ``latest_version``, ``definitions`` a count) or one
    schema's newest version (``version_id``, ``version``, ``schema``: the JSON exchange format)."""
    schema_id: Optional[str] = _opt()
    name: Optional[str] = _opt()
    version_id: Optional[str] = _opt()
    version: Optional[int] = _opt()
    latest_version_id: Optional[str] = _opt()
    latest_version: Optional[int] = _opt()
    in_use: Optional[bool] = _opt()
    updated_at: Optional[str] = _opt()
    schema: Optional[Dict[str, Any]] = _opt()

    @property
    def id(self) -> Optional[str]:
        return self.schema_id or self.raw.get("id")

    @property
    def definitions(self) -> List[Dict[str, Any]]:
        """The definitions of the version (from ``schema``); empty for a list item."""
        return list((self.schema or {}).get("definitions") or [])


@dataclass
class Upload(Model):
    """A tus upload: ``id`` and ``location`` from the creation, ``offset``/``length`` as last known; the JSON state
    (``GET /api/v1/uploads/{id}``) adds ``file_name``, ``complete``, ``expires_at`` and ``import_job_id``."""
    id: Optional[str] = _opt()
    location: Optional[str] = _opt()
    offset: Optional[int] = _opt()
    length: Optional[int] = _opt()
    filename: Optional[str] = _opt()
    file_name: Optional[str] = _opt()
    complete: Optional[bool] = _opt()
    created_at: Optional[str] = _opt()
    expires_at: Optional[str] = _opt()
    import_job_id: Optional[str] = _opt()


@dataclass
class ImportJob(Model):
    id: Optional[str] = _opt()
    dataset_id: Optional[str] = _opt()
    state: Optional[str] = _opt()
    progress: Any = _opt()
    episodes: Optional[List[Any]] = _opt()
    error: Optional[str] = _opt()
    notes: Optional[List[str]] = _opt()
    created_at: Optional[str] = _opt()
    finished_at: Optional[str] = _opt()

    RUNNING_STATES = ("queued", "running", "pending", "started")
    SUCCESS_STATES = ("succeeded",)

    @property
    def finished(self) -> bool:
        """The server's ``finished`` when it sends one, else: the state is neither queued nor running."""
        if isinstance(self.raw.get("finished"), bool):
            return self.raw["finished"]
        return (self.state or "").lower() not in self.RUNNING_STATES

    @property
    def succeeded(self) -> bool:
        return (self.state or "").lower() in self.SUCCESS_STATES

    def fraction(self) -> Optional[float]:
        """How far, 0..1, from ``progress`` as ``{done, total}`` or as a plain number; None when unknown."""
        p = self.progress
        if isinstance(p, (int, float)) and not isinstance(p, bool):
            return float(p)
        if isinstance(p, dict):
            if isinstance(p.get("fraction"), (int, float)):
                return float(p["fraction"])
            done, total = p.get("done"), p.get("total")
            if isinstance(done, (int, float)) and isinstance(total, (int, float)) and total > 0:
                return min(1.0, done / total)
        return None


# --- work ---------------------------------------------------------------------------------------------------------

@dataclass
class Project(Model):
    id: Optional[str] = _opt()
    name: Optional[str] = _opt()
    dataset_id: Optional[str] = _opt()
    schema_id: Optional[str] = _opt()
    schema_version_id: Optional[str] = _opt()
    overlap: Optional[int] = _opt()
    settings: Optional[Dict[str, Any]] = _opt()
    created_at: Optional[str] = _opt()


@dataclass
class Task(Model):
    """A task and its state (unstarted, in_progress, review, accepted); also the items of the review queue."""
    id: Optional[str] = _opt()
    project_id: Optional[str] = _opt()
    episode_id: Optional[str] = _opt()
    episode_name: Optional[str] = _opt()
    state: Optional[str] = _opt()
    gold: Optional[bool] = _opt()
    overlap: Optional[int] = _opt()
    submitted: Optional[int] = _opt()
    review_reason: Optional[str] = _opt()
    created_at: Optional[str] = _opt()
    completed_at: Optional[str] = _opt()
    accepted_at: Optional[str] = _opt()


@dataclass
class Person(Model):
    id: Optional[str] = _opt()
    name: Optional[str] = _opt()


@dataclass
class TaskSubmission(Model):
    assignment_id: Optional[str] = _opt()
    assignment_state: Optional[str] = _opt()
    annotator: Optional[Person] = _opt()
    submitted_at: Optional[str] = _opt()
    labels: Optional[List[Dict[str, Any]]] = _opt()
    _nested = {"annotator": Person}


@dataclass
class TaskLabels(Model):
    task_id: Optional[str] = _opt()
    state: Optional[str] = _opt()
    submissions: Optional[List[TaskSubmission]] = _opt()
    consensus: Any = _opt()
    accepted: Any = _opt()
    _nested = {"submissions": TaskSubmission}


@dataclass
class Claim(Model):
    """An assignment claimed with ``POST /api/v1/work/claims``."""
    assignment_id: Optional[str] = _opt()
    task_id: Optional[str] = _opt()
    episode_id: Optional[str] = _opt()
    draft_id: Optional[str] = _opt()
    project_id: Optional[str] = _opt()
    schema_version_id: Optional[str] = _opt()
    window_start_nanos: Optional[int] = _opt()
    window_end_nanos: Optional[int] = _opt()
    lease_expires_at: Optional[str] = _opt()
    heartbeat_seconds: Optional[int] = _opt()
    return_comment: Optional[str] = _opt()


@dataclass
class DraftLabel(Model):
    label: Optional[Dict[str, Any]] = _opt()
    revision: Optional[int] = _opt()


@dataclass
class Draft(Model):
    id: Optional[str] = _opt()
    episode_id: Optional[str] = _opt()
    schema_version_id: Optional[str] = _opt()
    duration_nanos: Optional[int] = _opt()
    revision: Optional[int] = _opt()
    submitted: Optional[bool] = _opt()
    labels: Optional[List[DraftLabel]] = _opt()
    proposals: Optional[List[Dict[str, Any]]] = _opt()
    _nested = {"labels": DraftLabel}


@dataclass
class SaveResult(Model):
    revision: Optional[int] = _opt()
    conflicts: Optional[List[Dict[str, Any]]] = _opt()
    replayed: Optional[bool] = _opt()


@dataclass
class Submission(Model):
    id: Optional[str] = _opt()
    draft_id: Optional[str] = _opt()
    revision: Optional[int] = _opt()
    labels: Optional[int] = _opt()
    submitted_at: Optional[str] = _opt()


@dataclass
class Lease(Model):
    assignment_id: Optional[str] = _opt()
    lease_expires_at: Optional[str] = _opt()


Review = Task  # the review queue lists tasks waiting for review


# --- releases -----------------------------------------------------------------------------------------------------

@dataclass
class ReleaseFile(Model):
    name: Optional[str] = _opt()
    size: Optional[int] = _opt()
    sha256: Optional[str] = _opt()


@dataclass
class ReleaseProgress(Model):
    state: Optional[str] = _opt()
    done: Optional[int] = _opt()
    total: Optional[int] = _opt()
    message: Optional[str] = _opt()
    error: Optional[str] = _opt()


@dataclass
class Release(Model):
    id: Optional[str] = _opt()
    project_id: Optional[str] = _opt()
    project_name: Optional[str] = _opt()
    version: Optional[str] = _opt()
    notes: Optional[str] = _opt()
    verdict_accept_only: Optional[bool] = _opt()
    label_types: Optional[List[str]] = _opt()
    schema_version_id: Optional[str] = _opt()
    state: Optional[str] = _opt()
    progress: Optional[ReleaseProgress] = _opt()
    task_count: Optional[int] = _opt()
    files: Optional[List[ReleaseFile]] = _opt()
    created_by: Optional[str] = _opt()
    created_by_name: Optional[str] = _opt()
    created_at: Optional[str] = _opt()
    finished_at: Optional[str] = _opt()
    _nested = {"progress": ReleaseProgress, "files": ReleaseFile}

    @property
    def ready(self) -> bool:
        return (self.state or "").lower() == "ready"


# --- webhooks and predictions -------------------------------------------------------------------------------------

@dataclass
class Webhook(Model):
    """A webhook endpoint; ``secret`` (the signing key) only in the answer that created it."""
    id: Optional[str] = _opt()
    url: Optional[str] = _opt()
    description: Optional[str] = _opt()
    event_types: Optional[List[str]] = _opt()
    active: Optional[bool] = _opt()
    secret_prefix: Optional[str] = _opt()
    secret: Optional[str] = _opt()
    created_at: Optional[str] = _opt()


@dataclass
class Delivery(Model):
    id: Optional[str] = _opt()
    endpoint_id: Optional[str] = _opt()
    event_id: Optional[str] = _opt()
    event_type: Optional[str] = _opt()
    state: Optional[str] = _opt()
    attempts: Optional[int] = _opt()
    last_status: Optional[int] = _opt()
    last_error: Optional[str] = _opt()
    response_snippet: Optional[str] = _opt()
    last_attempt_at: Optional[str] = _opt()
    next_attempt_at: Optional[str] = _opt()
    created_at: Optional[str] = _opt()
    replay_of: Optional[str] = _opt()


@dataclass
class PredictionSet(Model):
    id: Optional[str] = _opt()
    source: Optional[str] = _opt()
    version: Optional[str] = _opt()
    labels: Optional[int] = _opt()


# --- paging -------------------------------------------------------------------------------------------------------

@dataclass
class Page(Generic[T]):
    """One page of a list: ``{"items": [...], "nextCursor": "..." | null}``."""
    items: List[Any]
    next_cursor: Optional[str]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)
