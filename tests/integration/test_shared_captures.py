"""The plugin over third-party captures: no crash, no error output, every
SIP response annotated.

The captures are not ours to redistribute, so they are read from
../shared/captures next to the checkout (or $VOLTE_SHARED_CAPTURES) and are
not part of the repository.  Where that folder is absent there is nothing
to check and the test says so.
"""
import glob
import os
import unittest

from volte_tshark import SHARED_CAPTURES, TsharkTestCase, fields

PATTERNS = ("*.pcap", "*.pcapng", "*.cap", "*.pcap.gz", "*.pcapng.gz")

# Options some captures need for SIP to be seen at all.
OPTIONS = {
    "SSMTK-projekt__VoLTE_poziv.pcap": ["-o", "esp.enable_null_encryption_decode_heuristic:TRUE"],
    "pcaptoparquet__51_esp_sip.pcapng.gz": ["-o", "esp.enable_null_encryption_decode_heuristic:TRUE"],
}


def shared_captures():
    found = []
    for p in PATTERNS:
        found += glob.glob(os.path.join(SHARED_CAPTURES, p))
    return sorted(set(found))


class SharedCaptures(TsharkTestCase):
    def test_every_response_is_annotated(self):
        paths = shared_captures()
        if not paths:
            print("no third-party captures in %s: nothing to check" % SHARED_CAPTURES)
            return
        responses = 0
        for path in paths:
            name = os.path.basename(path)
            for two_pass in (False, True):
                with self.subTest(capture=name, two_pass=two_pass):
                    rows = fields(path, ["sip.Status-Code", "volte.status.code", "volte.status.class"],
                                  "sip.Status-Code", two_pass=two_pass, extra=OPTIONS.get(name, ()))
                    for row in rows:
                        codes = row["sip.Status-Code"]
                        # one volte subtree per SIP message, in the same order
                        self.assertEqual(row["volte.status.code"], codes, "frame %d" % row["frame"])
                        expect_cls = [str(int(c) // 100) for c in codes if 100 <= int(c) <= 699]
                        self.assertEqual(row["volte.status.class"], expect_cls, "frame %d" % row["frame"])
                    if not two_pass:
                        responses += sum(len(r["sip.Status-Code"]) for r in rows)
        self.assertGreater(responses, 1000)


if __name__ == "__main__":
    unittest.main()
