"""The real-code corpus: Debian source packages at pinned versions.

Nothing here is committed except the recipes below. For each package:

1. fetch: `apt-get source --download-only PKG=VERSION` through a private
   sources list (deb-src twins of the machine's own `deb` entries, kept under
   <out>/apt/), so the user's apt configuration is never read for sources nor
   written. Every downloaded file is checked against the SHA256 that apt
   prints for it (`--print-uris`), and the .dsc against the SHA256 pinned here;
   dpkg-source then checks the tarballs against the .dsc.
2. unpack: `dpkg-source -x` (Debian's patches applied, as the package ships)
   into <out>/src/<package>/.
3. compile database: the package's own build system generates it, in
   <out>/work/<package>/ (out of tree where the package allows it):
   - "cmake": `cmake -DCMAKE_EXPORT_COMPILE_COMMANDS=ON` with clang-19, plus
     any targets that generate headers (`gen_targets`); nothing else is built;
   - "autotools": `./configure CC=clang-19` (config.h and friends), then the
     package's own `make` under `bear`, with `-fsyntax-only` added to CC so no
     object code is generated (the links fail and `make -k` goes on: the
     compile commands are what bear records); -fsyntax-only is removed from
     the database afterwards;
   - "flags": a documented hand-written flag set (`flags`), for a package
     whose build needs tools a user would not have (jq 1.6 ships no
     configure script); its generated headers are written by `prepare`.
   The database is then filtered to the TUs of the corpus (`include`/`exclude`
   globs, relative to the source root; one entry per file, the first the build
   system lists), rewritten to /usr/bin/clang-19 (clang++-19 for C++) with
   `arguments`, and written to <out>/db/<package>/compile_commands.json.
   Every TU is checked to parse with `clang-19 -fsyntax-only` (errors stop the
   preparation; warnings are ignored).

A stamp per step (<out>/stamps/) records the recipe it was made from, so a
second run reuses everything and touches neither the network nor the build.
The configuration users would give the tool (their allocator wrappers) is
committed as bench/realcode/<package>.clang-tidy and passed with
--config-file; the triage ledger is bench/realcode/ledger/<package>.ledger.
"""

import concurrent.futures
import fnmatch
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Callable, List, Optional

C_COMPILER = "/usr/bin/clang-19"
CXX_COMPILER = "/usr/bin/clang++-19"
HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG_DIR = os.path.join(HERE, "realcode")
LEDGER_DIR = os.path.join(CONFIG_DIR, "ledger")

# Debian packages the preparation needs (build tools and the packages' build
# dependencies for the configuration chosen below). scripts/install-deps.sh
# installs them with `--bench`; prepare() names any that are missing.
BENCH_DEBS = ["bear", "dpkg-dev", "libevent-dev", "libncurses-dev",
              "libonig-dev", "libpcre2-dev", "libcjson-dev", "libssl-dev",
              "zlib1g-dev", "pkg-config", "cmake", "ninja-build", "make",
              "libgtest-dev", "libxxhash0"]


@dataclass
class Package:
    name: str  # Debian source package
    version: str  # exact Debian version
    dsc_sha256: str  # pinned: the .dsc names every other file's checksum
    language: str  # "c" or "c++"
    method: str  # "cmake", "autotools" or "flags"
    include: List[str]  # globs of TUs (relative to the source root)
    exclude: List[str] = field(default_factory=list)
    cmake_args: List[str] = field(default_factory=list)
    gen_targets: List[str] = field(default_factory=list)  # cmake: headers
    configure_args: List[str] = field(default_factory=list)
    make_args: List[str] = field(default_factory=list)
    flags: List[str] = field(default_factory=list)  # "flags": {root} = source
    prepare: Optional[Callable[[str], None]] = field(default=None, repr=False)
    why: str = ""  # what the subset is and why

    @property
    def config(self) -> Optional[str]:
        path = os.path.join(CONFIG_DIR, self.name + ".clang-tidy")
        return path if os.path.exists(path) else None

    def recipe(self) -> str:
        """What the stamps compare: any change here redoes the step."""
        return json.dumps([self.version, self.dsc_sha256, self.method,
                           self.include, self.exclude, self.cmake_args,
                           self.gen_targets, self.configure_args,
                           self.make_args, self.flags, STAMP_VERSION])


STAMP_VERSION = 1


