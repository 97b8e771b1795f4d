"""The whole work loop over the API: claim,
draft, heartbeat, submit, until nothing is left (204)."""
import unittest
import uuid

import _server


class WorkLoopTest(unittest.TestCase):

    def test_an_annotator_claims_labels_and_submits_until_nothing_is_left(self):
        pm = _server.client("pm")
        schema = pm.create_schema(_server.starter_schema("py work " + uuid.uuid4().hex[:8]))
        # The server makes one task per episode when it makes the project (no separate step adds them).
        project = pm.create_project("py work " + uuid.uuid4().hex[:8], _server.fixture("dataset"), schema.id,
                                    settings={"overlap": 1, "goldRate": 0})
        annotator = _server.client("annotator2")
        submitted = []
        for _ in range(5):
            claim = annotator.claim(project.id)
            if claim is None:
                break
            self.assertTrue(claim.lease_expires_at)
            self.assertEqual(project.id, claim.project_id)
            draft = annotator.get_draft(claim.draft_id)
            self.assertEqual(claim.episode_id, draft.episode_id)
            annotator.heartbeat(claim.assignment_id)
            annotator.put_labels(claim.draft_id, _server.complete_labels(draft.duration_nanos))
            submitted.append(annotator.submit_draft(claim.draft_id))
        self.assertEqual(2, len(submitted), "one task per episode of the dataset, then 204")
        self.assertIsNone(annotator.claim(project.id))
