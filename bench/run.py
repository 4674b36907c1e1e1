#!/usr/bin/env python3
"""leakhound benchmark: cost of the analysis over `clang -fsyntax-only`.

    python3 bench/run.py --build build            # what `make bench` runs
    python3 bench/run.py --build build --quick    # smoke test: 1 run, few TUs
    python3 bench/run.py --build build --corpus leveldb --runs 5

For every corpus (bench/corpus.py: pinned npm tarballs, fetched once), over
the same translation units, single-threaded, it measures wall time, CPU time
(user+sys of the child and every descendant it waited for, from wait4) and
peak RSS (ru_maxrss) of:

  floor      clang-19 -fsyntax-only, per TU
  leakhound  leakhound -j1 over the compile database (all leak-* checks,
             cross-TU facts merge included), one invocation
  plugin     clang-tidy-19 -load libleakhound-tidy.so -checks=-*,leak-*, per TU
  analyzer   clang-tidy-19 -checks=-*,clang-analyzer-unix.Malloc,
             clang-analyzer-cplusplus.NewDeleteLeaks, per TU
  cppcheck   cppcheck --enable=warning --project=compile_commands.json (if
             installed; only its leak ids are counted as findings)
  leakhound-jN  leakhound -j<cores>, one invocation (wall time is what
             matters; its RSS is also sampled across the whole process tree)
  floor-jN   the floor's commands run <cores> at a time (xargs -P): the
             -j speed-up this machine gives plain parsing, next to which
             leakhound's -j speed-up is read

The slowest-TU ratio (each TU's leakhound CPU against that TU's floor) comes
for free from the leakhound -j1 runs: they pass --timings=<file>, which gives
the CPU of the worker process that analysed each TU. ("per-tu" is still
accepted in --tools, as an alias of leakhound.)

Each figure is the median over --runs runs (tools interleaved within a run so
that background load hits them alike). CPU time is the primary figure: wall
time on a shared machine measures the neighbours too.

Writes <out>/results.json and <out>/results.png (matplotlib, optional);
<out> defaults to <build>/bench. Standard library only.

    python3 bench/run.py --build build --realcode  # what `make bench-realcode` runs

runs leakhound and the clang analyzer's leak checks on the real-code corpus
(bench/realcode.py: Debian source packages at pinned versions) and counts
their findings against the triage ledger (bench/realcode/ledger/, read by
bench/ledger.py); see bench/realcode_run.py. <out> defaults to
<build>/realcode there.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus as corpora  # noqa: E402
import realcode  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIDY = "/usr/lib/llvm-19/bin/clang-tidy"
ANALYZER_CHECKS = ("-*,clang-analyzer-unix.Malloc,"
                   "clang-analyzer-cplusplus.NewDeleteLeaks")
# cppcheck ids that report a leak (memory or resource); the rest of
# --enable=warning is run (and timed) but not counted.
CPPCHECK_LEAK_IDS = {
    "memleak", "memleakOnRealloc", "resourceLeak", "leakReturnValNotUsed",
    "leakNoVarFunctionCall", "leakUnsafeArgAlloc", "publicAllocationError",
    "unsafeClassCanLeak", "leakNoDelete",
}

TOOLS = ["floor", "leakhound", "plugin", "analyzer", "cppcheck", "leakhound-jN",
         "floor-jN"]
# Accepted in --tools for compatibility. "per-tu" used to run leakhound once
# per TU; the per-TU figures now come from the leakhound -j1 runs' --timings.
ALIASES = {"per-tu": "leakhound"}
PEERS = ("analyzer", "cppcheck")
LABELS = {
    "floor": "clang-19 -fsyntax-only",
    "leakhound": "leakhound -j1",
    "plugin": "clang-tidy -load plugin",
    "analyzer": "clang-analyzer leak checks",
    "cppcheck": "cppcheck --enable=warning",
    "leakhound-jN": "leakhound -j{N}",
    "floor-jN": "floor, {N} at a time",
}

# A finding line in clang-style text output: "file:line:col: warning: msg [id]".
FINDING_RE = re.compile(
    r"^\S.*?:\d+:\d+: (warning|error): .*\[([A-Za-z0-9_.,-]+)\]$")


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# --------------------------------------------------------------------------
# Measuring one command


def _children(pid):
    """Direct children of pid (Linux /proc; empty when unavailable)."""
    kids = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return kids


def _anon_kb(pid):
    """RssAnon of pid in KiB: its private memory, without the shared-library
    pages that ru_maxrss also counts (and counts differently for a forked
    worker, which has not touched the libraries its parent loaded)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Samples RssAnon over a process tree every 10 ms: the peak of one
    process and the peak of the sum over the tree."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.stop = pid, threading.Event()
        self.peak_one = self.peak_sum = 0

    def run(self):
        while not self.stop.is_set():
            total, todo, seen = 0, [self.pid], set()
            while todo:
                p = todo.pop()
                if p in seen:
                    continue
                seen.add(p)
                kb = _anon_kb(p)
                self.peak_one = max(self.peak_one, kb)
                total += kb
                todo += _children(p)
            self.peak_sum = max(self.peak_sum, total)
            self.stop.wait(0.01)


