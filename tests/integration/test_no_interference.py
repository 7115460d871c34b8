"""The plugin must not change what the other dissectors show.

For every bundled capture and every third-party capture next to the
checkout, the SIP and SDP layers as tshark prints them (-T json -J "sip sdp")
are byte-identical with and without the plugin, in single-pass mode.
"""
import glob
import json
import os
import unittest

from volte_tshark import CAPTURES, SHARED_CAPTURES, TsharkTestCase, tshark

ESP = ["-o", "esp.enable_null_encryption_decode_heuristic:TRUE"]


def sip_sdp_layers(out):
    """The sip and sdp layers of every packet, in order."""
    packets = json.loads(out) if out.strip() else []
    return [{k: v for k, v in p["_source"]["layers"].items() if k in ("sip", "sdp")} for p in packets]


def all_captures():
    found = sorted(glob.glob(os.path.join(CAPTURES, "*.pcap")))
    for pattern in ("*.pcap", "*.pcapng", "*.cap", "*.pcap.gz", "*.pcapng.gz"):
        found += sorted(glob.glob(os.path.join(SHARED_CAPTURES, pattern)))
    return found


class NoInterference(TsharkTestCase):
    def test_sip_and_sdp_layers_unchanged(self):
        paths = all_captures()
        self.assertGreater(len(paths), 40)
        compared = 0
        for path in paths:
            args = ["-r", path, "-T", "json", "-J", "sip sdp"] + ESP
            with self.subTest(capture=os.path.basename(path)):
                without = sip_sdp_layers(tshark(args, plugin=False))
                with_plugin = sip_sdp_layers(tshark(args))
                self.assertEqual(with_plugin, without)
                compared += sum(1 for p in without if "sip" in p)
        self.assertGreater(compared, 500)  # SIP layers were really compared (bundled captures alone: ~850)

    def test_the_stock_run_really_lacks_the_plugin(self):
        def protocols(plugin):
            return [l.split("\t")[2] for l in tshark(["-G", "protocols"], plugin=plugin).splitlines()]
        self.assertNotIn("volte", protocols(False))
        self.assertIn("volte", protocols(True))


if __name__ == "__main__":
    unittest.main()
