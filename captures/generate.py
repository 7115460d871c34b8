#!/usr/bin/env python3
"""Deterministic generator of SIP test captures for the VoLTE SIP post-dissector.

The plugin under test analyses SIP calls (status codes, transactions, dialogs,
preconditions, retransmissions) for VoLTE engineers.  Its unit and integration
tests need captures whose content is known exactly, so this script writes them
from scratch as classic libpcap files (Ethernet link type) using nothing but the
Python standard library:

* a small pcap writer,
* packet builders: Ethernet, IPv4 (correct header checksum), IPv6, UDP
  (checksum computed for IPv4 and IPv6), TCP streams (3-way handshake,
  consistent seq/ack numbers, delayed ACKs) and SCTP associations
  (INIT handshake, DATA chunks with PPID 0, SACKs, CRC32c checksum),
* a SIP message builder (CRLF line ends, correct Content-Length) with small
  helpers for UAs, dialogs, proxies and SDP,
* one function per capture.

There is no randomness: Call-IDs, tags and branches are derived from fixed
labels with SHA-1, and every capture starts at 2024-01-01 00:00:00 UTC.  Two
runs produce byte-identical files.

Usage:  python3 captures/generate.py [--out DIR]     (default: this folder)
See captures/README.md for the content of each capture, frame by frame.
"""

import argparse
import base64
import hashlib
import ipaddress
import os
import struct

T0 = 1704067200  # 2024-01-01 00:00:00 UTC, start of every capture

DOMAIN = "ims.mnc001.mcc001.3gppnetwork.org"
MMTEL_ICSI = "urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel"
ALLOW = "INVITE, ACK, OPTIONS, CANCEL, BYE, UPDATE, INFO, REFER, NOTIFY, MESSAGE, PRACK"
PANI = "3GPP-E-UTRAN-FDD;utran-cell-id-3gpp=0010100010000101"
UE_AGENT = "Example-VoLTE-UE/1.0"
NET_AGENT = "Example-IMS-Core/1.0"


# --------------------------------------------------------------------------
# pcap writer
# --------------------------------------------------------------------------

class Capture:
    """Frames with timestamps (seconds after T0), written as libpcap."""

    LINKTYPE_ETHERNET = 1

    def __init__(self):
        self.frames = []          # (microseconds after T0, frame bytes)
        self._ip_id = {}          # next IPv4 identification per source address

    def add(self, t, frame):
        usec = int(round(t * 1_000_000))
        if self.frames and usec < self.frames[-1][0]:
            raise ValueError("frames must be added in time order")
        self.frames.append((usec, frame))

    def next_ip_id(self, src):
        ident = self._ip_id.get(src, (int(ipaddress.ip_address(src)) & 0xFF) << 8)
        self._ip_id[src] = (ident + 1) & 0xFFFF
        return ident

    def write(self, path):
        with open(path, "wb") as f:
            # magic, version 2.4, thiszone, sigfigs, snaplen, link type
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535,
                                self.LINKTYPE_ETHERNET))
            for usec, frame in self.frames:
                sec, frac = divmod(usec, 1_000_000)
                f.write(struct.pack("<IIII", T0 + sec, frac, len(frame), len(frame)))
                f.write(frame)


# --------------------------------------------------------------------------
# checksums
# --------------------------------------------------------------------------

def inet_checksum(data):
    """RFC 1071 one's complement sum (IPv4 header, UDP, TCP)."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _crc32c_table():
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


CRC32C_TABLE = _crc32c_table()


def crc32c(data):
    """CRC-32C (Castagnoli), as used by SCTP (RFC 9260 appendix A)."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


# --------------------------------------------------------------------------
# packet builders: Ethernet, IPv4, IPv6, UDP
# --------------------------------------------------------------------------

def mac_for(ip):
    """Locally administered MAC derived from the host's address."""
    return b"\x02\x00" + ipaddress.ip_address(ip).packed[-4:]


def ethernet(src_ip, dst_ip, ethertype, payload):
    return mac_for(dst_ip) + mac_for(src_ip) + struct.pack("!H", ethertype) + payload


def ipv4(cap, src, dst, proto, payload):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload),
                         cap.next_ip_id(src), 0x4000, 64, proto, 0,
                         ipaddress.IPv4Address(src).packed,
                         ipaddress.IPv4Address(dst).packed)
    header = header[:10] + struct.pack("!H", inet_checksum(header)) + header[12:]
    return ethernet(src, dst, 0x0800, header + payload)


def ipv6(src, dst, next_header, payload):
    header = struct.pack("!IHBB16s16s", 6 << 28, len(payload), next_header, 64,
                         ipaddress.IPv6Address(src).packed,
                         ipaddress.IPv6Address(dst).packed)
    return ethernet(src, dst, 0x86DD, header + payload)


def pseudo_header(src, dst, proto, length):
    s, d = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    if s.version == 4:
        return struct.pack("!4s4sBBH", s.packed, d.packed, 0, proto, length)
    return struct.pack("!16s16sIxxxB", s.packed, d.packed, length, proto)


def ip_packet(cap, src, dst, proto, payload):
    if ipaddress.ip_address(src).version == 4:
        return ipv4(cap, src, dst, proto, payload)
    return ipv6(src, dst, proto, payload)


def udp_packet(cap, src, dst, data):
    """One UDP datagram; src and dst are (ip, port).  Checksum always computed."""
    length = 8 + len(data)
    header = struct.pack("!HHHH", src[1], dst[1], length, 0)
    csum = inet_checksum(pseudo_header(src[0], dst[0], 17, length) + header + data) or 0xFFFF
    header = header[:6] + struct.pack("!H", csum)
    return ip_packet(cap, src[0], dst[0], 17, header + data)


class Udp:
    """Datagram transport: send(t, src, dst, data) adds one frame."""

    def __init__(self, cap):
        self.cap = cap

    def send(self, t, src, dst, data):
        self.cap.add(t, udp_packet(self.cap, src, dst, data))


# --------------------------------------------------------------------------
# packet builders: TCP stream
# --------------------------------------------------------------------------

TCP_FIN, TCP_SYN, TCP_PSH, TCP_ACK = 0x01, 0x02, 0x08, 0x10


class TcpStream:
    """One TCP connection between client and server ((ip, port) each).

    handshake() writes SYN / SYN-ACK / ACK.  send() writes one segment with the
    given bytes (PSH|ACK); the receiver answers with a pure ACK after
    `delayed_ack` seconds unless it sends data of its own before that.
    """

    def __init__(self, cap, client, server, client_isn, server_isn, delayed_ack=0.040):
        self.cap = cap
        self.ends = {True: client, False: server}      # key: is_client
        self.seq = {True: client_isn, False: server_isn}
        self.unacked_since = {True: None, False: None}  # data received, not yet ACKed
        self.delayed_ack = delayed_ack

    def _segment(self, t, from_client, flags, data=b"", options=b""):
        src, dst = self.ends[from_client], self.ends[not from_client]
        ack = self.seq[not from_client] if flags & TCP_ACK else 0
        offset = (20 + len(options)) // 4
        header = struct.pack("!HHIIBBHHH", src[1], dst[1], self.seq[from_client], ack,
                             offset << 4, flags, 64240, 0, 0) + options
        segment = header + data
        csum = inet_checksum(pseudo_header(src[0], dst[0], 6, len(segment)) + segment)
        segment = segment[:16] + struct.pack("!H", csum) + segment[18:]
        self.cap.add(t, ip_packet(self.cap, src[0], dst[0], 6, segment))
        self.seq[from_client] = (self.seq[from_client] + len(data)
                                 + (1 if flags & (TCP_SYN | TCP_FIN) else 0)) & 0xFFFFFFFF
        if flags & TCP_ACK:
            self.unacked_since[from_client] = None
        if data or flags & TCP_FIN:
            self.unacked_since[not from_client] = t

    def _flush_acks(self, t):
        """Emit the pure ACKs whose delay expired before time t."""
        due = sorted((since + self.delayed_ack, side)
                     for side, since in self.unacked_since.items()
                     if since is not None and since + self.delayed_ack < t)
        for when, side in due:
            self._segment(when, side, TCP_ACK)

    def handshake(self, t, rtt=0.001):
        mss = struct.pack("!BBH", 2, 4, 1460)
        self._segment(t, True, TCP_SYN, options=mss)
        self._segment(t + rtt, False, TCP_SYN | TCP_ACK, options=mss)
        self._segment(t + rtt * 1.5, True, TCP_ACK)
        return t + rtt * 1.5

    def send(self, t, from_client, data):
        self._flush_acks(t)
        self._segment(t, from_client, TCP_PSH | TCP_ACK, data)

    def resend(self, t, from_client, data):
        """A TCP-level retransmission: the last `data` again, at its old sequence number."""
        self._flush_acks(t)
        self.seq[from_client] = (self.seq[from_client] - len(data)) & 0xFFFFFFFF
        self._segment(t, from_client, TCP_PSH | TCP_ACK, data)

    def finish(self, t):
        """Write the ACKs still pending (the connection stays open, as SIP's do)."""
        self._flush_acks(t)


# --------------------------------------------------------------------------
# packet builders: SCTP association
# --------------------------------------------------------------------------

def sctp_chunk(ctype, flags, value):
    length = 4 + len(value)
    return struct.pack("!BBH", ctype, flags, length) + value + b"\0" * (-length % 4)


class SctpAssociation:
    """One SCTP association (single homed), one DATA chunk per SIP message.

    DATA chunks use stream 0, unordered=0, PPID 0.  The receiver SACKs after
    `delayed_sack` seconds, or bundles the SACK in front of its next DATA.
    """

    PPID = 0

    def __init__(self, cap, client, server, client_tag, server_tag, delayed_sack=0.200):
        self.cap = cap
        self.ends = {True: client, False: server}
        self.tag = {True: client_tag, False: server_tag}     # own Initiate Tag
        self.tsn = {True: client_tag ^ 0x5A5A5A5A, False: server_tag ^ 0xA5A5A5A5}
        self.ssn = {True: 0, False: 0}
        self.cum_ack = {True: None, False: None}             # last TSN received from the peer
        self.unacked_since = {True: None, False: None}
        self.delayed_sack = delayed_sack

    def _packet(self, t, from_client, chunks, vtag=None):
        src, dst = self.ends[from_client], self.ends[not from_client]
        if vtag is None:
            vtag = self.tag[not from_client]
        packet = struct.pack("!HHII", src[1], dst[1], vtag, 0) + b"".join(chunks)
        packet = packet[:8] + struct.pack("<I", crc32c(packet)) + packet[12:]
        self.cap.add(t, ip_packet(self.cap, src[0], dst[0], 132, packet))

    def _sack(self, from_client):
        self.unacked_since[from_client] = None
        return sctp_chunk(3, 0, struct.pack("!IIHH", self.cum_ack[from_client], 106496, 0, 0))

    def _flush_sacks(self, t):
        due = sorted((since + self.delayed_sack, side)
                     for side, since in self.unacked_since.items()
                     if since is not None and since + self.delayed_sack < t)
        for when, side in due:
            self._packet(when, side, [self._sack(side)])

    def handshake(self, t, rtt=0.001):
        def init_body(tag, tsn):
            # initiate tag, a_rwnd, outbound streams, inbound streams, initial TSN
            return struct.pack("!IIHHI", tag, 106496, 10, 10, tsn)
        cookie = hashlib.sha256(struct.pack("!II", *self.tag.values())).digest()
        cookie_param = struct.pack("!HH", 7, 4 + len(cookie)) + cookie
        self._packet(t, True, [sctp_chunk(1, 0, init_body(self.tag[True], self.tsn[True]))], vtag=0)
        self._packet(t + rtt, False, [sctp_chunk(2, 0, init_body(self.tag[False], self.tsn[False])
                                                 + cookie_param)])
        self._packet(t + rtt * 1.5, True, [sctp_chunk(10, 0, cookie)])
        self._packet(t + rtt * 2.5, False, [sctp_chunk(11, 0, b"")])
        return t + rtt * 2.5

    def send(self, t, from_client, data):
        self._flush_sacks(t)
        chunks = []
        if self.unacked_since[from_client] is not None:
            chunks.append(self._sack(from_client))
        value = struct.pack("!IHHI", self.tsn[from_client], 0, self.ssn[from_client],
                            self.PPID) + data
        chunks.append(sctp_chunk(0, 0x03, value))   # B and E bits: unfragmented
        self._packet(t, from_client, chunks)
        receiver = not from_client
        self.cum_ack[receiver] = self.tsn[from_client]
        self.unacked_since[receiver] = t
        self.tsn[from_client] = (self.tsn[from_client] + 1) & 0xFFFFFFFF
        self.ssn[from_client] = (self.ssn[from_client] + 1) & 0xFFFF

    def finish(self, t):
        self._flush_sacks(t)


