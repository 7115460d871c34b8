"""Every call-flow check of the catalogue fires exactly where it must, and
nowhere else.

For each check of plugin/engine/anomaly.c that a SIP capture can trigger,
CASES below names the capture that must fire it (captures/anomaly_<check>.pcap,
written by captures/generate_anomalies.py; captures/README.md lists their
frames), the exact frames, the exact expert message as the plugin prints it
(the "; RFC ..." reference is added from CATALOGUE) and, right next to it,
the clean captures that must NOT fire it, each with the reason why it is the
look-alike that stays quiet.  The five message-syntax checks (not_sip,
missing_call_id, missing_cseq, status_out_of_range, status_unregistered) are
tested on captures/malformed.pcap by test_bad_input.py.

Two-pass mode shows every check; single-pass mode shows the checks decided
on the message itself with the same result, and none of those decided at the
end of the capture (Timer B/C/F/H, PRACK, session and registration expiry,
calls left open).

Every tshark run of this file happens once, in parallel, when the module is
set up: one run per capture and mode with all fields at once (two-pass runs
display `-Y volte.expert`, single-pass runs `-Y _ws.expert`), so the whole
file takes well under a minute.
"""
import concurrent.futures
import os
import re
import unittest

from volte_tshark import SHARED_CAPTURES, TsharkTestCase, by_frame, capture, fields, frames, tshark

ERROR, WARN, NOTE = "8388608", "6291456", "4194304"   # PI_ERROR, PI_WARN, PI_NOTE
SEQ, RSP, PRO, MAL = "Sequence", "Response code", "Protocol", "Malformed"
MSG, LATER, END = "message", "later", "end"           # when a check is decided

# The catalogue as documented (plugin/engine/anomaly.c), written out here so
# that a changed text, reference, group or severity fails a test:
# name: (group, severity, when, message template, reference)
CATALOGUE = {
    "not_sip": (MAL, WARN, MSG, "Not a SIP message on the SIP port ({text}): neither a request line "
                "nor a status line parses", "RFC 3261 §7.1, §7.2"),
    "missing_call_id": (MAL, WARN, MSG, "No Call-ID header was parsed; the message cannot be assigned "
                        "to a call", "RFC 3261 §8.1.1.4"),
    "missing_cseq": (MAL, WARN, MSG, "No CSeq header was parsed; the message cannot be paired with its "
                     "transaction", "RFC 3261 §8.1.1.5"),
    "cseq_method_mismatch": (PRO, WARN, MSG, "Request method differs from its CSeq method",
                             "RFC 3261 §8.1.1.5"),
    "status_out_of_range": (MAL, WARN, MSG, "Status code {code} is outside 100..699", "RFC 3261 §7.2"),
    "status_unregistered": (RSP, NOTE, MSG, "Status code {code} is not in the IANA registry; a client "
                            "treats it as {a}", "RFC 3261 §8.1.3.2"),
    "invite_timeout": (SEQ, ERROR, END, "{method} in this frame got no final response within {a} ms "
                       "({text})", "RFC 3261 §17.1.1.2, §16.6"),
    "non_invite_timeout": (SEQ, ERROR, END, "{method} in this frame got no final response within {a} ms "
                           "({text})", "RFC 3261 §17.1.2.2"),
    "retransmission": (SEQ, NOTE, MSG, "Retransmission {a} of frame {frame}", "RFC 3261 §17.1.1.2, §17.1.2.2"),
    "excess_retransmission": (SEQ, WARN, MSG, "Retransmission {a} of frame {frame} goes beyond the Timer "
                              "A/E schedule (at most {b})", "RFC 3261 §17.1.1.2, §17.1.2.2"),
    "ack_missing": (SEQ, WARN, LATER, "2xx to the INVITE was not acknowledged: {text}", "RFC 3261 §13.3.1.4"),
    "orphan_response": (SEQ, NOTE, MSG, "Response to a request the capture does not hold, although it "
                        "covers the time it was sent", "RFC 3261 §17.1.3"),
    "cseq_regression": (SEQ, WARN, MSG, "CSeq {a} is not higher than {b}, the last CSeq of this side of "
                        "the dialog (frame {frame})", "RFC 3261 §12.2.1.1"),
    "cancel_before_provisional": (SEQ, NOTE, MSG, "CANCEL sent before any provisional response to the "
                                  "INVITE in frame {frame}", "RFC 3261 §9.1"),
    "cancel_race": (SEQ, NOTE, MSG, "The INVITE was answered (2xx) although it was cancelled in frame "
                    "{frame}: the call is up", "RFC 3261 §9.1, §15"),
    "dialog_mismatch": (RSP, WARN, MSG, "481 to an in-dialog {method}: the far end knows no such dialog "
                        "or transaction", "RFC 3261 §12.2.2"),
    "loop": (RSP, WARN, MSG, "{code}: the request looped or ran out of hops",
             "RFC 3261 §16.3, §21.4.20, §21.4.21"),
    "missing_to_tag": (PRO, WARN, MSG, "{code} to an INVITE creates a dialog but carries no To-tag",
                       "RFC 3261 §8.2.6.2, §12.1.1"),
    "missing_header": (PRO, WARN, MSG, "{code} without the {text} header it requires", "RFC 3261 §8.2.6.2, §20"),
    "retry_after_missing": (PRO, NOTE, MSG, "503 without Retry-After: the client treats it as a 500",
                            "RFC 3261 §21.5.4"),
    "rseq_missing": (PRO, WARN, MSG, "{code} requires 100rel but has no RSeq header", "RFC 3262 §7.1"),
    "prack_missing": (SEQ, WARN, END, "{code} in this frame sent reliably (RSeq {a}) was not acknowledged "
                      "by PRACK", "RFC 3262 §3"),
    "reliable_1xx_retransmitted": (SEQ, NOTE, MSG, "Reliable {code} (RSeq {a}) retransmitted: no PRACK for "
                                   "frame {frame} yet", "RFC 3262 §3"),
    "rack_mismatch": (PRO, WARN, MSG, "PRACK with RAck {a} {b} matches no reliable provisional response of "
                      "this call", "RFC 3262 §4"),
    "rseq_gap": (PRO, WARN, MSG, "RSeq {a} does not follow the previous RSeq {b} (frame {frame}) by one",
                 "RFC 3262 §3"),
    "second_reliable_before_prack": (SEQ, WARN, MSG, "Reliable {code} (RSeq {a}) sent before the reliable "
                                     "response in frame {frame} was PRACKed", "RFC 3262 §3"),
    "answer_before_prack": (SEQ, WARN, MSG, "2xx sent while the reliable provisional response with SDP in "
                            "frame {frame} was not PRACKed", "RFC 3262 §3"),
    "offer_while_pending": (SEQ, WARN, MSG, "{method} with a new offer while the {text} in frame {frame} is "
                            "still pending", "RFC 3261 §14.1, RFC 3311 §5.1"),
    "glare": (RSP, NOTE, MSG, "491 Request Pending: both sides sent an offer at once (glare); the request "
              "is retried after a random delay", "RFC 3261 §14.1, RFC 3311 §5.2"),
    "media_rejected": (RSP, WARN, MSG, "{code}: media not acceptable ({text})",
                       "RFC 3261 §21.4.26, §21.6.4, §20.43"),
    "alert_before_qos": (SEQ, WARN, MSG, "180 Ringing while mandatory QoS preconditions are not met: the "
                         "callee rings before the voice bearer is ready (ghost ring)",
                         "RFC 3312 §6, TS 24.229 §5.1.4.1"),
    "answer_before_qos": (SEQ, WARN, MSG, "2xx to the INVITE while mandatory QoS preconditions are not met",
                          "RFC 3312 §6"),
    "precondition_failure": (RSP, WARN, MSG, "580 Precondition Failure: the QoS preconditions (the "
                             "dedicated bearer) could not be met", "RFC 3312 §8, TS 24.229 §5.1.4.1"),
    "precondition_without_100rel": (PRO, WARN, MSG, "INVITE uses preconditions without supporting "
                                    "reliable provisional responses (100rel)", "RFC 3312, RFC 3262"),
    "bearer_not_confirmed": (SEQ, WARN, END, "The call was answered here but {text}", "TS 23.203, TS 29.214"),
    "session_timer_422": (PRO, WARN, MSG, "422 without a Min-SE header", "RFC 4028 §6"),
    "session_expired": (SEQ, WARN, END, "No session refresh within Session-Expires ({a} s) of this "
                        "frame's 2xx", "RFC 4028 §10"),
    "auth_failure": (RSP, WARN, MSG, "{code} again after credentials were sent (frame {frame})",
                     "RFC 3261 §22.2, TS 24.229 §5.1.1.5"),
    "registration_failed": (RSP, WARN, MSG, "Registration rejected with {code}",
                            "RFC 3261 §10.2, TS 24.229 §5.1.1"),
    "registration_expired": (SEQ, WARN, END, "The binding registered in this frame ({a} s) expired "
                             "without a refresh", "RFC 3261 §10.2.1, TS 24.229 §5.1.1.4"),
    "abnormal_release": (SEQ, WARN, MSG, "{method} with an abnormal release cause ({text} cause {a}): a "
                         "dropped call", "TS 24.229 §7.2A.18, RFC 3326"),
    "long_setup": (SEQ, NOTE, MSG, "Session request delay {a} ms is above the threshold ({b} ms)",
                   "RFC 6076 §4.3"),
    "dialog_open_at_end": (SEQ, NOTE, END, "The call was still {text} when the capture ended", "RFC 3261 §12"),
    "hold_not_resumed": (SEQ, NOTE, END, "The call put on hold in this frame was not resumed before it ended",
                         "RFC 3264 §8.4"),
    "call_limit": (MAL, WARN, MSG, "Not analysed as a call: this capture already has {a} calls and "
                   "registrations, the most the plugin tracks (preference volte.max_calls)",
                   "volte.max_calls preference"),
    "values_dropped": (MAL, NOTE, MSG, "Not all of this message was analysed: {a} header values and {b} "
                       "SDP lines beyond the plugin's limits were left out",
                       "plugin limits (include/volte/sip_message.h)"),
}

