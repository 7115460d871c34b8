"""Calls and registrations: state after every message, outcome, flows, timings.

Each test names the capture (captures/README.md lists its frames) and the
expectation in the order a reader of the ladder diagram would check it.
"""
import unittest

from volte_tshark import SHARED_CAPTURES, TsharkTestCase, by_frame, capture, fields, frames, tshark
import os


def states(path, two_pass=False):
    """frame -> 'state' or 'state/dialog' of the first message of the frame."""
    rows = fields(path, ["volte.call.state", "volte.dialog"], "volte", two_pass=two_pass)
    out = {}
    for r in rows:
        s = r["volte.call.state"][0] if r["volte.call.state"] else ""
        d = r["volte.dialog"][0] if r["volte.dialog"] else ""
        out[r["frame"]] = s + ("/" + d if d else "")
    return out


def call_table(path, extra=()):
    """Rows of -z volte,calls,tsv as dicts."""
    out = tshark(["-r", path, "-2", "-q", "-z", "volte,calls,tsv"] + list(extra))
    lines = [l for l in out.splitlines() if l.strip()]
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:]]


def summary(path, extra=()):
    """call number -> (type, state, outcome, flows)."""
    return {int(r["call"]): (r["type"], r["state"], r["outcome"], r["flows"])
            for r in call_table(path, extra)}


class StatesAfterEveryMessage(TsharkTestCase):
    def test_source_document_flow_on_both_legs(self):
        # A <-> AS <-> B, 24 steps; each message appears on both legs
        got = states(capture("volte_call_two_legs.pcap"))
        self.assertEqual(got, {
            1: "calling", 2: "proceeding", 3: "calling", 4: "proceeding",
            5: "early/1", 6: "early/1", 7: "early/1", 8: "early/1", 9: "early/1", 10: "early/1",
            11: "modifying/1", 12: "modifying/1", 13: "early/1", 14: "early/1",
            15: "ringing/1", 16: "ringing/1", 17: "answered/1", 18: "answered/1",
            19: "confirmed/1", 20: "confirmed/1", 21: "releasing/1", 22: "releasing/1",
            23: "released/1", 24: "released/1"})
        self.assertEqual(frames(capture("volte_call_two_legs.pcap"), "volte.call != 1"), [])

    def test_forking_two_early_dialogs_one_answers(self):
        path = capture("flow_forking.pcap")
        self.assertEqual(states(path), {1: "calling", 2: "proceeding", 3: "ringing/1", 4: "ringing/2",
                                        5: "ringing/2", 6: "answered/2", 7: "confirmed/2",
                                        8: "releasing/2", 9: "released/2"})
        row = fields(path, ["volte.call.dialogs", "volte.call.answered_dialog"], "frame.number == 1",
                     two_pass=True)[0]
        self.assertEqual((row["volte.call.dialogs"], row["volte.call.answered_dialog"]), (["2"], ["2"]))

    def test_cancel(self):
        got = states(capture("flow_no_answer_cancel.pcap"))
        self.assertEqual([got[f] for f in range(1, 8)],
                         ["calling", "proceeding", "ringing/1", "cancelling", "cancelling/1",
                          "cancelled/1", "cancelled/1"])

    def test_hold_and_resume_go_through_modifying(self):
        got = states(capture("flow_hold_resume.pcap"))
        self.assertEqual([got[f] for f in range(4, 16)],
                         ["answered/1", "confirmed/1", "modifying/1", "confirmed/1", "confirmed/1",
                          "modifying/1", "confirmed/1", "confirmed/1", "modifying/1", "confirmed/1",
                          "releasing/1", "released/1"])

    def test_registration_states(self):
        got = states(capture("flow_registration_variants.pcap"))
        self.assertEqual([got[f] for f in range(1, 15)],
                         ["registering", "challenged", "registering", "registration-failed",
                          "registering", "challenged", "registering", "registered",
                          "registering", "deregistered", "registering", "registration-failed",
                          "registering", "registered"])

    def test_mid_call_capture_is_tracked_without_inventing_a_setup(self):
        path = capture("flow_mid_call.pcap")
        self.assertEqual(states(path), {1: "modifying", 2: "confirmed", 3: "confirmed", 4: "releasing",
                                        5: "released"})
        row = fields(path, ["volte.call.partial", "volte.kpi.srd", "volte.kpi.duration"], "volte",
                     two_pass=True)
        self.assertTrue(all(r["volte.call.partial"] == ["1"] for r in row))
        self.assertEqual([r for r in row if r["volte.kpi.srd"] or r["volte.kpi.duration"]], [])
        self.assertEqual(frames(path, "_ws.expert.severity >= warning"), [])


