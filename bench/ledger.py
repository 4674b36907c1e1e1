"""The triage ledger of the real-code corpus: reading it and counting against it.

A ledger (bench/realcode/ledger/<package>.ledger) holds one line per finding:

    <check> <fingerprint> <TP|INTENDED|FP> <path>:<line> -- <reason>

`<check>` is the rule (`leak-unfreed-allocation`, `clang-analyzer-unix.Malloc`,
...), `<fingerprint>` the SARIF `partialFingerprints.primaryLocationLineHash`
of the finding, `<path>` relative to the package's source root, `<line>` where
it was when triaged (informative: the fingerprint is the key, so a finding
that moves keeps its verdict). `#` starts a comment; blank lines are ignored.

Verdicts: TP (a real leak the project would fix), INTENDED (real and
deliberate), FP (the tool is wrong). A finding with no ledger line is
*untriaged*; a ledger line that matches no finding of this run is *gone*
(its code changed, or the tool stopped reporting it: a TP gone is a real leak
lost).

Pure functions plus a small CLI used by the lit test
(test/bench/ledger-count.test):

    python3 bench/ledger.py --sarif out.sarif --ledger pkg.ledger --package pkg
    python3 bench/ledger.py --lint bench/realcode/ledger/*.ledger

Exit status: 0 (a report, untriaged findings included); 2 on a malformed
ledger or SARIF file (one line naming the file and line).
"""

import ctypes
import ctypes.util
import hashlib
import json
import os
import re
import sys
from typing import Dict, List, Optional, Tuple

VERDICTS = ("TP", "INTENDED", "FP")
LINE_RE = re.compile(
    r"^(?P<check>\S+) (?P<fp>\S+) (?P<verdict>\S+) (?P<path>\S+):(?P<line>\d+)"
    r" -- (?P<reason>\S.*)$")


class LedgerError(Exception):
    pass


def parse_ledger(path: str) -> Dict[Tuple[str, str], dict]:
    """{(check, fingerprint): {verdict, path, line, reason, lineno}}."""
    entries: Dict[Tuple[str, str], dict] = {}
    if not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            text = raw.rstrip("\n")
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            m = LINE_RE.match(text)
            if not m:
                raise LedgerError(f"{path}:{n}: not '<check> <fingerprint> "
                                  f"<TP|INTENDED|FP> <path>:<line> -- <reason>'")
            if m["verdict"] not in VERDICTS:
                raise LedgerError(f"{path}:{n}: verdict '{m['verdict']}' is "
                                  f"not one of {', '.join(VERDICTS)}")
            key = (m["check"], m["fp"])
            if key in entries:
                raise LedgerError(f"{path}:{n}: {m['check']} {m['fp']} is "
                                  f"already triaged on line "
                                  f"{entries[key]['lineno']}")
            entries[key] = {"verdict": m["verdict"], "path": m["path"],
                            "line": int(m["line"]), "reason": m["reason"],
                            "lineno": n}
    return entries


def lint(path: str) -> List[str]:
    """Problems of a committed ledger: parse errors, and lines out of order
    (the lead merges ledgers line by line, so they stay sorted)."""
    try:
        parse_ledger(path)
    except LedgerError as e:
        return [str(e)]
    with open(path, encoding="utf-8") as f:
        body = [(n, ln.rstrip("\n")) for n, ln in enumerate(f, 1)
                if ln.strip() and not ln.lstrip().startswith("#")]
    for (_, a), (n, b) in zip(body, body[1:]):
        if b < a:
            return [f"{path}:{n}: not sorted (sort the lines, comments first)"]
    return []


def _uri_path(uri: str, root: Optional[str]) -> str:
    if uri.startswith("file://"):
        uri = uri[len("file://"):]
    if root and os.path.isabs(uri):
        rel = os.path.relpath(uri, root)
        if not rel.startswith(".."):
            return rel
    return uri