# --------------------------------------------------------------------------
# SIP message builder
# --------------------------------------------------------------------------

def token(*label, length=16):
    """Deterministic hex token (Call-ID, tag, branch) derived from a label."""
    return hashlib.sha1("/".join(map(str, label)).encode()).hexdigest()[:length]


def branch(*label):
    return "z9hG4bK" + token("branch", *label, length=20)


class SipMessage:
    """Start line, ordered list of (name, value) headers, body.

    bytes() adds Content-Type (when there is a body and none was given) and a
    correct Content-Length, and joins the lines with CRLF.
    """

    def __init__(self, start_line, headers=(), body="", content_type="application/sdp"):
        self.start_line = start_line
        self.headers = list(headers)
        self.body = body
        self.content_type = content_type

    def copy(self):
        return SipMessage(self.start_line, self.headers, self.body, self.content_type)

    def get(self, name):
        return next((v for n, v in self.headers if n.lower() == name.lower()), None)

    def get_all(self, name):
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def set(self, name, value):
        for i, (n, _) in enumerate(self.headers):
            if n.lower() == name.lower():
                self.headers[i] = (n, value)
                return
        self.headers.append((name, value))

    def remove(self, name):
        self.headers = [(n, v) for n, v in self.headers if n.lower() != name.lower()]

    def insert_before(self, name, new_name, value):
        """Insert a header in front of the first `name` header (e.g. a new top Via)."""
        for i, (n, _) in enumerate(self.headers):
            if n.lower() == name.lower():
                self.headers.insert(i, (new_name, value))
                return
        self.headers.append((new_name, value))

    @property
    def method(self):
        """Method of a request, or of the CSeq for a response."""
        if self.start_line.startswith("SIP/"):
            return self.get("CSeq").split()[1]
        return self.start_line.split()[0]

    def bytes(self):
        headers = list(self.headers)
        body = self.body.encode()
        if body and not any(n.lower() == "content-type" for n, _ in headers):
            headers.append(("Content-Type", self.content_type))
        headers.append(("Content-Length", str(len(body))))
        lines = [self.start_line] + ["%s: %s" % h for h in headers]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def sdp_lines(lines):
    return "".join(line + "\r\n" for line in lines)


def sdp(ip, rtp_port, session_id, version, qos=()):
    """Audio SDP in VoLTE style: AMR-WB (+ AMR-NB) and telephone-event.

    qos: precondition attribute lines (a=curr:qos..., a=des:qos..., a=conf:qos...).
    """
    family = "IP6" if ":" in ip else "IP4"
    lines = ["v=0",
             "o=- %d %d IN %s %s" % (session_id, version, family, ip),
             "s=-",
             "c=IN %s %s" % (family, ip),
             "b=AS:49",
             "b=RS:0",
             "b=RR:2000",
             "t=0 0",
             "m=audio %d RTP/AVP 116 118 111 110" % rtp_port,
             "a=rtpmap:116 AMR-WB/16000/1",
             "a=fmtp:116 mode-change-capability=2;max-red=0",
             "a=rtpmap:118 AMR/8000/1",
             "a=fmtp:118 mode-change-capability=2;max-red=0",
             "a=rtpmap:111 telephone-event/16000",
             "a=fmtp:111 0-15",
             "a=rtpmap:110 telephone-event/8000",
             "a=fmtp:110 0-15",
             "a=ptime:20",
             "a=maxptime:240"]
    lines += ["a=" + q for q in qos]
    lines += ["a=sendrecv"]
    return sdp_lines(lines)


QOS_OFFER = ["curr:qos local none", "curr:qos remote none",
             "des:qos mandatory local sendrecv", "des:qos optional remote sendrecv"]
QOS_ANSWER_183 = ["curr:qos local none", "curr:qos remote none",
                  "des:qos mandatory local sendrecv", "des:qos mandatory remote sendrecv",
                  "conf:qos remote sendrecv"]
QOS_UPDATE = ["curr:qos local sendrecv", "curr:qos remote none",
              "des:qos mandatory local sendrecv", "des:qos mandatory remote sendrecv"]
QOS_UPDATE_ANSWER = ["curr:qos local sendrecv", "curr:qos remote sendrecv",
                     "des:qos mandatory local sendrecv", "des:qos mandatory remote sendrecv"]


class Ue:
    """A SIP endpoint: IMS public identity, address, port, transport."""

    def __init__(self, msisdn, ip, port=5060, transport="UDP", imei="35000000-000001-0"):
        self.msisdn, self.ip, self.port, self.transport, self.imei = \
            msisdn, ip, port, transport, imei

    @property
    def addr(self):
        return (self.ip, self.port)

    @property
    def hostport(self):
        host = "[%s]" % self.ip if ":" in self.ip else self.ip
        return "%s:%d" % (host, self.port)

    @property
    def aor(self):
        return "sip:%s@%s" % (self.msisdn, DOMAIN)

    @property
    def contact_uri(self):
        uri = "sip:%s@%s" % (self.msisdn, self.hostport)
        return uri + (";transport=%s" % self.transport.lower() if self.transport != "UDP" else "")

    @property
    def contact(self):
        return '<%s>;+g.3gpp.icsi-ref="%s";+sip.instance="<urn:gsma:imei:%s>"' % (
            self.contact_uri, MMTEL_ICSI, self.imei)

    def via(self, branch_id):
        return "SIP/2.0/%s %s;branch=%s" % (self.transport, self.hostport, branch_id)


class Proxy:
    """A stateful proxy (P-CSCF or AS) at one address."""

    def __init__(self, ip, port=5060, transport="UDP"):
        self.ip, self.port, self.transport = ip, port, transport

    @property
    def addr(self):
        return (self.ip, self.port)

    @property
    def hostport(self):
        host = "[%s]" % self.ip if ":" in self.ip else self.ip
        return "%s:%d" % (host, self.port)

    @property
    def route(self):
        return "<sip:%s;lr%s>" % (self.hostport,
                                  ";transport=%s" % self.transport.lower()
                                  if self.transport != "UDP" else "")

    def via(self, branch_id):
        return "SIP/2.0/%s %s;branch=%s" % (self.transport, self.hostport, branch_id)

    def forward_request(self, req, branch_id, record_route=False, target=None,
                        assert_identity=None):
        """Request as sent on the next leg: new top Via, Max-Forwards - 1,
        own Route entry removed, optional Record-Route / retargeting / PAI."""
        fwd = req.copy()
        fwd.insert_before("Via", "Via", self.via(branch_id))
        fwd.set("Max-Forwards", str(int(req.get("Max-Forwards")) - 1))
        routes = [r for r in req.get_all("Route") if r != self.route]
        fwd.remove("Route")
        for r in routes:
            fwd.insert_before("From", "Route", r)
        if record_route:
            fwd.insert_before("From", "Record-Route", self.route)
        if target:
            method, _, version = fwd.start_line.split()
            fwd.start_line = "%s %s %s" % (method, target, version)
        if assert_identity:
            fwd.remove("P-Preferred-Identity")
            fwd.insert_before("Call-ID", "P-Asserted-Identity", assert_identity)
        return fwd

    @staticmethod
    def forward_response(resp):
        """Response as sent on the previous leg: top Via removed."""
        fwd = resp.copy()
        del fwd.headers[next(i for i, (n, _) in enumerate(fwd.headers) if n.lower() == "via")]
        return fwd


def response(req, code, reason, to_tag=None, headers=(), body="", record_route=()):
    """Response to `req`: copies Via, Record-Route (dialog-creating responses),
    From, To (adds the tag), Call-ID, CSeq, then `headers` and the body."""
    h = [("Via", v) for v in req.get_all("Via")]
    creates_dialog = req.method == "INVITE" and 100 < code < 300
    if creates_dialog:
        h += [("Record-Route", r) for r in (req.get_all("Record-Route") or record_route)]
    to = req.get("To")
    if to_tag and ";tag=" not in to:
        to += ";tag=" + to_tag
    h += [("From", req.get("From")), ("To", to),
          ("Call-ID", req.get("Call-ID")), ("CSeq", req.get("CSeq"))]
    h += list(headers)
    return SipMessage("SIP/2.0 %d %s" % (code, reason), h, body)


class Dialog:
    """UAC side of an INVITE dialog: builds the INVITE and in-dialog requests."""

    def __init__(self, label, caller, callee, proxy):
        self.label, self.caller, self.callee, self.proxy = label, caller, callee, proxy
        self.call_id = "%s@%s" % (token("call-id", label, length=24), caller.ip)
        self.from_tag = token("from-tag", label, length=10)
        self.to_tag = None
        self.remote_target = None
        self.route_set = [proxy.route]
        self.cseq = 0
        self.n_branch = 0

    def new_branch(self):
        self.n_branch += 1
        return branch(self.label, "uac", self.n_branch)

    def _base(self, method, cseq, branch_id):
        to = "<%s;user=phone>" % self.callee.aor + (";tag=" + self.to_tag if self.to_tag else "")
        return [("Via", self.caller.via(branch_id)),
                ("Max-Forwards", "70")] + \
               [("Route", r) for r in self.route_set] + \
               [("From", "<%s>;tag=%s" % (self.caller.aor, self.from_tag)),
                ("To", to),
                ("Call-ID", self.call_id),
                ("CSeq", "%d %s" % (cseq, method))]

    def invite(self, body="", supported="100rel, precondition", require=None):
        self.cseq += 1
        h = self._base("INVITE", self.cseq, self.new_branch())
        h += [("Contact", self.caller.contact),
              ("P-Preferred-Identity", "<%s>" % self.caller.aor),
              ("P-Preferred-Service", "urn:urn-7:3gpp-service.ims.icsi.mmtel"),
              ("Accept-Contact", '*;+g.3gpp.icsi-ref="%s"' % MMTEL_ICSI),
              ("P-Access-Network-Info", PANI),
              ("Allow", ALLOW),
              ("Supported", supported)]
        if require:
            h.append(("Require", require))
        h.append(("User-Agent", UE_AGENT))
        self.invite_msg = SipMessage("INVITE %s;user=phone SIP/2.0" % self.callee.aor, h, body)
        return self.invite_msg

    def learn(self, resp):
        """Take remote tag, remote target and route set from a 1xx/2xx."""
        to = resp.get("To")
        if ";tag=" in to:
            self.to_tag = to.split(";tag=")[1].split(";")[0]
        contact = resp.get("Contact")
        if contact:
            self.remote_target = contact[contact.index("<") + 1:contact.index(">")]
        rr = resp.get_all("Record-Route")
        if rr:
            self.route_set = list(reversed(rr))

    def request(self, method, headers=(), body="", cseq=None, branch_id=None):
        """In-dialog request (PRACK, UPDATE, ACK, BYE)."""
        if cseq is None:
            self.cseq += 1
            cseq = self.cseq
        h = self._base(method, cseq, branch_id or self.new_branch())
        h += list(headers)
        if method in ("UPDATE",):
            h.append(("Contact", self.caller.contact))
        if method != "ACK":
            h.append(("P-Access-Network-Info", PANI))
        h.append(("User-Agent", UE_AGENT))
        return SipMessage("%s %s SIP/2.0" % (method, self.remote_target), h, body)


def callee_headers(callee, extra=()):
    """Headers of a 18x/2xx from the called UE (PAI as asserted by the core)."""
    return [("Contact", callee.contact),
            ("P-Asserted-Identity", "<%s>" % callee.aor)] + list(extra) + \
           [("Allow", ALLOW), ("Server", UE_AGENT)]


# --------------------------------------------------------------------------
# call flows shared by several captures
# --------------------------------------------------------------------------

def basic_call(label, caller, callee, proxy, t=0.0):
    """INVITE, 100, 180, 200 (SDP), ACK, BYE, 200 between a UE and its proxy.

    Returns [(time, sent_by_caller, SipMessage)].
    """
    d = Dialog(label, caller, callee, proxy)
    to_tag = token("to-tag", label, length=10)
    sid = int(token("sdp", label, length=8), 16) % 10**9
    inv = d.invite(sdp(caller.ip, 40000, sid, 1), supported="100rel, timer")
    trying = response(inv, 100, "Trying")
    ringing = response(inv, 180, "Ringing", to_tag, callee_headers(callee),
                       record_route=[proxy.route])
    ok = response(inv, 200, "OK", to_tag, callee_headers(callee),
                  body=sdp(callee.ip, 50000, sid + 7, 1), record_route=[proxy.route])
    d.learn(ok)
    ack = d.request("ACK", cseq=inv_cseq(inv))
    bye = d.request("BYE")
    bye_ok = response(bye, 200, "OK", headers=[("Server", UE_AGENT)])
    return [(t + 0.000, True, inv), (t + 0.020, False, trying),
            (t + 2.000, False, ringing), (t + 7.000, False, ok),
            (t + 7.040, True, ack), (t + 37.000, True, bye), (t + 37.040, False, bye_ok)]