class OutcomesAndFlows(TsharkTestCase):
    EXPECTED = {
        "flow_busy.pcap": {1: ("call", "failed", "busy", "busy"),
                           2: ("call", "failed", "busy", "busy")},
        "flow_no_answer_timeout.pcap": {1: ("call", "failed", "no-answer", "no-answer-timeout"),
                                        2: ("call", "failed", "no-answer", "no-answer-timeout")},
        "flow_no_answer_cancel.pcap": {1: ("call", "cancelled", "cancelled", "no-answer-cancel"),
                                       # cancelled before it rang: not a no-answer flow
                                       2: ("call", "cancelled", "cancelled", "-")},
        "flow_forward_busy.pcap": {
            1: ("call", "released", "answered", "basic-call,normal-release,forward-busy"),
            2: ("call", "failed", "forwarded", "forward-busy")},
        "flow_forward_no_answer.pcap": {
            1: ("call", "released", "answered", "basic-call,normal-release,forward-no-answer")},
        "flow_hold_resume.pcap": {
            1: ("call", "released", "answered", "basic-call,session-modify,normal-release,hold,resume")},
        "flow_call_waiting.pcap": {
            1: ("call", "released", "answered", "basic-call,normal-release,call-waiting")},
        "flow_rejected_failed.pcap": {1: ("call", "failed", "rejected", "rejected"),     # 403
                                      2: ("call", "failed", "rejected", "rejected"),     # 603
                                      3: ("call", "failed", "failed", "failed"),         # 503
                                      4: ("call", "failed", "failed", "failed"),         # 580
                                      5: ("call", "failed", "failed", "failed")},        # 404
        "flow_session_modify.pcap": {
            1: ("call", "released", "answered", "basic-call,session-modify,normal-release")},
        "flow_mid_call.pcap": {1: ("call", "released", "answered", "session-modify,normal-release")},
        "flow_registration_variants.pcap": {
            1: ("registration", "registration-failed", "auth-failed", "-"),
            2: ("registration", "deregistered", "deregistered", "register,deregister"),
            3: ("registration", "registered", "registered", "register"),
            4: ("registration", "registering", "in-progress", "-")},   # never answered
        "registration.pcap": {1: ("registration", "deregistered", "deregistered", "register,deregister")},
        "volte_call_precondition.pcap": {
            1: ("call", "released", "answered", "basic-call,normal-release")},
        "kamailio_proxy_call.pcap": {1: ("call", "released", "answered", "basic-call,normal-release")},
    }

    def test_each_flow_capture(self):
        for name, expected in self.EXPECTED.items():
            with self.subTest(capture=name):
                self.assertEqual(summary(capture(name)), expected)

    def test_two_pass_flow_filter_selects_whole_calls(self):
        path = capture("flow_busy.pcap")
        self.assertEqual(frames(path, 'volte.flow == "busy"', two_pass=True), list(range(1, 9)))
        # single pass: the INVITE and 100 come before anything says busy
        self.assertEqual(frames(path, 'volte.flow == "busy"'), [3, 4, 7, 8])

    def test_outcome_known_so_far_in_single_pass(self):
        rows = by_frame(fields(capture("flow_no_answer_timeout.pcap"), ["volte.call.outcome"], "volte"))
        self.assertEqual([rows[f]["volte.call.outcome"] for f in (1, 3, 4)],
                         [["in-progress"], ["in-progress"], ["no-answer"]])

    def test_caller_and_callee(self):
        rows = call_table(capture("volte_call_precondition.pcap"))
        self.assertEqual((rows[0]["caller"], rows[0]["callee"]), ("+15550100001", "+15550100002"))
        self.assertEqual(frames(capture("volte_call_precondition.pcap"),
                                'volte.call.caller == "+15550100001"'), list(range(1, 13)))


class Timings(TsharkTestCase):
    def test_volte_call_timings(self):
        path = capture("volte_call_precondition.pcap")
        names = ["volte.kpi.srd", "volte.kpi.answer_delay", "volte.kpi.ringing_time",
                 "volte.kpi.duration", "volte.kpi.sdd"]
        got = {}
        for r in fields(path, names, "volte"):
            for n in names:
                if r[n]:
                    got[n] = (r["frame"], r[n][0])
        self.assertEqual(got, {"volte.kpi.srd": (3, "1.210000000"),
                               "volte.kpi.answer_delay": (9, "7.010000000"),
                               "volte.kpi.ringing_time": (9, "5.000000000"),
                               "volte.kpi.duration": (11, "29.950000000"),
                               "volte.kpi.sdd": (12, "0.060000000")})
        self.assertEqual(frames(path, "volte.kpi.srd > 1"), [3])
        self.assertEqual(frames(path, "volte.kpi.srd > 2"), [])

    def test_registration_request_delay_from_first_attempt(self):
        # REGISTER (t=0), 401, REGISTER, 200 (t=0.45): the challenge is part of the delay
        rows = fields(capture("registration.pcap"), ["volte.kpi.rrd"], "volte.kpi.rrd")
        self.assertEqual([(r["frame"], r["volte.kpi.rrd"]) for r in rows][0], (4, ["0.450000000"]))

    def test_srd_on_the_first_leg_only(self):
        # frame 5 is B's 183 on the AS<->B leg, frame 6 the same 183 towards A
        rows = fields(capture("volte_call_two_legs.pcap"), ["volte.kpi.srd"], "volte.kpi.srd")
        self.assertEqual([(r["frame"], r["volte.kpi.srd"]) for r in rows], [(6, ["1.210000000"])])


