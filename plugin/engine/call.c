/*
 * call.c - the call and registration state machine.
 *
 * volte_call_on_message() is called once per SIP message of a call, after
 * the transaction layer has paired it, retransmissions excluded.  Requests
 * and responses move the call through the states of call.h; final
 * responses decide the outcome; some messages add call-flow classes; some
 * complete a timing.  docs/call-states.md lists every transition with the
 * section of RFC 3261 (or its extensions) it follows.
 */
#include "volte/call.h"

#include <glib.h>
#include <string.h>

#include "volte/analysis.h"
#include "volte/arena.h"
#include "volte/sip_message.h"
#include "volte/text.h"
#include "volte/transaction.h"

static const char *const state_names[VOLTE_STATE_COUNT] = {
    [VOLTE_STATE_NONE] = "none",
    [VOLTE_STATE_CALLING] = "calling",
    [VOLTE_STATE_PROCEEDING] = "proceeding",
    [VOLTE_STATE_EARLY] = "early",
    [VOLTE_STATE_RINGING] = "ringing",
    [VOLTE_STATE_ANSWERED] = "answered",
    [VOLTE_STATE_CONFIRMED] = "confirmed",
    [VOLTE_STATE_MODIFYING] = "modifying",
    [VOLTE_STATE_RELEASING] = "releasing",
    [VOLTE_STATE_RELEASED] = "released",
    [VOLTE_STATE_CANCELLING] = "cancelling",
    [VOLTE_STATE_CANCELLED] = "cancelled",
    [VOLTE_STATE_FAILED] = "failed",
    [VOLTE_STATE_REGISTERING] = "registering",
    [VOLTE_STATE_CHALLENGED] = "challenged",
    [VOLTE_STATE_REGISTERED] = "registered",
    [VOLTE_STATE_DEREGISTERED] = "deregistered",
    [VOLTE_STATE_REGISTRATION_FAILED] = "registration-failed",
};

static const char *const outcome_names[VOLTE_OUTCOME_COUNT] = {
    [VOLTE_OUTCOME_NONE] = "none",
    [VOLTE_OUTCOME_IN_PROGRESS] = "in-progress",
    [VOLTE_OUTCOME_ANSWERED] = "answered",
    [VOLTE_OUTCOME_BUSY] = "busy",
    [VOLTE_OUTCOME_NO_ANSWER] = "no-answer",
    [VOLTE_OUTCOME_REJECTED] = "rejected",
    [VOLTE_OUTCOME_FORWARDED] = "forwarded",
    [VOLTE_OUTCOME_REDIRECTED] = "redirected",
    [VOLTE_OUTCOME_CANCELLED] = "cancelled",
    [VOLTE_OUTCOME_FAILED] = "failed",
    [VOLTE_OUTCOME_REGISTERED] = "registered",
    [VOLTE_OUTCOME_DEREGISTERED] = "deregistered",
    [VOLTE_OUTCOME_AUTH_FAILED] = "auth-failed",
};

static const char *const flow_names[VOLTE_FLOW_COUNT] = {
    [VOLTE_FLOW_REGISTER] = "register",
    [VOLTE_FLOW_DEREGISTER] = "deregister",
    [VOLTE_FLOW_BASIC_CALL] = "basic-call",
    [VOLTE_FLOW_SESSION_MODIFY] = "session-modify",
    [VOLTE_FLOW_NORMAL_RELEASE] = "normal-release",
    [VOLTE_FLOW_BUSY] = "busy",
    [VOLTE_FLOW_NO_ANSWER_TIMEOUT] = "no-answer-timeout",
    [VOLTE_FLOW_NO_ANSWER_CANCEL] = "no-answer-cancel",
    [VOLTE_FLOW_FORWARD_BUSY] = "forward-busy",
    [VOLTE_FLOW_FORWARD_NO_ANSWER] = "forward-no-answer",
    [VOLTE_FLOW_HOLD] = "hold",
    [VOLTE_FLOW_RESUME] = "resume",
    [VOLTE_FLOW_CALL_WAITING] = "call-waiting",
    [VOLTE_FLOW_REJECTED] = "rejected",
    [VOLTE_FLOW_FAILED] = "failed",
};

