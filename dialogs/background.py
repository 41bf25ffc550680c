"""A Processing algorithm run from a dialog as a background task (architecture §8).

The run keeps its algorithm, context and feedback alive as long as its QgsProcessingAlgRunnerTask; the dialog
keeps the run while it goes, shows its progress and can cancel it.
"""
from __future__ import annotations

from typing import Callable, List

from qgis.core import (
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
)


class ErrorFeedback(QgsProcessingFeedback):
    """Keeps the errors the algorithm reports, to show them when the task fails."""

    def __init__(self):
        super().__init__()
        self.errors: List[str] = []

    def reportError(self, error, fatalError=False):  # noqa: N802,N803 (Qt API names)
        self.errors.append(error)
        super().reportError(error, fatalError)


class BackgroundRun:
    """``algorithm_id`` run with ``parameters`` in the task manager; ``finished(successful, results)`` is called
    when it ends, and ``progress`` (a QProgressBar) follows it."""

    def __init__(self, algorithm_id: str, parameters: dict, progress, finished: Callable[[bool, dict], None]):
        self.algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = ErrorFeedback()
        self.feedback.progressChanged.connect(lambda value: progress.setValue(int(value)))
        self.task = QgsProcessingAlgRunnerTask(self.algorithm, parameters, self.context, self.feedback)
        self.task.executed.connect(finished)
        progress.setValue(0)
        QgsApplication.taskManager().addTask(self.task)

    def cancel(self) -> None:
        self.feedback.cancel()
        self.task.cancel()
