/*
 * checks.c - the anomaly checks of anomaly.h, run over the messages of a
 * capture and once more at its end.
 *
 * Message checks look at one message with what the call remembers
 * (volte_check_track).  End checks run once, from volte_engine_finish(),
 * for what only a timer or the end of the capture can tell; they never
 * fire for a timer that had not run out when the capture ended, so a
 * capture that stops mid-call raises nothing about what it could not see.
 */
#include "volte/checks.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "volte/analysis.h"
#include "volte/call.h"
#include "volte/sip_message.h"
#include "volte/status_catalogue.h"
#include "volte/text.h"
#include "volte/transaction.h"

#define MS 1000000LL
#define VOLTE_TIMER_C_MS (180 * 1000) /* RFC 3261 §16.6: greater than 3 minutes */

void volte_check_config_default(volte_check_config *config)
{
    config->t1_ms = 500;
    config->timer_b_ms = 64 * 500;
    config->long_setup_ms = 4000;
    config->max_calls = VOLTE_MAX_CALLS;
}

void volte_check_track_clear(volte_check_track *track)
{
    g_free(track->reliable);
    track->reliable = NULL;
    track->reliable_count = 0;
}

void volte_msg_add_anomaly(volte_msg_info *info, volte_anomaly_id id, uint32_t related, uint32_t a, uint32_t b,
                           const char *text)
{
    if (!info || info->anomaly_count == UINT16_MAX)
        return;
    for (unsigned i = 0; i < info->anomaly_count; i++)
        if (info->anomalies[i].id == id)
            return; /* one of a kind per message */
    info->anomalies = g_renew(volte_anomaly, info->anomalies, info->anomaly_count + 1u);
    volte_anomaly *an = &info->anomalies[info->anomaly_count++];
    an->id = (uint16_t)id;
    an->related = related;
    an->a = a;
    an->b = b;
    an->text = text;
}

/* Record an anomaly and count it against the call when it is not a note. */
static void raise_on(volte_call *call, volte_msg_info *info, volte_anomaly_id id, uint32_t related, uint32_t a,
                     uint32_t b, const char *text)
{
    unsigned before = info ? info->anomaly_count : 0;
    volte_msg_add_anomaly(info, id, related, a, b, text);
    const volte_anomaly_def *def = volte_anomaly_lookup(id);
    if (call && info && info->anomaly_count > before && def->severity != VOLTE_SEVERITY_NOTE)
        call->anomalies++;
}

/* ---------------------------------------------------------------- helpers */

/* The number after "name=" in a header value (bounded), or -1. */
static long number_after(const char *s, const char *name)
{
    if (!s)
        return -1;
    size_t n = strlen(name);
    for (const char *p = s; *p; p++) {
        if (g_ascii_strncasecmp(p, name, n) == 0 && p[n] >= '0' && p[n] <= '9') {
            long v = 0;
            for (const char *q = p + n; *q >= '0' && *q <= '9' && v < 100000000; q++)
                v = v * 10 + (*q - '0');
            return v;
        }
    }
    return -1;
}

/* A leading decimal number (Session-Expires: 1800;refresher=uac), or -1. */
static long leading_number(const char *s)
{
    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    if (*s < '0' || *s > '9')
        return -1;
    long v = 0;
    for (; *s >= '0' && *s <= '9' && v < 100000000; s++)
        v = v * 10 + (*s - '0');
    return v;
}

/* RFC 3326 / TS 24.229 §7.2A.18: is this Reason an abnormal release? */
static bool abnormal_reason(const char *reason, const char **protocol, uint32_t *cause)
{
    if (!reason)
        return false;
    long c = number_after(reason, "cause=");
    while (*reason == ' ')
        reason++;
    if (g_ascii_strncasecmp(reason, "Q.850", 5) == 0) {
        *protocol = "Q.850";
        *cause = c < 0 ? 0 : (uint32_t)c;
        return c >= 0 && c != 16 && c != 31;
    }
    if (g_ascii_strncasecmp(reason, "RELEASE_CAUSE", 13) == 0) {
        *protocol = "RELEASE_CAUSE";
        *cause = c < 0 ? 0 : (uint32_t)c;
        return c >= 2 && c <= 6;
    }
    if (g_ascii_strncasecmp(reason, "FAILURE_CAUSE", 13) == 0) {
        *protocol = "FAILURE_CAUSE";
        *cause = c < 0 ? 0 : (uint32_t)c;
        return true;
    }
    return false;
}

