"""The bundled generated captures are exactly what captures/generate*.py write.

Tests assert frame numbers and times from these files; if the generator and
the committed files drift apart, the expectations would silently describe a
capture nobody can rebuild.
"""
import glob
import hashlib
import os
import subprocess
import sys
import tempfile
import unittest

from volte_tshark import CAPTURES


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Reproducible(unittest.TestCase):
    def test_generators_rebuild_the_committed_captures(self):
        scripts = sorted(glob.glob(os.path.join(CAPTURES, "generate*.py")))
        self.assertIn(os.path.join(CAPTURES, "generate.py"), scripts)
        written = []
        with tempfile.TemporaryDirectory() as out:
            for script in scripts:
                subprocess.run([sys.executable, script, "--out", out], check=True, capture_output=True)
            written = sorted(f for f in os.listdir(out) if f.endswith(".pcap"))
            self.assertGreaterEqual(len(written), 20)
            for name in written:
                with self.subTest(capture=name):
                    self.assertEqual(digest(os.path.join(out, name)),
                                     digest(os.path.join(CAPTURES, name)))

if __name__ == "__main__":
    unittest.main()