# Covered by captures/malformed.pcap in test_bad_input.py.
SYNTAX_CHECKS = {"not_sip", "missing_call_id", "missing_cseq", "status_out_of_range", "status_unregistered"}
# Covered by the CallLimit tests below.
LIMIT_CHECKS = {"call_limit", "values_dropped"}

_PLACEHOLDER = {"{a}": r"\d+", "{b}": r"\d+", "{frame}": r"\d+", "{code}": r"\d+", "{method}": r"[A-Z]+",
                "{text}": r".+?"}


def _pattern(template, ref):
    parts = re.split(r"(\{[a-z]+\})", template)
    body = "".join(_PLACEHOLDER.get(p, re.escape(p)) for p in parts)
    return re.compile("^" + body + "; " + re.escape(ref) + "$")


PATTERNS = {name: _pattern(c[3], c[4]) for name, c in CATALOGUE.items()}


def check_of(message):
    """The check that printed this expert message, or None (another dissector)."""
    found = [name for name, p in PATTERNS.items() if p.match(message)]
    if len(found) > 1:
        raise AssertionError("message matches several checks %s: %r" % (found, message))
    return found[0] if found else None


def full(check, text):
    """The message as the plugin prints it: text, "; ", reference."""
    return "%s; %s" % (text, CATALOGUE[check][4])


class Case:
    """One check: where it must fire, and the look-alikes where it must not.

    fires: {capture: {frame: text or (text, related frame)}}; clean: captures."""

    def __init__(self, check, fires, clean):
        self.check, self.fires, self.clean = check, fires, clean


def F(text, related):
    return (text, related)


# --------------------------------------------------------------------------
# The checks, each with the capture that fires it and the clean look-alikes
# --------------------------------------------------------------------------

