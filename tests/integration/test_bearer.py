"""Dedicated bearers and QoS preconditions on every message of a call, and
EPC signalling linked to calls (docs/bearer.md).

Each test names the capture (captures/README.md lists its frames) and gives
the exact state after every message.  A frame's state is written
"MO MT EVIDENCE MET": the caller's and the callee's bearer of each media kind
(QCI 1, then 2, comma-separated), the evidence of every bearer that is not
none (MO before MT), and volte.qos.met ("-" when the call has no qos table).
"""
import os
import unittest

from volte_tshark import SHARED_CAPTURES, TsharkTestCase, by_frame, capture, fields, frames, tshark

ESP = ["-o", "esp.enable_null_encryption_decode_heuristic:TRUE"]
STATE = ["volte.bearer.qci", "volte.bearer.mo", "volte.bearer.mt", "volte.bearer.evidence", "volte.qos.met"]
QOS = ["volte.qos.mo.current", "volte.qos.mt.current", "volte.qos.mo.desired", "volte.qos.mt.desired"]
EPC = ["volte.epc.event", "volte.epc.call", "volte.epc.side", "volte.epc.qci", "volte.epc.bearer",
       "volte.epc.match"]


def state_of(row):
    met = row["volte.qos.met"]
    return "%s %s %s %s" % (",".join(row["volte.bearer.mo"]) or "-", ",".join(row["volte.bearer.mt"]) or "-",
                            ",".join(row["volte.bearer.evidence"]) or "-", met[0] if met else "-")


def states(path, display_filter="volte.call", two_pass=False, extra=()):
    """frame -> state string, for the frames that pass the filter."""
    rows = fields(path, STATE, display_filter, two_pass=two_pass, extra=extra)
    return {r["frame"]: state_of(r) for r in rows}


def qos(path, display_filter="sdp"):
    """frame -> (mo current, mt current, mo desired, mt desired) on the SDP frames."""
    rows = fields(path, QOS, display_filter)
    return {r["frame"]: tuple(",".join(r[n]) for n in QOS) for r in rows}


def epc(path, two_pass=False, extra=()):
    """frame -> [(event, call, side, qci, bearer, match)] of the EPC frames linked to a call."""
    rows = fields(path, EPC, "volte.epc.event", two_pass=two_pass, extra=extra)
    out = {}
    for r in rows:
        out[r["frame"]] = [tuple(r[n][i] if i < len(r[n]) else "" for n in EPC)
                           for i in range(len(r["volte.epc.event"]))]
    return out


def call_table(path, extra=()):
    out = tshark(["-r", path, "-q", "-z", "volte,calls,tsv"] + list(extra))
    lines = [l for l in out.splitlines() if l.strip()]
    head = lines[0].split("\t")
    return {int(r["call"]): r for r in (dict(zip(head, l.split("\t"))) for l in lines[1:])}


# The source document's flow, UE-A <-> P-CSCF leg (volte_call_precondition.pcap)
ONE_LEG = {
    1: "requested none flow 0",            # INVITE with the QoS offer: the caller's bearer asked for
    2: "requested none flow 0",            # 100
    3: "requested active flow,flow 0",     # 183: the callee's QCI 1 bearer (source step 5)
    4: "active active flow,flow 0",        # PRACK: the caller's (source step 7)
    5: "active active flow,flow 0",        # 200 (PRACK)
    6: "active active sdp,flow 0",         # UPDATE curr:qos local sendrecv: the caller's confirmed by SDP
    7: "active active sdp,sdp 1",          # 200 (UPDATE): both sendrecv, preconditions met
    8: "active active sdp,sdp 1",          # 180
    9: "active active sdp,sdp 1",          # 200 (INVITE)
    10: "active active sdp,sdp 1",         # ACK
    11: "released released flow,flow 1",   # BYE releases both
    12: "released released flow,flow 1",   # 200 (BYE)
}


