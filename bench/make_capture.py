#!/usr/bin/env python3
"""Large and hostile SIP captures for benchmarking and hardening the plugin.

Normal mode writes N SIP messages of interleaved VoLTE calls on the UE-A <->
P-CSCF leg (UDP/IPv4, ~10% of the UEs on TCP), with a realistic mix of
outcomes:

    answered 70%   INVITE,100,183(100rel,SDP qos),PRACK,200,UPDATE,200,180,200,ACK,BYE,200
    busy 10%       ... precondition part ..., 486, ACK
    no answer 5%   ... 180, 480 (30 s later), ACK
    cancelled 5%   ... 180, CANCEL, 200(CANCEL), 487, ACK
    failures 5%    503 / 580 (after the 183 and PRACK) / 403, then ACK
    register 5%    REGISTER, 401 (AKA challenge), REGISTER, 200

Half the calls are mobile originated, half mobile terminated.  About 2% of
the messages are UDP retransmissions (byte-identical copies 0.5 s later).
TCP UEs keep one connection each, and back-to-back messages on it (100 +
183, 200(UPDATE) + 180, and messages of different calls that meet) share a
segment, so frames with several SIP messages occur.  The last call is cut
short if needed so that the file holds exactly N SIP messages.

Adversarial mode (--adversarial NAME) writes one hostile capture:

    many-callids     --count INVITEs (default 1,000,000), each with its own
                     Call-ID, none ever answered
    long-call        one call with --count in-dialog messages (default
                     100,000): INFO / UPDATE requests and their 200s
    forks            one INVITE answered by --count 180s (default 10,000)
                     with distinct To-tags, then 200s from ten forks
    big-headers      64 KiB header values (Call-ID, branch, tags, method,
                     CSeq method, Require, ...) over TCP, 56,000 bytes over UDP
    sdp-1000-media   SDP offers/answers with 1000 m= lines, each with
                     curr/des/conf qos attributes (TCP)
    seq-max          CSeq and RSeq at 2^32-1, wrapping to 0, and beyond
                     the 32-bit range
    responses-first  --count answered calls (default 10,000) in which every
                     response is captured before its request

Everything is deterministic for a given --seed.  Frames are written as
they are made (classic libpcap, Ethernet), so memory stays constant
whatever N is.  Python standard library only.

    python3 bench/make_capture.py --messages 100000 --out bench/out/volte_100k.pcap
    python3 bench/make_capture.py --adversarial forks --out bench/out/adv_forks.pcap
"""

import argparse
import array
import heapq
import os
import random
import struct
import sys

T0 = 1704067200  # 2024-01-01 00:00:00 UTC
DOMAIN = "ims.mnc001.mcc001.3gppnetwork.org"
PCSCF = "10.0.0.10"
ICSI = "urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel"
ALLOW = "INVITE, ACK, OPTIONS, CANCEL, BYE, UPDATE, INFO, REFER, NOTIFY, MESSAGE, PRACK"
PANI = "3GPP-E-UTRAN-FDD;utran-cell-id-3gpp=0010100010000101"
SNAPLEN = 262144

# --------------------------------------------------------------------------
# frames
# --------------------------------------------------------------------------

_SWAP = sys.byteorder == "little"


def csum(data):
    """RFC 1071 checksum.  The one's complement sum does not depend on the
    byte order of the words, so sum native words and swap at the end."""
    if len(data) & 1:
        data += b"\0"
    s = sum(array.array("H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    s = ~s & 0xFFFF
    return ((s >> 8) | ((s & 0xFF) << 8)) if _SWAP else s


def _ip4(addr, cache={}):
    packed = cache.get(addr)
    if packed is None:
        packed = bytes(int(x) for x in addr.split("."))
        cache[addr] = packed
    return packed


def _mac(packed_ip):
    return b"\x02\x00" + packed_ip


class PcapWriter:
    """Classic libpcap, Ethernet, microsecond timestamps; streams to disk."""

    def __init__(self, path):
        self.f = open(path, "wb", buffering=1 << 20)
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, SNAPLEN, 1))
        self.ip_id = 0
        self.frames = 0
        self.last_usec = 0

    def frame(self, t, data):
        usec = int(round(t * 1_000_000))
        if usec < self.last_usec:          # keep the file in time order
            usec = self.last_usec
        self.last_usec = usec
        sec, frac = divmod(usec, 1_000_000)
        self.f.write(struct.pack("<IIII", T0 + sec, frac, len(data), len(data)))
        self.f.write(data)
        self.frames += 1

    def ipv4(self, t, src, dst, proto, payload):
        s, d = _ip4(src), _ip4(dst)
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), self.ip_id, 0x4000, 64,
                          proto, 0, s, d)
        hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
        self.frame(t, _mac(d) + _mac(s) + b"\x08\x00" + hdr + payload)

    def udp(self, t, src, sport, dst, dport, data):
        length = 8 + len(data)
        hdr = struct.pack("!HHHH", sport, dport, length, 0)
        c = csum(_ip4(src) + _ip4(dst) + struct.pack("!BBH", 0, 17, length) + hdr + data) or 0xFFFF
        self.ipv4(t, src, dst, 17, hdr[:6] + struct.pack("!H", c) + data)

    def close(self):
        self.f.close()


