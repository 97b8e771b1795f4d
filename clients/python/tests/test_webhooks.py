"""An admin registers a webhook pointing at a receiver this test starts (a real HTTP server on 127.0.0.1, which the
test server's settings allow), sends it a test event, checks the signature the way docs/webhooks.md tells a
receiver to, replays the delivery, lists it, and deletes the webhook. A project manager may not see webhooks."""
import hashlib
import hmac
import http.server
import threading
import time
import unittest

import _server
from touchstone_client import ProblemError


class _Receiver(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _Receiver.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


class WebhooksTest(unittest.TestCase):

    def setUp(self):
        _Receiver.received = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/touchstone"

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count):
        deadline = time.monotonic() + 30
        while len(_Receiver.received) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertGreaterEqual(len(_Receiver.received), count, "deliveries the receiver got")

    def test_a_webhook_delivers_signed_events_and_replays_them(self):
        admin = _server.client("admin")
        hook = admin.create_webhook(self.url, ["release.ready"], description="python client test")
        self.assertTrue(hook.secret, "the signing secret, shown once")
        self.assertIsNone(admin.get_webhook(hook.id).secret)
        self.assertIn(hook.id, [h.id for h in admin.iter_webhooks()])

        ping = admin.ping_webhook(hook.id)
        self.wait_for(1)
        headers, body = _Receiver.received[0]
        timestamp = headers["Touchstone-Timestamp"]
        expected = hmac.new(hook.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        self.assertEqual("v1=" + expected, headers["Touchstone-Signature"])
        self.assertIn(b'"type":"ping"', body)

        admin.replay_delivery(ping.id)
        self.wait_for(2)
        self.assertEqual(body, _Receiver.received[1][1], "a replay sends the same payload")
        deliveries = list(admin.iter_deliveries(hook.id))
        self.assertEqual(2, len(deliveries))

        admin.delete_webhook(hook.id)
        self.assertNotIn(hook.id, [h.id for h in admin.iter_webhooks()])
        with self.assertRaises(ProblemError) as caught:
            _server.client("pm").list_webhooks()
        self.assertEqual(403, caught.exception.status)
