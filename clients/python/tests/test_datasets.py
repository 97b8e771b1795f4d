"""Datasets, episodes, schemas, paging, idempotent POST replays."""
import unittest
import uuid

import _server
from touchstone_client import ProblemError


class DatasetsTest(unittest.TestCase):

    def setUp(self):
        self.client = _server.client("pm")

    def test_a_dataset_is_created_read_and_listed_page_by_page(self):
        prefix = "py " + uuid.uuid4().hex[:8]
        made = [self.client.create_dataset(f"{prefix} {i}", "from the Python client") for i in range(3)]
        read = self.client.get_dataset(made[0].id)
        self.assertEqual(f"{prefix} 0", read.name)
        self.assertEqual("from the Python client", read.description)
        page = self.client.list_datasets(limit=2)
        self.assertEqual(2, len(page.items))
        self.assertIsNotNone(page.next_cursor)
        everything = [d.id for d in self.client.iter_datasets(limit=1)]
        self.assertEqual(len(everything), len(set(everything)), "no dataset twice across pages")
        for dataset in made:
            self.assertIn(dataset.id, everything)

    def test_the_same_idempotency_key_replays_and_another_body_is_422(self):
        key = str(uuid.uuid4())
        name = "py idem " + uuid.uuid4().hex[:8]
        first = self.client.create_dataset(name, idempotency_key=key)
        second = self.client.create_dataset(name, idempotency_key=key)
        self.assertEqual(first.id, second.id)
        with self.assertRaises(ProblemError) as caught:
            self.client.create_dataset(name + " other", idempotency_key=key)
        self.assertEqual(422, caught.exception.status)

    def test_bad_input_and_unknown_ids_are_problems(self):
        with self.assertRaises(ProblemError) as caught:
            self.client.create_dataset("")
        self.assertIn(caught.exception.status, (400, 422))
        with self.assertRaises(ProblemError) as caught:
            self.client.get_dataset(_server.unknown_id())
        self.assertEqual(404, caught.exception.status)
        with self.assertRaises(ProblemError) as caught:
            self.client.list_datasets(limit=501)
        self.assertEqual(400, caught.exception.status)

    def test_another_organizations_dataset_is_404(self):
        dataset = self.client.create_dataset("py private " + uuid.uuid4().hex[:8])
        with self.assertRaises(ProblemError) as caught:
            _server.client("globex_admin").get_dataset(dataset.id)
        self.assertEqual(404, caught.exception.status)


class EpisodesTest(unittest.TestCase):

    def setUp(self):
        self.client = _server.client("pm")
        self.dataset = _server.fixture("dataset")

    def test_episodes_are_listed_filtered_read_and_their_metadata_merged(self):
        episodes = list(self.client.iter_episodes(self.dataset, limit=1))
        self.assertEqual(2, len(episodes))
        only = self.client.list_episodes(self.dataset, q="episode 1").items
        self.assertEqual(["episode 1"], [e.name for e in only])
        episode = self.client.get_episode(only[0].id)
        self.assertIn("joints", [s.name for s in episode.streams])
        self.client.update_episode(episode.id, metadata={"operator": "ada"})
        updated = self.client.update_episode(episode.id, description="by the client", metadata={"rig": "r2"})
        self.assertEqual({"operator": "ada", "rig": "r2"}, {k: updated.metadata[k] for k in ("operator", "rig")})
        self.assertEqual("by the client", self.client.get_episode(episode.id).description)


class SchemasTest(unittest.TestCase):

    def test_a_schema_is_created_read_and_listed(self):
        client = _server.client("pm")
        name = "py schema " + uuid.uuid4().hex[:8]
        made = client.create_schema(_server.starter_schema(name))
        self.assertEqual(name, made.name)
        read = client.get_schema(made.id)
        self.assertIn("phase", [d["key"] for d in read.definitions])
        self.assertIn(made.id, [s.id for s in client.iter_schemas()])
        broken = _server.starter_schema("py broken")
        broken["definitions"] = [{"key": "x", "type": "no-such-type"}]
        with self.assertRaises(ProblemError) as caught:
            client.create_schema(broken)
        self.assertIn(caught.exception.status, (400, 422))
