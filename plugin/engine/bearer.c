/*
 * bearer.c - dedicated bearers and QoS preconditions of a call.
 *
 * volte_bearer_on_message() is called for every SIP message of an INVITE
 * call (retransmissions included, which change nothing).  It keeps, in the
 * call's volte_bearer_track:
 *
 * - the precondition table of each media kind in the caller's view (local =
 *   MO, remote = MT), merged from every SDP offer and answer: the sender's
 *   own segment is replaced by what it writes, the other segment can only
 *   gain directions (the sender learns it second hand and may lag), desired
 *   strengths take the latest value written;
 * - each side's bearer per media kind, moved by the rules of docs/bearer.md
 *   (the call flow of the source document, the SDP current status, and --
 *   through volte_bearer_apply_epc() -- EPC signalling).
 *
 * Who sent an SDP: a request whose From-tag is the caller's (that of the
 * initial INVITE) was sent by the caller; a response by the other side of
 * its request's sender, i.e. a response whose From-tag is the caller's comes
 * from the callee.
 *
 * Per-message cost: no allocation, loops bounded by the limits of
 * sip_message.h, every input pointer may be NULL.
 */
#include "volte/bearer.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "volte/sip_message.h"
#include "volte/text.h"
#include "volte/transaction.h"

/* ---------------------------------------------------------------- helpers */

static unsigned rank(volte_bearer_state s)
{
    return s == VOLTE_BEARER_REQUESTED ? 1u : s == VOLTE_BEARER_ACTIVE ? 2u : 0u;
}

/* ---------------------------------------------------------------- addresses */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = volte_lower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

static bool parse_ipv4(const char *s, size_t len, uint8_t out[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        unsigned v = 0, digits = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (unsigned)(s[i] - '0');
            if (v > 255 || ++digits > 3)
                return false;
            i++;
        }
        if (digits == 0)
            return false;
        out[part] = (uint8_t)v;
        if (part < 3) {
            if (i >= len || s[i] != '.')
                return false;
            i++;
        }
    }
    return i == len;
}

static bool parse_ipv6(const char *s, size_t len, uint8_t out[16])
{
    uint16_t head[8], tail[8];
    unsigned nh = 0, nt = 0;
    bool gap = false;
    size_t i = 0;

    if (len >= 2 && s[0] == ':' && s[1] == ':') {
        gap = true;
        i = 2;
    } else if (len > 0 && s[0] == ':') {
        return false;
    }
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != ':')
            j++;
        if (memchr(s + i, '.', j - i)) {
            /* dotted IPv4 in the last 32 bits */
            uint8_t v4[4];
            if (j != len || nh + nt + 2 > 8 || !parse_ipv4(s + i, j - i, v4))
                return false;
            uint16_t *dst = gap ? tail : head;
            unsigned *n = gap ? &nt : &nh;
            dst[(*n)++] = (uint16_t)(v4[0] << 8 | v4[1]);
            dst[(*n)++] = (uint16_t)(v4[2] << 8 | v4[3]);
            i = j;
            break;
        }
        if (j == i || j - i > 4 || nh + nt >= 8)
            return false;
        unsigned v = 0;
        for (size_t k = i; k < j; k++) {
            int d = hex_digit(s[k]);
            if (d < 0)
                return false;
            v = v << 4 | (unsigned)d;
        }
        if (gap)
            tail[nt++] = (uint16_t)v;
        else
            head[nh++] = (uint16_t)v;
        i = j;
        if (i == len)
            break;
        i++; /* ':' */
        if (i < len && s[i] == ':') {
            if (gap)
                return false;
            gap = true;
            i++;
        } else if (i == len) {
            return false; /* a single trailing ':' */
        }
    }
    unsigned total = nh + nt;
    if (gap ? total > 7 : total != 8)
        return false;
    memset(out, 0, 16);
    for (unsigned k = 0; k < nh; k++) {
        out[2 * k] = (uint8_t)(head[k] >> 8);
        out[2 * k + 1] = (uint8_t)head[k];
    }
    for (unsigned k = 0; k < nt; k++) {
        unsigned pos = 8 - nt + k;
        out[2 * pos] = (uint8_t)(tail[k] >> 8);
        out[2 * pos + 1] = (uint8_t)tail[k];
    }
    return true;
}

