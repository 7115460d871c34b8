/*
 * fuzz_engine.c - libFuzzer target for the analysis engine and the pure
 * string parsers of include/volte/.
 *
 * The input bytes are decoded into a sequence of volte_sip_message structs
 * that fill every field of include/volte/sip_message.h, SDP included, and of
 * EPC events (epc.h).  They are fed to one fresh engine in order, as the
 * adapter does on the first pass; then the engine is told the capture ended
 * (volte_engine_finish), every result record is read again, as a later
 * display pass does, and the engine is freed.  Every string of a message
 * lives in its own heap block that is freed right after volte_engine_feed()
 * returns, so an engine that keeps a pointer into a message instead of
 * copying is caught by AddressSanitizer as a use after free.  The pure
 * parsers and formatters of include/volte/ run over every string, with
 * buffers of exactly the size they are told.  A GLib critical or warning
 * (a failed g_return_if_fail) counts as a crash.
 *
 * Text records carry the raw bytes of one SIP message, which the parser of
 * sip_parse.h reads from an exact-size heap block (no NUL after it) into an
 * exact-size heap store, so that a read past the text or a write past the
 * store is caught.  The message is parsed three times: with the documented
 * store size (the one fed to the engine), with a store twice as large (the
 * result must be the same: the documented size always suffices) and with a
 * store that is too small (nothing past it is written, what is kept equals
 * the full parse and what is left out is counted in dropped).  Every string
 * must lie inside its store and be valid UTF-8, and every count inside its
 * array.
 *
 * Built three ways (tests/fuzz/CMakeLists.txt, tests/fuzz/run_fuzz.sh):
 * with clang -fsanitize=fuzzer,address,undefined as the fuzzer, and with any
 * C compiler together with fuzz_replay.c, which runs the corpus files.
 *
 * Input format (tests/fuzz/make_corpus.py writes it; version 3):
 *
 *   input    := config record*                 (at most FUZZ_MAX_RECORDS)
 *   config   := u8 c; when c is odd: u16 t1_ms, u32 timer_b_ms, u32 long_setup_ms
 *               (0 means the default, as the preferences do), else the defaults;
 *               when c & 2: max_calls = 1 + ((c >> 2) & 7), a limit small enough
 *               to be reached
 *   record   := u8 type; type < 0xd0: sip, 0xd0..0xdf: text, else epc
 *   sip      := u8 flags, u8 frame_step, u32 time_delta_us (signed),
 *               str method, u32 status,
 *               str call_id, u32 cseq, str cseq_method, str via_branch,
 *               u8 via_count, str from_tag, str to_tag,
 *               str ruri, str from_uri, str to_uri, str pai_uri,
 *               u32 expires, u8 contact_count, str contacts[contact_count],
 *               str require, str supported, u32 rseq, u32 rack_rseq,
 *               u32 rack_cseq, str rack_method,
 *               str alert_info, str history_info, str diversion, str reason,
 *               str session_expires, str min_se, str icid, u32 headers,
 *               [sdp if flags & SDP], u8 dropped, u8 aux
 *   text     := u8 bits (7 same frame), u8 frame_step, u32 time_delta_us (signed),
 *               u16 len, len bytes (fewer when the input ends), u16 small,
 *               u8 aux; the bytes are parsed with volte_sip_parse(), the
 *               too-small store has small % (full store size + 1) bytes
 *   sdp      := str connection, u8 session_attrs, str attr[session_attrs],
 *               u8 media_count, (str line, u8 attrs, str attr[attrs])[media_count],
 *               u8 sdp_dropped
 *   flags    := bit 0 is_request, 1 is_response, 2 has_cseq, 3 has_expires,
 *               4 has_rseq, 5 has_rack, 6 sdp.present, 7 same frame as the
 *               previous record (index + 1); otherwise frame += 1 + frame_step
 *   epc      := u8 kind, u8 frame_step, u32 time_delta_us, u8 bits (0 has_cause,
 *               1 install, 2 remove, 3 release_list, 4 has_ue_id, 5 has_gtp,
 *               7 same frame), u8 qci_count, u8 qci[qci_count], u8 media_types,
 *               u32 actions, u32 cause, str session_id, str icid,
 *               u8 name_count, str names[name_count], u32 ue_id, u32 pdu_session,
 *               u8 id_count, u8 ids[id_count], u32 gtp_seq, u32 gtp_teid,
 *               u8 ops, op[ops], u8 aux
 *   op       := u8 o; o odd: str rule (volte_epc_add_flow, rx_direction = o & 2)
 *               else: str addr, u16 port, u8 prefix (volte_epc_add_endpoint,
 *               role = (o >> 2) % 3)
 *   u8/u16/u32 := little endian; bytes past the end of the input read as 0
 *   str      := 0x00                 NULL
 *             | 0x01..0x7e  bytes    a literal of (tag - 1) bytes
 *             | 0x7f u16 bytes       a literal of u16 bytes
 *             | 0x80..0x9f           the literal decoded (tag & 0x1f) literals
 *                                    ago (a ring of 32), so Call-IDs,
 *                                    branches, tags and icids recur
 *             | 0xa0..0xff           word (tag - 0xa0) of the dictionary below
 *   aux      := buffer sizes for the formatting functions (0..255)
 *
 * Literals are copied and NUL-terminated (an embedded NUL shortens them).
 * Counts are clamped to the array sizes of the headers (contacts to
 * VOLTE_MAX_HEADER_VALUES, m= lines to VOLTE_MAX_SDP_MEDIA, a= lines to
 * VOLTE_MAX_SDP_ATTRS in all, ...), and media attribute ranges are laid out
 * one after the other, as the adapter fills them: the fuzzer explores what
 * the adapter can hand over, not broken structs.
 *
 * The engine grows while this is written: the parts that live in their own
 * module (precondition, call, checks, bearer, anomaly, epc) are used when
 * the build links them (tests/fuzz/CMakeLists.txt and run_fuzz.sh define
 * VOLTE_FUZZ_PARTS_GIVEN and VOLTE_FUZZ_HAVE_<PART> from the engine's
 * sources), or else when their header exists.
 */
