"""Long work off the request path: a Job row per piece of work, run by the task-queue worker
(`planwatch worker`) in a child process under a time and a memory limit. See ``services``."""