bool volte_ip_parse(const char *text, size_t len, uint8_t addr[16], uint8_t *family)
{
    if (!text || !addr || !family)
        return false;
    size_t n = 0;
    while (n < len && text[n])
        n++;
    while (n > 0 && (text[0] == ' ' || text[0] == '\t' || text[0] == '[')) {
        text++;
        n--;
    }
    /* the address ends at a blank, ']', '%' (zone) or '/' (prefix or TTL) */
    size_t end = 0;
    while (end < n && text[end] != ' ' && text[end] != '\t' && text[end] != ']' && text[end] != '%' &&
           text[end] != '/' && text[end] != '\r' && text[end] != '\n')
        end++;
    if (end == 0 || end > 45)
        return false;
    uint8_t buf[16];
    if (memchr(text, ':', end)) {
        if (!parse_ipv6(text, end, buf))
            return false;
        memcpy(addr, buf, 16);
        *family = 6;
        return true;
    }
    if (!parse_ipv4(text, end, buf))
        return false;
    memset(addr, 0, 16);
    memcpy(addr, buf, 4);
    *family = 4;
    return true;
}

/* The address token of a c= value: the third blank-separated token. */
static const char *connection_address(const char *connection, size_t *len)
{
    const char *p = connection;
    if (!p)
        return NULL;
    for (int field = 0; field < 2; field++) {
        while (*p == ' ' || *p == '\t')
            p++;
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = 0;
    while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '/' && p[n] != '\r' && p[n] != '\n')
        n++;
    if (n == 0)
        return NULL;
    *len = n;
    return p;
}

bool volte_sdp_connection_addr(const char *connection, uint8_t addr[16], uint8_t *family)
{
    size_t len = 0;
    const char *a = connection_address(connection, &len);
    return a && volte_ip_parse(a, len, addr, family);
}

/* ---------------------------------------------------------------- SDP */

/* Media kind and port of an m= value ("audio 49170 RTP/AVP 96"); -1 for
 * other kinds (text, application, image...). */
static int media_kind(const char *line, uint16_t *port)
{
    *port = 0;
    if (!line)
        return -1;
    while (*line == ' ' || *line == '\t')
        line++;
    int kind;
    size_t n;
    if (g_ascii_strncasecmp(line, "audio", 5) == 0) {
        kind = VOLTE_MEDIA_AUDIO;
        n = 5;
    } else if (g_ascii_strncasecmp(line, "video", 5) == 0) {
        kind = VOLTE_MEDIA_VIDEO;
        n = 5;
    } else {
        return -1;
    }
    if (line[n] != ' ' && line[n] != '\t')
        return -1;
    const char *p = line + n;
    while (*p == ' ' || *p == '\t')
        p++;
    unsigned v = 0, digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 6) {
        v = v * 10 + (unsigned)(*p - '0');
        p++;
        digits++;
    }
    *port = v <= 65535 ? (uint16_t)v : 0;
    return kind;
}

/* What one SDP body says, from its sender's point of view. */
typedef struct {
    uint8_t         kinds;                      /* kinds with a non-zero port */
    uint16_t        port[VOLTE_MEDIA_KINDS];
    uint8_t         qos_kinds;                  /* kinds whose m= line has qos attributes */
    uint8_t         seen[VOLTE_MEDIA_KINDS];    /* status types written (curr or des lines) */
    volte_qos_table table[VOLTE_MEDIA_KINDS];
    uint8_t         addr[16];
    uint8_t         family;                     /* 0: no usable c= */
} sdp_info;

/* The first m= line of each kind counts; its attributes give the table, as
 * volte_qos_table_from_attrs() builds it, plus which status types the body
 * wrote at all (a "curr:qos local none" leaves no bit in the table). */