def _cpu_limit(seconds):
    def apply():
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    return apply


def measure(argv, cwd, timeout, cpu_cap=None, stdin_text=None):
    """Runs argv; returns wall/cpu seconds, peak RSS (KiB), exit code, output.

    cpu_cap: CPU seconds after which the (single-process) command is stopped
    by RLIMIT_CPU; its figures are then a lower bound ("capped").
    stdin_text: what the command reads on its standard input (default none).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryFile() as inp:
        inp.write((stdin_text or "").encode())
        inp.seek(0)
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, cwd=cwd, stdin=inp,
                             stdout=out, stderr=err, start_new_session=True,
                             preexec_fn=_cpu_limit(cpu_cap) if cpu_cap else None)
        sampler = Sampler(p.pid)
        sampler.start()
        fired = []
        timer = threading.Timer(timeout, lambda: (fired.append(1), _kill(p.pid)))
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        timed_out = bool(fired)
        p.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        capped = bool(cpu_cap) and (
            p.returncode == -signal.SIGXCPU or
            (p.returncode == -signal.SIGKILL and
             ru.ru_utime + ru.ru_stime >= 0.95 * cpu_cap))
        r = {
            "capped": capped,
            "wall": wall,
            "cpu": ru.ru_utime + ru.ru_stime,
            "user": ru.ru_utime,
            "sys": ru.ru_stime,
            "maxrss_kb": ru.ru_maxrss,
            "rc": p.returncode,
            "timed_out": timed_out,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }
        r["anon_kb"] = sampler.peak_one
        r["tree_anon_kb"] = sampler.peak_sum
        return r


def _kill(pid):
    try:
        os.killpg(pid, signal.SIGKILL)  # the session we started, only
    except OSError:
        pass


# --------------------------------------------------------------------------
# The tools


def count_findings(text, only=None):
    counts = {}
    for line in text.splitlines():
        m = FINDING_RE.match(line)
        if not m:
            continue
        check = m.group(2)
        if check == "clang-diagnostic-error" or m.group(1) == "error":
            counts["compile-error"] = counts.get("compile-error", 0) + 1
            continue
        if only and not only(check):
            continue
        counts[check] = counts.get(check, 0) + 1
    return counts


def cppcheck_findings(text):
    counts = {}
    for line in text.splitlines():
        m = re.match(r"^LH\|[^|]*\|(\w+)\|", line)
        if m and m.group(1) in CPPCHECK_LEAK_IDS:
            counts[m.group(1)] = counts.get(m.group(1), 0) + 1
        elif m and m.group(1) in ("preprocessorErrorDirective", "syntaxError",
                                  "internalAstError", "unknownMacro"):
            counts["compile-error"] = counts.get("compile-error", 0) + 1
        elif "could not find any files matching" in line:
            counts["compile-error"] = counts.get("compile-error", 0) + 1
    return counts


def commands(tool, db, env):
    """[(label, argv, cwd)] of one run of tool over corpus db."""
    lh, plugin, jobs = env["leakhound"], env["plugin"], env["jobs"]
    tus = db["tus"]
    if tool == "floor":
        return [(t["rel"], [t["compiler"], *t["flags"], "-fsyntax-only",
                            t["file"]], t["directory"]) for t in tus]
    if tool == "leakhound":
        return [("all", [lh, "-p", db["dbdir"], "-j", "1"], db["root"])]
    if tool == "leakhound-jN":
        return [("all", [lh, "-p", db["dbdir"], "-j", str(jobs)], db["root"])]
    if tool == "floor-jN":
        # One shell line per TU, run `jobs` at a time; largest first, as
        # leakhound schedules them.
        order = sorted(tus, key=lambda t: -os.path.getsize(t["file"]))
        lines = "".join(
            "cd " + shlex.quote(t["directory"]) + " && exec " +
            " ".join(shlex.quote(a) for a in
                     [t["compiler"], *t["flags"], "-fsyntax-only", t["file"]])
            + "\n" for t in order)
        return [("all", ["sh", "-c", f"xargs -d '\\n' -n 1 -P {jobs} sh -c",
                         "floor-jN"], db["root"], lines)]
    if tool.startswith("check:"):  # --per-check: one check alone
        return [("all", [lh, "-p", db["dbdir"], "-j", "1", "--quiet",
                         f"--checks=-*,{tool[6:]}"], db["root"])]
    if tool == "plugin":
        return [(t["rel"], [TIDY, "-load", plugin, "-checks=-*,leak-*",
                            "-quiet", "-p", db["dbdir"], t["file"]],
                 t["directory"]) for t in tus]
    if tool == "analyzer":
        return [(t["rel"], [TIDY, f"-checks={ANALYZER_CHECKS}", "-quiet",
                            "-p", db["dbdir"], t["file"]], t["directory"])
                for t in tus]
    if tool == "cppcheck":
        # cppcheck matches --file-filter against the path it prints, which
        # is relative to its working directory when below it: run it from
        # the database directory (outside the sources) with a glob.
        base = os.path.basename(db["root"])
        return [(t["rel"], ["cppcheck", "--enable=warning", "--quiet",
                            f"--project={db['db']}",
                            f"--file-filter=*/{base}/{t['rel']}",
                            f"--include={db['predefs']}",
                            "--template=LH|{file}|{id}|{line}|{message}"],
                 db["dbdir"]) for t in tus]
    raise ValueError(tool)


def findings_of(tool, outs):
    text = "\n".join(o["stdout"] + "\n" + o["stderr"] for o in outs)
    if tool in ("leakhound", "leakhound-jN", "plugin") or \
            tool.startswith("check:"):
        return count_findings(text, lambda c: c.startswith("leak-"))
    if tool == "analyzer":
        return count_findings(text, lambda c: c.startswith("clang-analyzer"))
    if tool == "cppcheck":
        return cppcheck_findings(text)
    return count_findings(text)  # the floor: compile errors only


def ok_rc(tool, rc):
    if tool.startswith(("leakhound", "check:")):
        return rc in (0, 1)  # 1: findings
    return rc == 0


def peer_cap(env, label):
    """CPU seconds a peer may spend on TU label, or None (no cap)."""
    x = env["peer_cap_x"]
    if not x:
        return None
    floor = env.get("floor_cpu", {}).get(label)
    return max(2, math.ceil(x * floor)) if floor else 120


def tu_key(path, directory):
    return os.path.realpath(os.path.join(directory, path))


def read_timings(path, db):
    """{TU label: {status, cpu, wall, maxrss_kb}} from leakhound's
    --timings file (one JSON object per TU; "file" is the TU's path as in the
    compile database), or None when the file is missing or unreadable."""
    labels = {tu_key(t["file"], t["directory"]): t["rel"] for t in db["tus"]}
    out = {}
    try:
        with open(path) as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    j = json.loads(line)
                    label = labels.get(tu_key(j["file"], db["root"]))
                    rec = {"status": j["status"], "cpu": float(j["cpu_s"]),
                           "wall": float(j["wall_s"]),
                           "maxrss_kb": int(j["maxrss_kb"])}
                except (ValueError, KeyError, TypeError):
                    log(f"warning: {path}:{n}: not a timings record: "
                        f"{line.strip()[:200]}")
                    continue
                if label is None:
                    log(f"warning: --timings names a TU not in the database: "
                        f"{j['file']}")
                    continue
                out[label] = rec
    except OSError as e:
        log(f"warning: no per-TU timings from leakhound ({e})")
        return None
    return out


def run_tool(tool, db, env, timeout, capped):
    """One run of tool over every TU of db. capped: {label: result} of
    commands that hit the peer CPU cap in an earlier run (not rerun)."""
    per, timings = [], None
    for label, argv, cwd, *stdin in commands(tool, db, env):
        if label in capped:
            per.append(capped[label])
            continue
        cap = peer_cap(env, label) if tool in PEERS else None
        if tool == "leakhound" and env.get("has_timings"):
            # What each TU's forked worker cost (wait4 in the driver): the
            # per-TU figures of the slowest-TU ratio, at no extra run.
            with tempfile.TemporaryDirectory(prefix="leakhound-bench-") as d:
                tpath = os.path.join(d, "timings.jsonl")
                r = measure(argv + [f"--timings={tpath}"], cwd, timeout,
                            cpu_cap=cap)
                timings = read_timings(tpath, db)
        else:
            r = measure(argv, cwd, timeout, cpu_cap=cap,
                        stdin_text=stdin[0] if stdin else None)
        r["label"] = label
        if r["capped"]:
            log(f"note: {tool} on {label} stopped at its CPU cap of {cap} s "
                f"(--peer-cap-x): its figures are a lower bound")
            capped[label] = r
        elif r["timed_out"]:
            log(f"warning: {tool} on {label} timed out after {timeout:.0f} s")
        elif not ok_rc(tool, r["rc"]) and not r["capped"]:
            excerpt = (r["stderr"].strip() or r["stdout"].strip())[-600:]
            log(f"warning: {tool} on {label} exited with {r['rc']}: {excerpt}")
        per.append(r)
    run = {
        "wall": sum(r["wall"] for r in per),
        "cpu": sum(r["cpu"] for r in per),
        "maxrss_kb": max(r["maxrss_kb"] for r in per),
        "meanrss_kb": sum(r["maxrss_kb"] for r in per) / len(per),
        "ok": all((ok_rc(tool, r["rc"]) or r["capped"]) and not r["timed_out"]
                  for r in per),
        "lower_bound": any(r["capped"] for r in per),
        "per_command": [{k: r[k] for k in ("label", "wall", "cpu", "maxrss_kb",
                                            "anon_kb", "rc", "timed_out",
                                            "capped")}
                        for r in per],
        "findings": findings_of(tool, per),
    }
    run["anon_kb"] = max(r["anon_kb"] for r in per)
    run["tree_anon_kb"] = max(r["tree_anon_kb"] for r in per)
    if timings is not None:
        run["per_tu"] = timings
    return run


def per_tu_ratios(tus, floor_runs, lh_runs):
    """Each TU's leakhound CPU (its worker, from --timings; median over the
    runs) against that TU's own floor (median over the runs)."""
    per = []
    for tu in tus:
        fs = [c["cpu"] for r in floor_runs for c in r["per_command"]
              if c["label"] == tu]
        recs = [r["per_tu"][tu] for r in lh_runs if tu in r.get("per_tu", {})]
        f = statistics.median(fs) if fs else None
        lcpu = statistics.median(x["cpu"] for x in recs) if recs else None
        bad = sorted({x["status"] for x in recs} - {"ok"})
        if bad:
            log(f"warning: leakhound on {tu}: {', '.join(bad)} (see --timings)")
        per.append({"tu": tu, "floor_cpu": f, "leakhound_cpu": lcpu,
                    "ratio": ratio(lcpu, f),
                    "leakhound_wall": statistics.median(x["wall"] for x in recs)
                    if recs else None,
                    "leakhound_maxrss_kb": max(x["maxrss_kb"] for x in recs)
                    if recs else None,
                    "status": recs[-1]["status"] if recs else None,
                    "runs": len(recs)})
    return per


