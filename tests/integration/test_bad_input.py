"""Bad input is reported as expert info and never stops the analysis.

Capture: captures/malformed.pcap (frames listed in captures/README.md):
 2 "SIP/2.0 2OO OK" (unparsable status line)   4 486 without CSeq
 6 status 999    8 status 701    10 status 399    12 status 499
13 binary junk to port 5060      14 a message cut in the middle of a header
15-21 a clean call that must still be analysed.
"""
import unittest

from volte_tshark import TsharkTestCase, by_frame, capture, fields, frames

WARN = "6291456"   # PI_WARN
NOTE = "4194304"   # PI_NOTE


class MalformedCapture(TsharkTestCase):
    path = capture("malformed.pcap")

    @classmethod
    def setUpClass(cls):
        cls.rows = by_frame(fields(cls.path, [
            "volte.call", "volte.status.code", "volte.status.class", "volte.status.known",
            "volte.response_to", "_ws.expert.message", "_ws.expert.severity"], "volte"))

    def expert(self, frame):
        r = self.rows[frame]
        return list(zip(r["_ws.expert.message"], r["_ws.expert.severity"]))

    def test_unparsable_status_line_is_reported(self):
        self.assertEqual(self.expert(2), [(
            'Not a SIP message on the SIP port (first line "SIP/2.0 2OO OK"): neither a request '
            "line nor a status line parses; RFC 3261 §7.1, §7.2", WARN)])
        self.assertEqual(self.rows[2]["volte.call"], [])
        self.assertEqual(frames(self.path, "volte.expert.not_sip"), [2, 13])

    def test_binary_junk_is_reported_by_size(self):
        self.assertIn("200 bytes of binary data", self.expert(13)[0][0])

    def test_missing_cseq(self):
        self.assertEqual(self.expert(4), [(
            "No CSeq header was parsed; the message cannot be paired with its transaction; RFC 3261 §8.1.1.5",
            WARN)])
        self.assertEqual(self.rows[4]["volte.status.code"], ["486"])  # still annotated
        self.assertEqual(self.rows[4]["volte.response_to"], [])

    def test_absurd_codes_warn(self):
        for frame, code in ((6, 999), (8, 701)):
            with self.subTest(code=code):
                self.assertEqual(self.expert(frame), [
                    ("Status code %d is outside 100..699; RFC 3261 §7.2" % code, WARN)])
                self.assertEqual(self.rows[frame]["volte.status.class"], [])
                self.assertEqual(self.rows[frame]["volte.status.known"], ["0"])
        self.assertEqual(frames(self.path, "volte.expert.status_out_of_range"), [6, 8])

    def test_unregistered_codes_keep_their_class(self):
        for frame, code, cls in ((10, 399, 3), (12, 499, 4)):
            with self.subTest(code=code):
                self.assertEqual(self.rows[frame]["volte.status.class"], [str(cls)])
                self.assertEqual(self.rows[frame]["volte.status.known"], ["0"])
                self.assertEqual(self.expert(frame)[0], (
                    "Status code %d is not in the IANA registry; a client treats it as %d00; "
                    "RFC 3261 §8.1.3.2" % (code, cls), NOTE))
                self.assertEqual(self.rows[frame]["volte.response_to"], [str(frame - 1)])

    def test_truncated_message_still_counted(self):
        self.assertEqual(len(self.rows[14]["volte.call"]), 1)

    def test_rest_of_capture_still_analysed(self):
        to = {f: self.rows[f]["volte.response_to"] for f in (16, 17, 18, 21)}
        self.assertEqual(to, {16: ["15"], 17: ["15"], 18: ["15"], 21: ["20"]})
        self.assertEqual([self.expert(f) for f in range(15, 22)], [[]] * 7)

    def test_two_pass_adds_only_the_end_of_capture_checks(self):
        # frames 1, 3 and 14 are INVITEs whose answer did not parse or never came: once the
        # whole capture is known, Timer B has run out for them (and that says it all: no
        # "still calling at the end" note on top)
        two = by_frame(fields(self.path, ["_ws.expert.message"], "volte", two_pass=True))
        added = {}
        for f, r in two.items():
            extra = [m for m in r["_ws.expert.message"] if m not in self.rows[f]["_ws.expert.message"]]
            missing = [m for m in self.rows[f]["_ws.expert.message"] if m not in r["_ws.expert.message"]]
            self.assertEqual(missing, [], "frame %d" % f)
            if extra:
                added[f] = [m.split(";")[0] for m in extra]
        timeout = "INVITE in this frame got no final response within 32000 ms (Timer B, no response at all)"
        self.assertEqual(added, {1: [timeout], 3: [timeout], 14: [timeout]})


class TooManyMessagesInOneFrame(TsharkTestCase):
    """captures/tcp_many_messages.pcap: frame 4 is one TCP segment with 40
    OPTIONS, frame 6 one with their 40 200 OKs.  The first 32 messages of a
    frame are analysed; the rest are counted in one note."""

    path = capture("tcp_many_messages.pcap")
    note = "8 more SIP messages in this frame were not analysed (limit 32 per frame)"

    def check(self, two_pass):
        rows = by_frame(fields(self.path, ["sip.Method", "sip.Status-Code", "volte.call", "volte.response_to",
                                           "volte.expert.too_many_messages", "_ws.expert.message",
                                           "_ws.expert.severity"], "sip", two_pass=two_pass))
        self.assertEqual(sorted(rows), [4, 6])
        for frame in (4, 6):
            r = rows[frame]
            self.assertEqual(len(r["sip.Method"]) + len(r["sip.Status-Code"]), 40)
            self.assertEqual(r["volte.call"], [str(n) for n in range(1, 33)])
            self.assertEqual(list(zip(r["_ws.expert.message"], r["_ws.expert.severity"])), [(self.note, NOTE)])
        # the 32 answers analysed pair with the 32 requests analysed
        self.assertEqual(rows[6]["volte.response_to"], ["4"] * 32)

    def test_single_pass(self):
        self.check(False)

    def test_two_pass(self):
        self.check(True)


if __name__ == "__main__":
    unittest.main()