static void read_sdp(const volte_sdp *sdp, sdp_info *si)
{
    memset(si, 0, sizeof *si);
    if (!sdp->present)
        return;
    volte_sdp_connection_addr(sdp->connection, si->addr, &si->family);
    unsigned nattrs = sdp->attr_count < VOLTE_MAX_SDP_ATTRS ? sdp->attr_count : VOLTE_MAX_SDP_ATTRS;
    unsigned nmedia = sdp->media_count < VOLTE_MAX_SDP_MEDIA ? sdp->media_count : VOLTE_MAX_SDP_MEDIA;
    uint8_t done = 0;
    for (unsigned m = 0; m < nmedia; m++) {
        uint16_t port;
        int kind = media_kind(sdp->media[m].line, &port);
        if (kind < 0 || (done & (1u << kind)))
            continue;
        done |= (uint8_t)(1u << kind);
        if (port == 0)
            continue; /* a rejected or disabled stream (RFC 3264 §6, §8.2) */
        si->kinds |= (uint8_t)(1u << kind);
        si->port[kind] = port;
        unsigned first = sdp->media[m].attr_first, count = sdp->media[m].attr_count;
        if (first >= nattrs)
            count = 0;
        else if (count > nattrs - first)
            count = nattrs - first;
        volte_qos_table *t = &si->table[kind];
        for (unsigned a = first; a < first + count; a++) {
            volte_qos_attr at;
            if (!volte_qos_attr_parse(sdp->attrs[a], &at))
                continue;
            t->present = true;
            switch (at.kind) {
            case VOLTE_QOS_ATTR_CURR:
                t->curr[at.status] = at.direction;
                si->seen[kind] |= (uint8_t)(1u << at.status);
                break;
            case VOLTE_QOS_ATTR_CONF:
                t->conf[at.status] = at.direction;
                break;
            case VOLTE_QOS_ATTR_DES:
                if (at.direction & VOLTE_QOS_SEND)
                    t->des[at.status][0] = (uint8_t)at.strength;
                if (at.direction & VOLTE_QOS_RECV)
                    t->des[at.status][1] = (uint8_t)at.strength;
                si->seen[kind] |= (uint8_t)(1u << at.status);
                break;
            }
        }
        if (t->present)
            si->qos_kinds |= (uint8_t)(1u << kind);
    }
}

