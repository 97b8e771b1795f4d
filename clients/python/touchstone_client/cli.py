"""``python -m touchstone_client``: upload a folder of episodes, wait for imports, download the latest release.

The server and token come from ``--url``/``--token`` or ``TOUCHSTONE_URL``/``TOUCHSTONE_TOKEN``. Exit status: 0 when
everything succeeded, 1 when an import or transfer failed, 2 for bad usage or an error answer of the server.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Dict, List, Optional

from ._http import ProblemError
from .client import Client, TransferError
from .models import ImportJob, Upload

STATE_FILE = ".touchstone-upload.json"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", help="server, e.g. http://localhost:8080 (default: $TOUCHSTONE_URL)")
    common.add_argument("--token", help="API token ts_... (default: $TOUCHSTONE_TOKEN)")
    common.add_argument("--quiet", action="store_true", help="no progress output")

    parser = argparse.ArgumentParser(prog="python -m touchstone_client",
                                     description="Touchstone API client (standard library only)")
    commands = parser.add_subparsers(dest="command", required=True)

    upload = commands.add_parser("upload", parents=[common], help="upload every episode file of a folder into a "
                                 "dataset, start their imports and wait for them")
    upload.add_argument("dataset", help="the dataset's id (with --create: the name of a new dataset)")
    upload.add_argument("folder", help="folder whose files are episodes (recordings, or zips of dataset folders)")
    upload.add_argument("--create", action="store_true", help="create a dataset named DATASET first")
    upload.add_argument("--no-wait", action="store_true", help="start the imports and exit")
    upload.add_argument("--timeout", type=float, default=None, help="seconds to wait for each import")
    upload.add_argument("--chunk-mib", type=int, default=0,
                        help="MiB per PATCH request (default 0: the rest of the file in one PATCH)")

    wait = commands.add_parser("wait-import", parents=[common], help="follow an import job until it ends")
    wait.add_argument("job", help="the import job's id")
    wait.add_argument("--timeout", type=float, default=None)

    download = commands.add_parser("download-release", parents=[common],
                                   help="download a release's files (a project id: its newest ready release)")
    download.add_argument("release", metavar="project|release", help="a release id or a project id")
    download.add_argument("directory")
    download.add_argument("--file", action="append", dest="files", help="only this file (repeatable)")
    return parser


def episode_files(folder: str) -> List[str]:
    """The files of the folder to upload, by name: every regular, non-hidden file, except the client's own state
    file and partial downloads."""
    names = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or name.endswith(".part") or not os.path.isfile(path):
            continue
        names.append(name)
    return names


def _load_state(path: str) -> Dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
            return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_state(path: str, state: Dict[str, Any]) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(state, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def upload_folder(client: Client, dataset: str, folder: str, *, create: bool = False, wait: bool = True,
                  timeout: Optional[float] = None, chunk_size: Optional[int] = None,
                  out=sys.stdout) -> List[ImportJob]:
    """Uploads every episode file of ``folder`` (resumably: the uploads and started imports are remembered in
    ``folder/.touchstone-upload.json``, so a second run after a crash continues the unfinished uploads and does not
    import a file twice), starts an import for each, and waits for them. Returns the jobs as they ended."""
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"{folder} is not a folder")
    state_path = os.path.join(folder, STATE_FILE)
    state = _load_state(state_path)
    if create:
        dataset_id = client.create_dataset(dataset).id or ""
        print(f"created dataset {dataset_id} ({dataset})", file=out)
    else:
        dataset_id = dataset
    files = state.setdefault(dataset_id, {})
    names = episode_files(folder)
    if not names:
        raise FileNotFoundError(f"{folder} has no files to upload")
    job_ids: List[str] = []
    for name in names:
        path = os.path.join(folder, name)
        stat = os.stat(path)
        entry = files.get(name) or {}
        same_file = entry.get("size") == stat.st_size and entry.get("mtime") == int(stat.st_mtime)
        if same_file and entry.get("job"):
            print(f"{name}: imported before as job {entry['job']}", file=out)
            job_ids.append(entry["job"])
            continue
        resume: Optional[Upload] = None
        if same_file and entry.get("location"):
            resume = Upload(raw={}, id=entry.get("upload"), location=entry["location"], length=stat.st_size)

        def remember(created: Upload, name: str = name, size: int = stat.st_size,
                     mtime: int = int(stat.st_mtime)) -> None:
            files[name] = {"upload": created.id, "location": created.location, "size": size, "mtime": mtime}
            _save_state(state_path, state)

        try:
            upload = client.upload_file(path, upload=resume, chunk_size=chunk_size, on_created=remember)
        except ProblemError as error:
            if resume is None or error.status not in (404, 410):
                raise
            # The server no longer has the unfinished upload (expired): start it again.
            upload = client.upload_file(path, chunk_size=chunk_size, on_created=remember)
        job = client.start_import(dataset_id, upload.id or "")
        files[name] = dict(files.get(name) or {}, upload=upload.id, location=upload.location, size=stat.st_size,
                           mtime=int(stat.st_mtime), job=job.id)
        _save_state(state_path, state)
        print(f"{name}: uploaded ({stat.st_size} bytes), import job {job.id}", file=out)
        job_ids.append(job.id or "")
    if not wait:
        return [client.get_import(job_id) for job_id in job_ids]
    ended = []
    for job_id in job_ids:
        job = client.wait_import(job_id, timeout=timeout)
        print(f"import {job_id}: {(job.state or '').lower()}" + (f" ({job.error})" if job.error else ""), file=out)
        ended.append(job)
    return ended


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        client = Client.from_env(args.url, args.token, progress=False if args.quiet else None)
        if not client.transport.token:
            print("No token: pass --token or set TOUCHSTONE_TOKEN (an API token, ts_...)", file=sys.stderr)
            return 2
        if args.command == "upload":
            jobs = upload_folder(client, args.dataset, args.folder, create=args.create, wait=not args.no_wait,
                                 timeout=args.timeout, chunk_size=args.chunk_mib * 1024 * 1024 or None)
            return 0 if args.no_wait or all(job.succeeded for job in jobs) else 1
        if args.command == "wait-import":
            job = client.wait_import(args.job, timeout=args.timeout)
            print(json.dumps(job.raw, indent=1))
            return 0 if job.succeeded else 1
        if args.command == "download-release":
            release = client.download_release(args.release, args.directory, names=args.files)
            print(f"release {release.version} of {release.project_name} ({release.id}) in {args.directory}")
            return 0
    except ProblemError as error:
        print(f"error: {error}", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except (TransferError, TimeoutError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 2