class Tcp:
    """One TCP connection; segments carry correct seq/ack numbers and checksums."""

    MSS = 1448

    def __init__(self, w, client, cport, server, sport, isn):
        self.w = w
        self.ends = {True: (client, cport), False: (server, sport)}
        self.seq = {True: isn, False: isn ^ 0x5A5A5A5A}
        self.open = False

    def _seg(self, t, from_client, flags, data=b""):
        (src, sp), (dst, dp) = self.ends[from_client], self.ends[not from_client]
        ack = self.seq[not from_client] if flags & 0x10 else 0
        hdr = struct.pack("!HHIIBBHHH", sp, dp, self.seq[from_client], ack, 5 << 4, flags, 64240, 0, 0)
        seg = hdr + data
        c = csum(_ip4(src) + _ip4(dst) + struct.pack("!BBH", 0, 6, len(seg)) + seg)
        self.w.ipv4(t, src, dst, 6, seg[:16] + struct.pack("!H", c) + seg[18:])
        self.seq[from_client] = (self.seq[from_client] + len(data) + (1 if flags & 0x03 else 0)) & 0xFFFFFFFF

    def send(self, t, from_client, data, mss=None):
        if not self.open:
            self.open = True
            self._seg(t - 0.0015, True, 0x02)
            self._seg(t - 0.0010, False, 0x12)
            self._seg(t - 0.0005, True, 0x10)
        mss = mss or len(data)
        for off in range(0, len(data), mss):
            self._seg(t, from_client, 0x18, data[off:off + mss])


# --------------------------------------------------------------------------
# SIP messages
# --------------------------------------------------------------------------

def sip(start, headers, body=""):
    b = body.encode()
    lines = [start]
    lines.extend(headers)
    if b:
        lines.append("Content-Type: application/sdp")
    lines.append("Content-Length: %d" % len(b))
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + b


def sdp_body(ip, port, sess, ver, qos, media=1):
    lines = ["v=0", "o=- %d %d IN IP4 %s" % (sess, ver, ip), "s=-", "c=IN IP4 %s" % ip,
             "b=AS:49", "b=RS:0", "b=RR:2000", "t=0 0"]
    for i in range(media):
        lines += ["m=audio %d RTP/AVP 116 118 111" % (port + 2 * i),
                  "a=rtpmap:116 AMR-WB/16000/1", "a=fmtp:116 mode-change-capability=2;max-red=0",
                  "a=rtpmap:118 AMR/8000/1", "a=rtpmap:111 telephone-event/16000", "a=fmtp:111 0-15",
                  "a=ptime:20", "a=maxptime:240"]
        lines += ["a=" + q for q in qos]
        lines.append("a=sendrecv")
    return "\r\n".join(lines) + "\r\n"


QOS_OFFER = ("curr:qos local none", "curr:qos remote none",
             "des:qos mandatory local sendrecv", "des:qos optional remote sendrecv")
QOS_ANSWER = ("curr:qos local none", "curr:qos remote none", "des:qos mandatory local sendrecv",
              "des:qos mandatory remote sendrecv", "conf:qos remote sendrecv")
QOS_UPDATE = ("curr:qos local sendrecv", "curr:qos remote none",
              "des:qos mandatory local sendrecv", "des:qos mandatory remote sendrecv")