def inv_cseq(msg):
    return int(msg.get("CSeq").split()[0])


def precondition_call(label, a, proxy, b):
    """VoLTE call with preconditions through a stateful proxy (P-CSCF / AS).

    Returns [(time, src_addr, dst_addr, SipMessage, leg)] with leg 'A' for
    caller <-> proxy and 'B' for proxy <-> callee, in the order of the source
    document "VoLTE-SIP完整信令解析" (24 steps).
    """
    d = Dialog(label, a, b, proxy)
    b_tag = token("to-tag", label, length=10)
    sid_a = int(token("sdp-a", label, length=8), 16) % 10**9
    sid_b = int(token("sdp-b", label, length=8), 16) % 10**9
    pai_a = "<%s>" % a.aor
    out = []

    def leg_a(t, from_a, msg):
        out.append((t, a.addr if from_a else proxy.addr,
                    proxy.addr if from_a else a.addr, msg, "A"))

    def leg_b(t, from_proxy, msg):
        out.append((t, proxy.addr if from_proxy else b.addr,
                    b.addr if from_proxy else proxy.addr, msg, "B"))

    n = [0]

    def pbranch():
        n[0] += 1
        return branch(label, "proxy", n[0])

    def b_headers(*extra):
        return callee_headers(b, extra)

    # (1)-(4) INVITE, 100 from the proxy, INVITE forwarded, 100 from B
    inv_a = d.invite(sdp(a.ip, 40000, sid_a, 1, QOS_OFFER), require="precondition")
    leg_a(0.000, True, inv_a)
    leg_a(0.020, False, response(inv_a, 100, "Trying"))
    inv_b = proxy.forward_request(inv_a, pbranch(), record_route=True,
                                  target=b.contact_uri, assert_identity=pai_a)
    leg_b(0.030, True, inv_b)
    leg_b(0.050, False, response(inv_b, 100, "Trying"))

    # (5)-(10) reliable 183 with the SDP answer, PRACK, 200 (PRACK)
    r183 = response(inv_b, 183, "Session Progress", b_tag,
                    b_headers(("Require", "100rel, precondition"), ("RSeq", "1")),
                    body=sdp(b.ip, 50000, sid_b, 1, QOS_ANSWER_183))
    leg_b(1.200, False, r183)
    r183_a = proxy.forward_response(r183)
    leg_a(1.210, False, r183_a)
    d.learn(r183_a)
    prack_a = d.request("PRACK", [("RAck", "1 %d INVITE" % inv_cseq(inv_a))])
    leg_a(1.260, True, prack_a)
    prack_b = proxy.forward_request(prack_a, pbranch())
    leg_b(1.270, True, prack_b)
    prack_ok = response(prack_b, 200, "OK", headers=[("Server", UE_AGENT)])
    leg_b(1.300, False, prack_ok)
    leg_a(1.310, False, proxy.forward_response(prack_ok))

    # (11)-(14) UPDATE once the caller's bearer is up, 200 (UPDATE)
    upd_a = d.request("UPDATE", [("Require", "precondition")],
                      body=sdp(a.ip, 40000, sid_a, 2, QOS_UPDATE))
    leg_a(1.700, True, upd_a)
    upd_b = proxy.forward_request(upd_a, pbranch())
    leg_b(1.710, True, upd_b)
    upd_ok = response(upd_b, 200, "OK", headers=b_headers(("Require", "precondition")),
                      body=sdp(b.ip, 50000, sid_b, 2, QOS_UPDATE_ANSWER))
    leg_b(1.760, False, upd_ok)
    leg_a(1.770, False, proxy.forward_response(upd_ok))

    # (15)-(18) 180 Ringing, 200 OK (INVITE) 5 s later
    ring = response(inv_b, 180, "Ringing", b_tag, b_headers())
    leg_b(2.000, False, ring)
    leg_a(2.010, False, proxy.forward_response(ring))
    ok = response(inv_b, 200, "OK", b_tag, b_headers(("Supported", "100rel, precondition")))
    leg_b(7.000, False, ok)
    leg_a(7.010, False, proxy.forward_response(ok))

    # (19)-(24) ACK, 30 s of conversation, the caller hangs up
    ack_a = d.request("ACK", cseq=inv_cseq(inv_a))
    leg_a(7.050, True, ack_a)
    leg_b(7.060, True, proxy.forward_request(ack_a, pbranch()))
    bye_a = d.request("BYE")
    leg_a(37.000, True, bye_a)
    bye_b = proxy.forward_request(bye_a, pbranch())
    leg_b(37.010, True, bye_b)
    bye_ok = response(bye_b, 200, "OK", headers=[("Server", UE_AGENT)])
    leg_b(37.050, False, bye_ok)
    leg_a(37.060, False, proxy.forward_response(bye_ok))
    return out


# Participants shared by the captures
UE_A = Ue("+15550100001", "10.0.0.1")
UE_B = Ue("+15550100002", "10.0.0.2", imei="35000000-000002-0")
PCSCF = Proxy("10.0.0.10")


def send_udp(udp, flow, caller, proxy):
    for t, by_caller, msg in flow:
        src, dst = (caller.addr, proxy.addr) if by_caller else (proxy.addr, caller.addr)
        udp.send(t, src, dst, msg.bytes())


# --------------------------------------------------------------------------
# captures
# --------------------------------------------------------------------------

def volte_call_precondition():
    """1. One leg UE-A <-> P-CSCF, VoLTE call with preconditions (UDP/IPv4)."""
    cap = Capture()
    udp = Udp(cap)
    for t, src, dst, msg, leg in precondition_call("volte_call_precondition", UE_A, PCSCF, UE_B):
        if leg == "A":
            udp.send(t, src, dst, msg.bytes())
    return cap


def volte_call_two_legs():
    """2. A <-> AS <-> B, both legs of the precondition call, document order."""
    cap = Capture()
    udp = Udp(cap)
    for t, src, dst, msg, _leg in precondition_call("volte_call_two_legs", UE_A, PCSCF, UE_B):
        udp.send(t, src, dst, msg.bytes())
    return cap


STATUS_CODES = [
    (100, "Trying"), (180, "Ringing"), (181, "Call Is Being Forwarded"), (182, "Queued"),
    (183, "Progress"),   # non-standard phrase on purpose (standard: Session Progress)
    (199, "Early Dialog Terminated"), (200, "OK"), (202, "Accepted"),
    (204, "No Notification"), (300, "Multiple Choices"), (301, "Moved Permanently"),
    (302, "Moved Temporarily"), (305, "Use Proxy"), (380, "Alternative Service"),
    (400, "Bad Request"), (401, "Unauthorized"), (402, "Payment Required"),
    (403, "Forbidden"), (404, "Not Found"), (405, "Method Not Allowed"),
    (406, "Not Acceptable"), (407, "Proxy Authentication Required"),
    (408, "Request Timeout"), (410, "Gone"), (412, "Conditional Request Failed"),
    (413, "Request Entity Too Large"), (414, "Request-URI Too Long"),
    (415, "Unsupported Media Type"), (416, "Unsupported URI Scheme"),
    (417, "Unknown Resource-Priority"), (420, "Bad Extension"),
    (421, "Extension Required"), (422, "Session Interval Too Small"),
    (423, "Interval Too Brief"), (424, "Bad Location Information"),
    (425, "Bad Alert Message"), (428, "Use Identity Header"),
    (429, "Provide Referrer Identity"), (430, "Flow Failed"),
    (433, "Anonymity Disallowed"), (436, "Bad Identity Info"),
    (437, "Unsupported Credential"), (438, "Invalid Identity Header"),
    (439, "First Hop Lacks Outbound Support"), (440, "Max-Breadth Exceeded"),
    (469, "Bad Info Package"), (470, "Consent Needed"),
    (480, "Temporarily Unavailable"), (481, "Call/Transaction Does Not Exist"),
    (482, "Loop Detected"), (483, "Too Many Hops"), (484, "Address Incomplete"),
    (485, "Ambiguous"),
    (486, "User Busy"),  # non-standard phrase on purpose (standard: Busy Here)
    (487, "Request Terminated"), (488, "Not Acceptable Here"), (489, "Bad Event"),
    (491, "Request Pending"), (493, "Undecipherable"),
    (494, "Security Agreement Required"), (500, "Server Internal Error"),
    (501, "Not Implemented"), (502, "Bad Gateway"), (503, "Service Unavailable"),
    (504, "Server Time-out"), (505, "Version Not Supported"),
    (513, "Message Too Large"), (555, "Push Notification Service Not Supported"),
    (580, "Precondition Failure"), (600, "Busy Everywhere"), (603, "Decline"),
    (604, "Does Not Exist Anywhere"), (606, "Not Acceptable"), (607, "Unwanted"),
    (608, "Rejected"),
]

# Headers that naturally go with some responses
STATUS_EXTRA_HEADERS = {
    300: [("Contact", "<sip:+15550100002@10.0.0.2:5060>;q=0.7"),
          ("Contact", "<sip:+15550100002@10.0.0.3:5060>;q=0.3")],
    301: [("Contact", "<sip:+15550100003@%s>" % DOMAIN)],
    302: [("Contact", "<sip:+15550100004@%s>" % DOMAIN)],
    305: [("Contact", "<sip:10.0.0.11:5060>")],
    380: [("Contact", "<sip:voicemail@%s>" % DOMAIN)],
    401: [("WWW-Authenticate", 'Digest realm="%s", nonce="%s", algorithm=MD5, qop="auth"'
           % (DOMAIN, token("nonce", 401, length=32)))],
    405: [("Allow", ALLOW)],
    407: [("Proxy-Authenticate", 'Digest realm="%s", nonce="%s", algorithm=MD5, qop="auth"'
           % (DOMAIN, token("nonce", 407, length=32)))],
    415: [("Accept", "application/sdp")],
    420: [("Unsupported", "foo")],
    421: [("Require", "100rel")],
    422: [("Min-SE", "90")],
    423: [("Min-Expires", "600")],
    494: [("Security-Server", "ipsec-3gpp;alg=hmac-sha-1-96;ealg=null;spi-c=1111;"
           "spi-s=2222;port-c=5062;port-s=5064")],
    503: [("Retry-After", "30")],
}


def all_status_codes():
    """3. One INVITE and one response per status code (2xx also ACKed)."""
    cap = Capture()
    udp = Udp(cap)
    for i, (code, reason) in enumerate(STATUS_CODES):
        label = "all_status_codes/%d" % code
        t = i * 1.0
        d = Dialog(label, UE_A, UE_B, PCSCF)
        inv = d.invite(sdp(UE_A.ip, 40000 + 2 * i, 1000 + i, 1), supported="100rel, timer")
        udp.send(t, UE_A.addr, PCSCF.addr, inv.bytes())
        to_tag = None if code == 100 else token("to-tag", label, length=10)
        extra = STATUS_EXTRA_HEADERS.get(code, [])
        if 100 < code < 300:   # the callee answers: Contact, P-Asserted-Identity
            headers = callee_headers(UE_B, extra)
        else:
            headers = extra + [("Server", NET_AGENT)]
        body = sdp(UE_B.ip, 50000 + 2 * i, 2000 + i, 1) if code == 200 else ""
        resp = response(inv, code, reason, to_tag, headers, body, record_route=[PCSCF.route])
        udp.send(t + 0.050, PCSCF.addr, UE_A.addr, resp.bytes())
        if 200 <= code < 300:
            d.learn(resp)
            udp.send(t + 0.080, UE_A.addr, PCSCF.addr,
                     d.request("ACK", cseq=inv_cseq(inv)).bytes())
    return cap


def tcp_two_messages():
    """4. Basic call over one TCP connection; 100+180 share a segment, the
    200 OK (with SDP) is split over two segments."""
    cap = Capture()
    ue = Ue("+15550100001", "10.0.0.1", port=40000, transport="TCP")
    pcscf = Proxy("10.0.0.10", transport="TCP")
    flow = basic_call("tcp_two_messages", ue, UE_B, pcscf, t=0.010)
    tcp = TcpStream(cap, ue.addr, pcscf.addr, 0x1A2B3C4D, 0x5E6F7081)
    tcp.handshake(0.0)
    (t_inv, _, inv), (t_trying, _, trying), (_, _, ringing), (t_ok, _, ok) = flow[:4]
    tcp.send(t_inv, True, inv.bytes())
    # the callee alerts at once: 100 and 180 leave the proxy in one segment
    tcp.send(t_trying, False, trying.bytes() + ringing.bytes())
    ok_bytes = ok.bytes()
    cut = ok_bytes.index(b"Contact:") + 20                      # in the middle of a header
    tcp.send(t_ok, False, ok_bytes[:cut])
    tcp.send(t_ok + 0.002, False, ok_bytes[cut:])
    for t, by_caller, msg in flow[4:]:
        tcp.send(t, by_caller, msg.bytes())
    tcp.finish(flow[-1][0] + 1.0)
    return cap


