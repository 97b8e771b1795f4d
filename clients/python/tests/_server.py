"""What the tests share: the real server the JUnit harness (PythonClientTest) started, its tokens and fixture ids.

The harness sets TOUCHSTONE_URL, TOUCHSTONE_TOKEN_<WHO> and TOUCHSTONE_<THING>_ID. Run by hand against a server of
your own with the same variables. There is no fake server: without TOUCHSTONE_URL every test fails.
"""
import os
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT_ROOT = os.path.dirname(HERE)
if CLIENT_ROOT not in sys.path:
    sys.path.insert(0, CLIENT_ROOT)

from touchstone_client import Client, Transport  # noqa: E402


def env(name):
    value = os.environ.get(name)
    if not value:
        raise AssertionError(
            f"{name} is not set: these tests run against a real server (src/test/java/dev/touchstone/client/"
            f"PythonClientTest.java starts one and sets it)")
    return value


def url():
    return env("TOUCHSTONE_URL")


def token(who):
    return env("TOUCHSTONE_TOKEN_" + who.upper())


def fixture(thing):
    return env("TOUCHSTONE_" + thing.upper() + "_ID")


def client(who, **kwargs):
    """A client acting with the harness's token for ``who`` (releases, predictions, annotator, pm, admin...)."""
    kwargs.setdefault("progress", False)
    return Client(url(), token(who), **kwargs)


def unknown_id():
    return str(uuid.uuid4())


class RecordingTransport(Transport):
    """The real transport, remembering each attempt's method, target and headers (to check retries and keys)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent = []

    def send_once(self, method, target, headers, body=None, stream=False):
        self.sent.append((method, target, dict(headers)))
        return super().send_once(method, target, headers, body, stream)


SECOND = 1_000_000_000
REPO_ROOT = os.path.dirname(os.path.dirname(CLIENT_ROOT))


def starter_schema(name):
    """The humanoid starter schema as the schema editor imports it, under a new name."""
    import json
    path = os.path.join(REPO_ROOT, "src", "main", "resources", "labeling", "humanoid-manipulation.json")
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    schema["name"] = name
    return schema


def tslines(path, channels=("a", "b"), count=1000, step=10_000_000):
    """Writes an episode in the importer's .tslines format (a header of channel names, then "time_ns,v1,v2..."
    lines) of ``count`` samples ``step`` ns apart; returns the path."""
    import math
    with open(path, "w", encoding="ascii") as f:
        f.write(",".join(channels) + "\n")
        for i in range(count):
            f.write(str(i * step) + "".join("," + repr(math.sin(i / 10.0 + c)) for c in range(len(channels))) + "\n")
    return path


def complete_labels(duration_nanos=2 * SECOND):
    """What the humanoid starter schema requires before a submission: a phase, a grasp outcome and a verdict."""
    import uuid as _uuid
    return [
        {"kind": "phase", "id": str(_uuid.uuid4()), "definition": "phase", "track": "main", "classKey": "reach",
         "start": 0, "end": min(duration_nanos, 2 * SECOND)},
        {"kind": "value", "id": str(_uuid.uuid4()), "definition": "grasp_outcome", "segment": None,
         "classes": ["success"]},
        {"kind": "value", "id": str(_uuid.uuid4()), "definition": "quality", "segment": None, "accept": True},
    ]
