"""Run the real tshark with the built plugin and read back what it says.

Every integration test goes through this module.  tshark runs through
scripts/tshark-volte (which handles root), with a temporary HOME so that no
personal preferences or personally installed plugins leak into a test.
"""
import os
import subprocess
import tempfile
import unittest

SOURCE_DIR = os.environ.get(
    "VOLTE_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
BUILD_DIR = os.environ.get("VOLTE_BUILD_DIR", os.path.join(SOURCE_DIR, "build"))
CAPTURES = os.path.join(SOURCE_DIR, "captures")
SHARED_CAPTURES = os.environ.get(
    "VOLTE_SHARED_CAPTURES", os.path.abspath(os.path.join(SOURCE_DIR, "..", "shared", "captures")))
WRAPPER = os.path.join(SOURCE_DIR, "scripts", "tshark-volte")

_home = tempfile.mkdtemp(prefix="volte-test-home-")
os.chmod(_home, 0o755)

SEP = "\t"
AGG = "\x1f"  # between occurrences of one field in a frame (several messages)


def capture(name):
    path = os.path.join(CAPTURES, name)
    if not os.path.exists(path):
        raise AssertionError("missing bundled capture " + path)
    return path


def tshark(args, check_stderr=True, timeout=300, plugin=True):
    """Run tshark with the plugin (or, plugin=False, the same tshark with the
    stock plugins only); return stdout.  Fails on a non-zero exit status
    and, by default, on anything written to stderr."""
    env = dict(os.environ, HOME=_home, VOLTE_BUILD_DIR=BUILD_DIR, LC_ALL="C.UTF-8")
    if not plugin:
        env["VOLTE_PLUGIN_ROOT"] = os.path.join(BUILD_DIR, "plugins-stock")
    env.pop("WIRESHARK_CONFIG_DIR", None)
    proc = subprocess.run([WRAPPER] + list(args), env=env, capture_output=True, timeout=timeout)
    out = proc.stdout.decode("utf-8", "replace")
    # tshark's notice when it runs as root (only where user namespaces are unavailable)
    err = "\n".join(l for l in proc.stderr.decode("utf-8", "replace").splitlines()
                    if not l.startswith('Running as user "root"'))
    if proc.returncode != 0:
        raise AssertionError("tshark %s exited %d:\n%s" % (" ".join(args), proc.returncode, err))
    if check_stderr and err.strip():
        raise AssertionError("tshark %s wrote to stderr:\n%s" % (" ".join(args), err))
    return out


def fields(path, names, display_filter=None, two_pass=False, prefs=(), extra=()):
    """One dict per displayed frame: field name -> list of values (one per
    occurrence, i.e. per SIP message for volte.* fields)."""
    args = ["-r", path, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
            "-E", "aggregator=" + AGG, "-e", "frame.number"]
    for n in names:
        args += ["-e", n]
    if display_filter:
        args += ["-Y", display_filter]
    if two_pass:
        args.append("-2")
    for p in prefs:
        args += ["-o", p]
    args += list(extra)
    rows = []
    for line in tshark(args).splitlines():
        cols = line.split(SEP)
        row = {"frame": int(cols[0])}
        for i, n in enumerate(names):
            v = cols[i + 1] if i + 1 < len(cols) else ""
            row[n] = v.split(AGG) if v != "" else []
        rows.append(row)
    return rows


def by_frame(rows):
    return {r["frame"]: r for r in rows}


def frames(path, display_filter, two_pass=False, prefs=()):
    """Frame numbers that pass a display filter."""
    return [r["frame"] for r in fields(path, [], display_filter, two_pass, prefs)]


class TsharkTestCase(unittest.TestCase):
    maxDiff = None