def tcp_many_messages():
    """4a. One TCP segment carries 40 OPTIONS (a client flushing its queue)
    and one segment their 40 200 OKs: more SIP messages in a frame than the
    plugin analyses (32)."""
    cap = Capture()
    ue = Ue("+15550100001", "10.0.0.1", port=40002, transport="TCP")
    pcscf = Proxy("10.0.0.10", transport="TCP")
    requests, answers = [], []
    for i in range(40):
        d = Dialog("tcp_many_messages/%d" % i, ue, UE_B, pcscf)
        d.remote_target = UE_B.aor
        req = d.request("OPTIONS")
        requests.append(req)
        answers.append(response(req, 200, "OK", to_tag=token("to-tag", "tcp_many_messages", str(i), length=10)))
    tcp = TcpStream(cap, ue.addr, pcscf.addr, 0x13572468, 0x24681357)
    tcp.handshake(0.0)
    tcp.send(0.010, True, b"".join(m.bytes() for m in requests))
    tcp.send(0.060, False, b"".join(m.bytes() for m in answers))
    tcp.finish(1.0)
    return cap


def limits():
    """4b. Messages beyond the per-message limits of the analysis: an INVITE
    whose SDP has 20 m= lines with 6 a= lines each (16 m= and 96 a= lines are
    kept), and a REGISTER with 20 Contact header lines (16 are kept)."""
    cap = Capture()
    udp = Udp(cap)
    d = Dialog("limits", UE_A, UE_B, PCSCF)
    lines = ["v=0", "o=- 7001 1 IN IP4 %s" % UE_A.ip, "s=-", "c=IN IP4 %s" % UE_A.ip, "t=0 0"]
    for i in range(20):
        lines += ["m=audio %d RTP/AVP 116" % (40000 + 2 * i),
                  "a=rtpmap:116 AMR-WB/16000/1",
                  "a=ptime:20",
                  "a=curr:qos local none",
                  "a=curr:qos remote none",
                  "a=des:qos mandatory local sendrecv",
                  "a=des:qos optional remote sendrecv"]
    inv = d.invite(sdp_lines(lines))
    udp.send(0.010, UE_A.addr, PCSCF.addr, inv.bytes())
    reg = SipMessage("REGISTER sip:%s SIP/2.0" % DOMAIN, [
        ("Via", UE_A.via(branch("limits", "register"))),
        ("Max-Forwards", "70"),
        ("From", "<%s>;tag=%s" % (UE_A.aor, token("from-tag", "limits", "register", length=10))),
        ("To", "<%s>" % UE_A.aor),
        ("Call-ID", "%s@%s" % (token("call-id", "limits", "register", length=24), UE_A.ip)),
        ("CSeq", "1 REGISTER")] +
        [("Contact", "<sip:%s@%s:%d>;expires=600" % (UE_A.msisdn, UE_A.ip, 5060 + i)) for i in range(20)] +
        [("Expires", "600"), ("User-Agent", UE_AGENT)])
    udp.send(1.000, UE_A.addr, PCSCF.addr, reg.bytes())
    return cap


def retransmission_tcp():
    """Retransmissions over TCP: the INVITE's segment is resent by TCP (same
    sequence numbers), and the UAS retransmits its 200 OK at the SIP layer
    (RFC 3261 §13.3.1.4, on every transport) because the ACK is late."""
    cap = Capture()
    ue = Ue("+15550100001", "10.0.0.1", port=40002, transport="TCP")
    pcscf = Proxy("10.0.0.10", transport="TCP")
    flow = basic_call("retransmission_tcp", ue, UE_B, pcscf, t=0.010)
    tcp = TcpStream(cap, ue.addr, pcscf.addr, 0x0BADCAFE, 0x5EED5EED)
    tcp.handshake(0.0)
    (t_inv, _, inv), (t_trying, _, trying), (t_ring, _, ringing), (t_ok, _, ok), (t_ack, _, ack) = flow[:5]
    tcp.send(t_inv, True, inv.bytes())
    tcp.send(t_trying, False, trying.bytes())
    tcp.resend(t_inv + 0.200, True, inv.bytes())     # a spurious retransmission by TCP
    tcp.send(t_ring, False, ringing.bytes())
    tcp.send(t_ok, False, ok.bytes())
    tcp.send(t_ok + 0.500, False, ok.bytes())
    tcp.send(t_ok + 0.520, True, ack.bytes())
    for t, by_caller, msg in flow[5:]:
        tcp.send(t, by_caller, msg.bytes())
    tcp.finish(flow[-1][0] + 1.0)
    return cap


def ipv6_call():
    """5. Basic call over UDP/IPv6."""
    cap = Capture()
    ue = Ue("+15550100001", "2001:db8::1")
    pcscf = Proxy("2001:db8::10")
    callee = Ue("+15550100002", "2001:db8::2", imei="35000000-000002-0")
    send_udp(Udp(cap), basic_call("ipv6_call", ue, callee, pcscf), ue, pcscf)
    return cap


def sctp_call():
    """6. Basic call over one SCTP association (IPv4), one DATA chunk per message."""
    cap = Capture()
    ue = Ue("+15550100001", "10.0.0.1", transport="SCTP")
    pcscf = Proxy("10.0.0.10", transport="SCTP")
    assoc = SctpAssociation(cap, ue.addr, pcscf.addr, 0x0C0FFEE1, 0x5EED5EED)
    t = assoc.handshake(0.0)
    flow = basic_call("sctp_call", ue, UE_B, pcscf, t=t + 0.010)
    for t, by_caller, msg in flow:
        assoc.send(t, by_caller, msg.bytes())
    assoc.finish(flow[-1][0] + 1.0)
    return cap


def malformed():
    """7. Bad input that must not stop the analysis, then a clean call."""
    cap = Capture()
    udp = Udp(cap)
    ue, net = UE_A.addr, PCSCF.addr
    t = 0.0

    def invite(label):
        d = Dialog("malformed/" + label, UE_A, UE_B, PCSCF)
        return d.invite(sdp(UE_A.ip, 40000, 1, 1), supported="100rel, timer")

    def tagged(label):
        return token("to-tag", "malformed/" + label, length=10)

    # (a) unparsable status line "2OO" (letter O) answering a real INVITE
    inv = invite("a")
    udp.send(t, ue, net, inv.bytes())
    bad = response(inv, 200, "OK", tagged("a"), callee_headers(UE_B))
    bad.start_line = "SIP/2.0 2OO OK"
    udp.send(t + 0.050, net, ue, bad.bytes())
    t += 1.0

    # (b) response without CSeq
    inv = invite("b")
    udp.send(t, ue, net, inv.bytes())
    no_cseq = response(inv, 486, "Busy Here", tagged("b"), [("Server", NET_AGENT)])
    no_cseq.remove("CSeq")
    udp.send(t + 0.050, net, ue, no_cseq.bytes())
    t += 1.0

    # (c) absurd codes 999 and 701, unregistered but valid codes 399 and 499
    for code, reason in [(999, "Absurd Code"), (701, "Beyond Class Six"),
                         (399, "Unregistered Redirection"), (499, "Unregistered Client Error")]:
        inv = invite("c%d" % code)
        udp.send(t, ue, net, inv.bytes())
        resp = response(inv, code, reason, tagged("c%d" % code), [("Server", NET_AGENT)])
        udp.send(t + 0.050, net, ue, resp.bytes())
        t += 1.0

    # (d) 200 bytes of binary junk to port 5060
    junk = b"".join(hashlib.sha256(b"junk%d" % i).digest() for i in range(7))[:200]
    udp.send(t, ue, net, junk)
    t += 1.0

    # (e) a request truncated in the middle of a header (the datagram ends there)
    data = invite("e").bytes()
    udp.send(t, ue, net, data[:data.index(b"Contact:") + 25])
    t += 1.0

    # (f) a complete clean call that must still be analysed
    send_udp(udp, basic_call("malformed/f", UE_A, UE_B, PCSCF, t=t), UE_A, PCSCF)
    return cap


def retransmission_udp():
    """8. UDP retransmissions: INVITE (Timer A), 180 duplicate, 200 OK until the
    ACK arrives, OPTIONS (Timer E)."""
    cap = Capture()
    udp = Udp(cap)
    flow = basic_call("retransmission_udp", UE_A, UE_B, PCSCF)
    (_, _, inv), (_, _, trying), (_, _, ring), (_, _, ok), (_, _, ack), \
        (_, _, bye), (_, _, bye_ok) = flow
    ue, net = UE_A.addr, PCSCF.addr
    events = [
        (0.000, ue, net, inv), (0.500, ue, net, inv), (1.500, ue, net, inv),  # T1, 2*T1
        (1.520, net, ue, trying),
        (2.000, net, ue, ring), (2.500, net, ue, ring),                       # duplicate 180
        (7.000, net, ue, ok), (7.500, net, ue, ok), (8.500, net, ue, ok),     # 2xx until ACK
        (8.540, ue, net, ack),
        (38.500, ue, net, bye), (38.540, net, ue, bye_ok),
    ]
    # OPTIONS (keep-alive / capability query) retransmitted once, then 200
    opt = SipMessage("OPTIONS sip:%s SIP/2.0" % DOMAIN, [
        ("Via", UE_A.via(branch("retransmission_udp", "options"))),
        ("Max-Forwards", "70"),
        ("Route", PCSCF.route),
        ("From", "<%s>;tag=%s" % (UE_A.aor, token("from-tag", "options", length=10))),
        ("To", "<sip:%s>" % DOMAIN),
        ("Call-ID", "%s@%s" % (token("call-id", "retransmission_udp/options", length=24),
                               UE_A.ip)),
        ("CSeq", "1 OPTIONS"),
        ("Contact", UE_A.contact),
        ("Accept", "application/sdp"),
        ("User-Agent", UE_AGENT)])
    opt_ok = response(opt, 200, "OK", token("to-tag", "options", length=10),
                      [("Allow", ALLOW), ("Accept", "application/sdp"),
                       ("Supported", "100rel, precondition, timer"), ("Server", NET_AGENT)])
    events += [(45.000, ue, net, opt), (45.500, ue, net, opt), (45.530, net, ue, opt_ok)]
    for t, src, dst, msg in events:
        udp.send(t, src, dst, msg.bytes())
    return cap


def digest_response(username, realm, password, method, uri, nonce, nc, cnonce):
    """RFC 2617 digest with qop=auth (AKAv1-MD5 uses RES as the password)."""
    md5 = lambda b: hashlib.md5(b).hexdigest()
    ha1 = md5(b"%s:%s:" % (username.encode(), realm.encode()) + password)
    ha2 = md5(("%s:%s" % (method, uri)).encode())
    return md5(("%s:%s:%s:%s:auth:%s" % (ha1, nonce, nc, cnonce, ha2)).encode())