#define _POSIX_C_SOURCE 200809L

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "volte/analysis.h"
#include "volte/sip_message.h"
#include "volte/sip_parse.h"
#include "volte/status_catalogue.h"
#include "volte/transaction.h"

/* Which later parts of the engine are linked in: the build says so
 * (VOLTE_FUZZ_PARTS_GIVEN, from the engine library's sources); otherwise
 * they are guessed from the headers present. */
#if !defined(VOLTE_FUZZ_PARTS_GIVEN) && defined(__has_include)
#if __has_include("volte/precondition.h")
#define VOLTE_FUZZ_HAVE_PRECONDITION 1
#endif
#if __has_include("volte/call.h")
#define VOLTE_FUZZ_HAVE_CALL 1
#endif
#if __has_include("volte/checks.h")
#define VOLTE_FUZZ_HAVE_CHECKS 1
#endif
#if __has_include("volte/bearer.h")
#define VOLTE_FUZZ_HAVE_BEARER 1
#endif
#if __has_include("volte/anomaly.h")
#define VOLTE_FUZZ_HAVE_ANOMALY 1
#endif
#if __has_include("volte/epc.h")
#define VOLTE_FUZZ_HAVE_EPC 1
#endif
#endif
#ifdef VOLTE_FUZZ_HAVE_PRECONDITION
#include "volte/precondition.h"
#endif
#ifdef VOLTE_FUZZ_HAVE_CALL
#include "volte/call.h"
#endif
#ifdef VOLTE_FUZZ_HAVE_CHECKS
#include "volte/checks.h"
#endif
#ifdef VOLTE_FUZZ_HAVE_BEARER
#include "volte/bearer.h"
#endif
#ifdef VOLTE_FUZZ_HAVE_ANOMALY
#include "volte/anomaly.h"
#endif
#ifdef VOLTE_FUZZ_HAVE_EPC
#include "volte/epc.h"
#endif
#include <glib.h> /* the engine is plain C + GLib */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_RECORDS 2048
#define FUZZ_RING 32
#define FUZZ_TEXT_FIRST 0xd0 /* record types 0xd0..0xdf: SIP text */
#define FUZZ_EPC_FIRST 0xe0

enum {
    F_REQUEST = 1u << 0,
    F_RESPONSE = 1u << 1,
    F_CSEQ = 1u << 2,
    F_EXPIRES = 1u << 3,
    F_RSEQ = 1u << 4,
    F_RACK = 1u << 5,
    F_SDP = 1u << 6,
    F_SAME_FRAME = 1u << 7
};

/* Words a fuzzer would take long to find; keep in step with make_corpus.py. */
static const char *const dictionary[96] = {
    /* 0xa0 */ "", "INVITE", "ACK", "BYE", "CANCEL", "PRACK", "UPDATE", "REGISTER",
    /* 0xa8 */ "OPTIONS", "INFO", "MESSAGE", "SUBSCRIBE", "NOTIFY", "REFER", "PUBLISH", "invite",
    /* 0xb0 */ "z9hG4bK", "z9hG4bK1", "z9hG4bK2", "z9hG4bK3", "call-1@10.0.0.1", "call-2@10.0.0.1", "a1", "b1",
    /* 0xb8 */ "b2", "100rel", "precondition", "100rel, precondition", "timer", "sec-agree", "+15550100001",
    "+15550100002",
    /* 0xc0 */ "curr:qos local none", "curr:qos remote none", "curr:qos local sendrecv",
    "curr:qos remote sendrecv", "curr:qos e2e send", "curr:qos e2e recv", "des:qos mandatory local sendrecv",
    "des:qos optional remote sendrecv",
    /* 0xc8 */ "des:qos mandatory remote sendrecv", "des:qos none e2e sendrecv", "des:qos failure local send",
    "des:qos unknown remote recv", "conf:qos remote sendrecv", "conf:qos local send", "conf:qos e2e recv",
    "sendrecv",
    /* 0xd0 */ "sendonly", "recvonly", "inactive", "rtpmap:116 AMR-WB/16000/1", "ptime:20", "maxptime:240",
    "audio 49170 RTP/AVP 116 118 111", "video 49172 RTP/AVP 96",
    /* 0xd8 */ "IN IP4 10.0.0.1", "IN IP6 2001:db8::1", "1800;refresher=uac", "90", "Q.850;cause=16",
    "SIP;cause=487;text=\"cancelled\"", "<urn:alert:service:call-waiting>",
    "<sip:+15550100003@ims.example>;index=1",
    /* 0xe0 */ "<sip:+15550100001@10.0.0.1:5060>;expires=3600", "*", "<sip:a@b>;expires=0", "icid-1",
    "CURR:QOS LOCAL NONE", "  curr:qos   local   none  ", "curr:qos local", "curr:qos",
    /* 0xe8 */ "des:qos mandatory", "des:qos mandatory local", "curr:qosx local none", "curr:qos local none x",
    "curr:foo local none", "des:qos  MANDATORY  LOCAL  SENDRECV", "conf:qos", ":",
    /* 0xf0 */ "curr:qos local sendrecv\tx", "des:qos optional e2e send", "curr:qos remote send",
    "curr:qos remote recv", "des:qos mandatory e2e sendrecv", "curr:qos e2e sendrecv", "des:qos none local recv",
    "conf:qos remote recv",
    /* 0xf8 */ "SIP/2.0", "sip:+15550100001@ims.example;user=phone", "tel:+15550100001;phone-context=ims.example",
    "sip:anonymous@anonymous.invalid", "0", "4294967295", "\xff\xfe", "%s%n%x",
};

