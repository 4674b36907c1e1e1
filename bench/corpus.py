"""The benchmark corpus: real third-party C/C++ fetched as pinned npm tarballs.

Nothing here is committed: `npm pack <package>@<version>` downloads each
tarball into <out>/cache (once; its sha512 is checked against the pin), the
sources are unpacked under <out>/corpus/<name>/, and one
compile_commands.json per corpus and subset ("full" or "quick") is written
under <out>/db/<name>-<subset>/. Every tool measured by run.py reads the same
compile database, so they all see exactly the same translation units and
flags.

Adding a corpus: one Corpus(...) entry below. Keep the TU subset small enough
that the full benchmark takes minutes on two cores; the "quick" subset is for
smoke tests.
"""

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass, field
from typing import Callable, List, Optional

C_COMPILER = "/usr/bin/clang-19"
CXX_COMPILER = "/usr/bin/clang++-19"


@dataclass
class Corpus:
    name: str  # short name, used on the command line and in the results
    what: str  # the library, for humans
    package: str  # npm package that vendors it
    version: str  # exact version, never a range
    integrity: str  # npm's dist.integrity (sha512 of the tarball)
    root: str  # directory inside the tarball that holds the sources
    language: str  # "c" or "c++"
    flags: List[str]  # compile flags; {root} is the unpacked source root
    full: List[str]  # TUs of the full run, relative to root
    quick: List[str]  # TUs of --quick
    # Extra flags computed from the unpacked tree (e.g. a gyp defines list).
    extra_flags: Optional[Callable[[str], List[str]]] = None
    notes: str = ""
    upstream: str = ""  # the vendored library's own version, for the docs
    prepare: Optional[Callable[[str], None]] = field(default=None, repr=False)


def _gyp_defines(path: str) -> Callable[[str], List[str]]:
    """-D flags from a gyp 'defines' list shipped with the package."""

    def get(pkgdir: str) -> List[str]:
        with open(os.path.join(pkgdir, path), encoding="utf-8") as f:
            text = f.read()
        body = text[text.index("'defines'"):]
        body = body[: body.index("]")]
        return ["-D" + d for d in re.findall(r"'([A-Za-z_0-9]+(?:=[^']*)?)'", body)]

    return get


