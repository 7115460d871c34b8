/*
 * call.h - calls and registrations: state after every message, outcome,
 * call-flow classes and timings.
 *
 * A call is everything one Call-ID carries: for an INVITE, the dialog set
 * of the initial INVITE (its early dialogs, one per To-tag, and the dialog
 * that answered); for a REGISTER, the registration of one AOR and its
 * refreshes.  The state machine is documented in docs/call-states.md with
 * the RFC section behind every transition.
 */
#ifndef VOLTE_CALL_H
#define VOLTE_CALL_H

#include <stdbool.h>
#include <stdint.h>

#include "volte/bearer.h"
#include "volte/checks.h"

typedef enum {
    VOLTE_STATE_NONE = 0, /* not a call or registration (OPTIONS, MESSAGE...) */
    VOLTE_STATE_CALLING,
    VOLTE_STATE_PROCEEDING,
    VOLTE_STATE_EARLY,
    VOLTE_STATE_RINGING,
    VOLTE_STATE_ANSWERED,
    VOLTE_STATE_CONFIRMED,
    VOLTE_STATE_MODIFYING,
    VOLTE_STATE_RELEASING,
    VOLTE_STATE_RELEASED,
    VOLTE_STATE_CANCELLING,
    VOLTE_STATE_CANCELLED,
    VOLTE_STATE_FAILED,
    VOLTE_STATE_REGISTERING,
    VOLTE_STATE_CHALLENGED,
    VOLTE_STATE_REGISTERED,
    VOLTE_STATE_DEREGISTERED,
    VOLTE_STATE_REGISTRATION_FAILED,
    VOLTE_STATE_COUNT
} volte_call_state;

typedef enum {
    VOLTE_OUTCOME_NONE = 0, /* not a call or registration */
    VOLTE_OUTCOME_IN_PROGRESS,
    VOLTE_OUTCOME_ANSWERED,
    VOLTE_OUTCOME_BUSY,
    VOLTE_OUTCOME_NO_ANSWER,
    VOLTE_OUTCOME_REJECTED,
    VOLTE_OUTCOME_FORWARDED,
    VOLTE_OUTCOME_REDIRECTED,
    VOLTE_OUTCOME_CANCELLED,
    VOLTE_OUTCOME_FAILED,
    VOLTE_OUTCOME_REGISTERED,
    VOLTE_OUTCOME_DEREGISTERED,
    VOLTE_OUTCOME_AUTH_FAILED,
    VOLTE_OUTCOME_COUNT
} volte_outcome;

/* Call-flow classes, as bits of a set. */
typedef enum {
    VOLTE_FLOW_REGISTER = 0,
    VOLTE_FLOW_DEREGISTER,
    VOLTE_FLOW_BASIC_CALL,
    VOLTE_FLOW_SESSION_MODIFY,
    VOLTE_FLOW_NORMAL_RELEASE,
    VOLTE_FLOW_BUSY,
    VOLTE_FLOW_NO_ANSWER_TIMEOUT,
    VOLTE_FLOW_NO_ANSWER_CANCEL,
    VOLTE_FLOW_FORWARD_BUSY,
    VOLTE_FLOW_FORWARD_NO_ANSWER,
    VOLTE_FLOW_HOLD,
    VOLTE_FLOW_RESUME,
    VOLTE_FLOW_CALL_WAITING,
    VOLTE_FLOW_REJECTED,
    VOLTE_FLOW_FAILED,
    VOLTE_FLOW_COUNT
} volte_flow;

#define VOLTE_FLOW_BIT(f) (1u << (f))

/* Timings (RFC 6076 names where they exist). */
typedef enum {
    VOLTE_KPI_SRD = 0,      /* INVITE to first non-100 provisional or final response */
    VOLTE_KPI_ANSWER_DELAY, /* INVITE to 2xx */
    VOLTE_KPI_RINGING_TIME, /* first 180 to 2xx, or to the end of ringing */
    VOLTE_KPI_DURATION,     /* ACK to BYE */
    VOLTE_KPI_SDD,          /* BYE to its 2xx */
    VOLTE_KPI_RRD,          /* REGISTER to its final response (first attempt when challenged) */
    VOLTE_KPI_COUNT
} volte_kpi;

