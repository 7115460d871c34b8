#!/usr/bin/env python3
"""Seed corpus for tests/fuzz/fuzz_engine.c.

Writes one input file per call (Call-ID) of each capture, plus one file per
capture holding all of its messages in capture order, plus a few
hand-written seeds for the hostile shapes (forks, CSeq/RSeq at 2^32-1,
responses before requests, long strings, SDP at the array limits).  The
SIP messages are taken from tshark's JSON output (the text of each
message) and parsed here, so one frame with several messages gives several
messages, as the plugin's adapter sees them.

Each capture also gives one file of text records: the raw bytes of its
SIP messages (tshark -x), which the fuzz target parses with the engine's
own SIP parser (sip_parse.h), up to TEXT_SEED_BYTES per file.  Hand-written
text seeds cover the malformed shapes (broken start lines, folding, compact
names, NUL bytes, invalid UTF-8, multipart bodies, cut messages).

    python3 tests/fuzz/make_corpus.py                      # captures/*.pcap -> tests/fuzz/corpus/
    python3 tests/fuzz/make_corpus.py --out DIR CAPTURE... # other captures, elsewhere

Only the project's own captures go into tests/fuzz/corpus/ (it is
committed); seeds made from ../shared/captures must be written outside
the repository (run_fuzz.sh --shared does that into the build folder).

The input format is described at the top of fuzz_engine.c; Encoder below
writes it and must stay in step with the decoder there.
"""

import argparse
import hashlib
import json
import os
import re
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

MAX_HEADER_VALUES = 16
MAX_SDP_MEDIA = 16
MAX_SDP_ATTRS = 96
RING = 32
TEXT_SEED_BYTES = 24000   # below run_fuzz.sh -max_len

F_REQUEST, F_RESPONSE, F_CSEQ, F_EXPIRES, F_RSEQ, F_RACK, F_SDP, F_SAME_FRAME = (1 << i for i in range(8))

# header presence flags (sip_message.h VOLTE_HDR_*)
HDR_FLAGS = {
    "www-authenticate": 1 << 0, "proxy-authenticate": 1 << 1, "authorization": 1 << 2,
    "proxy-authorization": 1 << 2, "allow": 1 << 3, "unsupported": 1 << 4, "min-expires": 1 << 5,
    "contact": 1 << 6, "retry-after": 1 << 7, "min-se": 1 << 8, "session-expires": 1 << 9,
    "warning": 1 << 10,
}

# must equal `dictionary` in fuzz_engine.c (tag 0xa0 + index)
DICTIONARY = [
    "", "INVITE", "ACK", "BYE", "CANCEL", "PRACK", "UPDATE", "REGISTER",
    "OPTIONS", "INFO", "MESSAGE", "SUBSCRIBE", "NOTIFY", "REFER", "PUBLISH", "invite",
    "z9hG4bK", "z9hG4bK1", "z9hG4bK2", "z9hG4bK3", "call-1@10.0.0.1", "call-2@10.0.0.1", "a1", "b1",
    "b2", "100rel", "precondition", "100rel, precondition", "timer", "sec-agree", "+15550100001",
    "+15550100002",
    "curr:qos local none", "curr:qos remote none", "curr:qos local sendrecv",
    "curr:qos remote sendrecv", "curr:qos e2e send", "curr:qos e2e recv", "des:qos mandatory local sendrecv",
    "des:qos optional remote sendrecv",
    "des:qos mandatory remote sendrecv", "des:qos none e2e sendrecv", "des:qos failure local send",
    "des:qos unknown remote recv", "conf:qos remote sendrecv", "conf:qos local send", "conf:qos e2e recv",
    "sendrecv",
    "sendonly", "recvonly", "inactive", "rtpmap:116 AMR-WB/16000/1", "ptime:20", "maxptime:240",
    "audio 49170 RTP/AVP 116 118 111", "video 49172 RTP/AVP 96",
    "IN IP4 10.0.0.1", "IN IP6 2001:db8::1", "1800;refresher=uac", "90", "Q.850;cause=16",
    "SIP;cause=487;text=\"cancelled\"", "<urn:alert:service:call-waiting>",
    "<sip:+15550100003@ims.example>;index=1",
    "<sip:+15550100001@10.0.0.1:5060>;expires=3600", "*", "<sip:a@b>;expires=0", "icid-1",
    "CURR:QOS LOCAL NONE", "  curr:qos   local   none  ", "curr:qos local", "curr:qos",
    "des:qos mandatory", "des:qos mandatory local", "curr:qosx local none", "curr:qos local none x",
    "curr:foo local none", "des:qos  MANDATORY  LOCAL  SENDRECV", "conf:qos", ":",
    "curr:qos local sendrecv\tx", "des:qos optional e2e send", "curr:qos remote send",
    "curr:qos remote recv", "des:qos mandatory e2e sendrecv", "curr:qos e2e sendrecv", "des:qos none local recv",
    "conf:qos remote recv",
    "SIP/2.0", "sip:+15550100001@ims.example;user=phone", "tel:+15550100001;phone-context=ims.example",
    "sip:anonymous@anonymous.invalid", "0", "4294967295", "\udcff\udcfe", "%s%n%x",
]
assert len(DICTIONARY) == 96


def _b(s):
    return s.encode("utf-8", "surrogateescape")