def registration():
    """9. IMS registration with AKA digest, refresh, de-registration."""
    cap = Capture()
    udp = Udp(cap)
    ue, net = UE_A.addr, PCSCF.addr
    impi = "001010000000001@" + DOMAIN
    reg_uri = "sip:" + DOMAIN
    call_id = "%s@%s" % (token("call-id", "registration", length=24), UE_A.ip)
    from_tag = token("from-tag", "registration", length=10)
    rand_autn = bytes.fromhex(token("rand", length=32) + token("autn", length=32))
    nonce = base64.b64encode(rand_autn).decode()
    res = bytes.fromhex(token("res", length=16))
    cnonce = token("cnonce", length=16)
    pau = "<%s>, <tel:%s>" % (UE_A.aor, UE_A.msisdn)

    def register(cseq, expires, auth):
        return SipMessage("REGISTER %s SIP/2.0" % reg_uri, [
            ("Via", UE_A.via(branch("registration", cseq))),
            ("Max-Forwards", "70"),
            ("Route", PCSCF.route),
            ("From", "<%s>;tag=%s" % (UE_A.aor, from_tag)),
            ("To", "<%s>" % UE_A.aor),
            ("Call-ID", call_id),
            ("CSeq", "%d REGISTER" % cseq),
            ("Contact", UE_A.contact + ';+g.3gpp.smsip;expires=%d' % expires),
            ("Expires", str(expires)),
            ("Authorization", auth),
            ("Supported", "path, gruu"),
            ("Allow", ALLOW),
            ("P-Access-Network-Info", PANI),
            ("User-Agent", UE_AGENT)])

    def authorization(nc, method="REGISTER"):
        if nc == 0:   # initial REGISTER: empty response
            return ('Digest username="%s", realm="%s", uri="%s", nonce="", response=""'
                    % (impi, DOMAIN, reg_uri))
        ncs = "%08x" % nc
        resp = digest_response(impi, DOMAIN, res, method, reg_uri, nonce, ncs, cnonce)
        return ('Digest username="%s", realm="%s", uri="%s", nonce="%s", '
                'response="%s", algorithm=AKAv1-MD5, cnonce="%s", qop=auth, nc=%s'
                % (impi, DOMAIN, reg_uri, nonce, resp, cnonce, ncs))

    def ok(req, expires):
        return response(req, 200, "OK", token("to-tag", "registration", length=10), [
            ("Contact", UE_A.contact + ";expires=%d" % expires),
            ("P-Associated-URI", pau),
            ("Service-Route", "<sip:orig@scscf.%s;lr>" % DOMAIN),
            ("Path", "<sip:term@%s;lr>" % PCSCF.hostport),
            ("Server", NET_AGENT)])

    r1 = register(1, 3600, authorization(0))
    udp.send(0.000, ue, net, r1.bytes())
    challenge = response(r1, 401, "Unauthorized", token("to-tag", "registration-401", length=10), [
        ("WWW-Authenticate", 'Digest realm="%s", nonce="%s", algorithm=AKAv1-MD5, qop="auth"'
         % (DOMAIN, nonce)),
        ("Server", NET_AGENT)])
    udp.send(0.150, net, ue, challenge.bytes())
    r2 = register(2, 3600, authorization(1))
    udp.send(0.300, ue, net, r2.bytes())
    udp.send(0.450, net, ue, ok(r2, 3600).bytes())
    # refresh at half the registration period
    r3 = register(3, 3600, authorization(2))
    udp.send(1800.000, ue, net, r3.bytes())
    udp.send(1800.120, net, ue, ok(r3, 3600).bytes())
    # de-registration
    r4 = register(4, 0, authorization(3))
    udp.send(2400.000, ue, net, r4.bytes())
    udp.send(2400.120, net, ue, ok(r4, 0).bytes())
    return cap


def two_calls_one_tcp():
    """10. Two interleaved calls on one TCP connection; one segment carries a
    message of each call (180 of call 1 + 100 of call 2)."""
    cap = Capture()
    ue = Ue("+15550100001", "10.0.0.1", port=40001, transport="TCP")
    pcscf = Proxy("10.0.0.10", transport="TCP")
    callee2 = Ue("+15550100003", "10.0.0.3", imei="35000000-000003-0")
    c1 = basic_call("two_calls_one_tcp/1", ue, UE_B, pcscf)
    c2 = basic_call("two_calls_one_tcp/2", ue, callee2, pcscf)
    m1 = [m for _, _, m in c1]   # INVITE, 100, 180, 200, ACK, BYE, 200
    m2 = [m for _, _, m in c2]
    tcp = TcpStream(cap, ue.addr, pcscf.addr, 0x0BADCAFE, 0x600DF00D)
    tcp.handshake(0.0)
    UE, NET = True, False
    for t, side, data in [
            (0.010, UE, m1[0].bytes()),                    # call 1 INVITE
            (0.030, NET, m1[1].bytes()),                   # call 1 100
            (0.500, UE, m2[0].bytes()),                    # call 2 INVITE
            (0.520, NET, m1[2].bytes() + m2[1].bytes()),   # call 1 180 + call 2 100
            (1.000, NET, m2[2].bytes()),                   # call 2 180
            (5.000, NET, m1[3].bytes()),                   # call 1 200
            (5.040, UE, m1[4].bytes()),                    # call 1 ACK
            (6.000, NET, m2[3].bytes()),                   # call 2 200
            (6.040, UE, m2[4].bytes()),                    # call 2 ACK
            (20.000, UE, m1[5].bytes()),                   # call 1 BYE
            (20.040, NET, m1[6].bytes()),                  # call 1 200
            (25.000, UE, m2[5].bytes()),                   # call 2 BYE
            (25.040, NET, m2[6].bytes())]:                 # call 2 200
        tcp.send(t, side, data)
    tcp.finish(26.0)
    return cap


# --------------------------------------------------------------------------
# call flow classes: one UE-A <-> P-CSCF leg per capture (flow_*.pcap)
# --------------------------------------------------------------------------

# Domain of the History-Info, Diversion and 302 Contact URIs of the forwarding
# captures (written as given in the test specification)
EXAMPLE_DOMAIN = "ims.example.com"

UE_C = Ue("+15550100003", "10.0.0.3", imei="35000000-000003-0")      # forwarded-to party
UE_B2 = Ue("+15550100002", "10.0.0.4", imei="35000000-000004-0")     # B's second device


class Leg:
    """The UE-A <-> P-CSCF leg of a capture: up() is sent by UE-A, down() by
    the P-CSCF (on its own behalf or forwarding for the far end)."""

    def __init__(self, cap, ue=UE_A, net=PCSCF):
        self.udp, self.ue, self.net = Udp(cap), ue, net

    def up(self, t, msg):
        self.udp.send(t, self.ue.addr, self.net.addr, msg.bytes())

    def down(self, t, msg):
        self.udp.send(t, self.net.addr, self.ue.addr, msg.bytes())


def sdp_ids(label):
    """Session ids (o= line) of the caller's and the callee's SDP."""
    return (int(token("sdp-a", label, length=8), 16) % 10**9,
            int(token("sdp-b", label, length=8), 16) % 10**9)


EVS_MEDIA = ["a=rtpmap:96 EVS/16000/1",
             "a=fmtp:96 br=13.2-24.4;bw=wb-swb;max-red=0",
             "a=rtpmap:111 telephone-event/16000",
             "a=fmtp:111 0-15"]


def sdp_session(ip, rtp_port, session_id, version, direction="sendrecv",
                evs_fmtp=None):
    """Audio SDP with a chosen direction attribute (sendrecv, sendonly,
    recvonly, inactive).  evs_fmtp=None: the codecs of sdp() (AMR-WB, AMR,
    telephone-event); otherwise EVS (payload type 96) with that fmtp line and
    telephone-event, i.e. a codec change."""
    family = "IP6" if ":" in ip else "IP4"
    lines = ["v=0",
             "o=- %d %d IN %s %s" % (session_id, version, family, ip),
             "s=-",
             "c=IN %s %s" % (family, ip),
             "b=AS:49",
             "b=RS:0",
             "b=RR:2000",
             "t=0 0"]
    if evs_fmtp is None:
        lines += ["m=audio %d RTP/AVP 116 118 111 110" % rtp_port,
                  "a=rtpmap:116 AMR-WB/16000/1",
                  "a=fmtp:116 mode-change-capability=2;max-red=0",
                  "a=rtpmap:118 AMR/8000/1",
                  "a=fmtp:118 mode-change-capability=2;max-red=0",
                  "a=rtpmap:111 telephone-event/16000",
                  "a=fmtp:111 0-15",
                  "a=rtpmap:110 telephone-event/8000",
                  "a=fmtp:110 0-15"]
    else:
        lines += ["m=audio %d RTP/AVP 96 111" % rtp_port,
                  "a=rtpmap:96 EVS/16000/1",
                  "a=fmtp:96 " + evs_fmtp,
                  "a=rtpmap:111 telephone-event/16000",
                  "a=fmtp:111 0-15"]
    lines += ["a=ptime:20", "a=maxptime:240", "a=" + direction]
    return sdp_lines(lines)


def flow_invite(d, body, supported="100rel, timer", require=None):
    """Initial INVITE of dialog d with P-Asserted-Identity (the caller's
    asserted identity) in place of the UE's P-Preferred-Identity."""
    inv = d.invite(body, supported=supported, require=require)
    inv.headers = [("P-Asserted-Identity", "<%s>" % d.caller.aor)
                   if n == "P-Preferred-Identity" else (n, v) for n, v in inv.headers]
    return inv


def reinvite(d, body, extra=()):
    """In-dialog (re-)INVITE from the caller: target refresh with Contact."""
    return d.request("INVITE", [("Contact", d.caller.contact), ("Allow", ALLOW),
                                ("Supported", "100rel, timer")] + list(extra), body)


def net_response(req, code, reason, to_tag=None, extra=(), agent=NET_AGENT):
    """Response without Contact (a rejection): `extra` headers, then Server."""
    return response(req, code, reason, to_tag, list(extra) + [("Server", agent)])


def callee_response(req, code, reason, to_tag, callee, extra=(), body=""):
    """18x / 2xx from the called UE, forwarded by the P-CSCF (Record-Route)."""
    return response(req, code, reason, to_tag, callee_headers(callee, extra), body,
                    record_route=[PCSCF.route])


def ack_non2xx(inv, final):
    """ACK of a non-2xx final response (RFC 3261 17.1.1.3): hop by hop, same
    branch, Request-URI and Route as the INVITE, To (with tag) of the response."""
    h = [("Via", inv.get("Via")), ("Max-Forwards", "70")]
    h += [("Route", r) for r in inv.get_all("Route")]
    h += [("From", inv.get("From")), ("To", final.get("To")),
          ("Call-ID", inv.get("Call-ID")), ("CSeq", "%d ACK" % inv_cseq(inv)),
          ("User-Agent", UE_AGENT)]
    return SipMessage("ACK %s SIP/2.0" % inv.start_line.split()[1], h)


def cancel_for(inv):
    """CANCEL of a pending INVITE (RFC 3261 9.1): same Request-URI, top Via
    (branch), Route, From, To (no tag), Call-ID and CSeq number as the INVITE."""
    h = [("Via", inv.get("Via")), ("Max-Forwards", "70")]
    h += [("Route", r) for r in inv.get_all("Route")]
    h += [("From", inv.get("From")), ("To", inv.get("To")),
          ("Call-ID", inv.get("Call-ID")), ("CSeq", "%d CANCEL" % inv_cseq(inv)),
          ("User-Agent", UE_AGENT)]
    return SipMessage("CANCEL %s SIP/2.0" % inv.start_line.split()[1], h)


def toward_caller(d, method, cseq, sender, vias, extra=(), body=""):
    """In-dialog request sent to the caller by the far end or by the network:
    From / To swapped (callee's tag in From), Request-URI = caller's Contact.
    sender: URI of the far end (the INVITE's To URI); vias: top first."""
    h = [("Via", v) for v in vias]
    h += [("Max-Forwards", "70" if len(vias) == 1 else "69"),
          ("From", "<%s;user=phone>;tag=%s" % (sender, d.to_tag)),
          ("To", "<%s>;tag=%s" % (d.caller.aor, d.from_tag)),
          ("Call-ID", d.call_id),
          ("CSeq", "%d %s" % (cseq, method))] + list(extra)
    return SipMessage("%s %s SIP/2.0" % (method, d.caller.contact_uri), h, body)


def answered_call(leg, label, t, callee=UE_B, ringing_extra=(), rtp=(40000, 50000)):
    """INVITE (SDP), 100, 180, 200 (SDP), ACK starting at t; the callee rings
    after 2 s and answers 5 s later.  Returns the dialog, ready for in-dialog
    requests."""
    d = Dialog(label, UE_A, callee, PCSCF)
    tag = token("to-tag", label, length=10)
    sid_a, sid_b = sdp_ids(label)
    inv = flow_invite(d, sdp_session(UE_A.ip, rtp[0], sid_a, 1))
    leg.up(t, inv)
    leg.down(t + 0.020, response(inv, 100, "Trying"))
    leg.down(t + 2.000, callee_response(inv, 180, "Ringing", tag, callee, ringing_extra))
    ok = callee_response(inv, 200, "OK", tag, callee,
                         body=sdp_session(callee.ip, rtp[1], sid_b, 1))
    leg.down(t + 7.000, ok)
    d.learn(ok)
    leg.up(t + 7.040, d.request("ACK", cseq=inv_cseq(inv)))
    return d


def rejected_call(leg, label, t, code, reason, rejected_at=1.200, extra=(),
                  agent=NET_AGENT, body=None, require=None, supported="100rel, timer"):
    """INVITE, 100, final non-2xx `rejected_at` s later (To-tag), ACK."""
    d = Dialog(label, UE_A, UE_B, PCSCF)
    sid_a, _ = sdp_ids(label)
    inv = flow_invite(d, body or sdp_session(UE_A.ip, 40000, sid_a, 1),
                      supported=supported, require=require)
    leg.up(t, inv)
    leg.down(t + 0.020, response(inv, 100, "Trying"))
    final = net_response(inv, code, reason, token("to-tag", label, length=10), extra, agent)
    leg.down(t + rejected_at, final)
    leg.up(t + rejected_at + 0.030, ack_non2xx(inv, final))


