"""Awaiting the webhooks lane (TOUCHSTONE_AWAITING names "webhooks"): an admin registers a webhook pointing at a
receiver this test starts, lists it and its deliveries, and deletes it. The event name is
TOUCHSTONE_WEBHOOK_EVENT (default release.ready). The receiver's URL is TOUCHSTONE_WEBHOOK_URL (default
http://localhost:9/touchstone: the server must be configured to allow loopback receivers in tests)."""
import os
import unittest

import _server
from touchstone_client import ProblemError


class WebhooksTest(unittest.TestCase):

    def test_a_webhook_is_registered_listed_and_deleted(self):
        admin = _server.client("admin")
        event = os.environ.get("TOUCHSTONE_WEBHOOK_EVENT", "release.ready")
        url = os.environ.get("TOUCHSTONE_WEBHOOK_URL", "http://localhost:9/touchstone")
        hook = admin.create_webhook(url, [event], description="python client test")
        self.assertTrue(hook.id)
        self.assertTrue(hook.secret, "the signing secret, shown once")
        self.assertEqual([event], admin.get_webhook(hook.id).event_types)
        self.assertIsNone(admin.get_webhook(hook.id).secret)
        self.assertIn(hook.id, [h.id for h in admin.iter_webhooks()])
        self.assertEqual([], admin.list_deliveries(hook.id).items)
        admin.delete_webhook(hook.id)
        self.assertNotIn(hook.id, [h.id for h in admin.iter_webhooks()])
        with self.assertRaises(ProblemError) as caught:
            _server.client("pm").list_webhooks()
        self.assertEqual(403, caught.exception.status)
