"""Releases against the real server: reading, problems, and downloads that resume after a dropped connection."""
import hashlib
import os
import subprocess
import sys
import tempfile
import unittest

import _server
from touchstone_client import ProblemError, TransferError
from touchstone_client._http import Response


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class CuttingTransport(_server.RecordingTransport):
    """Drops the connection of the first ``cuts`` file downloads after ``fraction`` of their body: it reads that
    much of the real answer, then closes the socket, as a network drop would."""

    def __init__(self, *args, cuts=1, fraction=0.5, **kwargs):
        super().__init__(*args, **kwargs)
        self.cuts = cuts
        self.fraction = fraction
        self.statuses = []

    def send_once(self, method, target, headers, body=None, stream=False):
        response = super().send_once(method, target, headers, body, stream)
        self.statuses.append(response.status)
        if stream and "/files/" in target and self.cuts > 0 and response.status in (200, 206):
            self.cuts -= 1
            length = int(response.header("Content-Length"))
            response.raw = _Cut(response, max(1, int(length * self.fraction)))
        return response


class _Cut:
    def __init__(self, response, limit):
        self.response = response
        self.inner = response.raw
        self.left = limit

    def read(self, amt=None):
        if self.left <= 0:
            # The drop: the connection goes away under the reader.
            self.inner.close()
            self.response.connection.close()
            raise ConnectionResetError("connection dropped by the test halfway through the body")
        data = self.inner.read(min(amt or self.left, self.left))
        self.left -= len(data)
        return data

    def close(self):
        self.inner.close()


class ReleaseReadingTest(unittest.TestCase):

    def setUp(self):
        self.client = _server.client("releases")
        self.release_id = _server.fixture("release")
        self.project_id = _server.fixture("project")

    def test_the_release_is_listed_and_read_with_its_files(self):
        listed = {r.id: r for r in self.client.iter_releases()}
        self.assertIn(self.release_id, listed)
        release = self.client.get_release(self.release_id)
        self.assertEqual(self.project_id, release.project_id)
        self.assertEqual("1.0.0", release.version)
        self.assertTrue(release.ready, release.state)
        names = {f.name for f in release.files}
        self.assertIn("labels.jsonl", names)
        self.assertIn("quality-report.json", names)
        for file in release.files:
            self.assertIsInstance(file.size, int)
            self.assertRegex(file.sha256, "^[0-9a-f]{64}$")
        self.assertEqual(release.version, release["version"], "the raw JSON is kept")
        self.assertEqual(self.release_id, self.client.latest_release(self.project_id).id)

    def test_progress_and_report(self):
        progress = self.client.release_progress(self.release_id)
        self.assertEqual("ready", progress.state.lower())
        self.assertIsInstance(self.client.release_report(self.release_id), dict)

    def test_an_unknown_release_is_a_404_problem(self):
        with self.assertRaises(ProblemError) as caught:
            self.client.get_release(_server.unknown_id())
        self.assertEqual(404, caught.exception.status)
        self.assertEqual("Not Found", caught.exception.title)
        self.assertIn("not found", caught.exception.detail.lower())

    def test_another_organizations_token_gets_404_not_the_release(self):
        other = _server.client("globex")
        with self.assertRaises(ProblemError) as caught:
            other.get_release(self.release_id)
        self.assertEqual(404, caught.exception.status)
        self.assertNotIn(self.release_id, [r.id for r in other.iter_releases()])

    def test_a_request_outside_the_tokens_scope_is_a_403_problem(self):
        with self.assertRaises(ProblemError) as caught:
            self.client.post_predictions(self.project_id, _server.fixture("episode"), "s", "1", [])
        self.assertEqual(403, caught.exception.status)
        self.assertIn("predictions:write", caught.exception.detail)

    def test_a_bad_token_is_401(self):
        from touchstone_client import Client
        with self.assertRaises(ProblemError) as caught:
            Client(_server.url(), "ts_" + "x" * 43, progress=False).get_release(self.release_id)
        self.assertEqual(401, caught.exception.status)


class ReleaseDownloadTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="touchstone-download-")
        self.release = _server.client("releases").get_release(_server.fixture("release"))
        # The largest file, so that "halfway" is a real split of its bytes.
        self.file = max(self.release.files, key=lambda f: f.size)
        self.assertGreater(self.file.size, 100, "the release's report is a file worth splitting")

    def transport(self, cls=_server.RecordingTransport, **kwargs):
        return cls(_server.url(), _server.token("releases"), sleep=lambda s: None, **kwargs)

    def client(self, transport):
        from touchstone_client import Client
        return Client(_server.url(), transport=transport, progress=False)

    def whole(self):
        return self.client(self.transport()).request("GET", self.file_path()).body

    def file_path(self):
        return f"/api/v1/releases/{self.release.id}/files/{self.file.name}"

    def test_a_download_checks_size_and_sha256(self):
        dest = os.path.join(self.dir, self.file.name)
        self.client(self.transport()).download_release_file(self.release.id, self.file.name, dest,
                                                            size=self.file.size, sha256=self.file.sha256)
        with open(dest, "rb") as f:
            data = f.read()
        self.assertEqual(self.file.size, len(data))
        self.assertEqual(self.file.sha256, sha256(data))
        self.assertFalse(os.path.exists(dest + ".part"))

    def test_a_connection_dropped_halfway_resumes_with_a_range(self):
        transport = self.transport(CuttingTransport, cuts=1, fraction=0.5)
        dest = os.path.join(self.dir, self.file.name)
        self.client(transport).download_release_file(self.release.id, self.file.name, dest, size=self.file.size,
                                                     sha256=self.file.sha256)
        with open(dest, "rb") as f:
            self.assertEqual(self.file.sha256, sha256(f.read()))
        gets = [headers for method, target, headers in transport.sent if "/files/" in target]
        self.assertEqual(2, len(gets), "one cut attempt, one resumed")
        self.assertNotIn("Range", gets[0])
        half = self.file.size // 2
        self.assertEqual(f"bytes={half}-", gets[1]["Range"])
        self.assertEqual(f'"{self.file.sha256}"', gets[1]["If-Range"])
        self.assertEqual([200, 206], transport.statuses[-2:], "the server answered the resumed part with 206")

    def test_several_drops_in_a_row_still_finish(self):
        transport = self.transport(CuttingTransport, cuts=3, fraction=0.3)
        dest = os.path.join(self.dir, self.file.name)
        self.client(transport).download_release_file(self.release.id, self.file.name, dest, size=self.file.size,
                                                     sha256=self.file.sha256)
        with open(dest, "rb") as f:
            self.assertEqual(self.file.sha256, sha256(f.read()))
        self.assertEqual(4, len([t for _, t, _ in transport.sent if "/files/" in t]))

    def test_a_part_left_by_an_earlier_run_is_continued(self):
        data = self.whole()
        dest = os.path.join(self.dir, self.file.name)
        with open(dest + ".part", "wb") as f:
            f.write(data[:len(data) // 3])
        transport = self.transport()
        self.client(transport).download_release_file(self.release.id, self.file.name, dest, size=self.file.size,
                                                     sha256=self.file.sha256)
        with open(dest, "rb") as f:
            self.assertEqual(data, f.read())
        self.assertEqual(f"bytes={len(data) // 3}-", transport.sent[-1][2]["Range"])

    def test_a_part_that_is_not_the_files_start_fails_the_sha256_check_and_is_removed(self):
        data = self.whole()
        dest = os.path.join(self.dir, self.file.name)
        with open(dest + ".part", "wb") as f:
            f.write(b"x" * (len(data) // 2))
        with self.assertRaises(TransferError) as caught:
            self.client(self.transport()).download_release_file(self.release.id, self.file.name, dest,
                                                                size=self.file.size, sha256=self.file.sha256)
        self.assertIn("SHA-256", str(caught.exception))
        self.assertFalse(os.path.exists(dest))
        self.assertFalse(os.path.exists(dest + ".part"))

    def test_a_part_longer_than_the_file_starts_over(self):
        data = self.whole()
        dest = os.path.join(self.dir, self.file.name)
        with open(dest + ".part", "wb") as f:
            f.write(data + b"garbage")
        self.client(self.transport()).download_release_file(self.release.id, self.file.name, dest,
                                                            size=self.file.size, sha256=self.file.sha256)
        with open(dest, "rb") as f:
            self.assertEqual(data, f.read())

    def test_download_release_by_project_takes_its_latest_ready_release(self):
        client = self.client(self.transport())
        release = client.download_release(_server.fixture("project"), self.dir)
        self.assertEqual(self.release.id, release.id)
        for file in self.release.files:
            with open(os.path.join(self.dir, file.name), "rb") as f:
                self.assertEqual(file.sha256, sha256(f.read()), file.name)

    def test_the_command_line_downloads_the_latest_release_of_a_project(self):
        env = dict(os.environ, TOUCHSTONE_TOKEN=_server.token("releases"), PYTHONPATH=_server.CLIENT_ROOT)
        target = os.path.join(self.dir, "cli")
        run = subprocess.run([sys.executable, "-m", "touchstone_client", "download-release",
                              _server.fixture("project"), target], env=env, capture_output=True, text=True,
                             timeout=120)
        self.assertEqual(0, run.returncode, run.stdout + run.stderr)
        self.assertIn("1.0.0", run.stdout)
        self.assertEqual(sorted(f.name for f in self.release.files), sorted(os.listdir(target)))

    def test_the_command_line_without_a_token_or_with_an_unknown_release_exits_2(self):
        env = {k: v for k, v in os.environ.items() if k != "TOUCHSTONE_TOKEN"}
        env["PYTHONPATH"] = _server.CLIENT_ROOT
        run = subprocess.run([sys.executable, "-m", "touchstone_client", "download-release", "x", self.dir],
                             env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(2, run.returncode)
        self.assertIn("TOUCHSTONE_TOKEN", run.stderr)
        env["TOUCHSTONE_TOKEN"] = _server.token("releases")
        run = subprocess.run([sys.executable, "-m", "touchstone_client", "download-release", _server.unknown_id(),
                              self.dir], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(2, run.returncode, run.stdout + run.stderr)
        self.assertIn("404", run.stderr)


if __name__ == "__main__":
    unittest.main()
