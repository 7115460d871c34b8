/*
 * epc.c - linking EPC / 5GC bearer signalling to calls (see epc.h).
 *
 * Each event is first looked up by the keys an earlier message of the same
 * procedure left behind; failing that it is matched by content (icid, media
 * addresses, then time) against the most recent calls.  Once linked, the
 * event's own keys are remembered so that the responses and the release
 * find the same call and side.  A request that cannot be linked removes its
 * keys again, so that a stale entry never links a later, unrelated answer.
 *
 * Only EPC messages allocate (one small entry per key); SIP messages never
 * come here.
 */
#include "volte/epc.h"

#include <glib.h>
#include <string.h>

#include "volte/call.h"

/* ---------------------------------------------------------------- keys */

enum {
    KEY_RX_SESSION = 'D', /* Rx Session-Id */
    KEY_GX_RULE = 'R',    /* Gx Charging-Rule-Name */
    KEY_S1 = 'S',         /* S1AP MME-UE-S1AP-ID + E-RAB ID (= EPS bearer id) */
    KEY_GTP_SEQ = 'G',    /* GTPv2 sequence number of a Create Bearer Request */
    KEY_GTP_EBI = 'E',    /* GTPv2 TEID (MME side) + EBI */
    KEY_NGAP = 'N'        /* NGAP AMF-UE-NGAP-ID + PDU session + QFI (0: the whole session) */
};

typedef struct {
    gint64             key;     /* first: the hash table's key points here */
    uint32_t           call;
    uint8_t            side;
    uint8_t            kinds;
    volte_bearer_state pending; /* what the last request under this key asked for */
    uint32_t           aux;     /* GTP: the TEID of the request, for the EBI key */
} link_entry;

struct volte_epc_tracker {
    GHashTable *links; /* gint64 * -> link_entry * (owned) */
};

/* More entries than this and the table starts over (a bound on memory over
 * very long captures; only procedures in flight at that moment lose their
 * link). */
#define MAX_LINKS 262144

volte_epc_tracker *volte_epc_tracker_new(void)
{
    volte_epc_tracker *t = g_new0(volte_epc_tracker, 1);
    t->links = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
    return t;
}

void volte_epc_tracker_free(volte_epc_tracker *tracker)
{
    if (!tracker)
        return;
    g_hash_table_destroy(tracker->links);
    g_free(tracker);
}