/* Binding lifetime granted by a 2xx to REGISTER: the first Contact's
 * expires parameter, else the Expires header (RFC 3261 §10.2.4). */
static long binding_seconds(const volte_sip_message *msg)
{
    if (msg->contact_count > 0 && msg->contacts[0]) {
        long e = number_after(msg->contacts[0], "expires=");
        if (e >= 0)
            return e;
    }
    return msg->has_expires ? (long)msg->expires : -1;
}

/* ---------------------------------------------------------------- message checks */

static void syntax_checks(volte_call *call, const volte_sip_message *msg, volte_msg_info *info,
                          int64_t capture_start_ns, const volte_check_config *config)
{
    uint32_t p = info->problems;
    if (p & VOLTE_PROBLEM_NOT_SIP)
        raise_on(call, info, VOLTE_AN_NOT_SIP, 0, 0, 0, NULL);
    if (p & VOLTE_PROBLEM_NO_CALL_ID)
        raise_on(call, info, VOLTE_AN_MISSING_CALL_ID, 0, 0, 0, NULL);
    if (p & VOLTE_PROBLEM_NO_CSEQ)
        raise_on(call, info, VOLTE_AN_MISSING_CSEQ, 0, 0, 0, NULL);
    if (p & VOLTE_PROBLEM_CSEQ_METHOD)
        raise_on(call, info, VOLTE_AN_CSEQ_METHOD_MISMATCH, 0, 0, 0, NULL);
    if (p & VOLTE_PROBLEM_STATUS_RANGE)
        raise_on(call, info, VOLTE_AN_STATUS_OUT_OF_RANGE, 0, 0, 0, NULL);
    if (p & VOLTE_PROBLEM_STATUS_UNKNOWN)
        raise_on(call, info, VOLTE_AN_STATUS_UNREGISTERED, 0, volte_status_class(msg->status) * 100, 0, NULL);
    if (p & VOLTE_PROBLEM_CALL_LIMIT)
        raise_on(call, info, VOLTE_AN_CALL_LIMIT, 0, config->max_calls, 0, NULL);
    if (msg->dropped || msg->sdp.dropped)
        raise_on(call, info, VOLTE_AN_VALUES_DROPPED, 0, msg->dropped, msg->sdp.dropped, NULL);
    /* a response whose request may predate the capture is no anomaly: an
     * INVITE can wait for its final response up to Timer C */
    int64_t window = (msg->cseq_method && strcmp(msg->cseq_method, "INVITE") == 0) ? VOLTE_TIMER_C_MS
                                                                                    : config->timer_b_ms;
    if ((p & VOLTE_PROBLEM_ORPHAN) && msg->time_ns - capture_start_ns > window * MS)
        raise_on(call, info, VOLTE_AN_ORPHAN_RESPONSE, 0, 0, 0, NULL);
}

static void retransmission_checks(volte_call *call, const volte_sip_message *msg, const volte_transaction *txn,
                                  volte_msg_info *info)
{
    if (!info->retransmission || !txn)
        return;
    if (msg->is_request) {
        uint32_t n = txn->request_copies > 0 ? txn->request_copies - 1 : 0;
        /* Timer A doubles from T1 until Timer B: 6 retransmissions; Timer E
         * caps at T2 until Timer F: 10 (RFC 3261 §17.1.1.2, §17.1.2.2) */
        uint32_t limit = (txn->kind == VOLTE_TXN_INITIAL_INVITE || txn->kind == VOLTE_TXN_REINVITE) ? 6 : 10;
        if (n > limit)
            raise_on(call, info, VOLTE_AN_EXCESS_RETRANSMISSION, info->retransmission_of, n, limit, NULL);
        else
            raise_on(call, info, VOLTE_AN_RETRANSMISSION, info->retransmission_of, n, 0, NULL);
        return;
    }
    raise_on(call, info, VOLTE_AN_RETRANSMISSION, info->retransmission_of, txn->response_repeats, 0, NULL);
    bool invite = txn->kind == VOLTE_TXN_INITIAL_INVITE || txn->kind == VOLTE_TXN_REINVITE;
    if (invite && msg->status >= 200 && msg->status < 300)
        raise_on(call, info, VOLTE_AN_ACK_MISSING, info->retransmission_of, 0, 0,
                 "it is retransmitted because no ACK has arrived yet");
    if (invite && msg->status > 100 && msg->status < 200 && msg->has_rseq)
        raise_on(call, info, VOLTE_AN_RELIABLE_1XX_RETRANSMITTED, info->retransmission_of, msg->rseq, 0, NULL);
}

