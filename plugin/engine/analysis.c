/*
 * analysis.c - the engine: numbers calls, pairs transactions, flags problems.
 *
 * One volte_engine exists per capture file.  volte_engine_feed() is the only
 * per-message entry point; it allocates one result record per message and
 * keeps it until the engine is freed, so the adapter can hand the record to
 * later dissection passes without copying it.  Result records sit in large
 * chunks; calls, their strings, timings and bearer views in the engine's
 * arena (arena.h).
 */
#include "volte/analysis.h"

#include <glib.h>
#include <string.h>

#include "volte/arena.h"
#include "volte/packed_view.h"
#include "volte/status_catalogue.h"
#include "volte/text.h"

struct volte_engine {
    GHashTable              *calls_by_id; /* char *call_id -> volte_call * (in calls) */
    GPtrArray               *calls;       /* volte_call *, owned, in order of number */
    volte_transaction_table *transactions;
    GPtrArray               *results;     /* chunks of RESULTS_PER_CHUNK volte_msg_info, owned */
    unsigned                 messages;    /* result records handed out */
    volte_arena             *arena;       /* calls, their strings, timings and bearer views */
    volte_epc_tracker       *epc;         /* EPC procedures linked to calls (epc.c); NULL until used */
    bool                     epc_linked;  /* some EPC bearer signalling was linked to a call */
    volte_check_config       config;
    int64_t                  first_ns;    /* capture time span seen so far */
    int64_t                  last_ns;
    bool                     any;
    bool                     finished;
    bool                     out_of_order; /* a message came with a lower frame number than one before */
    unsigned                 next_lookup;  /* the record after the last frame looked up: where a
                                            * pass over the frames in order looks next */
};

G_STATIC_ASSERT(sizeof(volte_msg_info) == 72);     /* one per message: keep it so */
G_STATIC_ASSERT(sizeof(volte_transaction) == 104); /* one per two messages or so */

/* Result records are allocated this many at a time. */
#define RESULTS_PER_CHUNK 4096u

static volte_msg_info *new_result(volte_engine *e)
{
    unsigned at = e->messages % RESULTS_PER_CHUNK;
    if (at == 0)
        g_ptr_array_add(e->results, g_new0(volte_msg_info, RESULTS_PER_CHUNK));
    volte_msg_info *chunk = g_ptr_array_index(e->results, e->results->len - 1);
    e->messages++;
    return &chunk[at];
}

const volte_msg_info *volte_engine_result(const volte_engine *engine, unsigned i)
{
    if (!engine || i >= engine->messages)
        return NULL;
    const volte_msg_info *chunk = g_ptr_array_index(engine->results, i / RESULTS_PER_CHUNK);
    return &chunk[i % RESULTS_PER_CHUNK];
}

