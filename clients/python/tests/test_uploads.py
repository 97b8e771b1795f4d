"""Tus uploads that resume after a dropped connection, imports over the API, and the
``upload`` command."""
import os
import subprocess
import sys
import tempfile
import unittest
import uuid

import _server
from touchstone_client import ProblemError
from touchstone_client._http import CONNECTION_ERRORS


class DroppingPatchTransport(_server.RecordingTransport):
    """Sends the first PATCH's headers and only ``fraction`` of its body to the real server, then closes the
    connection, as a network drop mid-upload would."""

    def __init__(self, *args, fraction=0.4, **kwargs):
        super().__init__(*args, **kwargs)
        self.fraction = fraction
        self.dropped = False

    def send_once(self, method, target, headers, body=None, stream=False):
        if method == "PATCH" and not self.dropped:
            self.dropped = True
            self.sent.append((method, target, dict(headers)))
            limit = int(int(headers["Content-Length"]) * self.fraction)
            conn = self.connect()
            conn.putrequest(method, target, skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value)
            conn.endheaders()
            for chunk in body():
                take = chunk[:limit]
                conn.send(take)
                limit -= len(take)
                if limit <= 0:
                    break
            conn.close()
            raise ConnectionResetError("dropped by the test after part of the body")
        return super().send_once(method, target, headers, body, stream)


class UploadsTest(unittest.TestCase):

    def setUp(self):
        self.client = _server.client("pm")
        self.dir = tempfile.mkdtemp(prefix="touchstone-upload-")
        self.dataset = self.client.create_dataset("py uploads " + uuid.uuid4().hex[:8])

    def test_the_server_speaks_tus_1_0_0(self):
        options = self.client.upload_options()
        self.assertIn("1.0.0", options.get("tus-version", ""))
        self.assertIn("creation", options.get("tus-extension", ""))

    def test_an_upload_dropped_halfway_resumes_from_the_servers_offset_and_imports(self):
        path = _server.tslines(os.path.join(self.dir, "arm.tslines"), count=60_000)
        size = os.path.getsize(path)
        transport = DroppingPatchTransport(_server.url(), _server.token("pm"), sleep=lambda s: None)
        from touchstone_client import Client
        client = Client(_server.url(), transport=transport, progress=False)
        upload = client.upload_file(path, chunk_size=size)
        self.assertEqual(size, upload.offset)
        methods = [m for m, _, _ in transport.sent]
        self.assertEqual(["POST", "PATCH", "HEAD", "PATCH"], methods)
        resumed_at = int(transport.sent[3][2]["Upload-Offset"])
        self.assertGreater(resumed_at, 0, "the server kept the bytes that arrived before the drop")
        self.assertLess(resumed_at, size)
        self.assertEqual(size, self.client.upload_offset(upload))
        job = self.client.wait_import(self.client.start_import(self.dataset.id, upload.id).id, timeout=120)
        self.assertTrue(job.succeeded, job.raw)
        names = [e.name for e in self.client.iter_episodes(self.dataset.id)]
        self.assertEqual(1, len(names), names)

    def test_a_patch_at_the_wrong_offset_is_409_and_a_deleted_upload_is_gone(self):
        path = _server.tslines(os.path.join(self.dir, "b.tslines"), count=100)
        upload = self.client.create_upload(os.path.getsize(path), "b.tslines")
        with self.assertRaises(ProblemError) as caught:
            self.client.upload_patch(upload, path, 5, 10)
        self.assertEqual(409, caught.exception.status)
        self.client.delete_upload(upload)
        with self.assertRaises(ProblemError) as caught:
            self.client.upload_offset(upload)
        self.assertIn(caught.exception.status, (404, 410))

    def test_the_upload_command_uploads_a_folder_imports_it_and_a_second_run_imports_nothing_again(self):
        for i in range(2):
            # Different content: the importer skips a recording the dataset already has.
            _server.tslines(os.path.join(self.dir, f"episode_{i}.tslines"), count=500 + i)
        env = dict(os.environ, TOUCHSTONE_TOKEN=_server.token("pm"), PYTHONPATH=_server.CLIENT_ROOT)
        command = [sys.executable, "-m", "touchstone_client", "upload", self.dataset.id, self.dir, "--timeout",
                   "120"]
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual(0, run.returncode, run.stdout + run.stderr)
        self.assertEqual(2, run.stdout.count("succeeded"), run.stdout)
        self.assertEqual(2, len(list(self.client.iter_episodes(self.dataset.id))))
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual(0, again.returncode, again.stdout + again.stderr)
        self.assertEqual(2, again.stdout.count("imported before"), again.stdout)
        self.assertEqual(2, len(list(self.client.iter_episodes(self.dataset.id))))
        jobs = list(self.client.iter_imports(self.dataset.id))
        self.assertEqual(2, len(jobs))
        wait = subprocess.run([sys.executable, "-m", "touchstone_client", "wait-import", jobs[0].id], env=env,
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(0, wait.returncode, wait.stdout + wait.stderr)