CASES = [
    # ---- transactions (RFC 3261 §17) -----------------------------------------------------------
    Case("invite_timeout", {
        # frame 1: INVITE never answered, the OPTIONS at 40 s shows the capture outlived Timer B;
        # frame 4: its 180 (frame 6) is the last word for 200 s: Timer C (> 3 min) ran out
        "anomaly_invite_timeout.pcap": {
            1: "INVITE in this frame got no final response within 32000 ms (Timer B, no response at all)",
            4: "INVITE in this frame got no final response within 180000 ms (Timer C, after a provisional "
               "response)"}},
        clean=["volte_call_precondition.pcap",
               "flow_no_answer_timeout.pcap",      # 480 / 408 after a long ring: a final response
               "flow_no_answer_cancel.pcap"]),     # CANCEL: the INVITE ends with 487
    Case("non_invite_timeout", {
        # OPTIONS (1) never answered, MESSAGE (2) only got a 100 Trying (which does not stop
        # Timer F), REGISTER (4) never answered; the OPTIONS at 40 s covers Timer F for all three.
        # RFC 3261 §17.1.2.2 holds for every non-INVITE request, outside a dialog as well
        "anomaly_non_invite_timeout.pcap": {
            1: "OPTIONS in this frame got no final response within 32000 ms (Timer F)",
            2: "MESSAGE in this frame got no final response within 32000 ms (Timer F)",
            4: "REGISTER in this frame got no final response within 32000 ms (Timer F)"}},
        clean=["registration.pcap",
               # (d): a REGISTER retransmitted by Timer E, never answered, but the capture ends
               # 0.5 s before Timer F runs out
               "flow_registration_variants.pcap"]),
    Case("retransmission", {
        # the INVITE again after T1 (2); the BYE (7) again after its 200 OK (8) was lost (9, 10)
        "anomaly_retransmission.pcap": {
            2: F("Retransmission 1 of frame 1", 1),
            9: F("Retransmission 1 of frame 7", 7),
            10: F("Retransmission 1 of frame 8", 8)},
        # INVITE twice again (2, 3), 180 once (6), 200 OK twice (8, 9), OPTIONS once (14): each
        # message counts its own copies
        "retransmission_udp.pcap": {
            2: F("Retransmission 1 of frame 1", 1),
            3: F("Retransmission 2 of frame 1", 1),
            6: F("Retransmission 1 of frame 5", 5),
            8: F("Retransmission 1 of frame 7", 7),
            9: F("Retransmission 2 of frame 7", 7),
            14: F("Retransmission 1 of frame 13", 13)}},
        clean=["volte_call_precondition.pcap",
               "volte_call_two_legs.pcap",         # every message twice, but on two hops
               "kamailio_proxy_call.pcap"]),       # the same through a real proxy
    Case("excess_retransmission", {
        # 8 copies of one INVITE on one hop within 32 s; Timer A allows 6 retransmissions
        "anomaly_excess_retransmission.pcap": {
            8: F("Retransmission 7 of frame 1 goes beyond the Timer A/E schedule (at most 6)", 1)}},
        clean=["retransmission_udp.pcap",          # INVITE sent 3 times: within the schedule
               "flow_registration_variants.pcap"]),  # REGISTER 11 times: Timer E's 10 retransmissions
    Case("ack_missing", {
        # 200 OK (4) retransmitted 10 times (5-14) for lack of ACK, and after Timer H (39 s) the
        # callee gives up with a BYE: each retransmission says so, and frame 4 once Timer H ran out
        "anomaly_ack_missing.pcap": dict(
            [(4, "2xx to the INVITE was not acknowledged: no ACK arrived within Timer H")] +
            [(f, F("2xx to the INVITE was not acknowledged: it is retransmitted because no ACK has "
                   "arrived yet", 4)) for f in range(5, 15)]),
        "retransmission_udp.pcap": {
            f: F("2xx to the INVITE was not acknowledged: it is retransmitted because no ACK has "
                 "arrived yet", 7) for f in (8, 9)},
        # 2xx retransmission on TCP too (RFC 3261 §13.3.1.4 applies on every transport)
        "retransmission_tcp.pcap": {
            13: F("2xx to the INVITE was not acknowledged: it is retransmitted because no ACK has "
                  "arrived yet", 11)}},
        clean=["volte_call_precondition.pcap", "sipp_basic_call.pcap", "two_calls_one_tcp.pcap"]),
    Case("orphan_response", {
        # frame 4: a 200 OK 40 s into the capture without its OPTIONS; frame 3, the same at 1 s,
        # may answer an OPTIONS sent before the capture started: no anomaly
        "anomaly_orphan_response.pcap": {
            4: "Response to a request the capture does not hold, although it covers the time it was sent"}},
        clean=["flow_mid_call.pcap",               # starts mid-call, yet every response has its request
               "volte_call_two_legs.pcap"]),
    Case("cseq_regression", {
        # UPDATE with CSeq 3 (6), then the caller's BYE with CSeq 2 (8), answered 500
        "anomaly_cseq_regression.pcap": {
            8: F("CSeq 2 is not higher than 3, the last CSeq of this side of the dialog (frame 6)", 6)}},
        clean=["flow_session_modify.pcap",         # callee's BYE CSeq 1 after caller's CSeq 3: two sides
               "volte_call_two_legs.pcap"]),       # the proxy forwards each request with the same CSeq
    Case("cseq_method_mismatch", {
        "anomaly_cseq_method_mismatch.pcap": {1: "Request method differs from its CSeq method"}},
        clean=["volte_call_precondition.pcap", "registration.pcap"]),
    Case("cancel_before_provisional", {
        # CANCEL 10 ms after the INVITE, before even 100 Trying
        "anomaly_cancel_before_provisional.pcap": {
            2: F("CANCEL sent before any provisional response to the INVITE in frame 1", 1)}},
        clean=["flow_no_answer_cancel.pcap"]),     # call 2 is cancelled after only 100 Trying: fine
    Case("cancel_race", {
        # CANCEL (4) crosses the callee's 200 OK (5): the call is up, the caller sends BYE
        "anomaly_cancel_race.pcap": {
            5: F("The INVITE was answered (2xx) although it was cancelled in frame 4: the call is up", 4)}},
        clean=["flow_no_answer_cancel.pcap"]),     # CANCEL answered by 487: no race
    Case("dialog_mismatch", {
        "anomaly_dialog_mismatch.pcap": {
            7: "481 to an in-dialog BYE: the far end knows no such dialog or transaction"},
        # the 481 that RFC 3262 §4 prescribes for a PRACK matching nothing
        "anomaly_rack_mismatch.pcap": {
            5: "481 to an in-dialog PRACK: the far end knows no such dialog or transaction"}},
        clean=["all_status_codes.pcap",            # its 481 answers an initial INVITE: not in a dialog
               "volte_call_precondition.pcap"]),
    Case("loop", {
        "anomaly_loop.pcap": {3: "482: the request looped or ran out of hops",
                              6: "483: the request looped or ran out of hops"},
        "all_status_codes.pcap": {103: "482: the request looped or ran out of hops",
                                  105: "483: the request looped or ran out of hops"}},
        clean=["volte_call_precondition.pcap", "kamailio_proxy_call.pcap"]),
    Case("missing_to_tag", {
        "anomaly_missing_to_tag.pcap": {3: "180 to an INVITE creates a dialog but carries no To-tag"}},
        clean=["volte_call_precondition.pcap",     # its 100 Trying has no To-tag: it creates no dialog
               "sipp_basic_call.pcap"]),
    Case("missing_header", {
        "anomaly_missing_header.pcap": {
            2: "401 without the WWW-Authenticate header it requires",
            4: "407 without the Proxy-Authenticate header it requires",
            7: "405 without the Allow header it requires",
            9: "420 without the Unsupported header it requires",
            12: "423 without the Min-Expires header it requires",
            14: "302 without the Contact header it requires"}},
        clean=["all_status_codes.pcap",            # the same codes, each with its header; 380 needs none
               "registration.pcap",                # 401 with WWW-Authenticate
               "flow_forward_busy.pcap"]),         # 302 with Contact
    Case("retry_after_missing", {
        "anomaly_retry_after_missing.pcap": {3: "503 without Retry-After: the client treats it as a 500"}},
        clean=["flow_rejected_failed.pcap",        # 503 with Retry-After
               "all_status_codes.pcap"]),

    # ---- reliable provisional responses (RFC 3262) -----------------------------------------------
    Case("rseq_missing", {
        "anomaly_rseq_missing.pcap": {3: "183 requires 100rel but has no RSeq header"}},
        clean=["volte_call_precondition.pcap",     # 183 with Require: 100rel and RSeq: 1
               "sipp_volte_precondition.pcap"]),
    Case("prack_missing", {
        # reliable 183 without SDP (3), never PRACKed, then the 200 OK ends the INVITE
        "anomaly_prack_missing.pcap": {
            3: "183 in this frame sent reliably (RSeq 1) was not acknowledged by PRACK"}},
        clean=["volte_call_precondition.pcap",
               "volte_call_two_legs.pcap",         # PRACKed on each leg
               "sipp_volte_precondition.pcap"]),
    Case("reliable_1xx_retransmitted", {
        # the reliable 183 (3) again after T1 (4), before the PRACK (5)
        "anomaly_reliable_1xx_retransmitted.pcap": {
            4: F("Reliable 183 (RSeq 1) retransmitted: no PRACK for frame 3 yet", 3)}},
        clean=["volte_call_two_legs.pcap",         # the 183 forwarded by the AS: another hop
               "volte_call_precondition.pcap"]),
    Case("rack_mismatch", {
        # RSeq 1 was sent; the PRACK acknowledges RSeq 2
        "anomaly_rack_mismatch.pcap": {
            4: "PRACK with RAck 2 1 matches no reliable provisional response of this call"}},
        clean=["volte_call_precondition.pcap", "volte_call_two_legs.pcap", "sipp_volte_precondition.pcap"]),
    Case("rseq_gap", {
        # RSeq 1 (183, frame 3), PRACKed, then RSeq 3 (180, frame 6)
        "anomaly_rseq_gap.pcap": {
            6: F("RSeq 3 does not follow the previous RSeq 1 (frame 3) by one", 3)}},
        clean=["anomaly_second_reliable_before_prack.pcap",   # RSeq 1 then 2
               "volte_call_two_legs.pcap"]),       # RSeq 1 on both legs: RSeq runs per leg
    Case("second_reliable_before_prack", {
        # reliable 180 (RSeq 2) 100 ms after the reliable 183 (RSeq 1), before its PRACK
        "anomaly_second_reliable_before_prack.pcap": {
            4: F("Reliable 180 (RSeq 2) sent before the reliable response in frame 3 was PRACKed", 3)}},
        clean=["anomaly_rseq_gap.pcap",            # its second reliable response follows the PRACK
               "volte_call_two_legs.pcap"]),
    Case("answer_before_prack", {
        # reliable 183 with the SDP answer (3), 200 OK (4) before the PRACK (5)
        "anomaly_answer_before_prack.pcap": {
            4: F("2xx sent while the reliable provisional response with SDP in frame 3 was not PRACKed", 3)}},
        clean=["volte_call_precondition.pcap",     # PRACK and its 200 OK before the 200 OK (INVITE)
               "anomaly_prack_missing.pcap"]),     # never PRACKed, but that 183 carried no SDP

    # ---- offer/answer (RFC 3264, RFC 3311) -------------------------------------------------------
    Case("offer_while_pending", {
        # second re-INVITE with SDP (7) half a second after the first (6), before its 200 OK (10)
        "anomaly_offer_while_pending.pcap": {
            7: F("INVITE with a new offer while the re-INVITE in frame 6 is still pending", 6)}},
        clean=["flow_session_modify.pcap",         # re-INVITE, then UPDATE after the 200 OK
               "flow_hold_resume.pcap",
               "anomaly_glare.pcap"]),             # UE-B's re-INVITE (9) after UE-A's got its 491
    Case("glare", {
        "anomaly_glare.pcap": {
            7: "491 Request Pending: both sides sent an offer at once (glare); the request is retried "
               "after a random delay"},
        "all_status_codes.pcap": {
            119: "491 Request Pending: both sides sent an offer at once (glare); the request is retried "
                 "after a random delay"}},
        clean=["flow_session_modify.pcap"]),
    Case("media_rejected", {
        "anomaly_media_rejected.pcap": {
            3: "488: media not acceptable (Warning 305: incompatible media format, no common codec)",
            7: "606: media not acceptable (no Warning header says why)"},
        "all_status_codes.pcap": {115: "488: media not acceptable (no Warning header says why)",
                                  149: "606: media not acceptable (no Warning header says why)"}},
        clean=["volte_call_precondition.pcap"]),

    # ---- preconditions (RFC 3312, TS 24.229) -----------------------------------------------------
    # decided from the call's precondition and bearer view (volte_msg_info.bearer)
    Case("alert_before_qos", {
        # QoS offer with local sendrecv mandatory, 183 says curr none both ways; 180 (6) comes
        # before the UPDATE (7) that reports the resources reserved
        "anomaly_alert_before_qos.pcap": {
            6: "180 Ringing while mandatory QoS preconditions are not met: the callee rings before the "
               "voice bearer is ready (ghost ring)"}},
        clean=["volte_call_precondition.pcap",     # 180 after the UPDATE: met
               "volte_call_two_legs.pcap", "sipp_volte_precondition.pcap",
               "flow_call_waiting.pcap"]),         # no preconditions at all
    Case("answer_before_qos", {
        # the same, and the 200 OK (6) comes without any UPDATE
        "anomaly_answer_before_qos.pcap": {
            6: "2xx to the INVITE while mandatory QoS preconditions are not met"}},
        clean=["volte_call_precondition.pcap", "volte_call_two_legs.pcap", "sipp_volte_precondition.pcap",
               "anomaly_alert_before_qos.pcap"]),  # its 200 OK follows the UPDATE: met
    Case("precondition_failure", {
        "anomaly_precondition_failure.pcap": {
            3: "580 Precondition Failure: the QoS preconditions (the dedicated bearer) could not be met"},
        "flow_rejected_failed.pcap": {
            15: "580 Precondition Failure: the QoS preconditions (the dedicated bearer) could not be met"}},
        clean=["volte_call_precondition.pcap"]),
    Case("precondition_without_100rel", {
        # Require: precondition with Supported: timer only; answered 421 (Require: 100rel)
        "anomaly_precondition_without_100rel.pcap": {
            1: "INVITE uses preconditions without supporting reliable provisional responses (100rel)"}},
        clean=["volte_call_precondition.pcap",     # Supported: 100rel, precondition
               "sipp_volte_precondition.pcap"]),

    Case("bearer_not_confirmed", {
        # Rx AAR, GTPv2 Create Bearer (QCI 1) at the 183; GTPv2 Delete Bearer at 20 s, BYE at 37 s
        "anomaly_bearer_not_confirmed.pcap": {
            19: "The call was answered here but its QCI 1 bearer was released before the BYE (a dropped call)"}},
        clean=["volte_call_epc.pcap",              # the bearer is deleted with the Rx STR, after the BYE
               "volte_call_precondition.pcap"]),   # no EPC side in the capture: nothing to judge

    # ---- session timers (RFC 4028) ---------------------------------------------------------------
    Case("session_timer_422", {
        "anomaly_session_timer_422.pcap": {3: "422 without a Min-SE header"}},
        clean=["all_status_codes.pcap"]),          # its 422 carries Min-SE: 90
    Case("session_expired", {
        # call 1: 200 OK (4) with Session-Expires: 90, no refresh, BYE only at 107 s; call 2
        # (8-16) is the same refreshed by UPDATE at 172 s: no anomaly
        "anomaly_session_expired.pcap": {
            4: "No session refresh within Session-Expires (90 s) of this frame's 2xx"}},
        clean=["flow_mid_call.pcap"]),             # Session-Expires 1800, released long before

    # ---- registration (RFC 3261 §10, TS 24.229 §5.1.1) -------------------------------------------
    Case("auth_failure", {
        # 401 (2), REGISTER with credentials (3), 401 again with stale=false (4); registration 2
        # gets its second 401 with stale=true (8), a nonce renewal, and then 200 OK: no anomaly
        "anomaly_auth_failure.pcap": {4: F("401 again after credentials were sent (frame 2)", 2)},
        "flow_registration_variants.pcap": {4: F("403 again after credentials were sent (frame 2)", 2)}},
        clean=["registration.pcap"]),              # one challenge, then 200 OK
    Case("registration_failed", {
        "anomaly_registration_failed.pcap": {2: "Registration rejected with 404"}},
        clean=["registration.pcap"]),              # its 401 is a challenge, not a rejection
    Case("registration_expired", {
        # 200 OK (2) grants 60 s; the OPTIONS at 70 s shows the capture outlived it, no refresh
        "anomaly_registration_expired.pcap": {
            2: "The binding registered in this frame (60 s) expired without a refresh"}},
        clean=["registration.pcap",                # refreshed at half time, then de-registered
               "anomaly_auth_failure.pcap"]),      # 600 s granted, the capture ends 10.75 s in

    # ---- call outcome (TS 24.229 §7.2A.18, RFC 3326, RFC 6076) -----------------------------------
    Case("abnormal_release", {
        # BYE with Q.850 cause 41 (6), BYE with RELEASE_CAUSE 2 (13), CANCEL with FAILURE_CAUSE 1
        # (18); the BYE with Q.850 cause 16, normal call clearing (27), raises nothing
        "anomaly_abnormal_release.pcap": {
            6: "BYE with an abnormal release cause (Q.850 cause 41): a dropped call",
            13: "BYE with an abnormal release cause (RELEASE_CAUSE cause 2): a dropped call",
            18: "CANCEL with an abnormal release cause (FAILURE_CAUSE cause 1): a dropped call"},
        "flow_bye_abnormal.pcap": {
            6: "BYE with an abnormal release cause (Q.850 cause 41): a dropped call",
            13: "BYE with an abnormal release cause (RELEASE_CAUSE cause 2): a dropped call"}},
        clean=["volte_call_precondition.pcap", "flow_session_modify.pcap"]),
    Case("long_setup", {
        # 180 Ringing 6 s after the INVITE
        "anomaly_long_setup.pcap": {3: "Session request delay 6000 ms is above the threshold (4000 ms)"}},
        clean=["volte_call_precondition.pcap",     # SRD 1.21 s
               "flow_forking.pcap"]),              # SRD 2 s
    Case("dialog_open_at_end", {
        # INVITE, 100, 180, 200 OK, ACK (5) and the capture ends
        "anomaly_dialog_open_at_end.pcap": {5: "The call was still confirmed when the capture ended"}},
        clean=["volte_call_precondition.pcap", "flow_session_modify.pcap"]),
    Case("hold_not_resumed", {
        # re-INVITE a=sendonly (6), never resumed, BYE (9)
        "anomaly_hold_not_resumed.pcap": {
            6: "The call put on hold in this frame was not resumed before it ended"},
        # the first hold (6) is resumed (9); the second, UPDATE a=inactive (12), is not
        "flow_hold_resume.pcap": {
            12: "The call put on hold in this frame was not resumed before it ended"}},
        clean=["flow_session_modify.pcap"]),       # re-INVITE and UPDATE that keep sendrecv
]

