/*
 * test_call.c - unit tests of the call and registration state machine,
 * fed with hand-made messages (no Wireshark).
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "check.h"
#include "volte/analysis.h"


/* A tiny script: each step is one message of call "c". */
typedef struct {
    const char *method;   /* request method, or NULL for a response */
    unsigned    status;
    const char *cseq_method;
    uint32_t    cseq;
    const char *branch;
    const char *to_tag;
    double      t;        /* seconds */
} step;

static const volte_msg_info *feed(volte_engine *e, uint32_t frame, const step *s)
{
    volte_sip_message m = {0};
    m.frame = frame;
    m.time_ns = (int64_t)(s->t * 1e9);
    m.is_request = s->method != NULL;
    m.is_response = !m.is_request;
    m.method = s->method;
    m.status = s->status;
    m.call_id = "c";
    m.has_cseq = true;
    m.cseq = s->cseq;
    m.cseq_method = s->cseq_method;
    m.via_branch = s->branch;
    m.from_tag = "caller";
    m.to_tag = s->to_tag;
    m.from_uri = "sip:alice@example.com";
    m.to_uri = "sip:bob@example.com";
    return volte_engine_feed(e, &m);
}

#define REQ(meth, cseq, br, tag, t) {meth, 0, meth, cseq, br, tag, t}
#define RSP(code, meth, cseq, br, tag, t) {NULL, code, meth, cseq, br, tag, t}

static void run(const step *steps, size_t n, const volte_call_state *expect, volte_outcome outcome,
                uint32_t flows, const char *name)
{
    volte_engine *e = volte_engine_new();
    for (size_t i = 0; i < n; i++) {
        const volte_msg_info *info = feed(e, (uint32_t)i + 1, &steps[i]);
        if (info->state != expect[i]) {
            fprintf(stderr, "%s: step %zu: state %s, expected %s\n", name, i + 1,
                    volte_call_state_name(info->state), volte_call_state_name(expect[i]));
            failures++;
        }
    }
    const volte_call *call = volte_engine_call(e, 1);
    CHECK(call != NULL);
    if (call) {
        if (call->outcome != outcome || call->flows != flows) {
            fprintf(stderr, "%s: outcome %s flows %#x, expected %s %#x\n", name,
                    volte_outcome_name(call->outcome), call->flows, volte_outcome_name(outcome), flows);
            failures++;
        }
    }
    volte_engine_free(e);
}

#define F(x) VOLTE_FLOW_BIT(VOLTE_FLOW_##x)

static void test_volte_flow_with_preconditions(void)
{
    const step s[] = {
        REQ("INVITE", 1, "b1", NULL, 0.0),       RSP(100, "INVITE", 1, "b1", NULL, 0.02),
        RSP(183, "INVITE", 1, "b1", "t", 1.2),   REQ("PRACK", 2, "b2", "t", 1.25),
        RSP(200, "PRACK", 2, "b2", "t", 1.3),    REQ("UPDATE", 3, "b3", "t", 1.7),
        RSP(200, "UPDATE", 3, "b3", "t", 1.77),  RSP(180, "INVITE", 1, "b1", "t", 2.0),
        RSP(200, "INVITE", 1, "b1", "t", 7.0),   REQ("ACK", 1, "b4", "t", 7.05),
        REQ("BYE", 4, "b5", "t", 37.0),          RSP(200, "BYE", 4, "b5", "t", 37.06),
    };
    const volte_call_state st[] = {
        VOLTE_STATE_CALLING, VOLTE_STATE_PROCEEDING, VOLTE_STATE_EARLY, VOLTE_STATE_EARLY,
        VOLTE_STATE_EARLY, VOLTE_STATE_MODIFYING, VOLTE_STATE_EARLY, VOLTE_STATE_RINGING,
        VOLTE_STATE_ANSWERED, VOLTE_STATE_CONFIRMED, VOLTE_STATE_RELEASING, VOLTE_STATE_RELEASED,
    };
    run(s, 12, st, VOLTE_OUTCOME_ANSWERED, F(BASIC_CALL) | F(NORMAL_RELEASE), "volte flow");

    /* the timings */
    volte_engine *e = volte_engine_new();
    const volte_msg_info *info[12];
    for (int i = 0; i < 12; i++)
        info[i] = feed(e, (uint32_t)i + 1, &s[i]);
    CHECK(info[2]->kpi_mask == (1u << VOLTE_KPI_SRD) && volte_msg_kpi(info[2], VOLTE_KPI_SRD) == 1200000000);
    CHECK(info[8]->kpi_mask == ((1u << VOLTE_KPI_ANSWER_DELAY) | (1u << VOLTE_KPI_RINGING_TIME)));
    CHECK(volte_msg_kpi(info[8], VOLTE_KPI_ANSWER_DELAY) == 7000000000);
    CHECK(volte_msg_kpi(info[8], VOLTE_KPI_RINGING_TIME) == 5000000000);
    CHECK(volte_msg_kpi(info[10], VOLTE_KPI_DURATION) == 29950000000);
    CHECK(info[11]->kpi_mask == (1u << VOLTE_KPI_SDD));
    CHECK(info[7]->kpi_mask == 0); /* the 180 comes after the 183: SRD is already done */
    const volte_call *call = volte_engine_call(e, 1);
    CHECK(call->dialogs == 1 && call->answered_dialog == 1);
    CHECK(strcmp(call->caller, "alice") == 0 && strcmp(call->callee, "bob") == 0);
    CHECK(!call->partial);
    volte_engine_free(e);
}

