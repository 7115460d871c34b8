#!/usr/bin/env python3
"""Deterministic generator of one small SIP capture per anomaly check.

The plugin's catalogue of call-flow checks (plugin/engine/anomaly.c) names
every check volte.expert.<check>.  For each check that a SIP capture can
trigger, this script writes anomaly_<check>.pcap: the shortest plausible
UE-A <-> P-CSCF call flow in which the check must fire, and otherwise as
clean as possible (no other warning or error of the plugin).  Where it helps
the reader, the capture also holds the look-alike flow in which the check
must NOT fire (a Q.850 cause 16 next to cause 41, a refreshed session timer
next to an expired one, an early orphan response next to a late one).

The message-syntax checks (not_sip, missing_call_id, missing_cseq,
status_out_of_range, status_unregistered) are covered by malformed.pcap of
generate.py and get no capture here.

Everything is built with generate.py's own builders (pcap writer, UDP, SIP
messages, dialogs, SDP), imported as a module from this folder, so the
captures look exactly like the flow_*.pcap ones: UE-A 10.0.0.1, P-CSCF
10.0.0.10, UE-B 10.0.0.2, UDP port 5060, every capture starting at
2024-01-01 00:00:00 UTC.  There is no randomness: two runs write
byte-identical files.

Usage:  python3 captures/generate_anomalies.py [--out DIR]   (default: this folder)
See captures/README.md ("Anomaly captures") for the content of each capture.
"""