# What else the anomaly captures show: the consequences of their anomaly, and
# nothing of severity warning or error that is not the point of the capture.
ALSO = {
    # a call whose INVITE timed out gets no "still calling / ringing at the end" note on top
    "anomaly_invite_timeout.pcap": [],
    "anomaly_excess_retransmission.pcap":
        [(f, "retransmission", "Retransmission %d of frame 1" % (f - 1), 1) for f in range(2, 8)] +
        [(8, "dialog_open_at_end", "The call was still calling when the capture ended", None)],
    "anomaly_ack_missing.pcap":
        [(f, "retransmission", "Retransmission %d of frame 4" % (f - 4), 4) for f in range(5, 15)],
    "anomaly_reliable_1xx_retransmitted.pcap": [(4, "retransmission", "Retransmission 1 of frame 3", 3)],
}

ANOMALY_CAPTURES = sorted({name for case in CASES for name in case.fires if name.startswith("anomaly_")})

# Bundled captures of normal calls and registrations: no warning or error of
# this plugin in two-pass mode (notes allowed).  Left out on purpose:
# all_status_codes (482, 483, 488, 580, 606 by design), malformed, the
# retransmission_* captures (a 2xx retransmitted for lack of ACK), and the
# flow_* captures whose point is a failure: flow_rejected_failed (580),
# flow_bye_abnormal (abnormal release causes), flow_registration_variants
# (403 after credentials, 423).
CLEAN = [
    "volte_call_precondition.pcap", "volte_call_two_legs.pcap", "sipp_basic_call.pcap",
    "sipp_volte_precondition.pcap", "kamailio_proxy_call.pcap", "ipv6_call.pcap", "sctp_call.pcap",
    "tcp_two_messages.pcap", "two_calls_one_tcp.pcap", "registration.pcap",
    "flow_busy.pcap", "flow_call_waiting.pcap", "flow_forking.pcap", "flow_forward_busy.pcap",
    "flow_forward_no_answer.pcap", "flow_hold_resume.pcap", "flow_mid_call.pcap",
    "flow_no_answer_cancel.pcap", "flow_no_answer_timeout.pcap", "flow_session_modify.pcap",
]