static uint64_t fnv64(uint64_t h, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static gint64 make_key(uint8_t tag, const char *text, uint32_t a, uint32_t b, uint32_t c)
{
    uint64_t h = 14695981039346656037ull;
    h = fnv64(h, &tag, 1);
    if (text)
        h = fnv64(h, text, strlen(text));
    uint32_t v[3] = {a, b, c};
    h = fnv64(h, v, sizeof v);
    return (gint64)h;
}

static link_entry *lookup(volte_epc_tracker *t, gint64 key)
{
    return g_hash_table_lookup(t->links, &key);
}

static void remember(volte_epc_tracker *t, gint64 key, uint32_t call, uint8_t side, uint8_t kinds,
                     volte_bearer_state pending, uint32_t aux)
{
    if (g_hash_table_size(t->links) >= MAX_LINKS)
        g_hash_table_remove_all(t->links);
    link_entry *e = g_new0(link_entry, 1);
    e->key = key;
    e->call = call;
    e->side = side;
    e->kinds = kinds;
    e->pending = pending;
    e->aux = aux;
    g_hash_table_replace(t->links, &e->key, e);
}

static void forget(volte_epc_tracker *t, gint64 key)
{
    g_hash_table_remove(t->links, &key);
}

/* ---------------------------------------------------------------- event content */

static uint8_t qci_kind_bit(unsigned qci)
{
    if (qci == 1)
        return 1u << VOLTE_MEDIA_AUDIO;
    if (qci == 2)
        return 1u << VOLTE_MEDIA_VIDEO;
    return 0;
}

/* The media kinds an event names by itself (QCI / 5QI 1 and 2, Rx Media-Type). */
static uint8_t event_kinds(const volte_epc_event *ev, bool *other_qci)
{
    uint8_t kinds = ev->media_types & 3u;
    unsigned n = ev->qci_count < VOLTE_EPC_MAX_QCI ? ev->qci_count : VOLTE_EPC_MAX_QCI;
    *other_qci = false;
    for (unsigned i = 0; i < n; i++) {
        uint8_t bit = qci_kind_bit(ev->qci[i]);
        kinds |= bit;
        if (!bit)
            *other_qci = true;
    }
    return kinds;
}

static bool is_response_kind(volte_epc_kind k)
{
    return k == VOLTE_EPC_GTP_CREATE_BEARER_RSP || k == VOLTE_EPC_GTP_DELETE_BEARER_RSP ||
           k == VOLTE_EPC_S1AP_ERAB_SETUP_RSP || k == VOLTE_EPC_NAS_ACT_DEDICATED_ACC ||
           k == VOLTE_EPC_NAS_ACT_DEDICATED_REJ || k == VOLTE_EPC_NAS_DEACTIVATE_ACC ||
           k == VOLTE_EPC_NGAP_PDU_SETUP_RSP || k == VOLTE_EPC_NGAP_PDU_MODIFY_RSP;
}

volte_bearer_state volte_epc_effect(const volte_epc_event *ev)
{
    if (!ev)
        return VOLTE_BEARER_NONE;
    bool other;
    uint8_t kinds = event_kinds(ev, &other);
    switch (ev->kind) {
    case VOLTE_EPC_RX_AAR:
        return VOLTE_BEARER_REQUESTED;
    case VOLTE_EPC_RX_RAR:
        if (ev->actions & ((1u << VOLTE_RX_ACTION_SUCCESSFUL_RESOURCES_ALLOCATION) |
                           (1u << VOLTE_RX_ACTION_RECOVERY_OF_BEARER)))
            return VOLTE_BEARER_ACTIVE;
        if (ev->actions & ((1u << VOLTE_RX_ACTION_LOSS_OF_BEARER) | (1u << VOLTE_RX_ACTION_RELEASE_OF_BEARER) |
                           (1u << VOLTE_RX_ACTION_FAILED_RESOURCES_ALLOCATION)))
            return VOLTE_BEARER_RELEASED;
        return VOLTE_BEARER_NONE;
    case VOLTE_EPC_RX_STR:
    case VOLTE_EPC_RX_ASR:
        return VOLTE_BEARER_RELEASED;
    case VOLTE_EPC_GX_RAR:
        if (ev->install && kinds)
            return VOLTE_BEARER_REQUESTED;
        if (ev->remove)
            return VOLTE_BEARER_RELEASED;
        return VOLTE_BEARER_NONE;
    case VOLTE_EPC_GTP_CREATE_BEARER_REQ:
    case VOLTE_EPC_S1AP_ERAB_SETUP_REQ:
    case VOLTE_EPC_NAS_ACT_DEDICATED_REQ:
    case VOLTE_EPC_NGAP_PDU_SETUP_REQ:
        return VOLTE_BEARER_REQUESTED;
    case VOLTE_EPC_GTP_CREATE_BEARER_RSP:
        return (ev->has_cause && ev->cause != 16) ? VOLTE_BEARER_RELEASED : VOLTE_BEARER_ACTIVE;
    case VOLTE_EPC_S1AP_ERAB_SETUP_RSP:
    case VOLTE_EPC_NAS_ACT_DEDICATED_ACC:
    case VOLTE_EPC_NGAP_PDU_SETUP_RSP:
    case VOLTE_EPC_NGAP_PDU_MODIFY_RSP:
        return VOLTE_BEARER_ACTIVE;
    case VOLTE_EPC_NGAP_PDU_MODIFY_REQ:
        if (ev->release_list)
            return VOLTE_BEARER_RELEASED;
        return kinds ? VOLTE_BEARER_REQUESTED : VOLTE_BEARER_NONE;
    case VOLTE_EPC_GTP_DELETE_BEARER_REQ:
    case VOLTE_EPC_GTP_DELETE_BEARER_RSP:
    case VOLTE_EPC_S1AP_ERAB_RELEASE_CMD:
    case VOLTE_EPC_S1AP_ERAB_RELEASE_IND:
    case VOLTE_EPC_NAS_ACT_DEDICATED_REJ:
    case VOLTE_EPC_NAS_DEACTIVATE_REQ:
    case VOLTE_EPC_NAS_DEACTIVATE_ACC:
    case VOLTE_EPC_NGAP_PDU_RELEASE_CMD:
        return VOLTE_BEARER_RELEASED;
    default:
        return VOLTE_BEARER_NONE;
    }
}

/* ---------------------------------------------------------------- flows */

bool volte_epc_add_endpoint(volte_epc_event *ev, const char *addr, uint16_t port, volte_epc_role role,
                            uint8_t prefix)
{
    if (!ev || ev->endpoint_count >= VOLTE_EPC_MAX_ENDPOINTS)
        return false;
    volte_epc_endpoint e;
    memset(&e, 0, sizeof e);
    if (addr && !volte_ip_parse(addr, strlen(addr), e.addr, &e.family))
        return false;
    if (!e.family && !port)
        return false;
    e.port = port;
    e.role = (uint8_t)role;
    e.prefix = prefix;
    ev->endpoints[ev->endpoint_count++] = e;
    return true;
}

static bool word_is(const char *p, size_t n, const char *w)
{
    size_t i = 0;
    for (; i < n && w[i]; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != w[i])
            return false;
    }
    return i == n && w[i] == '\0';
}