class Encoder:
    """Writes messages in the fuzz input format (see fuzz_engine.c)."""

    def __init__(self, config=None, call_limit=None):
        self.out = bytearray()
        # call_limit: 1..8 calls tracked (volte.max_calls), None for the default
        limit = (2 | ((call_limit - 1) & 7) << 2) if call_limit else 0
        if config:      # (t1_ms, timer_b_ms, long_setup_ms); 0 = default
            self.u8(1 | limit)
            self.out += struct.pack("<HII", *config)
        else:
            self.u8(limit)
        self.ring = []           # literals in decode order, newest last
        self.dict = {_b(w): i for i, w in enumerate(DICTIONARY)}
        self.frame = 0
        self.records = 0
        self.time_us = None

    def u8(self, v):
        self.out.append(v & 0xFF)

    def u32(self, v):
        self.out += struct.pack("<I", v & 0xFFFFFFFF)

    def str(self, s):
        if s is None:
            self.u8(0)
            return
        b = _b(s) if isinstance(s, str) else bytes(s)
        b = b.split(b"\0", 1)[0]
        for back, old in enumerate(reversed(self.ring[-RING:])):
            if old == b:
                self.u8(0x80 | back)
                return
        if b in self.dict:
            self.u8(0xA0 + self.dict[b])
            return
        if len(b) > 0xFFFF:
            b = b[:0xFFFF]
        if len(b) < 0x7E:
            self.u8(len(b) + 1)
        else:
            self.u8(0x7F)
            self.out += struct.pack("<H", len(b))
        self.out += b
        self.ring.append(b)

    def message(self, m):
        """m: dict with the keys of volte_sip_message (see parse_sip) plus
        frame, time_us; missing keys are NULL / 0 / false."""
        flags = 0
        for key, bit in (("is_request", F_REQUEST), ("is_response", F_RESPONSE), ("has_cseq", F_CSEQ),
                         ("has_expires", F_EXPIRES), ("has_rseq", F_RSEQ), ("has_rack", F_RACK)):
            if m.get(key):
                flags |= bit
        if m.get("sdp") is not None:
            flags |= F_SDP
        self.u8(0)  # record type: SIP message
        same, step, delta = self._frame_time(m)  # 100 ms apart unless told
        if same:
            flags |= F_SAME_FRAME
        self.u8(flags)
        self.u8(step)
        self.u32(delta)
        self.str(m.get("method"))
        self.u32(m.get("status", 0))
        self.str(m.get("call_id"))
        self.u32(m.get("cseq", 0))
        self.str(m.get("cseq_method"))
        self.str(m.get("via_branch"))
        self.u8(min(255, m.get("via_count", 0)))
        self.str(m.get("from_tag"))
        self.str(m.get("to_tag"))
        for k in ("ruri", "from_uri", "to_uri", "pai_uri"):
            self.str(m.get(k))
        self.u32(m.get("expires", 0))
        contacts = m.get("contacts", [])[:MAX_HEADER_VALUES]
        self.u8(len(contacts))
        for c in contacts:
            self.str(c)
        self.str(m.get("require"))
        self.str(m.get("supported"))
        self.u32(m.get("rseq", 0))
        self.u32(m.get("rack_rseq", 0))
        self.u32(m.get("rack_cseq", 0))
        self.str(m.get("rack_method"))
        for k in ("alert_info", "history_info", "diversion", "reason", "session_expires", "min_se", "icid"):
            self.str(m.get(k))
        self.u32(m.get("headers", 0))
        sdp = m.get("sdp")
        if sdp is not None:
            self.str(sdp.get("connection"))
            attrs = sdp.get("session_attrs", [])[:MAX_SDP_ATTRS]
            self.u8(len(attrs))
            for a in attrs:
                self.str(a)
            room = MAX_SDP_ATTRS - len(attrs)
            media = sdp.get("media", [])[:MAX_SDP_MEDIA]
            self.u8(len(media))
            for line, mattrs in media:
                self.str(line)
                mattrs = mattrs[:min(room, 255)]
                room -= len(mattrs)
                self.u8(len(mattrs))
                for a in mattrs:
                    self.str(a)
            self.u8(min(255, sdp.get("dropped", 0)))
        self.u8(min(255, m.get("dropped", 0)))
        self.u8(m.get("aux", len(self.out) & 0xFF))

    def text(self, raw, frame=None, time_us=None, small=None, aux=None):
        """One SIP message as raw bytes, parsed by the fuzz target with
        volte_sip_parse(); small is the size of the too-small store (taken
        modulo the full size + 1), by default a third of the text."""
        raw = bytes(raw)[:0xFFFF]
        m = {}
        if frame is not None:
            m["frame"] = frame
        if time_us is not None:
            m["time_us"] = time_us
        self.u8(0xD0)  # record type: SIP text
        same, step, delta = self._frame_time(m)
        self.u8(0x80 if same else 0)
        self.u8(step)
        self.u32(delta)
        self.out += struct.pack("<H", len(raw))
        self.out += raw
        self.out += struct.pack("<H", (len(raw) // 3 if small is None else small) & 0xFFFF)
        self.u8(len(self.out) & 0xFF if aux is None else aux)

    def _frame_time(self, m):
        frame = m.get("frame", self.frame + 1)
        same = frame == self.frame and self.records > 0
        self.records += 1
        step = 0 if same else max(0, min(255, frame - self.frame - 1))
        if not same:
            self.frame += 1 + step
        t = m.get("time_us", (self.time_us or 0) + 100_000)
        delta = 0 if self.time_us is None else max(-(1 << 31), min((1 << 31) - 1, t - self.time_us))
        self.time_us = t if self.time_us is None else self.time_us + delta
        return same, step, delta

    def epc(self, e):
        """One EPC event (epc.h): kind is the volte_epc_kind number; endpoints
        are ("flow", rule, rx) or ("addr", text, port, role, prefix)."""
        self.u8(0xE0)  # record type: EPC event
        self.u8(e["kind"])
        same, step, delta = self._frame_time(e)
        self.u8(step)
        self.u32(delta)
        bits = 0
        for i, key in enumerate(("has_cause", "install", "remove", "release_list", "has_ue_id", "has_gtp")):
            if e.get(key):
                bits |= 1 << i
        self.u8(bits | (0x80 if same else 0))
        qci = e.get("qci", [])[:8]
        self.u8(len(qci))
        for q in qci:
            self.u8(q)
        self.u8(e.get("media_types", 0))
        self.u32(e.get("actions", 0))
        self.u32(e.get("cause", 0))
        self.str(e.get("session_id"))
        self.str(e.get("icid"))
        names = e.get("names", [])[:4]
        self.u8(len(names))
        for n in names:
            self.str(n)
        self.u32(e.get("ue_id", 0))
        self.u32(e.get("pdu_session", 0))
        ids = e.get("ids", [])[:8]
        self.u8(len(ids))
        for i in ids:
            self.u8(i)
        self.u32(e.get("gtp_seq", 0))
        self.u32(e.get("gtp_teid", 0))
        ops = e.get("endpoints", [])[:20]
        self.u8(len(ops))
        for op in ops:
            if op[0] == "flow":
                self.u8(1 | (2 if op[2] else 0))
                self.str(op[1])
            else:
                _, addr, port, role, prefix = op
                self.u8((role % 3) << 2)
                self.str(addr)
                self.out += struct.pack("<H", port)
                self.u8(prefix)
        self.u8(e.get("aux", len(self.out) & 0xFF))

    def bytes(self):
        return bytes(self.out)


# --------------------------------------------------------------------------
# SIP text -> message dict
# --------------------------------------------------------------------------

COMPACT = {"v": "via", "i": "call-id", "f": "from", "t": "to", "m": "contact", "l": "content-length",
           "c": "content-type", "k": "supported", "x": "session-expires", "e": "content-encoding",
           "s": "subject", "o": "event", "u": "allow-events"}


def split_values(value):
    """Split a header value at commas outside <>, quotes and parentheses."""
    out, depth, quote, cur = [], 0, False, []
    for ch in value:
        if ch == '"':
            quote = not quote
        elif not quote and ch == "<":
            depth += 1
        elif not quote and ch == ">":
            depth = max(0, depth - 1)
        if ch == "," and not quote and depth == 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur).strip())
    return [v for v in out if v]