static void header_checks(volte_call *call, const volte_sip_message *msg, volte_msg_info *info)
{
    unsigned code = msg->status;
    uint32_t h = msg->headers;
    const char *missing = NULL;
    if (code == 401 && !(h & VOLTE_HDR_WWW_AUTHENTICATE))
        missing = "WWW-Authenticate";
    else if (code == 407 && !(h & VOLTE_HDR_PROXY_AUTHENTICATE))
        missing = "Proxy-Authenticate";
    else if (code == 405 && !(h & VOLTE_HDR_ALLOW))
        missing = "Allow";
    else if (code == 420 && !(h & VOLTE_HDR_UNSUPPORTED))
        missing = "Unsupported";
    else if (code == 423 && !(h & VOLTE_HDR_MIN_EXPIRES))
        missing = "Min-Expires";
    else if (code >= 300 && code < 400 && code != 380 && !(h & VOLTE_HDR_CONTACT))
        missing = "Contact";
    if (missing)
        raise_on(call, info, VOLTE_AN_MISSING_HEADER, 0, 0, 0, missing);
    if (code == 503 && !(h & VOLTE_HDR_RETRY_AFTER))
        raise_on(call, info, VOLTE_AN_RETRY_AFTER_MISSING, 0, 0, 0, NULL);
    if (code == 422 && !(h & VOLTE_HDR_MIN_SE))
        raise_on(call, info, VOLTE_AN_SESSION_TIMER_422, 0, 0, 0, NULL);
}

static void response_code_checks(volte_call *call, const volte_sip_message *msg, const volte_transaction *txn,
                                 volte_msg_info *info)
{
    unsigned code = msg->status;
    /* 481 to a request inside a dialog (when the request was not captured,
     * judged by methods that only exist inside one) */
    bool in_dialog = txn && txn->request_frame
                         ? txn->in_dialog
                         : (volte_is_method(msg->cseq_method, "BYE") || volte_is_method(msg->cseq_method, "PRACK") ||
                            volte_is_method(msg->cseq_method, "UPDATE") || volte_is_method(msg->cseq_method, "INFO"));
    if (code == 481 && in_dialog)
        raise_on(call, info, VOLTE_AN_DIALOG_MISMATCH, 0, 0, 0, NULL);
    if (code == 482 || code == 483)
        raise_on(call, info, VOLTE_AN_LOOP, 0, 0, 0, NULL);
    if (code == 491)
        raise_on(call, info, VOLTE_AN_GLARE, 0, 0, 0, NULL);
    if (code == 580)
        raise_on(call, info, VOLTE_AN_PRECONDITION_FAILURE, 0, 0, 0, NULL);
    if (code == 488 || code == 606) {
        long w = leading_number(msg->warning);
        const char *why = w > 0 ? volte_warning_text((unsigned)w) : NULL;
        raise_on(call, info, VOLTE_AN_MEDIA_REJECTED, 0, 0, 0,
                 why ? why : msg->warning ? "Warning code not one of RFC 3261 §20.43" : "no Warning header says why");
    }
}

static unsigned side_of(const volte_check_track *t, const volte_sip_message *msg)
{
    return (t->caller_tag && volte_hash(msg->from_tag) == t->caller_tag) ? 0 : 1;
}