static const char *const kpi_names[VOLTE_KPI_COUNT] = {
    [VOLTE_KPI_SRD] = "srd",
    [VOLTE_KPI_ANSWER_DELAY] = "answer_delay",
    [VOLTE_KPI_RINGING_TIME] = "ringing_time",
    [VOLTE_KPI_DURATION] = "duration",
    [VOLTE_KPI_SDD] = "sdd",
    [VOLTE_KPI_RRD] = "rrd",
};

const char *volte_call_state_name(volte_call_state state)
{
    return (unsigned)state < VOLTE_STATE_COUNT ? state_names[state] : "?";
}

const char *volte_outcome_name(volte_outcome outcome)
{
    return (unsigned)outcome < VOLTE_OUTCOME_COUNT ? outcome_names[outcome] : "?";
}

const char *volte_flow_name(volte_flow flow)
{
    return (unsigned)flow < VOLTE_FLOW_COUNT ? flow_names[flow] : "?";
}

const char *volte_kpi_name(volte_kpi kpi)
{
    return (unsigned)kpi < VOLTE_KPI_COUNT ? kpi_names[kpi] : "?";
}

void volte_call_init(volte_call *call, uint32_t number, const char *call_id, volte_arena *arena)
{
    memset(call, 0, sizeof *call);
    call->number = number;
    call->arena = arena;
    call->call_id = volte_arena_strdup(arena, call_id);
    for (int k = 0; k < VOLTE_KPI_COUNT; k++)
        call->kpi_ns[k] = -1;
    call->invite_ns = call->ringing_ns = call->ack_ns = call->bye_ns = call->attempt_ns = -1;
}

void volte_call_clear(volte_call *call)
{
    volte_check_track_clear(&call->checks);
    volte_bearer_track_clear(call->bearer); /* the track itself is in the arena */
    call->call_id = call->caller = call->callee = NULL; /* in the arena */
}

/* ---------------------------------------------------------------- helpers */

/* The hash of the To-tag of early dialog i (0-based, < call->dialogs and
 * VOLTE_MAX_DIALOGS), made room for when create is true. */
static uint32_t *dialog_tag(volte_call *call, uint32_t i, bool create)
{
    if (i < VOLTE_INLINE_DIALOGS)
        return &call->dialog_tags[i];
    if (!call->more_dialog_tags) {
        if (!create)
            return NULL;
        call->more_dialog_tags =
            volte_arena_alloc0(call->arena, (VOLTE_MAX_DIALOGS - VOLTE_INLINE_DIALOGS) * sizeof(uint32_t));
    }
    return &call->more_dialog_tags[i - VOLTE_INLINE_DIALOGS];
}

/* The early dialog of a To-tag, numbered from 1; 0 when over the limit. */
static uint32_t dialog_of(volte_call *call, const char *to_tag)
{
    if (!to_tag || !*to_tag)
        return 0;
    uint32_t h = volte_hash(to_tag);
    for (uint32_t i = 0; i < VOLTE_MAX_DIALOGS && i < call->dialogs; i++)
        if (*dialog_tag(call, i, false) == h)
            return i + 1;
    if (call->dialogs < VOLTE_MAX_DIALOGS)
        *dialog_tag(call, call->dialogs, true) = h;
    call->dialogs++;
    return call->dialogs <= VOLTE_MAX_DIALOGS ? call->dialogs : 0;
}

static void complete_kpi(volte_call *call, volte_msg_info *info, volte_kpi k, int64_t start_ns,
                         int64_t end_ns)
{
    bool once = k != VOLTE_KPI_RRD; /* a call measures each timing once, RRD on every refresh */
    if (start_ns < 0 || end_ns < start_ns)
        return;
    if (once && call->kpi_ns[k] >= 0)
        return;
    call->kpi_ns[k] = end_ns - start_ns;
    info->kpi_mask |= (uint8_t)(1u << k);
    if (!once) {
        /* measured again later (RRD): the message keeps its own value;
         * the others stay in the call record (volte_msg_kpi()) */
        int64_t *value = volte_arena_alloc0(call->arena, sizeof *value);
        *value = end_ns - start_ns;
        info->rrd_ns = value;
    }
}