def uri_of(value):
    """The URI of a name-addr or addr-spec header value, as written."""
    if value is None:
        return None
    m = re.search(r"<([^>]*)>", value)
    if m:
        return m.group(1)
    return value.split(";", 1)[0].strip() or None


def tag_of(value):
    tail = value.rsplit(">", 1)[-1] if ">" in value else value
    m = re.search(r";\s*tag\s*=\s*([^;,\s]+)", tail, re.I)
    return m.group(1) if m else None


def to_u32(text):
    try:
        return int(text) & 0xFFFFFFFF, True
    except (TypeError, ValueError):
        return 0, False


def parse_sdp(body):
    sdp = {"connection": None, "session_attrs": [], "media": [], "dropped": 0}
    cur = None
    for line in body.replace("\r\n", "\n").split("\n"):
        if len(line) < 2 or line[1] != "=":
            continue
        k, v = line[0], line[2:]
        if k == "m":
            cur = [v, []]
            sdp["media"].append(cur)
        elif k == "a":
            (cur[1] if cur else sdp["session_attrs"]).append(v)
        elif k == "c" and cur is None and sdp["connection"] is None:
            sdp["connection"] = v
    total = len(sdp["session_attrs"]) + sum(len(a) for _, a in sdp["media"])
    sdp["dropped"] = max(0, len(sdp["media"]) - MAX_SDP_MEDIA) + max(0, total - MAX_SDP_ATTRS)
    return sdp


