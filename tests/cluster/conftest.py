"""A local Ray cluster of two CPUs for the cluster tests, started once for their module (and
stopped after it, so the rest of the suite runs without Ray's processes)."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest


@pytest.fixture(scope="module")
def ray_cluster():
    """Ray on this machine, two CPUs (so two CPU worker actors), torch at one thread each.
    Yields the head's address, for commands that join it as users do (`--cluster ADDRESS`)."""
    import ray

    # A short path of its own: Ray's socket paths must stay under 107 characters.
    temp = tempfile.mkdtemp(prefix="sr-ray-", dir="/tmp")
    threads = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    ray.init(
        num_cpus=2,
        num_gpus=0,
        object_store_memory=256 << 20,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="WARNING",
        _temp_dir=temp,
        runtime_env={"env_vars": {**threads, "HF_HUB_OFFLINE": "1"}},
    )
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)
        os.environ.pop("RAY_ADDRESS", None)
