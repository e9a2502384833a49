"""wrk, read through a Lua script: requests, requests/s, p50/p99, non-2xx answers and socket errors.

Given paths, the script asks for them in turn (each of wrk's threads from the first), so one run
measures a mix of pages; without, it asks for the URL's path as wrk does by itself.
"""

import http.client
import math
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

THREADS = 2
TIMEOUT = "10s"
NO_KEEP_ALIVE = ["-H", "Connection: close"]

REPORT_LUA = """
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  if #args > 0 then
    local turn = 0
    request = function()
      turn = turn % #args + 1
      return wrk.format(nil, args[turn])
    end
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx = 0
  for _, thread in ipairs(threads) do
    non2xx = non2xx + (thread:get("non2xx") or 0)
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %f %f %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), non2xx, e.connect, e.read, e.write, e.timeout))
end
"""


class Run(NamedTuple):
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    # connect, read, write, timeout
    socket_errors: tuple[int, int, int, int]

    def problems(self):
        found = []
        if self.non2xx:
            found.append(f"{self.non2xx} non-2xx answers")
        if any(self.socket_errors):
            found.append("socket errors connect {} read {} write {} timeout {}".format(*self.socket_errors))
        if not self.requests:
            found.append("no request completed")
        return found


_SCRIPT_DIR = tempfile.TemporaryDirectory(prefix="tongdu-bench-wrk-")  # removed when Python exits
SCRIPT = Path(_SCRIPT_DIR.name) / "report.lua"
SCRIPT.write_text(REPORT_LUA)


def drain(url):
    """Waits for the requests wrk left queued: a sync worker still answers every connection it was
    sent, and the next run (on this server or another, on the same cores) would pay for them."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=120)
    try:
        conn.request("GET", parts.path or "/")
        conn.getresponse().read()
    except OSError:
        pass
    finally:
        conn.close()


def wrk(url, seconds, connections=16, headers=(), paths=(), warm_up=1):
    """One wrk run of `seconds`, after a `warm_up` run of that many seconds (0: none)."""
    command = ["wrk", f"-t{THREADS}", f"-c{connections}", "--timeout", TIMEOUT, "-s", SCRIPT, *headers]
    if warm_up:
        subprocess.run([*command, f"-d{warm_up}s", url, "--", *paths], check=True, stdout=subprocess.DEVNULL)
        drain(url)
    output = subprocess.run(
        [*command, f"-d{seconds}s", url, "--", *paths], check=True, capture_output=True, text=True
    ).stdout
    drain(url)
    fields = next(line.split()[1:] for line in output.splitlines() if line.startswith("RESULT "))
    requests, microseconds = int(fields[0]), int(fields[1])
    p50_us, p99_us = (float(field) if requests else math.nan for field in fields[2:4])
    return Run(
        requests,
        requests / (microseconds / 1e6),
        p50_us / 1000,
        p99_us / 1000,
        int(fields[4]),
        tuple(int(field) for field in fields[5:9]),
    )


def command_line(seconds, connections=16, headers=()):
    """How wrk is run, for the printout."""
    return shlex.join(
        ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", TIMEOUT, *headers]
    )