def findings_from_sarif(path: str, root: Optional[str] = None) -> List[dict]:
    """[{check, fingerprint, path, line, message}] of every result not
    suppressed (NOLINT, baseline)."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        raise LedgerError(f"{path}: not a readable SARIF file ({e})")
    out = []
    for run in doc.get("runs", []):
        for r in run.get("results", []):
            if r.get("suppressions"):
                continue
            loc = (r.get("locations") or [{}])[0].get("physicalLocation", {})
            fp = r.get("partialFingerprints", {}).get("primaryLocationLineHash")
            if not r.get("ruleId") or not fp:
                raise LedgerError(f"{path}: a result without ruleId or "
                                  f"primaryLocationLineHash")
            out.append({"check": r["ruleId"], "fingerprint": fp,
                        "path": _uri_path(loc.get("artifactLocation", {})
                                          .get("uri", "?"), root),
                        "line": loc.get("region", {}).get("startLine", 0),
                        "message": r.get("message", {}).get("text", "")})
    return out


# --- fingerprints for findings that come without one (the analyzer's) ---------

def _xxh3():
    name = ctypes.util.find_library("xxhash")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
        fn = lib.XXH3_64bits
    except (OSError, AttributeError):
        return None
    fn.restype = ctypes.c_uint64
    fn.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    return fn


_XXH3 = _xxh3()


def fingerprint_key(check: str, rel: str, line_text: str) -> bytes:
    """What leakhound hashes (driver/Output.cpp, computeFingerprints): the
    rule, the path relative to the source root and the source line with all
    white space removed, NUL-separated."""
    norm = "".join(line_text.split())
    return (check + "\0" + rel + "\0" + norm).encode("utf-8", "surrogateescape")


def content_hash(key: bytes) -> str:
    """xxh3-64 as leakhound's (libxxhash, Debian's libxxhash0), or the first
    64 bits of SHA-256 when that library is absent (then the analyzer's
    fingerprints differ from a machine that has it: install libxxhash0)."""
    if _XXH3 is not None:
        return "%016x" % _XXH3(key, len(key))
    return hashlib.sha256(key).hexdigest()[:16]


def assign_fingerprints(findings: List[dict], root: str) -> None:
    """Gives each finding {check, path (relative to root), line} a
    fingerprint computed from content as leakhound does: hash, then ':' and
    the occurrence index of the same (check, path, line text), in the order
    of the findings sorted by path and line."""
    cache: Dict[str, List[str]] = {}
    seen: Dict[bytes, int] = {}
    for f in sorted(findings, key=lambda f: (f["path"], f["line"],
                                             f.get("col", 0), f["check"])):
        if f["path"] not in cache:
            try:
                with open(os.path.join(root, f["path"]), encoding="utf-8",
                          errors="surrogateescape") as fh:
                    cache[f["path"]] = fh.read().split("\n")
            except OSError:
                cache[f["path"]] = []
        lines = cache[f["path"]]
        text = lines[f["line"] - 1] if 0 < f["line"] <= len(lines) else ""
        key = fingerprint_key(f["check"], f["path"], text)
        seen[key] = seen.get(key, 0) + 1
        f["fingerprint"] = content_hash(key) + ":" + str(seen[key])


# --- counting -----------------------------------------------------------------

def tally(findings: List[dict], ledger: Dict[Tuple[str, str], dict],
          checks: Optional[List[str]] = None) -> dict:
    """Per check: findings, TP, INTENDED, FP, untriaged, gone (and gone_tp);
    plus the untriaged findings themselves. Only checks in \p checks (or
    every check seen) are counted; ledger lines of other checks are ignored
    (another tool's, or a check not run)."""
    rows: Dict[str, dict] = {}

    def row(check):
        return rows.setdefault(check, {"findings": 0, "TP": 0, "INTENDED": 0,
                                       "FP": 0, "untriaged": 0, "gone": 0,
                                       "gone_TP": 0})
    for c in checks or []:
        row(c)
    found = set()
    untriaged = []
    for f in findings:
        if checks is not None and f["check"] not in checks:
            continue
        r = row(f["check"])
        r["findings"] += 1
        key = (f["check"], f["fingerprint"])
        found.add(key)
        e = ledger.get(key)
        if e is None:
            r["untriaged"] += 1
            untriaged.append(f)
        else:
            r[e["verdict"]] += 1
    for (check, fp), e in ledger.items():
        if (check, fp) in found:
            continue
        if checks is not None and check not in checks:
            continue
        if checks is None and check not in rows:
            row(check)
        rows[check]["gone"] += 1
        if e["verdict"] == "TP":
            rows[check]["gone_TP"] += 1
    untriaged.sort(key=lambda f: (f["path"], f["line"], f["check"]))
    return {"rows": rows, "untriaged": untriaged}


def fp_share(row: dict) -> Optional[float]:
    triaged = row["TP"] + row["INTENDED"] + row["FP"]
    return row["FP"] / triaged if triaged else None


def format_table(per_package: Dict[str, dict]) -> List[str]:
    """Rows `package check findings TP INTENDED FP untriaged gone`, then the
    corpus total per check with the FP share FP / (TP + INTENDED + FP)."""
    head = (f"{'package':<12} {'check':<42} {'findings':>8} {'TP':>4} "
            f"{'INTENDED':>8} {'FP':>4} {'untriaged':>9} {'gone':>5}")
    out = [head, "-" * len(head)]
    total: Dict[str, dict] = {}
    for pkg in sorted(per_package):
        for check in sorted(per_package[pkg]["rows"]):
            r = per_package[pkg]["rows"][check]
            out.append(f"{pkg:<12} {check:<42} {r['findings']:>8} {r['TP']:>4} "
                       f"{r['INTENDED']:>8} {r['FP']:>4} {r['untriaged']:>9} "
                       f"{r['gone']:>5}")
            t = total.setdefault(check, dict.fromkeys(r, 0))
            for k, v in r.items():
                t[k] += v
    out.append("-" * len(head))
    for check in sorted(total):
        r = total[check]
        share = fp_share(r)
        out.append(f"{'TOTAL':<12} {check:<42} {r['findings']:>8} {r['TP']:>4} "
                   f"{r['INTENDED']:>8} {r['FP']:>4} {r['untriaged']:>9} "
                   f"{r['gone']:>5}  FP share "
                   + ("-" if share is None else f"{100 * share:.0f}%")
                   + (f" ({r['gone_TP']} TP gone)" if r["gone_TP"] else ""))
    return out


def format_untriaged(pkg: str, untriaged: List[dict]) -> List[str]:
    return [f"  {pkg}: {f['path']}:{f['line']}: [{f['check']}] "
            f"{f['fingerprint']} {f['message']}" for f in untriaged]


def main(argv: List[str]) -> int:
    import argparse
    ap = argparse.ArgumentParser(description="Count SARIF findings against a "
                                             "triage ledger")
    if argv and argv[0] == "--lint":
        problems = [p for f in argv[1:] for p in lint(f)]
        for p in problems:
            print(f"ledger: error: {p}", file=sys.stderr)
        if not problems:
            print(f"ledger: {len(argv) - 1} ledger(s) well formed")
        return 2 if problems else 0
    ap.add_argument("--sarif", required=True, action="append")
    ap.add_argument("--ledger", help="the ledger (required unless "
                                     "--verify-fingerprints)")
    ap.add_argument("--package", default="package")
    ap.add_argument("--root", help="source root SARIF paths are relative to")
    ap.add_argument("--checks", help="comma-separated checks to count "
                                     "(default: every check seen)")
    ap.add_argument("--verify-fingerprints", action="store_true",
                    help="recompute every result's fingerprint from the "
                         "source under --root as the analyzer column does, "
                         "and report how many agree with the SARIF file's")
    a = ap.parse_args(argv)
    if a.verify_fingerprints:
        if not a.root:
            ap.error("--verify-fingerprints needs --root")
        try:
            findings = [f for s in a.sarif
                        for f in findings_from_sarif(s, a.root)]
        except LedgerError as e:
            print(f"ledger: error: {e}", file=sys.stderr)
            return 2
        redo = [dict(f) for f in findings]
        assign_fingerprints(redo, a.root)
        same = sum(f["fingerprint"] == g["fingerprint"]
                   for f, g in zip(findings, redo))
        print(f"fingerprints: {same} of {len(findings)} recomputed alike"
              f" ({'xxh3' if _XXH3 else 'sha256'})")
        for f, g in zip(findings, redo):
            if f["fingerprint"] != g["fingerprint"]:
                print(f"  {f['path']}:{f['line']}: {f['fingerprint']} != "
                      f"{g['fingerprint']}")
        return 0 if same == len(findings) else 1
    if not a.ledger:
        ap.error("--ledger is required")
    try:
        ledger = parse_ledger(a.ledger)
        findings = []
        for s in a.sarif:
            findings += findings_from_sarif(s, a.root)
    except LedgerError as e:
        print(f"ledger: error: {e}", file=sys.stderr)
        return 2
    t = tally(findings, ledger, a.checks.split(",") if a.checks else None)
    for ln in format_table({a.package: t}):
        print(ln)
    if t["untriaged"]:
        print("untriaged:")
        for ln in format_untriaged(a.package, t["untriaged"]):
            print(ln)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