def parse_sip(text):
    """The text of one SIP message -> dict of volte_sip_message fields."""
    head, _, body = text.partition("\r\n\r\n")
    if not _:
        head, _, body = text.partition("\n\n")
    lines = head.replace("\r\n", "\n").split("\n")
    m = {}
    first = lines[0] if lines else ""
    parts = first.split(" ", 2)
    if first.startswith("SIP/2.0 ") and len(parts) >= 2 and parts[1].isdigit():
        m["is_response"] = True
        m["status"] = int(parts[1])
    elif len(parts) == 3 and parts[2].startswith("SIP/"):
        m["is_request"] = True
        m["method"] = parts[0]
        m["ruri"] = parts[1]
    headers = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:
            headers[-1][1] += " " + line.strip()
        elif ":" in line:
            name, value = line.split(":", 1)
            name = name.strip().lower()
            headers.append([COMPACT.get(name, name), value.strip()])
    vals = {}
    for name, value in headers:
        vals.setdefault(name, []).append(value)
    first_of = lambda n: vals[n][0] if n in vals else None
    joined = lambda n: ", ".join(vals[n]) if n in vals else None

    m["call_id"] = first_of("call-id")
    cseq = first_of("cseq")
    if cseq:
        p = cseq.split()
        if p:
            m["cseq"], m["has_cseq"] = to_u32(p[0])
        if len(p) > 1:
            m["cseq_method"] = p[1]
    vias = [v for h in vals.get("via", []) for v in split_values(h)]
    m["via_count"] = len(vias)
    if vias:
        b = re.search(r";\s*branch\s*=\s*([^;,\s]+)", vias[0], re.I)
        m["via_branch"] = b.group(1) if b else None
    if "from" in vals:
        m["from_tag"] = tag_of(vals["from"][0])
        m["from_uri"] = uri_of(vals["from"][0])
    if "to" in vals:
        m["to_tag"] = tag_of(vals["to"][0])
        m["to_uri"] = uri_of(vals["to"][0])
    if "p-asserted-identity" in vals:
        m["pai_uri"] = uri_of(split_values(vals["p-asserted-identity"][0])[0])
    if "expires" in vals:
        m["expires"], m["has_expires"] = to_u32(vals["expires"][0])
    contacts = [c for h in vals.get("contact", []) for c in split_values(h)]
    m["contacts"] = contacts
    dropped = max(0, len(contacts) - MAX_HEADER_VALUES)
    m["require"] = joined("require")
    m["supported"] = joined("supported")
    if "rseq" in vals:
        m["rseq"], m["has_rseq"] = to_u32(vals["rseq"][0])
    if "rack" in vals:
        p = vals["rack"][0].split()
        if len(p) >= 3:
            m["rack_rseq"], ok1 = to_u32(p[0])
            m["rack_cseq"], ok2 = to_u32(p[1])
            m["rack_method"] = p[2]
            m["has_rack"] = ok1 and ok2
    m["alert_info"] = joined("alert-info")
    m["history_info"] = joined("history-info")
    m["diversion"] = joined("diversion")
    m["reason"] = joined("reason")
    m["session_expires"] = first_of("session-expires")
    m["min_se"] = first_of("min-se")
    pcv = first_of("p-charging-vector")
    if pcv:
        i = re.search(r"icid-value\s*=\s*\"?([^;\"\s]+)", pcv, re.I)
        m["icid"] = i.group(1) if i else None
    flags = 0
    for name in vals:
        flags |= HDR_FLAGS.get(name, 0)
    m["headers"] = flags
    length = first_of("content-length")
    n, ok = to_u32(length.strip() if length else None)
    if ok:
        body = body[:n]
    ctype = (first_of("content-type") or "").lower()
    if body.strip() and ("sdp" in ctype or body.lstrip().startswith("v=0")):
        m["sdp"] = parse_sdp(body)
    m["dropped"] = dropped
    return m


# --------------------------------------------------------------------------
# captures -> seeds
# --------------------------------------------------------------------------

def messages_of(capture, extra_opts=()):
    cmd = ["tshark", "-r", capture, "-Y", "sip", "-T", "json", "--no-duplicate-keys", "-j", "frame sip",
           "-o", "esp.enable_null_encryption_decode_heuristic:TRUE"] + list(extra_opts)
    env = dict(os.environ, HOME=os.environ.get("VOLTE_CORPUS_HOME", "/nonexistent"))
    res = subprocess.run(cmd, capture_output=True, env=env, check=False)
    if res.returncode != 0 or not res.stdout.strip():
        return []
    packets = json.loads(res.stdout.decode("utf-8", "surrogateescape"))
    out = []
    for p in packets:
        layers = p["_source"]["layers"]
        frame = int(layers["frame"]["frame.number"])
        t_us = int(round(float(layers["frame"]["frame.time_epoch"]) * 1e6))
        sips = layers.get("sip")
        for s in (sips if isinstance(sips, list) else [sips]):
            if not isinstance(s, dict):
                continue
            start = s.get("sip.Request-Line") or s.get("sip.Status-Line") or ""
            text = start + "\r\n" + s.get("sip.msg_hdr", "")
            m = parse_sip(text)
            m["frame"], m["time_us"] = frame, t_us
            out.append(m)
    return out


def raw_messages_of(capture):
    """The bytes of every SIP message of a capture, with frame and time."""
    cmd = ["tshark", "-r", capture, "-Y", "sip", "-T", "json", "-x", "--no-duplicate-keys", "-j", "frame sip",
           "-o", "esp.enable_null_encryption_decode_heuristic:TRUE"]
    env = dict(os.environ, HOME=os.environ.get("VOLTE_CORPUS_HOME", "/nonexistent"))
    res = subprocess.run(cmd, capture_output=True, env=env, check=False)
    if res.returncode != 0 or not res.stdout.strip():
        return []
    out = []
    for p in json.loads(res.stdout.decode("utf-8", "surrogateescape")):
        layers = p["_source"]["layers"]
        raw = layers.get("sip_raw")
        if not raw:
            continue
        frame = int(layers["frame"]["frame.number"])
        t_us = int(round(float(layers["frame"]["frame.time_epoch"]) * 1e6))
        # one message: [hex, offset, length, bitmask, type]; several: a list of those
        for r in (raw if isinstance(raw[0], list) else [raw]):
            try:
                out.append((bytes.fromhex(r[0]), frame, t_us))
            except (TypeError, ValueError, IndexError):
                continue
    return out


