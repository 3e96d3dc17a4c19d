class WorkerLost(Exception):
    """Recorded on a task whose worker died under it too many times: the task is
    not run again (it may be what kills the worker)."""