static bool sdp_has_qos(const volte_sdp *sdp)
{
    if (!sdp->present)
        return false;
    unsigned n = sdp->attr_count < VOLTE_MAX_SDP_ATTRS ? sdp->attr_count : VOLTE_MAX_SDP_ATTRS;
    unsigned session = sdp->session_attr_count < n ? sdp->session_attr_count : n;
    for (unsigned a = session; a < n; a++) {
        volte_qos_attr at;
        if (volte_qos_attr_parse(sdp->attrs[a], &at))
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------- bearer moves */

/* A move from the call flow or the SDP (evidence flow or sdp).  Such
 * evidence never overrides EPC evidence, never revives a released bearer,
 * only moves forward (none < requested < active), and upgrades the evidence
 * of a bearer already in the proposed state.  A release applies to any
 * bearer that was requested or active. */
static bool propose(volte_bearer_track *t, unsigned side, unsigned kind, volte_bearer_state state,
                    volte_bearer_evidence evidence, uint32_t frame, int64_t time_ns)
{
    volte_bearer *b = &t->now.side[side][kind];
    if (state == VOLTE_BEARER_RELEASED) {
        if (b->state == VOLTE_BEARER_NONE)
            return false;
        if (b->state == VOLTE_BEARER_RELEASED) {
            if (evidence <= b->evidence)
                return false;
            b->evidence = evidence;
            return true;
        }
        b->state = VOLTE_BEARER_RELEASED;
        b->evidence = evidence;
        b->since_frame = frame;
        return true;
    }
    if (b->state == VOLTE_BEARER_RELEASED || b->evidence == VOLTE_EVIDENCE_EPC)
        return false;
    if (rank(state) > rank(b->state)) {
        b->state = state;
        b->evidence = evidence;
        b->since_frame = frame;
        if (state == VOLTE_BEARER_ACTIVE)
            b->active_ns = time_ns;
        return true;
    }
    if (state == b->state && evidence > b->evidence) {
        b->evidence = evidence;
        return true;
    }
    return false;
}

static void propose_kinds(volte_bearer_track *t, unsigned side, uint8_t kinds, volte_bearer_state state,
                          volte_bearer_evidence evidence, uint32_t frame, int64_t time_ns)
{
    for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
        if (kinds & (1u << k))
            propose(t, side, k, state, evidence, frame, time_ns);
}

/* BYE, CANCEL, a final failure: every bearer that was requested or active
 * goes, on both sides. */
static void release_all(volte_bearer_track *t, uint32_t frame, int64_t time_ns)
{
    for (unsigned s = 0; s < VOLTE_SIDES; s++)
        for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
            propose(t, s, k, VOLTE_BEARER_RELEASED, VOLTE_EVIDENCE_FLOW, frame, time_ns);
    if (!t->released) {
        t->released = true;
        t->release_ns = time_ns;
    }
}

/* The answer of a call with preconditions set the callee's bearer up; the
 * 2xx says both sides are through: whatever is still requested is up. */
static void requested_to_active(volte_bearer_track *t, uint32_t frame, int64_t time_ns)
{
    for (unsigned s = 0; s < VOLTE_SIDES; s++)
        for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
            if (t->now.side[s][k].state == VOLTE_BEARER_REQUESTED)
                propose(t, s, k, VOLTE_BEARER_ACTIVE, VOLTE_EVIDENCE_FLOW, frame, time_ns);
}

bool volte_bearer_apply_epc(volte_bearer_track *t, unsigned side, unsigned kind, volte_bearer_state state,
                            uint32_t frame, int64_t time_ns)
{
    if (!t || side >= VOLTE_SIDES || kind >= VOLTE_MEDIA_KINDS || state == VOLTE_BEARER_NONE)
        return false;
    volte_bearer *b = &t->now.side[side][kind];
    t->now.epc_frame = frame;
    if (b->state == state) {
        if (b->evidence == VOLTE_EVIDENCE_EPC)
            return false; /* the same news again (S5 and S11 copies, NAS after S1AP) */
        b->evidence = VOLTE_EVIDENCE_EPC;
        b->epc_frame = frame;
        if (state == VOLTE_BEARER_ACTIVE)
            b->active_ns = time_ns; /* EPC tells when it really came up */
        return true;
    }
    if (state == VOLTE_BEARER_REQUESTED && b->state == VOLTE_BEARER_ACTIVE && b->evidence == VOLTE_EVIDENCE_EPC)
        return false; /* an update of a bearer that is up */
    b->state = state;
    b->evidence = VOLTE_EVIDENCE_EPC;
    b->since_frame = frame;
    b->epc_frame = frame;
    if (state == VOLTE_BEARER_ACTIVE)
        b->active_ns = time_ns;
    else if (state == VOLTE_BEARER_REQUESTED)
        b->active_ns = -1; /* what the flow took for active is still being set up */
    t->now.media |= (uint8_t)(1u << kind);
    return true;
}

/* ---------------------------------------------------------------- preconditions */

/* Map status-type bits from the sender's view to the caller's. */
static uint8_t seen_to_caller(uint8_t seen, unsigned sender)
{
    if (sender == VOLTE_SIDE_MO)
        return seen;
    uint8_t out = seen & (1u << VOLTE_QOS_E2E);
    if (seen & (1u << VOLTE_QOS_LOCAL))
        out |= 1u << VOLTE_QOS_REMOTE;
    if (seen & (1u << VOLTE_QOS_REMOTE))
        out |= 1u << VOLTE_QOS_LOCAL;
    return out;
}

/* Merge one SDP's table of one kind into the call's table (caller's view). */
static void merge_table(volte_bearer_view *v, unsigned kind, const volte_qos_table *sender_table,
                        uint8_t sender_seen, unsigned sender)
{
    volte_qos_table c;
    if (sender == VOLTE_SIDE_MO)
        c = *sender_table;
    else
        volte_qos_table_flip(sender_table, &c);
    uint8_t seen = seen_to_caller(sender_seen, sender);
    unsigned own = sender == VOLTE_SIDE_MO ? VOLTE_QOS_LOCAL : VOLTE_QOS_REMOTE;
    unsigned other = sender == VOLTE_SIDE_MO ? VOLTE_QOS_REMOTE : VOLTE_QOS_LOCAL;
    volte_qos_table *m = &v->qos_media[kind];

    m->present = true;
    if (seen & (1u << own))
        m->curr[own] = c.curr[own];
    if (seen & (1u << other))
        m->curr[other] |= c.curr[other];
    if (seen & (1u << VOLTE_QOS_E2E))
        m->curr[VOLTE_QOS_E2E] = c.curr[VOLTE_QOS_E2E];
    for (unsigned s = 0; s < VOLTE_QOS_STATUS_TYPES; s++) {
        for (unsigned d = 0; d < 2; d++)
            if (c.des[s][d] != VOLTE_QOS_STRENGTH_ABSENT)
                m->des[s][d] = c.des[s][d];
        m->conf[s] = c.conf[s];
    }
    v->qos_kinds |= (uint8_t)(1u << kind);
    v->qos_seen[kind] |= seen;
}

static void recompute_qos(volte_bearer_view *v)
{
    uint8_t kinds = v->qos_kinds;
    if (v->media & kinds)
        kinds &= v->media; /* a stream taken out of the session no longer holds it up */
    bool met = true;
    for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
        if ((kinds & (1u << k)) && !volte_qos_met(&v->qos_media[k]))
            met = false;
    v->qos_met = met;
    if (v->qos_kinds & (1u << VOLTE_MEDIA_AUDIO))
        v->qos = v->qos_media[VOLTE_MEDIA_AUDIO];
    else if (v->qos_kinds & (1u << VOLTE_MEDIA_VIDEO))
        v->qos = v->qos_media[VOLTE_MEDIA_VIDEO];
}

/* ---------------------------------------------------------------- SDP of a side */

static bool same_endpoint(const volte_media_endpoint *e, const uint8_t addr[16], uint8_t family, unsigned kind,
                          uint16_t port)
{
    return e->family == family && e->kind == kind && e->port == port &&
           memcmp(e->addr, addr, family == 4 ? 4 : 16) == 0;
}

static void add_endpoint(volte_bearer_track *t, unsigned side, const sdp_info *si, unsigned kind, bool origin)
{
    volte_media_endpoint *list = t->endpoints[side];
    unsigned n = t->endpoint_count[side];
    for (unsigned i = 0; i < n; i++)
        if (same_endpoint(&list[i], si->addr, si->family, kind, si->port[kind]))
            return;
    volte_media_endpoint *slot = NULL;
    if (n < VOLTE_BEARER_MAX_ENDPOINTS) {
        if (n == t->endpoint_room[side]) {
            /* room for two first (audio and video, or one address and a
             * re-INVITE's new one), then for all */
            unsigned room = n == 0 ? 2 : VOLTE_BEARER_MAX_ENDPOINTS;
            list = t->endpoints[side] = g_renew(volte_media_endpoint, list, room);
            t->endpoint_room[side] = (uint8_t)room;
        }
        slot = &list[n];
        t->endpoint_count[side]++;
    } else {
        /* replace the oldest entry that is not the UE's own */
        for (unsigned tries = 0; tries < VOLTE_BEARER_MAX_ENDPOINTS && !slot; tries++) {
            unsigned i = t->endpoint_next[side] % VOLTE_BEARER_MAX_ENDPOINTS;
            t->endpoint_next[side] = (uint8_t)((i + 1) % VOLTE_BEARER_MAX_ENDPOINTS);
            if (!list[i].origin)
                slot = &list[i];
        }
        if (!slot)
            return;
    }
    memcpy(slot->addr, si->addr, 16);
    slot->family = si->family;
    slot->kind = (uint8_t)kind;
    slot->port = si->port[kind];
    slot->origin = origin;
}

static void remember_address(volte_bearer_track *t, unsigned side, const sdp_info *si)
{
    if (!si->family)
        return;
    bool origin = !(t->side_sdp & (1u << side));
    for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
        if (si->kinds & (1u << k))
            add_endpoint(t, side, si, k, origin);
}

/* An SDP offer or answer from `side`. */
static void take_sdp(volte_bearer_track *t, const volte_sip_message *msg, const sdp_info *si, unsigned side)
{
    volte_bearer_view *v = &t->now;
    uint32_t frame = msg->frame;
    int64_t now = msg->time_ns;

    remember_address(t, side, si);
    t->side_media[side] = si->kinds;
    t->side_sdp |= (uint8_t)(1u << side);
    if (t->offerer < 0)
        t->offerer = (int8_t)side;
    else if ((unsigned)t->offerer != side)
        t->answer_seen = true;

    /* the media in the session: what both sides have, once both spoke */
    uint8_t newly = 0, dropped = 0;
    if (t->side_sdp == 3) {
        uint8_t agreed = t->side_media[VOLTE_SIDE_MO] & t->side_media[VOLTE_SIDE_MT];
        newly = agreed & (uint8_t)~t->agreed_media;
        dropped = t->agreed_media & (uint8_t)~agreed;
        t->agreed_media = agreed;
        v->media = agreed;
    } else {
        v->media = si->kinds;
    }

    /* preconditions */
    if (si->qos_kinds) {
        v->qos_negotiated = true;
        v->preconditions = true;
        for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
            if (si->qos_kinds & (1u << k))
                merge_table(v, k, &si->table[k], si->seen[k], side);
    }
    recompute_qos(v);

    /* a request carrying a QoS offer asks for the sender's bearer (RFC 3312
     * §5.1, TS 24.229 §6.1.2: the UE reserves its resources for the offer) */
    if (msg->is_request && si->qos_kinds)
        propose_kinds(t, side, si->qos_kinds, VOLTE_BEARER_REQUESTED, VOLTE_EVIDENCE_FLOW, frame, now);

    /* the answer: with preconditions the answerer's bearer comes up
     * (source step 5: the callee's QCI 1 bearer at 183); without, both */
    if (newly) {
        if (v->qos_negotiated) {
            propose_kinds(t, side, newly, VOLTE_BEARER_ACTIVE, VOLTE_EVIDENCE_FLOW, frame, now);
        } else {
            propose_kinds(t, VOLTE_SIDE_MO, newly, VOLTE_BEARER_ACTIVE, VOLTE_EVIDENCE_FLOW, frame, now);
            propose_kinds(t, VOLTE_SIDE_MT, newly, VOLTE_BEARER_ACTIVE, VOLTE_EVIDENCE_FLOW, frame, now);
        }
    }
    /* a stream taken out of the session (port 0) has no bearer any more */
    if (dropped) {
        propose_kinds(t, VOLTE_SIDE_MO, dropped, VOLTE_BEARER_RELEASED, VOLTE_EVIDENCE_FLOW, frame, now);
        propose_kinds(t, VOLTE_SIDE_MT, dropped, VOLTE_BEARER_RELEASED, VOLTE_EVIDENCE_FLOW, frame, now);
    }

    /* SDP evidence: a segment whose current status is sendrecv has its
     * resources (RFC 3312 §5, §6) */
    for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++) {
        if (!(si->qos_kinds & (1u << k)))
            continue;
        const volte_qos_table *m = &v->qos_media[k];
        if (m->curr[VOLTE_QOS_LOCAL] == VOLTE_QOS_SENDRECV || m->curr[VOLTE_QOS_E2E] == VOLTE_QOS_SENDRECV)
            propose(t, VOLTE_SIDE_MO, k, VOLTE_BEARER_ACTIVE, VOLTE_EVIDENCE_SDP, frame, now);
        if (m->curr[VOLTE_QOS_REMOTE] == VOLTE_QOS_SENDRECV || m->curr[VOLTE_QOS_E2E] == VOLTE_QOS_SENDRECV)
            propose(t, VOLTE_SIDE_MT, k, VOLTE_BEARER_ACTIVE, VOLTE_EVIDENCE_SDP, frame, now);
    }
}

/* ---------------------------------------------------------------- messages */

void volte_bearer_track_clear(volte_bearer_track *track)
{
    if (!track)
        return;
    for (unsigned s = 0; s < VOLTE_SIDES; s++) {
        g_free(track->endpoints[s]);
        track->endpoints[s] = NULL;
        track->endpoint_count[s] = track->endpoint_room[s] = 0;
    }
}

void volte_bearer_track_init(volte_bearer_track *track)
{
    if (!track)
        return;
    memset(track, 0, sizeof *track);
    track->invite_ns = -1;
    track->release_ns = -1;
    track->offerer = -1;
    track->epc_side = -1;
    track->epc_ns = -1;
    for (unsigned s = 0; s < VOLTE_SIDES; s++)
        for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
            track->now.side[s][k].active_ns = -1;
}

uint32_t volte_icid_hash(const char *icid)
{
    if (!icid)
        return 0;
    while (*icid == ' ' || *icid == '\t' || *icid == '"')
        icid++;
    size_t n = 0;
    while (icid[n] && icid[n] != '"' && icid[n] != ' ' && icid[n] != '\t' && icid[n] != ';' && n < 256)
        n++;
    if (n == 0)
        return 0;
    return volte_hash_bytes(icid, n);
}

static void note_icid(volte_bearer_track *t, const char *icid)
{
    uint32_t h = volte_icid_hash(icid);
    if (!h)
        return;
    if (!t->icid_hash)
        t->icid_hash = h;
    for (unsigned i = 0; i < t->icid_count && i < VOLTE_BEARER_MAX_ICIDS; i++)
        if (t->icids[i] == h)
            return;
    if (t->icid_count < VOLTE_BEARER_MAX_ICIDS)
        t->icids[t->icid_count++] = h;
    else
        t->icids[VOLTE_BEARER_MAX_ICIDS - 1] = h;
}

/* -1 when it cannot be told (no From-tag, caller unknown). */
static int sender_of(const volte_bearer_track *t, const volte_sip_message *msg)
{
    uint32_t from = volte_hash(msg->from_tag);
    if (!from || !t->caller_tag)
        return -1;
    bool from_caller = from == t->caller_tag;
    if (msg->is_request)
        return from_caller ? VOLTE_SIDE_MO : VOLTE_SIDE_MT;
    return from_caller ? VOLTE_SIDE_MT : VOLTE_SIDE_MO;
}

/* A new initial INVITE after the last attempt failed (typically with
 * credentials after a 401/407 challenge, RFC 3261 §22.2): the offer/answer
 * and the bearers start over; what the call has shown of itself
 * (preconditions, 100rel, icids, media addresses) is kept. */
static void new_attempt(volte_bearer_track *t)
{
    volte_bearer_view *v = &t->now;
    for (unsigned s = 0; s < VOLTE_SIDES; s++)
        for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++) {
            memset(&v->side[s][k], 0, sizeof v->side[s][k]);
            v->side[s][k].active_ns = -1;
        }
    v->media = 0;
    v->qos_met = false;
    v->qos_negotiated = false;
    v->qos_kinds = 0;
    memset(&v->qos, 0, sizeof v->qos);
    memset(v->qos_media, 0, sizeof v->qos_media);
    memset(v->qos_seen, 0, sizeof v->qos_seen);
    memset(t->side_media, 0, sizeof t->side_media);
    t->side_sdp = 0;
    t->agreed_media = 0;
    t->offerer = -1;
    t->answer_seen = false;
    t->released = false;
    t->release_ns = -1;
}