def text_seed(messages, limit=TEXT_SEED_BYTES):
    """Text records of the messages, as many as fit in `limit` bytes."""
    e = Encoder()
    for raw, frame, t_us in messages:
        if len(e.out) + len(raw) + 12 > limit and e.records:
            break
        e.text(raw, frame, t_us)
    return e.bytes()


def encode_with(msgs, config):
    e = Encoder(config)
    for m in msgs:
        e.message(m)
    return e.bytes()


def encode(msgs):
    e = Encoder()
    for m in msgs:
        e.message(m)
    return e.bytes()


def write_seed(out_dir, data, written):
    name = hashlib.sha1(data).hexdigest()[:16]
    if name in written:
        return
    written.add(name)
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(data)


def seeds_from_capture(path, out_dir, written):
    msgs = messages_of(path)
    if not msgs:
        return 0
    before = len(written)
    raw = raw_messages_of(path)
    if raw:
        write_seed(out_dir, text_seed(raw), written)
    write_seed(out_dir, encode(msgs), written)
    calls = {}
    for m in msgs:
        calls.setdefault(m.get("call_id"), []).append(m)
    for cid, cm in calls.items():
        write_seed(out_dir, encode(cm), written)
    return len(written) - before


# --------------------------------------------------------------------------
# hand-written seeds
# --------------------------------------------------------------------------

A_URI = "sip:+15550100001@ims.mnc001.mcc001.3gppnetwork.org"
B_URI = "sip:+15550100002@ims.mnc001.mcc001.3gppnetwork.org"


def req(method, cid, cseq, branch, **kw):
    m = dict(is_request=True, method=method, call_id=cid, has_cseq=True, cseq=cseq, cseq_method=method,
             via_branch=branch, via_count=1, from_tag="a1", from_uri=A_URI, to_uri=B_URI,
             ruri=B_URI + ";user=phone")
    m.update(kw)
    return m


def resp(status, method, cid, cseq, branch, to_tag=None, **kw):
    m = dict(is_response=True, status=status, call_id=cid, has_cseq=True, cseq=cseq, cseq_method=method,
             via_branch=branch, via_count=1, from_tag="a1", to_tag=to_tag, from_uri=A_URI, to_uri=B_URI)
    m.update(kw)
    return m


def sdp_of(*qos, media=1, attrs_each=None):
    return {"connection": "IN IP4 10.0.0.1", "session_attrs": [],
            "media": [["audio %d RTP/AVP 116" % (49170 + 2 * i), list(attrs_each or qos)] for i in range(media)]}