typedef struct {
    const uint8_t *p;
    size_t         left;
    char          *ring[FUZZ_RING]; /* the last literals, owned */
    unsigned       ring_pos;
} reader;

static uint8_t rd_u8(reader *r)
{
    if (r->left == 0)
        return 0;
    r->left--;
    return *r->p++;
}

/* Sequenced: the operands of | are evaluated in no fixed order. */
static uint16_t rd_u16(reader *r)
{
    uint16_t lo = rd_u8(r);
    uint16_t hi = rd_u8(r);
    return (uint16_t)(lo | hi << 8);
}

static uint32_t rd_u32(reader *r)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)rd_u8(r) << (8 * i);
    return v;
}

static char *dup_bytes(const uint8_t *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    if (n)
        memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

/* The strings of the message being built; freed after it was fed. */
typedef struct {
    char    *items[512];
    unsigned count;
} string_list;

static const char *keep(string_list *l, char *s)
{
    if (l->count == sizeof l->items / sizeof l->items[0]) {
        free(s);
        return NULL;
    }
    l->items[l->count++] = s;
    return s;
}

static void free_strings(string_list *l)
{
    for (unsigned i = 0; i < l->count; i++)
        free(l->items[i]);
    l->count = 0;
}

/* Every string handed to the engine is a fresh heap copy. */
static const char *rd_str(reader *r, string_list *l)
{
    uint8_t tag = rd_u8(r);
    if (tag == 0)
        return NULL;
    if (tag < 0x80) {
        size_t n = tag < 0x7f ? (size_t)tag - 1 : rd_u16(r);
        if (n > r->left)
            n = r->left;
        char *lit = dup_bytes(r->p, n);
        r->p += n;
        r->left -= n;
        unsigned slot = r->ring_pos++ % FUZZ_RING;
        free(r->ring[slot]);
        r->ring[slot] = lit;
        return keep(l, dup_bytes((const uint8_t *)lit, strlen(lit)));
    }
    if (tag < 0xa0) {
        unsigned back = tag & 0x1f;
        if (back >= r->ring_pos || back >= FUZZ_RING)
            return NULL;
        const char *s = r->ring[(r->ring_pos - 1 - back) % FUZZ_RING];
        return keep(l, dup_bytes((const uint8_t *)s, strlen(s)));
    }
    const char *w = dictionary[tag - 0xa0];
    return keep(l, dup_bytes((const uint8_t *)w, strlen(w)));
}

static unsigned clamp(unsigned v, unsigned max)
{
    return v > max ? max : v;
}

static void decode_sdp(reader *r, string_list *l, volte_sdp *sdp)
{
    sdp->present = true;
    sdp->connection = rd_str(r, l);
    unsigned n = clamp(rd_u8(r), VOLTE_MAX_SDP_ATTRS);
    sdp->session_attr_count = n;
    for (unsigned i = 0; i < n; i++)
        sdp->attrs[i] = rd_str(r, l);
    sdp->attr_count = n;
    unsigned media = clamp(rd_u8(r), VOLTE_MAX_SDP_MEDIA);
    for (unsigned m = 0; m < media; m++) {
        volte_sdp_media *md = &sdp->media[m];
        md->line = rd_str(r, l);
        unsigned a = clamp(rd_u8(r), VOLTE_MAX_SDP_ATTRS - sdp->attr_count);
        md->attr_first = sdp->attr_count;
        md->attr_count = a;
        for (unsigned i = 0; i < a; i++)
            sdp->attrs[sdp->attr_count++] = rd_str(r, l);
    }
    sdp->media_count = media;
    sdp->dropped = rd_u8(r);
}

/* One message; returns its aux byte. */
static uint8_t decode_message(reader *r, string_list *l, volte_sip_message *m, uint32_t *frame,
                              unsigned *index, int64_t *time_ns, bool first)
{
    memset(m, 0, sizeof *m);
    uint8_t flags = rd_u8(r);
    uint8_t step = rd_u8(r);
    int32_t delta_us = (int32_t)rd_u32(r);

    if ((flags & F_SAME_FRAME) && !first) {
        (*index)++;
    } else {
        *frame += 1u + step;
        *index = 0;
    }
    *time_ns += (int64_t)delta_us * 1000;
    m->frame = *frame;
    m->index = *index;
    m->time_ns = *time_ns;

    m->is_request = flags & F_REQUEST;
    m->is_response = flags & F_RESPONSE;
    m->method = rd_str(r, l);
    m->status = rd_u32(r);

    m->call_id = rd_str(r, l);
    m->has_cseq = flags & F_CSEQ;
    m->cseq = rd_u32(r);
    m->cseq_method = rd_str(r, l);
    m->via_branch = rd_str(r, l);
    m->via_count = rd_u8(r);
    m->from_tag = rd_str(r, l);
    m->to_tag = rd_str(r, l);

    m->ruri = rd_str(r, l);
    m->from_uri = rd_str(r, l);
    m->to_uri = rd_str(r, l);
    m->pai_uri = rd_str(r, l);

    m->has_expires = flags & F_EXPIRES;
    m->expires = rd_u32(r);
    m->contact_count = clamp(rd_u8(r), VOLTE_MAX_HEADER_VALUES);
    for (unsigned i = 0; i < m->contact_count; i++)
        m->contacts[i] = rd_str(r, l);

    m->require = rd_str(r, l);
    m->supported = rd_str(r, l);
    m->has_rseq = flags & F_RSEQ;
    m->rseq = rd_u32(r);
    m->has_rack = flags & F_RACK;
    m->rack_rseq = rd_u32(r);
    m->rack_cseq = rd_u32(r);
    m->rack_method = rd_str(r, l);

    m->alert_info = rd_str(r, l);
    m->history_info = rd_str(r, l);
    m->diversion = rd_str(r, l);
    m->reason = rd_str(r, l);
    m->session_expires = rd_str(r, l);
    m->min_se = rd_str(r, l);
    m->icid = rd_str(r, l);
    m->headers = rd_u32(r);

    if (flags & F_SDP)
        decode_sdp(r, l, &m->sdp);
    m->dropped = rd_u8(r);
    return rd_u8(r);
}

/* ------------------------------------------------------------------ reading results */

static volatile uint64_t sink;

/* Read every byte of an object: a record freed, moved or cut short early
 * is reported by AddressSanitizer.  Field by field would break each time a
 * header gains a field. */
static void touch_bytes(const void *p, size_t n)
{
    const volatile unsigned char *b = p;
    uint64_t h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * 31 + b[i];
    sink += h;
}

static size_t len_or_0(const char *s)
{
    return s ? strlen(s) : 0;
}

#ifdef VOLTE_FUZZ_HAVE_CALL
static void touch_call(const volte_call *c)
{
    touch_bytes(c, sizeof *c);
    sink += len_or_0(c->call_id) + len_or_0(c->caller) + len_or_0(c->callee);
    sink += len_or_0(volte_call_state_name(c->state)) + len_or_0(volte_outcome_name(c->outcome));
}
#endif

static void touch_info(const volte_msg_info *info, uint8_t aux)
{
    touch_bytes(info, sizeof *info);
    sink += volte_msg_response_to(info) + volte_msg_response_in(info);
    if (info->txn)
        touch_bytes(info->txn, sizeof *info->txn);
#ifdef VOLTE_FUZZ_HAVE_CALL
    if (info->call_rec)
        touch_call(info->call_rec);
    if (info->kpi_mask)
        for (int k = 0; k < VOLTE_KPI_COUNT; k++)
            sink += (uint64_t)volte_msg_kpi(info, (volte_kpi)k);
#endif
#ifdef VOLTE_FUZZ_HAVE_BEARER
    if (info->bearer) {
        volte_bearer_view view;
        volte_msg_bearer(info, &view);
        touch_bytes(&view, sizeof view);
    }
#endif
#ifdef VOLTE_FUZZ_HAVE_ANOMALY
    if (info->anomaly_count)
        touch_bytes(info->anomalies, info->anomaly_count * sizeof info->anomalies[0]);
    for (unsigned i = 0; i < info->anomaly_count; i++) {
        const volte_anomaly *an = &info->anomalies[i];
        const volte_anomaly_def *def = volte_anomaly_lookup((volte_anomaly_id)an->id);
        if (def)
            sink += len_or_0(def->name) + len_or_0(def->text) + len_or_0(def->ref) + len_or_0(def->summary);
        sink += len_or_0(an->text);
        /* the buffer is exactly `size` bytes, so writing past it is reported */
        size_t size = aux ? aux : 1;
        char *out = malloc(size);
        if (!out)
            abort();
        const char *method = info->txn && info->txn->method && info->txn->method[0] ? info->txn->method : NULL;
        sink += strnlen(volte_anomaly_format(an, info->status, method, out, size), size);
        free(out);
    }
#else
    (void)aux;
#endif
}

/* ------------------------------------------------------------------ pure functions */

static void exercise_catalogue(unsigned code)
{
    unsigned cls = volte_status_class(code);
    sink += len_or_0(volte_status_class_name(cls)) + len_or_0(volte_status_class_name_zh(cls));
    sink += len_or_0(volte_status_class_action(cls));
    const volte_status_entry *e = volte_status_lookup(code);
    if (e) {
        sink += strlen(e->name) + strlen(e->meaning) + strlen(e->meaning_zh) + strlen(e->brief);
        sink += strlen(e->brief_zh) + strlen(e->action) + strlen(e->ref) + len_or_0(e->volte_note);
    }
#ifdef VOLTE_FUZZ_HAVE_ANOMALY
    sink += len_or_0(volte_warning_text(code));
#endif
}

/* Every string parser over one string.  len: how many of its bytes the
 * parsers that take a length get, in an exact-size block without NUL. */
static void exercise_string(const char *s, uint8_t aux)
{
    if (!s)
        return;
#ifdef VOLTE_FUZZ_HAVE_CALL
    char *user = volte_uri_user(s);
    if (user) {
        sink += strlen(user);
        g_free(user);
    }
#endif
#ifdef VOLTE_FUZZ_HAVE_PRECONDITION
    volte_qos_attr a;
    if (volte_qos_attr_parse(s, &a)) {
        sink += (unsigned)a.kind + (unsigned)a.strength + (unsigned)a.status + a.direction;
        sink += len_or_0(volte_qos_strength_name(a.strength)) + len_or_0(volte_qos_direction_name(a.direction));
    }
#endif
#ifdef VOLTE_FUZZ_HAVE_BEARER
    uint8_t addr[16], family;
    size_t len = strlen(s);
    if (aux < len)
        len = aux;
    char *exact = malloc(len ? len : 1);
    if (!exact)
        abort();
    memcpy(exact, s, len);
    if (volte_ip_parse(exact, len, addr, &family))
        sink += family + addr[0] + addr[15];
    free(exact);
    if (volte_sdp_connection_addr(s, addr, &family))
        sink += family + addr[0] + addr[15];
#else
    (void)aux;
#endif
}

#ifdef VOLTE_FUZZ_HAVE_PRECONDITION
/* Formatting into a buffer of exactly `size` bytes, so writing past it shows
 * (malloc(0) gives a block any access to which is reported). */
static char *exact_buffer(size_t size)
{
    char *buf = malloc(size);
    if (!buf)
        buf = malloc(1);
    if (!buf)
        abort();
    return buf;
}

static void describe(const volte_qos_table *t, size_t size)
{
    char *buf = exact_buffer(size);
    char *r = volte_qos_describe_current(t, buf, size);
    if (size && r)
        sink += strnlen(r, size);
    r = volte_qos_describe_desired(t, buf, size);
    if (size && r)
        sink += strnlen(r, size);
#ifdef VOLTE_FUZZ_HAVE_BEARER
    for (unsigned st = 0; st < VOLTE_QOS_STATUS_TYPES; st++) {
        sink += len_or_0(volte_qos_segment_current(t, st));
        r = volte_qos_segment_desired(t, st, buf, size);
        if (size && r)
            sink += strnlen(r, size);
    }
#endif
    free(buf);
}

static void exercise_sdp(const volte_sdp *sdp, uint8_t aux)
{
    volte_qos_table t, f;
    /* the session level, each media line, and all attributes at once */
    volte_qos_table_from_attrs(&t, sdp->attrs, sdp->session_attr_count);
    describe(&t, aux);
    for (unsigned m = 0; m < sdp->media_count; m++) {
        const volte_sdp_media *md = &sdp->media[m];
        volte_qos_table_from_attrs(&t, sdp->attrs + md->attr_first, md->attr_count);
        volte_qos_table_flip(&t, &f);
        sink += volte_qos_met(&t) + 2u * volte_qos_has_mandatory(&t) + 4u * volte_qos_met(&f);
        sink += volte_qos_has_mandatory(&f);
        describe(&t, aux);
        describe(&f, 256);
    }
    volte_qos_table_from_attrs(&t, sdp->attrs, sdp->attr_count);
    describe(&t, 256);
    sink += len_or_0(volte_qos_direction_name((uint8_t)(aux & VOLTE_QOS_SENDRECV)));
    sink += len_or_0(volte_qos_strength_name((volte_qos_strength)(aux % (VOLTE_QOS_STRENGTH_UNKNOWN + 1))));
}
#endif

/* The pure parsers over every string and number of one message. */
static void exercise_message(const volte_sip_message *m, uint8_t aux)
{
    exercise_catalogue(m->status);
    exercise_catalogue(m->cseq);
    const char *strings[] = {m->method, m->call_id, m->cseq_method, m->via_branch, m->from_tag, m->to_tag,
                             m->ruri, m->from_uri, m->to_uri, m->pai_uri, m->require, m->supported,
                             m->rack_method, m->alert_info, m->history_info, m->diversion, m->reason,
                             m->session_expires, m->min_se, m->icid, m->authenticate, m->warning,
                             m->sdp.connection};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        exercise_string(strings[i], aux);
    for (unsigned i = 0; i < m->contact_count; i++)
        exercise_string(m->contacts[i], aux);
    for (unsigned i = 0; i < m->sdp.media_count; i++)
        exercise_string(m->sdp.media[i].line, aux);
    for (unsigned i = 0; i < m->sdp.attr_count; i++)
        exercise_string(m->sdp.attrs[i], aux);
#ifdef VOLTE_FUZZ_HAVE_PRECONDITION
    if (m->sdp.present)
        exercise_sdp(&m->sdp, aux);
#endif
}

/* Name tables over their whole range. */
static void exercise_names(void)
{
#ifdef VOLTE_FUZZ_HAVE_CALL
    for (int s = 0; s < VOLTE_STATE_COUNT; s++)
        sink += len_or_0(volte_call_state_name((volte_call_state)s));
    for (int o = 0; o < VOLTE_OUTCOME_COUNT; o++)
        sink += len_or_0(volte_outcome_name((volte_outcome)o));
    for (int f = 0; f < VOLTE_FLOW_COUNT; f++)
        sink += len_or_0(volte_flow_name((volte_flow)f));
    for (int k = 0; k < VOLTE_KPI_COUNT; k++)
        sink += len_or_0(volte_kpi_name((volte_kpi)k));
#endif
#ifdef VOLTE_FUZZ_HAVE_BEARER
    for (int s = VOLTE_BEARER_NONE; s <= VOLTE_BEARER_RELEASED; s++)
        sink += len_or_0(volte_bearer_state_name((volte_bearer_state)s));
    for (int e = VOLTE_EVIDENCE_NONE; e <= VOLTE_EVIDENCE_EPC; e++)
        sink += len_or_0(volte_bearer_evidence_name((volte_bearer_evidence)e));
#endif
#ifdef VOLTE_FUZZ_HAVE_EPC
    for (int k = 0; k < VOLTE_EPC_KIND_COUNT; k++)
        sink += len_or_0(volte_epc_kind_name((volte_epc_kind)k));
    for (int mt = VOLTE_EPC_MATCH_NONE; mt <= VOLTE_EPC_MATCH_TIME; mt++)
        sink += len_or_0(volte_epc_match_name((volte_epc_match)mt));
#endif
#ifdef VOLTE_FUZZ_HAVE_ANOMALY
    size_t count = 0;
    const volte_anomaly_def *defs = volte_anomaly_catalogue(&count);
    for (size_t i = 0; i < count; i++)
        sink += len_or_0(defs[i].name) + len_or_0(defs[i].text);
#endif
}

/* ------------------------------------------------------------------ SIP text */

#define TEXT_FIXED_STRINGS 23
#define TEXT_MAX_STRINGS (TEXT_FIXED_STRINGS + VOLTE_MAX_HEADER_VALUES + VOLTE_MAX_SDP_MEDIA + VOLTE_MAX_SDP_ATTRS)

/* The string fields of a parsed message: the single ones first, in a fixed
 * order, then the contacts, m= lines and a= lines. */
static size_t message_strings(const volte_sip_message *m, const char **out)
{
    const char *fixed[TEXT_FIXED_STRINGS] = {
        m->method, m->call_id, m->cseq_method, m->via_branch, m->from_tag, m->to_tag, m->ruri, m->from_uri,
        m->to_uri, m->pai_uri, m->require, m->supported, m->rack_method, m->alert_info, m->history_info,
        m->diversion, m->reason, m->session_expires, m->min_se, m->icid, m->authenticate, m->warning,
        m->sdp.connection};
    size_t n = 0;
    for (size_t i = 0; i < TEXT_FIXED_STRINGS; i++)
        out[n++] = fixed[i];
    for (unsigned i = 0; i < m->contact_count; i++)
        out[n++] = m->contacts[i];
    for (unsigned i = 0; i < m->sdp.media_count; i++)
        out[n++] = m->sdp.media[i].line;
    for (unsigned i = 0; i < m->sdp.attr_count; i++)
        out[n++] = m->sdp.attrs[i];
    return n;
}

/* What volte_sip_parse() promises about one result; abort() otherwise. */
static void check_parsed(const volte_sip_message *m, const char *store, size_t size)
{
    if (m->contact_count > VOLTE_MAX_HEADER_VALUES || m->sdp.media_count > VOLTE_MAX_SDP_MEDIA ||
        m->sdp.attr_count > VOLTE_MAX_SDP_ATTRS || m->sdp.session_attr_count > m->sdp.attr_count)
        abort();
    unsigned next = m->sdp.session_attr_count; /* media attributes follow each other */
    for (unsigned i = 0; i < m->sdp.media_count; i++) {
        if (m->sdp.media[i].attr_first != next || m->sdp.media[i].attr_count > m->sdp.attr_count - next)
            abort();
        next += m->sdp.media[i].attr_count;
    }
    if (next != m->sdp.attr_count || (m->is_request && m->is_response) || m->is_request != (m->method != NULL) ||
        m->status > 999 || (!m->is_response && m->status))
        abort();
    const char *s[TEXT_MAX_STRINGS];
    size_t n = message_strings(m, s);
    for (size_t i = 0; i < n; i++) {
        if (i >= TEXT_FIXED_STRINGS && !s[i])
            abort(); /* counted array entries are set */
        if (!s[i])
            continue;
        if (size == 0)
            abort(); /* no store, no strings */
        if (s[i] < store || s[i] >= store + size || !memchr(s[i], '\0', (size_t)(store + size - s[i])))
            abort();
        if (!g_utf8_validate(s[i], -1, NULL))
            abort();
        sink += strlen(s[i]);
    }
}

static bool same_string(const char *a, const char *b)
{
    return (!a || !b) ? a == b : strcmp(a, b) == 0;
}

/* `part` was parsed from the same text as `full` with a smaller store (or
 * the same result is expected when `exact`): the numbers are the same, each
 * string is left out or equal, and what is left out is counted. */
static void compare_parsed(const volte_sip_message *part, const volte_sip_message *full, bool exact)
{
    if (part->is_response != full->is_response || part->status != full->status ||
        part->has_cseq != full->has_cseq || part->cseq != full->cseq || part->via_count != full->via_count ||
        part->has_expires != full->has_expires || part->expires != full->expires ||
        part->has_rseq != full->has_rseq || part->rseq != full->rseq || part->has_rack != full->has_rack ||
        part->rack_rseq != full->rack_rseq || part->rack_cseq != full->rack_cseq ||
        part->headers != full->headers || part->sdp.present != full->sdp.present ||
        part->dropped < full->dropped || part->sdp.dropped < full->sdp.dropped)
        abort();
    const char *a[TEXT_MAX_STRINGS], *b[TEXT_MAX_STRINGS];
    message_strings(part, a);
    message_strings(full, b);
    bool missing = part->contact_count != full->contact_count || part->sdp.media_count != full->sdp.media_count ||
                   part->sdp.attr_count != full->sdp.attr_count ||
                   part->sdp.session_attr_count != full->sdp.session_attr_count;
    for (size_t i = 0; i < TEXT_FIXED_STRINGS; i++) {
        if (a[i] && !same_string(a[i], b[i]))
            abort();
        missing |= !a[i] && b[i];
    }
    /* the arrays keep message order; with a store too small an entry can
     * only be missing, never another value */
    for (unsigned i = 0; i < part->contact_count && i < full->contact_count; i++)
        if (!missing && !same_string(part->contacts[i], full->contacts[i]))
            abort();
    for (unsigned i = 0; i < part->sdp.media_count && i < full->sdp.media_count; i++)
        if (!missing && !same_string(part->sdp.media[i].line, full->sdp.media[i].line))
            abort();
    if (!missing)
        for (unsigned i = 0; i < part->sdp.attr_count; i++)
            if (!same_string(part->sdp.attrs[i], full->sdp.attrs[i]))
                abort();
    if (exact && (missing || part->dropped != full->dropped || part->sdp.dropped != full->sdp.dropped))
        abort(); /* VOLTE_SIP_STORE_SIZE did not suffice */
    if (missing && part->dropped == full->dropped && part->sdp.dropped == full->sdp.dropped)
        abort(); /* a value left out and not counted */
}

static char *exact_block(size_t size)
{
    char *p = malloc(size ? size : 1);
    if (!p)
        abort();
    return p;
}

/* The blocks of one text record, freed after the message was fed. */
typedef struct {
    char *text;
    char *store;
} text_blocks;

/* One text record: parse it the three ways (see the top of the file) and
 * leave the full parse in *m; returns its aux byte. */
static uint8_t decode_text(reader *r, volte_sip_message *m, text_blocks *blocks, uint32_t *frame,
                           unsigned *index, int64_t *time_ns, bool first)
{
    static volte_sip_message other;
    uint8_t bits = rd_u8(r);
    uint8_t step = rd_u8(r);
    int32_t delta_us = (int32_t)rd_u32(r);
    size_t len = rd_u16(r);
    if (len > r->left)
        len = r->left;
    char *text = exact_block(len); /* no NUL after it */
    if (len)
        memcpy(text, r->p, len);
    r->p += len;
    r->left -= len;
    uint16_t small = rd_u16(r);
    uint8_t aux = rd_u8(r);

    if ((bits & 0x80) && !first) {
        (*index)++;
    } else {
        *frame += 1u + step;
        *index = 0;
    }
    *time_ns += (int64_t)delta_us * 1000;

    size_t size = VOLTE_SIP_STORE_SIZE(len);
    char *store = exact_block(size);
    memset(m, 0, sizeof *m);
    m->frame = *frame;
    m->index = *index;
    m->time_ns = *time_ns;
    volte_sip_parse(text, len, m, store, size);
    if (m->frame != *frame || m->index != *index || m->time_ns != *time_ns)
        abort(); /* the parser writes only what the text defines */
    check_parsed(m, store, size);

    /* twice the documented size: the same result */
    char *big = exact_block(2 * size);
    memset(&other, 0, sizeof other);
    volte_sip_parse(text, len, &other, big, 2 * size);
    check_parsed(&other, big, 2 * size);
    compare_parsed(&other, m, true);
    free(big);

    /* a store too small (or none) */
    size_t less = small % (size + 1);
    char *tiny = less ? exact_block(less) : NULL;
    memset(&other, 0, sizeof other);
    volte_sip_parse(text, len, &other, tiny, less);
    check_parsed(&other, tiny, less);
    compare_parsed(&other, m, false);
    free(tiny);

    blocks->text = text;
    blocks->store = store;
    return aux;
}

/* ------------------------------------------------------------------ EPC events */

#ifdef VOLTE_FUZZ_HAVE_EPC
static void decode_epc(reader *r, string_list *l, volte_epc_event *ev, uint32_t *frame, unsigned *index,
                       int64_t *time_ns, bool first)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = (volte_epc_kind)(rd_u8(r) % VOLTE_EPC_KIND_COUNT);
    uint8_t step = rd_u8(r);
    int32_t delta_us = (int32_t)rd_u32(r);
    uint8_t bits = rd_u8(r);
    if ((bits & 0x80) && !first) {
        (*index)++;
    } else {
        *frame += 1u + step;
        *index = 0;
    }
    *time_ns += (int64_t)delta_us * 1000;
    ev->frame = *frame;
    ev->time_ns = *time_ns;
    ev->has_cause = bits & 1;
    ev->install = bits & 2;
    ev->remove = bits & 4;
    ev->release_list = bits & 8;
    ev->has_ue_id = bits & 16;
    ev->has_gtp = bits & 32;
    ev->qci_count = clamp(rd_u8(r), VOLTE_EPC_MAX_QCI);
    for (unsigned i = 0; i < ev->qci_count; i++)
        ev->qci[i] = rd_u8(r);
    ev->media_types = rd_u8(r);
    ev->actions = rd_u32(r);
    ev->cause = rd_u32(r);
    ev->session_id = rd_str(r, l);
    ev->icid = rd_str(r, l);
    ev->name_count = clamp(rd_u8(r), VOLTE_EPC_MAX_NAMES);
    for (unsigned i = 0; i < ev->name_count; i++)
        ev->names[i] = rd_str(r, l);
    ev->ue_id = rd_u32(r);
    ev->pdu_session = rd_u32(r);
    ev->id_count = clamp(rd_u8(r), VOLTE_EPC_MAX_IDS);
    for (unsigned i = 0; i < ev->id_count; i++)
        ev->ids[i] = rd_u8(r);
    ev->gtp_seq = rd_u32(r);
    ev->gtp_teid = rd_u32(r);
    /* the addresses go in through the parsers the adapter uses */
    unsigned ops = clamp(rd_u8(r), VOLTE_EPC_MAX_ENDPOINTS + 4);
    for (unsigned i = 0; i < ops; i++) {
        uint8_t o = rd_u8(r);
        if (o & 1) {
            const char *rule = rd_str(r, l);
            if (rule)
                sink += volte_epc_add_flow(ev, rule, o & 2);
        } else {
            const char *addr = rd_str(r, l);
            uint16_t port = rd_u16(r);
            uint8_t prefix = rd_u8(r);
            sink += volte_epc_add_endpoint(ev, addr, port, (volte_epc_role)((o >> 2) % 3), prefix);
        }
    }
    if (ev->endpoint_count > VOLTE_EPC_MAX_ENDPOINTS)
        abort(); /* the parsers must not append past the array */
}