CORPORA = [
    Corpus(
        name="leveldb",
        what="LevelDB (C++11)",
        package="leveldown",
        version="6.1.1",
        integrity="sha512-88c+E+Eizn4CkQOBHwqlCJaTNEjGpaEIikn1S+cINc5E9HEvJ77bqY4JY/HxT5u0caWqsc3P3DcFIKBI1vHt+A==",
        root="package/deps/leveldb/leveldb-1.20",
        language="c++",
        # leveldown builds it with its own libuv port; the stock POSIX port
        # that LevelDB ships needs only these defines.
        flags=["-std=c++11", "-DLEVELDB_PLATFORM_POSIX", "-DOS_LINUX",
               "-DLEVELDB_ATOMIC_PRESENT", "-I{root}", "-I{root}/include"],
        full=["db/db_impl.cc", "db/version_set.cc", "db/repair.cc",
              "db/c.cc", "db/db_iter.cc", "db/memtable.cc", "db/builder.cc",
              "table/table.cc", "table/table_builder.cc", "table/block.cc",
              "util/cache.cc", "util/env_posix.cc"],
        quick=["db/db_impl.cc", "db/c.cc", "util/cache.cc"],
        upstream="LevelDB 1.20",
    ),
    Corpus(
        name="sqlite",
        what="SQLite amalgamation (C)",
        package="better-sqlite3",
        version="12.4.1",
        integrity="sha512-3yVdyZhklTiNrtg+4WqHpJpFDd+WHTg2oM7UcR80GqL05AOV0xEJzc6qNvFYoEtE+hRp1n9MpN6/+4yhlGkDXQ==",
        root="package/deps",
        language="c",
        flags=["-I{root}/sqlite3"],
        # better-sqlite3's own build configuration (FTS3/4/5, R*Tree, ...).
        extra_flags=_gyp_defines("package/deps/defines.gypi"),
        full=["sqlite3/sqlite3.c"],
        quick=["sqlite3/sqlite3.c"],
        upstream="SQLite 3.50.4",
        notes="one TU of ~260k lines: -j has nothing to parallelise here",
    ),
    Corpus(
        name="libxml2",
        what="libxml2 (C)",
        package="libxmljs2",
        version="0.37.0",
        integrity="sha512-Xb78V8GZouoZFrq8cCwx7+G3WYOcJG0xb3YUbweSyE4z2EIrQCZMr3Ye/dHn4mESs6YxUMeQeUZm5IXg+iLHog==",
        root="package/vendor/libxml",
        language="c",
        # The package ships a configure-generated config.h for Linux.
        flags=["-I{root}", "-I{root}/include"],
        full=["tree.c", "parser.c", "parserInternals.c", "SAX2.c", "xpath.c",
              "valid.c", "uri.c", "xmlsave.c", "xmlIO.c", "HTMLparser.c",
              "encoding.c", "entities.c", "buf.c", "dict.c", "hash.c",
              "list.c", "xmlreader.c", "xmlschemas.c", "relaxng.c",
              "xinclude.c"],
        quick=["tree.c", "uri.c", "list.c"],
        upstream="libxml2 2.9.9",
    ),
    Corpus(
        name="re2",
        what="RE2 + Abseil (C++17)",
        package="re2",
        version="1.22.3",
        integrity="sha512-002aE82U91DiaUA16U6vbiJusvPXn1OWiQukOxJkVUTXbzrSuQbFNHYKcGw8QK/uifRCfjl2Hd/vXYDanKkmaQ==",
        root="package/vendor",
        language="c++",
        flags=["-std=c++17", "-I{root}/re2", "-I{root}/abseil-cpp"],
        full=["re2/re2/re2.cc", "re2/re2/parse.cc", "re2/util/rune.cc",
              "re2/util/strutil.cc", "abseil-cpp/absl/strings/str_cat.cc",
              "abseil-cpp/absl/strings/numbers.cc",
              "abseil-cpp/absl/synchronization/mutex.cc"],
        quick=["re2/re2/parse.cc", "re2/util/strutil.cc",
               "abseil-cpp/absl/strings/numbers.cc"],
        upstream="RE2 2024-07-02, Abseil 20250127.1",
    ),
]

BY_NAME = {c.name: c for c in CORPORA}


def log(msg: str) -> None:
    print("bench: " + msg, file=sys.stderr, flush=True)


def _sha512(path: str) -> str:
    h = hashlib.sha512()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha512-" + base64.b64encode(h.digest()).decode()