static void add_flow(volte_call *call, volte_flow f)
{
    call->flows |= VOLTE_FLOW_BIT(f);
}

/* The media direction an SDP offer asks for (RFC 3264 §5.1, §8.4): that of
 * the first audio m= line, else the session-level one, else sendrecv. */
typedef enum { DIR_SENDRECV, DIR_SENDONLY, DIR_RECVONLY, DIR_INACTIVE } media_direction;

static bool direction_of(const char *attr, media_direction *dir)
{
    if (!attr)
        return false;
    if (g_ascii_strcasecmp(attr, "sendrecv") == 0)
        *dir = DIR_SENDRECV;
    else if (g_ascii_strcasecmp(attr, "sendonly") == 0)
        *dir = DIR_SENDONLY;
    else if (g_ascii_strcasecmp(attr, "recvonly") == 0)
        *dir = DIR_RECVONLY;
    else if (g_ascii_strcasecmp(attr, "inactive") == 0)
        *dir = DIR_INACTIVE;
    else
        return false;
    return true;
}

static media_direction sdp_direction(const volte_sdp *sdp)
{
    media_direction dir = DIR_SENDRECV;
    unsigned n = sdp->attr_count < VOLTE_MAX_SDP_ATTRS ? sdp->attr_count : VOLTE_MAX_SDP_ATTRS;
    unsigned session = sdp->session_attr_count < n ? sdp->session_attr_count : n;
    for (unsigned i = 0; i < session; i++)
        direction_of(sdp->attrs[i], &dir);
    unsigned media = sdp->media_count < VOLTE_MAX_SDP_MEDIA ? sdp->media_count : VOLTE_MAX_SDP_MEDIA;
    for (unsigned m = 0; m < media; m++) {
        const volte_sdp_media *md = &sdp->media[m];
        if (!md->line || g_ascii_strncasecmp(md->line, "audio", 5) != 0)
            continue;
        for (unsigned i = md->attr_first; i < md->attr_first + md->attr_count && i < n; i++)
            direction_of(sdp->attrs[i], &dir);
        break;
    }
    return dir;
}

/* A forwarding cause from History-Info (RFC 4458 cause=) or Diversion
 * (RFC 5806 reason=): busy, no answer, or unknown. */
typedef enum { FWD_NONE, FWD_BUSY, FWD_NO_ANSWER, FWD_OTHER } forward_cause;

static forward_cause forwarding_cause(const volte_sip_message *msg)
{
    if (volte_contains_ci(msg->history_info, "cause=486") || volte_contains_ci(msg->history_info, "cause=600") ||
        volte_contains_ci(msg->diversion, "reason=user-busy"))
        return FWD_BUSY;
    if (volte_contains_ci(msg->history_info, "cause=408") || volte_contains_ci(msg->history_info, "cause=480") ||
        volte_contains_ci(msg->history_info, "cause=487") || volte_contains_ci(msg->diversion, "reason=no-answer"))
        return FWD_NO_ANSWER;
    if (msg->diversion || volte_contains_ci(msg->history_info, "cause="))
        return FWD_OTHER;
    return FWD_NONE;
}

static void note_forwarding(volte_call *call, const volte_sip_message *msg, bool announced)
{
    forward_cause cause = forwarding_cause(msg);
    if (cause == FWD_NONE && !announced)
        return;
    call->forwarded = true;
    if (cause == FWD_BUSY)
        add_flow(call, VOLTE_FLOW_FORWARD_BUSY);
    else if (cause == FWD_NO_ANSWER || call->ringing_ns >= 0)
        add_flow(call, VOLTE_FLOW_FORWARD_NO_ANSWER);
}

/* De-registration (RFC 3261 §10.2.2): Expires 0, Contact "*", or every
 * Contact with expires=0. */