class SourceDocumentFlow(TsharkTestCase):
    def test_one_leg_every_frame(self):
        path = capture("volte_call_precondition.pcap")
        self.assertEqual(states(path), ONE_LEG)
        self.assertEqual(states(path, two_pass=True), ONE_LEG)

    def test_one_leg_precondition_table(self):
        self.assertEqual(qos(capture("volte_call_precondition.pcap")), {
            1: ("none", "none", "sendrecv mandatory", "sendrecv optional"),
            3: ("none", "none", "sendrecv mandatory", "sendrecv mandatory"),   # the answer upgrades MT
            6: ("sendrecv", "none", "sendrecv mandatory", "sendrecv mandatory"),
            7: ("sendrecv", "sendrecv", "sendrecv mandatory", "sendrecv mandatory")})

    def test_one_leg_frames_times_and_flags(self):
        path = capture("volte_call_precondition.pcap")
        rows = by_frame(fields(path, ["volte.bearer.qci", "volte.bearer.since", "volte.bearer.setup_time",
                                      "volte.precondition.used", "volte.precondition.reliable"], "volte"))
        self.assertEqual(rows[1]["volte.bearer.qci"], ["1"])
        self.assertEqual(rows[3]["volte.bearer.since"], ["1", "3"])
        self.assertEqual(rows[10]["volte.bearer.since"], ["4", "3"])
        self.assertEqual(rows[10]["volte.bearer.setup_time"], ["1.260000000", "1.210000000"])
        self.assertEqual(rows[12]["volte.bearer.since"], ["11", "11"])
        self.assertTrue(all(r["volte.precondition.used"] == ["1"] and r["volte.precondition.reliable"] == ["1"]
                            for r in rows.values()))

    def test_both_legs_every_frame(self):
        # frame N is step (N) of the source document; each message is seen on both legs
        path = capture("volte_call_two_legs.pcap")
        got = states(path)
        self.assertEqual(got, {
            1: "requested none flow 0", 2: "requested none flow 0", 3: "requested none flow 0",
            4: "requested none flow 0",
            5: "requested active flow,flow 0", 6: "requested active flow,flow 0",     # 183 on each leg
            7: "active active flow,flow 0", 8: "active active flow,flow 0",           # PRACK
            9: "active active flow,flow 0", 10: "active active flow,flow 0",
            11: "active active sdp,flow 0", 12: "active active sdp,flow 0",           # UPDATE
            13: "active active sdp,sdp 1", 14: "active active sdp,sdp 1",             # 200 (UPDATE)
            15: "active active sdp,sdp 1", 16: "active active sdp,sdp 1",
            17: "active active sdp,sdp 1", 18: "active active sdp,sdp 1",
            19: "active active sdp,sdp 1", 20: "active active sdp,sdp 1",
            21: "released released flow,flow 1", 22: "released released flow,flow 1",
            23: "released released flow,flow 1", 24: "released released flow,flow 1"})
        # the first copy moves the bearer, the second only repeats it
        rows = by_frame(fields(path, ["volte.bearer.since"], "frame.number in {6, 8, 14}"))
        self.assertEqual(rows[6]["volte.bearer.since"], ["1", "5"])
        self.assertEqual(rows[8]["volte.bearer.since"], ["7", "5"])

    def test_filters(self):
        path = capture("volte_call_precondition.pcap")
        self.assertEqual(frames(path, 'volte.bearer.mt == "active" && !(volte.bearer.mo == "active")'), [3])
        self.assertEqual(frames(path, 'volte.bearer.evidence == "sdp"'), list(range(6, 11)))
        self.assertEqual(frames(path, "volte.qos.met == 1"), list(range(7, 13)))
        self.assertEqual(frames(path, 'volte.qos.mt.desired == "sendrecv optional"'), [1])

    def test_call_table_summary(self):
        rows = call_table(capture("volte_call_precondition.pcap"))
        self.assertEqual(rows[1]["bearer"], "qci1 mo released +1.26s flow, mt released +1.21s flow")
        out = tshark(["-r", capture("volte_call_precondition.pcap"), "-q", "-z", "volte,calls"])
        self.assertRegex(out, r"\n\s+Bearers: qci1 mo released \+1\.26s flow, mt released \+1\.21s flow\n")