QOS_MET = ("curr:qos local sendrecv", "curr:qos remote sendrecv",
           "des:qos mandatory local sendrecv", "des:qos mandatory remote sendrecv")

REASONS = {100: "Trying", 180: "Ringing", 183: "Session Progress", 200: "OK", 401: "Unauthorized",
           403: "Forbidden", 480: "Temporarily Unavailable", 486: "Busy Here",
           487: "Request Terminated", 503: "Service Unavailable", 580: "Precondition Failure"}


class Dialog:
    """One call or registration seen on the UE <-> P-CSCF leg.

    `a` is the side that sends the requests (caller), `b` the side that
    answers; each is (ip, port, number).  Messages are returned as
    (from_a, bytes) pairs by the helpers below.
    """

    def __init__(self, rng, a, b, transport="UDP"):
        self.rng = rng
        self.a, self.b = a, b
        self.tr = transport
        self.call_id = "%016x@%s" % (rng.getrandbits(64), a[0])
        self.ftag = "%010x" % rng.getrandbits(40)
        self.ttag = None
        self.cseq = 0
        self.rseq = 0
        self.sess_a = rng.getrandbits(30)
        self.sess_b = rng.getrandbits(30)
        self.via = None  # top Via of the current client transaction
        self.vers = {True: 1, False: 1}

    def uri(self, side):
        return "sip:%s@%s" % (side[2], DOMAIN)

    def branch(self):
        return "z9hG4bK%018x" % self.rng.getrandbits(72)

    def request(self, method, cseq=None, branch=None, extra=(), body="", ruri=None):
        if cseq is None:
            self.cseq += 1
            cseq = self.cseq
        br = branch or self.branch()
        self.via = "Via: SIP/2.0/%s %s:%d;branch=%s" % (self.tr, self.a[0], self.a[1], br)
        # in-dialog requests carry the To-tag; CANCEL repeats the INVITE's To (no tag)
        to = "To: <%s>" % self.uri(self.b) + (";tag=" + self.ttag if self.ttag and method != "CANCEL" else "")
        hdrs = [self.via, "Max-Forwards: 70", "Route: <sip:%s:5060;lr>" % PCSCF,
                "From: <%s>;tag=%s" % (self.uri(self.a), self.ftag), to,
                "Call-ID: " + self.call_id, "CSeq: %d %s" % (cseq, method)]
        if method in ("INVITE", "UPDATE", "PRACK", "REGISTER"):
            hdrs.append('Contact: <sip:%s@%s:%d>;+g.3gpp.icsi-ref="%s"' % (self.a[2], self.a[0], self.a[1], ICSI))
        if method == "INVITE":
            hdrs += ["P-Preferred-Service: urn:urn-7:3gpp-service.ims.icsi.mmtel",
                     "P-Access-Network-Info: " + PANI, "Allow: " + ALLOW,
                     "Supported: 100rel, precondition", "Require: precondition"]
        hdrs.extend(extra)
        start = "%s %s SIP/2.0" % (method, ruri or (self.uri(self.b) + ";user=phone"))
        return (True, sip(start, hdrs, body)), br, cseq

    def response(self, code, method, cseq, via, extra=(), body="", tag=True, reason=None):
        if tag and not self.ttag:
            self.ttag = "%010x" % self.rng.getrandbits(40)
        to = "To: <%s>" % self.uri(self.b) + (";tag=" + self.ttag if tag and self.ttag else "")
        hdrs = [via, "From: <%s>;tag=%s" % (self.uri(self.a), self.ftag), to,
                "Call-ID: " + self.call_id, "CSeq: %d %s" % (cseq, method)]
        if code != 100 and method in ("INVITE", "UPDATE", "PRACK"):
            hdrs.append("Contact: <sip:%s@%s:%d>" % (self.b[2], self.b[0], self.b[1]))
        hdrs.extend(extra)
        return (False, sip("SIP/2.0 %d %s" % (code, reason or REASONS[code]), hdrs, body))

    def sdp(self, from_a, qos):
        side = self.a if from_a else self.b
        self.vers[from_a] += 1
        return sdp_body(side[0], 40000 + (self.rng.getrandbits(12) << 1),
                        self.sess_a if from_a else self.sess_b, self.vers[from_a], qos)