def hand_seeds():
    M = 0xFFFFFFFF
    seeds = {}
    c = "call-1@10.0.0.1"
    offer = sdp_of("curr:qos local none", "curr:qos remote none", "des:qos mandatory local sendrecv",
                   "des:qos optional remote sendrecv")
    answer = sdp_of("curr:qos local none", "curr:qos remote none", "des:qos mandatory local sendrecv",
                    "des:qos mandatory remote sendrecv", "conf:qos remote sendrecv")
    seeds["precondition_call"] = [
        req("INVITE", c, 1, "z9hG4bK1", sdp=offer, supported="100rel, precondition", require="precondition",
            contacts=["<sip:+15550100001@10.0.0.1:5060>"], headers=1 << 6),
        resp(100, "INVITE", c, 1, "z9hG4bK1"),
        resp(183, "INVITE", c, 1, "z9hG4bK1", "b1", has_rseq=True, rseq=1, require="100rel, precondition",
             sdp=answer),
        req("PRACK", c, 2, "z9hG4bK2", to_tag="b1", has_rack=True, rack_rseq=1, rack_cseq=1,
            rack_method="INVITE"),
        resp(200, "PRACK", c, 2, "z9hG4bK2", "b1"),
        req("UPDATE", c, 3, "z9hG4bK3", to_tag="b1", sdp=sdp_of("curr:qos local sendrecv", "curr:qos remote none",
                                                                "des:qos mandatory local sendrecv",
                                                                "des:qos mandatory remote sendrecv")),
        resp(200, "UPDATE", c, 3, "z9hG4bK3", "b1", sdp=sdp_of("curr:qos local sendrecv",
                                                                "curr:qos remote sendrecv")),
        resp(180, "INVITE", c, 1, "z9hG4bK1", "b1", alert_info="<urn:alert:service:call-waiting>"),
        resp(200, "INVITE", c, 1, "z9hG4bK1", "b1", session_expires="1800;refresher=uac", min_se="90"),
        req("ACK", c, 1, "z9hG4bK4", to_tag="b1"),
        req("BYE", c, 4, "z9hG4bK5", to_tag="b1", reason="Q.850;cause=16"),
        resp(200, "BYE", c, 4, "z9hG4bK5", "b1"),
    ]
    seeds["forks"] = [req("INVITE", c, 1, "z9hG4bK1")] + [
        resp(180, "INVITE", c, 1, "z9hG4bK1", "fork%d" % i) for i in range(40)] + [
        resp(200, "INVITE", c, 1, "z9hG4bK1", "fork%d" % i) for i in range(3)]
    seqmax = [req("INVITE", c, M, "z9hG4bK1", sdp=offer),
              resp(183, "INVITE", c, M, "z9hG4bK1", "b1", has_rseq=True, rseq=M),
              req("PRACK", c, 0, "z9hG4bK2", to_tag="b1", has_rack=True, rack_rseq=M, rack_cseq=M,
                  rack_method="INVITE"),
              resp(200, "PRACK", c, 0, "z9hG4bK2", "b1"),
              resp(183, "INVITE", c, M, "z9hG4bK1", "b1", has_rseq=True, rseq=0),
              req("PRACK", c, 1, "z9hG4bK3", to_tag="b1", has_rack=True, rack_rseq=0, rack_cseq=M,
                  rack_method="INVITE"),
              resp(200, "INVITE", c, M, "z9hG4bK1", "b1"),
              req("BYE", c, M, "z9hG4bK4", to_tag="b1"), resp(200, "BYE", c, M, "z9hG4bK4", "b1"),
              resp(M, "BYE", c, M, "z9hG4bK4", "b1"), resp(0, "BYE", c, M, "z9hG4bK4", "b1")]
    seeds["seq_max"] = seqmax
    flow = seeds["precondition_call"]
    # every response before its request, and a time that goes backwards
    reordered = []
    group = []
    for m in flow:
        if m.get("is_request") and group:
            reordered += group[1:] + group[:1]
            group = []
        group.append(m)
    reordered += group[1:] + group[:1]
    seeds["responses_first"] = [dict(m, time_us=10_000_000 - i * 1000) for i, m in enumerate(reordered)]
    long_s = "x" * 3000
    seeds["long_strings"] = [req("INVITE", "C" * 4000, 1, "z9hG4bK" + "b" * 2000, from_tag=long_s,
                                 ruri="sip:" + "9" * 500 + "@x", pai_uri="tel:" + "8" * 2000,
                                 require=", ".join(["precondition"] * 300)),
                             resp(200, "INVITE", "C" * 4000, 1, "z9hG4bK" + "b" * 2000, "t" * 3000)]
    seeds["sdp_limits"] = [req("INVITE", c, 1, "z9hG4bK1",
                               sdp=sdp_of(media=16, attrs_each=["curr:qos local none", "des:qos mandatory local "
                                                                "sendrecv", "conf:qos remote sendrecv",
                                                                "curr:qos e2e send", "des:qos optional e2e recv",
                                                                "sendrecv", "x"])),
                           resp(183, "INVITE", c, 1, "z9hG4bK1", "b1",
                                sdp=dict(sdp_of(media=16, attrs_each=["curr:qos remote sendrecv"] * 6),
                                         session_attrs=["des:qos mandatory e2e sendrecv"] * 5, dropped=900))]
    seeds["registration"] = [
        req("REGISTER", "reg-1", 1, "z9hG4bKr1", has_expires=True, expires=600000,
            ruri="sip:ims.mnc001.mcc001.3gppnetwork.org", to_uri=A_URI,
            contacts=["<sip:+15550100001@10.0.0.1:5060>;expires=600000"], headers=(1 << 2) | (1 << 6)),
        resp(401, "REGISTER", "reg-1", 1, "z9hG4bKr1", "r1", headers=1 << 0),
        req("REGISTER", "reg-1", 2, "z9hG4bKr2", has_expires=True, expires=600000, headers=1 << 2),
        resp(200, "REGISTER", "reg-1", 2, "z9hG4bKr2", "r2",
             contacts=["<sip:+15550100001@10.0.0.1:5060>;expires=%d" % i for i in range(16)]),
        req("REGISTER", "reg-1", 3, "z9hG4bKr3", has_expires=True, expires=0, contacts=["*"]),
        resp(200, "REGISTER", "reg-1", 3, "z9hG4bKr3", "r3"),
    ]
    seeds["junk"] = [{"frame": 1}, dict(is_request=True, is_response=True, status=999, method="INVITE"),
                     dict(is_response=True, status=42, call_id=""), dict(is_request=True, method="INVITE",
                                                                         call_id=c, cseq_method="BYE",
                                                                         has_cseq=True),
                     dict(is_request=True, method="OPTIONS", call_id=c, has_cseq=True, cseq=5)]
    # requests without a method (the first crash the fuzzer found, in checks.c)
    nomethod = dict(is_request=True, call_id="c1", has_cseq=True, cseq=5, from_tag="a", via_branch="z9hG4bKx")
    seeds["null_method_requests"] = [req("INVITE", "c1", 1, "z9hG4bK1"), nomethod,
                                     dict(nomethod, via_branch="z9hG4bKy")]
    # several messages in one frame (TCP), and a cancelled call
    same = [dict(m, frame=7) for m in flow[:4]]
    seeds["same_frame_cancel"] = same + [
        req("CANCEL", c, 1, "z9hG4bK1", frame=8), resp(200, "CANCEL", c, 1, "z9hG4bK1", "b1", frame=9),
        resp(487, "INVITE", c, 1, "z9hG4bK1", "b1", frame=9), req("ACK", c, 1, "z9hG4bK1", to_tag="b1",
                                                                   frame=10)]
    # the core network's side of the precondition call: Rx, Gx, GTPv2, S1AP
    icid = "icid-1"
    with_icid = [dict(m, icid=icid) for m in flow]
    epc = [
        {"kind": 1, "session_id": "pcscf;1;1", "icid": icid, "media_types": 1, "actions": 1 << 8,
         "endpoints": [("flow", "permit out 17 from 10.0.0.2 50000 to 10.0.0.1 40000", True),
                       ("flow", "permit in 17 from 10.0.0.1 40000 to 10.0.0.2 50000", True),
                       ("flow", "permit out 17 from any to assigned", True)]},
        {"kind": 5, "install": True, "names": ["rule-audio-1"], "qci": [1],
         "endpoints": [("addr", "10.0.0.1", 40000, 1, 32), ("addr", "2001:db8::2", 50000, 2, 64)]},
        {"kind": 6, "has_gtp": True, "gtp_seq": 77, "gtp_teid": 0x1000, "qci": [1], "ids": [5],
         "endpoints": [("addr", "10.0.0.1", 40000, 1, 0), ("addr", None, 50000, 2, 0)]},
        {"kind": 7, "has_gtp": True, "gtp_seq": 77, "has_cause": True, "cause": 16, "ids": [5]},
        {"kind": 10, "has_ue_id": True, "ue_id": 9, "ids": [5], "qci": [1, 1, 9]},
        {"kind": 11, "has_ue_id": True, "ue_id": 9, "ids": [5]},
        {"kind": 1, "session_id": "pcscf;1;1", "actions": (1 << 8) | (1 << 2)},
        {"kind": 3, "session_id": "pcscf;1;1"},
    ]
    seeds["epc"] = (with_icid[:3], epc[:6], with_icid[3:11], epc[6:], with_icid[11:])
    return seeds