/* Next blank-separated word of s from *pos; false at the end. */
static bool next_word(const char *s, size_t *pos, const char **w, size_t *n)
{
    size_t i = *pos;
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    if (!s[i])
        return false;
    size_t j = i;
    while (s[j] && s[j] != ' ' && s[j] != '\t')
        j++;
    *w = s + i;
    *n = j - i;
    *pos = j;
    return true;
}

/* "ADDR[/MASK] [PORT[,PORT...]|PORT-PORT]" after "from" or "to". */
static bool parse_flow_end(const char *s, size_t *pos, volte_epc_endpoint *e, bool *has)
{
    const char *w;
    size_t n;
    memset(e, 0, sizeof *e);
    *has = false;
    if (!next_word(s, pos, &w, &n))
        return false;
    if (word_is(w, n, "any") || word_is(w, n, "assigned")) {
        /* nothing known of the address; a port may still follow */
    } else {
        size_t alen = 0;
        while (alen < n && w[alen] != '/')
            alen++;
        if (!volte_ip_parse(w, alen, e->addr, &e->family))
            return false;
        if (alen < n) {
            unsigned bits = 0;
            for (size_t i = alen + 1; i < n && w[i] >= '0' && w[i] <= '9' && bits < 1000; i++)
                bits = bits * 10 + (unsigned)(w[i] - '0');
            if (bits && bits < (e->family == 4 ? 32u : 128u))
                e->prefix = (uint8_t)bits;
        }
        *has = true;
    }
    /* an optional port: a word starting with a digit */
    size_t save = *pos;
    if (next_word(s, pos, &w, &n) && w[0] >= '0' && w[0] <= '9') {
        unsigned v = 0;
        size_t i = 0;
        while (i < n && w[i] >= '0' && w[i] <= '9' && v <= 65535)
            v = v * 10 + (unsigned)(w[i++] - '0');
        if (i == n && v > 0 && v <= 65535) { /* a single port; lists and ranges say nothing exact */
            e->port = (uint16_t)v;
            *has = true;
        }
    } else {
        *pos = save;
    }
    return true;
}

unsigned volte_epc_add_flow(volte_epc_event *ev, const char *rule, bool rx_direction)
{
    if (!ev || !rule)
        return 0;
    size_t pos = 0;
    const char *w;
    size_t n;
    /* "permit" "in"|"out" proto "from" ... "to" ... */
    if (!next_word(rule, &pos, &w, &n) || !word_is(w, n, "permit"))
        return 0;
    if (!next_word(rule, &pos, &w, &n))
        return 0;
    int dir = word_is(w, n, "in") ? 1 : word_is(w, n, "out") ? 2 : 0;
    if (!dir || !next_word(rule, &pos, &w, &n)) /* protocol */
        return 0;
    if (!next_word(rule, &pos, &w, &n) || !word_is(w, n, "from"))
        return 0;
    volte_epc_endpoint from, to;
    bool has_from, has_to;
    if (!parse_flow_end(rule, &pos, &from, &has_from))
        return 0;
    if (!next_word(rule, &pos, &w, &n) || !word_is(w, n, "to"))
        return 0;
    if (!parse_flow_end(rule, &pos, &to, &has_to))
        return 0;
    if (rx_direction) {
        /* TS 29.214: "out" is downlink, towards the UE; "in" uplink, from it */
        if (dir == 2)
            to.ue_hint = 1;
        else
            from.ue_hint = 1;
    }
    unsigned added = 0;
    if (has_from && ev->endpoint_count < VOLTE_EPC_MAX_ENDPOINTS) {
        ev->endpoints[ev->endpoint_count++] = from;
        added++;
    }
    if (has_to && ev->endpoint_count < VOLTE_EPC_MAX_ENDPOINTS) {
        ev->endpoints[ev->endpoint_count++] = to;
        added++;
    }
    return added;
}

/* ---------------------------------------------------------------- matching */

static bool prefix_equal(const uint8_t *a, const uint8_t *b, unsigned bits)
{
    unsigned bytes = bits / 8, rest = bits % 8;
    if (memcmp(a, b, bytes) != 0)
        return false;
    if (rest) {
        uint8_t mask = (uint8_t)(0xFFu << (8 - rest));
        if ((a[bytes] & mask) != (b[bytes] & mask))
            return false;
    }
    return true;
}

/* How well one event endpoint fits one SDP endpoint: 12 address and port
 * of the side's own first SDP, 8 address and port of a later one (a media
 * proxy's on another hop), 4 for an address alone or a port alone. */