static bool is_deregistration(const volte_sip_message *msg)
{
    if (msg->has_expires && msg->expires == 0)
        return true;
    unsigned n = msg->contact_count < VOLTE_MAX_HEADER_VALUES ? msg->contact_count : VOLTE_MAX_HEADER_VALUES;
    if (n == 0)
        return false;
    for (unsigned i = 0; i < n; i++) {
        const char *c = msg->contacts[i];
        if (!c)
            return false;
        while (*c == ' ')
            c++;
        if (*c == '*')
            continue;
        const char *e = strstr(c, "expires=");
        if (!e || e[8] != '0' || (e[9] >= '0' && e[9] <= '9'))
            return false;
    }
    return true;
}

char *volte_uri_user(const char *uri)
{
    if (!uri)
        return NULL;
    while (*uri == ' ' || *uri == '<')
        uri++;
    bool tel = false;
    if (g_ascii_strncasecmp(uri, "sip:", 4) == 0)
        uri += 4;
    else if (g_ascii_strncasecmp(uri, "sips:", 5) == 0)
        uri += 5;
    else if (g_ascii_strncasecmp(uri, "tel:", 4) == 0) {
        uri += 4;
        tel = true;
    } else
        return NULL;
    size_t end = strcspn(uri, tel ? ";>? " : "@;>? ");
    if (end == 0 || (!tel && uri[strcspn(uri, "@>")] != '@'))
        return NULL; /* sip: URI of a host only */
    return g_strndup(uri, end);
}

/* ---------------------------------------------------------------- calls */

/* The user part of uri, else of fallback, in the call's arena; NULL if neither has one. */
static const char *party(volte_call *call, const char *uri, const char *fallback)
{
    char *user = volte_uri_user(uri);
    if (!user && fallback)
        user = volte_uri_user(fallback);
    const char *kept = volte_arena_strdup(call->arena, user);
    g_free(user);
    return kept;
}

static void start_call(volte_call *call, const volte_sip_message *msg)
{
    call->kind = VOLTE_CALL_KIND_CALL;
    if (!call->caller)
        call->caller = party(call, msg->pai_uri, msg->from_uri);
    if (!call->callee)
        call->callee = party(call, msg->to_uri, msg->ruri);
}

static void call_request(volte_call *call, const volte_sip_message *msg, volte_transaction *txn,
                         volte_msg_info *info)
{
    const char *m = msg->method;
    bool in_dialog = msg->to_tag && *msg->to_tag;

    if (volte_is_method(m, "INVITE") && !in_dialog) {
        txn->kind = VOLTE_TXN_INITIAL_INVITE;
        start_call(call, msg);
        if (call->invite_ns < 0) {
            call->invite_ns = msg->time_ns;
            call->invite_txn = txn;
        }
        if (!call->answered) {
            call->state = VOLTE_STATE_CALLING;
            call->outcome = VOLTE_OUTCOME_IN_PROGRESS;
        }
        return;
    }
    if (call->kind != VOLTE_CALL_KIND_CALL) {
        /* the capture started inside a dialog (RFC 3261 §12): what is seen
         * proves the INVITE dialog existed */
        if (!volte_is_method(m, "BYE") && !volte_is_method(m, "ACK") && !volte_is_method(m, "INVITE") &&
            !volte_is_method(m, "UPDATE") && !volte_is_method(m, "PRACK") && !volte_is_method(m, "INFO"))
            return;
        start_call(call, msg);
        call->partial = true;
        call->state = VOLTE_STATE_CONFIRMED;
        call->outcome = VOLTE_OUTCOME_IN_PROGRESS;
        if (!volte_is_method(m, "PRACK") && !volte_is_method(m, "UPDATE")) {
            call->answered = true;
            call->outcome = VOLTE_OUTCOME_ANSWERED;
        }
    }

    if (volte_is_method(m, "INVITE") || volte_is_method(m, "UPDATE")) {
        txn->kind = volte_is_method(m, "INVITE") ? VOLTE_TXN_REINVITE : VOLTE_TXN_UPDATE;
        bool established = call->state == VOLTE_STATE_CONFIRMED || call->state == VOLTE_STATE_ANSWERED;
        if (call->state != VOLTE_STATE_MODIFYING)
            call->resume_state = call->state;
        call->state = VOLTE_STATE_MODIFYING;
        if (established && msg->sdp.present) {
            /* RFC 3311 / RFC 3261 §14: a new offer inside the confirmed dialog */
            add_flow(call, VOLTE_FLOW_SESSION_MODIFY);
            media_direction dir = sdp_direction(&msg->sdp);
            if (dir == DIR_SENDONLY || dir == DIR_INACTIVE) {
                add_flow(call, VOLTE_FLOW_HOLD);
                call->on_hold = true;
            } else if (dir == DIR_SENDRECV && call->on_hold) {
                add_flow(call, VOLTE_FLOW_RESUME);
                call->on_hold = false;
            }
        }
    } else if (volte_is_method(m, "ACK")) {
        if (call->state == VOLTE_STATE_ANSWERED) {
            call->state = VOLTE_STATE_CONFIRMED;
            if (call->ack_ns < 0)
                call->ack_ns = msg->time_ns;
        }
    } else if (volte_is_method(m, "BYE")) {
        txn->kind = VOLTE_TXN_BYE;
        if (call->state != VOLTE_STATE_RELEASED) {
            call->state = VOLTE_STATE_RELEASING;
            if (call->bye_ns < 0) {
                call->bye_ns = msg->time_ns;
                complete_kpi(call, info, VOLTE_KPI_DURATION, call->ack_ns, msg->time_ns);
            }
        }
    } else if (volte_is_method(m, "CANCEL")) {
        txn->kind = VOLTE_TXN_CANCEL;
        call->cancel_seen = true;
        if (!call->answered && call->state != VOLTE_STATE_FAILED && call->state != VOLTE_STATE_CANCELLED)
            call->state = VOLTE_STATE_CANCELLING;
    } else {
        txn->kind = VOLTE_TXN_OTHER;
    }
}