# Third-party normal calls and registrations in ../shared/captures, with the
# options they need for all of their SIP to be seen: the UE legs of these
# four are ESP with NULL encryption, which tshark decodes only with the
# heuristic on (without it, 56 of the 101 SIP messages of the open5gs IPsec
# call, 6 of 18 of the PJSUA call and none of the other two are seen).
ESP_NULL = ["-o", "esp.enable_null_encryption_decode_heuristic:TRUE"]
SHARED_CLEAN = {
    "open5gs__volte.pcapng": [],
    "open5gs__ipsec_to_ipsec_call.pcapng": ESP_NULL,
    "open5gs__nonipsec_reg.pcapng": [],
    "SSMTK-projekt__VoLTE_poziv.pcap": ESP_NULL,
    "SSMTK-projekt__VoNR_poziv_PJSUA.pcap": ESP_NULL,
    "SSMTK_FMC_VoNR_IMS_5G__rp2_snimak1.pcap": ESP_NULL,
    "pcaptoparquet__50_sip_ott.pcap.gz": [],
}

EXPERT_FIELDS = ["volte.expert", "_ws.expert.message", "_ws.expert.severity", "volte.related_frame"] + \
    ["volte.expert." + name for name in CATALOGUE]


# --------------------------------------------------------------------------
# running tshark: every run once, in parallel, at module set-up
# --------------------------------------------------------------------------