def flow_busy():
    """13. Busy: 486 Busy Here from the callee; 600 Busy Everywhere."""
    cap = Capture()
    leg = Leg(cap)
    rejected_call(leg, "flow_busy/1", 0.0, 486, "Busy Here", agent=UE_AGENT)
    rejected_call(leg, "flow_busy/2", 10.0, 600, "Busy Everywhere")
    return cap


def ringing_then_final(leg, label, t, code, reason, ring_for):
    """INVITE, 100, 180 (To-tag), final non-2xx after `ring_for` s of ringing
    (same To-tag), ACK."""
    d = Dialog(label, UE_A, UE_B, PCSCF)
    tag = token("to-tag", label, length=10)
    sid_a, _ = sdp_ids(label)
    inv = flow_invite(d, sdp_session(UE_A.ip, 40000, sid_a, 1))
    leg.up(t, inv)
    leg.down(t + 0.020, response(inv, 100, "Trying"))
    leg.down(t + 2.000, callee_response(inv, 180, "Ringing", tag, UE_B))
    final = net_response(inv, code, reason, tag)
    leg.down(t + 2.000 + ring_for, final)
    leg.up(t + 2.030 + ring_for, ack_non2xx(inv, final))


def flow_no_answer_timeout():
    """14. No answer: 480 after 30 s of ringing; 408 after 60 s of ringing."""
    cap = Capture()
    leg = Leg(cap)
    ringing_then_final(leg, "flow_no_answer_timeout/1", 0.0, 480,
                       "Temporarily Unavailable", 30.0)
    ringing_then_final(leg, "flow_no_answer_timeout/2", 40.0, 408, "Request Timeout", 60.0)
    return cap


def flow_no_answer_cancel():
    """15. The caller gives up: CANCEL after 20 s of ringing; CANCEL before
    any provisional response except 100."""
    cap = Capture()
    leg = Leg(cap)
    # call 1: ringing for 20 s, then CANCEL; the callee's tag on 200 and 487
    label = "flow_no_answer_cancel/1"
    d = Dialog(label, UE_A, UE_B, PCSCF)
    tag = token("to-tag", label, length=10)
    inv = flow_invite(d, sdp_session(UE_A.ip, 40000, sdp_ids(label)[0], 1))
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    leg.down(2.000, callee_response(inv, 180, "Ringing", tag, UE_B))
    cancel = cancel_for(inv)
    leg.up(22.000, cancel)
    leg.down(22.030, net_response(cancel, 200, "OK", tag))
    terminated = net_response(inv, 487, "Request Terminated", tag, agent=UE_AGENT)
    leg.down(22.080, terminated)
    leg.up(22.110, ack_non2xx(inv, terminated))
    # call 2: CANCEL 1 s after the INVITE, only 100 Trying seen
    label = "flow_no_answer_cancel/2"
    d = Dialog(label, UE_A, UE_B, PCSCF)
    tag = token("to-tag", label, length=10)
    inv = flow_invite(d, sdp_session(UE_A.ip, 40002, sdp_ids(label)[0], 1))
    leg.up(30.000, inv)
    leg.down(30.020, response(inv, 100, "Trying"))
    cancel = cancel_for(inv)
    leg.up(31.000, cancel)
    leg.down(31.030, net_response(cancel, 200, "OK", tag))
    terminated = net_response(inv, 487, "Request Terminated", tag)
    leg.down(31.060, terminated)
    leg.up(31.090, ack_non2xx(inv, terminated))
    return cap


def history_info(cause):
    """History-Info of a call forwarded from B to C (RFC 7044, cause per RFC 4458)."""
    return ("History-Info", "<sip:+15550100002@%s>;index=1, "
            "<sip:+15550100003@%s;cause=%d>;index=1.1" % (EXAMPLE_DOMAIN, EXAMPLE_DOMAIN, cause))


AS_CONTACT = "<sip:%s>" % PCSCF.hostport


def forwarded_answer(leg, d, inv, tag, t_181, cause, t_180, t_200):
    """181 (History-Info, sent by the forwarding AS) then 180 and 200 (SDP)
    from the forwarded-to party C, all with To-tag `tag`; ACK, 30 s of
    conversation, BYE, 200.  Returns the time of the last message."""
    leg.down(t_181, response(inv, 181, "Call Is Being Forwarded", tag,
                             [("Contact", AS_CONTACT), history_info(cause),
                              ("Server", NET_AGENT)], record_route=[PCSCF.route]))
    leg.down(t_180, callee_response(inv, 180, "Ringing", tag, UE_C))
    ok = callee_response(inv, 200, "OK", tag, UE_C,
                         body=sdp_session(UE_C.ip, 50000, sdp_ids(d.label)[1], 1))
    leg.down(t_200, ok)
    d.learn(ok)
    leg.up(t_200 + 0.040, d.request("ACK", cseq=inv_cseq(inv)))
    bye = d.request("BYE")
    leg.up(t_200 + 30.000, bye)
    leg.down(t_200 + 30.040, response(bye, 200, "OK", headers=[("Server", UE_AGENT)]))


def flow_forward_busy():
    """16. Call forwarding on busy: (a) 181 with History-Info cause=486, the
    forwarded-to party answers; (b) redirection with 302 and Diversion."""
    cap = Capture()
    leg = Leg(cap)
    # (a) the AS forwards to C and keeps one To-tag toward A for 181, 180, 200
    label = "flow_forward_busy/a"
    d = Dialog(label, UE_A, UE_B, PCSCF)
    inv = flow_invite(d, sdp_session(UE_A.ip, 40000, sdp_ids(label)[0], 1))
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    forwarded_answer(leg, d, inv, token("to-tag", label, length=10), 1.500, 486, 3.000, 8.000)
    # (b) redirect: 302 Moved Temporarily with Contact and Diversion
    t = 50.0
    label = "flow_forward_busy/b"
    d = Dialog(label, UE_A, UE_B, PCSCF)
    inv = flow_invite(d, sdp_session(UE_A.ip, 40002, sdp_ids(label)[0], 1))
    leg.up(t, inv)
    leg.down(t + 0.020, response(inv, 100, "Trying"))
    moved = net_response(inv, 302, "Moved Temporarily", token("to-tag", label, length=10), [
        ("Contact", "<sip:+15550100003@%s>" % EXAMPLE_DOMAIN),
        ("Diversion", "<sip:+15550100002@%s>;reason=user-busy;counter=1" % EXAMPLE_DOMAIN)])
    leg.down(t + 0.800, moved)
    leg.up(t + 0.830, ack_non2xx(inv, moved))
    return cap


def flow_forward_no_answer():
    """17. Call forwarding on no reply: B rings (t1) for 20 s, 181 with
    History-Info cause=408, C rings and answers (t2)."""
    cap = Capture()
    leg = Leg(cap)
    label = "flow_forward_no_answer"
    d = Dialog(label, UE_A, UE_B, PCSCF)
    inv = flow_invite(d, sdp_session(UE_A.ip, 40000, sdp_ids(label)[0], 1))
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    leg.down(2.000, callee_response(inv, 180, "Ringing", token("to-tag", label, "t1", length=10),
                                    UE_B))
    forwarded_answer(leg, d, inv, token("to-tag", label, "t2", length=10),
                     22.000, 408, 24.000, 30.000)
    return cap


def modify_session(leg, d, t, body, answer_body, method="INVITE", answer_delay=0.100):
    """Caller's re-INVITE (or UPDATE) with SDP, 200 with the SDP answer (and
    ACK for a re-INVITE)."""
    req = reinvite(d, body) if method == "INVITE" else d.request("UPDATE", body=body)
    leg.up(t, req)
    ok = response(req, 200, "OK", headers=callee_headers(d.callee), body=answer_body)
    leg.down(t + answer_delay, ok)
    if method == "INVITE":
        leg.up(t + answer_delay + 0.040, d.request("ACK", cseq=inv_cseq(req)))


def caller_hangs_up(leg, d, t):
    bye = d.request("BYE")
    leg.up(t, bye)
    leg.down(t + 0.040, response(bye, 200, "OK", headers=[("Server", UE_AGENT)]))


def flow_hold_resume():
    """18. Hold (re-INVITE sendonly / recvonly), resume (sendrecv), hold again
    with UPDATE (inactive), never resumed, BYE."""
    cap = Capture()
    leg = Leg(cap)
    label = "flow_hold_resume"
    d = answered_call(leg, label, 0.0)
    sid_a, sid_b = sdp_ids(label)
    a = lambda v, direction: sdp_session(UE_A.ip, 40000, sid_a, v, direction)
    b = lambda v, direction: sdp_session(UE_B.ip, 50000, sid_b, v, direction)
    modify_session(leg, d, 17.000, a(2, "sendonly"), b(2, "recvonly"))     # hold
    modify_session(leg, d, 37.000, a(3, "sendrecv"), b(3, "sendrecv"))     # resume
    modify_session(leg, d, 47.000, a(4, "inactive"), b(4, "inactive"), method="UPDATE")
    caller_hangs_up(leg, d, 57.000)
    return cap


def flow_call_waiting():
    """19. Call waiting: the callee is busy in another call and is alerted
    with a call-waiting tone (180 with Alert-Info, TS 24.615), then answers."""
    cap = Capture()
    leg = Leg(cap)
    d = answered_call(leg, "flow_call_waiting", 0.0,
                            ringing_extra=[("Alert-Info", "<urn:alert:service:call-waiting>")])
    caller_hangs_up(leg, d, 37.000)
    return cap


def flow_rejected_failed():
    """20. Rejections and failures: 403, 603, 503 (Retry-After), 580 (after a
    precondition INVITE), 404."""
    cap = Capture()
    leg = Leg(cap)
    rejected_call(leg, "flow_rejected_failed/403", 0.0, 403, "Forbidden", 0.300)
    rejected_call(leg, "flow_rejected_failed/603", 10.0, 603, "Decline", 4.000, agent=UE_AGENT)
    rejected_call(leg, "flow_rejected_failed/503", 20.0, 503, "Service Unavailable", 0.500,
                  extra=[("Retry-After", "30")])
    label = "flow_rejected_failed/580"
    rejected_call(leg, label, 30.0, 580, "Precondition Failure", 1.500, agent=UE_AGENT,
                  body=sdp(UE_A.ip, 40000, sdp_ids(label)[0], 1, QOS_OFFER),
                  supported="100rel, precondition", require="precondition")
    rejected_call(leg, "flow_rejected_failed/404", 40.0, 404, "Not Found", 0.400)
    return cap


def flow_forking():
    """21. A forking proxy: two early dialogs (fa, fb), fb answers."""
    cap = Capture()
    leg = Leg(cap)
    label = "flow_forking"
    d = Dialog(label, UE_A, UE_B, PCSCF)
    sid_a, sid_b = sdp_ids(label)
    fa, fb = token("to-tag", label, "fa", length=10), token("to-tag", label, "fb", length=10)
    inv = flow_invite(d, sdp_session(UE_A.ip, 40000, sid_a, 1))
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    leg.down(2.000, callee_response(inv, 180, "Ringing", fa, UE_B))
    leg.down(2.200, callee_response(inv, 180, "Ringing", fb, UE_B2))
    answer = sdp_session(UE_B2.ip, 50000, sid_b, 1)
    leg.down(2.500, callee_response(inv, 183, "Session Progress", fb, UE_B2, body=answer))
    ok = callee_response(inv, 200, "OK", fb, UE_B2, body=answer)
    leg.down(8.000, ok)
    d.learn(ok)
    leg.up(8.040, d.request("ACK", cseq=inv_cseq(inv)))
    caller_hangs_up(leg, d, 38.000)
    return cap


def flow_session_modify():
    """22. Session modification: re-INVITE changing the codec to EVS, UPDATE
    with SDP; the callee hangs up (BYE toward the caller)."""
    cap = Capture()
    leg = Leg(cap)
    label = "flow_session_modify"
    d = answered_call(leg, label, 0.0)
    sid_a, sid_b = sdp_ids(label)
    modify_session(leg, d, 17.000,
                   sdp_session(UE_A.ip, 40000, sid_a, 2, evs_fmtp="br=13.2-24.4;bw=wb-swb;max-red=0"),
                   sdp_session(UE_B.ip, 50000, sid_b, 2, evs_fmtp="br=13.2-24.4;bw=wb-swb;max-red=0"),
                   answer_delay=0.200)
    modify_session(leg, d, 27.000,
                   sdp_session(UE_A.ip, 40000, sid_a, 3, evs_fmtp="br=13.2;bw=swb;max-red=0"),
                   sdp_session(UE_B.ip, 50000, sid_b, 3, evs_fmtp="br=13.2;bw=swb;max-red=0"),
                   method="UPDATE")
    bye = toward_caller(d, "BYE", 1, UE_B.aor,
                        [PCSCF.via(branch(label, "pcscf", "bye")),
                         UE_B.via(branch(label, "callee", "bye"))],
                        [("P-Asserted-Identity", "<%s>" % UE_B.aor),
                         ("User-Agent", UE_AGENT)])
    leg.down(47.000, bye)
    leg.up(47.040, response(bye, 200, "OK", headers=[("Server", UE_AGENT)]))
    return cap