static void request_checks(const volte_check_config *config, volte_call *call, const volte_sip_message *msg,
                           volte_transaction *txn, volte_msg_info *info)
{
    volte_check_track *t = &call->checks;
    const char *m = msg->method ? msg->method : "";
    bool initial = volte_is_method(m, "INVITE") && !(msg->to_tag && *msg->to_tag);
    (void)config;

    if (initial && !info->retransmission) {
        if (!t->caller_tag)
            t->caller_tag = volte_hash(msg->from_tag);
        t->invite_frame = msg->frame;
        bool precondition =
            volte_has_option(msg->require, "precondition") || volte_has_option(msg->supported, "precondition");
        bool reliable = volte_has_option(msg->require, "100rel") || volte_has_option(msg->supported, "100rel");
        if (precondition && !reliable)
            raise_on(call, info, VOLTE_AN_PRECONDITION_WITHOUT_100REL, 0, 0, 0, NULL);
    }

    /* CSeq grows per side of the dialog (RFC 3261 §12.2.1.1); ACK and
     * CANCEL reuse the CSeq of the request they belong to */
    if (!info->retransmission && msg->has_cseq && !volte_is_method(m, "ACK") && !volte_is_method(m, "CANCEL") &&
        call->kind == VOLTE_CALL_KIND_CALL) {
        unsigned side = side_of(t, msg);
        /* the same request on the next hop of a proxy keeps its CSeq and method */
        bool next_hop = t->have_cseq[side] && msg->cseq == t->last_cseq[side] &&
                        strncmp(m, t->last_cseq_method[side], sizeof t->last_cseq_method[side] - 1) == 0;
        if (t->have_cseq[side] && msg->cseq <= t->last_cseq[side] && !next_hop)
            raise_on(call, info, VOLTE_AN_CSEQ_REGRESSION, t->last_cseq_frame[side], msg->cseq, t->last_cseq[side],
                     NULL);
        if (!next_hop) {
            t->have_cseq[side] = true;
            t->last_cseq[side] = msg->cseq;
            t->last_cseq_frame[side] = msg->frame;
            g_strlcpy(t->last_cseq_method[side], m, sizeof t->last_cseq_method[side]);
        }
    }
    if (info->retransmission)
        return;

    if (volte_is_method(m, "CANCEL")) {
        if (!t->provisional_seen && t->invite_frame)
            raise_on(call, info, VOLTE_AN_CANCEL_BEFORE_PROVISIONAL, t->invite_frame, 0, 0, NULL);
        t->cancel_frame = msg->frame;
    } else if (volte_is_method(m, "PRACK") && msg->has_rack) {
        bool found = false;
        for (unsigned i = 0; i < t->reliable_count; i++) {
            volte_reliable_1xx *r = &t->reliable[i];
            if (r->rseq == msg->rack_rseq && r->cseq == msg->rack_cseq) {
                r->pracked = true;
                found = true;
            }
        }
        if (!found)
            raise_on(call, info, VOLTE_AN_RACK_MISMATCH, 0, msg->rack_rseq, msg->rack_cseq, NULL);
    } else if (volte_is_method(m, "ACK")) {
        if (t->ack_frame && msg->cseq == t->ack_cseq)
            t->ack_frame = 0;
    } else if ((volte_is_method(m, "INVITE") && !initial) || volte_is_method(m, "UPDATE")) {
        if (msg->sdp.present) {
            const volte_transaction *p = t->pending_offer;
            bool next_hop = p && msg->cseq == t->pending_offer_cseq; /* the same offer, forwarded */
            /* offers crossing from both sides are glare, answered by 491 (RFC 3261 §14.2) */
            bool same_side = side_of(t, msg) == t->pending_offer_side;
            if (p && p != txn && p->final_frame == 0 && !next_hop && same_side)
                raise_on(call, info, VOLTE_AN_OFFER_WHILE_PENDING, t->pending_offer_frame, 0, 0,
                         t->pending_offer_method);
            t->pending_offer = txn;
            t->pending_offer_frame = msg->frame;
            t->pending_offer_cseq = msg->cseq;
            t->pending_offer_side = side_of(t, msg);
            t->pending_offer_method = volte_is_method(m, "UPDATE") ? "UPDATE" : "re-INVITE";
        }
        if (call->on_hold && !t->hold_info)
            t->hold_info = info;
        else if (!call->on_hold)
            t->hold_info = NULL;
    } else if (volte_is_method(m, "REGISTER")) {
        t->binding_info = NULL; /* a refresh (or removal) is on its way */
    }

    if (volte_is_method(m, "BYE") && !t->bye_frame)
        t->bye_frame = msg->frame;
    if (volte_is_method(m, "BYE") || volte_is_method(m, "CANCEL")) {
        const char *protocol = NULL;
        uint32_t cause = 0;
        if (abnormal_reason(msg->reason, &protocol, &cause))
            raise_on(call, info, VOLTE_AN_ABNORMAL_RELEASE, 0, cause, 0, protocol);
    }
}

