"""Requests and responses are paired on every transport, one subtree per message.

Expected frame numbers come from captures/README.md, where each bundled
capture lists its frames.
"""
import unittest

from volte_tshark import TsharkTestCase, by_frame, capture, fields, frames

PAIR_FIELDS = ["volte.call", "volte.msg", "volte.response_to", "volte.response_in",
               "volte.response_time", "volte.retransmission_of"]


def column(rows, name):
    """frame -> comma-joined values of one field, for compact expectations."""
    return {r["frame"]: ",".join(r[name]) for r in rows}


class VolteCallWithPreconditions(TsharkTestCase):
    """INVITE 100 183 PRACK 200 UPDATE 200 180 200 ACK BYE 200 over UDP."""
    path = capture("volte_call_precondition.pcap")

    def test_response_to_single_pass(self):
        rows = fields(self.path, PAIR_FIELDS, "volte")
        self.assertEqual(column(rows, "volte.response_to"),
                         {1: "", 2: "1", 3: "1", 4: "", 5: "4", 6: "", 7: "6", 8: "1", 9: "1",
                          10: "", 11: "", 12: "11"})
        # a later response cannot be known when the request is printed
        self.assertEqual(frames(self.path, "volte.response_in"), [])

    def test_response_in_two_pass(self):
        rows = fields(self.path, PAIR_FIELDS, "volte", two_pass=True)
        self.assertEqual(column(rows, "volte.response_in"),
                         {1: "9", 2: "", 3: "", 4: "5", 5: "", 6: "7", 7: "", 8: "", 9: "", 10: "",
                          11: "12", 12: ""})
        self.assertEqual(column(rows, "volte.response_to")[9], "1")

    def test_response_time_and_call_numbering(self):
        rows = fields(self.path, PAIR_FIELDS, "volte")
        times = column(rows, "volte.response_time")
        self.assertEqual(times[2], "0.020000000")
        self.assertEqual(times[3], "1.210000000")
        self.assertEqual(times[9], "7.010000000")
        self.assertEqual(times[12], "0.060000000")
        self.assertEqual(set(column(rows, "volte.call").values()), {"1"})
        self.assertEqual([column(rows, "volte.msg")[f] for f in range(1, 13)],
                         [str(i) for i in range(1, 13)])

    def test_response_time_filter(self):
        self.assertEqual(frames(self.path, "volte.response_time > 2"), [8, 9])


class Transports(TsharkTestCase):
    def test_tcp_two_messages_in_one_segment(self):
        rows = by_frame(fields(capture("tcp_two_messages.pcap"),
                               ["volte.status.code", "volte.response_to", "volte.msg"], "volte"))
        self.assertEqual(sorted(rows), [4, 5, 8, 9, 11, 12])
        self.assertEqual(rows[5]["volte.status.code"], ["100", "180"])  # two subtrees in frame 5
        self.assertEqual(rows[5]["volte.response_to"], ["4", "4"])
        self.assertEqual(rows[5]["volte.msg"], ["2", "3"])
        self.assertEqual(rows[8]["volte.status.code"], ["200"])  # reassembled from frames 7 and 8
        self.assertEqual(rows[8]["volte.response_to"], ["4"])
        self.assertEqual(rows[12]["volte.response_to"], ["11"])

    def test_two_calls_interleaved_in_one_connection(self):
        rows = by_frame(fields(capture("two_calls_one_tcp.pcap"),
                               ["sip.Call-ID", "volte.call", "volte.response_to"], "volte"))
        self.assertEqual(rows[8]["volte.call"], ["1", "2"])
        self.assertEqual(rows[8]["volte.response_to"], ["4", "7"])
        self.assertEqual(rows[15]["volte.response_to"], ["7"])
        self.assertEqual(rows[22]["volte.response_to"], ["21"])

    def test_ipv6(self):
        rows = fields(capture("ipv6_call.pcap"), ["volte.response_to"], "volte.status.code")
        self.assertEqual(column(rows, "volte.response_to"), {2: "1", 3: "1", 4: "1", 7: "6"})

    def test_sctp(self):
        rows = fields(capture("sctp_call.pcap"), ["volte.response_to"], "volte.status.code")
        self.assertEqual(column(rows, "volte.response_to"), {6: "5", 8: "5", 10: "5", 14: "13"})