class Reports(TsharkTestCase):
    def test_call_table_tsv(self):
        rows = call_table(capture("flow_rejected_failed.pcap"))
        self.assertEqual([r["outcome"] for r in rows], ["rejected", "rejected", "failed", "failed", "failed"])
        self.assertEqual(list(rows[0].keys()),
                         ["call", "type", "call_id", "caller", "callee", "start", "srd", "answer_delay",
                          "duration", "state", "outcome", "flows", "messages", "anomalies", "bearer"])
        self.assertEqual(rows[0]["srd"], "0.300")
        self.assertEqual(rows[0]["messages"], "4")

    def test_call_table_with_filter(self):
        out = tshark(["-r", capture("flow_busy.pcap"), "-q", "-z", "volte,calls,tsv,sip.Status-Code == 600"])
        rows = [l.split("\t") for l in out.splitlines()[1:] if l.strip()]
        self.assertEqual([r[0] for r in rows], ["2"])

    def test_aligned_table(self):
        out = tshark(["-r", capture("flow_hold_resume.pcap"), "-q", "-z", "volte,calls"])
        self.assertIn("VoLTE calls and registrations", out)
        self.assertRegex(out, r"\n1\s+call\s+\+15550100001\s+\+15550100002\s+0\.000\s+2\.000\s+7\.000\s+49\.960"
                              r"\s+released\s+answered\s+15\s+0\s+basic-call,session-modify,normal-release,"
                              r"hold,resume\n")

    def test_gui_table_as_printed_by_tshark(self):
        out = tshark(["-r", capture("flow_rejected_failed.pcap"), "-q", "-z", "volte,calltable"])
        self.assertIn("Call |Type |Caller |Callee |State |Outcome |Flows |Messages |SRD (s) |", out)
        self.assertRegex(out, r"\n2 \|call \|\+15550100001 \|\+15550100002 \|failed \|rejected \|rejected \|4 \|4\.000 \|")

    def test_kpi_summary(self):
        out = tshark(["-r", capture("flow_rejected_failed.pcap"), "-q", "-z", "volte,stat"])
        self.assertRegex(out, r"Call attempts:\s+5\n")
        self.assertRegex(out, r"Calls answered:\s+0\n")
        self.assertRegex(out, r"Call setup success ratio:\s+0\.00%")
        self.assertRegex(out, r"outcome rejected\s+2\n")
        self.assertRegex(out, r"outcome failed\s+3\n")
        self.assertRegex(out, r"SRD median \(s\):\s+0\.500\n")   # of 0.3 0.4 0.5 1.5 4.0
        self.assertRegex(out, r"SRD 95th percentile \(s\):\s+4\.000\n")
        reg = tshark(["-r", capture("flow_registration_variants.pcap"), "-q", "-z", "volte,stat"])
        self.assertRegex(reg, r"Registration attempts:\s+4\n")
        self.assertRegex(reg, r"Registrations successful:\s+2\n")
        self.assertRegex(reg, r"Registration success ratio:\s+50\.00%")


class RealVolteCaptures(TsharkTestCase):
    """Third-party VoLTE/VoNR captures (read from ../shared/captures, never copied)."""

    def shared(self, name):
        path = os.path.join(SHARED_CAPTURES, name)
        if not os.path.exists(path):
            print("%s not present: nothing to check" % path)
            return None
        return path

    def test_open5gs_calls_are_answered_and_still_up_at_the_end(self):
        # open5gs test captures: registration, then one call answered and not yet hung up when
        # the capture stops; SUBSCRIBE/NOTIFY dialogs are of type "other".
        for name in ("open5gs__volte.pcapng", "open5gs__ipsec_to_ipsec_call.pcapng",
                     "open5gs__nonipsec_to_ipsec_call.pcapng", "open5gs__ipsec_to_nonipsec_call.pcapng"):
            path = self.shared(name)
            if not path:
                continue
            with self.subTest(capture=name):
                calls = [v for v in summary(path).values() if v[0] == "call"]
                self.assertEqual(calls, [("call", "confirmed", "answered", "basic-call")])

    def test_open5gs_registrations_succeed(self):
        for name in ("open5gs__ipsec_reg.pcapng", "open5gs__nonipsec_reg.pcapng"):
            path = self.shared(name)
            if not path:
                continue
            with self.subTest(capture=name):
                regs = [v for v in summary(path).values() if v[0] == "registration"]
                self.assertEqual(regs, [("registration", "registered", "registered", "register")])

    def test_ssmtk_volte_five_calls_answered_and_released(self):
        # SIP inside ESP NULL: five test calls, each answered and released by BYE
        path = self.shared("SSMTK-projekt__VoLTE_poziv.pcap")
        if not path:
            return
        got = summary(path, ["-o", "esp.enable_null_encryption_decode_heuristic:TRUE"])
        self.assertEqual(list(got.values()),
                         [("call", "released", "answered", "basic-call,normal-release")] * 5)


if __name__ == "__main__":
    unittest.main()