static void invite_response_checks(const volte_check_config *config, volte_call *call, const volte_sip_message *msg,
                                   volte_transaction *txn, volte_msg_info *info)
{
    volte_check_track *t = &call->checks;
    unsigned code = msg->status;
    bool tagged = msg->to_tag && *msg->to_tag;
    /* the view this message just got (the engine set it before the checks) */
    const volte_bearer_view *bearer = (info->bearer && call->bearer) ? &call->bearer->now : NULL;
    bool qos_unmet = bearer && bearer->preconditions && !bearer->qos_met;

    if (code >= 100 && code < 200)
        t->provisional_seen = true; /* 100 Trying included (RFC 3261 §9.1) */
    if (code > 100 && code < 200) {
        if (!tagged)
            raise_on(call, info, VOLTE_AN_MISSING_TO_TAG, 0, 0, 0, NULL);
        if (volte_has_option(msg->require, "100rel")) {
            if (!msg->has_rseq) {
                raise_on(call, info, VOLTE_AN_RSEQ_MISSING, 0, 0, 0, NULL);
            } else {
                /* RSeq runs per leg: the same 183 forwarded by a proxy keeps its RSeq,
                 * and a copy caught at another capture point is the same response */
                const volte_reliable_1xx *last = NULL;
                bool known = false;
                for (unsigned i = 0; i < t->reliable_count; i++)
                    if (t->reliable[i].txn == txn && t->reliable[i].rseq == msg->rseq)
                        known = true;
                for (unsigned i = 0; i < t->reliable_count && !known; i++) {
                    const volte_reliable_1xx *r = &t->reliable[i];
                    if (r->txn != txn)
                        continue;
                    if (!r->pracked && r->rseq != msg->rseq) {
                        raise_on(call, info, VOLTE_AN_SECOND_RELIABLE_BEFORE_PRACK, r->frame, msg->rseq, 0, NULL);
                    }
                    last = r;
                }
                if (!known && last && msg->rseq != last->rseq + 1)
                    raise_on(call, info, VOLTE_AN_RSEQ_GAP, last->frame, msg->rseq, last->rseq, NULL);
                if (!known && t->reliable_count < VOLTE_MAX_RELIABLE) {
                    /* room for 2, then 4, then VOLTE_MAX_RELIABLE: most calls have one or two */
                    unsigned n = t->reliable_count;
                    if (n == 0 || (n >= 2 && (n & (n - 1)) == 0)) {
                        unsigned room = n == 0 ? 2u : MIN(2 * n, (unsigned)VOLTE_MAX_RELIABLE);
                        t->reliable = g_renew(volte_reliable_1xx, t->reliable, room);
                        memset(&t->reliable[n], 0, (room - n) * sizeof t->reliable[0]);
                    }
                    volte_reliable_1xx *r = &t->reliable[t->reliable_count++];
                    r->txn = txn;
                    r->rseq = msg->rseq;
                    r->cseq = msg->cseq;
                    r->frame = msg->frame;
                    r->time_ns = msg->time_ns;
                    r->with_sdp = msg->sdp.present;
                    r->pracked = false;
                    r->status = code;
                    r->info = info;
                }
            }
        }
        if (code == 180 && qos_unmet)
            raise_on(call, info, VOLTE_AN_ALERT_BEFORE_QOS, 0, 0, 0, NULL);
    } else if (code >= 200 && code < 300) {
        if (!tagged)
            raise_on(call, info, VOLTE_AN_MISSING_TO_TAG, 0, 0, 0, NULL);
        for (unsigned i = 0; i < t->reliable_count; i++)
            if (t->reliable[i].with_sdp && !t->reliable[i].pracked) {
                raise_on(call, info, VOLTE_AN_ANSWER_BEFORE_PRACK, t->reliable[i].frame, 0, 0, NULL);
                break;
            }
        if (qos_unmet)
            raise_on(call, info, VOLTE_AN_ANSWER_BEFORE_QOS, 0, 0, 0, NULL);
        if (t->cancel_frame)
            raise_on(call, info, VOLTE_AN_CANCEL_RACE, t->cancel_frame, 0, 0, NULL);
        if (!t->answer_info)
            t->answer_info = info;
    }
    int64_t srd = volte_msg_kpi(info, VOLTE_KPI_SRD);
    if (srd > (int64_t)config->long_setup_ms * MS)
        raise_on(call, info, VOLTE_AN_LONG_SETUP, 0, (uint32_t)(srd / MS),
                 config->long_setup_ms, NULL);
    (void)txn;
}

