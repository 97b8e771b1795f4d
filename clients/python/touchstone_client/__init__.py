"""Touchstone's Python client: the /api/v1 REST API with the standard library only (Python 3.9+).

    from touchstone_client import Client
    client = Client("http://localhost:8080", "ts_...")
    for dataset in client.iter_datasets():
        print(dataset.name)
"""
from ._http import ProblemError, Transport, retry_after_seconds
from .client import Client, TransferError
from .models import (Claim, Me, Member, Dataset, Delivery, Draft, DraftLabel, Episode, ImportJob, Lease, Page, Person,
                     PredictionSet, Project, Release, ReleaseFile, ReleaseProgress, Review, SaveResult, Schema, Stream,
                     Submission, Task, TaskLabels, TaskSubmission, Upload, Webhook)
from .progress import Progress

__version__ = "0.1.0"

__all__ = ["Client", "Me", "Member", "ProblemError", "TransferError", "Transport", "Progress", "retry_after_seconds", "Claim",
           "Dataset", "Delivery", "Draft", "DraftLabel", "Episode", "ImportJob", "Lease", "Page", "Person",
           "PredictionSet", "Project", "Release", "ReleaseFile", "ReleaseProgress", "Review", "SaveResult", "Schema",
           "Stream", "Submission", "Task", "TaskLabels", "TaskSubmission", "Upload", "Webhook"]