def median_of(runs, key):
    vals = [r[key] for r in runs if key in r]
    return statistics.median(vals) if vals else None


# --------------------------------------------------------------------------
# Environment


def version_of(argv):
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=30)
        for line in r.stdout.splitlines():
            if re.search(r"\d+\.\d+", line):
                return line.strip()
        return r.stdout.strip().splitlines()[0] if r.stdout.strip() else "?"
    except (OSError, subprocess.SubprocessError):
        return None


def machine_info():
    info = {"nproc": cores(), "kernel": platform.release(),
            "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    info["mem_gib"] = round(int(line.split()[1]) / 1048576, 1)
        with open("/etc/debian_version") as f:
            info["debian"] = f.read().strip()
    except OSError:
        pass
    return info


def startup_costs(env, runs=5):
    """CPU seconds of a process that parses nothing: what every per-TU
    command pays once per TU and leakhound once per invocation."""
    out = {}
    with tempfile.TemporaryDirectory() as d:
        empty = os.path.join(d, "empty.c")
        open(empty, "w").close()
        cmds = {"clang": [corpora.C_COMPILER, "-fsyntax-only", empty],
                "clang-tidy": [TIDY, "-checks=-*,leak-*", "-load", env["plugin"],
                               empty, "--"],
                "leakhound": [env["leakhound"], "-j", "1", "--quiet", empty, "--"]}
        for k, argv in cmds.items():
            if not os.path.exists(argv[0]):
                continue
            rs = [measure(argv, d, 60) for _ in range(runs)]
            out[k] = {"cpu": statistics.median(r["cpu"] for r in rs),
                      "maxrss_kb": statistics.median(r["maxrss_kb"] for r in rs)}
    return out


def git_rev():
    try:
        r = subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
        return r.stdout.strip() or None
    except OSError:
        return None


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


# --------------------------------------------------------------------------
# Report


def ratio(a, b):
    return a / b if a is not None and b else None


def summarise(name, res, jobs, startup):
    t = res["tools"]
    st_clang = startup.get("clang", {}).get("cpu", 0)
    st_lh = startup.get("leakhound", {}).get("cpu", 0)
    ntus = len(res["tus"])
    fl = t.get("floor", {}).get("median")
    lh = t.get("leakhound", {}).get("median")
    an = t.get("analyzer", {}).get("median")
    jn = t.get("leakhound-jN", {}).get("median")
    s = {}
    if fl and lh:
        s["leakhound_cpu_x_floor"] = ratio(lh["cpu"], fl["cpu"])
        s["leakhound_rss_x_floor"] = ratio(lh["maxrss_kb"], fl["maxrss_kb"])
        s["leakhound_anon_x_floor"] = ratio(lh["anon_kb"], fl["anon_kb"])
        # Net of process start-up: the floor starts one clang per TU,
        # leakhound one process per run (its workers are forked).
        net_floor = fl["cpu"] - ntus * st_clang
        if net_floor > 0:
            s["floor_parse_cpu_net"] = net_floor
            s["leakhound_cpu_x_parse_net"] = ratio(lh["cpu"] - st_lh, net_floor)
    if lh and an:
        s["analyzer_cpu_x_leakhound"] = ratio(an["cpu"], lh["cpu"])
        s["analyzer_is_lower_bound"] = t["analyzer"].get("lower_bound", False)
    if lh and t.get("cppcheck", {}).get("median"):
        s["cppcheck_cpu_x_leakhound"] = ratio(t["cppcheck"]["median"]["cpu"],
                                              lh["cpu"])
    if lh and jn:
        s["jN_wall_speedup"] = ratio(lh["wall"], jn["wall"])
    fjn = t.get("floor-jN", {}).get("median")
    if fl and fjn:
        s["floor_jN_wall_speedup"] = ratio(fl["wall"], fjn["wall"])
    measured = [x for x in res.get("per_tu", []) if x["ratio"] is not None]
    if measured:
        worst = max(measured, key=lambda x: x["ratio"])
        s["slowest_tu"] = worst["tu"]
        s["slowest_tu_ratio"] = worst["ratio"]
        # No "net of start-up" variant here: the worker's CPU (wait4 on the
        # process forked for the TU) excludes exec and library loading, which
        # the floor command pays, but both pay the fixed per-TU work that the
        # empty-file start-up figure also holds, so no one subtraction is fair
        # to both sides. The gross ratio slightly favours leakhound: the floor
        # side also carries exec and library loading for each TU.
    targets = {
        "cpu <= 1.3x floor": (s.get("leakhound_cpu_x_floor"), lambda v: v <= 1.3),
        "peak private memory <= 1.3x floor": (s.get("leakhound_anon_x_floor"),
                                              lambda v: v <= 1.3),
        ">= 5x faster than analyzer": (s.get("analyzer_cpu_x_leakhound"),
                                       lambda v: v >= 5),
        f"-j{jobs} >= 1.8x faster than -j1 (wall)": (
            s.get("jN_wall_speedup") if ntus >= jobs else None, lambda v: v >= 1.8),
        "slowest TU <= 2x its parse": (s.get("slowest_tu_ratio"),
                                       lambda v: v <= 2),
    }
    valid = all(t[k]["ok"] for k in ("floor", "leakhound") if k in t)
    if not valid:
        s["invalid"] = "the floor or leakhound failed on some TU (see warnings)"
    s["targets"] = {k: {"value": v, "met": (ok(v) if v is not None and valid
                                             else None)}
                    for k, (v, ok) in targets.items()}
    return s


def fmt(v, spec=".2f", none="-"):
    return none if v is None else format(v, spec)


def print_corpus(name, res, jobs, runs):
    t = res["tools"]
    pin = res["pin"]
    print(f"\n== {name}: {pin['what']} from {pin['package']}@{pin['version']}, "
          f"{len(res['tus'])} TUs, median of {runs} run(s)")
    fl = t.get("floor", {}).get("median")
    lh = t.get("leakhound", {}).get("median")
    hdr = (f"{'tool':<30}{'CPU s':>8}{'x floor':>9}{'x lh':>7}{'wall s':>8}"
           f"{'RSS MB':>8}{'x floor':>8}{'anon MB':>8}{'x floor':>8}  findings")
    print(hdr)
    print("-" * len(hdr))
    for tool in TOOLS:
        if tool not in t:
            continue
        m = t[tool]["median"]
        label = LABELS[tool].replace("{N}", str(jobs))
        if not t[tool]["ok"]:
            label += " (!)"
        nf = sum(v for k, v in t[tool]["findings"].items() if k != "compile-error")
        ce = t[tool]["findings"].get("compile-error", 0)
        find = "-" if tool.startswith("floor") else str(nf)
        if ce:
            find += f" ({ce} compile errors)"
        rss = m["maxrss_kb"] / 1024
        lb = ">" if t[tool].get("lower_bound") else ""
        print(f"{label:<30}{lb + fmt(m['cpu']):>8}"
              f"{lb + fmt(ratio(m['cpu'], fl and fl['cpu'])):>9}"
              f"{lb + fmt(ratio(m['cpu'], lh and lh['cpu'])):>7}"
              f"{lb + fmt(m['wall']):>8}"
              f"{rss:>8.0f}{fmt(ratio(m['maxrss_kb'], fl and fl['maxrss_kb'])):>8}"
              f"{m['anon_kb'] / 1024:>8.0f}{fmt(ratio(m['anon_kb'], fl and fl['anon_kb'])):>8}"
              f"  {find}")
    jn = t.get("leakhound-jN", {}).get("median")
    if jn and jn.get("tree_anon_kb"):
        print(f"  leakhound -j{jobs}: private memory summed over its process "
              f"tree peaks at {jn['tree_anon_kb'] / 1024:.0f} MB (-j1: "
              f"{lh['tree_anon_kb'] / 1024:.0f} MB)" if lh else "")
    for tool in ("leakhound", "plugin", "analyzer", "cppcheck"):
        if tool in t and t[tool]["findings"]:
            parts = ", ".join(f"{k}={v}" for k, v in sorted(t[tool]["findings"].items()))
            print(f"  findings {tool}: {parts}")
    checks = [k for k in t if k.startswith("check:")]
    if checks and fl:
        print("  each check alone (leakhound -j1 --checks=-*,<check>), CPU s "
              "and x floor:")
        for k in checks:
            m = t[k]["median"]
            nf = sum(v for c, v in t[k]["findings"].items() if c != "compile-error")
            print(f"    {k[6:]:<34}{m['cpu']:>7.2f}{fmt(ratio(m['cpu'], fl['cpu'])):>7}"
                  f"   RSS {m['maxrss_kb'] / 1024:.0f} MB, {nf} findings")
    measured = [x for x in res.get("per_tu", []) if x["ratio"] is not None]
    if measured:
        worst = sorted(measured, key=lambda x: -x["ratio"])[:3]
        print("  slowest TUs (leakhound -j1's worker for the TU / its own "
              "-fsyntax-only, CPU): " +
              ", ".join(f"{w['tu']} {fmt(w['ratio'])}x ({w['leakhound_cpu']:.2f}"
                        f"/{w['floor_cpu']:.2f} s)" for w in worst))
    if res["summary"].get("invalid"):
        print("  targets not evaluated: " + res["summary"]["invalid"])
    print("  targets:")
    for k, v in res["summary"]["targets"].items():
        verdict = {True: "met", False: "NOT MET", None: "n/a"}[v["met"]]
        lb = ">" if "analyzer" in k and res["summary"].get("analyzer_is_lower_bound") else ""
        net = {"cpu <= 1.3x floor": "leakhound_cpu_x_parse_net",
               "peak private memory <= 1.3x floor": "leakhound_rss_x_floor"}.get(k)
        extra = ""
        if net and res["summary"].get(net) is not None:
            what = ("ru_maxrss, which counts shared-library pages" if "memory" in k
                    else "net of process start-up")
            extra = f"   ({what}: {fmt(res['summary'][net])}x)"
        if k.startswith("-j") and \
                res["summary"].get("floor_jN_wall_speedup") is not None:
            extra = (f"   (the floor run {jobs} at a time: "
                     f"{fmt(res['summary']['floor_jN_wall_speedup'])}x)")
        print(f"    {k:<42} {lb + fmt(v['value']):>7}  {verdict}{extra}")


def plot(results_path, png_path):
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        import matplotlib  # noqa: F401
        sys.path.insert(0, here)
        import plot as plotter
        plotter.main(results_path, png_path)
        return True
    except ImportError:
        pass
    # Debian's python3-matplotlib lives in /usr/bin/python3, which may not be
    # the python3 first on PATH (pyenv, venvs).
    for py in ("/usr/bin/python3",):
        if os.path.realpath(py) != os.path.realpath(sys.executable) and \
                os.path.exists(py):
            r = subprocess.run([py, os.path.join(here, "plot.py"), results_path,
                                png_path])
            if r.returncode == 0:
                return True
    log("warning: matplotlib not found (Debian: apt-get install "
        "python3-matplotlib); no PNG written")
    return False


# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(REPO, "build"),
                    help="leakhound build directory (bin/leakhound, "
                         "lib/libleakhound-tidy.so)")
    ap.add_argument("--out", help="output directory (default <build>/bench)")
    ap.add_argument("--corpus", action="append",
                    choices=[c.name for c in corpora.CORPORA],
                    help="only this corpus (repeatable)")
    ap.add_argument("--runs", type=int, help="runs per figure (default 3, "
                                             "--quick: 1)")
    ap.add_argument("--quick", action="store_true",
                    help="1 run over a few TUs per corpus (smoke test)")
    ap.add_argument("--tools", help="comma-separated subset of " + ",".join(TOOLS)
                    + " (per-tu: an alias of leakhound, whose runs give the "
                      "per-TU figures)")
    ap.add_argument("--jobs", type=int, default=cores(),
                    help="-j of the parallel leakhound run (default: cores)")
    ap.add_argument("--timeout", type=float, default=1800,
                    help="seconds one command may take (default 1800)")
    ap.add_argument("--per-check", action="store_true",
                    help="also time leakhound with each check alone "
                         "(--checks=-*,<check>) to attribute the cost")
    ap.add_argument("--peer-cap-x", type=float, default=25,
                    help="stop a peer (analyzer, cppcheck) on a TU after this "
                         "many times the TU's floor CPU time (at least 2 s); "
                         "its figure becomes a lower bound and the TU is not "
                         "rerun (default 25; 0: no cap)")
    ap.add_argument("--prepare-only", action="store_true",
                    help="fetch the corpus and write the compile databases")
    ap.add_argument("--realcode", action="store_true",
                    help="instead of timing: run leakhound and the clang "
                         "analyzer on the real-code corpus (Debian source "
                         "packages) and count the findings against the "
                         "triage ledger (bench/realcode_run.py)")
    ap.add_argument("--package", action="append",
                    choices=[p.name for p in realcode.PACKAGES],
                    help="--realcode: only this package (repeatable)")
    ap.add_argument("--no-analyzer", action="store_true",
                    help="--realcode: leave out the clang analyzer column")
    ap.add_argument("--analyzer-cap", type=float, default=120,
                    help="--realcode: CPU seconds the analyzer may take on "
                         "one TU (default 120; 0: no cap)")
    ap.add_argument("--analyzer-cached-only", action="store_true",
                    help="--realcode: show the analyzer column only for "
                         "packages with a cached analyzer run (it costs ~7x "
                         "the parse the first time)")
    args = ap.parse_args()

    build = os.path.abspath(args.build)
    if args.realcode:
        import realcode_run
        return realcode_run.main(args, build)
    out = os.path.abspath(args.out or os.path.join(build, "bench"))
    runs = args.runs or (1 if args.quick else 3)
    tools = []
    for tname in (args.tools.split(",") if args.tools else TOOLS):
        if tname not in TOOLS and tname not in ALIASES and \
                not tname.startswith("check:"):
            ap.error(f"unknown tool '{tname}' (known: {', '.join(TOOLS)})")
        tname = ALIASES.get(tname, tname)
        if tname not in tools:
            tools.append(tname)
    env = {"leakhound": os.path.join(build, "bin", "leakhound"),
           "plugin": os.path.join(build, "lib", "libleakhound-tidy.so"),
           "jobs": args.jobs, "peer_cap_x": args.peer_cap_x}
    need = {"leakhound": ["leakhound", "leakhound-jN"],
            "plugin": ["plugin"]}
    for key, users in need.items():
        if any(u in tools for u in users) and not os.path.exists(env[key]):
            sys.exit(f"bench: error: {env[key]} not found; build first "
                     f"(make build, or pass --build)")
    for exe in (corpora.C_COMPILER, corpora.CXX_COMPILER, TIDY):
        if not os.path.exists(exe):
            sys.exit(f"bench: error: {exe} not found (scripts/install-deps.sh)")
    if "cppcheck" in tools and shutil.which("cppcheck") is None:
        log("cppcheck not installed: skipping it (Debian: apt-get install cppcheck)")
        tools.remove("cppcheck")

    if "leakhound" in tools:
        r = subprocess.run([env["leakhound"], "--help"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        env["has_timings"] = "--timings" in r.stdout
        if not env["has_timings"]:
            log("warning: this leakhound has no --timings: no slowest-TU ratio")
        elif "floor" not in tools:
            log("note: the slowest-TU ratio needs the floor too (--tools floor,...)")

    if args.per_check:
        r = subprocess.run([env["leakhound"], "--list-checks"],
                           stdout=subprocess.PIPE, text=True)
        tools += ["check:" + n for n in r.stdout.split() if n.startswith("leak-")]

    selected = [corpora.BY_NAME[n] for n in args.corpus] if args.corpus \
        else corpora.CORPORA
    dbs = {c.name: corpora.compile_db(c, out, args.quick) for c in selected}
    if args.prepare_only:
        for d in dbs.values():
            print(d["db"])
        return 0

    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"),
        "command": " ".join([os.path.basename(sys.argv[0])] + sys.argv[1:]),
        "runs": runs, "quick": args.quick, "jobs": args.jobs,
        "peer_cap_x": args.peer_cap_x,
        "primary_metric": "cpu",
        "machine": machine_info(),
        "versions": {
            "leakhound": version_of([env["leakhound"], "--version"]),
            "leakhound_git": git_rev(),
            "clang": version_of([corpora.C_COMPILER, "--version"]),
            "clang-tidy": version_of([TIDY, "--version"]),
            "cppcheck": version_of(["cppcheck", "--version"])
            if "cppcheck" in tools else None,
            "npm": version_of(["npm", "--version"]),
        },
        "corpora": {},
    }
    results["startup"] = startup_costs(env)
    started = time.time()
    for c in selected:
        db = dbs[c.name]
        env.pop("floor_cpu", None)
        res = {"pin": {"package": c.package, "version": c.version,
                       "integrity": c.integrity, "what": c.what,
                       "upstream": c.upstream, "notes": c.notes},
               "tus": [t["rel"] for t in db["tus"]],
               "load_before": loadavg(), "tools": {}}
        log(f"{c.name}: {len(db['tus'])} TUs, {runs} run(s) of "
            f"{', '.join(tools)}")
        raw = {tname: [] for tname in tools}
        capped = {tname: {} for tname in tools}
        for i in range(runs):
            for tname in tools:
                t0 = time.time()
                raw[tname].append(run_tool(tname, db, env, args.timeout,
                                           capped[tname]))
                if tname == "floor":
                    env["floor_cpu"] = {c["label"]: c["cpu"]
                                        for c in raw[tname][-1]["per_command"]}
                log(f"  {c.name} run {i + 1}/{runs} {tname}: "
                    f"cpu {raw[tname][-1]['cpu']:.2f} s, "
                    f"wall {time.time() - t0:.2f} s")
        for tname in tools:
            rs = raw[tname]
            med = {k: median_of(rs, k) for k in ("wall", "cpu", "maxrss_kb",
                                                 "meanrss_kb", "anon_kb",
                                                 "tree_anon_kb")}
            res["tools"][tname] = {"median": med, "runs": rs,
                                   "findings": rs[-1]["findings"],
                                   "ok": all(r["ok"] for r in rs),
                                   "lower_bound": any(r["lower_bound"]
                                                      for r in rs)}
        if "floor" in tools and any("per_tu" in r for r in raw.get("leakhound", [])):
            res["per_tu"] = per_tu_ratios(res["tus"], raw["floor"],
                                          raw["leakhound"])
        res["load_after"] = loadavg()
        res["summary"] = summarise(c.name, res, args.jobs, results["startup"])
        results["corpora"][c.name] = res

    results["elapsed_s"] = round(time.time() - started, 1)
    print(f"\nleakhound benchmark, {results['date']}, {results['machine'].get('cpu', '?')}"
          f" ({results['machine']['nproc']} cores), {results['versions']['leakhound']}"
          f" @ {results['versions']['leakhound_git']}")
    print("CPU = user+sys of the process and its waited-for children (primary "
          "figure); RSS = peak of one process (max over TUs for per-TU tools)")
    st = results["startup"]
    print("Fixed cost of a process on an empty file (CPU s / RSS MB): " +
          ", ".join(f"{k} {v['cpu']:.3f} / {v['maxrss_kb'] / 1024:.0f}"
                    for k, v in st.items()) +
          " (per-TU tools pay it per TU, leakhound once)")
    for name, res in results["corpora"].items():
        print_corpus(name, res, args.jobs, runs)
    print(f"\n(elapsed {results['elapsed_s']:.0f} s)")

    os.makedirs(out, exist_ok=True)
    jpath = os.path.join(out, "results.json")
    with open(jpath, "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    log(f"wrote {jpath}")
    png = os.path.join(out, "results.png")
    if plot(jpath, png):
        log(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