static unsigned fit(const volte_epc_endpoint *e, const volte_media_endpoint *m)
{
    if (e->port && e->port != m->port)
        return 0;
    if (!e->family)
        return e->port ? 4 : 0;
    if (e->family != m->family)
        return 0;
    unsigned all = e->family == 4 ? 32 : 128;
    unsigned bits = e->prefix && e->prefix < all ? e->prefix : all;
    if (!prefix_equal(e->addr, m->addr, bits))
        return 0;
    if (!e->port)
        return 4;
    return m->origin ? 12 : 8;
}

/* Scores of the call's two sides as the owner of the event's bearer. */
static void score_call(const volte_bearer_track *t, const volte_epc_event *ev, unsigned score[VOLTE_SIDES])
{
    score[0] = score[1] = 0;
    unsigned n = ev->endpoint_count < VOLTE_EPC_MAX_ENDPOINTS ? ev->endpoint_count : VOLTE_EPC_MAX_ENDPOINTS;
    for (unsigned i = 0; i < n; i++) {
        const volte_epc_endpoint *e = &ev->endpoints[i];
        for (unsigned s = 0; s < VOLTE_SIDES; s++) {
            unsigned best = 0;
            unsigned m = t->endpoint_count[s] < VOLTE_BEARER_MAX_ENDPOINTS ? t->endpoint_count[s]
                                                                           : VOLTE_BEARER_MAX_ENDPOINTS;
            for (unsigned j = 0; j < m; j++) {
                unsigned q = fit(e, &t->endpoints[s][j]);
                if (q > best)
                    best = q;
            }
            if (!best)
                continue;
            if (e->role == VOLTE_EPC_ROLE_REMOTE)
                score[1 - s] += best; /* the far end of the UE's flow is the other side */
            else
                score[s] += best + (e->ue_hint ? 1u : 0u);
        }
    }
}

/* A call's bearer track; calls (kind CALL) have one from their first
 * message, anything else reads as a call with no media yet. */
static const volte_bearer_track *track_of(volte_call *c)
{
    static volte_bearer_track none;
    static bool none_ready;
    if (c->bearer)
        return c->bearer;
    if (!none_ready) {
        volte_bearer_track_init(&none);
        none_ready = true;
    }
    return &none;
}

/* The side for an event that does not tell by its addresses: the side of
 * the call's last EPC event linked by content shortly before, else the one
 * side whose bearer for these kinds is requested without EPC evidence,
 * else the caller. */
static unsigned guess_side(const volte_bearer_track *t, uint8_t kinds, int64_t time_ns)
{
    if (t->epc_side >= 0 && t->epc_ns >= 0 && time_ns - t->epc_ns <= 10000000000ll)
        return (unsigned)t->epc_side;
    int only = -1;
    for (unsigned s = 0; s < VOLTE_SIDES; s++) {
        for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++) {
            const volte_bearer *b = &t->now.side[s][k];
            if ((kinds & (1u << k)) && b->state == VOLTE_BEARER_REQUESTED && b->evidence != VOLTE_EVIDENCE_EPC) {
                if (only >= 0 && only != (int)s)
                    return VOLTE_SIDE_MO;
                only = (int)s;
            }
        }
    }
    return only >= 0 ? (unsigned)only : VOLTE_SIDE_MO;
}

typedef struct {
    volte_call     *call;
    unsigned        side;
    volte_epc_match match;
} target;