static void response_checks(const volte_check_config *config, volte_call *call, const volte_sip_message *msg,
                            volte_transaction *txn, volte_msg_info *info)
{
    volte_check_track *t = &call->checks;
    volte_txn_kind kind = txn ? txn->kind : VOLTE_TXN_UNKNOWN;
    unsigned code = msg->status;

    if (info->retransmission)
        return;
    if (kind == VOLTE_TXN_INITIAL_INVITE)
        invite_response_checks(config, call, msg, txn, info);
    if ((kind == VOLTE_TXN_INITIAL_INVITE || kind == VOLTE_TXN_REINVITE) && code >= 200 && code < 300) {
        t->ack_cseq = msg->cseq;
        t->ack_frame = msg->frame;
        t->ack_since_ns = msg->time_ns;
        t->ack_info = info;
    }
    if ((kind == VOLTE_TXN_INITIAL_INVITE || kind == VOLTE_TXN_REINVITE || kind == VOLTE_TXN_UPDATE) && code >= 200 &&
        code < 300) {
        long se = leading_number(msg->session_expires);
        if (se > 0) {
            t->session_expires_s = (uint32_t)se;
            t->session_refreshed_ns = msg->time_ns;
            t->session_info = info;
        } else if (t->session_expires_s) {
            t->session_refreshed_ns = msg->time_ns; /* a refresh without a new interval */
        }
    }
    if (kind == VOLTE_TXN_REGISTER && code >= 200) {
        if (call->state == VOLTE_STATE_CHALLENGED) {
            t->challenge_frame = msg->frame;
        } else if (call->state == VOLTE_STATE_REGISTRATION_FAILED) {
            if (call->outcome == VOLTE_OUTCOME_AUTH_FAILED)
                raise_on(call, info, VOLTE_AN_AUTH_FAILURE, t->challenge_frame, 0, 0, NULL);
            else if (code != 423) /* 423 negotiates the interval: a retry follows (RFC 3261 §10.2.8) */
                raise_on(call, info, VOLTE_AN_REGISTRATION_FAILED, 0, 0, 0, NULL);
        } else if (call->state == VOLTE_STATE_REGISTERED) {
            long s = binding_seconds(msg);
            t->binding_s = s > 0 ? (uint32_t)s : 0;
            t->binding_since_ns = msg->time_ns;
            t->binding_info = s > 0 ? info : NULL;
        }
    }
}

void volte_checks_on_message(const volte_check_config *config, volte_call *call, const volte_sip_message *msg,
                             volte_transaction *txn, volte_msg_info *info, int64_t capture_start_ns)
{
    syntax_checks(call, msg, info, capture_start_ns, config);
    if (!msg->is_request && !msg->is_response)
        return;
    if (msg->is_response) {
        header_checks(call, msg, info);
        if (!info->retransmission)
            response_code_checks(call, msg, txn, info);
    }
    retransmission_checks(call, msg, txn, info);
    if (!call)
        return;
    call->last_info = info;
    if (msg->is_request)
        request_checks(config, call, msg, txn, info);
    else
        response_checks(config, call, msg, txn, info);
}

/* ---------------------------------------------------------------- end checks */

void volte_checks_finish_transaction(const volte_check_config *config, volte_transaction *txn, int64_t capture_end_ns)
{
    volte_msg_info *req = txn->request_info;
    if (!req || txn->final_frame != 0 || txn->kind == VOLTE_TXN_ACK || txn->kind == VOLTE_TXN_UNKNOWN)
        return;
    bool invite = txn->kind == VOLTE_TXN_INITIAL_INVITE || txn->kind == VOLTE_TXN_REINVITE;
    /* A provisional response stops Timer B (RFC 3261 §17.1.1.2); the INVITE
     * then waits for the caller or for a proxy's Timer C (over 3 minutes,
     * §16.6 step 11).  Non-INVITE requests keep Timer F whatever comes. */
    bool provisional = invite && txn->first_response_frame != 0;
    uint32_t limit_ms = provisional ? VOLTE_TIMER_C_MS : config->timer_b_ms;
    if (capture_end_ns < txn->request_time_ns + (int64_t)limit_ms * MS)
        return; /* the capture ended before the timer could run out */
    volte_call *call = (volte_call *)req->call_rec;
    if (call && invite)
        call->checks.invite_timed_out = true;
    raise_on(call, req, invite ? VOLTE_AN_INVITE_TIMEOUT : VOLTE_AN_NON_INVITE_TIMEOUT, 0, limit_ms, 0,
             invite ? (provisional ? "Timer C, after a provisional response" : "Timer B, no response at all")
                    : "Timer F");
}

