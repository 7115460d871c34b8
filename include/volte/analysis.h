/*
 * analysis.h - the VoLTE SIP analysis engine.
 *
 * The engine is fed every SIP message of a capture once, in capture order,
 * and returns for each a result record (volte_msg_info) that it owns and
 * keeps until the engine is freed.  Facts learnt from later messages (the
 * final response to a request) are reached through the record's pointers,
 * so a display pass that runs after the whole capture was read sees them.
 *
 * No Wireshark dependency: the plugin's epan adapter, the unit tests and the
 * fuzz target all drive this same interface.
 */
#ifndef VOLTE_ANALYSIS_H
#define VOLTE_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "volte/anomaly.h"
#include "volte/call.h"
#include "volte/epc.h"
#include "volte/checks.h"
#include "volte/sip_message.h"
#include "volte/transaction.h"

/* Things wrong with one message, as flags of volte_msg_info.problems. */
enum {
    VOLTE_PROBLEM_NOT_SIP        = 1u << 0, /* neither a request nor a status line parsed */
    VOLTE_PROBLEM_NO_CALL_ID     = 1u << 1,
    VOLTE_PROBLEM_NO_CSEQ        = 1u << 2,
    VOLTE_PROBLEM_STATUS_RANGE   = 1u << 3, /* status code outside 100..699 */
    VOLTE_PROBLEM_STATUS_UNKNOWN = 1u << 4, /* in range, but not in the registry */
    VOLTE_PROBLEM_ORPHAN         = 1u << 5, /* response to a request not seen */
    VOLTE_PROBLEM_CSEQ_METHOD    = 1u << 6, /* request method differs from CSeq method */
    VOLTE_PROBLEM_CALL_LIMIT     = 1u << 7  /* a new Call-ID beyond volte_check_config.max_calls */
};

/*
 * The engine keeps one of these per SIP message for the whole capture, so
 * it is kept small (72 bytes): narrow fields, what few messages have
 * (RRD, anomalies) behind pointers that are NULL on the others, and what
 * can be worked out (the call number, the response time) left out.
 */
typedef struct volte_msg_info {
    const volte_transaction *txn; /* NULL when the message could not be keyed */

    /* the call (NULL when the message has no Call-ID or is beyond the call
     * limit); read it for what is known at the end of the capture, the
     * fields below for what was known right after this message */
    const volte_call *call_rec;
    const int64_t    *rrd_ns;     /* the RRD this message completed (kpi_mask); else NULL.
                                   * Read timings with volte_msg_kpi() */

    /* bearers and preconditions after this message (calls only), packed;
     * read them with volte_msg_bearer().  Messages with the same view share
     * one copy */
    const struct volte_packed_view *bearer;

    /* what the checks found on this message (anomaly.h); checks decided
     * later append here, so later passes see more than the first */
    volte_anomaly *anomalies;

    uint32_t frame;
    uint32_t msg_in_call;        /* position of the message in its call, 1-based */
    uint32_t retransmission_of;  /* frame of the first copy */
    uint32_t start;              /* the message's bytes in its frame (volte_sip_message) */
    uint32_t length;
    uint16_t status;             /* responses: the status code (three digits) */
    uint16_t flows;              /* VOLTE_FLOW_BIT set */
    uint16_t anomaly_count;
    uint8_t  index;              /* position in the frame (saturates at 255) */
    uint8_t  problems;           /* VOLTE_PROBLEM_* flags */
    uint8_t  state;              /* volte_call_state */
    uint8_t  outcome;            /* volte_outcome */
    uint8_t  dialog : 7;         /* early dialog of the To-tag, 1-based, <= VOLTE_MAX_DIALOGS; 0 if none */
    uint8_t  retransmission : 1; /* an earlier copy of this message was seen */
    uint8_t  kpi_mask : 6;       /* bit k: this message completes timing k (VOLTE_KPI_COUNT bits) */
    uint8_t  is_request : 1;
    uint8_t  is_response : 1;
} volte_msg_info;

typedef struct volte_engine volte_engine;