static void advance(volte_bearer_track *t, const volte_sip_message *msg, const volte_transaction *txn)
{
    volte_bearer_view *v = &t->now;
    bool req = msg->is_request;
    const char *method = req ? msg->method : NULL;
    bool initial_invite = req && volte_is_method(method, "INVITE") && !(msg->to_tag && *msg->to_tag);

    if (initial_invite && t->released && !t->answered)
        new_attempt(t);
    if (initial_invite && t->invite_ns < 0) {
        t->invite_ns = msg->time_ns;
        t->caller_tag = volte_hash(msg->from_tag);
    } else if (!t->caller_tag) {
        /* a capture that starts inside the call: the From of the first
         * message names the caller (a request's sender, a response's
         * requester) */
        t->caller_tag = volte_hash(msg->from_tag);
    }
    int sender = sender_of(t, msg);

    if (volte_has_option(msg->require, "precondition") || volte_has_option(msg->supported, "precondition"))
        v->preconditions = true;
    if (volte_has_option(msg->require, "100rel") || volte_has_option(msg->supported, "100rel") ||
        (msg->is_response && msg->has_rseq))
        v->reliable_1xx = true;
    note_icid(t, msg->icid);

    if (msg->sdp.present && sender >= 0) {
        sdp_info si;
        read_sdp(&msg->sdp, &si);
        take_sdp(t, msg, &si, (unsigned)sender);
    }

    uint32_t frame = msg->frame;
    int64_t now = msg->time_ns;
    if (req) {
        if (volte_is_method(method, "PRACK")) {
            /* source step 7: the caller's QCI 1 bearer is set up when it
             * acknowledges the 183 that carried the answer */
            if (v->qos_negotiated && t->answer_seen && sender != VOLTE_SIDE_MT)
                propose_kinds(t, VOLTE_SIDE_MO, v->media, VOLTE_BEARER_ACTIVE, VOLTE_EVIDENCE_FLOW, frame, now);
        } else if (volte_is_method(method, "BYE")) {
            release_all(t, frame, now);
        } else if (volte_is_method(method, "CANCEL")) {
            if (!t->answered)
                release_all(t, frame, now);
        }
        return;
    }

    /* responses */
    volte_txn_kind kind = txn ? txn->kind : VOLTE_TXN_UNKNOWN;
    if (kind == VOLTE_TXN_UNKNOWN && volte_is_method(msg->cseq_method, "INVITE"))
        kind = t->answered ? VOLTE_TXN_REINVITE : VOLTE_TXN_INITIAL_INVITE;
    if (kind == VOLTE_TXN_UNKNOWN && volte_is_method(msg->cseq_method, "BYE"))
        kind = VOLTE_TXN_BYE;
    unsigned code = msg->status;
    if (code < 200 || code > 699)
        return;
    switch (kind) {
    case VOLTE_TXN_INITIAL_INVITE:
        if (code < 300) {
            t->answered = true;
            if (v->qos_negotiated)
                requested_to_active(t, frame, now);
        } else if (!t->answered) {
            release_all(t, frame, now); /* 3xx-6xx, 487 after CANCEL, 580 */
        }
        break;
    case VOLTE_TXN_REINVITE:
        if (code < 300 && v->qos_negotiated)
            requested_to_active(t, frame, now);
        break;
    case VOLTE_TXN_BYE:
        release_all(t, frame, now);
        break;
    default:
        break;
    }
}

