/*
 * anomaly.h - the checked catalogue of what can go wrong in a call flow.
 *
 * Every check is one row of the catalogue (anomaly.c): its name (the
 * expert-info filter volte.expert.<name>), group, severity, message
 * template, reference, and when it is decided.  The engine records the
 * anomalies it finds on the message they concern; the adapter turns them
 * into Wireshark expert info.
 */
#ifndef VOLTE_ANOMALY_H
#define VOLTE_ANOMALY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    /* message syntax (RFC 3261 §7, §8) */
    VOLTE_AN_NOT_SIP = 0,
    VOLTE_AN_MISSING_CALL_ID,
    VOLTE_AN_MISSING_CSEQ,
    VOLTE_AN_CSEQ_METHOD_MISMATCH,
    VOLTE_AN_STATUS_OUT_OF_RANGE,
    VOLTE_AN_STATUS_UNREGISTERED,
    /* transactions and dialogs (RFC 3261) */
    VOLTE_AN_INVITE_TIMEOUT,
    VOLTE_AN_NON_INVITE_TIMEOUT,
    VOLTE_AN_RETRANSMISSION,
    VOLTE_AN_EXCESS_RETRANSMISSION,
    VOLTE_AN_ACK_MISSING,
    VOLTE_AN_ORPHAN_RESPONSE,
    VOLTE_AN_CSEQ_REGRESSION,
    VOLTE_AN_CANCEL_BEFORE_PROVISIONAL,
    VOLTE_AN_CANCEL_RACE,
    VOLTE_AN_DIALOG_MISMATCH,
    VOLTE_AN_LOOP,
    VOLTE_AN_MISSING_TO_TAG,
    VOLTE_AN_MISSING_HEADER,
    VOLTE_AN_RETRY_AFTER_MISSING,
    /* reliable provisional responses (RFC 3262) */
    VOLTE_AN_RSEQ_MISSING,
    VOLTE_AN_PRACK_MISSING,
    VOLTE_AN_RELIABLE_1XX_RETRANSMITTED,
    VOLTE_AN_RACK_MISMATCH,
    VOLTE_AN_RSEQ_GAP,
    VOLTE_AN_SECOND_RELIABLE_BEFORE_PRACK,
    VOLTE_AN_ANSWER_BEFORE_PRACK,
    /* offer/answer and UPDATE (RFC 3264, RFC 3311) */
    VOLTE_AN_OFFER_WHILE_PENDING,
    VOLTE_AN_GLARE,
    VOLTE_AN_MEDIA_REJECTED,
    /* preconditions and bearers (RFC 3312, TS 24.229) */
    VOLTE_AN_ALERT_BEFORE_QOS,
    VOLTE_AN_ANSWER_BEFORE_QOS,
    VOLTE_AN_PRECONDITION_FAILURE,
    VOLTE_AN_PRECONDITION_WITHOUT_100REL,
    VOLTE_AN_BEARER_NOT_CONFIRMED,
    /* session timers (RFC 4028) */
    VOLTE_AN_SESSION_TIMER_422,
    VOLTE_AN_SESSION_EXPIRED,
    /* registration (RFC 3261 §10, TS 24.229 §5.1.1) */
    VOLTE_AN_AUTH_FAILURE,
    VOLTE_AN_REGISTRATION_FAILED,
    VOLTE_AN_REGISTRATION_EXPIRED,
    /* call outcome (TS 24.229 §7.2A.18, RFC 3326) */
    VOLTE_AN_ABNORMAL_RELEASE,
    VOLTE_AN_LONG_SETUP,
    VOLTE_AN_DIALOG_OPEN_AT_END,
    VOLTE_AN_HOLD_NOT_RESUMED,
    /* the plugin's own limits */
    VOLTE_AN_CALL_LIMIT,
    VOLTE_AN_VALUES_DROPPED,
    VOLTE_AN_COUNT
} volte_anomaly_id;

typedef enum {
    VOLTE_GROUP_SEQUENCE,
    VOLTE_GROUP_RESPONSE_CODE,
    VOLTE_GROUP_PROTOCOL,
    VOLTE_GROUP_MALFORMED,
    VOLTE_GROUP_COUNT
} volte_anomaly_group;

typedef enum { VOLTE_SEVERITY_NOTE, VOLTE_SEVERITY_WARN, VOLTE_SEVERITY_ERROR } volte_anomaly_severity;

/* When a check can be decided. */
typedef enum {
    VOLTE_WHEN_MESSAGE, /* on the message itself, in every mode */
    VOLTE_WHEN_LATER,   /* on a later message; shown on the message it concerns in two-pass mode */
    VOLTE_WHEN_END      /* when a timer has run out in capture time or at the end of the capture:
                         * two-pass mode only */
} volte_anomaly_when;

typedef struct volte_anomaly_def {
    volte_anomaly_id       id;
    const char            *name;      /* volte.expert.<name> */
    volte_anomaly_group    group;
    volte_anomaly_severity severity;
    volte_anomaly_when     when;
    /* Message template.  Placeholders: {frame} the related frame, {a} {b}
     * numbers, {text} a short text, {code} the status code of the message,
     * {method} its method or CSeq method. */
    const char            *text;
    const char            *ref;       /* "RFC 3262 §3" */
    const char            *summary;   /* one line for the README table */
} volte_anomaly_def;

/* One anomaly found on one message. */
typedef struct volte_anomaly {
    uint16_t    id;        /* volte_anomaly_id */
    uint32_t    related;   /* related frame, 0 if none */
    uint32_t    a, b;      /* numbers for the template */
    const char *text;      /* static text for {text}, or NULL */
} volte_anomaly;

const volte_anomaly_def *volte_anomaly_catalogue(size_t *count);
const volte_anomaly_def *volte_anomaly_lookup(volte_anomaly_id id);

/*
 * Fill the template of an anomaly: writes at most size bytes into out,
 * always NUL-terminated, and returns out.  code and method describe the
 * message the anomaly is shown on.
 */
char *volte_anomaly_format(const volte_anomaly *an, unsigned code, const char *method, char *out,
                           size_t size);

/* "Warning 305: incompatible media format, no common codec" for a SIP
 * Warning code (RFC 3261 §20.43), or NULL for other codes. */
const char *volte_warning_text(unsigned code);

#endif
