"""Projects, settings, progress, tasks, labels per task, quality. Uses the harness's project (two episodes, one task claimed and submitted by annotator@ in
test_drafts) and a project made here over the harness's dataset."""
import unittest
import uuid

import _server
from touchstone_client import ProblemError


class ProjectsTest(unittest.TestCase):

    def setUp(self):
        self.client = _server.client("pm")

    def test_a_project_is_created_over_a_dataset_and_a_schema_with_its_settings(self):
        schema = self.client.create_schema(_server.starter_schema("py project " + uuid.uuid4().hex[:8]))
        name = "py project " + uuid.uuid4().hex[:8]
        project = self.client.create_project(name, _server.fixture("dataset"), schema.id, settings={"overlap": 2, "goldRate": 0})
        self.assertEqual(name, project.name)
        self.assertEqual(project.id, self.client.get_project(project.id).id)
        self.assertIn(project.id, [p.id for p in self.client.iter_projects(limit=1)])
        self.assertEqual(2, self.client.get_project_settings(project.id)["overlap"])
        self.assertEqual(3, self.client.update_project_settings(project.id, {"overlap": 3})["overlap"])
        self.assertEqual(3, self.client.get_project_settings(project.id)["overlap"])
        self.assertIsInstance(self.client.project_progress(project.id), dict)
        with self.assertRaises(ProblemError) as caught:
            self.client.create_project("py bad", _server.unknown_id(), schema.id)
        self.assertIn(caught.exception.status, (400, 404, 422))

    def test_tasks_with_state_and_their_labels(self):
        project = _server.fixture("project")
        annotator = _server.client("annotator")
        draft_id = _server.fixture("draft")
        if not annotator.get_draft(draft_id).submitted:  # test_drafts may not have run yet
            annotator.put_labels(draft_id, _server.complete_labels())
            annotator.submit_draft(draft_id)
        tasks = list(self.client.iter_tasks(project, limit=1))
        self.assertEqual(2, len(tasks))
        for task in tasks:
            self.assertTrue(task.state)
            self.assertEqual(task.id, self.client.get_task(task.id).id)
        states = {t.state for t in tasks}
        for state in states:
            self.assertTrue(all(t.state == state for t in self.client.iter_tasks(project, state=state)))
        submitted = [t for t in tasks if t.episode_id != _server.fixture("episode")]
        labels = self.client.task_labels(submitted[0].id)
        self.assertEqual(1, len(labels.submissions), labels.raw)
        self.assertTrue(labels.submissions[0].annotator.name)

    def test_quality_numbers_name_annotators_and_label_types(self):
        quality = self.client.project_quality(_server.fixture("project"))
        self.assertIsInstance(quality, dict)
        self.assertTrue(quality, quality)

    def test_another_organizations_project_is_404(self):
        with self.assertRaises(ProblemError) as caught:
            _server.client("globex_admin").get_project(_server.fixture("project"))
        self.assertEqual(404, caught.exception.status)