typedef enum {
    VOLTE_CALL_KIND_OTHER = 0, /* a Call-ID of standalone requests (OPTIONS, MESSAGE...) */
    VOLTE_CALL_KIND_CALL,
    VOLTE_CALL_KIND_REGISTRATION
} volte_call_kind;

/* Most early dialogs (To-tags) told apart per call; more are counted. */
#define VOLTE_MAX_DIALOGS 32
#define VOLTE_INLINE_DIALOGS 2 /* kept in the call record; the others in the arena */

typedef struct volte_call {
    uint32_t         number;       /* 1-based, in order of first appearance */
    volte_call_kind  kind;
    const char      *call_id;
    const char      *caller;       /* user part: P-Asserted-Identity, else From; AOR for REGISTER */
    const char      *callee;       /* user part of To */
    bool             partial;      /* the capture started after the call did */

    uint32_t         first_frame;
    uint32_t         last_frame;
    int64_t          first_ns;
    int64_t          last_ns;
    uint32_t         messages;
    uint32_t         anomalies;    /* messages of the call with a warning or error */

    volte_call_state state;        /* after the last message seen */
    volte_outcome    outcome;
    uint32_t         flows;        /* VOLTE_FLOW_BIT set */
    int64_t          kpi_ns[VOLTE_KPI_COUNT]; /* -1 when not measured */

    volte_bearer_track *bearer;    /* dedicated bearers and preconditions (bearer.c); made on the
                                    * first message of a call (kind CALL): NULL for registrations
                                    * and other Call-IDs, which have none */
    volte_check_track  checks;     /* what the anomaly checks remember (checks.c) */
    struct volte_msg_info *last_info; /* the call's last message */
    const struct volte_packed_view *bearer_view; /* the engine's copy of the last view */
    struct volte_arena *arena;      /* where the call's strings and timings live (the engine's) */

    uint32_t         dialogs;          /* early dialogs (distinct To-tags of the initial INVITE) */
    uint32_t         answered_dialog;  /* which of them answered, 1-based; 0 if none */

    /* bookkeeping of the state machine (call.c) */
    volte_call_state resume_state;  /* where a re-INVITE / UPDATE returns to */
    uint32_t         dialog_tags[VOLTE_INLINE_DIALOGS]; /* hashes of the first To-tags */
    uint32_t        *more_dialog_tags; /* [VOLTE_MAX_DIALOGS - VOLTE_INLINE_DIALOGS] in the arena, or NULL */
    int64_t          invite_ns;     /* first initial INVITE */
    int64_t          ringing_ns;    /* first 180 */
    int64_t          ack_ns;        /* ACK of the answered INVITE */
    int64_t          bye_ns;
    int64_t          attempt_ns;    /* first REGISTER of the current attempt */
    const void      *invite_txn;    /* transaction of the first initial INVITE */
    bool             cancel_seen;
    bool             answered;
    bool             on_hold;
    bool             forwarded;
    bool             dereg_pending; /* the pending REGISTER removes its bindings */
    bool             credentials_sent;
} volte_call;

struct volte_sip_message;
struct volte_transaction;
struct volte_msg_info;

struct volte_arena;

/* Set up a call record; its strings are copied into the arena. */
void volte_call_init(volte_call *call, uint32_t number, const char *call_id, struct volte_arena *arena);
void volte_call_clear(volte_call *call);

/*
 * Advance the call by one message (not a retransmission) and fill the
 * call-related part of its result: state, outcome and flows as known now,
 * the timings this message completes and its dialog.
 */
void volte_call_on_message(volte_call *call, const struct volte_sip_message *msg,
                           struct volte_transaction *txn, struct volte_msg_info *info);

/*
 * The user part of a SIP or tel URI, without parameters: "+15550100001" from
 * "sip:+15550100001;phone-context=x@ims.example.com;user=phone" or from
 * "tel:+15550100001;phone-context=x".  Newly allocated (g_free), or NULL
 * when the URI has no user part.
 */
char *volte_uri_user(const char *uri);

const char *volte_call_state_name(volte_call_state state);
const char *volte_outcome_name(volte_outcome outcome);
const char *volte_flow_name(volte_flow flow);
const char *volte_kpi_name(volte_kpi kpi);

#endif
