"""`run.py --realcode`: leakhound and the clang analyzer on the real-code
corpus, counted against the triage ledger.

For each package of bench/realcode.py (prepared on first use, cached after):
- leakhound, every `leak-*` check, one run over the package's compile
  database with the package's configuration (`--config-file`) and its source
  root (`--source-root`, so the SARIF paths and fingerprints are relative to
  the package), SARIF written to <out>/results/<package>.sarif;
- the clang analyzer's leak checks (ANALYZER_CHECKS) through clang-tidy-19,
  per TU, `--jobs` at a time, each TU stopped after `--analyzer-cap` CPU
  seconds (a stopped TU is named in the report). Its findings get a
  fingerprint computed from content as leakhound computes its own
  (bench/ledger.py). Its results are cached in <out>/analyzer/<package>.json,
  keyed by the compile database and clang-tidy's version, because they cost
  several times the parse;
- the ledger bench/realcode/ledger/<package>.ledger: per package and check,
  findings, TP, INTENDED, FP, untriaged and gone; the corpus total per check
  with the FP share FP / (TP + INTENDED + FP); then every untriaged finding
  (file:line, check, fingerprint, message) to triage.

Exit status: 0 (a report, untriaged findings included); 1 when the harness
itself failed (a tool crashed, a ledger line is malformed).
"""

import concurrent.futures
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import time
from typing import List

import ledger as L
import realcode

TIDY = "/usr/lib/llvm-19/bin/clang-tidy"
ANALYZER_CHECKS = ["clang-analyzer-unix.Malloc",
                   "clang-analyzer-cplusplus.NewDeleteLeaks"]
DIAG_RE = re.compile(r"^(?P<file>/[^:]+):(?P<line>\d+):(?P<col>\d+): "
                     r"(?:warning|error): (?P<msg>.*) \[(?P<check>[^\]]+)\]$")


def log(msg: str) -> None:
    print("realcode: " + msg, file=sys.stderr, flush=True)


def run_leakhound(lh: str, pkg: dict, out: str, jobs: int) -> List[dict]:
    sarif = os.path.join(out, "results", pkg["name"] + ".sarif")
    os.makedirs(os.path.dirname(sarif), exist_ok=True)
    cmd = [lh, "-p", pkg["dbdir"], "-j", str(jobs), "--checks=-*,leak-*",
           "--source-root=" + pkg["root"], "--format=sarif", "-o", sarif,
           "--quiet"]
    if pkg["config"]:
        cmd.append("--config-file=" + pkg["config"])
    t0 = time.time()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    pkg["leakhound_wall"] = time.time() - t0
    if r.returncode > 1 or not os.path.exists(sarif):
        raise RuntimeError(f"leakhound failed on {pkg['name']} (exit "
                           f"{r.returncode}): {r.stderr.strip()[-2000:]}")
    pkg["leakhound_stderr"] = r.stderr.strip()
    return L.findings_from_sarif(sarif, pkg["root"])


def _cap(seconds: float):
    def apply():
        if seconds > 0:
            resource.setrlimit(resource.RLIMIT_CPU,
                               (int(seconds), int(seconds) + 1))
    return apply


def _analyze_tu(dbdir: str, tu: str, cap: float) -> dict:
    cmd = [TIDY, "-checks=-*," + ",".join(ANALYZER_CHECKS), "--config={}",
           "-p", dbdir, "--quiet", tu]
    t0 = time.time()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, errors="replace", preexec_fn=_cap(cap))
    diags = []
    for ln in r.stdout.splitlines():
        m = DIAG_RE.match(ln)
        if m and m["check"] in ANALYZER_CHECKS:
            diags.append({"file": m["file"], "line": int(m["line"]),
                          "col": int(m["col"]), "check": m["check"],
                          "message": m["msg"]})
    capped = r.returncode < 0  # killed by RLIMIT_CPU
    return {"tu": tu, "diags": diags, "capped": capped,
            "rc": r.returncode, "wall": time.time() - t0}