_runs = {}


def _key(path, two_pass, prefs=(), display_filter=None, extra=()):
    """Two-pass runs show the frames -Y volte.expert selects; single-pass runs
    every frame with expert info, this plugin's or another dissector's."""
    if display_filter is None:
        display_filter = "volte.expert" if two_pass else "_ws.expert"
    return (path, two_pass, tuple(prefs), display_filter, tuple(extra))


def _run(key):
    path, two_pass, prefs, display_filter, extra = key
    return fields(path, EXPERT_FIELDS, display_filter, two_pass, prefs, extra)


def _frames_key(path, display_filter, prefs=()):
    return ("frames", path, display_filter, tuple(prefs))


def _run_frames(key):
    _, path, display_filter, prefs = key
    return frames(path, display_filter, two_pass=True, prefs=prefs)


def _expert_stat_key(path):
    return ("z-expert", path)


def _run_expert_stat(key):
    return tshark(["-r", key[1], "-2", "-q", "-z", "expert"])


def _shared(name):
    path = os.path.join(SHARED_CAPTURES, name)
    return path if os.path.exists(path) else None


def _planned():
    """Every tshark run the tests read, as (key, function)."""
    plan = []
    firing = sorted({name for case in CASES for name in case.fires})
    everything = sorted(set(firing) | set(CLEAN) | {c for case in CASES for c in case.clean}
                        | {"malformed.pcap"})
    for name in everything:
        plan.append((_key(capture(name), True), _run))
    for name in firing:
        plan.append((_key(capture(name), False), _run))
    for name, check in LITERAL_FILTERS:
        plan.append((_frames_key(capture(name), "volte.expert." + check), _run_frames))
    for key in PREFERENCE_RUNS:
        plan.append((key, _run))
    for name in EXPERT_STAT_CAPTURES:
        plan.append((_expert_stat_key(capture(name)), _run_expert_stat))
    for name, extra in SHARED_CLEAN.items():
        path = _shared(name)
        if path:
            plan.append((_key(path, True, extra=extra), _run))
    return plan


def setUpModule():
    plan = _planned()
    workers = max(2, min(8, os.cpu_count() or 2))
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {key: pool.submit(fn, key) for key, fn in plan}
        for key, fut in futures.items():
            _runs[key] = fut.result()


def result(key):
    if key not in _runs:
        raise AssertionError("tshark run not planned: %r" % (key,))
    return _runs[key]


def entries(path, two_pass=True, prefs=(), display_filter=None, extra=()):
    """This plugin's expert entries: {frame: [(check, message, severity)]}, in
    the order tshark shows them; other dissectors' entries are left out."""
    out = {}
    for row in result(_key(path, two_pass, prefs, display_filter, extra)):
        for message, severity in zip(row["_ws.expert.message"], row["_ws.expert.severity"]):
            check = check_of(message)
            if check:
                out.setdefault(row["frame"], []).append((check, message, severity))
    return out


def related(path):
    """{frame: sorted volte.related_frame values} (two-pass)."""
    return {r["frame"]: sorted(int(v) for v in r["volte.related_frame"])
            for r in result(_key(path, True)) if r["volte.related_frame"]}


def of_check(found, check):
    """{frame: (message, severity)} of one check."""
    return {f: (m, s) for f, es in found.items() for c, m, s in es if c == check}


def expected_of(case, name):
    """{frame: (full message, severity)} where a case must fire in a capture."""
    sev = CATALOGUE[case.check][1]
    out = {}
    for frame, value in case.fires[name].items():
        text = value[0] if isinstance(value, tuple) else value
        out[frame] = (full(case.check, text), sev)
    return out


def decided_on_message(check, message):
    """Whether single-pass mode shows this entry: checks decided on the
    message itself, and the ACK check when a retransmitted 2xx decides it."""
    when = CATALOGUE[check][2]
    return when == MSG or (when == LATER and "retransmitted because" in message)


def everything_expected(name):
    """All entries an anomaly capture must show: [(frame, check, message, severity, related)]."""
    out = []
    for case in CASES:
        for frame, value in case.fires.get(name, {}).items():
            text, rel = value if isinstance(value, tuple) else (value, None)
            out.append((frame, case.check, full(case.check, text), CATALOGUE[case.check][1], rel))
    for frame, check, text, rel in ALSO.get(name, []):
        out.append((frame, check, full(check, text), CATALOGUE[check][1], rel))
    return out


# Preference runs (two-pass, -Y volte.expert so that the field is tested too)
GROUP_PREFS = {SEQ: "volte.checks_sequence:FALSE", RSP: "volte.checks_response_code:FALSE",
               PRO: "volte.checks_protocol:FALSE", MAL: "volte.checks_malformed:FALSE"}
TIMER_RUNS = {
    # name: (capture, preference)
    "t1_1000": ("anomaly_invite_timeout.pcap", "volte.t1_ms:1000"),
    "timer_b_300s": ("anomaly_invite_timeout.pcap", "volte.timer_b_ms:300000"),
    "timer_f_60s": ("anomaly_non_invite_timeout.pcap", "volte.timer_b_ms:60000"),
    "orphan_60s": ("anomaly_orphan_response.pcap", "volte.timer_b_ms:60000"),
    "timer_h_60s": ("anomaly_ack_missing.pcap", "volte.timer_b_ms:60000"),
    "long_setup_8s": ("anomaly_long_setup.pcap", "volte.long_setup_ms:8000"),
    "long_setup_5s": ("anomaly_long_setup.pcap", "volte.long_setup_ms:5000"),
}


def _pref_key(name, pref):
    return _key(capture(name), True, (pref,))


PREFERENCE_RUNS = [_pref_key("malformed.pcap", p) for p in GROUP_PREFS.values()] + \
                  [_pref_key(name, pref) for name, pref in TIMER_RUNS.values()]