/* Content matching over the most recent calls. */
static bool find_by_content(volte_call *const *calls, unsigned ncalls, const volte_epc_event *ev, uint8_t kinds,
                            volte_bearer_state effect, target *out)
{
    const int64_t slack = 1000000000ll; /* capture points that disagree by up to 1 s */
    uint32_t icid = volte_icid_hash(ev->icid);
    unsigned first = ncalls > VOLTE_EPC_SCAN_LIMIT ? ncalls - VOLTE_EPC_SCAN_LIMIT : 0;
    bool setup = effect == VOLTE_BEARER_REQUESTED || effect == VOLTE_BEARER_ACTIVE;

    volte_call *by_icid = NULL;
    volte_call *by_flow = NULL;
    unsigned flow_score = 0, flow_side = 0;
    volte_call *by_time = NULL;

    for (unsigned i = ncalls; i-- > first;) {
        volte_call *c = calls[i];
        if (!c || c->kind != VOLTE_CALL_KIND_CALL)
            continue;
        const volte_bearer_track *t = track_of(c);
        if (c->first_ns > ev->time_ns + slack)
            continue;
        if (setup && t->released)
            continue;
        if (icid && !by_icid) {
            for (unsigned j = 0; j < t->icid_count && j < VOLTE_BEARER_MAX_ICIDS; j++)
                if (t->icids[j] == icid)
                    by_icid = c;
        }
        if (ev->endpoint_count) {
            unsigned score[VOLTE_SIDES];
            score_call(t, ev, score);
            unsigned s = score[VOLTE_SIDE_MT] > score[VOLTE_SIDE_MO] ? VOLTE_SIDE_MT : VOLTE_SIDE_MO;
            /* calls are visited newest first: an equal score keeps the newer call */
            if (score[s] >= 4 && score[s] > flow_score) {
                flow_score = score[s];
                by_flow = c;
                flow_side = score[0] != score[1] ? s : guess_side(t, kinds, ev->time_ns);
            }
        }
        if (effect == VOLTE_BEARER_REQUESTED && kinds && !by_time && t->invite_ns >= 0 &&
            t->invite_ns <= ev->time_ns + slack && ev->time_ns - t->invite_ns <= 120000000000ll) {
            /* in set-up: not released, and not answered more than 30 s ago */
            int64_t answered_at = c->kpi_ns[VOLTE_KPI_ANSWER_DELAY] >= 0
                                      ? c->invite_ns + c->kpi_ns[VOLTE_KPI_ANSWER_DELAY]
                                      : -1;
            if (!c->answered || answered_at < 0 || ev->time_ns - answered_at <= 30000000000ll)
                by_time = c;
        }
    }

    if (by_icid) {
        out->call = by_icid;
        out->match = VOLTE_EPC_MATCH_ICID;
        unsigned score[VOLTE_SIDES];
        score_call(track_of(by_icid), ev, score);
        if (score[0] != score[1])
            out->side = score[VOLTE_SIDE_MT] > score[VOLTE_SIDE_MO] ? VOLTE_SIDE_MT : VOLTE_SIDE_MO;
        else
            out->side = guess_side(track_of(by_icid), kinds, ev->time_ns);
        return true;
    }
    if (by_flow) {
        out->call = by_flow;
        out->side = flow_side;
        out->match = VOLTE_EPC_MATCH_FLOW;
        return true;
    }
    if (by_time) {
        out->call = by_time;
        out->side = guess_side(track_of(by_time), kinds, ev->time_ns);
        out->match = VOLTE_EPC_MATCH_TIME;
        return true;
    }
    return false;
}

/* A release whose procedure lost its key (the UE went idle and came back
 * with new S1AP/NGAP ids, the set-up was not captured): the call released
 * by its SIP at most 30 s before, when exactly one of its sides has a
 * bearer known from EPC signalling. */
static bool find_release_by_time(volte_call *const *calls, unsigned ncalls, const volte_epc_event *ev, target *out)
{
    const int64_t slack = 1000000000ll;
    unsigned first = ncalls > VOLTE_EPC_SCAN_LIMIT ? ncalls - VOLTE_EPC_SCAN_LIMIT : 0;
    volte_call *best = NULL;
    for (unsigned i = ncalls; i-- > first;) {
        volte_call *c = calls[i];
        if (!c || c->kind != VOLTE_CALL_KIND_CALL)
            continue;
        const volte_bearer_track *t = track_of(c);
        if (!t->released || t->release_ns < 0 || t->release_ns > ev->time_ns + slack ||
            ev->time_ns - t->release_ns > 30000000000ll)
            continue;
        if (!best || t->release_ns > track_of(best)->release_ns)
            best = c;
    }
    if (!best)
        return false;
    const volte_bearer_track *t = track_of(best);
    int side = -1;
    for (unsigned s = 0; s < VOLTE_SIDES; s++)
        for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
            if (t->now.side[s][k].epc_frame) {
                if (side >= 0 && side != (int)s)
                    return false;
                side = (int)s;
            }
    if (side < 0)
        return false;
    out->call = best;
    out->side = (unsigned)side;
    out->match = VOLTE_EPC_MATCH_TIME;
    return true;
}

static bool releases_a_dedicated_bearer(const volte_epc_event *ev)
{
    switch (ev->kind) {
    case VOLTE_EPC_NGAP_PDU_MODIFY_REQ:
        return ev->release_list;
    case VOLTE_EPC_S1AP_ERAB_RELEASE_CMD:
    case VOLTE_EPC_S1AP_ERAB_RELEASE_IND:
    case VOLTE_EPC_GTP_DELETE_BEARER_REQ:
    case VOLTE_EPC_NAS_DEACTIVATE_REQ:
        return true;
    default:
        return false;
    }
}

/* ---------------------------------------------------------------- keys of an event */

static bool is_rx(volte_epc_kind k)
{
    return k == VOLTE_EPC_RX_AAR || k == VOLTE_EPC_RX_RAR || k == VOLTE_EPC_RX_STR || k == VOLTE_EPC_RX_ASR;
}

static bool is_s1(volte_epc_kind k)
{
    return (k >= VOLTE_EPC_S1AP_ERAB_SETUP_REQ && k <= VOLTE_EPC_S1AP_ERAB_RELEASE_IND) ||
           (k >= VOLTE_EPC_NAS_ACT_DEDICATED_REQ && k <= VOLTE_EPC_NAS_DEACTIVATE_ACC);
}