void volte_bearer_on_message(volte_bearer_track *track, const struct volte_sip_message *msg,
                             const struct volte_transaction *txn, bool retransmission,
                             volte_bearer_view *out)
{
    if (!out)
        return;
    if (!track) {
        memset(out, 0, sizeof *out);
        return;
    }
    volte_bearer_view *v = &track->now;
    v->has_sdp = msg && msg->sdp.present;
    v->has_sdp_qos = msg && sdp_has_qos(&msg->sdp);
    if (msg && !retransmission && (msg->is_request || msg->is_response))
        advance(track, msg, txn);
    memcpy(out, v, sizeof *out);
}

/* ---------------------------------------------------------------- text */

const char *volte_bearer_state_name(volte_bearer_state state)
{
    static const char *const names[] = {"none", "requested", "active", "released"};
    return (unsigned)state < 4 ? names[state] : "?";
}

const char *volte_bearer_evidence_name(volte_bearer_evidence evidence)
{
    static const char *const names[] = {"", "flow", "sdp", "epc"};
    return (unsigned)evidence < 4 ? names[evidence] : "?";
}

const char *volte_qos_segment_current(const volte_qos_table *table, unsigned status)
{
    if (!table || status >= VOLTE_QOS_STATUS_TYPES)
        return "";
    return volte_qos_direction_name(table->curr[status]);
}