volte_engine *volte_engine_new(void);
void volte_engine_free(volte_engine *engine);

/* Timers and thresholds of the checks; call before the first message. */
void volte_engine_set_config(volte_engine *engine, const volte_check_config *config);

/*
 * The capture has been read completely: run the checks that need the end of
 * the capture or a timer that ran out.  Idempotent; returns whether this
 * call did the work.
 */
bool volte_engine_finish(volte_engine *engine);

/* Analyse one message; the result stays valid until volte_engine_free(). */
const volte_msg_info *volte_engine_feed(volte_engine *engine, const volte_sip_message *msg);

/* Result record number i (0-based, in the order the messages were fed), or
 * NULL past the end. */
const volte_msg_info *volte_engine_result(const volte_engine *engine, unsigned i);

/*
 * The result records of one frame's messages: returns how many (0 when the
 * frame had none) and sets *first to the number of the first.  When the
 * frames were fed in increasing order, as Wireshark's first pass does: one
 * look where the last lookup ended (a later pass in frame order finds
 * every frame there), else a binary search; a linear search otherwise.
 */
unsigned volte_engine_frame_results(volte_engine *engine, uint32_t frame, unsigned *first);

/* Counters, for tests and statistics. */
unsigned volte_engine_call_count(const volte_engine *engine);

/* Call number n (1-based), or NULL. */
const volte_call *volte_engine_call(const volte_engine *engine, unsigned number);

/* The same, for engine modules that update a call (epc.c). */
volte_call *volte_engine_call_mut(volte_engine *engine, unsigned number);
unsigned volte_engine_message_count(const volte_engine *engine);

/* Link one EPC/5GC message (Rx, Gx, GTPv2, S1AP/NAS, NGAP) to a call and move
 * that call's bearer (epc.c); false when it is about no call. */
bool volte_engine_feed_epc(volte_engine *engine, const volte_epc_event *ev, volte_epc_result *out);

/* The bearers and preconditions after a message: false (and *out zeroed)
 * for messages that are not part of an INVITE call. */
bool volte_msg_bearer(const volte_msg_info *info, volte_bearer_view *out);

/* Bytes the engine holds for its records (arena.h), for tests and docs. */
size_t volte_engine_bytes(const volte_engine *engine);

/*
 * Timing k completed by this message (bit k of kpi_mask), in ns; -1 when
 * the message completed no such timing.  A call measures each timing but
 * RRD once, so the call record holds the value; RRD is measured again on
 * every registration refresh and is kept with the message.
 */
static inline int64_t volte_msg_kpi(const volte_msg_info *info, volte_kpi k)
{
    if ((unsigned)k >= VOLTE_KPI_COUNT || !(info->kpi_mask & (1u << k)))
        return -1;
    if (k == VOLTE_KPI_RRD)
        return info->rrd_ns ? *info->rrd_ns : -1;
    return info->call_rec ? info->call_rec->kpi_ns[k] : -1;
}

/* The number of the message's call, 1-based; 0 when it has none. */
static inline uint32_t volte_msg_call(const volte_msg_info *info)
{
    return info->call_rec ? info->call_rec->number : 0;
}

/*
 * A response's time since its request, given the response's own capture
 * time; -1 for requests and for responses whose request came after them
 * or not at all.
 */
static inline int64_t volte_msg_response_time(const volte_msg_info *info, int64_t time_ns)
{
    if (!info->is_response || !info->txn || !info->txn->request_frame || (info->problems & VOLTE_PROBLEM_ORPHAN))
        return -1;
    return time_ns - info->txn->request_time_ns;
}

/* The request frame a response answers (0 when not seen). */
static inline uint32_t volte_msg_response_to(const volte_msg_info *info)
{
    return (info->is_response && info->txn) ? info->txn->request_frame : 0;
}

/* The frame of the final response to a request (0 while none). */
static inline uint32_t volte_msg_response_in(const volte_msg_info *info)
{
    return (info->is_request && info->txn) ? info->txn->final_frame : 0;
}

#endif
