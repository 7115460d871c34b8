/*
 * checks.h - running the anomaly checks of anomaly.h over a capture.
 *
 * volte_checks_on_message() runs the checks that a message decides, with
 * the per-call memory they need (volte_check_track, kept in the call);
 * volte_checks_finish() runs, once, the checks that need the end of the
 * capture or a timer that ran out (Timer B/F/H, PRACK, session and
 * registration expiry).
 */
#ifndef VOLTE_CHECKS_H
#define VOLTE_CHECKS_H

#include <stdbool.h>
#include <stdint.h>

#include "volte/anomaly.h"

/* Timers and thresholds (the plugin's preferences). */
typedef struct volte_check_config {
    uint32_t t1_ms;          /* RFC 3261 T1, default 500 */
    uint32_t timer_b_ms;     /* Timer B = Timer F = Timer H, default 64 * T1 */
    uint32_t long_setup_ms;  /* SRD above which long_setup fires, default 4000 */
    uint32_t max_calls;      /* calls and registrations tracked, default VOLTE_MAX_CALLS; 0: no limit */
} volte_check_config;

/* Calls and registrations (Call-IDs) one capture file is analysed for by
 * default.  The state of one costs about 1 KB, so this bounds the plugin's
 * per-call memory near 1 GB whatever a capture holds; messages of further
 * Call-IDs still get their status and syntax checks, and the call_limit
 * expert info says why the rest is missing. */
#define VOLTE_MAX_CALLS 1000000u

void volte_check_config_default(volte_check_config *config);

/* Reliable provisional responses kept per call. */
#define VOLTE_MAX_RELIABLE 8

typedef struct volte_reliable_1xx {
    const struct volte_transaction *txn; /* the leg it was sent on */
    uint32_t rseq;
    uint32_t cseq;
    uint32_t frame;
    int64_t  time_ns;
    bool     with_sdp;
    bool     pracked;
    unsigned status;
    struct volte_msg_info *info;
} volte_reliable_1xx;

/* What the checks remember of one call. */
typedef struct volte_check_track {
    uint32_t caller_tag;          /* hash of the caller's From-tag */
    bool     have_cseq[2];        /* per side: 0 caller, 1 callee */
    uint32_t last_cseq[2];
    uint32_t last_cseq_frame[2];
    char     last_cseq_method[2][12];
    bool     provisional_seen;    /* a provisional response to the initial INVITE */
    uint32_t cancel_frame;
    uint32_t invite_frame;

    volte_reliable_1xx *reliable;  /* room for 2, 4, then VOLTE_MAX_RELIABLE, grown as needed */
    unsigned           reliable_count;

    /* the 2xx to an INVITE waiting for its ACK */
    uint32_t ack_cseq;
    uint32_t ack_frame;           /* 0: none pending */
    int64_t  ack_since_ns;
    struct volte_msg_info *ack_info;

    /* the unfinished offer/answer exchange (re-INVITE or UPDATE with SDP) */
    const struct volte_transaction *pending_offer;
    uint32_t pending_offer_frame;
    uint32_t pending_offer_cseq;
    unsigned pending_offer_side;
    const char *pending_offer_method;

    /* session timer (RFC 4028) */
    uint32_t session_expires_s;
    int64_t  session_refreshed_ns;
    struct volte_msg_info *session_info;

    /* registration */
    uint32_t binding_s;
    int64_t  binding_since_ns;
    struct volte_msg_info *binding_info;
    uint32_t challenge_frame;

    bool     invite_timed_out;    /* invite_timeout fired: no "still open" note */

    /* the 2xx that answered the call, and the BYE, for the bearer check */
    struct volte_msg_info *answer_info;
    uint32_t bye_frame;

    /* hold */
    struct volte_msg_info *hold_info;
} volte_check_track;

struct volte_call;
struct volte_sip_message;
struct volte_transaction;
struct volte_msg_info;

/* Free what a call's check track allocated. */
void volte_check_track_clear(volte_check_track *track);

/* Record an anomaly on a message (the engine owns the storage). */
void volte_msg_add_anomaly(struct volte_msg_info *info, volte_anomaly_id id, uint32_t related, uint32_t a,
                           uint32_t b, const char *text);

/* The checks a message decides; call after the call's state was updated. */
void volte_checks_on_message(const volte_check_config *config, struct volte_call *call,
                             const struct volte_sip_message *msg, struct volte_transaction *txn,
                             struct volte_msg_info *info, int64_t capture_start_ns);

/* The checks decided by timers and the end of the capture. */
/* epc_seen: the capture holds EPC bearer signalling linked to some call. */
void volte_checks_finish_call(const volte_check_config *config, struct volte_call *call, int64_t capture_end_ns,
                              bool epc_seen);
void volte_checks_finish_transaction(const volte_check_config *config, struct volte_transaction *txn,
                                     int64_t capture_end_ns);

#endif