static bool is_ngap(volte_epc_kind k)
{
    return k >= VOLTE_EPC_NGAP_PDU_SETUP_REQ && k <= VOLTE_EPC_NGAP_PDU_RELEASE_CMD;
}

static unsigned id_count(const volte_epc_event *ev)
{
    return ev->id_count < VOLTE_EPC_MAX_IDS ? ev->id_count : VOLTE_EPC_MAX_IDS;
}

/* The kind bit that goes with ids[i], when the message pairs ids and QCIs. */
static uint8_t id_kinds(const volte_epc_event *ev, unsigned i, uint8_t kinds)
{
    if (ev->qci_count == ev->id_count && i < ev->qci_count && i < VOLTE_EPC_MAX_QCI)
        return qci_kind_bit(ev->qci[i]);
    return kinds;
}

/* Find an earlier linked message of the same procedure. */
static link_entry *find_by_key(volte_epc_tracker *tr, const volte_epc_event *ev)
{
    link_entry *e;
    volte_epc_kind k = ev->kind;
    if (is_rx(k) && ev->session_id && *ev->session_id)
        return lookup(tr, make_key(KEY_RX_SESSION, ev->session_id, 0, 0, 0));
    if (k == VOLTE_EPC_GX_RAR && ev->remove) {
        for (unsigned i = 0; i < ev->name_count && i < VOLTE_EPC_MAX_NAMES; i++)
            if (ev->names[i] && (e = lookup(tr, make_key(KEY_GX_RULE, ev->names[i], 0, 0, 0))))
                return e;
        return NULL;
    }
    if (k == VOLTE_EPC_GTP_CREATE_BEARER_RSP && ev->has_gtp)
        return lookup(tr, make_key(KEY_GTP_SEQ, NULL, ev->gtp_seq, 0, 0));
    if (k == VOLTE_EPC_GTP_DELETE_BEARER_REQ && ev->has_gtp) {
        for (unsigned i = 0; i < id_count(ev); i++)
            if ((e = lookup(tr, make_key(KEY_GTP_EBI, NULL, ev->gtp_teid, ev->ids[i], 0))))
                return e;
        return NULL;
    }
    if (is_s1(k) && k != VOLTE_EPC_S1AP_ERAB_SETUP_REQ && k != VOLTE_EPC_NAS_ACT_DEDICATED_REQ && ev->has_ue_id) {
        for (unsigned i = 0; i < id_count(ev); i++)
            if ((e = lookup(tr, make_key(KEY_S1, NULL, ev->ue_id, ev->ids[i], 0))))
                return e;
        return NULL;
    }
    if (is_ngap(k) && ev->has_ue_id) {
        bool lookup_ids = k == VOLTE_EPC_NGAP_PDU_SETUP_RSP || k == VOLTE_EPC_NGAP_PDU_MODIFY_RSP ||
                          (k == VOLTE_EPC_NGAP_PDU_MODIFY_REQ && ev->release_list);
        if (lookup_ids) {
            for (unsigned i = 0; i < id_count(ev); i++)
                if ((e = lookup(tr, make_key(KEY_NGAP, NULL, ev->ue_id, ev->pdu_session, ev->ids[i]))))
                    return e;
        }
        if (k == VOLTE_EPC_NGAP_PDU_RELEASE_CMD)
            return lookup(tr, make_key(KEY_NGAP, NULL, ev->ue_id, ev->pdu_session, 0));
        return NULL;
    }
    return NULL;
}

/* Remember the keys this event opens, pointing at (call, side). */
static void remember_keys(volte_epc_tracker *tr, const volte_epc_event *ev, const link_entry *found,
                          uint32_t call, uint8_t side, uint8_t kinds, volte_bearer_state effect)
{
    volte_epc_kind k = ev->kind;
    if (k == VOLTE_EPC_RX_AAR && ev->session_id && *ev->session_id)
        remember(tr, make_key(KEY_RX_SESSION, ev->session_id, 0, 0, 0), call, side, kinds, effect, 0);
    else if (k == VOLTE_EPC_GX_RAR && ev->install)
        for (unsigned i = 0; i < ev->name_count && i < VOLTE_EPC_MAX_NAMES; i++) {
            if (ev->names[i])
                remember(tr, make_key(KEY_GX_RULE, ev->names[i], 0, 0, 0), call, side, kinds, effect, 0);
        }
    else if (k == VOLTE_EPC_GTP_CREATE_BEARER_REQ && ev->has_gtp)
        remember(tr, make_key(KEY_GTP_SEQ, NULL, ev->gtp_seq, 0, 0), call, side, kinds, effect, ev->gtp_teid);
    else if (k == VOLTE_EPC_GTP_CREATE_BEARER_RSP && found)
        for (unsigned i = 0; i < id_count(ev); i++)
            remember(tr, make_key(KEY_GTP_EBI, NULL, found->aux, ev->ids[i], 0), call, side, kinds, effect, 0);
    else if ((k == VOLTE_EPC_S1AP_ERAB_SETUP_REQ || k == VOLTE_EPC_NAS_ACT_DEDICATED_REQ) && ev->has_ue_id)
        for (unsigned i = 0; i < id_count(ev); i++) {
            uint8_t bit = id_kinds(ev, i, kinds);
            if (bit)
                remember(tr, make_key(KEY_S1, NULL, ev->ue_id, ev->ids[i], 0), call, side, bit, effect, 0);
        }
    else if ((k == VOLTE_EPC_NGAP_PDU_SETUP_REQ || k == VOLTE_EPC_NGAP_PDU_MODIFY_REQ) && ev->has_ue_id) {
        for (unsigned i = 0; i < id_count(ev); i++) {
            uint8_t bit = id_kinds(ev, i, kinds);
            if (bit || ev->release_list)
                remember(tr, make_key(KEY_NGAP, NULL, ev->ue_id, ev->pdu_session, ev->ids[i]), call, side,
                         bit ? bit : kinds, effect, 0);
        }
        if (k == VOLTE_EPC_NGAP_PDU_SETUP_REQ)
            remember(tr, make_key(KEY_NGAP, NULL, ev->ue_id, ev->pdu_session, 0), call, side, kinds, effect, 0);
    }
}