import argparse
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _load_generate():
    """captures/generate.py as a module (it is a script, not a package)."""
    dont_write = sys.dont_write_bytecode
    sys.dont_write_bytecode = True       # leave no __pycache__ behind in captures/
    try:
        spec = importlib.util.spec_from_file_location("volte_capture_generate",
                                                      os.path.join(HERE, "generate.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = dont_write
    return module


g = _load_generate()

Capture, Leg, Dialog, SipMessage = g.Capture, g.Leg, g.Dialog, g.SipMessage
UE_A, UE_B, PCSCF = g.UE_A, g.UE_B, g.PCSCF
DOMAIN, ALLOW, UE_AGENT, NET_AGENT, PANI = g.DOMAIN, g.ALLOW, g.UE_AGENT, g.NET_AGENT, g.PANI
response, net_response, callee_response = g.response, g.net_response, g.callee_response
token, branch, inv_cseq = g.token, g.branch, g.inv_cseq
sdp_session, sdp_ids, sdp = g.sdp_session, g.sdp_ids, g.sdp

PCSCF_HOST = "pcscf." + DOMAIN


# --------------------------------------------------------------------------
# small builders on top of generate.py's
# --------------------------------------------------------------------------

def invite(label, caller=UE_A, callee=UE_B, body=None, supported="100rel, timer", require=None,
           extra=()):
    """Dialog and initial INVITE (with an SDP offer unless body == "")."""
    d = Dialog(label, caller, callee, PCSCF)
    sid_a, _ = sdp_ids(label)
    if body is None:
        body = sdp_session(caller.ip, 40000, sid_a, 1)
    inv = g.flow_invite(d, body, supported=supported, require=require)
    for name, value in extra:
        inv.insert_before("User-Agent", name, value)
    return d, inv


def answer_sdp(label, version=1, direction="sendrecv"):
    _, sid_b = sdp_ids(label)
    return sdp_session(UE_B.ip, 50000, sid_b, version, direction)


def offer_sdp(label, version, direction="sendrecv"):
    sid_a, _ = sdp_ids(label)
    return sdp_session(UE_A.ip, 40000, sid_a, version, direction)


def to_tag(label):
    return token("to-tag", label, length=10)


def ok_to_invite(inv, label, body=None, extra=()):
    """The callee's 200 OK (with the SDP answer unless body == "")."""
    return callee_response(inv, 200, "OK", to_tag(label), UE_B, extra,
                           answer_sdp(label) if body is None else body)


def reliable(inv, label, code, reason, rseq, body="", require="100rel"):
    """A reliable provisional response (RFC 3262): Require: 100rel and RSeq."""
    return callee_response(inv, code, reason, to_tag(label), UE_B,
                           [("Require", require), ("RSeq", str(rseq))], body)


def prack(d, inv, rseq):
    return d.request("PRACK", [("RAck", "%d %d INVITE" % (rseq, inv_cseq(inv)))])


def ok_plain(req, extra=()):
    """200 OK to a non-INVITE request from the far UE."""
    return response(req, 200, "OK", headers=list(extra) + [("Server", UE_AGENT)])


def ack_in_dialog_non2xx(d, req):
    """ACK of a non-2xx final response to a re-INVITE: same branch and CSeq
    number as the re-INVITE (RFC 3261 §17.1.1.3), inside the dialog."""
    req_branch = req.get("Via").split("branch=")[1].split(";")[0]
    return d.request("ACK", cseq=inv_cseq(req), branch_id=req_branch)


def start_call(leg, d, inv, label, t, ring_at=2.0, answer_at=7.0):
    """INVITE, 100, 180 (after ring_at s), 200 with SDP (after answer_at s), ACK."""
    leg.up(t, inv)
    leg.down(t + 0.020, response(inv, 100, "Trying"))
    if ring_at is not None:
        leg.down(t + ring_at, callee_response(inv, 180, "Ringing", to_tag(label), UE_B))
    ok = ok_to_invite(inv, label)
    leg.down(t + answer_at, ok)
    d.learn(ok)
    leg.up(t + answer_at + 0.040, d.request("ACK", cseq=inv_cseq(inv)))
    return ok


def start_call_answer(leg, d, inv, label, t, body=None):
    """200 OK to the INVITE at t, ACK."""
    ok = ok_to_invite(inv, label, body)
    leg.down(t, ok)
    d.learn(ok)
    leg.up(t + 0.040, d.request("ACK", cseq=inv_cseq(inv)))


def hang_up(leg, d, t, extra=()):
    """The caller's BYE and the 200 OK."""
    bye = d.request("BYE", list(extra))
    leg.up(t, bye)
    leg.down(t + 0.040, ok_plain(bye))
    return bye


def failed_call(leg, label, t, code, reason, extra=(), trying=True, at=0.300, invite_extra=(),
                **invite_args):
    """INVITE, 100, non-2xx final response from the network (To-tag) with
    `extra` headers, ACK."""
    _, inv = invite(label, extra=invite_extra, **invite_args)
    leg.up(t, inv)
    if trying:
        leg.down(t + 0.020, response(inv, 100, "Trying"))
    final = net_response(inv, code, reason, to_tag(label), extra)
    leg.down(t + at, final)
    leg.up(t + at + 0.030, g.ack_non2xx(inv, final))
    return inv, final


def ue_request(label, method, cseq=1, request_uri=None, to=None, extra=(), body="",
               content_type="application/sdp", cseq_method=None):
    """Out-of-dialog request from UE-A to the P-CSCF (OPTIONS, MESSAGE, ...)."""
    h = [("Via", UE_A.via(branch(label, method, cseq))),
         ("Max-Forwards", "70"),
         ("Route", PCSCF.route),
         ("From", "<%s>;tag=%s" % (UE_A.aor, token("from-tag", label, length=10))),
         ("To", to or "<sip:%s>" % DOMAIN),
         ("Call-ID", "%s@%s" % (token("call-id", label, length=24), UE_A.ip)),
         ("CSeq", "%d %s" % (cseq, cseq_method or method))]
    h += list(extra)
    h += [("P-Access-Network-Info", PANI), ("User-Agent", UE_AGENT)]
    return SipMessage("%s %s SIP/2.0" % (method, request_uri or "sip:" + DOMAIN), h, body,
                      content_type)


def options(label, cseq=1):
    return ue_request(label, "OPTIONS", cseq, extra=[("Contact", UE_A.contact),
                                                     ("Accept", "application/sdp")])


def options_ok(req, label):
    return net_response(req, 200, "OK", to_tag(label),
                        [("Allow", ALLOW), ("Accept", "application/sdp"),
                         ("Supported", "100rel, precondition, timer")])


def ping(leg, label, t):
    """Unrelated traffic: OPTIONS from UE-A and the P-CSCF's 200 OK."""
    req = options(label)
    leg.up(t, req)
    leg.down(t + 0.030, options_ok(req, label))


def message(label, text="Hello"):
    return ue_request(label, "MESSAGE", request_uri=UE_B.aor, to="<%s>" % UE_B.aor,
                      extra=[("Accept-Contact", "*;+g.3gpp.smsip")], body=text,
                      content_type="text/plain")


IMPI = "001010000000001@" + DOMAIN
REG_URI = "sip:" + DOMAIN


def register(label, cseq, expires=600, auth=None):
    """REGISTER of UE-A (one Call-ID and From-tag per label)."""
    h = [("Via", UE_A.via(branch(label, "register", cseq))),
         ("Max-Forwards", "70"),
         ("Route", PCSCF.route),
         ("From", "<%s>;tag=%s" % (UE_A.aor, token("from-tag", label, length=10))),
         ("To", "<%s>" % UE_A.aor),
         ("Call-ID", "%s@%s" % (token("call-id", label, length=24), UE_A.ip)),
         ("CSeq", "%d REGISTER" % cseq),
         ("Contact", UE_A.contact + ";+g.3gpp.smsip;expires=%d" % expires),
         ("Expires", str(expires)),
         ("Authorization", auth or ('Digest username="%s", realm="%s", uri="%s", nonce="", '
                                    'response=""' % (IMPI, DOMAIN, REG_URI))),
         ("Supported", "path, gruu"),
         ("Allow", ALLOW),
         ("P-Access-Network-Info", PANI),
         ("User-Agent", UE_AGENT)]
    return SipMessage("REGISTER %s SIP/2.0" % REG_URI, h)


def nonce(label, n):
    return token("nonce", label, n, length=32)


def aka_auth(label, n, nc):
    """Authorization answering challenge n (digest with qop=auth)."""
    ncs = "%08x" % nc
    cnonce = token("cnonce", label, length=16)
    res = bytes.fromhex(token("res", label, length=16))
    resp = g.digest_response(IMPI, DOMAIN, res, "REGISTER", REG_URI, nonce(label, n), ncs, cnonce)
    return ('Digest username="%s", realm="%s", uri="%s", nonce="%s", response="%s", '
            'algorithm=AKAv1-MD5, cnonce="%s", qop=auth, nc=%s'
            % (IMPI, DOMAIN, REG_URI, nonce(label, n), resp, cnonce, ncs))


def challenge(req, label, n, stale=None):
    auth = 'Digest realm="%s", nonce="%s", algorithm=AKAv1-MD5, qop="auth"' % (DOMAIN, nonce(label, n))
    if stale is not None:
        auth += ", stale=%s" % ("true" if stale else "false")
    return net_response(req, 401, "Unauthorized", token("to-tag", label, "401", n, length=10),
                        [("WWW-Authenticate", auth)])


def registered(req, label, expires):
    return net_response(req, 200, "OK", to_tag(label), [
        ("Contact", UE_A.contact + ";expires=%d" % expires),
        ("P-Associated-URI", "<%s>, <tel:%s>" % (UE_A.aor, UE_A.msisdn)),
        ("Service-Route", "<sip:orig@scscf.%s;lr>" % DOMAIN),
        ("Path", "<sip:term@%s;lr>" % PCSCF.hostport)])


# --------------------------------------------------------------------------
# captures, one per check (frame numbers as tshark shows them)
# --------------------------------------------------------------------------

CAPTURES = {}


def capture(check):
    def register_builder(fn):
        CAPTURES["anomaly_%s.pcap" % check] = fn
        return fn
    return register_builder


@capture("invite_timeout")
def anomaly_invite_timeout():
    """Timer B and Timer C.  1 INVITE, never answered at all; 2-3 OPTIONS/200
    at 40 s (the capture covers Timer B = 32 s); 4 INVITE at 50 s, 5 100,
    6 180 at 52 s, then nothing for that call; 7-8 OPTIONS/200 at 252 s (over
    3 minutes after frame 4: Timer C)."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_invite_timeout"
    _, inv = invite(label + "/timer_b")
    leg.up(0.000, inv)
    ping(leg, label + "/ping1", 40.000)
    _, inv = invite(label + "/timer_c")
    leg.up(50.000, inv)
    leg.down(50.020, response(inv, 100, "Trying"))
    leg.down(52.000, callee_response(inv, 180, "Ringing", to_tag(label + "/timer_c"), UE_B))
    ping(leg, label + "/ping2", 252.000)
    return cap


@capture("non_invite_timeout")
def anomaly_non_invite_timeout():
    """Timer F.  1 OPTIONS, no response at all; 2 MESSAGE, 3 its 100 Trying
    and no final response (a provisional response does not stop Timer F);
    4 REGISTER at 2 s, no response at all; 5-6 OPTIONS/200 at 40 s (the
    capture covers Timer F = 32 s after frames 1, 2 and 4)."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_non_invite_timeout"
    leg.up(0.000, options(label + "/options"))
    msg = message(label + "/message")
    leg.up(1.000, msg)
    leg.down(1.020, response(msg, 100, "Trying"))
    leg.up(2.000, register(label + "/register", 1))
    ping(leg, label + "/ping", 40.000)
    return cap


@capture("retransmission")
def anomaly_retransmission():
    """Retransmissions within the Timer A/E schedule.  1 INVITE, 2 the same
    INVITE after T1 (0.5 s), 3 100, 4 180, 5 200, 6 ACK; 7 BYE at 37 s, 8 its
    200 OK (lost on the way), 9 the BYE again after T1, 10 the 200 OK again."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_retransmission"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.up(0.500, inv)
    leg.down(0.520, response(inv, 100, "Trying"))
    leg.down(2.000, callee_response(inv, 180, "Ringing", to_tag(label), UE_B))
    ok = ok_to_invite(inv, label)
    leg.down(7.000, ok)
    d.learn(ok)
    leg.up(7.040, d.request("ACK", cseq=inv_cseq(inv)))
    bye = d.request("BYE")
    leg.up(37.000, bye)
    bye_ok = ok_plain(bye)
    leg.down(37.040, bye_ok)
    leg.up(37.500, bye)
    leg.down(37.540, bye_ok)
    return cap


@capture("excess_retransmission")
def anomaly_excess_retransmission():
    """More INVITE copies than Timer A allows before Timer B: 8 copies on the
    same hop at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 23.5 and 31.5 s (frames 1-8);
    Timer A allows 6 retransmissions (0.5 .. 31.5 s doubling).  No response;
    the capture ends before Timer B runs out."""
    cap = Capture()
    leg = Leg(cap)
    _, inv = invite("anomaly_excess_retransmission")
    for t in (0.0, 0.5, 1.5, 3.5, 7.5, 15.5, 23.5, 31.5):
        leg.up(t, inv)
    return cap


@capture("ack_missing")
def anomaly_ack_missing():
    """A 2xx never ACKed.  1 INVITE, 2 100, 3 180, 4 200 OK at 7 s, 5-14 the
    200 OK retransmitted at 7.5, 8.5, 10.5, 14.5 ... 38.5 s (T1 doubling up to
    T2 = 4 s), no ACK; 15 at 39 s (Timer H = 64*T1 after frame 4) the callee
    gives up and sends BYE (RFC 3261 §13.3.1.4), 16 200 OK from UE-A."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_ack_missing"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    leg.down(2.000, callee_response(inv, 180, "Ringing", to_tag(label), UE_B))
    ok = ok_to_invite(inv, label)
    d.learn(ok)
    t, interval = 7.000, 0.5
    leg.down(t, ok)
    while t + interval < 39.0:
        t += interval
        leg.down(t, ok)
        interval = min(interval * 2, 4.0)
    bye = g.toward_caller(d, "BYE", 1, UE_B.aor,
                          [PCSCF.via(branch(label, "pcscf", "bye")), UE_B.via(branch(label, "callee", "bye"))],
                          [("User-Agent", UE_AGENT)])
    leg.down(39.000, bye)
    leg.up(39.040, ok_plain(bye))
    return cap


@capture("orphan_response")
def anomaly_orphan_response():
    """Responses without their request.  1 OPTIONS, 2 200 OK (paired); 3 at
    1 s a 200 OK to an OPTIONS not in the capture (it may have been sent
    before the capture started: no anomaly); 4 at 40 s a 200 OK to another
    OPTIONS not in the capture, which covers the 32 s before it."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_orphan_response"
    ping(leg, label + "/ping", 0.000)
    early = options(label + "/early")
    leg.down(1.000, options_ok(early, label + "/early"))
    late = options(label + "/late")
    leg.down(40.000, options_ok(late, label + "/late"))
    return cap


@capture("cseq_regression")
def anomaly_cseq_regression():
    """CSeq going down within a dialog.  1-5 INVITE, 100, 180, 200, ACK;
    6 UPDATE (session refresh, CSeq 3) at 17 s, 7 200 OK; 8 BYE with CSeq 2 at
    37 s, 9 500 from the callee (out of order, RFC 3261 §12.2.2), 10 BYE with
    CSeq 4, 11 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_cseq_regression"
    d, inv = invite(label)
    start_call(leg, d, inv, label, 0.0)
    d.cseq = 2
    upd = d.request("UPDATE", [("Supported", "100rel, timer")])
    leg.up(17.000, upd)
    leg.down(17.050, response(upd, 200, "OK", headers=g.callee_headers(UE_B)))
    bad = d.request("BYE", cseq=2)
    leg.up(37.000, bad)
    leg.down(37.040, response(bad, 500, "Server Internal Error",
                              headers=[("Retry-After", "1"), ("Server", UE_AGENT)]))
    hang_up(leg, d, 37.100)
    return cap


@capture("cseq_method_mismatch")
def anomaly_cseq_method_mismatch():
    """Request method and CSeq method differ.  1 OPTIONS whose CSeq says
    "1 INFO", 2 the 200 OK (CSeq copied); 3-4 a correct OPTIONS and 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_cseq_method_mismatch"
    bad = ue_request(label + "/bad", "OPTIONS", extra=[("Accept", "application/sdp")],
                     cseq_method="INFO")
    leg.up(0.000, bad)
    leg.down(0.030, options_ok(bad, label + "/bad"))
    ping(leg, label + "/good", 1.000)
    return cap


@capture("cancel_before_provisional")
def anomaly_cancel_before_provisional():
    """CANCEL before any provisional response.  1 INVITE, 2 CANCEL 10 ms later,
    3 100 Trying, 4 200 OK (CANCEL), 5 487, 6 ACK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_cancel_before_provisional"
    _, inv = invite(label)
    leg.up(0.000, inv)
    cancel = g.cancel_for(inv)
    leg.up(0.010, cancel)
    leg.down(0.020, response(inv, 100, "Trying"))
    leg.down(0.030, net_response(cancel, 200, "OK", to_tag(label)))
    final = net_response(inv, 487, "Request Terminated", to_tag(label))
    leg.down(0.040, final)
    leg.up(0.070, g.ack_non2xx(inv, final))
    return cap


@capture("cancel_race")
def anomaly_cancel_race():
    """CANCEL crossing the 200 OK.  1 INVITE, 2 100, 3 180, 4 CANCEL at 10 s,
    5 200 OK (INVITE) sent by the callee before the CANCEL reached it, 6 200 OK
    (CANCEL), 7 ACK, 8 BYE (RFC 3261 §15: the caller ends the call it did not
    want), 9 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_cancel_race"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    leg.down(2.000, callee_response(inv, 180, "Ringing", to_tag(label), UE_B))
    cancel = g.cancel_for(inv)
    leg.up(10.000, cancel)
    ok = ok_to_invite(inv, label)
    leg.down(10.010, ok)
    d.learn(ok)
    leg.down(10.020, net_response(cancel, 200, "OK", to_tag(label)))
    leg.up(10.050, d.request("ACK", cseq=inv_cseq(inv)))
    hang_up(leg, d, 10.100)
    return cap


@capture("dialog_mismatch")
def anomaly_dialog_mismatch():
    """481 to an in-dialog request.  1-5 INVITE, 100, 180, 200, ACK; 6 BYE at
    37 s, 7 481 Call/Transaction Does Not Exist."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_dialog_mismatch"
    d, inv = invite(label)
    start_call(leg, d, inv, label, 0.0)
    bye = d.request("BYE")
    leg.up(37.000, bye)
    leg.down(37.040, response(bye, 481, "Call/Transaction Does Not Exist",
                              headers=[("Server", UE_AGENT)]))
    return cap


@capture("loop")
def anomaly_loop():
    """482 and 483.  1 INVITE, 2 100, 3 482 Loop Detected, 4 ACK; 5 INVITE at
    5 s, 6 483 Too Many Hops, 7 ACK."""
    cap = Capture()
    leg = Leg(cap)
    failed_call(leg, "anomaly_loop/482", 0.0, 482, "Loop Detected")
    failed_call(leg, "anomaly_loop/483", 5.0, 483, "Too Many Hops", trying=False, at=0.050)
    return cap


@capture("missing_to_tag")
def anomaly_missing_to_tag():
    """A dialog-creating response without To-tag.  1 INVITE, 2 100 (no tag:
    fine), 3 180 without To-tag, 4 200 OK (tagged), 5 ACK, 6 BYE, 7 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_missing_to_tag"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    leg.down(2.000, callee_response(inv, 180, "Ringing", None, UE_B))
    ok = ok_to_invite(inv, label)
    leg.down(7.000, ok)
    d.learn(ok)
    leg.up(7.040, d.request("ACK", cseq=inv_cseq(inv)))
    hang_up(leg, d, 37.000)
    return cap


@capture("missing_header")
def anomaly_missing_header():
    """Responses without the header they require, each to its own request:
    1-2 REGISTER, 401 without WWW-Authenticate; 3-5 INVITE, 407 without
    Proxy-Authenticate, ACK; 6-7 MESSAGE, 405 without Allow; 8-10 INVITE with
    Require: foo, 420 without Unsupported, ACK; 11-12 SUBSCRIBE (reg event,
    Expires 60), 423 without Min-Expires; 13-15 INVITE, 302 without Contact,
    ACK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_missing_header"
    reg = register(label + "/401", 1)
    leg.up(0.000, reg)
    leg.down(0.150, net_response(reg, 401, "Unauthorized", to_tag(label + "/401")))
    failed_call(leg, label + "/407", 10.0, 407, "Proxy Authentication Required", trying=False,
                at=0.050)
    msg = message(label + "/405")
    leg.up(20.000, msg)
    leg.down(20.050, net_response(msg, 405, "Method Not Allowed", to_tag(label + "/405")))
    failed_call(leg, label + "/420", 30.0, 420, "Bad Extension", trying=False, at=0.050,
                require="foo")
    sub = ue_request(label + "/423", "SUBSCRIBE", request_uri=UE_A.aor, to="<%s>" % UE_A.aor,
                     extra=[("Event", "reg"), ("Expires", "60"), ("Contact", UE_A.contact),
                            ("Accept", "application/reginfo+xml")])
    leg.up(40.000, sub)
    leg.down(40.050, net_response(sub, 423, "Interval Too Brief", to_tag(label + "/423")))
    failed_call(leg, label + "/302", 50.0, 302, "Moved Temporarily", trying=False, at=0.050)
    return cap


@capture("retry_after_missing")
def anomaly_retry_after_missing():
    """503 without Retry-After.  1 INVITE, 2 100, 3 503 Service Unavailable
    (no Retry-After), 4 ACK."""
    cap = Capture()
    failed_call(Leg(cap), "anomaly_retry_after_missing", 0.0, 503, "Service Unavailable")
    return cap


@capture("rseq_missing")
def anomaly_rseq_missing():
    """A 183 with Require: 100rel and no RSeq.  1 INVITE, 2 100, 3 183
    (Require: 100rel, no RSeq), 4 200 OK, 5 ACK, 6 BYE, 7 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_rseq_missing"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    leg.down(1.200, callee_response(inv, 183, "Session Progress", to_tag(label), UE_B,
                                    [("Require", "100rel")]))
    start_call_answer(leg, d, inv, label, 7.000)
    hang_up(leg, d, 37.000)
    return cap


@capture("prack_missing")
def anomaly_prack_missing():
    """A reliable provisional response never PRACKed.  1 INVITE, 2 100, 3 183
    (Require: 100rel, RSeq 1, no SDP), no PRACK, 4 200 OK at 7 s, 5 ACK, 6 BYE,
    7 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_prack_missing"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    r183 = reliable(inv, label, 183, "Session Progress", 1)
    leg.down(1.200, r183)
    d.learn(r183)
    start_call_answer(leg, d, inv, label, 7.000)
    hang_up(leg, d, 37.000)
    return cap


@capture("reliable_1xx_retransmitted")
def anomaly_reliable_1xx_retransmitted():
    """A reliable 183 retransmitted for lack of PRACK.  1 INVITE, 2 100, 3 183
    (RSeq 1, SDP), 4 the 183 again after T1, 5 PRACK, 6 200 OK (PRACK), 7 200
    OK (INVITE), 8 ACK, 9 BYE, 10 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_reliable_1xx_retransmitted"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    r183 = reliable(inv, label, 183, "Session Progress", 1, answer_sdp(label))
    leg.down(1.200, r183)
    leg.down(1.700, r183)
    d.learn(r183)
    pr = prack(d, inv, 1)
    leg.up(1.750, pr)
    leg.down(1.780, ok_plain(pr))
    start_call_answer(leg, d, inv, label, 7.000, body="")
    hang_up(leg, d, 37.000)
    return cap


@capture("rack_mismatch")
def anomaly_rack_mismatch():
    """A PRACK whose RAck matches nothing.  1 INVITE, 2 100, 3 183 (RSeq 1,
    SDP), 4 PRACK with RAck 2 1 INVITE, 5 481 (RFC 3262 §4 makes the UAS answer
    so), 6 PRACK with RAck 1 1 INVITE, 7 200 OK (PRACK), 8 200 OK (INVITE),
    9 ACK, 10 BYE, 11 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_rack_mismatch"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    r183 = reliable(inv, label, 183, "Session Progress", 1, answer_sdp(label))
    leg.down(1.200, r183)
    d.learn(r183)
    bad = prack(d, inv, 2)
    leg.up(1.250, bad)
    leg.down(1.280, response(bad, 481, "Call/Transaction Does Not Exist",
                             headers=[("Server", UE_AGENT)]))
    good = prack(d, inv, 1)
    leg.up(1.300, good)
    leg.down(1.330, ok_plain(good))
    start_call_answer(leg, d, inv, label, 7.000, body="")
    hang_up(leg, d, 37.000)
    return cap


@capture("rseq_gap")
def anomaly_rseq_gap():
    """RSeq not increasing by one.  1 INVITE, 2 100, 3 183 (RSeq 1, SDP),
    4 PRACK, 5 200 OK (PRACK), 6 180 (reliable, RSeq 3), 7 PRACK, 8 200 OK
    (PRACK), 9 200 OK (INVITE), 10 ACK, 11 BYE, 12 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_rseq_gap"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    r183 = reliable(inv, label, 183, "Session Progress", 1, answer_sdp(label))
    leg.down(1.200, r183)
    d.learn(r183)
    pr = prack(d, inv, 1)
    leg.up(1.250, pr)
    leg.down(1.280, ok_plain(pr))
    leg.down(2.000, reliable(inv, label, 180, "Ringing", 3))
    pr = prack(d, inv, 3)
    leg.up(2.050, pr)
    leg.down(2.080, ok_plain(pr))
    start_call_answer(leg, d, inv, label, 7.000, body="")
    hang_up(leg, d, 37.000)
    return cap


@capture("second_reliable_before_prack")
def anomaly_second_reliable_before_prack():
    """A second reliable provisional response before the first was PRACKed.
    1 INVITE, 2 100, 3 183 (RSeq 1, SDP), 4 180 (reliable, RSeq 2) 100 ms
    later, 5 PRACK (RSeq 1), 6 200 OK, 7 PRACK (RSeq 2), 8 200 OK, 9 200 OK
    (INVITE), 10 ACK, 11 BYE, 12 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_second_reliable_before_prack"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    r183 = reliable(inv, label, 183, "Session Progress", 1, answer_sdp(label))
    leg.down(1.200, r183)
    d.learn(r183)
    leg.down(1.300, reliable(inv, label, 180, "Ringing", 2))
    for t, rseq in ((1.320, 1), (1.400, 2)):
        pr = prack(d, inv, rseq)
        leg.up(t, pr)
        leg.down(t + 0.030, ok_plain(pr))
    start_call_answer(leg, d, inv, label, 7.000, body="")
    hang_up(leg, d, 37.000)
    return cap


@capture("answer_before_prack")
def anomaly_answer_before_prack():
    """A 2xx before the PRACK of a reliable 183 that carried SDP.  1 INVITE
    (offer), 2 100, 3 183 (RSeq 1, SDP answer), 4 200 OK (INVITE) 50 ms later,
    5 PRACK (crossing the 200), 6 200 OK (PRACK), 7 ACK, 8 BYE, 9 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_answer_before_prack"
    d, inv = invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    r183 = reliable(inv, label, 183, "Session Progress", 1, answer_sdp(label))
    leg.down(1.200, r183)
    d.learn(r183)
    ok = ok_to_invite(inv, label, body="")
    leg.down(1.250, ok)
    d.learn(ok)
    pr = prack(d, inv, 1)
    leg.up(1.260, pr)
    leg.down(1.290, ok_plain(pr))
    leg.up(1.300, d.request("ACK", cseq=inv_cseq(inv)))
    hang_up(leg, d, 31.300)
    return cap


@capture("offer_while_pending")
def anomaly_offer_while_pending():
    """A new offer while an offer/answer exchange is unfinished.  1-5 INVITE,
    100, 180, 200, ACK; 6 re-INVITE (SDP, CSeq 2) at 17 s; 7 a second re-INVITE
    (SDP, CSeq 3) 0.5 s later, before any final response to frame 6; 8 500
    with Retry-After to it (RFC 3261 §14.2), 9 its ACK; 10 200 OK (SDP) to
    frame 6, 11 ACK; 12 BYE, 13 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_offer_while_pending"
    d, inv = invite(label)
    start_call(leg, d, inv, label, 0.0)
    first = g.reinvite(d, offer_sdp(label, 2))
    leg.up(17.000, first)
    second = g.reinvite(d, offer_sdp(label, 3))
    leg.up(17.500, second)
    leg.down(17.520, response(second, 500, "Server Internal Error",
                              headers=[("Retry-After", "2"), ("Server", UE_AGENT)]))
    leg.up(17.550, ack_in_dialog_non2xx(d, second))
    leg.down(18.000, response(first, 200, "OK", headers=g.callee_headers(UE_B),
                              body=answer_sdp(label, 2)))
    leg.up(18.040, d.request("ACK", cseq=inv_cseq(first)))
    hang_up(leg, d, 37.000)
    return cap


@capture("glare")
def anomaly_glare():
    """491 Request Pending.  1-5 INVITE, 100, 180, 200, ACK; 6 re-INVITE from
    UE-A (SDP) at 17 s, 7 491 from UE-B (its own re-INVITE crossed it), 8 ACK;
    9 UE-B's re-INVITE (SDP), 10 200 OK (SDP) from UE-A, 11 ACK; 12 UE-A's
    re-INVITE again 3 s later (RFC 3261 §14.1: 2.1-4 s for the Call-ID owner),
    13 200 OK, 14 ACK; 15 BYE, 16 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_glare"
    d, inv = invite(label)
    start_call(leg, d, inv, label, 0.0)
    mine = g.reinvite(d, offer_sdp(label, 2))
    leg.up(17.000, mine)
    leg.down(17.050, response(mine, 491, "Request Pending", headers=[("Server", UE_AGENT)]))
    leg.up(17.080, ack_in_dialog_non2xx(d, mine))
    vias = [PCSCF.via(branch(label, "pcscf", "reinvite")), UE_B.via(branch(label, "callee", "reinvite"))]
    theirs = g.toward_caller(d, "INVITE", 1, UE_B.aor, vias,
                             [("Contact", UE_B.contact), ("Allow", ALLOW),
                              ("Supported", "100rel, timer"), ("User-Agent", UE_AGENT)],
                             body=answer_sdp(label, 2))
    leg.down(17.100, theirs)
    leg.up(17.150, response(theirs, 200, "OK",
                            headers=[("Contact", UE_A.contact), ("Allow", ALLOW),
                                     ("Server", UE_AGENT)],
                            body=offer_sdp(label, 2)))
    ack_vias = [PCSCF.via(branch(label, "pcscf", "ack")), UE_B.via(branch(label, "callee", "ack"))]
    leg.down(17.200, g.toward_caller(d, "ACK", 1, UE_B.aor, ack_vias, [("User-Agent", UE_AGENT)]))
    again = g.reinvite(d, offer_sdp(label, 3))
    leg.up(20.000, again)
    leg.down(20.100, response(again, 200, "OK", headers=g.callee_headers(UE_B),
                              body=answer_sdp(label, 3)))
    leg.up(20.140, d.request("ACK", cseq=inv_cseq(again)))
    hang_up(leg, d, 37.000)
    return cap


@capture("media_rejected")
def anomaly_media_rejected():
    """488 and 606.  1 INVITE, 2 100, 3 488 with Warning: 305, 4 ACK; 5 INVITE
    at 5 s, 6 100, 7 606 without Warning, 8 ACK."""
    cap = Capture()
    leg = Leg(cap)
    failed_call(leg, "anomaly_media_rejected/488", 0.0, 488, "Not Acceptable Here",
                [("Warning", '305 %s "Incompatible media format"' % PCSCF_HOST)])
    failed_call(leg, "anomaly_media_rejected/606", 5.0, 606, "Not Acceptable")
    return cap


def precondition_invite(label, supported="100rel, precondition"):
    """Initial INVITE with the QoS precondition offer of generate.py (local
    sendrecv mandatory, current none)."""
    sid_a, _ = sdp_ids(label)
    return invite(label, body=sdp(UE_A.ip, 40000, sid_a, 1, g.QOS_OFFER), supported=supported,
                  require="precondition")


def qos_183(inv, label):
    _, sid_b = sdp_ids(label)
    return reliable(inv, label, 183, "Session Progress", 1,
                    sdp(UE_B.ip, 50000, sid_b, 1, g.QOS_ANSWER_183), "100rel, precondition")


@capture("precondition_failure")
def anomaly_precondition_failure():
    """580 Precondition Failure.  1 INVITE (Require: precondition, QoS offer),
    2 100, 3 580, 4 ACK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_precondition_failure"
    _, inv = precondition_invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    final = net_response(inv, 580, "Precondition Failure", to_tag(label))
    leg.down(1.500, final)
    leg.up(1.530, g.ack_non2xx(inv, final))
    return cap


@capture("precondition_without_100rel")
def anomaly_precondition_without_100rel():
    """Preconditions without 100rel.  1 INVITE with Require: precondition,
    Supported: timer (no 100rel), QoS offer; 2 100; 3 421 Extension Required
    (Require: 100rel); 4 ACK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_precondition_without_100rel"
    _, inv = precondition_invite(label, supported="timer")
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    final = net_response(inv, 421, "Extension Required", to_tag(label), [("Require", "100rel")])
    leg.down(0.300, final)
    leg.up(0.330, g.ack_non2xx(inv, final))
    return cap


def qos_setup(leg, label):
    """INVITE with the QoS offer, 100, reliable 183 with curr none/none and
    mandatory local and remote sendrecv, PRACK, 200 OK (frames 1-5)."""
    d, inv = precondition_invite(label)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    r183 = qos_183(inv, label)
    leg.down(1.200, r183)
    d.learn(r183)
    pr = prack(d, inv, 1)
    leg.up(1.250, pr)
    leg.down(1.280, ok_plain(pr))
    return d, inv


@capture("alert_before_qos")
def anomaly_alert_before_qos():
    """180 while mandatory preconditions are unmet.  1 INVITE (QoS offer:
    local sendrecv mandatory, curr none), 2 100, 3 183 (RSeq 1; curr none,
    mandatory both ways), 4 PRACK, 5 200 OK, 6 180 Ringing at 2 s: no UPDATE
    has said the resources are reserved; 7 UPDATE (curr local sendrecv), 8 200
    OK (curr local and remote sendrecv: now met), 9 200 OK (INVITE), 10 ACK,
    11 BYE, 12 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_alert_before_qos"
    d, inv = qos_setup(leg, label)
    sid_a, sid_b = sdp_ids(label)
    leg.down(2.000, callee_response(inv, 180, "Ringing", to_tag(label), UE_B))
    upd = d.request("UPDATE", [("Require", "precondition")],
                    body=sdp(UE_A.ip, 40000, sid_a, 2, g.QOS_UPDATE))
    leg.up(2.500, upd)
    leg.down(2.550, response(upd, 200, "OK", headers=g.callee_headers(UE_B, [("Require", "precondition")]),
                             body=sdp(UE_B.ip, 50000, sid_b, 2, g.QOS_UPDATE_ANSWER)))
    start_call_answer(leg, d, inv, label, 7.000, body="")
    hang_up(leg, d, 37.000)
    return cap


@capture("answer_before_qos")
def anomaly_answer_before_qos():
    """2xx while mandatory preconditions are unmet.  1 INVITE (QoS offer),
    2 100, 3 183 (RSeq 1; curr none, mandatory both ways), 4 PRACK, 5 200 OK,
    6 200 OK (INVITE) at 7 s without any UPDATE, 7 ACK, 8 BYE, 9 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_answer_before_qos"
    d, inv = qos_setup(leg, label)
    start_call_answer(leg, d, inv, label, 7.000, body="")
    hang_up(leg, d, 37.000)
    return cap


@capture("session_timer_422")
def anomaly_session_timer_422():
    """422 without Min-SE.  1 INVITE (Session-Expires: 60), 2 100, 3 422
    Session Interval Too Small without Min-SE, 4 ACK."""
    cap = Capture()
    failed_call(Leg(cap), "anomaly_session_timer_422", 0.0, 422, "Session Interval Too Small",
                invite_extra=[("Session-Expires", "60")])
    return cap


@capture("session_expired")
def anomaly_session_expired():
    """No refresh before Session-Expires ran out.  Call 1: 1 INVITE
    (Session-Expires: 90), 2 100, 3 180, 4 200 OK (Session-Expires:
    90;refresher=uac) at 7 s, 5 ACK, no refresh, 6 BYE at 107 s, 7 200 OK.
    Call 2, the same refreshed in time: 8 INVITE at 120 s, 9 100, 10 180,
    11 200 OK at 127 s, 12 ACK, 13 UPDATE (refresh) at 172 s, 14 200 OK,
    15 BYE at 227 s, 16 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_session_expired"
    timer = [("Session-Expires", "90;refresher=uac")]
    for n, t in ((1, 0.0), (2, 120.0)):
        lab = "%s/%d" % (label, n)
        d, inv = invite(lab, extra=[("Session-Expires", "90"), ("Min-SE", "90")])
        leg.up(t, inv)
        leg.down(t + 0.020, response(inv, 100, "Trying"))
        leg.down(t + 2.000, callee_response(inv, 180, "Ringing", to_tag(lab), UE_B))
        ok = callee_response(inv, 200, "OK", to_tag(lab), UE_B,
                             timer + [("Require", "timer")], answer_sdp(lab))
        leg.down(t + 7.000, ok)
        d.learn(ok)
        leg.up(t + 7.040, d.request("ACK", cseq=inv_cseq(inv)))
        if n == 2:
            upd = d.request("UPDATE", timer + [("Supported", "timer")])
            leg.up(t + 52.000, upd)
            leg.down(t + 52.050, response(upd, 200, "OK",
                                          headers=g.callee_headers(UE_B, timer + [("Require", "timer")])))
        hang_up(leg, d, t + 107.000)
    return cap


@capture("auth_failure")
def anomaly_auth_failure():
    """Challenged again after sending credentials.  Registration 1: 1 REGISTER,
    2 401 (stale=false), 3 REGISTER with credentials, 4 401 again
    (stale=false): the credentials were refused.  Registration 2, a nonce
    renewal that is no failure: 5 REGISTER at 10 s, 6 401, 7 REGISTER with
    credentials, 8 401 with stale=true, 9 REGISTER with the new nonce, 10 200
    OK."""
    cap = Capture()
    leg = Leg(cap)
    lab = "anomaly_auth_failure/1"
    r = register(lab, 1)
    leg.up(0.000, r)
    leg.down(0.150, challenge(r, lab, 1, stale=False))
    r = register(lab, 2, auth=aka_auth(lab, 1, 1))
    leg.up(0.300, r)
    leg.down(0.450, challenge(r, lab, 2, stale=False))
    lab = "anomaly_auth_failure/2"
    r = register(lab, 1)
    leg.up(10.000, r)
    leg.down(10.150, challenge(r, lab, 1))
    r = register(lab, 2, auth=aka_auth(lab, 1, 1))
    leg.up(10.300, r)
    leg.down(10.450, challenge(r, lab, 2, stale=True))
    r = register(lab, 3, auth=aka_auth(lab, 2, 1))
    leg.up(10.600, r)
    leg.down(10.750, registered(r, lab, 600))
    return cap


@capture("registration_failed")
def anomaly_registration_failed():
    """A REGISTER rejected.  1 REGISTER, 2 404 Not Found (unknown identity)."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_registration_failed"
    r = register(label, 1)
    leg.up(0.000, r)
    leg.down(0.150, net_response(r, 404, "Not Found", to_tag(label)))
    return cap


@capture("registration_expired")
def anomaly_registration_expired():
    """A binding that expires without refresh.  1 REGISTER (expires 60), 2 200
    OK (Contact ...;expires=60); 3-4 OPTIONS/200 at 70 s, no re-REGISTER."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_registration_expired"
    r = register(label, 1, expires=60)
    leg.up(0.000, r)
    leg.down(0.150, registered(r, label, 60))
    ping(leg, label + "/ping", 70.000)
    return cap


@capture("abnormal_release")
def anomaly_abnormal_release():
    """Release causes.  Call 1 (1-7): answered, BYE from the network at 25 s
    with Reason: Q.850;cause=41 (frame 6), 200 OK.  Call 2 (8-14): answered
    at 30 s, BYE at 55 s with Reason: RELEASE_CAUSE;cause=2 (frame 13), 200 OK.
    Call 3 (15-21): UE-A called at 60 s: INVITE from the P-CSCF, 100, 180,
    CANCEL from the P-CSCF with Reason: FAILURE_CAUSE;cause=1 (frame 18),
    200 OK, 487, ACK.  Call 4 (22-28): answered at 70 s, BYE at 95 s with
    Reason: Q.850;cause=16 (normal call clearing, frame 27), 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_abnormal_release"
    g.network_release(leg, label + "/1", 0.0, 'Q.850;cause=41;text="Temporary failure"', 25.000)
    g.network_release(leg, label + "/2", 30.0, 'RELEASE_CAUSE;cause=2;text="RTP/RTCP time-out"',
                      55.000)
    # call 3: UE-A is the callee; the P-CSCF forwards UE-B's INVITE and later cancels it
    lab = label + "/3"
    d = Dialog(lab, UE_B, UE_A, PCSCF)
    sid_b, _ = sdp_ids(lab)
    inv = PCSCF.forward_request(g.flow_invite(d, sdp_session(UE_B.ip, 50000, sid_b, 1)),
                                branch(lab, "pcscf", "invite"), record_route=True,
                                target=UE_A.contact_uri)
    leg.down(60.000, inv)
    leg.up(60.020, response(inv, 100, "Trying"))
    tag = to_tag(lab)
    leg.up(60.500, response(inv, 180, "Ringing", tag,
                            [("Contact", UE_A.contact), ("Allow", ALLOW), ("Server", UE_AGENT)]))
    cancel = g.cancel_for(inv)
    cancel.insert_before("User-Agent", "Reason", 'FAILURE_CAUSE;cause=1;text="Media bearer or QoS lost"')
    cancel.set("User-Agent", NET_AGENT)
    leg.down(64.000, cancel)
    leg.up(64.020, response(cancel, 200, "OK", tag, [("Server", UE_AGENT)]))
    final = response(inv, 487, "Request Terminated", tag, [("Server", UE_AGENT)])
    leg.up(64.030, final)
    ack = g.ack_non2xx(inv, final)
    ack.set("User-Agent", NET_AGENT)
    leg.down(64.060, ack)
    g.network_release(leg, label + "/4", 70.0, 'Q.850;cause=16;text="Normal call clearing"', 95.000)
    return cap


@capture("long_setup")
def anomaly_long_setup():
    """A session request delay of 6 s.  1 INVITE, 2 100, 3 180 at 6 s, 4 200
    OK at 10 s, 5 ACK, 6 BYE at 40 s, 7 200 OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_long_setup"
    d, inv = invite(label)
    start_call(leg, d, inv, label, 0.0, ring_at=6.0, answer_at=10.0)
    hang_up(leg, d, 40.000)
    return cap


@capture("dialog_open_at_end")
def anomaly_dialog_open_at_end():
    """An answered call never released.  1 INVITE, 2 100, 3 180, 4 200 OK,
    5 ACK; the capture ends."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_dialog_open_at_end"
    d, inv = invite(label)
    start_call(leg, d, inv, label, 0.0)
    return cap


@capture("hold_not_resumed")
def anomaly_hold_not_resumed():
    """Hold never resumed.  1-5 INVITE, 100, 180, 200, ACK; 6 re-INVITE
    (a=sendonly) at 17 s, 7 200 OK (a=recvonly), 8 ACK; 9 BYE at 37 s, 10 200
    OK."""
    cap = Capture()
    leg = Leg(cap)
    label = "anomaly_hold_not_resumed"
    d, inv = invite(label)
    start_call(leg, d, inv, label, 0.0)
    g.modify_session(leg, d, 17.000, offer_sdp(label, 2, "sendonly"),
                     answer_sdp(label, 2, "recvonly"))
    hang_up(leg, d, 37.000)
    return cap


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE, help="output folder (default: the script's folder)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, build in CAPTURES.items():
        cap = build()
        cap.write(os.path.join(args.out, name))
        print("%-45s %4d frames" % (name, len(cap.frames)))


if __name__ == "__main__":
    main()
