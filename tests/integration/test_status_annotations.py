"""Every SIP response gets the documented meaning of its status code.

Captures: captures/all_status_codes.pcap (one INVITE and one response per
registered code, in registry order; 183 and 486 carry reason phrases of the
sender's own) and captures/volte_call_precondition.pcap.
"""
import json
import unittest

from volte_tshark import TsharkTestCase, capture, fields, frames, tshark

# The IANA registry's standard reason phrases, written out independently of
# the plugin's catalogue so that a wrong or missing entry fails here.
STANDARD_NAMES = {
    100: "Trying", 180: "Ringing", 181: "Call Is Being Forwarded", 182: "Queued",
    183: "Session Progress", 199: "Early Dialog Terminated", 200: "OK", 202: "Accepted",
    204: "No Notification", 300: "Multiple Choices", 301: "Moved Permanently",
    302: "Moved Temporarily", 305: "Use Proxy", 380: "Alternative Service", 400: "Bad Request",
    401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 406: "Not Acceptable", 407: "Proxy Authentication Required",
    408: "Request Timeout", 410: "Gone", 412: "Conditional Request Failed",
    413: "Request Entity Too Large", 414: "Request-URI Too Long", 415: "Unsupported Media Type",
    416: "Unsupported URI Scheme", 417: "Unknown Resource-Priority", 420: "Bad Extension",
    421: "Extension Required", 422: "Session Interval Too Small", 423: "Interval Too Brief",
    424: "Bad Location Information", 425: "Bad Alert Message", 428: "Use Identity Header",
    429: "Provide Referrer Identity", 430: "Flow Failed", 433: "Anonymity Disallowed",
    436: "Bad Identity Info", 437: "Unsupported Credential", 438: "Invalid Identity Header",
    439: "First Hop Lacks Outbound Support", 440: "Max-Breadth Exceeded", 469: "Bad Info Package",
    470: "Consent Needed", 480: "Temporarily Unavailable", 481: "Call/Transaction Does Not Exist",
    482: "Loop Detected", 483: "Too Many Hops", 484: "Address Incomplete", 485: "Ambiguous",
    486: "Busy Here", 487: "Request Terminated", 488: "Not Acceptable Here", 489: "Bad Event",
    491: "Request Pending", 493: "Undecipherable", 494: "Security Agreement Required",
    500: "Server Internal Error", 501: "Not Implemented", 502: "Bad Gateway",
    503: "Service Unavailable", 504: "Server Time-out", 505: "Version Not Supported",
    513: "Message Too Large", 555: "Push Notification Service Not Supported",
    580: "Precondition Failure", 600: "Busy Everywhere", 603: "Decline",
    604: "Does Not Exist Anywhere", 606: "Not Acceptable", 607: "Unwanted", 608: "Rejected",
}

STATUS_FIELDS = ["sip.Status-Code", "volte.status.code", "volte.status.class", "volte.status.final",
                 "volte.status.name", "volte.status.meaning", "volte.status.meaning_zh",
                 "volte.status.action", "volte.status.ref", "volte.status.known",
                 "volte.status.volte_note"]