/* A request that found no call: its keys must not link a later answer. */
static void forget_keys(volte_epc_tracker *tr, const volte_epc_event *ev)
{
    volte_epc_kind k = ev->kind;
    if (k == VOLTE_EPC_RX_AAR && ev->session_id && *ev->session_id)
        forget(tr, make_key(KEY_RX_SESSION, ev->session_id, 0, 0, 0));
    else if (k == VOLTE_EPC_GTP_CREATE_BEARER_REQ && ev->has_gtp)
        forget(tr, make_key(KEY_GTP_SEQ, NULL, ev->gtp_seq, 0, 0));
    else if ((k == VOLTE_EPC_S1AP_ERAB_SETUP_REQ || k == VOLTE_EPC_NAS_ACT_DEDICATED_REQ) && ev->has_ue_id)
        for (unsigned i = 0; i < id_count(ev); i++)
            forget(tr, make_key(KEY_S1, NULL, ev->ue_id, ev->ids[i], 0));
    else if ((k == VOLTE_EPC_NGAP_PDU_SETUP_REQ || k == VOLTE_EPC_NGAP_PDU_MODIFY_REQ) && ev->has_ue_id &&
             !ev->release_list)
        for (unsigned i = 0; i < id_count(ev); i++)
            forget(tr, make_key(KEY_NGAP, NULL, ev->ue_id, ev->pdu_session, ev->ids[i]));
}

/* ---------------------------------------------------------------- entry */

bool volte_epc_apply(volte_epc_tracker *tr, struct volte_call *const *calls, unsigned ncalls,
                     const volte_epc_event *ev, volte_epc_result *out)
{
    volte_epc_result dummy;
    if (!out)
        out = &dummy;
    memset(out, 0, sizeof *out);
    if (!tr || !ev || (!calls && ncalls))
        return false;

    bool other_qci;
    uint8_t kinds = event_kinds(ev, &other_qci);
    volte_bearer_state effect = volte_epc_effect(ev);
    target tg = {NULL, 0, VOLTE_EPC_MATCH_NONE};

    link_entry *found = find_by_key(tr, ev);
    if (found && found->call >= 1 && found->call <= ncalls && calls[found->call - 1]) {
        tg.call = calls[found->call - 1];
        tg.side = found->side;
        tg.match = VOLTE_EPC_MATCH_KEY;
        if (!kinds)
            kinds = found->kinds;
        /* a response confirms what its request asked for: the answer to a
         * release is a release */
        if (is_response_kind(ev->kind) && found->pending == VOLTE_BEARER_RELEASED)
            effect = VOLTE_BEARER_RELEASED;
        if (ev->kind != VOLTE_EPC_GTP_CREATE_BEARER_RSP && !is_response_kind(ev->kind))
            found->pending = effect;
    } else {
        found = NULL;
        /* by content only what names a voice or video bearer: a set-up with
         * QCI 1 or 2 (an Rx request with a media component), or a message
         * with addresses */
        bool content = !is_response_kind(ev->kind) && (kinds || ev->endpoint_count) &&
                       !(other_qci && !kinds) && effect != VOLTE_BEARER_NONE;
        if (ev->kind == VOLTE_EPC_RX_AAR && !ev->media_types && !ev->endpoint_count)
            content = false; /* an AAR for the signalling path */
        bool ok = content && find_by_content(calls, ncalls, ev, kinds, effect, &tg);
        if (!ok && effect == VOLTE_BEARER_RELEASED && !kinds && releases_a_dedicated_bearer(ev))
            ok = find_release_by_time(calls, ncalls, ev, &tg);
        if (!ok) {
            forget_keys(tr, ev);
            return false;
        }
        if (!kinds)
            kinds = 1u << VOLTE_MEDIA_AUDIO;
    }
    if (!kinds)
        kinds = 1u << VOLTE_MEDIA_AUDIO;

    volte_call *c = tg.call;
    volte_bearer_track *t = c->bearer;
    if (!t)
        return false; /* only calls are linked, and every call has its track */
    bool changed = false;
    for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
        if ((kinds & (1u << k)) && effect != VOLTE_BEARER_NONE)
            changed |= volte_bearer_apply_epc(t, tg.side, k, effect, ev->frame, ev->time_ns);
    t->now.epc_frame = ev->frame;
    if (tg.match == VOLTE_EPC_MATCH_FLOW || (tg.match == VOLTE_EPC_MATCH_ICID && ev->endpoint_count)) {
        t->epc_side = (int8_t)tg.side;
        t->epc_ns = ev->time_ns;
    }
    remember_keys(tr, ev, found, c->number, (uint8_t)tg.side, kinds, effect);

    out->linked = true;
    out->call = c->number;
    out->call_frame = c->first_frame;
    out->side = (uint8_t)tg.side;
    out->kinds = kinds;
    out->match = tg.match;
    out->effect = effect;
    out->changed = changed;
    for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
        out->state[k] = t->now.side[tg.side][k].state;
    return true;
}