def call_events(rng, d, outcome, tcp):
    """Events of one call as (offset seconds, from_a, bytes, retransmittable)."""
    ev = []
    t = 0.0

    def add(dt, msg, rtx=True):
        nonlocal t
        t += dt
        ev.append((t, msg[0], msg[1], rtx))

    if outcome == "register":
        reg_ruri = "sip:" + DOMAIN
        m, br, cs = d.request("REGISTER", ruri=reg_ruri, extra=[
            "Expires: 600000", 'Authorization: Digest username="%s@%s", realm="%s", uri="sip:%s", '
            'nonce="", response=""' % (d.a[2], DOMAIN, DOMAIN, DOMAIN)])
        via = d.via
        add(0, m)
        add(0.15, d.response(401, "REGISTER", cs, via, tag=True, extra=[
            'WWW-Authenticate: Digest realm="%s", nonce="%032x", algorithm=AKAv1-MD5, qop="auth"'
            % (DOMAIN, rng.getrandbits(128))]))
        d.ttag = None
        m, br, cs = d.request("REGISTER", ruri=reg_ruri, extra=[
            "Expires: 600000", 'Authorization: Digest username="%s@%s", realm="%s", response="%032x"'
            % (d.a[2], DOMAIN, DOMAIN, rng.getrandbits(128))])
        via = d.via
        add(0.15, m)
        add(0.15, d.response(200, "REGISTER", cs, via, extra=[
            "Contact: <sip:%s@%s:%d>;expires=600000" % (d.a[2], d.a[0], d.a[1]),
            "P-Associated-URI: <%s>" % d.uri(d.a)]))
        return ev

    fast = 0.0001 if tcp else None  # TCP: 100+183 and 200(UPDATE)+180 share a segment
    inv, inv_br, inv_cs = d.request("INVITE", body=d.sdp(True, QOS_OFFER))
    inv_via = d.via
    add(0, inv)
    add(0.02, d.response(100, "INVITE", inv_cs, inv_via, tag=False), rtx=False)
    if outcome in ("fail403", "fail503"):
        code = 403 if outcome == "fail403" else 503
        extra = ["Retry-After: 60"] if code == 503 else []
        add(rng.uniform(0.05, 0.5), d.response(code, "INVITE", inv_cs, inv_via, extra=extra))
        add(0.03, d.request("ACK", cseq=inv_cs, branch=inv_br)[0], rtx=False)
        return ev
    d.rseq += 1
    add(fast or rng.uniform(0.8, 1.6), d.response(
        183, "INVITE", inv_cs, inv_via, body=d.sdp(False, QOS_ANSWER),
        extra=["Require: 100rel, precondition", "RSeq: %d" % d.rseq]))
    m, br, cs = d.request("PRACK", extra=["RAck: %d %d INVITE" % (d.rseq, inv_cs)])
    via = d.via
    add(0.05, m)
    add(0.05, d.response(200, "PRACK", cs, via))
    if outcome == "fail580":
        add(rng.uniform(0.5, 2.0), d.response(580, "INVITE", inv_cs, inv_via,
                                              extra=['Warning: 399 pcscf "no dedicated bearer"']))
        add(0.03, d.request("ACK", cseq=inv_cs, branch=inv_br)[0], rtx=False)
        return ev
    m, br, cs = d.request("UPDATE", body=d.sdp(True, QOS_UPDATE))
    via = d.via
    add(rng.uniform(0.5, 1.2), m)
    add(0.05, d.response(200, "UPDATE", cs, via, body=d.sdp(False, QOS_MET)))
    if outcome == "busy":
        add(rng.uniform(0.5, 3.0), d.response(486, "INVITE", inv_cs, inv_via))
        add(0.03, d.request("ACK", cseq=inv_cs, branch=inv_br)[0], rtx=False)
        return ev
    add(fast or rng.uniform(0.2, 0.8), d.response(180, "INVITE", inv_cs, inv_via), rtx=False)
    if outcome == "noanswer":
        add(30.0, d.response(480, "INVITE", inv_cs, inv_via))
        add(0.03, d.request("ACK", cseq=inv_cs, branch=inv_br)[0], rtx=False)
        return ev
    if outcome == "cancel":
        add(rng.uniform(3.0, 20.0), d.request("CANCEL", cseq=inv_cs, branch=inv_br)[0])
        add(0.04, d.response(200, "CANCEL", inv_cs, inv_via))
        add(0.001, d.response(487, "INVITE", inv_cs, inv_via))
        add(0.03, d.request("ACK", cseq=inv_cs, branch=inv_br)[0], rtx=False)
        return ev
    add(rng.uniform(2.0, 15.0), d.response(200, "INVITE", inv_cs, inv_via))
    add(0.03, d.request("ACK", cseq=inv_cs)[0], rtx=False)
    m, br, cs = d.request("BYE", extra=["Reason: Q.850;cause=16"])
    add(rng.uniform(10.0, 120.0), m)
    add(0.04, d.response(200, "BYE", cs, d.via))
    return ev


