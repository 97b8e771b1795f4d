"""The annotator's side: /api/v1/me, members, the draft of an assignment the harness claimed for
annotator@acme.test, heartbeats, saves and the submission, with the annotator's labels:write token.
The steps share one draft, so they run in order (unittest runs a class's tests by name)."""
import unittest
import uuid

import _server
from touchstone_client import ProblemError

SECOND = 1_000_000_000


def complete_labels():
    """What the humanoid starter schema requires before a submission: a phase, a grasp outcome and a verdict."""
    return [
        {"kind": "phase", "id": str(uuid.uuid4()), "definition": "phase", "track": "main", "classKey": "reach",
         "start": 0, "end": 2 * SECOND},
        {"kind": "event", "id": str(uuid.uuid4()), "definition": "contact", "classKey": "contact-on",
         "time": SECOND},
        {"kind": "value", "id": str(uuid.uuid4()), "definition": "grasp_outcome", "segment": None,
         "classes": ["success"]},
        {"kind": "value", "id": str(uuid.uuid4()), "definition": "quality", "segment": None, "accept": True},
    ]


class MeTest(unittest.TestCase):

    def test_me_is_the_tokens_member(self):
        me = _server.client("annotator").me()
        self.assertEqual("annotator@acme.test", me.email)
        self.assertIn("ANNOTATOR", [r.upper() for r in me.roles])
        members = _server.client("admin").members(me.organization["id"])
        self.assertIn("annotator2@acme.test", [m.email for m in members])
        with self.assertRaises(ProblemError) as caught:
            _server.client("annotator").members(me.organization["id"])
        self.assertEqual(403, caught.exception.status, "members are for admins")

    def test_another_organizations_members_are_404(self):
        with self.assertRaises(ProblemError) as caught:
            _server.client("admin").members(_server.unknown_id())
        self.assertEqual(404, caught.exception.status)


class DraftLoopTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.client = _server.client("annotator")
        cls.draft_id = _server.fixture("draft")
        cls.assignment_id = _server.fixture("assignment")

    def test_1_the_draft_of_the_claimed_assignment_loads(self):
        draft = self.client.get_draft(self.draft_id)
        self.assertEqual(self.draft_id, draft.id)
        self.assertFalse(draft.submitted)
        self.assertEqual([], draft.labels)
        self.assertEqual(10 * SECOND, draft.duration_nanos)

    def test_2_a_heartbeat_extends_the_lease(self):
        lease = self.client.heartbeat(self.assignment_id)
        self.assertEqual(self.assignment_id, lease.assignment_id)
        self.assertRegex(lease.lease_expires_at, r"^\d{4}-\d\d-\d\dT")

    def test_3_a_heartbeat_for_an_unknown_assignment_says_it_ended(self):
        with self.assertRaises(ProblemError) as caught:
            self.client.heartbeat(_server.unknown_id())
        self.assertEqual(404, caught.exception.status)
        self.assertEqual("urn:touchstone:problem:assignment-ended", caught.exception.type)

    def test_4_labels_are_saved_and_a_retried_save_applies_once(self):
        before = self.client.get_draft(self.draft_id).revision
        save_id = str(uuid.uuid4())
        labels = complete_labels()
        ops = [{"op": "put", "label": label, "baseRevision": 0} for label in labels]
        saved = self.client.save_draft(self.draft_id, ops, save_id=save_id)
        self.assertEqual(before + 1, saved.revision)
        self.assertFalse(saved.replayed)
        self.assertEqual([], saved.conflicts)
        # A retry is the same save again: same saveId, same body (so the same Idempotency-Key fits it too).
        again = self.client.save_draft(self.draft_id, ops, save_id=save_id)
        self.assertEqual(saved.revision, again.revision)
        draft = self.client.get_draft(self.draft_id)
        self.assertEqual(saved.revision, draft.revision, "applied once")
        self.assertEqual(sorted(l["id"] for l in labels), sorted(entry.label["id"] for entry in draft.labels))

    def test_5_a_save_that_breaks_a_rule_is_a_422_problem_with_the_reasons(self):
        bad = {"kind": "phase", "id": str(uuid.uuid4()), "definition": "phase", "classKey": "grasp",
               "start": 3 * SECOND, "end": 2 * SECOND}
        with self.assertRaises(ProblemError) as caught:
            self.client.put_labels(self.draft_id, [bad])
        self.assertEqual(422, caught.exception.status)
        self.assertTrue(caught.exception.problems, caught.exception.body)

    def test_6_submitting_twice_gives_the_same_submission(self):
        first = self.client.submit_draft(self.draft_id)
        self.assertEqual(self.draft_id, first.draft_id)
        self.assertEqual(4, first.labels)
        second = self.client.submit_draft(self.draft_id)
        self.assertEqual(first.id, second.id)
        self.assertTrue(self.client.get_draft(self.draft_id).submitted)

    def test_7_a_save_after_the_submission_is_a_409_problem(self):
        with self.assertRaises(ProblemError) as caught:
            self.client.put_labels(self.draft_id, complete_labels()[:1])
        self.assertEqual(409, caught.exception.status)


if __name__ == "__main__":
    unittest.main()