EXPERT_STAT_CAPTURES = ["anomaly_loop.pcap", "anomaly_invite_timeout.pcap", "anomaly_ack_missing.pcap"]
# -Y volte.expert.<check> run as such (the other checks are read from their field)
LITERAL_FILTERS = [("anomaly_invite_timeout.pcap", "invite_timeout"),
                   ("anomaly_abnormal_release.pcap", "abnormal_release"),
                   ("anomaly_missing_header.pcap", "missing_header"),
                   ("anomaly_rack_mismatch.pcap", "dialog_mismatch")]


# --------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------

class EveryCheckFiresWhereItMust(TsharkTestCase):
    def test_every_check_of_the_catalogue_has_a_capture(self):
        self.assertEqual(sorted({c.check for c in CASES} | SYNTAX_CHECKS | LIMIT_CHECKS), sorted(CATALOGUE))
        self.assertEqual(len({c.check for c in CASES}), len(CASES))
        for case in CASES:
            with self.subTest(check=case.check):
                self.assertIn("anomaly_%s.pcap" % case.check, case.fires)

    def test_fires_at_the_exact_frames_with_the_exact_message_two_pass(self):
        for case in CASES:
            for name in case.fires:
                with self.subTest(check=case.check, capture=name):
                    self.assertEqual(of_check(entries(capture(name)), case.check), expected_of(case, name))

    def test_single_pass_shows_the_message_checks_alike_and_no_end_checks(self):
        for case in CASES:
            for name in case.fires:
                with self.subTest(check=case.check, capture=name):
                    want = {f: v for f, v in expected_of(case, name).items()
                            if decided_on_message(case.check, v[0])}
                    self.assertEqual(of_check(entries(capture(name), two_pass=False), case.check), want)

    def test_clean_look_alikes_do_not_fire(self):
        for case in CASES:
            for name in case.clean:
                with self.subTest(check=case.check, capture=name):
                    self.assertEqual(of_check(entries(capture(name)), case.check), {})

    def test_display_filter_per_check_selects_the_frames(self):
        # volte.expert.<check> is on exactly the frames where the check fired
        for case in CASES:
            for name in case.fires:
                with self.subTest(check=case.check, capture=name):
                    rows = result(_key(capture(name), True))
                    got = [r["frame"] for r in rows if r["volte.expert." + case.check]]
                    self.assertEqual(got, sorted(case.fires[name]))
        # and -Y volte.expert.<check> selects them
        for name, check in LITERAL_FILTERS:
            with self.subTest(check=check, capture=name, filter=True):
                case = next(c for c in CASES if c.check == check)
                self.assertEqual(result(_frames_key(capture(name), "volte.expert." + check)),
                                 sorted(case.fires[name]))


class AnomalyCapturesAreOtherwiseClean(TsharkTestCase):
    def test_exactly_the_expected_entries_and_no_other(self):
        for name in ANOMALY_CAPTURES:
            with self.subTest(capture=name):
                want = {}
                for frame, check, message, severity, _rel in everything_expected(name):
                    want.setdefault(frame, []).append((check, message, severity))
                got = entries(capture(name))
                self.assertEqual({f: sorted(v) for f, v in got.items()},
                                 {f: sorted(v) for f, v in want.items()})

    def test_no_expert_info_of_other_dissectors(self):
        # the generated SIP is well-formed: every expert entry is this plugin's
        # (the single-pass runs show every frame with expert info), but for
        # TCP's "chat" notes on connection set-up (Diameter over TCP)
        chat = "2097152"
        for name in ANOMALY_CAPTURES:
            with self.subTest(capture=name):
                others = [(r["frame"], m) for r in result(_key(capture(name), False))
                          for m, sev in zip(r["_ws.expert.message"], r["_ws.expert.severity"])
                          if not check_of(m) and sev != chat]
                self.assertEqual(others, [])

    def test_volte_expert_selects_exactly_the_anomalous_frames(self):
        # the two-pass runs display -Y volte.expert
        for name in ANOMALY_CAPTURES:
            with self.subTest(capture=name):
                want = sorted({e[0] for e in everything_expected(name)})
                self.assertEqual([r["frame"] for r in result(_key(capture(name), True))], want)

    def test_related_frame_links_the_frame_the_message_names(self):
        for name in ANOMALY_CAPTURES:
            with self.subTest(capture=name):
                want = {}
                for frame, _check, _message, _severity, rel in everything_expected(name):
                    if rel is not None:
                        want.setdefault(frame, []).append(rel)
                self.assertEqual(related(capture(name)), {f: sorted(v) for f, v in want.items()})
        # and on the bundled capture, for each retransmitted 2xx
        self.assertEqual(related(capture("retransmission_udp.pcap")).get(8), [7, 7])

    def test_severity_and_group_of_every_entry_seen(self):
        for name in ANOMALY_CAPTURES:
            for frame, es in entries(capture(name)).items():
                for check, _message, severity in es:
                    with self.subTest(capture=name, frame=frame, check=check):
                        self.assertEqual(severity, CATALOGUE[check][1])


class Preferences(TsharkTestCase):
    def test_group_preferences_turn_the_groups_entries_off(self):
        path = capture("malformed.pcap")
        base = entries(path)
        self.assertEqual({CATALOGUE[c][0] for es in base.values() for c, _, _ in es},
                         {SEQ, RSP, PRO, MAL})   # malformed.pcap has entries of all four groups
        for group, pref in GROUP_PREFS.items():
            with self.subTest(group=group):
                want = {f: [e for e in es if CATALOGUE[e[0]][0] != group] for f, es in base.items()}
                want = {f: es for f, es in want.items() if es}
                got = entries(path, prefs=(pref,))
                self.assertEqual(got, want)
                # -Y volte.expert no longer selects a frame whose entries are all off
                self.assertEqual(sorted(r["frame"] for r in result(_pref_key("malformed.pcap", pref))),
                                 sorted(want))

    def run_pref(self, run, check):
        name, pref = TIMER_RUNS[run]
        return {f: m for f, (m, _s) in
                of_check(entries(capture(name), prefs=(pref,)), check).items()}

    def test_t1_scales_timer_b(self):
        self.assertEqual(self.run_pref("t1_1000", "invite_timeout"), {
            1: full("invite_timeout", "INVITE in this frame got no final response within 64000 ms "
                                      "(Timer B, no response at all)"),
            4: full("invite_timeout", "INVITE in this frame got no final response within 180000 ms "
                                      "(Timer C, after a provisional response)")})

    def test_timer_b_preference(self):
        # Timer B of 300 s has not run out in the 252 s capture; Timer C does not depend on it
        self.assertEqual(list(self.run_pref("timer_b_300s", "invite_timeout")), [4])
        self.assertEqual(self.run_pref("timer_f_60s", "non_invite_timeout"), {})
        self.assertEqual(self.run_pref("orphan_60s", "orphan_response"), {})
        # Timer H of 60 s has not run out either: only the retransmissions speak
        self.assertEqual(sorted(self.run_pref("timer_h_60s", "ack_missing")), list(range(5, 15)))

    def test_long_setup_threshold(self):
        self.assertEqual(self.run_pref("long_setup_8s", "long_setup"), {})
        self.assertEqual(self.run_pref("long_setup_5s", "long_setup"), {
            3: full("long_setup", "Session request delay 6000 ms is above the threshold (5000 ms)")})