class OtherFlows(TsharkTestCase):
    def test_without_preconditions_the_answer_brings_both_up(self):
        # re-INVITE to EVS, UPDATE with SDP, BYE from the callee
        self.assertEqual(states(capture("flow_session_modify.pcap")), {
            1: "none none - -", 2: "none none - -", 3: "none none - -",
            4: "active active flow,flow -",      # 200 with the SDP answer
            5: "active active flow,flow -", 6: "active active flow,flow -", 7: "active active flow,flow -",
            8: "active active flow,flow -", 9: "active active flow,flow -", 10: "active active flow,flow -",
            11: "released released flow,flow -",  # the callee's BYE
            12: "released released flow,flow -"})
        self.assertEqual(states(capture("ipv6_call.pcap")), {
            1: "none none - -", 2: "none none - -", 3: "none none - -", 4: "active active flow,flow -",
            5: "active active flow,flow -", 6: "released released flow,flow -",
            7: "released released flow,flow -"})
        rows = fields(capture("ipv6_call.pcap"), ["volte.precondition.used", "volte.qos.met",
                                                   "volte.qos.mo.current"], "volte")
        self.assertTrue(all(r["volte.precondition.used"] == ["0"] and not r["volte.qos.met"]
                            and not r["volte.qos.mo.current"] for r in rows))

    def test_video_call_has_qci_1_and_2(self):
        path = capture("volte_video_call.pcap")
        both = lambda s: ",".join([s, s])
        got = states(path)
        self.assertEqual(got[1], "requested,requested none,none flow,flow 0")
        self.assertEqual(got[3], "requested,requested active,active flow,flow,flow,flow 0")
        self.assertEqual(got[4], "active,active active,active flow,flow,flow,flow 0")
        self.assertEqual(got[6], "active,active active,active sdp,flow,sdp,flow 0")
        for f in (7, 8, 9, 10):
            self.assertEqual(got[f], "active,active active,active sdp,sdp,sdp,sdp 1")
        self.assertEqual(got[12], "released,released released,released flow,flow,flow,flow 1")
        rows = by_frame(fields(path, ["volte.bearer.qci"], "volte"))
        self.assertTrue(all(r["volte.bearer.qci"] == ["1", "2"] for r in rows.values()))
        self.assertEqual(qos(path)[7], (both("sendrecv"), both("sendrecv"), both("sendrecv mandatory"),
                                        both("sendrecv mandatory")))
        self.assertEqual(frames(path, "volte.bearer.qci == 2"), list(range(1, 13)))
        self.assertEqual(call_table(path)[1]["bearer"],
                         "qci1 mo released +1.26s flow, mt released +1.21s flow; "
                         "qci2 mo released +1.26s flow, mt released +1.21s flow")

    def test_580_releases_the_callers_bearer(self):
        # call 4 of flow_rejected_failed.pcap: INVITE with a QoS offer, 100, 580, ACK
        got = states(capture("flow_rejected_failed.pcap"), "volte.call == 4")
        self.assertEqual(got, {13: "requested none flow 0", 14: "requested none flow 0",
                               15: "released none flow 0", 16: "released none flow 0"})
        others = states(capture("flow_rejected_failed.pcap"), "volte.call != 4")
        self.assertEqual(set(others.values()), {"none none - -"})

    def test_update_never_comes(self):
        # 183 / PRACK, then no UPDATE: the caller's bearer stays inferred from the flow,
        # the preconditions are never met, the CANCEL releases both
        self.assertEqual(states(capture("volte_call_no_update.pcap")), {
            1: "requested none flow 0", 2: "requested none flow 0", 3: "requested active flow,flow 0",
            4: "active active flow,flow 0", 5: "active active flow,flow 0",
            6: "released released flow,flow 0",      # CANCEL
            7: "released released flow,flow 0", 8: "released released flow,flow 0",
            9: "released released flow,flow 0"})