/* Link the event to one of the engine's calls, as the adapter does. */
static void feed_epc(volte_engine *engine, volte_epc_tracker *tracker, const volte_epc_event *ev)
{
    static volte_call *calls[FUZZ_MAX_RECORDS];
    unsigned n = volte_engine_call_count(engine);
    if (n > FUZZ_MAX_RECORDS)
        n = FUZZ_MAX_RECORDS;
    for (unsigned i = 0; i < n; i++)
        calls[i] = volte_engine_call_mut(engine, i + 1);
    volte_epc_result res;
    if (volte_epc_apply(tracker, calls, n, ev, &res))
        touch_bytes(&res, sizeof res);
    sink += (unsigned)volte_epc_effect(ev);
}
#endif

/* ------------------------------------------------------------------ the target */

/* VOLTE_FUZZ_DUMP=1 prints each decoded message, to triage an input. */
static void dump(const volte_sip_message *m, const volte_msg_info *info)
{
#define S(x) ((x) ? (x) : "(null)")
    fprintf(stderr,
            "frame %u.%u t=%lld %s%s method=%s status=%u call_id=%.40s cseq=%s%u %s branch=%.40s vias=%u "
            "from_tag=%.20s to_tag=%.20s rseq=%s%u rack=%s%u/%u/%s contacts=%u sdp=%s media=%u attrs=%u "
            "-> call %u msg %u problems 0x%x retrans=%d response_to=%u\n",
            m->frame, m->index, (long long)m->time_ns, m->is_request ? "REQ" : "", m->is_response ? "RESP" : "",
            S(m->method), m->status, S(m->call_id), m->has_cseq ? "" : "(none)", m->cseq, S(m->cseq_method),
            S(m->via_branch), m->via_count, S(m->from_tag), S(m->to_tag), m->has_rseq ? "" : "(none)", m->rseq,
            m->has_rack ? "" : "(none)", m->rack_rseq, m->rack_cseq, S(m->rack_method), m->contact_count,
            m->sdp.present ? "yes" : "no", m->sdp.media_count, m->sdp.attr_count, volte_msg_call(info), info->msg_in_call,
            info->problems, info->retransmission, volte_msg_response_to(info));
#undef S
}

