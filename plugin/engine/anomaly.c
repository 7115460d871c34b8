/*
 * anomaly.c - the catalogue of call-flow checks, and their message texts.
 *
 * One row per check: the data the README's table, the expert-info
 * registration and the messages are all made from.  The checks themselves
 * live in checks.c.
 */
#include "volte/anomaly.h"

#include <stdio.h>
#include <string.h>

#define SEQ VOLTE_GROUP_SEQUENCE
#define RSP VOLTE_GROUP_RESPONSE_CODE
#define PRO VOLTE_GROUP_PROTOCOL
#define MAL VOLTE_GROUP_MALFORMED
#define NOTE VOLTE_SEVERITY_NOTE
#define WARN VOLTE_SEVERITY_WARN
#define ERR VOLTE_SEVERITY_ERROR
#define MSG VOLTE_WHEN_MESSAGE
#define LATER VOLTE_WHEN_LATER
#define END VOLTE_WHEN_END

static const volte_anomaly_def catalogue[VOLTE_AN_COUNT] = {
    {VOLTE_AN_NOT_SIP, "not_sip", MAL, WARN, MSG,
     "Not a SIP message on the SIP port ({text}): neither a request line nor a status line parses",
     "RFC 3261 §7.1, §7.2", "bytes on the SIP port that are not SIP (keep-alives excepted)"},
    {VOLTE_AN_MISSING_CALL_ID, "missing_call_id", MAL, WARN, MSG,
     "No Call-ID header was parsed; the message cannot be assigned to a call", "RFC 3261 §8.1.1.4",
     "no Call-ID"},
    {VOLTE_AN_MISSING_CSEQ, "missing_cseq", MAL, WARN, MSG,
     "No CSeq header was parsed; the message cannot be paired with its transaction", "RFC 3261 §8.1.1.5",
     "no CSeq"},
    {VOLTE_AN_CSEQ_METHOD_MISMATCH, "cseq_method_mismatch", PRO, WARN, MSG,
     "Request method differs from its CSeq method", "RFC 3261 §8.1.1.5",
     "request method and CSeq method differ"},
    {VOLTE_AN_STATUS_OUT_OF_RANGE, "status_out_of_range", MAL, WARN, MSG,
     "Status code {code} is outside 100..699", "RFC 3261 §7.2", "status code outside 100..699"},
    {VOLTE_AN_STATUS_UNREGISTERED, "status_unregistered", RSP, NOTE, MSG,
     "Status code {code} is not in the IANA registry; a client treats it as {a}", "RFC 3261 §8.1.3.2",
     "status code not in the IANA registry"},

    {VOLTE_AN_INVITE_TIMEOUT, "invite_timeout", SEQ, ERR, END,
     "{method} in this frame got no final response within {a} ms ({text})", "RFC 3261 §17.1.1.2, §16.6",
     "no response to an INVITE within Timer B (64·T1), or no final response within Timer C (3 min) after "
     "a provisional one, in capture time"},
    {VOLTE_AN_NON_INVITE_TIMEOUT, "non_invite_timeout", SEQ, ERR, END,
     "{method} in this frame got no final response within {a} ms ({text})", "RFC 3261 §17.1.2.2",
     "no final response to a non-INVITE request within Timer F (64·T1)"},
    {VOLTE_AN_RETRANSMISSION, "retransmission", SEQ, NOTE, MSG,
     "Retransmission {a} of frame {frame}", "RFC 3261 §17.1.1.2, §17.1.2.2",
     "a retransmitted request or response, with its count"},
    {VOLTE_AN_EXCESS_RETRANSMISSION, "excess_retransmission", SEQ, WARN, MSG,
     "Retransmission {a} of frame {frame} goes beyond the Timer A/E schedule (at most {b})",
     "RFC 3261 §17.1.1.2, §17.1.2.2", "more retransmissions than Timer A/E allow before Timer B/F"},
    {VOLTE_AN_ACK_MISSING, "ack_missing", SEQ, WARN, LATER,
     "2xx to the INVITE was not acknowledged: {text}", "RFC 3261 §13.3.1.4",
     "2xx to an INVITE retransmitted for lack of ACK, or never ACKed (decided on the retransmission "
     "or at Timer H / end of capture)"},
    {VOLTE_AN_ORPHAN_RESPONSE, "orphan_response", SEQ, NOTE, MSG,
     "Response to a request the capture does not hold, although it covers the time it was sent",
     "RFC 3261 §17.1.3", "response without its request, more than 64·T1 after the capture started"},
    {VOLTE_AN_CSEQ_REGRESSION, "cseq_regression", SEQ, WARN, MSG,
     "CSeq {a} is not higher than {b}, the last CSeq of this side of the dialog (frame {frame})",
     "RFC 3261 §12.2.1.1", "CSeq not increasing within a dialog"},
    {VOLTE_AN_CANCEL_BEFORE_PROVISIONAL, "cancel_before_provisional", SEQ, NOTE, MSG,
     "CANCEL sent before any provisional response to the INVITE in frame {frame}", "RFC 3261 §9.1",
     "CANCEL before a provisional response"},
    {VOLTE_AN_CANCEL_RACE, "cancel_race", SEQ, NOTE, MSG,
     "The INVITE was answered (2xx) although it was cancelled in frame {frame}: the call is up",
     "RFC 3261 §9.1, §15", "CANCEL crossing the 200 OK"},
    {VOLTE_AN_DIALOG_MISMATCH, "dialog_mismatch", RSP, WARN, MSG,
     "481 to an in-dialog {method}: the far end knows no such dialog or transaction", "RFC 3261 §12.2.2",
     "481 to an in-dialog request"},
    {VOLTE_AN_LOOP, "loop", RSP, WARN, MSG, "{code}: the request looped or ran out of hops",
     "RFC 3261 §16.3, §21.4.20, §21.4.21", "482 Loop Detected / 483 Too Many Hops"},
    {VOLTE_AN_MISSING_TO_TAG, "missing_to_tag", PRO, WARN, MSG,
     "{code} to an INVITE creates a dialog but carries no To-tag", "RFC 3261 §8.2.6.2, §12.1.1",
     "dialog-creating response without To-tag"},
    {VOLTE_AN_MISSING_HEADER, "missing_header", PRO, WARN, MSG, "{code} without the {text} header it requires",
     "RFC 3261 §8.2.6.2, §20", "401 without WWW-Authenticate, 407 without Proxy-Authenticate, 405 "
     "without Allow, 420 without Unsupported, 423 without Min-Expires, 3xx without Contact"},
    {VOLTE_AN_RETRY_AFTER_MISSING, "retry_after_missing", PRO, NOTE, MSG,
     "503 without Retry-After: the client treats it as a 500", "RFC 3261 §21.5.4", "503 without Retry-After"},

    {VOLTE_AN_RSEQ_MISSING, "rseq_missing", PRO, WARN, MSG,
     "{code} requires 100rel but has no RSeq header", "RFC 3262 §7.1",
     "reliable provisional response without RSeq"},
    {VOLTE_AN_PRACK_MISSING, "prack_missing", SEQ, WARN, END,
     "{code} in this frame sent reliably (RSeq {a}) was not acknowledged by PRACK", "RFC 3262 §3",
     "reliable provisional response never PRACKed (decided when the INVITE ends or 64·T1 later)"},
    {VOLTE_AN_RELIABLE_1XX_RETRANSMITTED, "reliable_1xx_retransmitted", SEQ, NOTE, MSG,
     "Reliable {code} (RSeq {a}) retransmitted: no PRACK for frame {frame} yet", "RFC 3262 §3",
     "reliable provisional response retransmitted for lack of PRACK"},
    {VOLTE_AN_RACK_MISMATCH, "rack_mismatch", PRO, WARN, MSG,
     "PRACK with RAck {a} {b} matches no reliable provisional response of this call", "RFC 3262 §4",
     "PRACK matching no reliable provisional response"},
    {VOLTE_AN_RSEQ_GAP, "rseq_gap", PRO, WARN, MSG,
     "RSeq {a} does not follow the previous RSeq {b} (frame {frame}) by one", "RFC 3262 §3",
     "RSeq not increasing by one"},
    {VOLTE_AN_SECOND_RELIABLE_BEFORE_PRACK, "second_reliable_before_prack", SEQ, WARN, MSG,
     "Reliable {code} (RSeq {a}) sent before the reliable response in frame {frame} was PRACKed",
     "RFC 3262 §3", "a second reliable provisional response before the first was acknowledged"},
    {VOLTE_AN_ANSWER_BEFORE_PRACK, "answer_before_prack", SEQ, WARN, MSG,
     "2xx sent while the reliable provisional response with SDP in frame {frame} was not PRACKed",
     "RFC 3262 §3", "2xx before the PRACK of a reliable provisional response that carried SDP"},

    {VOLTE_AN_OFFER_WHILE_PENDING, "offer_while_pending", SEQ, WARN, MSG,
     "{method} with a new offer while the {text} in frame {frame} is still pending",
     "RFC 3261 §14.1, RFC 3311 §5.1", "a new offer while an earlier offer/answer exchange is unfinished"},
    {VOLTE_AN_GLARE, "glare", RSP, NOTE, MSG,
     "491 Request Pending: both sides sent an offer at once (glare); the request is retried after a "
     "random delay", "RFC 3261 §14.1, RFC 3311 §5.2", "491 Request Pending"},
    {VOLTE_AN_MEDIA_REJECTED, "media_rejected", RSP, WARN, MSG, "{code}: media not acceptable ({text})",
     "RFC 3261 §21.4.26, §21.6.4, §20.43", "488 / 606, with the Warning code explained"},

    {VOLTE_AN_ALERT_BEFORE_QOS, "alert_before_qos", SEQ, WARN, MSG,
     "180 Ringing while mandatory QoS preconditions are not met: the callee rings before the voice "
     "bearer is ready (ghost ring)", "RFC 3312 §6, TS 24.229 §5.1.4.1",
     "180 while mandatory preconditions are unmet"},
    {VOLTE_AN_ANSWER_BEFORE_QOS, "answer_before_qos", SEQ, WARN, MSG,
     "2xx to the INVITE while mandatory QoS preconditions are not met", "RFC 3312 §6",
     "2xx while mandatory preconditions are unmet"},
    {VOLTE_AN_PRECONDITION_FAILURE, "precondition_failure", RSP, WARN, MSG,
     "580 Precondition Failure: the QoS preconditions (the dedicated bearer) could not be met",
     "RFC 3312 §8, TS 24.229 §5.1.4.1", "580 Precondition Failure"},
    {VOLTE_AN_PRECONDITION_WITHOUT_100REL, "precondition_without_100rel", PRO, WARN, MSG,
     "INVITE uses preconditions without supporting reliable provisional responses (100rel)",
     "RFC 3312, RFC 3262", "preconditions used without 100rel"},
    {VOLTE_AN_BEARER_NOT_CONFIRMED, "bearer_not_confirmed", SEQ, WARN, END,
     "The call was answered here but {text}", "TS 23.203, TS 29.214",
     "the capture has the EPC side, yet no QCI 1 bearer came up for an answered call, or it was released "
     "before the BYE"},

    {VOLTE_AN_SESSION_TIMER_422, "session_timer_422", PRO, WARN, MSG, "422 without a Min-SE header",
     "RFC 4028 §6", "422 Session Interval Too Small without Min-SE"},
    {VOLTE_AN_SESSION_EXPIRED, "session_expired", SEQ, WARN, END,
     "No session refresh within Session-Expires ({a} s) of this frame's 2xx", "RFC 4028 §10",
     "no refresh before Session-Expires ran out in capture time"},

    {VOLTE_AN_AUTH_FAILURE, "auth_failure", RSP, WARN, MSG,
     "{code} again after credentials were sent (frame {frame})", "RFC 3261 §22.2, TS 24.229 §5.1.1.5",
     "401/403 again after credentials"},
    {VOLTE_AN_REGISTRATION_FAILED, "registration_failed", RSP, WARN, MSG, "Registration rejected with {code}",
     "RFC 3261 §10.2, TS 24.229 §5.1.1", "final failure to a REGISTER (not a challenge)"},
    {VOLTE_AN_REGISTRATION_EXPIRED, "registration_expired", SEQ, WARN, END,
     "The binding registered in this frame ({a} s) expired without a refresh", "RFC 3261 §10.2.1, "
     "TS 24.229 §5.1.1.4", "no re-registration before the binding expired in capture time"},

    {VOLTE_AN_ABNORMAL_RELEASE, "abnormal_release", SEQ, WARN, MSG,
     "{method} with an abnormal release cause ({text} cause {a}): a dropped call",
     "TS 24.229 §7.2A.18, RFC 3326", "BYE/CANCEL whose Reason is RELEASE_CAUSE 2-6, FAILURE_CAUSE or a "
     "Q.850 cause other than 16 and 31 (a dropped call)"},
    {VOLTE_AN_LONG_SETUP, "long_setup", SEQ, NOTE, MSG,
     "Session request delay {a} ms is above the threshold ({b} ms)", "RFC 6076 §4.3",
     "SRD above the volte.long_setup_ms preference (default 4000 ms)"},
    {VOLTE_AN_DIALOG_OPEN_AT_END, "dialog_open_at_end", SEQ, NOTE, END,
     "The call was still {text} when the capture ended", "RFC 3261 §12",
     "call not released by the end of the capture (note)"},
    {VOLTE_AN_HOLD_NOT_RESUMED, "hold_not_resumed", SEQ, NOTE, END,
     "The call put on hold in this frame was not resumed before it ended", "RFC 3264 §8.4",
     "hold never resumed (note)"},

    {VOLTE_AN_CALL_LIMIT, "call_limit", MAL, WARN, MSG,
     "Not analysed as a call: this capture already has {a} calls and registrations, the most the "
     "plugin tracks (preference volte.max_calls)",
     "volte.max_calls preference", "a Call-ID beyond the volte.max_calls limit: status and syntax only"},
    {VOLTE_AN_VALUES_DROPPED, "values_dropped", MAL, NOTE, MSG,
     "Not all of this message was analysed: {a} header values and {b} SDP lines beyond the plugin's "
     "limits were left out", "plugin limits (include/volte/sip_message.h)",
     "more than 16 values of one header, 16 m= lines or 96 a= lines in one message"},
};