def _jq_prepare(root: str) -> None:
    """jq 1.6's Makefile generates src/builtin.inc (builtin.jq as C string
    lines) and src/version.h; write them the same way."""
    with open(os.path.join(root, "src/builtin.jq"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    with open(os.path.join(root, "src/builtin.inc"), "w") as f:
        for ln in lines:
            f.write('"' + ln.replace("\\", "\\\\").replace('"', '\\"') + '\\n"\n')
    with open(os.path.join(root, "src/version.h"), "w") as f:
        f.write('#ifndef VERSION_H\n#define VERSION_H\n'
                '#define JQ_VERSION "1.6"\n#endif\n')


PACKAGES = [
    # --- C ---
    Package(
        name="tmux", version="3.3a-3",
        dsc_sha256="ededb5dfe31271a77b7d74479515f84908fd9a3ab2afd15ffedba9afd62d5049",
        language="c", method="autotools",
        configure_args=["--enable-utempter=no"],
        include=["*.c"], exclude=["compat/*"],
        why="every tmux TU the build compiles; compat/ replacements of libc "
            "functions are left out"),
    Package(
        name="memcached", version="1.6.18-1+deb12u1",
        dsc_sha256="47fe5c96717c0282676155dc144f9524d471097b656f67637f2629c66b8a633a",
        language="c", method="autotools",
        configure_args=["--disable-coverage", "--disable-docs"],
        make_args=["memcached"],
        include=["*.c"], exclude=["t/*", "testapp.c", "timedrun.c", "sizes.c"],
        why="the memcached server (the 'memcached' make target); test "
            "programs left out"),
    Package(
        name="jq", version="1.6-2.1+deb12u2",
        dsc_sha256="ac53e4e0af865fd228e47c26a6d9a34da459fd4fbc2ab90815147dfeedf6ded0",
        language="c", method="flags",
        # Debian builds against the system oniguruma; the defines are what
        # configure finds on Debian 12 for the functions src/ tests for.
        flags=["-std=gnu99", "-D_GNU_SOURCE", "-DHAVE_ONIGURUMA=1",
               "-DHAVE_MEMMEM=1", "-DHAVE_MKSTEMP=1", "-DHAVE_ALLOCA_H=1",
               "-DHAVE_ISATTY=1", "-DHAVE_GMTIME_R=1", "-DHAVE_GMTIME=1",
               "-DHAVE_LOCALTIME_R=1", "-DHAVE_LOCALTIME=1",
               "-DHAVE_TIMEGM=1", "-DHAVE_STRPTIME=1", "-DHAVE_STRFTIME=1",
               "-DHAVE_SETLOCALE=1", "-DHAVE_GETTIMEOFDAY=1",
               "-DHAVE___THREAD=1", "-DIEEE_8087", "-I{root}/src", "-I{root}"],
        prepare=_jq_prepare,
        include=["src/*.c"],
        exclude=["src/inject_errors.c", "src/jq_test.c"],
        why="libjq and the jq program; the LD_PRELOAD fault injector and the "
            "test runner are left out"),
    Package(
        name="libuv1", version="1.44.2-1+deb12u1",
        dsc_sha256="798be0a2bcbcd40bb85302f6ccbf02b240e1958d4ad9cf153b8101c3a82f21b9",
        language="c", method="cmake",
        cmake_args=["-DLIBUV_BUILD_TESTS=OFF", "-DLIBUV_BUILD_BENCH=OFF"],
        include=["src/*.c"],
        why="the library as Debian builds it for Linux (src/, src/unix/)"),
    Package(
        name="mosquitto", version="2.0.11-1.2+deb12u2",
        dsc_sha256="77afb2d38230b37b085ff7b363a71669951044460e28731e958c0b94019e9263",
        language="c", method="cmake",
        cmake_args=["-DWITH_WEBSOCKETS=OFF", "-DWITH_SRV=OFF",
                    "-DDOCUMENTATION=OFF", "-DWITH_TLS=ON", "-DWITH_CJSON=ON"],
        include=["lib/*.c", "src/*.c", "client/*.c", "apps/*.c"],
        why="the broker, libmosquitto, the clients and apps (C only; the C++ "
            "wrapper and plugins/ examples left out); websockets (an "
            "external library) off"),
    Package(
        name="lighttpd", version="1.4.69-1",
        dsc_sha256="79de5cd54b9876b135f85fb617cca2dbd2df79b63563f7fa02851a1a516587db",
        language="c", method="cmake",
        cmake_args=["-DWITH_PCRE2=ON", "-DWITH_ZLIB=ON", "-DWITH_OPENSSL=ON",
                    "-DBUILD_TESTING=OFF"],
        include=["src/*.c"], exclude=["src/t/*"],
        why="the server and every module CMake builds with PCRE2, zlib and "
            "OpenSSL; unit tests left out"),
    Package(
        name="libevent", version="2.1.12-stable-8+deb12u1",
        dsc_sha256="acc01f440019a0369c1cf0e6256a22037a65f032b5192ee14bad548889074b55",
        language="c", method="cmake",
        cmake_args=["-DEVENT__DISABLE_TESTS=ON", "-DEVENT__DISABLE_REGRESS=ON",
                    "-DEVENT__DISABLE_SAMPLES=ON", "-DEVENT__DISABLE_BENCHMARK=ON",
                    "-DEVENT__LIBRARY_TYPE=SHARED"],
        include=["*.c"], exclude=["test/*", "sample/*", "WIN32-Code/*"],
        why="the libraries (core, extra, pthreads, openssl); tests and "
            "samples left out"),
    # --- C++ ---
    Package(
        name="leveldb", version="1.23-4",
        dsc_sha256="1eae53db8925a1d96f43673eb94c7a4f6b25b6edf283753b29fe80c1068f8173",
        language="c++", method="cmake",
        cmake_args=["-DLEVELDB_BUILD_TESTS=OFF",
                    "-DLEVELDB_BUILD_BENCHMARKS=OFF"],
        include=["db/*.cc", "table/*.cc", "util/*.cc", "helpers/*.cc"],
        why="the library with its POSIX Env (threads, the block and table "
            "caches); tests and benchmarks left out"),
    Package(
        name="zeromq3", version="4.3.4-6",
        dsc_sha256="dfc0e1a03950bff1891b60de3eb41605e9d1d804af063e4b565602165be8c3fe",
        language="c++", method="cmake",
        cmake_args=["-DBUILD_TESTS=OFF", "-DWITH_PERF_TOOL=OFF",
                    "-DENABLE_PRECOMPILED=OFF", "-DWITH_LIBSODIUM=OFF",
                    "-DWITH_DOCS=OFF", "-DWITH_DOC=OFF", "-DBUILD_STATIC=OFF",
                    "-DENABLE_DRAFTS=OFF", "-DWITH_LIBBSD=OFF"],
        include=["src/*.cpp"], exclude=["src/ws_*", "src/wss_*"],
        why="libzmq (I/O threads, pipes, the mailbox, subscription tries); "
            "the WebSocket transport is off in this configuration"),
    Package(
        name="cpp-httplib", version="0.11.4+ds-1+deb12u1",
        dsc_sha256="a4dde747bbde7cc9fa62cdf50d61140a0eaefb7f1383497ef2d48daf3bf5f9ec",
        language="c++", method="flags",
        # Header-only: the examples and the test suite are the TUs, built as
        # example/Makefile and test/Makefile do (C++11, OpenSSL, zlib).
        flags=["-std=c++11", "-pthread", "-DCPPHTTPLIB_OPENSSL_SUPPORT",
               "-DCPPHTTPLIB_ZLIB_SUPPORT", "-I{root}"],
        include=["example/*.cc", "test/test.cc"],
        why="the header is the library: its examples (servers, clients, a "
            "thread pool per server) and test/test.cc instantiate it"),
]

BY_NAME = {p.name: p for p in PACKAGES}


def log(msg: str) -> None:
    print("realcode: " + msg, file=sys.stderr, flush=True)


def fail(msg: str) -> None:
    raise SystemExit("realcode: error: " + msg)


def _run(cmd: List[str], cwd: str, logfile: str, env=None) -> int:
    with open(logfile, "a") as lf:
        lf.write("$ " + " ".join(shlex.quote(c) for c in cmd) + "\n")
        lf.flush()
        return subprocess.run(cmd, cwd=cwd, stdout=lf, stderr=subprocess.STDOUT,
                              env=env).returncode


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _stamp_ok(out: str, step: str, p: Package) -> bool:
    path = os.path.join(out, "stamps", f"{p.name}.{step}")
    return os.path.exists(path) and open(path).read() == p.recipe()


def _stamp(out: str, step: str, p: Package) -> None:
    os.makedirs(os.path.join(out, "stamps"), exist_ok=True)
    with open(os.path.join(out, "stamps", f"{p.name}.{step}"), "w") as f:
        f.write(p.recipe())


def _clear_stamps(out: str, p: Package, steps: List[str]) -> None:
    for s in steps:
        try:
            os.remove(os.path.join(out, "stamps", f"{p.name}.{s}"))
        except FileNotFoundError:
            pass


# --- fetching -----------------------------------------------------------------

def _apt_opts(out: str) -> List[str]:
    d = os.path.join(out, "apt")
    return ["-o", "Dir::Etc::SourceList=/dev/null",
            "-o", "Dir::Etc::SourceParts=" + os.path.join(d, "parts"),
            "-o", "Dir::State::Lists=" + os.path.join(d, "lists"),
            "-o", "Dir::Cache=" + os.path.join(d, "cache"),
            "-o", "APT::Sandbox::User=" + ("root" if os.getuid() == 0 else
                                           os.environ.get("USER", "nobody"))]


def _apt_setup(out: str) -> None:
    """A private deb-src list made from the machine's deb entries."""
    d = os.path.join(out, "apt")
    parts = os.path.join(d, "parts")
    for sub in ("parts", "lists/partial", "cache/archives/partial"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    texts = []
    deb822 = "/etc/apt/sources.list.d"
    for fn in sorted(os.listdir(deb822)) if os.path.isdir(deb822) else []:
        if fn.endswith(".sources"):
            with open(os.path.join(deb822, fn)) as f:
                texts.append(re.sub(r"(?m)^Types:.*$", "Types: deb-src", f.read()))
    one_line = []
    for path in ["/etc/apt/sources.list"] + [
            os.path.join(deb822, fn) for fn in
            (sorted(os.listdir(deb822)) if os.path.isdir(deb822) else [])
            if fn.endswith(".list")]:
        if os.path.exists(path):
            for ln in open(path):
                if re.match(r"\s*deb\s", ln):
                    one_line.append(re.sub(r"^\s*deb\s", "deb-src ", ln))
    if not texts and not one_line:
        fail("no Debian 'deb' source in /etc/apt to derive deb-src entries from")
    new = "\n\n".join(t.strip() for t in texts) + "\n"
    path = os.path.join(parts, "src.sources")
    if texts and (not os.path.exists(path) or open(path).read() != new):
        with open(path, "w") as f:
            f.write(new)
    if one_line:
        with open(os.path.join(parts, "src.list"), "w") as f:
            f.writelines(one_line)


def _apt_update(out: str, logfile: str) -> None:
    log("apt-get update (private deb-src list under " + os.path.join(out, "apt") + ")")
    if _run(["apt-get", *_apt_opts(out), "-q", "update"], out, logfile) != 0:
        fail(f"apt-get update failed; see {logfile}")


def fetch(p: Package, out: str) -> str:
    """The directory holding the verified source files of \p p."""
    dest = os.path.join(out, "cache", p.name)
    logfile = os.path.join(out, "logs", p.name + ".fetch.log")
    if _stamp_ok(out, "fetch", p):
        return dest
    os.makedirs(os.path.dirname(logfile), exist_ok=True)
    if shutil.which("apt-get") is None or shutil.which("dpkg-source") is None:
        fail("apt-get and dpkg-source (Debian package dpkg-dev) are needed")
    _apt_setup(out)
    spec = f"{p.name}={p.version}"

    def uris() -> Optional[List[tuple]]:
        r = subprocess.run(["apt-get", *_apt_opts(out), "-q", "--print-uris",
                            "source", spec], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        got = re.findall(r"^'(\S+)' (\S+) (\d+) SHA256:([0-9a-f]{64})",
                         r.stdout, re.M)
        return got if r.returncode == 0 and got else None

    lists = os.path.join(out, "apt", "lists")
    files = uris() if any(f.endswith("Sources") or "Sources" in f
                          for f in os.listdir(lists)) else None
    if files is None:
        _apt_update(out, logfile)
        files = uris()
    if files is None:
        fail(f"apt knows no source package {spec} (pinned); see bench/README.md")
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    log(f"fetching {spec}")
    if _run(["apt-get", *_apt_opts(out), "-q", "source", "--download-only",
             spec], dest, logfile) != 0:
        fail(f"apt-get source {spec} failed; see {logfile}")
    for _uri, name, _size, sha in files:
        path = os.path.join(dest, name)
        if not os.path.exists(path) or _sha256(path) != sha:
            fail(f"{name}: missing or SHA256 differs from what apt lists")
    dsc = [n for _u, n, _s, _h in files if n.endswith(".dsc")]
    if len(dsc) != 1 or _sha256(os.path.join(dest, dsc[0])) != p.dsc_sha256:
        fail(f"{spec}: the .dsc does not match the pinned SHA256")
    _stamp(out, "fetch", p)
    return dest


def unpack(p: Package, out: str) -> str:
    """The unpacked, patched source tree of \p p."""
    root = os.path.join(out, "src", p.name)
    if _stamp_ok(out, "unpack", p) and os.path.isdir(root):
        return root
    cache = fetch(p, out)
    _clear_stamps(out, p, ["db"])
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.dirname(root), exist_ok=True)
    dsc = [f for f in os.listdir(cache) if f.endswith(".dsc")][0]
    logfile = os.path.join(out, "logs", p.name + ".unpack.log")
    # Signatures need debian-keyring, which few machines have; the checksums
    # (apt's, the pinned .dsc's, then the .dsc's own) are verified instead.
    if _run(["dpkg-source", "--no-check", "--require-strong-checksums", "-x",
             os.path.join(cache, dsc), root], cache, logfile) != 0:
        fail(f"dpkg-source -x {dsc} failed; see {logfile}")
    if p.prepare:
        p.prepare(root)
    _stamp(out, "unpack", p)
    return root


# --- compile databases ----------------------------------------------------------

def _build_cmake(p: Package, root: str, work: str, logfile: str) -> str:
    bld = os.path.join(work, "cmake")
    shutil.rmtree(bld, ignore_errors=True)
    cmd = ["cmake", "-S", root, "-B", bld, "-G", "Ninja",
           "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
           "-DCMAKE_C_COMPILER=" + C_COMPILER, "-DCMAKE_CXX_COMPILER=" + CXX_COMPILER,
           *p.cmake_args]
    if _run(cmd, work, logfile) != 0:
        fail(f"{p.name}: cmake configure failed; see {logfile}")
    if p.gen_targets and _run(["ninja", "-C", bld, "-j2", *p.gen_targets],
                              work, logfile) != 0:
        fail(f"{p.name}: generating headers failed; see {logfile}")
    return os.path.join(bld, "compile_commands.json")


def _build_autotools(p: Package, root: str, work: str, logfile: str) -> str:
    # In the source tree (our own unpacked copy): not every package supports
    # VPATH builds.
    env = dict(os.environ, CC=C_COMPILER, CXX=CXX_COMPILER)
    if _run(["./configure", *p.configure_args], root, logfile, env) != 0:
        fail(f"{p.name}: ./configure failed; see {logfile}")
    db = os.path.join(work, "bear.json")
    if os.path.exists(db):
        os.remove(db)
    # -fsyntax-only: bear records the commands, no object code is generated.
    _run(["bear", "--output", db, "--", "make", "-k", "-j2",
          "CC=" + C_COMPILER + " -fsyntax-only", *p.make_args], root, logfile)
    if not os.path.exists(db):
        fail(f"{p.name}: bear wrote no compile database; see {logfile}")
    return db


def _build_flags(p: Package, root: str, work: str) -> str:
    compiler = CXX_COMPILER if p.language == "c++" else C_COMPILER
    flags = [f.replace("{root}", root) for f in p.flags]
    entries = []
    for dirpath, _dirs, files in os.walk(root):
        for fn in sorted(files):
            if fn.endswith((".c", ".cc", ".cpp")):
                src = os.path.join(dirpath, fn)
                entries.append({"directory": root, "file": src,
                                "arguments": [compiler, *flags, "-c", src]})
    db = os.path.join(work, "flags.json")
    with open(db, "w") as f:
        json.dump(entries, f)
    return db


def _select(p: Package, root: str, raw: List[dict]) -> List[dict]:
    seen, out = set(), []
    for e in raw:
        src = os.path.normpath(os.path.join(e["directory"], e["file"]))
        rel = os.path.relpath(src, root)
        if rel in seen or rel.startswith(".."):
            continue
        if not any(fnmatch.fnmatch(rel, g) for g in p.include):
            continue
        if any(fnmatch.fnmatch(rel, g) for g in p.exclude):
            continue
        args = e.get("arguments") or shlex.split(e["command"])
        args = [a for a in args if a != "-fsyntax-only"]
        # Keep the build system's flags; call the pinned clang, and drop the
        # output and dependency-file arguments (they would write files).
        is_cxx = p.language == "c++" or src.endswith((".cc", ".cpp", ".cxx"))
        rest, i = [], 1
        while i < len(args):
            a = args[i]
            if a in ("-o", "-MF", "-MT", "-MQ"):
                i += 2
                continue
            if a in ("-MD", "-MMD", "-MP") or a.startswith(("-MF", "-MT")):
                i += 1
                continue
            rest.append(a)
            i += 1
        seen.add(rel)
        out.append({"directory": e["directory"], "file": src,
                    "arguments": [CXX_COMPILER if is_cxx else C_COMPILER,
                                  *rest]})
    out.sort(key=lambda e: e["file"])
    return out


def _parse_check(entry: dict) -> Optional[str]:
    args = [a for a in entry["arguments"] if a != "-c"] + ["-fsyntax-only", "-w"]
    r = subprocess.run(args, cwd=entry["directory"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        err = [ln for ln in r.stderr.splitlines() if "error" in ln][:3]
        return entry["file"] + ": " + " | ".join(err)
    return None


def compile_db(p: Package, out: str, jobs: int = 2) -> dict:
    """Prepares \p p and returns {name, dbdir, root, config, tus}."""
    root = unpack(p, out)
    dbdir = os.path.join(out, "db", p.name)
    db = os.path.join(dbdir, "compile_commands.json")
    if not (_stamp_ok(out, "db", p) and os.path.exists(db)):
        work = os.path.join(out, "work", p.name)
        os.makedirs(work, exist_ok=True)
        logfile = os.path.join(out, "logs", p.name + ".build.log")
        if os.path.exists(logfile):
            os.remove(logfile)
        log(f"{p.name}: compile database ({p.method})")
        if p.method == "cmake":
            raw = _build_cmake(p, root, work, logfile)
        elif p.method == "autotools":
            raw = _build_autotools(p, root, work, logfile)
        elif p.method == "flags":
            raw = _build_flags(p, root, work)
        else:
            fail(f"{p.name}: unknown method {p.method}")
        with open(raw) as f:
            entries = _select(p, root, json.load(f))
        if not entries:
            fail(f"{p.name}: no TU matches {p.include}; see {logfile}")
        log(f"{p.name}: checking that {len(entries)} TUs parse")
        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            errors = [e for e in ex.map(_parse_check, entries) if e]
        if errors:
            fail(f"{p.name}: {len(errors)} TUs do not parse:\n  " +
                 "\n  ".join(errors[:10]))
        os.makedirs(dbdir, exist_ok=True)
        with open(db, "w") as f:
            json.dump(entries, f, indent=1)
            f.write("\n")
        _stamp(out, "db", p)
    with open(db) as f:
        entries = json.load(f)
    return {"name": p.name, "version": p.version, "language": p.language,
            "dbdir": dbdir, "db": db, "root": root, "config": p.config,
            "tus": [e["file"] for e in entries]}


def missing_debs() -> List[str]:
    miss = []
    for d in BENCH_DEBS:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", d],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
        if "install ok installed" not in r.stdout:
            miss.append(d)
    return miss


def prepare_all(out: str, names: Optional[List[str]] = None,
                jobs: int = 2) -> List[dict]:
    """Prepares every package (or \p names) and writes <out>/READY."""
    miss = missing_debs()
    if miss:
        fail("missing Debian packages for the real-code corpus: " +
             " ".join(miss) + " (run scripts/install-deps.sh --bench, as `make bench-realcode` does)")
    pkgs = [BY_NAME[n] for n in names] if names else PACKAGES
    got = [compile_db(p, out, jobs) for p in pkgs]
    if not names:
        ready = os.path.join(out, "READY")
        with open(ready + ".tmp", "w") as f:
            for g in got:
                f.write(f"{g['name']} {g['dbdir']} {g['config'] or '-'} "
                        f"{g['root']}\n")
        os.replace(ready + ".tmp", ready)
    return got


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="build/realcode")
    ap.add_argument("--package", action="append")
    ap.add_argument("-j", type=int, default=2)
    a = ap.parse_args()
    for g in prepare_all(os.path.abspath(a.out), a.package, a.j):
        print(f"{g['name']:12} {len(g['tus']):4} TUs  {g['dbdir']}")
