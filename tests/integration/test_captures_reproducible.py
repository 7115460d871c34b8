"""The bundled generated captures are exactly what captures/generate.py writes.

Tests assert frame numbers and times from these files; if the generator and
the committed files drift apart, the expectations would silently describe a
capture nobody can rebuild.
"""
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
    def test_generator_rebuilds_the_committed_captures(self):
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([sys.executable, os.path.join(CAPTURES, "generate.py"), "--out", out],
                           check=True, capture_output=True)
            written = sorted(f for f in os.listdir(out) if f.endswith(".pcap"))
            self.assertGreaterEqual(len(written), 10)
            for name in written:
                with self.subTest(capture=name):
                    self.assertEqual(digest(os.path.join(out, name)),
                                     digest(os.path.join(CAPTURES, name)))


if __name__ == "__main__":
    unittest.main()