class GeneratedEpc(TsharkTestCase):
    """volte_call_epc.pcap: the one-leg flow plus UE-A's Rx session and S11 bearer."""

    def test_epc_messages_linked(self):
        path = capture("volte_call_epc.pcap")
        want = {
            7: [("Rx AA-Request", "1", "mo", "1", "requested", "icid")],
            9: [("GTPv2 Create Bearer Request", "1", "mo", "1", "requested", "flow")],
            10: [("GTPv2 Create Bearer Response", "1", "mo", "1", "active", "key")],
            11: [("Rx Re-Auth-Request", "1", "mo", "1", "active", "key")],
            22: [("Rx Session-Termination-Request", "1", "mo", "1", "released", "key")],
            24: [("GTPv2 Delete Bearer Request", "1", "mo", "1", "released", "key")],
        }
        self.assertEqual(epc(path), want)
        self.assertEqual(epc(path, two_pass=True), want)
        rows = by_frame(fields(path, ["volte.epc.call_frame"], "volte.epc.event"))
        self.assertTrue(all(r["volte.epc.call_frame"] == ["1"] for r in rows.values()))

    def test_sip_messages_show_the_epc_state(self):
        path = capture("volte_call_epc.pcap")
        self.assertEqual(states(path, "sip"), {
            1: "requested none flow 0", 2: "requested none flow 0", 6: "requested active flow,flow 0",
            13: "active active epc,flow 0",   # PRACK: EPC evidence is not overridden by the flow
            15: "active active epc,flow 0",
            16: "active active epc,flow 0",   # UPDATE: neither by the SDP
            17: "active active epc,sdp 1", 18: "active active epc,sdp 1", 19: "active active epc,sdp 1",
            20: "active active epc,sdp 1",
            21: "released released flow,flow 1",   # BYE
            27: "released released epc,flow 1"})   # after the STR and the Delete Bearer Request
        rows = by_frame(fields(path, ["volte.bearer.epc_frame", "volte.bearer.setup_time"], "sip"))
        self.assertEqual(rows[13]["volte.bearer.epc_frame"], ["10"])
        self.assertEqual(rows[13]["volte.bearer.setup_time"], ["1.240000000", "1.210000000"])
        self.assertEqual(rows[27]["volte.bearer.epc_frame"], ["22"])
        self.assertEqual(frames(path, "volte.call == 1 || volte.epc.call == 1"),
                         [1, 2, 6, 7, 9, 10, 11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 24, 27])
        self.assertEqual(call_table(path)[1]["bearer"], "qci1 mo released +1.24s epc, mt released +1.21s flow")