/* A bounded writer that keeps buf NUL-terminated. */
typedef struct {
    char  *buf;
    size_t size;
    size_t len;
} writer;

static void put(writer *w, const char *s)
{
    while (s && *s && w->len + 1 < w->size)
        w->buf[w->len++] = *s++;
    w->buf[w->len] = '\0';
}

char *volte_qos_segment_desired(const volte_qos_table *table, unsigned status, char *out, size_t size)
{
    if (!out || size == 0)
        return out;
    writer w = {out, size, 0};
    out[0] = '\0';
    if (!table || status >= VOLTE_QOS_STATUS_TYPES)
        return out;
    volte_qos_strength send = (volte_qos_strength)table->des[status][0];
    volte_qos_strength recv = (volte_qos_strength)table->des[status][1];
    if (send == recv) {
        if (send != VOLTE_QOS_STRENGTH_ABSENT) {
            put(&w, "sendrecv ");
            put(&w, volte_qos_strength_name(send));
        }
        return out;
    }
    if (send != VOLTE_QOS_STRENGTH_ABSENT) {
        put(&w, "send ");
        put(&w, volte_qos_strength_name(send));
    }
    if (recv != VOLTE_QOS_STRENGTH_ABSENT) {
        if (w.len)
            put(&w, ", ");
        put(&w, "recv ");
        put(&w, volte_qos_strength_name(recv));
    }
    return out;
}

