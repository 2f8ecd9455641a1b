"""Batch runs of many studies on Dask distributed (one machine by default, a cluster by address).

- :mod:`alcarbon.batch.tasks` the work: study files of a folder, or head revisions of a store;
- :mod:`alcarbon.batch.run` the pure task function: one study's bytes -> plain result rows;
- :mod:`alcarbon.batch.core` the orchestration with a Dask ``LocalCluster`` or a scheduler address;
- :mod:`alcarbon.batch.output` the Parquet/CSV table, written atomically.

Dask is an optional dependency (``pip install 'alcarbon[batch]'``); nothing here imports it at
module level.
"""

from alcarbon.batch.run import COLUMNS, StudyTask, run_task

__all__ = ["COLUMNS", "StudyTask", "run_task"]