class AllStatusCodes(TsharkTestCase):
    @classmethod
    def setUpClass(cls):
        cls.path = capture("all_status_codes.pcap")
        cls.rows = fields(cls.path, STATUS_FIELDS, "sip.Status-Code")

    def test_every_registered_code_is_annotated(self):
        seen = set()
        for row in self.rows:
            code = int(row["sip.Status-Code"][0])
            seen.add(code)
            with self.subTest(code=code):
                self.assertEqual(row["volte.status.code"], [str(code)])
                self.assertEqual(row["volte.status.class"], [str(code // 100)])
                self.assertEqual(row["volte.status.final"], ["1" if code >= 200 else "0"])
                self.assertEqual(row["volte.status.known"], ["1"])
                self.assertEqual(row["volte.status.name"], [STANDARD_NAMES[code]])
                for f in ("volte.status.meaning", "volte.status.meaning_zh", "volte.status.action"):
                    self.assertEqual(len(row[f]), 1, f)
                    self.assertGreater(len(row[f][0]), 5, f)
                self.assertRegex(row["volte.status.ref"][0], r"^(RFC \d+|3GPP TS [\d.]+) ")
                self.assertTrue(any(ord(c) > 0x2e80 for c in row["volte.status.meaning_zh"][0]))
        self.assertEqual(seen, set(STANDARD_NAMES))

    def test_name_is_the_standard_phrase_not_the_senders(self):
        out = tshark(["-r", self.path, "-Y", "sip.Status-Code == 183 || sip.Status-Code == 486", "-T", "fields",
                      "-e", "sip.Status-Line", "-e", "volte.status.name"])
        self.assertEqual(out.splitlines(), ["SIP/2.0 183 Progress\tSession Progress",
                                            "SIP/2.0 486 User Busy\tBusy Here"])

    def test_exact_catalogue_entries(self):
        by_code = {int(r["sip.Status-Code"][0]): r for r in self.rows}
        self.assertEqual(by_code[580]["volte.status.ref"], ["RFC 3312 §8"])
        self.assertIn("bearer", by_code[580]["volte.status.volte_note"][0])
        self.assertEqual(by_code[183]["volte.status.ref"], ["RFC 3261 §21.1.5"])
        self.assertEqual(by_code[401]["volte.status.ref"], ["RFC 3261 §21.4.2"])
        self.assertIn("credentials", by_code[401]["volte.status.action"][0])
        self.assertIn("Rx", by_code[503]["volte.status.volte_note"][0])
        self.assertIn("Retry-After", by_code[503]["volte.status.action"][0])
        self.assertEqual(by_code[305]["volte.status.volte_note"], [])  # no note where none applies

    def test_class_filter_selects_exactly_that_class(self):
        for cls in range(1, 7):
            expected = [r["frame"] for r in self.rows if int(r["sip.Status-Code"][0]) // 100 == cls]
            with self.subTest(cls=cls):
                self.assertEqual(frames(self.path, "volte.status.class == %d" % cls), expected)
                self.assertTrue(expected)

    def test_filters_on_text_fields(self):
        busy = frames(self.path, 'volte.status.name == "Busy Here"')
        self.assertEqual(len(busy), 1)
        self.assertEqual(frames(self.path, "volte.status.final == 0"),
                         [r["frame"] for r in self.rows if int(r["sip.Status-Code"][0]) < 200])
        self.assertEqual(len(frames(self.path, "volte.status.volte_note")),
                         len([r for r in self.rows if r["volte.status.volte_note"]]))

    def test_requests_carry_no_status(self):
        self.assertEqual(frames(self.path, "sip.Method && volte.status.code"), [])
        self.assertEqual(len(frames(self.path, "sip.Method && volte")), len(STANDARD_NAMES) + 3)  # +ACKs


class LanguageAndInfoColumn(TsharkTestCase):
    path = None

    @classmethod
    def setUpClass(cls):
        cls.path = capture("volte_call_precondition.pcap")

    def info(self, *prefs):
        rows = fields(self.path, ["_ws.col.Info"], "frame.number == 3", prefs=prefs)
        return rows[0]["_ws.col.Info"][0]

    def test_info_suffix_follows_language(self):
        en = self.info()
        zh = self.info("volte.language:chinese")
        both = self.info("volte.language:both")
        self.assertRegex(en, r"^Status: 183 Session Progress \|\s*\[[ -~]+\]$")
        self.assertRegex(zh, r"\[[^\]]*[\u4e00-\u9fff][^\]]*\]$")
        suffix_en = en[en.index("[") + 1:-1]
        suffix_zh = zh[zh.index("[") + 1:-1]
        self.assertIn(suffix_en, both)
        self.assertIn(suffix_zh, both)

    def test_info_suffix_can_be_turned_off(self):
        self.assertNotIn("[", self.info("volte.info_meaning:FALSE"))

    def test_both_meanings_filterable_whatever_the_language(self):
        for lang in ("english", "chinese", "both"):
            with self.subTest(lang=lang):
                pref = ["volte.language:" + lang]
                self.assertEqual(frames(self.path, 'volte.status.meaning contains "progress"', prefs=pref),
                                 [3])
                self.assertEqual(frames(self.path, "volte.status.meaning_zh && volte.status.code == 180",
                                        prefs=pref), [8])

    def test_tree_text(self):
        out = tshark(["-r", self.path, "-Y", "frame.number == 3", "-V", "-O", "volte"])
        self.assertIn("VoLTE SIP Call Analysis, Call 1, Message 3: 183 Session Progress", out)
        self.assertIn("Reference: RFC 3261 §21.1.5", out)
        self.assertIn("Response to: 1", out)

    def test_json_and_ek_output(self):
        doc = json.loads(tshark(["-r", self.path, "-Y", "frame.number == 3", "-T", "json", "-J", "volte"]))
        volte = doc[0]["_source"]["layers"]["volte"]
        self.assertEqual(volte["volte.call"], "1")
        status = volte["volte.status.code_tree"]
        self.assertEqual(status["volte.status.name"], "Session Progress")
        self.assertEqual(status["volte.status.class"], "1")
        ek = tshark(["-r", self.path, "-Y", "frame.number == 3", "-T", "ek"])
        self.assertIn('"volte_volte_status_name":"Session Progress"', ek)


class Statistics(TsharkTestCase):
    def test_response_code_tree(self):
        out = tshark(["-r", capture("all_status_codes.pcap"), "-q", "-z", "volte_codes,tree"])
        self.assertIn("SIP responses", out)
        self.assertRegex(out, r"4xx Client Failure\s+46\b")
        self.assertRegex(out, r"486 Busy Here\s+1\b")


if __name__ == "__main__":
    unittest.main()