def flow_mid_call():
    """23. Capture started in the middle of a call: re-INVITE (session
    refresh, To-tag), 200, ACK, BYE, 200; no initial INVITE."""
    cap = Capture()
    leg = Leg(cap)
    label = "flow_mid_call"
    d = Dialog(label, UE_A, UE_B, PCSCF)
    # state learnt from the (not captured) INVITE transaction and one earlier UPDATE
    d.to_tag = token("to-tag", label, length=10)
    d.remote_target = UE_B.contact_uri
    d.cseq = 2
    sid_a, sid_b = sdp_ids(label)
    timer = [("Session-Expires", "1800;refresher=uac")]
    req = reinvite(d, sdp_session(UE_A.ip, 40000, sid_a, 3), timer)
    leg.up(0.000, req)
    ok = response(req, 200, "OK", headers=callee_headers(UE_B, timer + [("Require", "timer")]),
                  body=sdp_session(UE_B.ip, 50000, sid_b, 3))
    leg.down(0.080, ok)
    leg.up(0.120, d.request("ACK", cseq=inv_cseq(req)))
    caller_hangs_up(leg, d, 20.000)
    return cap


def flow_registration_variants():
    """24. Registration outcomes: (a) authentication failure (403), (b)
    success and de-registration with Contact *, (c) 423 Interval Too Brief and
    retry, (d) no response (Timer F)."""
    cap = Capture()
    leg = Leg(cap)
    impi = "001010000000001@" + DOMAIN
    reg_uri = "sip:" + DOMAIN
    pau = "<%s>, <tel:%s>" % (UE_A.aor, UE_A.msisdn)

    def register(label, cseq, expires, auth=None, contact=None):
        h = [("Via", UE_A.via(branch(label, cseq))),
             ("Max-Forwards", "70"),
             ("Route", PCSCF.route),
             ("From", "<%s>;tag=%s" % (UE_A.aor, token("from-tag", label, length=10))),
             ("To", "<%s>" % UE_A.aor),
             ("Call-ID", "%s@%s" % (token("call-id", label, length=24), UE_A.ip)),
             ("CSeq", "%d REGISTER" % cseq),
             ("Contact", contact or UE_A.contact + ";+g.3gpp.smsip;expires=%d" % expires),
             ("Expires", str(expires))]
        if auth:
            h.append(("Authorization", auth))
        h += [("Supported", "path, gruu"), ("Allow", ALLOW),
              ("P-Access-Network-Info", PANI), ("User-Agent", UE_AGENT)]
        return SipMessage("REGISTER %s SIP/2.0" % reg_uri, h)

    def empty_auth():
        return ('Digest username="%s", realm="%s", uri="%s", nonce="", response=""'
                % (impi, DOMAIN, reg_uri))

    def nonce_of(label):
        return base64.b64encode(bytes.fromhex(token("rand", label, length=32)
                                              + token("autn", label, length=32))).decode()

    def aka_auth(label, nc, res):
        nonce, cnonce, ncs = nonce_of(label), token("cnonce", label, length=16), "%08x" % nc
        resp = digest_response(impi, DOMAIN, res, "REGISTER", reg_uri, nonce, ncs, cnonce)
        return ('Digest username="%s", realm="%s", uri="%s", nonce="%s", '
                'response="%s", algorithm=AKAv1-MD5, cnonce="%s", qop=auth, nc=%s'
                % (impi, DOMAIN, reg_uri, nonce, resp, cnonce, ncs))

    def challenge(label, req):
        return net_response(req, 401, "Unauthorized", token("to-tag", label, "401", length=10), [
            ("WWW-Authenticate", 'Digest realm="%s", nonce="%s", algorithm=AKAv1-MD5, '
             'qop="auth"' % (DOMAIN, nonce_of(label)))])

    def ok(label, req, contact_expires=None):
        h = [("Contact", UE_A.contact + ";expires=%d" % contact_expires)] \
            if contact_expires is not None else []
        h += [("P-Associated-URI", pau),
              ("Service-Route", "<sip:orig@scscf.%s;lr>" % DOMAIN),
              ("Path", "<sip:term@%s;lr>" % PCSCF.hostport)]
        return net_response(req, 200, "OK", token("to-tag", label, length=10), h)

    # (a) challenge, then a response the S-CSCF does not accept: 403
    label = "flow_registration_variants/a"
    r = register(label, 1, 600, empty_auth())
    leg.up(0.000, r)
    leg.down(0.150, challenge(label, r))
    wrong_res = bytes.fromhex(token("wrong-res", label, length=16))
    r = register(label, 2, 600, aka_auth(label, 1, wrong_res))
    leg.up(0.300, r)
    leg.down(0.450, net_response(r, 403, "Forbidden", token("to-tag", label, length=10)))

    # (b) challenge, 200 (expires=600), de-registration of all contacts
    label = "flow_registration_variants/b"
    res = bytes.fromhex(token("res", label, length=16))
    r = register(label, 1, 600, empty_auth())
    leg.up(10.000, r)
    leg.down(10.150, challenge(label, r))
    r = register(label, 2, 600, aka_auth(label, 1, res))
    leg.up(10.300, r)
    leg.down(10.450, ok(label, r, 600))
    r = register(label, 3, 0, aka_auth(label, 2, res), contact="*")
    leg.up(310.000, r)
    leg.down(310.120, ok(label, r))

    # (c) early IMS security (no challenge): 423 Min-Expires, retry with 3600
    label = "flow_registration_variants/c"
    r = register(label, 1, 300)
    leg.up(320.000, r)
    leg.down(320.100, net_response(r, 423, "Interval Too Brief",
                                   token("to-tag", label, "423", length=10),
                                   [("Min-Expires", "3600")]))
    r = register(label, 2, 3600)
    leg.up(320.200, r)
    leg.down(320.320, ok(label, r, 3600))

    # (d) no response: Timer E retransmissions (T1 doubling up to T2 = 4 s)
    # until Timer F (64 * T1 = 32 s) expires
    label = "flow_registration_variants/d"
    r = register(label, 1, 600, empty_auth())
    for dt in (0.0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5):
        leg.up(330.000 + dt, r)
    return cap


def network_release(leg, label, t, reason, t_bye):
    """Answered call released by the network: BYE toward the caller sent by
    the P-CSCF at t_bye with a Reason header, 200 from the caller."""
    d = answered_call(leg, label, t)
    bye = toward_caller(d, "BYE", 1, UE_B.aor, [PCSCF.via(branch(label, "pcscf", "bye"))],
                        [("Reason", reason), ("Server", NET_AGENT)])
    leg.down(t_bye, bye)
    leg.up(t_bye + 0.040, response(bye, 200, "OK", headers=[("Server", UE_AGENT)]))


def flow_bye_abnormal():
    """25. Abnormal release by the network: BYE with Reason Q.850 cause 41;
    BYE with Reason RELEASE_CAUSE (TS 24.229 7.2A.18) RTP/RTCP time-out."""
    cap = Capture()
    leg = Leg(cap)
    network_release(leg, "flow_bye_abnormal/1", 0.0,
                    'Q.850;cause=41;text="Temporary failure"', 25.000)
    # media stopped at about t = 67 s; the P-CSCF's RTP/RTCP timer (20 s) expires
    network_release(leg, "flow_bye_abnormal/2", 40.0,
                    'RELEASE_CAUSE;cause=2;text="RTP/RTCP time-out"', 87.000)
    return cap



# --------------------------------------------------------------------------
# dedicated bearers: a video call, a call whose UPDATE never comes,
# and a call with its EPC side (Diameter Rx over TCP, GTPv2-C on S11)
# --------------------------------------------------------------------------


def sdp_av(ip, audio_port, video_port, session_id, version, qos_audio=(), qos_video=()):
    """Audio (AMR-WB) and video (H.264) SDP, each m= line with its own
    precondition attributes."""
    family = "IP6" if ":" in ip else "IP4"
    lines = ["v=0",
             "o=- %d %d IN %s %s" % (session_id, version, family, ip),
             "s=-",
             "c=IN %s %s" % (family, ip),
             "b=AS:1000",
             "t=0 0",
             "m=audio %d RTP/AVP 116 111" % audio_port,
             "b=AS:49",
             "a=rtpmap:116 AMR-WB/16000/1",
             "a=fmtp:116 mode-change-capability=2;max-red=0",
             "a=rtpmap:111 telephone-event/16000",
             "a=fmtp:111 0-15",
             "a=ptime:20"]
    lines += ["a=" + q for q in qos_audio]
    lines += ["a=sendrecv",
              "m=video %d RTP/AVP 98" % video_port,
              "b=AS:960",
              "a=rtpmap:98 H264/90000",
              "a=fmtp:98 profile-level-id=42C01F;packetization-mode=1",
              "a=imageattr:98 send [x=480,y=640] recv [x=480,y=640]"]
    lines += ["a=" + q for q in qos_video]
    lines += ["a=sendrecv"]
    return sdp_lines(lines)


def precondition_a_leg(leg, label, offer, answer_183, update, update_answer, invite_extra=(),
                       until_prack=False):
    """The source document's flow on the UE-A <-> P-CSCF leg with the given
    SDP bodies: INVITE, 100, 183 (reliable), PRACK, 200, UPDATE, 200, 180,
    200, ACK, BYE, 200 at the times of volte_call_precondition.pcap.  With
    until_prack the flow stops after the 200 (PRACK).  Returns (dialog,
    INVITE, the callee's To-tag)."""
    d = Dialog(label, UE_A, UE_B, PCSCF)
    b_tag = token("to-tag", label, length=10)
    inv = d.invite(offer, require="precondition")
    for name, value in invite_extra:
        inv.insert_before("User-Agent", name, value)
    leg.up(0.000, inv)
    leg.down(0.020, response(inv, 100, "Trying"))
    r183 = callee_response(inv, 183, "Session Progress", b_tag, UE_B,
                           [("Require", "100rel, precondition"), ("RSeq", "1")], body=answer_183)
    leg.down(1.210, r183)
    d.learn(r183)
    prack = d.request("PRACK", [("RAck", "1 %d INVITE" % inv_cseq(inv))])
    leg.up(1.260, prack)
    leg.down(1.310, response(prack, 200, "OK", headers=[("Server", UE_AGENT)]))
    if until_prack:
        return d, inv, b_tag
    upd = d.request("UPDATE", [("Require", "precondition")], body=update)
    leg.up(1.700, upd)
    leg.down(1.770, response(upd, 200, "OK", headers=callee_headers(UE_B, [("Require", "precondition")]),
                             body=update_answer))
    leg.down(2.010, callee_response(inv, 180, "Ringing", b_tag, UE_B))
    ok = callee_response(inv, 200, "OK", b_tag, UE_B)
    leg.down(7.010, ok)
    d.learn(ok)
    leg.up(7.050, d.request("ACK", cseq=inv_cseq(inv)))
    return d, inv, b_tag


def volte_video_call():
    """26. Video call with preconditions on both streams (QCI 1 and 2)."""
    cap = Capture()
    leg = Leg(cap)
    label = "volte_video_call"
    sid_a, sid_b = sdp_ids(label)
    a = lambda v, qa, qv: sdp_av(UE_A.ip, 40000, 40002, sid_a, v, qa, qv)
    b = lambda v, qa, qv: sdp_av(UE_B.ip, 50000, 50002, sid_b, v, qa, qv)
    d, _, _ = precondition_a_leg(leg, label, a(1, QOS_OFFER, QOS_OFFER),
                                 b(1, QOS_ANSWER_183, QOS_ANSWER_183),
                                 a(2, QOS_UPDATE, QOS_UPDATE),
                                 b(2, QOS_UPDATE_ANSWER, QOS_UPDATE_ANSWER))
    caller_hangs_up(leg, d, 37.000)
    return cap