static void test_busy_and_cancel(void)
{
    const step busy[] = {REQ("INVITE", 1, "b1", NULL, 0), RSP(100, "INVITE", 1, "b1", NULL, 0.1),
                         RSP(486, "INVITE", 1, "b1", "t", 1), REQ("ACK", 1, "b1", "t", 1.1)};
    const volte_call_state busy_st[] = {VOLTE_STATE_CALLING, VOLTE_STATE_PROCEEDING, VOLTE_STATE_FAILED,
                                        VOLTE_STATE_FAILED};
    run(busy, 4, busy_st, VOLTE_OUTCOME_BUSY, F(BUSY), "busy");

    const step cancel[] = {REQ("INVITE", 1, "b1", NULL, 0), RSP(180, "INVITE", 1, "b1", "t", 1),
                           REQ("CANCEL", 1, "b1", NULL, 20), RSP(200, "CANCEL", 1, "b1", "t", 20.1),
                           RSP(487, "INVITE", 1, "b1", "t", 20.2), REQ("ACK", 1, "b1", "t", 20.3)};
    const volte_call_state cancel_st[] = {VOLTE_STATE_CALLING, VOLTE_STATE_RINGING, VOLTE_STATE_CANCELLING,
                                          VOLTE_STATE_CANCELLING, VOLTE_STATE_CANCELLED,
                                          VOLTE_STATE_CANCELLED};
    run(cancel, 6, cancel_st, VOLTE_OUTCOME_CANCELLED, F(NO_ANSWER_CANCEL), "cancel after ringing");

    const step timeout[] = {REQ("INVITE", 1, "b1", NULL, 0), RSP(180, "INVITE", 1, "b1", "t", 1),
                            RSP(480, "INVITE", 1, "b1", "t", 31)};
    const volte_call_state timeout_st[] = {VOLTE_STATE_CALLING, VOLTE_STATE_RINGING, VOLTE_STATE_FAILED};
    run(timeout, 3, timeout_st, VOLTE_OUTCOME_NO_ANSWER, F(NO_ANSWER_TIMEOUT), "no answer");

    const step unavailable[] = {REQ("INVITE", 1, "b1", NULL, 0), RSP(480, "INVITE", 1, "b1", "t", 1)};
    const volte_call_state unavailable_st[] = {VOLTE_STATE_CALLING, VOLTE_STATE_FAILED};
    run(unavailable, 2, unavailable_st, VOLTE_OUTCOME_FAILED, F(FAILED), "480 before ringing");

    const step declined[] = {REQ("INVITE", 1, "b1", NULL, 0), RSP(603, "INVITE", 1, "b1", "t", 1)};
    run(declined, 2, unavailable_st, VOLTE_OUTCOME_REJECTED, F(REJECTED), "603");
}

static void test_mid_call_capture(void)
{
    const step s[] = {REQ("BYE", 7, "b9", "t", 0), RSP(200, "BYE", 7, "b9", "t", 0.05)};
    const volte_call_state st[] = {VOLTE_STATE_RELEASING, VOLTE_STATE_RELEASED};
    run(s, 2, st, VOLTE_OUTCOME_ANSWERED, F(NORMAL_RELEASE), "mid-call BYE");

    volte_engine *e = volte_engine_new();
    feed(e, 1, &s[0]);
    CHECK(volte_engine_call(e, 1)->partial);
    CHECK(volte_engine_call(e, 1)->kpi_ns[VOLTE_KPI_DURATION] == -1); /* no ACK seen: not measured */
    volte_engine_free(e);

    /* a lone 200 OK (INVITE) with no request: answered, never confirmed */
    const step lone[] = {RSP(200, "INVITE", 1, "b1", "t", 0)};
    const volte_call_state lone_st[] = {VOLTE_STATE_ANSWERED};
    run(lone, 1, lone_st, VOLTE_OUTCOME_ANSWERED, F(BASIC_CALL), "lone 200");
}