void volte_bearer_summary(const volte_bearer_track *t, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    writer w = {buf, size, 0};
    buf[0] = '\0';
    uint8_t kinds = t ? t->now.media : 0;
    for (unsigned k = 0; t && k < VOLTE_MEDIA_KINDS; k++)
        for (unsigned s = 0; s < VOLTE_SIDES; s++)
            if (t->now.side[s][k].state != VOLTE_BEARER_NONE)
                kinds |= (uint8_t)(1u << k);
    if (!kinds) {
        put(&w, "-");
        return;
    }
    for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++) {
        if (!(kinds & (1u << k)))
            continue;
        char item[32];
        if (w.len)
            put(&w, "; ");
        snprintf(item, sizeof item, "qci%u ", volte_media_qci(k));
        put(&w, item);
        for (unsigned s = 0; s < VOLTE_SIDES; s++) {
            const volte_bearer *b = &t->now.side[s][k];
            if (s)
                put(&w, ", ");
            put(&w, s == VOLTE_SIDE_MO ? "mo " : "mt ");
            put(&w, volte_bearer_state_name(b->state));
            if (b->state != VOLTE_BEARER_REQUESTED && b->active_ns >= 0 && t->invite_ns >= 0 &&
                b->active_ns >= t->invite_ns) {
                snprintf(item, sizeof item, " +%.2fs", (double)(b->active_ns - t->invite_ns) / 1e9);
                put(&w, item);
            }
            if (b->evidence != VOLTE_EVIDENCE_NONE) {
                put(&w, " ");
                put(&w, volte_bearer_evidence_name(b->evidence));
            }
        }
    }
}