static bool call_up(const volte_call *call)
{
    switch (call->state) {
    case VOLTE_STATE_RELEASED:
    case VOLTE_STATE_CANCELLED:
    case VOLTE_STATE_FAILED:
    case VOLTE_STATE_NONE:
        return false;
    default:
        return call->kind == VOLTE_CALL_KIND_CALL;
    }
}

/* Whether the call's voice bearers, as the EPC side of the capture shows
 * them, back the answer: NULL when they do, else what is wrong. */
static const char *bearer_problem(const volte_call *call, uint32_t bye_frame)
{
    const volte_bearer_view *v = &call->bearer->now;
    bool epc_setup = false, epc_early_release = false;
    for (int side = 0; side < VOLTE_SIDES; side++) {
        const volte_bearer *b = &v->side[side][VOLTE_MEDIA_AUDIO];
        if (b->evidence != VOLTE_EVIDENCE_EPC)
            continue;
        if (b->active_ns >= 0 || b->state == VOLTE_BEARER_ACTIVE)
            epc_setup = true;
        if (b->state == VOLTE_BEARER_RELEASED && (bye_frame == 0 || b->since_frame < bye_frame))
            epc_early_release = true;
    }
    if (!epc_setup)
        return "the EPC signalling of the capture shows no QCI 1 bearer for it";
    if (epc_early_release)
        return "its QCI 1 bearer was released before the BYE (a dropped call)";
    return NULL;
}

void volte_checks_finish_call(const volte_check_config *config, volte_call *call, int64_t capture_end_ns,
                              bool epc_seen)
{
    volte_check_track *t = &call->checks;
    int64_t timer = (int64_t)config->timer_b_ms * MS;
    bool invite_over = call->answered || call->state == VOLTE_STATE_FAILED || call->state == VOLTE_STATE_CANCELLED ||
                       call->state == VOLTE_STATE_RELEASED;

    for (unsigned i = 0; i < t->reliable_count; i++) {
        volte_reliable_1xx *r = &t->reliable[i];
        if (!r->pracked && (invite_over || capture_end_ns >= r->time_ns + timer))
            raise_on(call, r->info, VOLTE_AN_PRACK_MISSING, 0, r->rseq, 0, NULL);
    }
    /* Timer H: the UAS gives up retransmitting its 2xx (RFC 3261 §13.3.1.4) */
    if (t->ack_frame && capture_end_ns >= t->ack_since_ns + timer)
        raise_on(call, t->ack_info, VOLTE_AN_ACK_MISSING, 0, 0, 0, "no ACK arrived within Timer H");
    if (t->session_info && t->session_expires_s) {
        int64_t deadline = t->session_refreshed_ns + (int64_t)t->session_expires_s * 1000 * MS;
        bool still_up = call_up(call) || (call->bye_ns > deadline);
        if (capture_end_ns >= deadline && still_up)
            raise_on(call, t->session_info, VOLTE_AN_SESSION_EXPIRED, 0, t->session_expires_s, 0, NULL);
    }
    if (t->binding_info && t->binding_s &&
        capture_end_ns >= t->binding_since_ns + (int64_t)t->binding_s * 1000 * MS)
        raise_on(call, t->binding_info, VOLTE_AN_REGISTRATION_EXPIRED, 0, t->binding_s, 0, NULL);
    if (call_up(call) && call->last_info && !t->invite_timed_out)
        raise_on(call, call->last_info, VOLTE_AN_DIALOG_OPEN_AT_END, 0, 0, 0, volte_call_state_name(call->state));
    if (t->hold_info && call->on_hold)
        raise_on(call, t->hold_info, VOLTE_AN_HOLD_NOT_RESUMED, 0, 0, 0, NULL);
    /* judged only for calls the EPC side is seen to serve: a call leg of a
     * fixed-line client (a B2BUA's other leg) has no bearer to look for */
    if (epc_seen && t->answer_info && !call->partial && call->bearer && call->bearer->now.epc_frame) {
        const char *problem = bearer_problem(call, t->bye_frame);
        if (problem)
            raise_on(call, t->answer_info, VOLTE_AN_BEARER_NOT_CONFIRMED, 0, 0, 0, problem);
    }
}