def text_seeds():
    """Hand-written SIP texts: the shapes the parser must survive."""
    sdp = ("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\na=sendrecv\r\n"
           "m=audio 49170 RTP/AVP 116\r\na=rtpmap:116 AMR-WB/16000/1\r\na=curr:qos local none\r\n"
           "a=curr:qos remote none\r\na=des:qos mandatory local sendrecv\r\n"
           "a=des:qos optional remote sendrecv\r\n").encode()
    head = ("INVITE sip:+15550100002@ims.example;user=phone SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKt1, SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKt0\r\n"
            "Via: SIP/2.0/UDP 10.0.0.8;branch=z9hG4bKtx\r\n"
            "From: \"A \\\"x\\\" <,;>\" <sip:+15550100001@ims.example;tag=no>;p=\"1;tag=no\";tag=a1\r\n"
            "To: tel:+15550100002;tag=b0\r\n"
            "Call-ID: text-1@10.0.0.1\r\n"
            "CSeq: 4294967295 INVITE\r\n"
            "P-Asserted-Identity: <tel:+15550100001>, <sip:a@b>\r\n"
            "Contact: <sip:a@10.0.0.1>;expires=600000\r\nm: *\r\n"
            "Require: 100rel,\r\n precondition\r\nk: timer\r\nSupported: sec-agree\r\n"
            "RSeq: 4294967296\r\nRAck: 1 4294967295 INVITE\r\nExpires: 0\r\n"
            "WWW-Authenticate: Digest realm=\"a\"\r\nProxy-Authenticate: Digest realm=\"b\"\r\n"
            "P-Charging-Vector: orig-ioi=x;icid-value=\"icid-1\"\r\n"
            "Session-Expires: 1800;refresher=uac\r\nMin-SE: 90\r\nReason: Q.850;cause=16\r\n"
            "Warning: 399 h \"t\"\r\nAllow: INVITE\r\nRetry-After: 5\r\nUnsupported: x\r\n").encode()
    full = head + b"Content-Type: application/sdp; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(sdp) + sdp
    many = b"v=0\r\n" + b"".join(b"a=s%d\r\n" % i for i in range(100)) + b"".join(
        b"m=audio %d RTP/AVP 0\r\na=curr:qos local none\r\n" % i for i in range(20))
    mp = (b"--b1\r\nContent-Type: application/vnd.3gpp.ussd+xml\r\n\r\na=no\r\n"
          b"--b1\r\nContent-Type: application/sdp\r\n\r\n" + sdp + b"--b1--\r\n")
    qmp = mp.replace(b"--b1", b"--b 2")
    seeds = {
        "text_full": [full],
        "text_call": [
            full,
            b"SIP/2.0 183 Session Progress\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKt1\r\n"
            b"f: <sip:+15550100001@ims.example>;tag=a1\r\nt: <sip:b@x>;tag=b1\r\ni: text-1@10.0.0.1\r\n"
            b"CSeq: 4294967295 INVITE\r\nRequire: 100rel\r\nRSeq: 1\r\nc: application/sdp\r\nl: %d\r\n\r\n"
            % len(sdp) + sdp,
            b"PRACK sip:b@x SIP/2.0\r\nv: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKt2\r\nf: <sip:a@x>;tag=a1\r\n"
            b"t: <sip:b@x>;tag=b1\r\ni: text-1@10.0.0.1\r\nCSeq: 0 PRACK\r\nRAck: 1 4294967295 INVITE\r\n\r\n",
        ],
        "text_limits": [
            head + b"Content-Type: application/sdp\r\n\r\n" + many,
            b"REGISTER sip:ims.example SIP/2.0\r\n" + b"".join(b"Contact: <sip:c%d@x>\r\n" % i for i in range(20))
            + b"".join(b"Via: SIP/2.0/UDP h%d;branch=z9hG4bK%d\r\n" % (i, i) for i in range(20)) + b"\r\n",
        ],
        "text_multipart": [
            b"INVITE sip:b@x SIP/2.0\r\nContent-Type: multipart/mixed;boundary=b1\r\n\r\n" + mp,
            b"INVITE sip:b@x SIP/2.0\r\nContent-Type: multipart/mixed; boundary=\"b 2\"\r\n\r\n" + qmp,
            b"INVITE sip:b@x SIP/2.0\r\nContent-Type: multipart/mixed\r\n\r\n" + mp,
            b"INVITE sip:b@x SIP/2.0\r\nContent-Type: multipart/mixed;boundary=b1\r\n\r\n" + mp[:-9],
        ],
        "text_malformed": [
            b"SIP/2.0 2OO OK\r\nCall-ID: x\r\n\r\n",
            b"SIP/2.0 2000 OK\r\n\r\n",
            b"INVITE  sip:b@x SIP/2.0\r\n\r\n",
            b"INV\0ITE sip:b@x SIP/2.0\r\nCall-ID: a\0b\r\nCa\0ll-ID: c\r\n\0\r\nCSeq: 1\0 BYE\r\n\r\n",
            b"",
            b"\r\n\r\n",
            b"SIP/2.0 200 OK",
            b"SIP/2.0 200 OK\r\nCall-ID: no-blank-line\r\nContent-Type: application/sdp\r\nv=0",
            b"SIP/2.0 200 OK\r\nno colon\r\n continued\r\n: empty name\r\nCall-ID:\r\n\r\n",
            b"BYE sip:b@x SIP/2.0\r\nCall-ID: bad\xff\xc3\r\nFrom: \"J\xc3\xbcrgen \xed\xa0\x80\" <sip:j@x>;tag=\xf4\x90\x80\x80\r\n"
            b"To: <sip:open@x;tag=1\r\nWarning: \xc0\xaf\xe2\x82\r\n\r\n",
            b"INVITE sip:b@x SIP/2.0\nCall-ID: lf\nRequire: a,\n\tb\nContent-Type: APPLICATION/SDP\nContent-Length: 9999\n\n"
            b"v=0\nc=IN IP4 1.2.3.4\nm=audio 1 RTP/AVP 0\na=x\n",
            b"INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\nContent-Length: 12\r\n\r\n" + sdp,
            b"SIP/2.0 401 Unauthorized\r\n" + b"WWW-Authenticate: w\r\nProxy-Authenticate: p\r\n" * 10 + b"\r\n",
            b"SIP/2.0 200 OK\r\nP-Charging-Vector: icid-value=\"a;b\";x=y\r\nCSeq: 4294967296 BYE\r\n"
            b"RAck: 5\r\nExpires: Thu, 01 Dec 1994 16:00:00 GMT\r\n\r\n",
        ],
    }
    return seeds


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("captures", nargs="*", help="default: captures/*.pcap of the project")
    p.add_argument("--out", default=os.path.join(HERE, "corpus"))
    p.add_argument("--no-hand", action="store_true", help="leave out the hand-written seeds")
    p.add_argument("--clean", action="store_true", help="empty the output folder first")
    args = p.parse_args()

    captures = args.captures or sorted(
        os.path.join(ROOT, "captures", f) for f in os.listdir(os.path.join(ROOT, "captures"))
        if f.endswith(".pcap"))
    os.makedirs(args.out, exist_ok=True)
    if args.clean:
        for f in os.listdir(args.out):
            os.unlink(os.path.join(args.out, f))
    written = set(os.listdir(args.out))
    total = 0
    for cap in captures:
        n = seeds_from_capture(cap, args.out, written)
        total += n
        print("%s: %d seeds" % (os.path.basename(cap), n), file=sys.stderr)
    if not args.no_hand:
        for name, msgs in sorted(hand_seeds().items()):
            if isinstance(msgs, tuple):         # alternating SIP and EPC parts
                e = Encoder()
                for i, part in enumerate(msgs):
                    for rec in part:
                        (e.epc if i % 2 else e.message)(rec)
                data = e.bytes()
            else:
                data = encode(msgs)
            write_seed(args.out, data, written)
            total += 1
        # a non-default configuration of the checks (short timers)
        write_seed(args.out, encode_with(hand_seeds()["precondition_call"], (1, 2, 3)), written)
        for name, texts in sorted(text_seeds().items()):
            e = Encoder()
            for i, t in enumerate(texts):
                # the too-small store: none, a few bytes, about half
                e.text(t, small=(0, 7, len(t))[i % 3])
            write_seed(args.out, e.bytes(), written)
            total += 1
        # every message of the text seeds with a call limit of 1: Call-IDs
        # beyond it get call_limit and no call state
        e = Encoder(call_limit=1)
        for name, texts in sorted(text_seeds().items()):
            for t in texts:
                e.text(t)
        write_seed(args.out, e.bytes(), written)
        # text records and the field records in one input
        e = Encoder()
        e.text(text_seeds()["text_full"][0])
        for m in hand_seeds()["precondition_call"][1:4]:
            e.message(m)
        e.text(text_seeds()["text_call"][2], small=60)
        write_seed(args.out, e.bytes(), written)
    print("%d seeds in %s" % (len(os.listdir(args.out)), args.out))


if __name__ == "__main__":
    main()