OUTCOMES = [("answered", 70), ("busy", 10), ("noanswer", 5), ("cancel", 5),
            ("fail503", 2), ("fail580", 2), ("fail403", 1), ("register", 5)]


def pick(rng, table):
    x = rng.uniform(0, sum(w for _, w in table))
    for name, w in table:
        x -= w
        if x < 0:
            return name
    return table[-1][0]


def normal_capture(path, messages, seed, rate=20.0, ues=5000, tcp_share=0.10, rtx_prob=0.03):
    """Write exactly `messages` SIP messages of interleaved calls; return counters."""
    rng = random.Random(seed)
    w = PcapWriter(path)
    tcp_ues = {}
    heap = []           # (time, seq, link, ue_sends, bytes); link: Tcp object or UE address
    seq = 0
    planned = 0
    t_start = 0.0
    stats = {k: 0 for k, _ in OUTCOMES}
    stats.update(calls=0, tcp_calls=0, retransmissions=0, tcp_segments_multi=0)
    written = 0

    def flush(until):
        nonlocal written
        while heap and heap[0][0] <= until:
            t, _, link, ue_sends, data = heapq.heappop(heap)
            written += 1
            if isinstance(link, Tcp):
                batch = [data]
                # back-to-back messages the same way on one connection share a segment
                while (heap and len(batch) < 4 and heap[0][2] is link and heap[0][3] == ue_sends
                       and heap[0][0] - t < 0.001):
                    batch.append(heapq.heappop(heap)[4])
                    written += 1
                if len(batch) > 1:
                    stats["tcp_segments_multi"] += 1
                link.send(t, ue_sends, b"".join(batch))
            elif ue_sends:
                w.udp(t, link, 5060, PCSCF, 5060, data)
            else:
                w.udp(t, PCSCF, 5060, link, 5060, data)

    while planned < messages:
        t_start += rng.expovariate(rate)
        flush(t_start)
        ue = rng.randrange(ues)
        ue_ip = "10.1.%d.%d" % (ue >> 8, ue & 0xFF)
        ue_num = "+1555%07d" % ue
        peer_num = "+1666%07d" % rng.randrange(10_000_000)
        outcome = pick(rng, OUTCOMES)
        mt = outcome != "register" and rng.random() < 0.5   # mobile terminated: the UE answers
        is_tcp = (ue % 100) < tcp_share * 100
        if is_tcp:
            link = tcp_ues.get(ue)
            if link is None:
                link = tcp_ues[ue] = Tcp(w, ue_ip, 49152 + (ue % 16000), PCSCF, 5060, rng.getrandbits(32))
            ue_side = (ue_ip, 49152 + (ue % 16000), ue_num)
        else:
            link = ue_ip
            ue_side = (ue_ip, 5060, ue_num)
        net_side = (PCSCF, 5060, peer_num)
        a, b = (net_side, ue_side) if mt else (ue_side, net_side)
        d = Dialog(rng, a, b, "TCP" if is_tcp else "UDP")
        out = []
        for off, from_a, data, rtx in call_events(rng, d, outcome, is_tcp):
            out.append((t_start + off, from_a != mt, data, False))
            if rtx and not is_tcp and rng.random() < rtx_prob:
                out.append((t_start + off + 0.5, from_a != mt, data, True))
        out.sort(key=lambda e: e[0])
        if planned + len(out) > messages:
            out = out[:messages - planned]     # the capture ends during this call
        stats[outcome] += 1
        stats["calls"] += 1
        stats["tcp_calls"] += is_tcp
        for t, ue_sends, data, copy in out:
            seq += 1
            heapq.heappush(heap, (t, seq, link, ue_sends, data))
            stats["retransmissions"] += copy
        planned += len(out)
    flush(float("inf"))
    w.close()
    stats["messages"] = written
    stats["frames"] = w.frames
    return stats