def run_analyzer(pkg: dict, out: str, jobs: int, cap: float,
                 cached_only: bool = False):
    """{findings: [...], capped: [tu...]}, cached per package; with
    \p cached_only, None when there is no cached run."""
    with open(pkg["db"], "rb") as f:
        key = hashlib.sha256(f.read()).hexdigest()
    ver = subprocess.run([TIDY, "--version"], stdout=subprocess.PIPE,
                         text=True).stdout
    # The cap is not part of the key: a cached run made with another cap is
    # reused, and the TUs it stopped are listed with the cap it had.
    key = hashlib.sha256((key + ver + ",".join(ANALYZER_CHECKS)).encode()
                         ).hexdigest()
    cache = os.path.join(out, "analyzer", pkg["name"] + ".json")
    if os.path.exists(cache):
        with open(cache) as f:
            got = json.load(f)
        if got.get("key") == key:
            got.setdefault("cap", cap)
            return got
    if cached_only:
        return None
    log(f"{pkg['name']}: clang analyzer on {len(pkg['tus'])} TUs "
        f"(-j{jobs}, cap {cap:g} s CPU per TU)")
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        per_tu = list(ex.map(lambda t: _analyze_tu(pkg["dbdir"], t, cap),
                             pkg["tus"]))
    findings, seen = [], set()
    root = pkg["root"]
    for t in per_tu:
        for d in t["diags"]:
            rel = os.path.relpath(os.path.realpath(d["file"]),
                                  os.path.realpath(root))
            if rel.startswith(".."):
                continue
            k = (d["check"], rel, d["line"], d["col"], d["message"])
            if k in seen:  # a header finding seen from two TUs
                continue
            seen.add(k)
            findings.append({"check": d["check"], "path": rel,
                             "line": d["line"], "col": d["col"],
                             "message": d["message"]})
    L.assign_fingerprints(findings, root)
    got = {"key": key, "cap": cap, "findings": findings,
           "capped": sorted(os.path.relpath(t["tu"], root)
                            for t in per_tu if t["capped"]),
           "failed": sorted(os.path.relpath(t["tu"], root)
                            for t in per_tu
                            if t["rc"] not in (0, 1) and not t["capped"])}
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    with open(cache, "w") as f:
        json.dump(got, f, indent=1)
    return got


def main(args, build: str) -> int:
    out = os.path.abspath(args.out or os.path.join(build, "realcode"))
    lh = os.path.join(build, "bin", "leakhound")
    if not os.path.exists(lh):
        sys.exit(f"realcode: error: {lh} not found; build first (make build)")
    try:
        pkgs = realcode.prepare_all(out, args.package, args.jobs)
    except SystemExit as e:
        print(e, file=sys.stderr)
        return 1
    r = subprocess.run([lh, "--list-checks"], stdout=subprocess.PIPE, text=True)
    lh_checks = [c for c in r.stdout.split() if c.startswith("leak-")]
    per_package, report, failed = {}, {}, False
    for pkg in pkgs:
        lpath = os.path.join(realcode.LEDGER_DIR, pkg["name"] + ".ledger")
        try:
            ledger = L.parse_ledger(lpath)
        except L.LedgerError as e:
            log(f"error: {e}")
            return 1
        log(f"{pkg['name']}: leakhound on {len(pkg['tus'])} TUs")
        try:
            findings = run_leakhound(lh, pkg, out, args.jobs)
        except RuntimeError as e:
            log(f"error: {e}")
            failed = True
            continue
        checks = list(lh_checks)
        an = None
        if not args.no_analyzer:
            an = run_analyzer(pkg, out, args.jobs, args.analyzer_cap,
                              args.analyzer_cached_only)
            if an is None:
                log(f"{pkg['name']}: no cached analyzer run: column left out")
            else:
                findings += an["findings"]
                checks += ANALYZER_CHECKS
        t = L.tally(findings, ledger, checks)
        per_package[pkg["name"]] = t
        report[pkg["name"]] = {
            "version": pkg["version"], "tus": len(pkg["tus"]),
            "config": pkg["config"], "rows": t["rows"],
            "untriaged": t["untriaged"],
            "leakhound_wall": round(pkg.get("leakhound_wall", 0), 1),
            "analyzer_capped": an["capped"] if an else None,
            "analyzer_cap": an["cap"] if an else None,
            "analyzer_failed": an["failed"] if an else None}
    print("Real-code corpus: findings against bench/realcode/ledger/ "
          "(FP share = FP / (TP + INTENDED + FP))")
    for ln in L.format_table(per_package):
        print(ln)
    capped = [(p, t, r["analyzer_cap"]) for p, r in report.items()
              for t in (r["analyzer_capped"] or [])]
    if capped:
        print(f"analyzer stopped at its CPU cap on {len(capped)} TU(s) (its "
              f"column is a lower bound there): " +
              ", ".join(f"{p}/{t} ({c:g} s)" for p, t, c in capped))
    bad = [(p, t) for p, r in report.items()
           for t in (r["analyzer_failed"] or [])]
    if bad:
        print("analyzer failed on: " + ", ".join(f"{p}/{t}" for p, t in bad))
    n = sum(len(t["untriaged"]) for t in per_package.values())
    if n:
        print(f"untriaged ({n}): <path>:<line>: [<check>] <fingerprint> "
              f"<message>")
        for pkg, t in sorted(per_package.items()):
            for ln in L.format_untriaged(pkg, t["untriaged"]):
                print(ln)
    with open(os.path.join(out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    log(f"report: {os.path.join(out, 'report.json')}")
    return 1 if failed else 0