static void initial_invite_final(volte_call *call, const volte_sip_message *msg, bool on_first_leg,
                                 volte_msg_info *info)
{
    unsigned code = msg->status;
    if (code >= 200 && code < 300) {
        call->answered = true;
        call->state = VOLTE_STATE_ANSWERED;
        call->outcome = VOLTE_OUTCOME_ANSWERED;
        add_flow(call, VOLTE_FLOW_BASIC_CALL);
        call->answered_dialog = dialog_of(call, msg->to_tag);
        if (on_first_leg) {
            complete_kpi(call, info, VOLTE_KPI_ANSWER_DELAY, call->invite_ns, msg->time_ns);
            complete_kpi(call, info, VOLTE_KPI_RINGING_TIME, call->ringing_ns, msg->time_ns);
        }
        return;
    }
    if (call->answered)
        return; /* a late failure on another fork or leg does not undo the answer */

    if (on_first_leg)
        complete_kpi(call, info, VOLTE_KPI_RINGING_TIME, call->ringing_ns, msg->time_ns);
    bool ringing = call->ringing_ns >= 0;
    call->state = VOLTE_STATE_FAILED;
    if (code >= 300 && code < 400) {
        note_forwarding(call, msg, false);
        call->outcome = call->forwarded ? VOLTE_OUTCOME_FORWARDED : VOLTE_OUTCOME_REDIRECTED;
    } else if (code == 401 || code == 407) {
        call->outcome = VOLTE_OUTCOME_FAILED; /* a new INVITE with credentials may follow */
    } else if (code == 487) {
        call->state = VOLTE_STATE_CANCELLED;
        call->outcome = VOLTE_OUTCOME_CANCELLED;
        if (call->cancel_seen && ringing)
            add_flow(call, VOLTE_FLOW_NO_ANSWER_CANCEL);
    } else if (code == 486 || code == 600) {
        call->outcome = VOLTE_OUTCOME_BUSY;
        add_flow(call, VOLTE_FLOW_BUSY);
    } else if ((code == 408 || code == 480) && ringing) {
        call->outcome = VOLTE_OUTCOME_NO_ANSWER;
        add_flow(call, VOLTE_FLOW_NO_ANSWER_TIMEOUT);
    } else if (code == 403 || code == 603 || code == 607 || code == 608) {
        call->outcome = VOLTE_OUTCOME_REJECTED;
        add_flow(call, VOLTE_FLOW_REJECTED);
    } else {
        call->outcome = VOLTE_OUTCOME_FAILED;
        add_flow(call, VOLTE_FLOW_FAILED);
    }
}

