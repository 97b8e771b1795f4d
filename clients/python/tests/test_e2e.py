"""Issue 21's "done when", with the Python client only: create a dataset, upload
episodes, create a project, drive two annotators through claim, draft and submit, review as the QA lead, make a
release and download it."""
import json
import os
import tempfile
import unittest
import uuid

import _server
from touchstone_client.cli import upload_folder


class DoneWhenTest(unittest.TestCase):

    def test_dataset_upload_project_two_annotators_review_release_download(self):
        pm = _server.client("pm")
        admin = _server.client("admin")
        folder = tempfile.mkdtemp(prefix="touchstone-e2e-")
        for i in range(2):
            _server.tslines(os.path.join(folder, f"episode_{i}.tslines"), count=500 + i)  # distinct recordings

        # Dataset and episodes.
        dataset = pm.create_dataset("py e2e " + uuid.uuid4().hex[:8], "done-when script")
        jobs = upload_folder(pm, dataset.id, folder, timeout=120, out=open(os.devnull, "w"))
        self.assertTrue(all(job.succeeded for job in jobs), [job.raw for job in jobs])
        episodes = list(pm.iter_episodes(dataset.id))
        self.assertEqual(2, len(episodes))

        # Project: each episode labeled by two annotators, every complete task reviewed; its tasks are made with it.
        schema = pm.create_schema(_server.starter_schema("py e2e " + uuid.uuid4().hex[:8]))
        project = pm.create_project("py e2e " + uuid.uuid4().hex[:8], dataset.id, schema.id,
                                    settings={"overlap": 2, "goldRate": 0, "reviewPolicy": "all"})
        self.assertEqual(2, len(list(pm.iter_tasks(project.id))))

        # Two annotators claim, draft and submit until nothing is left.
        for who in ("annotator", "annotator2"):
            annotator = _server.client(who)
            done = 0
            while True:
                claim = annotator.claim(project.id)
                if claim is None:
                    break
                draft = annotator.get_draft(claim.draft_id)
                annotator.heartbeat(claim.assignment_id)
                annotator.put_labels(claim.draft_id, _server.complete_labels(draft.duration_nanos))
                annotator.submit_draft(claim.draft_id)
                done += 1
            self.assertEqual(2, done, who)

        # The QA lead accepts every task waiting for review.
        qa = _server.client("qa")
        waiting = list(qa.iter_reviews(project.id))
        self.assertEqual(2, len(waiting))
        for review in waiting:
            qa.review_task(review.id, "accept")
        for task in pm.iter_tasks(project.id):
            labels = pm.task_labels(task.id)
            self.assertEqual(2, len(labels.submissions))
            self.assertTrue(labels.accepted)

        # A release, downloaded as a training script would.
        release = admin.create_release(project.id, "1.0.0", notes="done when")
        release = admin.wait_release(release.id, timeout=120)
        self.assertTrue(release.ready, release.raw)
        target = tempfile.mkdtemp(prefix="touchstone-e2e-release-")
        downloaded = _server.client("releases").download_release(project.id, target)
        self.assertEqual(release.id, downloaded.id)
        with open(os.path.join(target, "labels.jsonl"), encoding="utf-8") as f:
            lines = [json.loads(line) for line in f if line.strip()]
        self.assertEqual(2, len(lines))