class ExpertStatistics(TsharkTestCase):
    def volte_lines(self, name):
        """[(section, frequency, group, summary)] of the VoLTE rows of -z expert."""
        out, section = [], None
        for line in result(_expert_stat_key(capture(name))).splitlines():
            m = re.match(r"^(Errors|Warns|Notes|Chats|Comments) \(\d+\)$", line)
            if m:
                section = m.group(1)
                continue
            m = re.match(r"^\s+(\d+)\s+(\S+)\s+VoLTE\s+(.*)$", line)
            if m:
                out.append((section, int(m.group(1)), m.group(2), m.group(3)))
        return out

    def test_expert_stat_lists_the_entries(self):
        loop = "{}: the request looped or ran out of hops; RFC 3261 §16.3, §21.4.20, §21.4.21"
        self.assertEqual(self.volte_lines("anomaly_loop.pcap"), [
            ("Warns", 1, "Response", loop.format(482)), ("Warns", 1, "Response", loop.format(483))])
        timeout = "INVITE in this frame got no final response within %s; RFC 3261 §17.1.1.2, §16.6"
        self.assertEqual(self.volte_lines("anomaly_invite_timeout.pcap"), [
            ("Errors", 1, "Sequence", timeout % "32000 ms (Timer B, no response at all)"),
            ("Errors", 1, "Sequence", timeout % "180000 ms (Timer C, after a provisional response)")])

    def test_expert_stat_counts_repeated_entries(self):
        lines = self.volte_lines("anomaly_ack_missing.pcap")
        ack = "2xx to the INVITE was not acknowledged: %s; RFC 3261 §13.3.1.4"
        self.assertIn(("Warns", 10, "Sequence", ack % "it is retransmitted because no ACK has arrived yet"), lines)
        self.assertIn(("Warns", 1, "Sequence", ack % "no ACK arrived within Timer H"), lines)
        self.assertEqual(len([l for l in lines if l[0] == "Notes"]), 10)   # "Retransmission n of frame 4"


class CleanCapturesRaiseNoWarning(TsharkTestCase):
    def warnings(self, path, extra=()):
        return [(f, m) for f, es in entries(path, extra=extra).items() for _c, m, s in es if s != NOTE]

    def test_bundled_normal_calls(self):
        for name in CLEAN:
            with self.subTest(capture=name):
                self.assertEqual(self.warnings(capture(name)), [])

    def test_third_party_normal_calls(self):
        for name, extra in SHARED_CLEAN.items():
            path = _shared(name)
            if not path:
                print("%s not present: nothing to check" % os.path.join(SHARED_CAPTURES, name))
                continue
            with self.subTest(capture=name):
                self.assertEqual(self.warnings(path, extra), [])


if __name__ == "__main__":
    unittest.main()


class CallLimit(TsharkTestCase):
    """volte.max_calls bounds the calls the plugin keeps state for; a message
    of a Call-ID beyond it keeps its status annotation and gets call_limit.
    two_calls_one_tcp.pcap: call 1 starts in frame 4, call 2 in frame 7, and
    frame 8 carries a 180 of call 1 and a 100 of call 2."""

    path = capture("two_calls_one_tcp.pcap")
    names = ["volte.call", "volte.status.code", "volte.expert.call_limit", "_ws.expert.message"]
    limited = full("call_limit", "Not analysed as a call: this capture already has 1 calls and "
                                 "registrations, the most the plugin tracks (preference volte.max_calls)")

    def rows(self, prefs):
        return by_frame(fields(self.path, self.names, "sip", prefs=prefs))

    def test_without_limit_both_calls_are_tracked(self):
        rows = self.rows(())
        self.assertEqual(rows[7]["volte.call"], ["2"])
        self.assertEqual(rows[8]["volte.call"], ["1", "2"])
        self.assertFalse(any(r["volte.expert.call_limit"] for r in rows.values()))

    def test_calls_beyond_the_limit_get_status_and_the_note_only(self):
        rows = self.rows(("volte.max_calls:1",))
        self.assertEqual(rows[4]["volte.call"], ["1"])
        self.assertEqual(rows[7]["volte.call"], [])
        self.assertEqual(rows[7]["_ws.expert.message"], [self.limited])
        # the 180 of call 1 is analysed, the 100 of call 2 only annotated
        self.assertEqual(rows[8]["volte.call"], ["1"])
        self.assertEqual(rows[8]["volte.status.code"], ["180", "100"])
        self.assertEqual(rows[8]["_ws.expert.message"], [self.limited])
        limited = sorted(f for f, r in rows.items() if r["volte.expert.call_limit"])
        call2 = sorted(f for f, r in by_frame(fields(self.path, [], 'sip.Call-ID contains "cc004b8c"')).items())
        self.assertEqual(limited, call2)

    def test_call_table_lists_the_tracked_calls_only(self):
        out = tshark(["-r", self.path, "-q", "-o", "volte.max_calls:1", "-z", "volte,calls,tsv"])
        self.assertEqual(len(out.strip().splitlines()) - 1, 1, out)


class ValuesDropped(TsharkTestCase):
    """captures/limits.pcap: frame 1 is an INVITE whose SDP has 20 m= lines
    of 7 lines each (16 m= lines are kept, so 4 m= lines and their 24 a=
    lines are left out), frame 2 a REGISTER with 20 Contact lines (16 kept)."""

    path = capture("limits.pcap")

    def test_each_message_says_what_was_left_out(self):
        want = {
            1: [(full("values_dropped", "Not all of this message was analysed: 0 header values and 28 SDP "
                                        "lines beyond the plugin's limits were left out"), NOTE)],
            2: [(full("values_dropped", "Not all of this message was analysed: 4 header values and 0 SDP "
                                        "lines beyond the plugin's limits were left out"), NOTE)],
        }
        for two_pass in (False, True):
            with self.subTest(two_pass=two_pass):
                if two_pass:
                    # the end of the capture also finds the INVITE unanswered
                    want[1].append((full("dialog_open_at_end", "The call was still calling when the capture "
                                                               "ended"), NOTE))
                rows = by_frame(fields(self.path, ["_ws.expert.message", "_ws.expert.severity",
                                                   "volte.expert.values_dropped"], "volte", two_pass=two_pass))
                self.assertEqual({f: list(zip(r["_ws.expert.message"], r["_ws.expert.severity"]))
                                  for f, r in rows.items()}, want)