static void initial_invite_response(volte_call *call, const volte_sip_message *msg, volte_transaction *txn,
                                    volte_msg_info *info)
{
    unsigned code = msg->status;
    bool on_first_leg = call->invite_txn == NULL || call->invite_txn == txn;

    if (code > 100 && code < 700 && on_first_leg)
        complete_kpi(call, info, VOLTE_KPI_SRD, call->invite_ns, msg->time_ns);
    if (code > 100)
        info->dialog = dialog_of(call, msg->to_tag);

    if (code >= 200) {
        initial_invite_final(call, msg, on_first_leg, info);
        return;
    }
    if (call->answered || call->state == VOLTE_STATE_CANCELLING || call->state == VOLTE_STATE_FAILED ||
        call->state == VOLTE_STATE_CANCELLED)
        return;
    if (code == 100) {
        if (call->state == VOLTE_STATE_CALLING)
            call->state = VOLTE_STATE_PROCEEDING;
        return;
    }
    if (code == 180) {
        call->state = VOLTE_STATE_RINGING;
        if (call->ringing_ns < 0)
            call->ringing_ns = msg->time_ns;
        /* TS 24.615: the callee is busy in another call and alerts for this one */
        if (volte_contains_ci(msg->alert_info, "urn:alert:service:call-waiting"))
            add_flow(call, VOLTE_FLOW_CALL_WAITING);
        return;
    }
    if (code == 181)
        note_forwarding(call, msg, true);
    if (msg->to_tag && *msg->to_tag && call->state != VOLTE_STATE_RINGING)
        call->state = VOLTE_STATE_EARLY;
}

static void call_response(volte_call *call, const volte_sip_message *msg, volte_transaction *txn,
                          volte_msg_info *info)
{
    const char *method = msg->cseq_method;
    volte_txn_kind kind = txn ? txn->kind : VOLTE_TXN_UNKNOWN;

    if (kind == VOLTE_TXN_UNKNOWN && volte_is_method(method, "INVITE")) {
        /* request not captured: an INVITE answered before the call was known
         * to be answered is taken for the initial one */
        kind = (call->answered || call->partial) ? VOLTE_TXN_REINVITE : VOLTE_TXN_INITIAL_INVITE;
        if (call->kind != VOLTE_CALL_KIND_CALL) {
            start_call(call, msg);
            call->partial = true;
            call->state = VOLTE_STATE_PROCEEDING;
            call->outcome = VOLTE_OUTCOME_IN_PROGRESS;
        }
        if (txn)
            txn->kind = kind;
    }
    if (call->kind != VOLTE_CALL_KIND_CALL)
        return;

    switch (kind) {
    case VOLTE_TXN_INITIAL_INVITE:
        initial_invite_response(call, msg, txn, info);
        break;
    case VOLTE_TXN_REINVITE:
    case VOLTE_TXN_UPDATE:
        if (msg->status >= 200 && call->state == VOLTE_STATE_MODIFYING)
            call->state = call->resume_state;
        break;
    case VOLTE_TXN_BYE:
        if (msg->status >= 200) {
            call->state = VOLTE_STATE_RELEASED;
            if (msg->status < 300) {
                add_flow(call, VOLTE_FLOW_NORMAL_RELEASE);
                complete_kpi(call, info, VOLTE_KPI_SDD, txn->request_time_ns, msg->time_ns);
            }
        }
        break;
    default:
        if (volte_is_method(method, "BYE") && msg->status >= 200)
            call->state = VOLTE_STATE_RELEASED;
        break;
    }
}

/* ---------------------------------------------------------------- registrations */