static void test_forking(void)
{
    const step s[] = {REQ("INVITE", 1, "b1", NULL, 0), RSP(180, "INVITE", 1, "b1", "fa", 1),
                      RSP(180, "INVITE", 1, "b1", "fb", 1.1), RSP(200, "INVITE", 1, "b1", "fb", 3),
                      REQ("ACK", 1, "b2", "fb", 3.1)};
    volte_engine *e = volte_engine_new();
    const volte_msg_info *last = NULL;
    for (int i = 0; i < 5; i++)
        last = feed(e, (uint32_t)i + 1, &s[i]);
    const volte_call *call = volte_engine_call(e, 1);
    CHECK(call->dialogs == 2);
    CHECK(call->answered_dialog == 2);
    CHECK(last->dialog == 2 && last->state == VOLTE_STATE_CONFIRMED);
    CHECK(volte_engine_call_count(e) == 1);
    volte_engine_free(e);
}

static void test_registration(void)
{
    volte_engine *e = volte_engine_new();
    volte_sip_message m = {0};
    m.call_id = "r";
    m.has_cseq = true;
    m.to_uri = "sip:alice@example.com";
    m.from_uri = "sip:alice@example.com";

    m.frame = 1; m.time_ns = 0; m.is_request = true; m.method = "REGISTER"; m.cseq = 1;
    m.cseq_method = "REGISTER"; m.via_branch = "r1"; m.has_expires = true; m.expires = 3600;
    CHECK(volte_engine_feed(e, &m)->state == VOLTE_STATE_REGISTERING);
    m.frame = 2; m.time_ns = 150000000; m.is_request = false; m.is_response = true; m.method = NULL;
    m.status = 401;
    CHECK(volte_engine_feed(e, &m)->state == VOLTE_STATE_CHALLENGED);
    m.frame = 3; m.time_ns = 300000000; m.is_request = true; m.is_response = false; m.method = "REGISTER";
    m.cseq = 2; m.via_branch = "r2"; m.headers = VOLTE_HDR_AUTHORIZATION;
    volte_engine_feed(e, &m);
    m.frame = 4; m.time_ns = 450000000; m.is_request = false; m.is_response = true; m.method = NULL;
    m.status = 200;
    const volte_msg_info *ok = volte_engine_feed(e, &m);
    CHECK(ok->state == VOLTE_STATE_REGISTERED && ok->outcome == VOLTE_OUTCOME_REGISTERED);
    CHECK(ok->kpi_mask == (1u << VOLTE_KPI_RRD) && volte_msg_kpi(ok, VOLTE_KPI_RRD) == 450000000);

    /* de-registration with Contact: * */
    m.frame = 5; m.time_ns = 1000000000; m.is_request = true; m.is_response = false; m.method = "REGISTER";
    m.cseq = 3; m.via_branch = "r3"; m.has_expires = true; m.expires = 0;
    m.contact_count = 1; m.contacts[0] = "*";
    volte_engine_feed(e, &m);
    m.frame = 6; m.time_ns = 1250000000; m.is_request = false; m.is_response = true; m.method = NULL;
    m.status = 200;
    const volte_msg_info *gone = volte_engine_feed(e, &m);
    /* RRD is measured again on each REGISTER; each message keeps its own */
    CHECK(volte_msg_kpi(gone, VOLTE_KPI_RRD) == 250000000);
    CHECK(volte_msg_kpi(ok, VOLTE_KPI_RRD) == 450000000);
    CHECK(volte_msg_kpi(ok, VOLTE_KPI_SRD) == -1 && volte_msg_kpi(ok, VOLTE_KPI_COUNT) == -1);
    CHECK(gone->state == VOLTE_STATE_DEREGISTERED && gone->outcome == VOLTE_OUTCOME_DEREGISTERED);
    CHECK(gone->flows == (F(REGISTER) | F(DEREGISTER)));
    CHECK(volte_engine_call(e, 1)->kind == VOLTE_CALL_KIND_REGISTRATION);

    /* 403 after credentials: authentication failure */
    m.call_id = "r2";
    m.frame = 7; m.is_request = true; m.is_response = false; m.method = "REGISTER"; m.cseq = 1;
    m.via_branch = "x1"; m.headers = 0; m.has_expires = true; m.expires = 600; m.contact_count = 0;
    volte_engine_feed(e, &m);
    m.frame = 8; m.is_request = false; m.is_response = true; m.method = NULL; m.status = 401;
    volte_engine_feed(e, &m);
    m.frame = 9; m.is_request = true; m.is_response = false; m.method = "REGISTER"; m.cseq = 2;
    m.via_branch = "x2"; m.headers = VOLTE_HDR_AUTHORIZATION;
    volte_engine_feed(e, &m);
    m.frame = 10; m.is_request = false; m.is_response = true; m.method = NULL; m.status = 403;
    const volte_msg_info *denied = volte_engine_feed(e, &m);
    CHECK(denied->state == VOLTE_STATE_REGISTRATION_FAILED && denied->outcome == VOLTE_OUTCOME_AUTH_FAILED);
    volte_engine_free(e);
}