unsigned volte_engine_frame_results(volte_engine *engine, uint32_t frame, unsigned *first)
{
    unsigned lo = 0, n = engine ? engine->messages : 0;
    *first = 0;
    if (n == 0)
        return 0;
    unsigned next = engine->next_lookup;
    if (engine->out_of_order) {
        for (lo = 0; lo < n && volte_engine_result(engine, lo)->frame != frame; lo++)
            ;
    } else if ((next == 0 || volte_engine_result(engine, next - 1)->frame < frame) &&
               (next == n || volte_engine_result(engine, next)->frame >= frame)) {
        /* a pass in frame order: the frame's records, if any, follow the last ones found */
        lo = next;
    } else {
        /* the first record whose frame is not below `frame` */
        unsigned hi = n;
        while (lo < hi) {
            unsigned mid = lo + (hi - lo) / 2;
            if (volte_engine_result(engine, mid)->frame < frame)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    unsigned count = 0;
    while (lo + count < n && volte_engine_result(engine, lo + count)->frame == frame)
        count++;
    *first = lo;
    if (count)
        engine->next_lookup = lo + count;
    return count;
}

static void free_results(volte_engine *e)
{
    for (guint c = 0; c < e->results->len; c++) {
        volte_msg_info *chunk = g_ptr_array_index(e->results, c);
        unsigned n = c + 1 < e->results->len ? RESULTS_PER_CHUNK : e->messages - c * RESULTS_PER_CHUNK;
        for (unsigned i = 0; i < n; i++)
            g_free(chunk[i].anomalies);
        g_free(chunk);
    }
    g_ptr_array_free(e->results, TRUE);
}

volte_engine *volte_engine_new(void)
{
    volte_engine *e = g_new0(volte_engine, 1);
    e->calls_by_id = g_hash_table_new(g_str_hash, g_str_equal);
    e->calls = g_ptr_array_new();
    e->transactions = volte_transaction_table_new();
    e->results = g_ptr_array_new();
    e->arena = volte_arena_new();
    volte_check_config_default(&e->config);
    return e;
}

void volte_engine_free(volte_engine *engine)
{
    if (!engine)
        return;
    g_hash_table_destroy(engine->calls_by_id);
    for (guint i = 0; i < engine->calls->len; i++)
        volte_call_clear(g_ptr_array_index(engine->calls, i));
    g_ptr_array_free(engine->calls, TRUE);
    volte_transaction_table_free(engine->transactions);
    free_results(engine);
    volte_arena_free(engine->arena);
    volte_epc_tracker_free(engine->epc);
    g_free(engine);
}

void volte_engine_set_config(volte_engine *engine, const volte_check_config *config)
{
    engine->config = *config;
}

static void finish_transaction(gpointer key, gpointer value, gpointer user)
{
    volte_engine *e = user;
    (void)key;
    volte_checks_finish_transaction(&e->config, value, e->last_ns);
}

bool volte_engine_finish(volte_engine *engine)
{
    if (engine->finished)
        return false;
    engine->finished = true;
    if (!engine->any)
        return true;
    volte_transaction_table_foreach(engine->transactions, finish_transaction, engine);
    for (guint i = 0; i < engine->calls->len; i++)
        volte_checks_finish_call(&engine->config, g_ptr_array_index(engine->calls, i), engine->last_ns,
                                 engine->epc_linked);
    return true;
}

unsigned volte_engine_call_count(const volte_engine *engine)
{
    return engine->calls->len;
}

const volte_call *volte_engine_call(const volte_engine *engine, unsigned number)
{
    if (number == 0 || number > engine->calls->len)
        return NULL;
    return g_ptr_array_index(engine->calls, number - 1);
}

volte_call *volte_engine_call_mut(volte_engine *engine, unsigned number)
{
    return (volte_call *)volte_engine_call(engine, number);
}

bool volte_engine_feed_epc(volte_engine *engine, const volte_epc_event *ev, volte_epc_result *out)
{
    if (!engine || !ev) {
        if (out)
            memset(out, 0, sizeof *out);
        return false;
    }
    if (!engine->epc)
        engine->epc = volte_epc_tracker_new();
    bool linked = volte_epc_apply(engine->epc, (volte_call *const *)engine->calls->pdata, engine->calls->len, ev,
                                  out);
    if (linked && out && out->effect != VOLTE_BEARER_NONE)
        engine->epc_linked = true;
    return linked;
}

unsigned volte_engine_message_count(const volte_engine *engine)
{
    return engine->messages;
}

size_t volte_engine_bytes(const volte_engine *engine)
{
    return volte_arena_held(engine->arena) + (size_t)engine->results->len * RESULTS_PER_CHUNK * sizeof(volte_msg_info) +
           volte_transaction_table_bytes(engine->transactions);
}

bool volte_msg_bearer(const volte_msg_info *info, volte_bearer_view *out)
{
    if (!info || !info->bearer) {
        memset(out, 0, sizeof *out);
        return false;
    }
    volte_view_unpack(info->bearer, out);
    return true;
}

/* The call of the message's Call-ID, made on its first message; NULL when
 * it is new and the engine already tracks config.max_calls calls. */
static volte_call *call_of(volte_engine *e, const volte_sip_message *msg)
{
    volte_call *call = g_hash_table_lookup(e->calls_by_id, msg->call_id);
    if (!call && e->config.max_calls && e->calls->len >= e->config.max_calls)
        return NULL;
    if (!call) {
        call = volte_arena_alloc0(e->arena, sizeof *call);
        volte_call_init(call, e->calls->len + 1, msg->call_id, e->arena);
        call->first_frame = msg->frame;
        call->first_ns = msg->time_ns;
        g_ptr_array_add(e->calls, call);
        g_hash_table_insert(e->calls_by_id, (char *)call->call_id, call);
    }
    call->last_frame = msg->frame;
    call->last_ns = msg->time_ns;
    return call;
}

static void check_message(volte_msg_info *info, const volte_sip_message *msg)
{
    if (!msg->is_request && !msg->is_response) {
        /* nothing else can be said of bytes that are not SIP */
        info->problems |= VOLTE_PROBLEM_NOT_SIP;
        return;
    }
    if (!msg->call_id || !*msg->call_id)
        info->problems |= VOLTE_PROBLEM_NO_CALL_ID;
    if (!msg->has_cseq)
        info->problems |= VOLTE_PROBLEM_NO_CSEQ;
    if (msg->is_request && msg->method && msg->cseq_method && strcmp(msg->method, msg->cseq_method) != 0)
        info->problems |= VOLTE_PROBLEM_CSEQ_METHOD;
    if (msg->is_response) {
        if (volte_status_class(msg->status) == 0)
            info->problems |= VOLTE_PROBLEM_STATUS_RANGE;
        else if (!volte_status_lookup(msg->status))
            info->problems |= VOLTE_PROBLEM_STATUS_UNKNOWN;
    }
}

/*
 * A retransmission is the same message again on the same hop, at least T1
 * later (RFC 3261 §17: every retransmission timer starts at T1).  A copy on
 * another hop, or one that arrives sooner (the same packet caught at two
 * capture points, once tunnelled and once not), is one message seen twice.
 * Returns the frame of the first copy on this hop when msg repeats it, else 0.
 */
static uint32_t repeat_of(const volte_engine *e, volte_transaction *txn, bool response,
                          const volte_sip_message *msg)
{
    unsigned i;
    for (i = 0; i < VOLTE_TXN_HOPS; i++) {
        volte_sighting *s = volte_txn_sighting(e->transactions, txn, response, i, false);
        if (!s || !s->first_frame)
            break;
        if (s->hop != msg->hop && s->hop != 0 && msg->hop != 0)
            continue;
        bool later = msg->time_ns - s->last_ns >= (int64_t)e->config.t1_ms * 1000000 / 2;
        if (s->first_frame == msg->frame || !later)
            return 0; /* the same frame, or an echo of the same packet */
        s->last_ns = msg->time_ns;
        return s->first_frame;
    }
    /* hops fill in order, so i is the first free one */
    volte_sighting *s = volte_txn_sighting(e->transactions, txn, response, i, true);
    if (s) {
        s->hop = msg->hop;
        s->first_frame = msg->frame;
        s->last_ns = msg->time_ns;
    }
    return 0;
}

/* What a request does to its call, as far as its method tells. */
static volte_txn_kind kind_of_request(const volte_sip_message *msg)
{
    const char *m = msg->method ? msg->method : "";
    bool in_dialog = msg->to_tag && *msg->to_tag;
    if (strcmp(m, "INVITE") == 0)
        return in_dialog ? VOLTE_TXN_REINVITE : VOLTE_TXN_INITIAL_INVITE;
    if (strcmp(m, "UPDATE") == 0)
        return VOLTE_TXN_UPDATE;
    if (strcmp(m, "BYE") == 0)
        return VOLTE_TXN_BYE;
    if (strcmp(m, "CANCEL") == 0)
        return VOLTE_TXN_CANCEL;
    if (strcmp(m, "REGISTER") == 0)
        return VOLTE_TXN_REGISTER;
    if (strcmp(m, "ACK") == 0)
        return VOLTE_TXN_ACK;
    return VOLTE_TXN_OTHER;
}

static void pair_request(const volte_engine *e, volte_msg_info *info, volte_transaction *txn,
                         const volte_sip_message *msg)
{
    if (txn->request_frame == 0) {
        txn->request_copies = 1;
        txn->request_frame = msg->frame;
        txn->request_time_ns = msg->time_ns;
        txn->request_info = info;
        txn->in_dialog = msg->to_tag && *msg->to_tag;
        txn->kind = kind_of_request(msg);
        volte_txn_set_method(e->transactions, txn, msg->method);
        if (txn->kind == VOLTE_TXN_ACK)
            volte_transaction_over(e->transactions, txn, msg->time_ns); /* an ACK gets no response */
    }
    uint32_t first = repeat_of(e, txn, false, msg);
    if (first) {
        if (txn->request_copies < UINT16_MAX)
            txn->request_copies++;
        info->retransmission = true;
        info->retransmission_of = first;
    }
}

static void pair_response(const volte_engine *e, volte_msg_info *info, volte_transaction *txn,
                          const volte_sip_message *msg)
{
    uint32_t tag = volte_hash(msg->to_tag);

    if (txn->request_frame == 0)
        info->problems |= VOLTE_PROBLEM_ORPHAN; /* and no response time (volte_msg_response_time()) */

    bool same = txn->last_response_frame != 0 && txn->last_response_status == msg->status &&
                txn->last_response_tag_hash == tag;
    if (!same) {
        txn->last_response_frame = msg->frame;
        txn->last_response_status = msg->status;
        txn->last_response_tag_hash = tag;
        txn->response_repeats = 0; /* counts the retransmissions of this response */
        volte_txn_clear_response_sightings(txn);
    }
    uint32_t first = repeat_of(e, txn, true, msg);
    if (first) {
        info->retransmission = true;
        info->retransmission_of = first;
        if (txn->response_repeats < UINT16_MAX)
            txn->response_repeats++;
    }
    if (txn->first_response_frame == 0)
        txn->first_response_frame = msg->frame;
    if (msg->status >= 200 && txn->final_frame == 0) {
        txn->final_frame = msg->frame;
        volte_transaction_over(e->transactions, txn, msg->time_ns);
    }
}

/* The bearer view after this message; consecutive messages with the same
 * view share the engine's packed copy of it. */
static void follow_bearers(volte_engine *engine, volte_call *call, const volte_sip_message *msg,
                           const volte_transaction *txn, volte_msg_info *info)
{
    volte_bearer_view view;
    memset(&view, 0, sizeof view);
    if (!call->bearer) {
        call->bearer = volte_arena_alloc0(engine->arena, sizeof *call->bearer);
        volte_bearer_track_init(call->bearer);
    }
    volte_bearer_on_message(call->bearer, msg, txn, info->retransmission, &view);
    if (call->bearer_view && volte_view_packed_equal(call->bearer_view, &view)) {
        info->bearer = call->bearer_view;
        return;
    }
    call->bearer_view = volte_view_pack(engine->arena, &view, call->bearer_view);
    info->bearer = call->bearer_view;
}

/* How long a transaction that is over stays matchable after its latest
 * message: twice Timer H/J (transaction.h). */
static int64_t transaction_linger_ns(const volte_check_config *config)
{
    uint32_t timer_ms = config->timer_b_ms ? config->timer_b_ms : 64 * 500;
    return 2 * (int64_t)timer_ms * 1000000;
}

/* What is known of the call right after this message. */
static void snapshot(volte_msg_info *info, const volte_call *call)
{
    if (!call)
        return;
    info->state = call->state;
    info->outcome = call->outcome;
    info->flows = call->flows;
}

const volte_msg_info *volte_engine_feed(volte_engine *engine, const volte_sip_message *msg)
{
    volte_msg_info *info = new_result(engine);

    if (engine->messages > 1 && msg->frame < volte_engine_result(engine, engine->messages - 2)->frame)
        engine->out_of_order = true;
    info->frame = msg->frame;
    info->start = msg->start;
    info->length = msg->length;
    info->index = (uint8_t)MIN(msg->index, (unsigned)UINT8_MAX);
    info->is_request = msg->is_request;
    info->is_response = msg->is_response;
    /* a parsed status code has three digits; hand-made ones may not */
    info->status = msg->is_response ? (uint16_t)MIN(msg->status, (unsigned)UINT16_MAX) : 0;
    check_message(info, msg);

    volte_call *call = NULL;
    if (msg->call_id && *msg->call_id) {
        call = call_of(engine, msg);
        if (call) {
            info->msg_in_call = ++call->messages;
            info->call_rec = call;
        } else {
            info->problems |= VOLTE_PROBLEM_CALL_LIMIT;
        }
    }
    if (!engine->any || msg->time_ns < engine->first_ns)
        engine->first_ns = msg->time_ns;
    if (!engine->any || msg->time_ns > engine->last_ns)
        engine->last_ns = msg->time_ns;
    engine->any = true;

    if ((!msg->is_request && !msg->is_response) || (info->problems & VOLTE_PROBLEM_CALL_LIMIT)) {
        /* not SIP, or a call the engine keeps no state for: no transaction either */
        volte_checks_on_message(&engine->config, call, msg, NULL, info, engine->first_ns);
        snapshot(info, call);
        return info;
    }

    volte_transaction_expire(engine->transactions, msg->time_ns, transaction_linger_ns(&engine->config));
    volte_transaction *txn = volte_transaction_find(engine->transactions, msg, call ? call->number : 0, true);
    info->txn = txn;
    if (!txn) {
        /* no Call-ID or CSeq: already flagged, cannot be paired */
        volte_checks_on_message(&engine->config, call, msg, NULL, info, engine->first_ns);
        snapshot(info, call);
        return info;
    }
    if (msg->is_request)
        pair_request(engine, info, txn, msg);
    else
        pair_response(engine, info, txn, msg);
    if (call && !info->retransmission)
        volte_call_on_message(call, msg, txn, info);
    if (call && call->kind == VOLTE_CALL_KIND_CALL)
        follow_bearers(engine, call, msg, txn, info);
    volte_checks_on_message(&engine->config, call, msg, txn, info, engine->first_ns);
    snapshot(info, call);
    return info;
}