# --------------------------------------------------------------------------
# adversarial captures
# --------------------------------------------------------------------------

UE = ("10.0.0.1", 5060, "+15550100001")
NET = (PCSCF, 5060, "+15550100002")


def udp_a(w, t, msg):
    """Send (from_a, bytes) on the UE <-> P-CSCF UDP flow."""
    from_a, data = msg
    if from_a:
        w.udp(t, UE[0], 5060, PCSCF, 5060, data)
    else:
        w.udp(t, PCSCF, 5060, UE[0], 5060, data)


def adv_many_callids(w, rng, count):
    for i in range(count):
        ue = i % 60000
        a = ("10.2.%d.%d" % (ue >> 8, ue & 0xFF), 5060, "+1555%07d" % ue)
        d = Dialog(rng, a, NET)
        d.call_id = "mc-%d-%08x@%s" % (i, rng.getrandbits(32), a[0])
        m, _, _ = d.request("INVITE")
        w.udp(i * 0.001, a[0], 5060, PCSCF, 5060, m[1])
    return {"messages": count}


def adv_long_call(w, rng, count):
    d = Dialog(rng, UE, NET)
    t = 0.0
    n = 0
    inv, br, cs = d.request("INVITE", body=d.sdp(True, QOS_MET))
    via = d.via
    for msg in (inv, d.response(100, "INVITE", cs, via, tag=False), d.response(200, "INVITE", cs, via),
                d.request("ACK", cseq=cs)[0]):
        udp_a(w, t, msg)
        t += 0.01
        n += 1
    while n < count - 2:
        method = "INFO" if (n // 2) % 2 else "UPDATE"
        body = d.sdp(True, QOS_MET) if method == "UPDATE" and n % 64 == 4 else ""
        m, br, cs = d.request(method, body=body, extra=["Content-Disposition: signal"] if method == "INFO" else [])
        udp_a(w, t, m)
        udp_a(w, t + 0.005, d.response(200, method, cs, d.via))
        t += 0.02
        n += 2
    m, br, cs = d.request("BYE")
    udp_a(w, t, m)
    udp_a(w, t + 0.01, d.response(200, "BYE", cs, d.via))
    return {"messages": n + 2}


def adv_forks(w, rng, count):
    d = Dialog(rng, UE, NET)
    inv, br, cs = d.request("INVITE", body=d.sdp(True, QOS_OFFER))
    via = d.via
    udp_a(w, 0.0, inv)
    udp_a(w, 0.02, d.response(100, "INVITE", cs, via, tag=False))
    t = 0.1
    tags = []
    for i in range(count):
        d.ttag = "fork%06d-%08x" % (i, rng.getrandbits(32))
        tags.append(d.ttag)
        udp_a(w, t, d.response(180, "INVITE", cs, via))
        t += 0.0005
    for tag in tags[:10]:
        d.ttag = tag
        udp_a(w, t, d.response(200, "INVITE", cs, via))
        udp_a(w, t + 0.01, d.request("ACK", cseq=cs)[0])
        t += 0.02
    for tag in tags[1:10]:          # keep one fork, release the others
        d.ttag = tag
        m, br2, cs2 = d.request("BYE")
        udp_a(w, t, m)
        udp_a(w, t + 0.01, d.response(200, "BYE", cs2, d.via))
        t += 0.02
    return {"messages": 2 + count + 20 + 18}


def adv_big_headers(w, rng, count):
    """Each case is a short transaction; values of `size` bytes."""
    n = 0
    t = 0.0
    conn = Tcp(w, UE[0], 50000, PCSCF, 5060, rng.getrandbits(32))

    def cases(size, udp=False):
        big = lambda c: (c * (size // len(c) + 1))[:size]
        # the method and the user part appear twice in a request: halve them on UDP
        half = lambda c: big(c)[:size // 2] if udp else big(c)
        return [
            ("call_id", {"call_id": big("C")}),
            ("branch", {"branch": "z9hG4bK" + big("b")}),
            ("from_tag", {"ftag": big("f")}),
            ("to_tag", {"ttag": big("t")}),
            ("method", {"method": half("M")}),
            ("require", {"extra": ["Require: " + big("x, ")]}),
            ("supported", {"extra": ["Supported: " + big("y, ")]}),
            ("user", {"user": half("9")}),
            ("contact", {"extra": ["Contact: <sip:" + big("k") + "@10.0.0.1>"]}),
            ("reason", {"extra": ["Reason: SIP;text=\"" + big("r") + "\""]}),
            ("pcv", {"extra": ["P-Charging-Vector: icid-value=" + big("i")]}),
            ("many-vias", {"extra": ["Via: SIP/2.0/UDP 10.9.9.9;branch=z9hG4bKv%d" % k
                                     for k in range(max(1, size // 64))]}),
        ]

    def one(size, name, kw, send):
        nonlocal n, t
        d = Dialog(rng, (UE[0], 5060, kw.get("user", UE[2])), NET)
        if "call_id" in kw:
            d.call_id = kw["call_id"]
        if "ftag" in kw:
            d.ftag = kw["ftag"]
        method = kw.get("method", "INVITE")
        m, br, cs = d.request(method, branch=kw.get("branch"), extra=kw.get("extra", []))
        via = d.via
        if "ttag" in kw:
            d.ttag = kw["ttag"]
        msgs = [m, d.response(100, method, cs, via, tag=False), d.response(200, method, cs, via),
                d.request("ACK", cseq=cs)[0] if method == "INVITE" else None]
        for msg in msgs:
            if msg:
                send(t, msg)
                t += 0.01
                n += 1

    def udp_send(t_, msg):
        udp_a(w, t_, msg)

    def tcp_send(t_, msg):
        conn.send(t_, msg[0], msg[1], mss=Tcp.MSS)

    for rep in range(max(1, count)):
        for name, kw in cases(56000, udp=True):       # UDP: a datagram holds at most 65507 bytes
            one(56000, name, kw, udp_send)
        for name, kw in cases(65536):
            one(65536, name, kw, tcp_send)
        for name, kw in cases(65536 * 3):
            one(65536 * 3, name, kw, tcp_send)
    return {"messages": n}


def adv_sdp_1000_media(w, rng, count):
    n = 0
    t = 0.0
    conn = Tcp(w, UE[0], 50001, PCSCF, 5060, rng.getrandbits(32))
    for c in range(max(1, count)):
        d = Dialog(rng, (UE[0], 50001, UE[2]), NET, "TCP")

        def body(from_a, qos):
            side = d.a if from_a else d.b
            return sdp_body(side[0], 20000, 1, c + 1, qos, media=1000)
        inv, ibr, ics = d.request("INVITE", body=body(True, QOS_OFFER))
        ivia = d.via
        msgs = [inv, d.response(100, "INVITE", ics, ivia, tag=False)]
        d.rseq += 1
        msgs.append(d.response(183, "INVITE", ics, ivia, body=body(False, QOS_ANSWER),
                               extra=["Require: 100rel, precondition", "RSeq: %d" % d.rseq]))
        m, br, cs = d.request("PRACK", extra=["RAck: %d %d INVITE" % (d.rseq, ics)])
        msgs += [m, d.response(200, "PRACK", cs, d.via)]
        m, br, cs = d.request("UPDATE", body=body(True, QOS_UPDATE))
        msgs += [m, d.response(200, "UPDATE", cs, d.via, body=body(False, QOS_MET)),
                 d.response(180, "INVITE", ics, ivia), d.response(200, "INVITE", ics, ivia),
                 d.request("ACK", cseq=ics)[0]]
        m, br, cs = d.request("BYE")
        msgs += [m, d.response(200, "BYE", cs, d.via)]
        for msg in msgs:
            conn.send(t, msg[0], msg[1], mss=Tcp.MSS)
            t += 0.05
            n += 1
    return {"messages": n}


def adv_seq_max(w, rng, count):
    M = 0xFFFFFFFF
    n = 0
    t = 0.0
    for c in range(max(1, count)):
        d = Dialog(rng, UE, NET)
        msgs = []
        d.cseq = M - 1
        inv, ibr, ics = d.request("INVITE", body=d.sdp(True, QOS_OFFER))   # CSeq 2^32-1
        ivia = d.via
        msgs += [inv, d.response(100, "INVITE", ics, ivia, tag=False)]
        for rseq in (M, 0, 1):                      # RSeq at the top, then wrapping
            msgs.append(d.response(183, "INVITE", ics, ivia, body=d.sdp(False, QOS_ANSWER),
                                   extra=["Require: 100rel, precondition", "RSeq: %d" % rseq]))
            d.cseq = (d.cseq + 1) & M                # CSeq wraps to 0
            m, br, cs = d.request("PRACK", cseq=d.cseq, extra=["RAck: %d %d INVITE" % (rseq, ics)])
            msgs += [m, d.response(200, "PRACK", cs, d.via)]
        # values outside the 32-bit range and junk, as a hostile peer sends them
        for raw in ("4294967296", "18446744073709551615", "99999999999999999999999", "-1", "0x10", ""):
            m = sip("INFO sip:%s@%s SIP/2.0" % (NET[2], DOMAIN), [
                "Via: SIP/2.0/UDP %s:5060;branch=%s" % (UE[0], d.branch()),
                "From: <%s>;tag=%s" % (d.uri(d.a), d.ftag), "To: <%s>;tag=%s" % (d.uri(d.b), d.ttag),
                "Call-ID: " + d.call_id, "CSeq: %s INFO" % raw, "RSeq: %s" % raw,
                "RAck: %s %s INVITE" % (raw, raw), "Expires: %s" % raw])
            msgs.append((True, m))
            msgs.append(d.response(200, "INFO", 0, "Via: SIP/2.0/UDP %s:5060;branch=z9hG4bKx" % UE[0],
                                   extra=[]))
        msgs.append(d.response(200, "INVITE", ics, ivia))
        msgs.append(d.request("ACK", cseq=ics)[0])
        d.cseq = M
        m, br, cs = d.request("BYE", cseq=M)
        msgs += [m, d.response(200, "BYE", cs, d.via)]
        for msg in msgs:
            udp_a(w, t, msg)
            t += 0.01
            n += 1
    return {"messages": n}


def adv_responses_first(w, rng, count):
    n = 0
    t = 0.0
    for c in range(count):
        d = Dialog(rng, ("10.3.%d.%d" % ((c >> 8) & 0xFF, c & 0xFF), 5060, UE[2]), NET)
        ev = call_events(rng, d, "answered", False)
        # group each request with the responses that follow it up to the next request
        groups = []
        for off, from_a, data, _ in ev:
            is_req = not data.startswith(b"SIP/2.0 ")
            if is_req or not groups:
                groups.append([])
            groups[-1].append((from_a, data))
        for g in groups:
            for from_a, data in g[1:] + g[:1]:       # responses first, then their request
                if from_a:
                    w.udp(t, d.a[0], 5060, PCSCF, 5060, data)
                else:
                    w.udp(t, PCSCF, 5060, d.a[0], 5060, data)
                t += 0.001
                n += 1
    return {"messages": n}


ADVERSARIAL = {
    "many-callids": (adv_many_callids, 1_000_000),
    "long-call": (adv_long_call, 100_000),
    "forks": (adv_forks, 10_000),
    "big-headers": (adv_big_headers, 1),
    "sdp-1000-media": (adv_sdp_1000_media, 4),
    "seq-max": (adv_seq_max, 100),
    "responses-first": (adv_responses_first, 10_000),
}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--messages", type=int, default=10_000, help="SIP messages in a normal capture")
    p.add_argument("--adversarial", choices=sorted(ADVERSARIAL), help="write a hostile capture instead")
    p.add_argument("--count", type=int, help="size parameter of an adversarial capture")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", help="output file (default bench/out/<name>.pcap)")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args()

    here = os.path.dirname(os.path.abspath(__file__))
    if args.adversarial:
        name = "adv_" + args.adversarial
    else:
        name = "volte_%d" % args.messages
    out = args.out or os.path.join(here, "out", name + ".pcap")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = out + ".part"
    if args.adversarial:
        fn, default = ADVERSARIAL[args.adversarial]
        w = PcapWriter(tmp)
        stats = fn(w, random.Random(args.seed), args.count if args.count is not None else default)
        w.close()
        stats["frames"] = w.frames
    else:
        stats = normal_capture(tmp, args.messages, args.seed)
    os.replace(tmp, out)
    if not args.quiet:
        print("%s: %s" % (out, ", ".join("%s=%s" % kv for kv in stats.items())))


if __name__ == "__main__":
    main()