class RealCaptures(TsharkTestCase):
    """Third-party captures with the EPC side (../shared/captures, never copied)."""

    def shared(self, name):
        path = os.path.join(SHARED_CAPTURES, name)
        if not os.path.exists(path):
            print("%s not present: nothing to check" % path)
            return None
        return path

    def test_ssmtk_volte_every_epc_message_on_its_call(self):
        # Amarisoft B2BUA: each UE-to-UE call is two calls (legs); the Rx AAR and the S1AP
        # E-RAB Setup with NAS Activate dedicated EPS bearer come around each 183
        path = self.shared("SSMTK-projekt__VoLTE_poziv.pcap")
        if not path:
            return
        got = {f: [(e[0], e[1], e[2], e[4], e[5]) for e in v] for f, v in epc(path, extra=ESP).items()}
        aar, rar, s_t_r = "Rx AA-Request", "Rx Re-Auth-Request", "Rx Session-Termination-Request"
        setup, resp, rel = "S1AP E-RAB Setup Request", "S1AP E-RAB Setup Response", "S1AP E-RAB Release Command"
        acc, deact = "NAS Activate dedicated EPS bearer context accept", "NAS Deactivate EPS bearer context accept"
        self.assertEqual(got, {
            39: [(aar, "1", "mo", "requested", "flow")], 40: [(aar, "2", "mt", "requested", "flow")],
            41: [(setup, "1", "mo", "requested", "flow")], 44: [(setup, "2", "mt", "requested", "flow")],
            50: [(resp, "1", "mo", "active", "key")], 51: [(resp, "2", "mt", "active", "key")],
            53: [(acc, "2", "mt", "active", "key")], 54: [(rar, "2", "mt", "active", "key")],
            57: [(acc, "1", "mo", "active", "key")], 59: [(rar, "1", "mo", "active", "key")],
            744: [(s_t_r, "2", "mt", "released", "key")], 745: [(rel, "2", "mt", "released", "key")],
            752: [(deact, "2", "mt", "released", "key")], 756: [(s_t_r, "1", "mo", "released", "key")],
            757: [(rel, "1", "mo", "released", "key")], 760: [(deact, "1", "mo", "released", "key")],
            955: [(aar, "3", "mo", "requested", "flow")], 956: [(aar, "4", "mt", "requested", "flow")],
            958: [(setup, "3", "mo", "requested", "flow")], 960: [(setup, "4", "mt", "requested", "flow")],
            966: [(resp, "4", "mt", "active", "key")], 967: [(resp, "3", "mo", "active", "key")],
            969: [(acc, "3", "mo", "active", "key")], 970: [(rar, "3", "mo", "active", "key")],
            982: [(acc, "4", "mt", "active", "key")], 984: [(rar, "4", "mt", "active", "key")],
            1574: [(s_t_r, "3", "mo", "released", "key")], 1575: [(rel, "3", "mo", "released", "key")],
            1581: [(deact, "3", "mo", "released", "key")], 1585: [(s_t_r, "4", "mt", "released", "key")],
            1586: [(rel, "4", "mt", "released", "key")], 1589: [(deact, "4", "mt", "released", "key")],
            1668: [(aar, "5", "mo", "requested", "flow")], 1670: [(setup, "5", "mo", "requested", "flow")],
            1673: [(resp, "5", "mo", "active", "key")], 1674: [(acc, "5", "mo", "active", "key")],
            1676: [(rar, "5", "mo", "active", "key")], 2206: [(s_t_r, "5", "mo", "released", "key")],
            2207: [(rel, "5", "mo", "released", "key")], 2211: [(deact, "5", "mo", "released", "key")]})
        # call 2 (the leg towards UE1): its PRACK sees the callee's bearer asked for by the EPC
        sip = states(path, "volte.call == 2", extra=ESP)
        self.assertEqual(sip[37], "requested active flow,flow 0")   # 183 from UE1
        self.assertEqual(sip[48], "active requested flow,epc 0")    # after the AAR and E-RAB Setup
        self.assertEqual(sip[56], "active active flow,epc 0")       # after the E-RAB Setup Response
        self.assertEqual(sip[69], "active active sdp,epc 1")
        self.assertEqual(sip[747], "released released flow,epc 1")  # the STR after the BYE
        # the same in two-pass mode: later EPC messages never change earlier SIP messages
        self.assertEqual(states(path, two_pass=True, extra=ESP), states(path, extra=ESP))
        table = call_table(path, ESP)
        self.assertEqual(table[1]["bearer"], "qci1 mo released +0.11s epc, mt released +0.23s flow")
        self.assertEqual(table[2]["bearer"], "qci1 mo released +0.08s flow, mt released +0.11s epc")

    def test_open5gs_bearers_of_both_ues(self):
        # Kamailio IMS + Open5GS: Gx RAR, GTPv2 Create Bearer (S5 and S11), S1AP E-RAB Setup for
        # each UE; the responses follow by key
        cases = {
            "open5gs__volte.pcapng": (3, {98: "mt", 103: "mt", 104: "mt", 106: "mt",
                                          117: "mo", 120: "mo", 121: "mo", 122: "mo"}),
            "open5gs__ipsec_to_ipsec_call.pcapng": (1, {107: "mt", 111: "mt", 112: "mt", 113: "mt",
                                                        121: "mo", 124: "mo", 125: "mo", 126: "mo"}),
            "open5gs__ipsec_to_nonipsec_call.pcapng": (3, {226: "mt", 229: "mt", 230: "mt", 231: "mt",
                                                           241: "mo", 244: "mo", 245: "mo", 246: "mo"}),
            "open5gs__nonipsec_to_ipsec_call.pcapng": (1, {128: "mt", 135: "mt", 137: "mt", 139: "mt",
                                                           140: "mt", 145: "mo", 149: "mo", 151: "mo",
                                                           152: "mo", 153: "mo"}),
        }
        for name, (call, requests) in cases.items():
            path = self.shared(name)
            if not path:
                continue
            with self.subTest(capture=name):
                got = epc(path, extra=ESP)
                self.assertEqual({f: v[0][2] for f, v in got.items() if v[0][5] == "flow"}, requests)
                entries = [e for v in got.values() for e in v]
                self.assertEqual({e[1] for e in entries}, {str(call)})
                self.assertTrue(all(e[4] == "active" for e in entries if e[5] == "key"))
                self.assertEqual(len([e for e in entries if e[5] == "key"]), 8)
                bearer = call_table(path, ESP)[call]["bearer"]
                self.assertRegex(bearer, r"^qci1 mo active \+[0-9.]+s epc, mt active \+[0-9.]+s epc$")

    def test_vonr_ngap_and_rx(self):
        # 5G SA (Amarisoft): the UE is called; Rx AAR by flow, NGAP PDU Session Resource Modify
        # (5QI 1) by time, its response by key; after the 486 the STR and the QoS flow release
        path = self.shared("SSMTK_FMC_VoNR_IMS_5G__rp2_snimak.pcap")
        if path:
            got = {f: [(e[0], e[1], e[2], e[4], e[5]) for e in v] for f, v in epc(path, extra=ESP).items()}
            self.assertEqual(got, {
                202: [("Rx AA-Request", "1", "mt", "requested", "flow")],
                203: [("NGAP PDU Session Resource Modify Request", "1", "mt", "requested", "time")],
                206: [("NGAP PDU Session Resource Modify Response", "1", "mt", "active", "key")],
                210: [("Rx Re-Auth-Request", "1", "mt", "active", "key")],
                238: [("Rx Session-Termination-Request", "1", "mt", "released", "key")],
                # the UE went idle in between: new AMF-UE-NGAP-ID, linked by the release time
                239: [("NGAP PDU Session Resource Modify Request", "1", "mt", "released", "time")]})
            self.assertEqual(states(path, "frame.number in {237, 241}", extra=ESP),
                             {237: "released released flow,flow 1", 241: "released released flow,epc 1"})
        path = self.shared("SSMTK_FMC_VoNR_IMS_5G__rp2_snimak1.pcap")
        if path:
            got = epc(path, extra=ESP)
            self.assertEqual(sorted(got), [19, 20, 23, 27, 1301, 1302])
            self.assertEqual({e[2] for v in got.values() for e in v}, {"mt"})

    def test_pjsua_leg_without_preconditions(self):
        # the UE's leg (call 1) has preconditions and its EPC side; the PJSUA leg (call 2) has
        # neither and its bearers come up with the 200 answer
        path = self.shared("SSMTK-projekt__VoNR_poziv_PJSUA.pcap")
        if not path:
            return
        got = epc(path, extra=ESP)
        self.assertEqual({f: (v[0][1], v[0][2], v[0][5]) for f, v in got.items()},
                         {66: ("1", "mo", "flow"), 69: ("1", "mo", "flow"), 73: ("1", "mo", "key"),
                          74: ("1", "mo", "key"), 76: ("1", "mo", "key"), 1031: ("1", "mo", "key"),
                          1032: ("1", "mo", "key"), 1041: ("1", "mo", "key")})
        leg2 = states(path, "volte.call == 2", extra=ESP)
        self.assertEqual(leg2[64], "active active flow,flow -")

    def test_precondition_flags_two_pass_show_the_whole_call(self):
        # the INVITE does not announce preconditions; the call uses them later
        path = self.shared("SSMTK_FMC_VoNR_IMS_5G__wp3_v2.pcapng")
        if not path:
            return
        one = by_frame(fields(path, ["volte.precondition.used"], "frame.number == 1062"))
        two = by_frame(fields(path, ["volte.precondition.used"], "frame.number == 1062", two_pass=True))
        self.assertEqual((one[1062]["volte.precondition.used"], two[1062]["volte.precondition.used"]),
                         (["0"], ["1"]))

    def test_epc_only_capture_links_nothing(self):
        # two calls' bearers without any SIP: nothing to link to, no error
        path = self.shared("my_files__sip.pcap")
        if not path:
            return
        self.assertEqual(frames(path, "volte.epc.event"), [])


if __name__ == "__main__":
    unittest.main()
