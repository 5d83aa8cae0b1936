"""Where the cores go while pages are served under load: CPU seconds of the load generator,
of the gunicorn server (master and workers) and of the PostgreSQL backends of the measured
database, read from /proc before and after (Linux only; elsewhere every figure is None).

Other helpers' processes on a shared machine are in none of the groups, so each group's
figure divided by the pages served is its own cost, whatever else the machine does.
"""

import os
from pathlib import Path
from typing import Any

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PROC = Path("/proc")


def _stat(pid: int) -> tuple[int, int, float] | None:
    """(session id, process group, CPU seconds incl. reaped children) of one process."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after its last ")".
    fields = text[text.rindex(")") + 2:].split()
    # Fields 14-17 of proc(5): utime, stime, cutime, cstime (reaped children, e.g. a
    # gunicorn worker replaced after max_requests, or a backend that closed).
    ticks = sum(int(f) for f in fields[11:15])
    return int(fields[3]), int(fields[2]), ticks / TICK


def _cmdline(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def sample(server_session: int, database: str) -> dict[str, dict[int, float]]:
    """CPU seconds so far of every process in each group, by pid."""
    groups: dict[str, dict[int, float]] = {"generator": {}, "server": {}, "database": {}}
    if not PROC.is_dir():
        return groups
    me = os.getpid()
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        found = _stat(pid)
        if found is None:
            continue
        session, _group, seconds = found
        if pid == me:
            groups["generator"][pid] = seconds
        elif session == server_session:
            groups["server"][pid] = seconds
        else:
            line = _cmdline(pid)
            # A backend names its database in its title: "postgres: USER DB HOST(PORT) idle".
            if line.startswith("postgres: ") and f" {database} " in line:
                groups["database"][pid] = seconds
    return groups


def spent(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]],
          pages: int) -> dict[str, Any]:
    """Milliseconds of CPU per page in each group. A process that appeared counts from zero
    (a backend opened during the run); one that ended is lost, unless its parent reaped it."""
    found: dict[str, Any] = {}
    for name, now in after.items():
        seconds = sum(t - before[name].get(pid, 0.0) for pid, t in now.items())
        found[name] = {"cpu_seconds": round(seconds, 2),
                       "ms_per_page": round(1000 * seconds / pages, 2) if pages else None,
                       "processes": len(now)}
    total = sum(g["cpu_seconds"] for g in found.values())
    found["total_ms_per_page"] = round(1000 * total / pages, 2) if pages else None
    return found
