"""Which shot each generation job is for, and the bridge's per-job signals turned per-shot."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from studio.engine.jobs import Job, JobState

ENDED_KEPT = 32


class ShotJobs(QObject):
    """Listens to the hub's bridge (GUI-thread signals) for the jobs one panel queued."""

    progress = Signal(str, float, str)  # shot id, fraction, message
    preview = Signal(str, QImage)
    done = Signal(str, object)  # shot id, Job (state DONE, with job.paths)
    failed = Signal(str, str)  # shot id, why (a failure, or "cancelled")
    count_changed = Signal()

    def __init__(self, bridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs: dict[Job, str] = {}
        # The bridge sends a job's last picture after its end: ended jobs stay known a while.
        self._ended_jobs: dict[Job, str] = {}
        bridge.progress.connect(self._progress)
        bridge.preview.connect(self._preview)
        bridge.ended.connect(self._ended)

    def add(self, job: Job, shot_id: str) -> None:
        self.jobs[job] = shot_id
        self.count_changed.emit()

    def running_for(self, shot_id: str) -> list[Job]:
        return [job for job, shot in self.jobs.items() if shot == shot_id]

    def cancel(self, shot_id: str) -> None:
        for job in self.running_for(shot_id):
            job.cancel()

    def _progress(self, job: Job, fraction: float, message: str) -> None:
        if job in self.jobs:
            self.progress.emit(self.jobs[job], fraction, message)

    def _preview(self, job: Job, image: QImage) -> None:
        shot_id = self.jobs.get(job) or self._ended_jobs.get(job)
        if shot_id is not None:
            self.preview.emit(shot_id, image)

    def _ended(self, job: Job) -> None:
        shot_id = self.jobs.pop(job, None)
        if shot_id is None:
            return
        self._ended_jobs[job] = shot_id
        while len(self._ended_jobs) > ENDED_KEPT:
            del self._ended_jobs[next(iter(self._ended_jobs))]
        self.count_changed.emit()
        if job.state is JobState.DONE:
            self.done.emit(shot_id, job)
        elif job.state is JobState.CANCELLED:
            self.failed.emit(shot_id, "cancelled")
        else:
            self.failed.emit(shot_id, job.error or "failed")