static void test_uri_user(void)
{
    const char *cases[][2] = {
        {"sip:+15550100001;phone-context=ims.example.com@ims.example.com;user=phone", "+15550100001"},
        {"tel:0600000123;phone-context=ims.mnc001.mcc001.3gppnetwork.org", "0600000123"},
        {"TEL:+1555", "+1555"},
        {"sips:alice@example.com:5061;transport=tls", "alice"},
        {"<sip:bob@example.com>", "bob"},
        {"sip:example.com", NULL},
        {"sip:", NULL},
        {"mailto:x@y", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *user = volte_uri_user(cases[i][0]);
        CHECK((user == NULL) == (cases[i][1] == NULL));
        if (user && cases[i][1] && strcmp(user, cases[i][1]) != 0) {
            fprintf(stderr, "uri %s: user %s, expected %s\n", cases[i][0], user, cases[i][1]);
            failures++;
        }
        g_free(user);
    }
    CHECK(volte_uri_user(NULL) == NULL);
}

static void test_names(void)
{
    CHECK(strcmp(volte_call_state_name(VOLTE_STATE_REGISTRATION_FAILED), "registration-failed") == 0);
    CHECK(strcmp(volte_outcome_name(VOLTE_OUTCOME_NO_ANSWER), "no-answer") == 0);
    CHECK(strcmp(volte_flow_name(VOLTE_FLOW_NO_ANSWER_TIMEOUT), "no-answer-timeout") == 0);
    CHECK(strcmp(volte_call_state_name((volte_call_state)99), "?") == 0);
    for (int f = 0; f < VOLTE_FLOW_COUNT; f++)
        CHECK(volte_flow_name((volte_flow)f)[0] != '?');
    for (int s = 0; s < VOLTE_STATE_COUNT; s++)
        CHECK(volte_call_state_name((volte_call_state)s)[0] != '?');
}

/* Beyond volte_check_config.max_calls a new Call-ID gets neither a call nor
 * a transaction: its messages say so, and the engine's state stops growing
 * but for one result record per message. */
static void test_call_limit(void)
{
    volte_engine *e = volte_engine_new();
    volte_check_config config;
    volte_check_config_default(&config);
    config.max_calls = 100;
    volte_engine_set_config(e, &config);

    size_t bytes_at_1000 = 0;
    const volte_msg_info *last = NULL;
    for (uint32_t i = 1; i <= 10000; i++) {
        char call_id[32], branch[32];
        g_snprintf(call_id, sizeof call_id, "never-ends-%u", i);
        g_snprintf(branch, sizeof branch, "z9hG4bK-%u", i);
        volte_sip_message m;
        memset(&m, 0, sizeof m);
        m.frame = i;
        m.time_ns = (int64_t)i * 1000000;
        m.is_request = true;
        m.method = "INVITE";
        m.call_id = call_id;
        m.has_cseq = true;
        m.cseq = 1;
        m.cseq_method = "INVITE";
        m.via_branch = branch;
        m.from_tag = "a";
        last = volte_engine_feed(e, &m);
        if (i == 100)
            CHECK(volte_msg_call(last) == 100 && !(last->problems & VOLTE_PROBLEM_CALL_LIMIT));
        if (i == 1000)
            bytes_at_1000 = volte_engine_bytes(e);
    }
    CHECK(volte_engine_call_count(e) == 100);
    CHECK(volte_msg_call(last) == 0 && last->call_rec == NULL && last->txn == NULL);
    CHECK(last->problems & VOLTE_PROBLEM_CALL_LIMIT);
    CHECK(last->anomaly_count == 1 && last->anomalies[0].id == VOLTE_AN_CALL_LIMIT && last->anomalies[0].a == 100);
    /* 9,000 more messages: their result records (chunks of 4,096), nothing else */
    size_t grown = volte_engine_bytes(e) - bytes_at_1000;
    CHECK(grown <= 3 * 4096 * sizeof(volte_msg_info));
    volte_engine_free(e);
}

int main(void)
{
    test_volte_flow_with_preconditions();
    test_busy_and_cancel();
    test_mid_call_capture();
    test_forking();
    test_registration();
    test_uri_user();
    test_names();
    test_call_limit();
    return check_report("test_call");
}