class ProxyLegsAndRetransmissions(TsharkTestCase):
    def test_each_proxy_leg_pairs_with_its_own_request(self):
        path = capture("volte_call_two_legs.pcap")
        rows = fields(path, ["volte.response_to"], "volte.status.code")
        self.assertEqual(column(rows, "volte.response_to"),
                         {2: "1", 4: "3", 5: "3", 6: "1", 9: "8", 10: "7", 13: "12", 14: "11",
                          15: "3", 16: "1", 17: "3", 18: "1", 23: "22", 24: "21"})
        # the same message on two hops is not a retransmission
        self.assertEqual(frames(path, "volte.retransmission"), [])

    def test_udp_retransmissions_point_at_the_first_copy(self):
        path = capture("retransmission_udp.pcap")
        rows = fields(path, PAIR_FIELDS, "volte", two_pass=True)
        self.assertEqual(column(rows, "volte.retransmission_of"),
                         {1: "", 2: "1", 3: "1", 4: "", 5: "", 6: "5", 7: "", 8: "7", 9: "7", 10: "",
                          11: "", 12: "", 13: "", 14: "13", 15: ""})
        to = column(rows, "volte.response_to")
        self.assertEqual([to[f] for f in (4, 5, 6, 7, 8, 9)], ["1"] * 6)
        self.assertEqual(to[15], "13")
        # every copy of the INVITE points at its first final response
        self.assertEqual([column(rows, "volte.response_in")[f] for f in (1, 2, 3)], ["7", "7", "7"])
        # response time runs from the first copy
        self.assertEqual(column(rows, "volte.response_time")[4], "1.520000000")


class TcpRetransmissions(TsharkTestCase):
    def test_sip_retransmission_over_tcp(self):
        # frame 7 is TCP resending the INVITE's segment: TCP flags it and does not hand it to SIP
        # again, so it is not a SIP retransmission; frame 13 is the UAS resending its 200 OK
        # because the ACK is late (RFC 3261 §13.3.1.4), which SIP does on every transport
        path = capture("retransmission_tcp.pcap")
        rows = fields(path, ["volte.retransmission_of", "volte.response_to"], "volte")
        self.assertEqual(column(rows, "volte.retransmission_of"),
                         {4: "", 5: "", 9: "", 11: "", 13: "11", 14: "", 16: "", 17: ""})
        self.assertEqual(column(rows, "volte.response_to")[13], "4")
        self.assertEqual(frames(path, "tcp.analysis.retransmission"), [7])


class RealSippPeers(TsharkTestCase):
    """Recorded from sipp UAC and UAS on loopback (captures/record_sipp.sh)."""

    def test_precondition_flow_from_sipp(self):
        rows = fields(capture("sipp_volte_precondition.pcap"),
                      ["volte.response_to", "volte.response_in", "_ws.expert.message"], "volte",
                      two_pass=True)
        self.assertEqual(column(rows, "volte.response_to"),
                         {1: "", 2: "1", 3: "1", 4: "", 5: "4", 6: "", 7: "6", 8: "1", 9: "1",
                          10: "", 11: "", 12: "11"})
        self.assertEqual(column(rows, "volte.response_in"),
                         {1: "9", 2: "", 3: "", 4: "5", 5: "", 6: "7", 7: "", 8: "", 9: "", 10: "",
                          11: "12", 12: ""})
        self.assertEqual(column(rows, "_ws.expert.message"), {f: "" for f in range(1, 13)})

    def test_basic_call_from_sipp(self):
        rows = fields(capture("sipp_basic_call.pcap"), ["sip.Method", "volte.status.code",
                                                        "volte.response_to"], "volte")
        responses = [r for r in rows if r["volte.status.code"]]
        self.assertEqual([r["volte.status.code"][0] for r in responses], ["180", "200", "200"])
        self.assertTrue(all(r["volte.response_to"] for r in responses))


if __name__ == "__main__":
    unittest.main()
