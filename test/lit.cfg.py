# -*- Python -*-
import atexit
import os
import shutil
import subprocess
import tempfile

import lit.formats

config.name = 'leakhound'
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = ['.c', '.cpp', '.test']
config.excludes = ['Inputs', 'tools', 'unit', 'CMakeLists.txt', 'lit.cfg.py', 'stress.py',
                   'lit.site.cfg.py', 'fuzz']
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.leakhound_obj_root, 'test')

config.environment['PATH'] = os.pathsep.join(
    [config.leakhound_bin_dir, config.llvm_bin_dir, config.environment.get('PATH', '')])
config.environment['LEAKHOUND_CLANG_TIDY'] = os.path.join(config.llvm_bin_dir, 'clang-tidy')
config.environment['LEAKHOUND_PLUGIN'] = config.leakhound_plugin
config.environment['LEAKHOUND_DRIVER'] = os.path.join(config.leakhound_bin_dir, 'leakhound')
config.environment['LEAKHOUND_FILECHECK'] = os.path.join(config.llvm_bin_dir, 'FileCheck')
for var in ('HOME', 'TMPDIR'):
    if var in os.environ:
        config.environment[var] = os.environ[var]

tools = os.path.join(config.test_source_root, 'tools')
inputs = os.path.join(config.test_source_root, 'Inputs')
config.substitutions.append(('%check_leak', 'python3 %s' % os.path.join(tools, 'check_leak.py')))
config.substitutions.append(('%leakhound', os.path.join(config.leakhound_bin_dir, 'leakhound')))
plugin_env = ''
if config.sanitizer_preload:
    # ASan/UBSan build: the plugin needs the runtimes preloaded into clang-tidy,
    # which leaks on purpose at exit (so no leak report for it).
    config.available_features.add('sanitize')
    config.environment['LEAKHOUND_PLUGIN_PRELOAD'] = config.sanitizer_preload
    plugin_env = 'env LD_PRELOAD=%s ASAN_OPTIONS=detect_leaks=0 ' % config.sanitizer_preload
config.substitutions.append(('%clang_tidy_plugin', '%s%s -load=%s' % (
    plugin_env, os.path.join(config.llvm_bin_dir, 'clang-tidy'), config.leakhound_plugin)))
config.substitutions.append(('%bindir', config.leakhound_bin_dir))
config.substitutions.append(('%plugin', config.leakhound_plugin))
config.substitutions.append(('%inputs', inputs))
config.substitutions.append(('%python', 'python3'))
config.substitutions.append(('%sarif_validate', 'sh %s' % os.path.join(tools, 'sarif-validate.sh')))
config.substitutions.append(('%expect_exit', 'python3 %s' % os.path.join(tools, 'expect_exit.py')))
config.substitutions.append(('%sarif_query', 'python3 %s' % os.path.join(tools, 'sarif_query.py')))
config.substitutions.append(('%mkcdb', 'python3 %s' % os.path.join(tools, 'mkcdb.py')))
# The real-code ledger reader (bench/), and whether it can hash as the driver does.
_bench = os.path.join(os.path.dirname(config.test_source_root), 'bench')
config.substitutions.append(('%ledger', 'python3 %s' % os.path.join(_bench, 'ledger.py')))
import ctypes.util
if ctypes.util.find_library('xxhash'):
    config.available_features.add('xxhash')
config.substitutions.append(('%pty_run', 'python3 %s' % os.path.join(tools, 'pty_run.py')))
config.substitutions.append(('%has_bytes', 'python3 %s' % os.path.join(tools, 'has_bytes.py')))

if config.sarif_multitool and os.path.exists(config.sarif_multitool):
    config.available_features.add('sarif-multitool')
    config.environment['LEAKHOUND_SARIF_MULTITOOL'] = config.sarif_multitool
if config.pre_commit:
    config.available_features.add('pre-commit')

# Unreadable files: chmod 000 stops everyone but root, and CI runs as root.
# As root, the test drops to 'nobody' with setpriv. That user may not reach
# this build tree (a clone under /root), so the driver is linked (or copied)
# into a world-readable scratch directory, %unpriv_dir, where the test also
# keeps its files. If even that fails, the test is unsupported here.
_leakhound = os.path.join(config.leakhound_bin_dir, 'leakhound')
if os.geteuid() != 0:
    config.available_features.add('unreadable-files')
    config.substitutions.append(('%unprivileged_leakhound', _leakhound))
    config.substitutions.append(('%unpriv_dir', os.path.join(config.test_exec_root, 'unpriv')))
else:
    try:
        _dir = tempfile.mkdtemp(prefix='leakhound-lit-')
        atexit.register(shutil.rmtree, _dir, True)
        os.chmod(_dir, 0o755)
        _bin = os.path.join(_dir, 'leakhound')
        try:
            os.link(_leakhound, _bin)
        except OSError:
            shutil.copy2(_leakhound, _bin)
        # The scratch directory must be writable by that user too.
        _drop = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups',
                 'env', 'TMPDIR=/tmp']
        _ok = subprocess.run(_drop + [_bin, '--version'], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        _ok = False
    if _ok:
        config.available_features.add('unreadable-files')
        config.substitutions.append(('%unprivileged_leakhound', ' '.join(_drop + [_bin])))
        config.substitutions.append(('%unpriv_dir', os.path.join(_dir, 'work')))

# The HTML report's browser tests: Debian's chromium, headless (as root it needs
# --no-sandbox). Where it is missing or cannot start, those tests are skipped and
# this says so.
config.substitutions.append(('%html_dom', 'python3 %s' % os.path.join(tools, 'html_dom.py')))
_chromium = shutil.which('chromium') or shutil.which('chromium-browser')
_chromium_why = 'no chromium on PATH (apt-get install chromium)'
if _chromium:
    _chromium_cmd = [_chromium, '--headless', '--disable-gpu', '--no-first-run',
                     '--disable-extensions', '--hide-scrollbars', '--mute-audio',
                     '--disable-dev-shm-usage']
    if os.geteuid() == 0:
        _chromium_cmd.append('--no-sandbox')
    try:
        _profile = tempfile.mkdtemp(prefix='leakhound-chromium-')
        atexit.register(shutil.rmtree, _profile, True)
        _probe = subprocess.run(_chromium_cmd + ['--user-data-dir=' + _profile, '--dump-dom',
                                                 'data:text/html,<p>ok</p>'],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                timeout=120)
        if b'<p>ok</p>' in _probe.stdout:
            _chromium_why = None
        else:
            _chromium_why = '%s --headless did not render a page' % _chromium
    except (OSError, subprocess.SubprocessError) as e:
        _chromium_why = '%s could not start: %s' % (_chromium, e)
if _chromium_why is None:
    config.available_features.add('chromium')
    # Each test gives its own --user-data-dir; `timeout` keeps a stuck browser
    # from stalling the suite.
    config.substitutions.append(('%chromium', 'timeout 120 ' + ' '.join(_chromium_cmd)))
else:
    lit_config.note('HTML report browser tests skipped: ' + _chromium_why)