/* ---------------------------------------------------------------- names */

const char *volte_epc_kind_name(volte_epc_kind kind)
{
    static const char *const names[VOLTE_EPC_KIND_COUNT] = {
        [VOLTE_EPC_UNKNOWN] = "unknown",
        [VOLTE_EPC_RX_AAR] = "Rx AA-Request",
        [VOLTE_EPC_RX_RAR] = "Rx Re-Auth-Request",
        [VOLTE_EPC_RX_STR] = "Rx Session-Termination-Request",
        [VOLTE_EPC_RX_ASR] = "Rx Abort-Session-Request",
        [VOLTE_EPC_GX_RAR] = "Gx Re-Auth-Request",
        [VOLTE_EPC_GTP_CREATE_BEARER_REQ] = "GTPv2 Create Bearer Request",
        [VOLTE_EPC_GTP_CREATE_BEARER_RSP] = "GTPv2 Create Bearer Response",
        [VOLTE_EPC_GTP_DELETE_BEARER_REQ] = "GTPv2 Delete Bearer Request",
        [VOLTE_EPC_GTP_DELETE_BEARER_RSP] = "GTPv2 Delete Bearer Response",
        [VOLTE_EPC_S1AP_ERAB_SETUP_REQ] = "S1AP E-RAB Setup Request",
        [VOLTE_EPC_S1AP_ERAB_SETUP_RSP] = "S1AP E-RAB Setup Response",
        [VOLTE_EPC_S1AP_ERAB_RELEASE_CMD] = "S1AP E-RAB Release Command",
        [VOLTE_EPC_S1AP_ERAB_RELEASE_IND] = "S1AP E-RAB Release Indication",
        [VOLTE_EPC_NAS_ACT_DEDICATED_REQ] = "NAS Activate dedicated EPS bearer context request",
        [VOLTE_EPC_NAS_ACT_DEDICATED_ACC] = "NAS Activate dedicated EPS bearer context accept",
        [VOLTE_EPC_NAS_ACT_DEDICATED_REJ] = "NAS Activate dedicated EPS bearer context reject",
        [VOLTE_EPC_NAS_DEACTIVATE_REQ] = "NAS Deactivate EPS bearer context request",
        [VOLTE_EPC_NAS_DEACTIVATE_ACC] = "NAS Deactivate EPS bearer context accept",
        [VOLTE_EPC_NGAP_PDU_SETUP_REQ] = "NGAP PDU Session Resource Setup Request",
        [VOLTE_EPC_NGAP_PDU_SETUP_RSP] = "NGAP PDU Session Resource Setup Response",
        [VOLTE_EPC_NGAP_PDU_MODIFY_REQ] = "NGAP PDU Session Resource Modify Request",
        [VOLTE_EPC_NGAP_PDU_MODIFY_RSP] = "NGAP PDU Session Resource Modify Response",
        [VOLTE_EPC_NGAP_PDU_RELEASE_CMD] = "NGAP PDU Session Resource Release Command",
    };
    return (unsigned)kind < VOLTE_EPC_KIND_COUNT && names[kind] ? names[kind] : "?";
}

const char *volte_epc_match_name(volte_epc_match match)
{
    static const char *const names[] = {"", "key", "icid", "flow", "time"};
    return (unsigned)match < 5 ? names[match] : "?";
}