const volte_anomaly_def *volte_anomaly_catalogue(size_t *count)
{
    if (count)
        *count = VOLTE_AN_COUNT;
    return catalogue;
}

const volte_anomaly_def *volte_anomaly_lookup(volte_anomaly_id id)
{
    return (unsigned)id < VOLTE_AN_COUNT ? &catalogue[id] : NULL;
}

static void append(char *out, size_t size, size_t *len, const char *s)
{
    for (; s && *s && *len + 1 < size; s++)
        out[(*len)++] = *s;
    out[*len] = '\0';
}

char *volte_anomaly_format(const volte_anomaly *an, unsigned code, const char *method, char *out,
                           size_t size)
{
    if (!out || size == 0)
        return out;
    out[0] = '\0';
    const volte_anomaly_def *def = an ? volte_anomaly_lookup((volte_anomaly_id)an->id) : NULL;
    if (!def)
        return out;
    size_t len = 0;
    char num[24];
    for (const char *p = def->text; *p; p++) {
        if (*p != '{') {
            if (len + 1 < size)
                out[len++] = *p;
            out[len] = '\0';
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end)
            break;
        size_t n = (size_t)(end - p - 1);
        if (n == 5 && strncmp(p + 1, "frame", 5) == 0) {
            snprintf(num, sizeof num, "%u", an->related);
            append(out, size, &len, num);
        } else if (n == 1 && p[1] == 'a') {
            snprintf(num, sizeof num, "%u", an->a);
            append(out, size, &len, num);
        } else if (n == 1 && p[1] == 'b') {
            snprintf(num, sizeof num, "%u", an->b);
            append(out, size, &len, num);
        } else if (n == 4 && strncmp(p + 1, "text", 4) == 0) {
            append(out, size, &len, an->text ? an->text : "");
        } else if (n == 4 && strncmp(p + 1, "code", 4) == 0) {
            snprintf(num, sizeof num, "%u", code);
            append(out, size, &len, num);
        } else if (n == 6 && strncmp(p + 1, "method", 6) == 0) {
            append(out, size, &len, method ? method : "request");
        }
        p = end;
    }
    append(out, size, &len, "; ");
    append(out, size, &len, def->ref);
    return out;
}

const char *volte_warning_text(unsigned code)
{
    switch (code) {
    case 300: return "Warning 300: incompatible network protocol";
    case 301: return "Warning 301: incompatible network address formats";
    case 302: return "Warning 302: incompatible transport protocol";
    case 303: return "Warning 303: incompatible bandwidth units";
    case 304: return "Warning 304: media type not available";
    case 305: return "Warning 305: incompatible media format, no common codec";
    case 306: return "Warning 306: attribute not understood";
    case 307: return "Warning 307: session description parameter not understood";
    case 330: return "Warning 330: multicast not available";
    case 331: return "Warning 331: unicast not available";
    case 370: return "Warning 370: insufficient bandwidth";
    case 399: return "Warning 399: miscellaneous warning";
    default: return NULL;
    }
}