def fetch(c: Corpus, out: str) -> str:
    """The cached tarball of \p c, downloaded with `npm pack` if missing."""
    cache = os.path.join(out, "cache")
    os.makedirs(cache, exist_ok=True)
    tgz = os.path.join(cache, f"{c.package}-{c.version}.tgz")
    if os.path.exists(tgz) and _sha512(tgz) == c.integrity:
        return tgz
    if shutil.which("npm") is None:
        raise SystemExit("bench: error: npm is needed to fetch the corpus "
                         "(Debian: apt-get install npm)")
    log(f"fetching {c.package}@{c.version} with npm pack")
    tmp = os.path.join(cache, "tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    r = subprocess.run(["npm", "pack", "--silent", f"{c.package}@{c.version}"],
                       cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    got = [f for f in os.listdir(tmp) if f.endswith(".tgz")]
    if r.returncode != 0 or len(got) != 1:
        raise SystemExit(f"bench: error: npm pack {c.package}@{c.version} "
                         f"failed:\n{r.stderr.strip()}")
    path = os.path.join(tmp, got[0])
    digest = _sha512(path)
    if digest != c.integrity:
        raise SystemExit(f"bench: error: {c.package}@{c.version}: sha512 "
                         f"mismatch (got {digest}, pinned {c.integrity})")
    os.replace(path, tgz)
    shutil.rmtree(tmp, ignore_errors=True)
    return tgz


def unpack(c: Corpus, out: str) -> str:
    """The unpacked package directory (the one holding 'package/')."""
    dest = os.path.join(out, "corpus", c.name)
    stamp = os.path.join(dest, ".unpacked")
    want = f"{c.package}@{c.version}\n"
    if os.path.exists(stamp) and open(stamp).read() == want:
        return dest
    tgz = fetch(c, out)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    log(f"unpacking {os.path.basename(tgz)}")
    with tarfile.open(tgz, "r:gz") as tf:
        members = [m for m in tf.getmembers()
                   if (m.isfile() or m.isdir())
                   and not m.name.startswith("/") and ".." not in m.name.split("/")]
        if hasattr(tarfile, "data_filter"):
            tf.extractall(dest, members=members, filter="data")
        else:
            tf.extractall(dest, members=members)
    if c.prepare:
        c.prepare(dest)
    with open(stamp, "w") as f:
        f.write(want)
    return dest


def compile_db(c: Corpus, out: str, quick: bool) -> dict:
    """Writes the compile database of \p c and returns a description of it."""
    pkgdir = unpack(c, out)
    root = os.path.join(pkgdir, c.root)
    missing = [t for t in (c.quick if quick else c.full)
               if not os.path.isfile(os.path.join(root, t))]
    if missing:
        raise SystemExit(f"bench: error: {c.package}@{c.version} does not ship "
                         f"{', '.join(missing)} under {c.root}")
    flags = [f.replace("{root}", root) for f in c.flags]
    if c.extra_flags:
        flags += c.extra_flags(pkgdir)
    compiler = CXX_COMPILER if c.language == "c++" else C_COMPILER
    dbdir = os.path.join(out, "db", f"{c.name}-{'quick' if quick else 'full'}")
    objdir = os.path.join(dbdir, "obj")
    os.makedirs(objdir, exist_ok=True)
    entries, tus = [], []
    for t in (c.quick if quick else c.full):
        src = os.path.join(root, t)
        obj = os.path.join(objdir, t.replace("/", "_") + ".o")
        entries.append({"directory": root, "file": src,
                        "arguments": [compiler, *flags, "-c", src, "-o", obj]})
        tus.append({"file": src, "rel": t, "flags": flags,
                    "compiler": compiler, "directory": root})
    _write_if_changed(os.path.join(dbdir, "compile_commands.json"),
                      json.dumps(entries, indent=1) + "\n")
    predefs = os.path.join(dbdir, "predefined-macros.h")
    _write_if_changed(predefs, _predefined_macros(compiler, c.language, flags))
    return {"name": c.name, "dbdir": dbdir,
            "db": os.path.join(dbdir, "compile_commands.json"), "root": root,
            "tus": tus, "language": c.language, "predefs": predefs}


def _write_if_changed(path: str, text: str) -> None:
    if not os.path.exists(path) or open(path).read() != text:
        with open(path, "w") as f:
            f.write(text)


def _predefined_macros(compiler: str, language: str, flags: List[str]) -> str:
    """The compiler's predefined macros, for cppcheck (--include): it knows
    none of them, and code such as Abseil stops at an #error without them.
    CHAR_BIT and INT_MAX stand in for <limits.h>, which cppcheck does not read.
    __cplusplus and __STDC*__ are left to cppcheck."""
    std = [f for f in flags if f.startswith("-std=")]
    r = subprocess.run([compiler, *std, "-dM", "-E", "-x", language, "/dev/null"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       text=True, check=True)
    lines = [ln for ln in r.stdout.splitlines()
             if not re.match(r"#define (__cplusplus|__STDC)", ln)]
    lines += ["#define CHAR_BIT __CHAR_BIT__", "#define INT_MAX __INT_MAX__"]
    return "\n".join(sorted(lines)) + "\n"