def volte_call_no_update():
    """27. Preconditions that are never confirmed: after 183 / PRACK no
    UPDATE comes; the caller gives up with CANCEL after 7 s, 487."""
    cap = Capture()
    leg = Leg(cap)
    label = "volte_call_no_update"
    sid_a, sid_b = sdp_ids(label)
    _, inv, b_tag = precondition_a_leg(leg, label, sdp(UE_A.ip, 40000, sid_a, 1, QOS_OFFER),
                                       sdp(UE_B.ip, 50000, sid_b, 1, QOS_ANSWER_183),
                                       None, None, until_prack=True)
    cancel = cancel_for(inv)
    leg.up(7.000, cancel)
    leg.down(7.030, net_response(cancel, 200, "OK", b_tag))
    terminated = net_response(inv, 487, "Request Terminated", b_tag, agent=UE_AGENT)
    leg.down(7.080, terminated)
    leg.up(7.110, ack_non2xx(inv, terminated))
    return cap


# Diameter (RFC 6733) -------------------------------------------------------

VENDOR_3GPP = 10415
RX_APP = 16777236
PCRF = ("10.0.0.20", 3868)
PCSCF_DIAMETER = ("10.0.0.10", 40868)
SGW_S11 = ("10.0.0.30", 2123)
MME_S11 = ("10.0.0.31", 2123)


def avp(code, data, vendor=None, mandatory=True):
    """One AVP: code, flags, length, optional Vendor-Id, data, padding."""
    if isinstance(data, str):
        data = data.encode()
    flags = (0x80 if vendor else 0) | (0x40 if mandatory else 0)
    header_len = 12 if vendor else 8
    length = header_len + len(data)
    out = struct.pack("!IB", code, flags) + length.to_bytes(3, "big")
    if vendor:
        out += struct.pack("!I", vendor)
    return out + data + b"\0" * (-length % 4)


def avp_u32(code, value, vendor=None, mandatory=True):
    return avp(code, struct.pack("!I", value), vendor, mandatory)


def diameter(cmd, request, app, hbh, e2e, avps):
    body = b"".join(avps)
    flags = (0x80 if request else 0) | 0x40          # R, P
    return (bytes([1]) + (20 + len(body)).to_bytes(3, "big") + bytes([flags]) + cmd.to_bytes(3, "big")
            + struct.pack("!III", app, hbh, e2e) + body)


def rx_common(session, origin, realm, dest_realm):
    return [avp(263, session), avp_u32(258, RX_APP), avp(264, origin), avp(296, realm),
            avp(283, dest_realm)]


# GTPv2-C (TS 29.274) --------------------------------------------------------

def ie(ie_type, data, instance=0):
    return struct.pack("!BHB", ie_type, len(data), instance & 0x0F) + data


def gtpv2(msg_type, teid, seq, ies):
    body = struct.pack("!I", teid) + seq.to_bytes(3, "big") + b"\0" + b"".join(ies)
    return struct.pack("!BBH", 0x48, msg_type, len(body)) + body      # version 2, T flag


def bearer_qos(qci, mbr_kbps, gbr_kbps):
    rate = lambda kbps: kbps.to_bytes(5, "big")
    return ie(80, bytes([0x04 << 2, qci]) + rate(mbr_kbps) * 2 + rate(gbr_kbps) * 2)


def tft_create(remote_ip, local_port, remote_port):
    """TS 24.008 §10.5.6.12: create new TFT with one bidirectional filter:
    remote IPv4 address, UDP, single local port, single remote port."""
    comps = (bytes([0x10]) + ipaddress.IPv4Address(remote_ip).packed + b"\xff" * 4
             + bytes([0x30, 17])
             + bytes([0x40]) + struct.pack("!H", local_port)
             + bytes([0x50]) + struct.pack("!H", remote_port))
    return bytes([0x21, 0x30, 0x00, len(comps)]) + comps


def volte_call_epc(label="volte_call_epc", bearer_lost_at=None):
    """28. The source document's flow on the UE-A leg, with the P-CSCF's
    Rx session (AAR with the icid of P-Charging-Vector, RAR successful
    resources allocation, STR at the BYE) and the S11 side of UE-A's QCI 1
    bearer (GTPv2 Create Bearer Request with a TFT, its response, Delete
    Bearer Request / Response).  With bearer_lost_at, the network deletes
    the bearer at that time, in the middle of the call, before the BYE."""
    cap = Capture()
    leg = Leg(cap)
    sid_a, sid_b = sdp_ids(label)
    icid = "icid-" + token("icid", label, length=16)
    pcv = ("P-Charging-Vector", 'icid-value="%s";icid-generated-at=%s;orig-ioi=%s'
           % (icid, PCSCF.ip, DOMAIN))

    rx = TcpStream(cap, PCSCF_DIAMETER, PCRF, 0x0D1A0001, 0x0D1A8001)
    udp = Udp(cap)
    session = "pcscf.%s;1704067200;1" % DOMAIN
    hbh = iter(range(0x2000, 0x3000))
    pcscf_host, pcscf_realm = "pcscf." + DOMAIN, DOMAIN
    pcrf_host = "pcrf." + DOMAIN

    # the SIP flow, with the EPC messages slotted in by time
    events = []

    class Recorder:
        def up(self, t, msg):
            events.append((t, "up", msg))

        def down(self, t, msg):
            events.append((t, "down", msg))

    rec = Recorder()
    d, inv, _ = precondition_a_leg(rec, label, sdp(UE_A.ip, 40000, sid_a, 1, QOS_OFFER),
                                   sdp(UE_B.ip, 50000, sid_b, 1, QOS_ANSWER_183),
                                   sdp(UE_A.ip, 40000, sid_a, 2, QOS_UPDATE),
                                   sdp(UE_B.ip, 50000, sid_b, 2, QOS_UPDATE_ANSWER),
                                   invite_extra=[pcv])
    bye = d.request("BYE")
    events.append((37.000, "up", bye))
    events.append((37.060, "down", response(bye, 200, "OK", headers=[("Server", UE_AGENT)])))

    def aar(t):
        sub = avp(519, avp_u32(509, 1, VENDOR_3GPP)
                  + avp(507, "permit out 17 from %s 50000 to %s 40000" % (UE_B.ip, UE_A.ip), VENDOR_3GPP)
                  + avp(507, "permit in 17 from %s 40000 to %s 50000" % (UE_A.ip, UE_B.ip), VENDOR_3GPP)
                  + avp_u32(511, 2, VENDOR_3GPP), VENDOR_3GPP)
        mcd = avp(517, avp_u32(518, 1, VENDOR_3GPP) + sub + avp_u32(520, 0, VENDOR_3GPP)
                  + avp_u32(516, 49000, VENDOR_3GPP) + avp_u32(515, 49000, VENDOR_3GPP), VENDOR_3GPP)
        n = next(hbh)
        req = diameter(265, True, RX_APP, n, n, rx_common(session, pcscf_host, pcscf_realm, pcscf_realm) + [
            avp(505, icid, VENDOR_3GPP), mcd,
            avp_u32(513, 8, VENDOR_3GPP),
            avp(443, avp_u32(450, 2) + avp(444, UE_A.aor)),
            avp(8, ipaddress.IPv4Address(UE_A.ip).packed)])
        ans = diameter(265, False, RX_APP, n, n, [avp(263, session), avp_u32(268, 2001), avp(264, pcrf_host),
                                                  avp(296, pcscf_realm), avp_u32(258, RX_APP)])
        return [(t, True, req), (t + 0.002, False, ans)]

    def rar(t):
        n = next(hbh)
        req = diameter(258, True, RX_APP, n, n, [avp(263, session), avp_u32(258, RX_APP), avp(264, pcrf_host),
                                                 avp(296, pcscf_realm), avp(283, pcscf_realm),
                                                 avp(293, pcscf_host), avp_u32(285, 0),
                                                 avp_u32(513, 8, VENDOR_3GPP)])
        ans = diameter(258, False, RX_APP, n, n, [avp(263, session), avp_u32(268, 2001), avp(264, pcscf_host),
                                                  avp(296, pcscf_realm)])
        return [(t, False, req), (t + 0.001, True, ans)]

    def strq(t):
        n = next(hbh)
        req = diameter(275, True, RX_APP, n, n, rx_common(session, pcscf_host, pcscf_realm, pcscf_realm)
                       + [avp_u32(295, 1)])
        ans = diameter(275, False, RX_APP, n, n, [avp(263, session), avp_u32(268, 2001), avp(264, pcrf_host),
                                                  avp(296, pcscf_realm)])
        return [(t, True, req), (t + 0.002, False, ans)]

    mme_teid, sgw_teid = 0x0000A001, 0x0000B001
    cbreq = gtpv2(95, mme_teid, 0x000101, [
        ie(73, bytes([5])),                                           # linked EPS bearer id
        ie(93, ie(73, bytes([0])) + ie(84, tft_create(UE_B.ip, 40000, 50000)) + bearer_qos(1, 51, 49))])
    cbresp = gtpv2(96, sgw_teid, 0x000101, [
        ie(2, bytes([16, 0])), ie(93, ie(73, bytes([6])) + ie(2, bytes([16, 0])))])
    dbreq = gtpv2(99, mme_teid, 0x000102, [ie(73, bytes([6]), instance=1)])
    dbresp = gtpv2(100, sgw_teid, 0x000102, [
        ie(2, bytes([16, 0])), ie(93, ie(73, bytes([6])) + ie(2, bytes([16, 0])))])

    epc = [(1.200, "handshake", None)]
    epc += [(t, "rx", (up, m)) for t, up, m in aar(1.211)]
    epc += [(1.215, "gtp", (SGW_S11, MME_S11, cbreq)), (1.240, "gtp", (MME_S11, SGW_S11, cbresp))]
    epc += [(t, "rx", (up, m)) for t, up, m in rar(1.245)]
    epc += [(t, "rx", (up, m)) for t, up, m in strq(37.001)]
    t_delete = bearer_lost_at if bearer_lost_at is not None else 37.005
    epc += [(t_delete, "gtp", (SGW_S11, MME_S11, dbreq)), (t_delete + 0.025, "gtp", (MME_S11, SGW_S11, dbresp))]

    merged = sorted([(t, 0, i, kind, x) for i, (t, kind, x) in enumerate(events)]
                    + [(t, 1, i, kind, x) for i, (t, kind, x) in enumerate(epc)])
    for t, _, _, kind, x in merged:
        rx.finish(t)                 # the Diameter peers' delayed ACKs that are due first
        if kind == "up":
            leg.up(t, x)
        elif kind == "down":
            leg.down(t, x)
        elif kind == "handshake":
            rx.handshake(t)
        elif kind == "rx":
            rx.send(t, x[0], x[1])
        else:
            udp.send(t, x[0], x[1], x[2])
    rx.finish(38.0)
    return cap


def volte_call_bearer_lost():
    """28b. As 28, but the QCI 1 bearer is deleted at 20 s, before the BYE."""
    return volte_call_epc("volte_call_bearer_lost", bearer_lost_at=20.0)


CAPTURES = {
    "volte_call_precondition.pcap": volte_call_precondition,
    "volte_call_two_legs.pcap": volte_call_two_legs,
    "all_status_codes.pcap": all_status_codes,
    "tcp_two_messages.pcap": tcp_two_messages,
    "tcp_many_messages.pcap": tcp_many_messages,
    "limits.pcap": limits,
    "ipv6_call.pcap": ipv6_call,
    "sctp_call.pcap": sctp_call,
    "malformed.pcap": malformed,
    "retransmission_udp.pcap": retransmission_udp,
    "registration.pcap": registration,
    "two_calls_one_tcp.pcap": two_calls_one_tcp,
    "retransmission_tcp.pcap": retransmission_tcp,
    "flow_busy.pcap": flow_busy,
    "flow_no_answer_timeout.pcap": flow_no_answer_timeout,
    "flow_no_answer_cancel.pcap": flow_no_answer_cancel,
    "flow_forward_busy.pcap": flow_forward_busy,
    "flow_forward_no_answer.pcap": flow_forward_no_answer,
    "flow_hold_resume.pcap": flow_hold_resume,
    "flow_call_waiting.pcap": flow_call_waiting,
    "flow_rejected_failed.pcap": flow_rejected_failed,
    "flow_forking.pcap": flow_forking,
    "flow_session_modify.pcap": flow_session_modify,
    "flow_mid_call.pcap": flow_mid_call,
    "flow_registration_variants.pcap": flow_registration_variants,
    "flow_bye_abnormal.pcap": flow_bye_abnormal,
    "volte_video_call.pcap": volte_video_call,
    "volte_call_no_update.pcap": volte_call_no_update,
    "volte_call_epc.pcap": volte_call_epc,
    "anomaly_bearer_not_confirmed.pcap": volte_call_bearer_lost,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)),
                        help="output folder (default: the script's folder)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, build in CAPTURES.items():
        cap = build()
        cap.write(os.path.join(args.out, name))
        print("%-30s %4d frames" % (name, len(cap.frames)))


if __name__ == "__main__":
    main()