/* A GLib critical or warning (a g_return_if_fail() that failed, e.g. NULL
 * passed to g_strlcpy) is an engine bug: make it a crash, with its stack. */
static void fatal_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
    (void)data;
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) {
        fprintf(stderr, "fuzz_engine: GLib %s from %s: %s\n",
                (level & G_LOG_LEVEL_WARNING) ? "warning" : "critical", domain ? domain : "(engine)", message);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int dumping = -1;
    static string_list strings; /* static: too big for a small stack */
    static const volte_msg_info *infos[FUZZ_MAX_RECORDS];
    static uint8_t auxes[FUZZ_MAX_RECORDS];
    static volte_sip_message msg;
    reader r = {.p = data, .left = size};
    unsigned n = 0, records = 0;
    uint32_t frame = 0;
    unsigned index = 0;
    int64_t time_ns = 1704067200LL * 1000000000LL;

    if (dumping < 0) {
        dumping = getenv("VOLTE_FUZZ_DUMP") != NULL;
        g_log_set_default_handler(fatal_log, NULL);
    }

    volte_engine *engine = volte_engine_new();
    uint8_t c = rd_u8(&r);
#ifdef VOLTE_FUZZ_HAVE_CHECKS
    volte_check_config config;
    volte_check_config_default(&config);
    if (c & 1) {
        /* as volte_expert_config() turns the preferences into a config */
        uint32_t t1 = rd_u16(&r);
        uint32_t timer_b = rd_u32(&r);
        config.t1_ms = t1 ? t1 : 500;
        config.timer_b_ms = timer_b ? timer_b : 64 * config.t1_ms;
        config.long_setup_ms = rd_u32(&r);
    }
    if (c & 2)
        config.max_calls = 1 + ((c >> 2) & 7u);
    if (c & 3)
        volte_engine_set_config(engine, &config);
#else
    (void)c;
#endif
#ifdef VOLTE_FUZZ_HAVE_EPC
    volte_epc_tracker *tracker = volte_epc_tracker_new();
    static volte_epc_event ev;
#endif

    while (r.left > 0 && records < FUZZ_MAX_RECORDS) {
        uint8_t type = rd_u8(&r);
        bool first = records++ == 0;
        if (type >= FUZZ_TEXT_FIRST && type < FUZZ_EPC_FIRST) {
            text_blocks blocks;
            uint8_t aux = decode_text(&r, &msg, &blocks, &frame, &index, &time_ns, first);
            const volte_msg_info *info = volte_engine_feed(engine, &msg);
            if (!info)
                abort();
            if (dumping)
                dump(&msg, info);
            exercise_message(&msg, aux);
            /* the engine must have copied what it keeps */
            free(blocks.store);
            free(blocks.text);
            touch_info(info, aux);
            auxes[n] = aux;
            infos[n++] = info;
            continue;
        }
        if (type >= FUZZ_EPC_FIRST) {
#ifdef VOLTE_FUZZ_HAVE_EPC
            decode_epc(&r, &strings, &ev, &frame, &index, &time_ns, first);
            uint8_t aux = rd_u8(&r);
            for (unsigned i = 0; i < ev.name_count; i++)
                exercise_string(ev.names[i], aux);
            exercise_string(ev.session_id, aux);
            exercise_string(ev.icid, aux);
            feed_epc(engine, tracker, &ev);
            free_strings(&strings);
#endif
            continue;
        }
        uint8_t aux = decode_message(&r, &strings, &msg, &frame, &index, &time_ns, first);
        const volte_msg_info *info = volte_engine_feed(engine, &msg);
        if (!info)
            abort(); /* the engine returns a record for every message */
        if (dumping)
            dump(&msg, info);
        exercise_message(&msg, aux);
        free_strings(&strings); /* the engine must have copied what it keeps */
        touch_info(info, aux);
        auxes[n] = aux;
        infos[n++] = info;
    }
#ifdef VOLTE_FUZZ_HAVE_CHECKS
    /* the end of the capture, as the adapter's second pass starts */
    volte_engine_finish(engine);
    volte_engine_finish(engine); /* idempotent */
#endif
    /* a later pass reads the records again, with what was learnt since */
    for (unsigned i = 0; i < n; i++)
        touch_info(infos[i], auxes[i]);
    sink += volte_engine_message_count(engine) + volte_engine_call_count(engine);
#ifdef VOLTE_FUZZ_HAVE_CALL
    /* the calls as known at the end of the capture, and numbers around them */
    for (unsigned k = 0; k <= volte_engine_call_count(engine) + 1; k++) {
        const volte_call *call = volte_engine_call(engine, k);
        if (call)
            touch_call(call);
    }
#endif
    exercise_names();
#ifdef VOLTE_FUZZ_HAVE_EPC
    volte_epc_tracker_free(tracker);
#endif
    volte_engine_free(engine);
    for (unsigned i = 0; i < FUZZ_RING; i++)
        free(r.ring[i]);
    return 0;
}