static void registration_request(volte_call *call, const volte_sip_message *msg, volte_transaction *txn)
{
    txn->kind = VOLTE_TXN_REGISTER;
    call->kind = VOLTE_CALL_KIND_REGISTRATION;
    if (!call->caller)
        call->caller = party(call, msg->to_uri, NULL);
    if (call->state != VOLTE_STATE_REGISTERING && call->state != VOLTE_STATE_CHALLENGED)
        call->attempt_ns = msg->time_ns; /* a new attempt (RFC 6076 §4.1: RRD starts here) */
    /* An IMS UE's first REGISTER already carries an Authorization header
     * without a response (TS 24.229 §5.1.1.2), so what counts is whether
     * this REGISTER answers a challenge. */
    if (call->state == VOLTE_STATE_CHALLENGED)
        call->credentials_sent = true;
    else if (call->state != VOLTE_STATE_REGISTERING)
        call->credentials_sent = false;
    call->dereg_pending = is_deregistration(msg);
    call->state = VOLTE_STATE_REGISTERING;
    if (call->outcome == VOLTE_OUTCOME_NONE)
        call->outcome = VOLTE_OUTCOME_IN_PROGRESS;
}

static void registration_response(volte_call *call, const volte_sip_message *msg, volte_msg_info *info)
{
    unsigned code = msg->status;
    if (code < 200 || call->state == VOLTE_STATE_NONE)
        return;
    /* a challenge again with stale=true only renews the nonce (RFC 3261 §22.4 via RFC 2617 §3.2.1) */
    bool stale = volte_contains_ci(msg->authenticate, "stale=true");
    if ((code == 401 || code == 407) && (!call->credentials_sent || stale)) {
        call->state = VOLTE_STATE_CHALLENGED; /* RFC 3261 §22.2, TS 24.229 §5.1.1.5 */
        return;
    }
    complete_kpi(call, info, VOLTE_KPI_RRD, call->attempt_ns, msg->time_ns);
    if (code < 300) {
        call->state = call->dereg_pending ? VOLTE_STATE_DEREGISTERED : VOLTE_STATE_REGISTERED;
        call->outcome = call->dereg_pending ? VOLTE_OUTCOME_DEREGISTERED : VOLTE_OUTCOME_REGISTERED;
        add_flow(call, call->dereg_pending ? VOLTE_FLOW_DEREGISTER : VOLTE_FLOW_REGISTER);
    } else {
        call->state = VOLTE_STATE_REGISTRATION_FAILED;
        bool auth = call->credentials_sent && (code == 401 || code == 403 || code == 407);
        call->outcome = auth ? VOLTE_OUTCOME_AUTH_FAILED : VOLTE_OUTCOME_FAILED;
    }
}

/* ---------------------------------------------------------------- entry */

void volte_call_on_message(volte_call *call, const volte_sip_message *msg, volte_transaction *txn,
                           volte_msg_info *info)
{
    if (msg->is_request && txn) {
        if (volte_is_method(msg->method, "REGISTER"))
            registration_request(call, msg, txn);
        else if (call->kind != VOLTE_CALL_KIND_REGISTRATION)
            call_request(call, msg, txn, info);
    } else if (msg->is_response) {
        if (call->kind == VOLTE_CALL_KIND_REGISTRATION && volte_is_method(msg->cseq_method, "REGISTER"))
            registration_response(call, msg, info);
        else if (call->kind != VOLTE_CALL_KIND_REGISTRATION)
            call_response(call, msg, txn, info);
    }
    if (info->dialog == 0 && call->kind == VOLTE_CALL_KIND_CALL && call->dialogs > 0) {
        /* in-dialog messages carry the callee's tag as To-tag when the caller
         * sends them and as From-tag when the callee does: look both up
         * without creating a dialog */
        uint32_t to = msg->to_tag ? volte_hash(msg->to_tag) : 0;
        uint32_t from = msg->from_tag ? volte_hash(msg->from_tag) : 0;
        for (uint32_t i = 0; i < VOLTE_MAX_DIALOGS && i < call->dialogs; i++)
            if (*dialog_tag(call, i, false) == to || *dialog_tag(call, i, false) == from)
                info->dialog = i + 1;
    }
}
