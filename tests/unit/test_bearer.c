/*
 * test_bearer.c - unit tests of the dedicated bearers and QoS preconditions
 * of a call (plugin/engine/bearer.c) and of the EPC linking (epc.c), fed
 * with hand-made messages and events (no Wireshark).
 *
 * The engine is driven through volte_engine_feed() so that the call state
 * machine (call.c) classifies transactions as it does in the plugin; EPC
 * events go straight to volte_epc_apply() with the engine's calls, which is
 * what volte_engine_feed_epc() does.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "check.h"
#include "volte/analysis.h"
#include "volte/bearer.h"
#include "volte/epc.h"

/* The bearer view of a message, unpacked; a few can be held at once. */
static const volte_bearer_view *view_of(const volte_msg_info *info)
{
    static volte_bearer_view ring[4];
    static unsigned next;
    volte_bearer_view *v = &ring[next++ % 4];
    volte_msg_bearer(info, v);
    return v;
}


#define CHECK_STR(got, want)                                                                   \
    do {                                                                                       \
        const char *g_ = (got), *w_ = (want);                                                  \
        if (strcmp(g_, w_) != 0) {                                                             \
            fprintf(stderr, "%s:%d: got \"%s\", expected \"%s\"\n", __FILE__, __LINE__, g_, w_); \
            failures++;                                                                        \
        }                                                                                      \
    } while (0)

/* ---------------------------------------------------------------- messages */

static const char *const QOS_OFFER[] = {"curr:qos local none", "curr:qos remote none",
                                        "des:qos mandatory local sendrecv", "des:qos optional remote sendrecv"};
static const char *const QOS_ANSWER_183[] = {"curr:qos local none", "curr:qos remote none",
                                             "des:qos mandatory local sendrecv",
                                             "des:qos mandatory remote sendrecv", "conf:qos remote sendrecv"};
static const char *const QOS_UPDATE[] = {"curr:qos local sendrecv", "curr:qos remote none",
                                         "des:qos mandatory local sendrecv", "des:qos mandatory remote sendrecv"};
static const char *const QOS_UPDATE_ANSWER[] = {"curr:qos local sendrecv", "curr:qos remote sendrecv",
                                                "des:qos mandatory local sendrecv",
                                                "des:qos mandatory remote sendrecv"};

typedef struct {
    const char         *connection;
    const char         *audio;       /* m= value, or NULL */
    const char *const  *audio_attrs;
    unsigned            audio_n;
    const char         *video;
    const char *const  *video_attrs;
    unsigned            video_n;
} body;

/* One message of call "c": caller tag "A", callee tag "B". */
typedef struct {
    const char *method;      /* request, or NULL for a response */
    unsigned    status;
    const char *cseq_method;
    uint32_t    cseq;
    const char *branch;
    bool        from_callee; /* From-tag B (an in-dialog request of the callee, or its response) */
    const char *to_tag;
    double      t;
    const body *sdp;
    const char *require;
    const char *supported;
    bool        rseq;
    const char *icid;
} step;

static void fill_sdp(volte_sdp *sdp, const body *b)
{
    memset(sdp, 0, sizeof *sdp);
    if (!b)
        return;
    sdp->present = true;
    sdp->connection = b->connection;
    if (b->audio) {
        volte_sdp_media *m = &sdp->media[sdp->media_count++];
        m->line = b->audio;
        m->attr_first = sdp->attr_count;
        for (unsigned i = 0; i < b->audio_n; i++)
            sdp->attrs[sdp->attr_count++] = b->audio_attrs[i];
        sdp->attrs[sdp->attr_count++] = "sendrecv";
        m->attr_count = b->audio_n + 1;
    }
    if (b->video) {
        volte_sdp_media *m = &sdp->media[sdp->media_count++];
        m->line = b->video;
        m->attr_first = sdp->attr_count;
        for (unsigned i = 0; i < b->video_n; i++)
            sdp->attrs[sdp->attr_count++] = b->video_attrs[i];
        m->attr_count = b->video_n;
    }
}

static const volte_msg_info *feed(volte_engine *e, uint32_t frame, const step *s)
{
    volte_sip_message m;
    memset(&m, 0, sizeof m);
    m.frame = frame;
    m.time_ns = (int64_t)(s->t * 1e9 + 0.5);
    m.is_request = s->method != NULL;
    m.is_response = !m.is_request;
    m.method = s->method;
    m.status = s->status;
    m.call_id = "c";
    m.has_cseq = true;
    m.cseq = s->cseq;
    m.cseq_method = s->cseq_method;
    m.via_branch = s->branch;
    m.from_tag = s->from_callee ? "B" : "A";
    m.to_tag = s->to_tag;
    m.from_uri = s->from_callee ? "sip:bob@example.com" : "sip:alice@example.com";
    m.to_uri = s->from_callee ? "sip:alice@example.com" : "sip:bob@example.com";
    m.require = s->require;
    m.supported = s->supported;
    m.has_rseq = s->rseq;
    m.rseq = s->rseq ? 1 : 0;
    m.icid = s->icid;
    fill_sdp(&m.sdp, s->sdp);
    return volte_engine_feed(e, &m);
}

#define REQ(meth, cseq, br, tag, t, sdp) {meth, 0, meth, cseq, br, false, tag, t, sdp, NULL, NULL, false, NULL}
#define RSP(code, meth, cseq, br, tag, t, sdp) {NULL, code, meth, cseq, br, false, tag, t, sdp, NULL, NULL, false, NULL}

/* Expected state of one message: MO and MT bearer of the audio stream,
 * their evidence, and the precondition verdict. */
typedef struct {
    volte_bearer_state    mo, mt;
    volte_bearer_evidence mo_ev, mt_ev;
    bool                  met;
} expect;

#define N VOLTE_BEARER_NONE
#define RQ VOLTE_BEARER_REQUESTED
#define AC VOLTE_BEARER_ACTIVE
#define RL VOLTE_BEARER_RELEASED
#define E0 VOLTE_EVIDENCE_NONE
#define EF VOLTE_EVIDENCE_FLOW
#define ES VOLTE_EVIDENCE_SDP
#define EE VOLTE_EVIDENCE_EPC

static void check_steps(const char *name, const volte_msg_info *const *infos, const expect *want, size_t n,
                        unsigned kind)
{
    for (size_t i = 0; i < n; i++) {
        const volte_bearer_view *v = view_of(infos[i]);
        if (!v) {
            fprintf(stderr, "%s: step %zu: no bearer view\n", name, i + 1);
            failures++;
            continue;
        }
        const volte_bearer *mo = &v->side[VOLTE_SIDE_MO][kind], *mt = &v->side[VOLTE_SIDE_MT][kind];
        if (mo->state != want[i].mo || mt->state != want[i].mt || mo->evidence != want[i].mo_ev ||
            mt->evidence != want[i].mt_ev || v->qos_met != want[i].met) {
            fprintf(stderr, "%s: step %zu: mo %s/%s mt %s/%s met %d, expected mo %s/%s mt %s/%s met %d\n", name,
                    i + 1, volte_bearer_state_name(mo->state), volte_bearer_evidence_name(mo->evidence),
                    volte_bearer_state_name(mt->state), volte_bearer_evidence_name(mt->evidence), v->qos_met,
                    volte_bearer_state_name(want[i].mo), volte_bearer_evidence_name(want[i].mo_ev),
                    volte_bearer_state_name(want[i].mt), volte_bearer_evidence_name(want[i].mt_ev), want[i].met);
            failures++;
        }
    }
}

/* ---------------------------------------------------------------- the source document's flow */

static const body OFFER = {"IN IP4 10.0.0.1", "audio 40000 RTP/AVP 116", QOS_OFFER, 4, NULL, NULL, 0};
static const body ANSWER_183 = {"IN IP4 10.0.0.2", "audio 50000 RTP/AVP 116", QOS_ANSWER_183, 5, NULL, NULL, 0};
static const body UPDATE = {"IN IP4 10.0.0.1", "audio 40000 RTP/AVP 116", QOS_UPDATE, 4, NULL, NULL, 0};
static const body UPDATE_ANSWER = {"IN IP4 10.0.0.2", "audio 50000 RTP/AVP 116", QOS_UPDATE_ANSWER, 4, NULL, NULL, 0};
static const body PLAIN_OFFER = {"IN IP4 10.0.0.1", "audio 40000 RTP/AVP 116", NULL, 0, NULL, NULL, 0};
static const body PLAIN_ANSWER = {"IN IP4 10.0.0.2", "audio 50000 RTP/AVP 116", NULL, 0, NULL, NULL, 0};

static void precondition_flow(step *s)
{
    /* the 12 messages of captures/volte_call_precondition.pcap */
    step flow[] = {
        REQ("INVITE", 1, "b1", NULL, 0.000, &OFFER),
        RSP(100, "INVITE", 1, "b1", NULL, 0.020, NULL),
        RSP(183, "INVITE", 1, "b1", "B", 1.210, &ANSWER_183),
        REQ("PRACK", 2, "b2", "B", 1.260, NULL),
        RSP(200, "PRACK", 2, "b2", "B", 1.310, NULL),
        REQ("UPDATE", 3, "b3", "B", 1.700, &UPDATE),
        RSP(200, "UPDATE", 3, "b3", "B", 1.770, &UPDATE_ANSWER),
        RSP(180, "INVITE", 1, "b1", "B", 2.010, NULL),
        RSP(200, "INVITE", 1, "b1", "B", 7.010, NULL),
        REQ("ACK", 1, "b4", "B", 7.050, NULL),
        REQ("BYE", 4, "b5", "B", 37.000, NULL),
        RSP(200, "BYE", 4, "b5", "B", 37.060, NULL),
    };
    flow[0].supported = "100rel, precondition";
    flow[0].require = "precondition";
    flow[2].require = "100rel, precondition";
    flow[2].rseq = true;
    memcpy(s, flow, sizeof flow);
}

static void test_source_document_flow(void)
{
    step s[12];
    precondition_flow(s);
    const expect want[12] = {
        {RQ, N, EF, E0, false},  /* INVITE with a QoS offer: the caller's bearer is asked for */
        {RQ, N, EF, E0, false},  /* 100 */
        {RQ, AC, EF, EF, false}, /* 183: the callee's QCI 1 bearer (step 5) */
        {AC, AC, EF, EF, false}, /* PRACK: the caller's (step 7) */
        {AC, AC, EF, EF, false}, /* 200 PRACK */
        {AC, AC, ES, EF, false}, /* UPDATE curr local sendrecv: the caller's confirmed by SDP */
        {AC, AC, ES, ES, true},  /* 200 UPDATE: both sendrecv, preconditions met */
        {AC, AC, ES, ES, true},  /* 180 */
        {AC, AC, ES, ES, true},  /* 200 INVITE */
        {AC, AC, ES, ES, true},  /* ACK */
        {RL, RL, EF, EF, true},  /* BYE releases both */
        {RL, RL, EF, EF, true},  /* 200 BYE */
    };
    volte_engine *e = volte_engine_new();
    const volte_msg_info *infos[12];
    for (size_t i = 0; i < 12; i++)
        infos[i] = feed(e, (uint32_t)i + 1, &s[i]);
    check_steps("source document flow", infos, want, 12, VOLTE_MEDIA_AUDIO);

    /* the precondition table in the caller's view, message by message */
    const volte_bearer_view *v = view_of(infos[0]);
    CHECK(v->preconditions && v->has_sdp && v->has_sdp_qos && v->qos_negotiated && v->reliable_1xx);
    CHECK_STR(volte_qos_segment_current(&v->qos, VOLTE_QOS_LOCAL), "none");
    CHECK_STR(volte_qos_segment_current(&v->qos, VOLTE_QOS_REMOTE), "none");
    char buf[64];
    CHECK_STR(volte_qos_segment_desired(&v->qos, VOLTE_QOS_LOCAL, buf, sizeof buf), "sendrecv mandatory");
    CHECK_STR(volte_qos_segment_desired(&v->qos, VOLTE_QOS_REMOTE, buf, sizeof buf), "sendrecv optional");
    /* the 183 upgrades the MT strength: the callee's local is our remote */
    v = view_of(infos[2]);
    CHECK_STR(volte_qos_segment_desired(&v->qos, VOLTE_QOS_REMOTE, buf, sizeof buf), "sendrecv mandatory");
    CHECK(v->qos.conf[VOLTE_QOS_LOCAL] == VOLTE_QOS_SENDRECV); /* "conf:qos remote" of the callee */
    CHECK(!view_of(infos[1])->has_sdp && !view_of(infos[1])->has_sdp_qos);
    v = view_of(infos[5]);
    CHECK_STR(volte_qos_segment_current(&v->qos, VOLTE_QOS_LOCAL), "sendrecv");
    CHECK_STR(volte_qos_segment_current(&v->qos, VOLTE_QOS_REMOTE), "none");
    v = view_of(infos[6]);
    CHECK_STR(volte_qos_segment_current(&v->qos, VOLTE_QOS_REMOTE), "sendrecv");
    CHECK(v->media == 1u << VOLTE_MEDIA_AUDIO);

    /* frames and times */
    v = view_of(infos[11]);
    CHECK(v->side[VOLTE_SIDE_MO][0].since_frame == 11 && v->side[VOLTE_SIDE_MT][0].since_frame == 11);
    CHECK(v->side[VOLTE_SIDE_MO][0].active_ns == 1260000000 && v->side[VOLTE_SIDE_MT][0].active_ns == 1210000000);

    const volte_call *call = volte_engine_call(e, 1);
    char sum[128];
    volte_bearer_summary(call->bearer, sum, sizeof sum);
    CHECK_STR(sum, "qci1 mo released +1.26s flow, mt released +1.21s flow");
    /* views are shared between messages with the same state */
    CHECK(infos[8]->bearer == infos[9]->bearer);
    CHECK(infos[10]->bearer == infos[11]->bearer);
    volte_engine_free(e);

    /* the summary while the call is up */
    e = volte_engine_new();
    for (size_t i = 0; i < 10; i++)
        feed(e, (uint32_t)i + 1, &s[i]);
    volte_bearer_summary(volte_engine_call(e, 1)->bearer, sum, sizeof sum);
    CHECK_STR(sum, "qci1 mo active +1.26s sdp, mt active +1.21s sdp");
    volte_bearer_summary(volte_engine_call(e, 1)->bearer, sum, 12);
    CHECK(strlen(sum) == 11); /* truncated, terminated */
    volte_engine_free(e);
}

/* The same flow seen on both legs of a proxy: every message twice, the
 * second copy with another branch.  Nothing happens twice. */
static void test_two_legs(void)
{
    step s[12];
    precondition_flow(s);
    volte_engine *e = volte_engine_new();
    const volte_msg_info *infos[24];
    for (size_t i = 0; i < 12; i++) {
        step copy = s[i];
        infos[2 * i] = feed(e, (uint32_t)(2 * i + 1), &s[i]);
        char br[8];
        snprintf(br, sizeof br, "p%zu", i);
        copy.branch = br;
        copy.t += 0.01;
        infos[2 * i + 1] = feed(e, (uint32_t)(2 * i + 2), &copy);
    }
    CHECK(view_of(infos[4])->side[VOLTE_SIDE_MT][0].state == AC);      /* first 183 */
    CHECK(view_of(infos[4])->side[VOLTE_SIDE_MT][0].since_frame == 5);
    CHECK(view_of(infos[7])->side[VOLTE_SIDE_MO][0].since_frame == 7); /* first PRACK */
    CHECK(view_of(infos[12])->qos_met && !view_of(infos[11])->qos_met); /* the first 200 UPDATE */
    CHECK(view_of(infos[23])->side[VOLTE_SIDE_MO][0].state == RL);
    volte_engine_free(e);
}

static void test_retransmission_changes_nothing(void)
{
    step s[12];
    precondition_flow(s);
    volte_engine *e = volte_engine_new();
    feed(e, 1, &s[0]);
    feed(e, 2, &s[1]);
    feed(e, 3, &s[2]);
    /* the 183 again (same branch, same tag) after T1: a retransmission */
    step copy = s[2];
    copy.t += 0.5;
    const volte_msg_info *again = feed(e, 4, &copy);
    CHECK(again->retransmission);
    CHECK(view_of(again)->side[VOLTE_SIDE_MT][0].since_frame == 3);
    CHECK(view_of(again)->has_sdp_qos);
    volte_engine_free(e);
}

/* ---------------------------------------------------------------- other flows */

static void test_without_preconditions(void)
{
    /* flow_session_modify.pcap: INVITE (SDP), 100, 180, 200 (SDP), ACK, re-INVITE, 200, ACK, BYE from the callee */
    step s[] = {
        REQ("INVITE", 1, "b1", NULL, 0.0, &PLAIN_OFFER),
        RSP(100, "INVITE", 1, "b1", NULL, 0.02, NULL),
        RSP(180, "INVITE", 1, "b1", "B", 2.0, NULL),
        RSP(200, "INVITE", 1, "b1", "B", 7.0, &PLAIN_ANSWER),
        REQ("ACK", 1, "b2", "B", 7.04, NULL),
        REQ("INVITE", 2, "b3", "B", 17.0, &PLAIN_OFFER),
        RSP(200, "INVITE", 2, "b3", "B", 17.2, &PLAIN_ANSWER),
        REQ("ACK", 2, "b4", "B", 17.24, NULL),
        {"BYE", 0, "BYE", 1, "b5", true, "A", 47.0, NULL, NULL, NULL, false, NULL},
        {NULL, 200, "BYE", 1, "b5", true, "A", 47.04, NULL, NULL, NULL, false, NULL},
    };
    s[0].supported = "100rel, timer";
    const expect want[] = {
        {N, N, E0, E0, true}, {N, N, E0, E0, true}, {N, N, E0, E0, true},
        {AC, AC, EF, EF, true}, /* the first SDP answer brings both up */
        {AC, AC, EF, EF, true}, {AC, AC, EF, EF, true}, {AC, AC, EF, EF, true}, {AC, AC, EF, EF, true},
        {RL, RL, EF, EF, true}, /* the callee's BYE */
        {RL, RL, EF, EF, true},
    };
    volte_engine *e = volte_engine_new();
    const volte_msg_info *infos[10];
    for (size_t i = 0; i < 10; i++)
        infos[i] = feed(e, (uint32_t)i + 1, &s[i]);
    check_steps("without preconditions", infos, want, 10, VOLTE_MEDIA_AUDIO);
    CHECK(!view_of(infos[3])->preconditions && view_of(infos[3])->reliable_1xx);
    CHECK(!view_of(infos[3])->qos_negotiated && view_of(infos[3])->qos_kinds == 0);
    CHECK(view_of(infos[3])->side[VOLTE_SIDE_MO][0].active_ns == 7000000000);
    /* the callee's BYE: a request whose From-tag is the callee's */
    CHECK(view_of(infos[8])->side[VOLTE_SIDE_MO][0].since_frame == 9);
    volte_engine_free(e);
}

static void test_183_answer_without_preconditions(void)
{
    /* unreliable 183 with the answer, then 180 / 200 */
    step s[] = {
        REQ("INVITE", 1, "b1", NULL, 0.0, &PLAIN_OFFER),
        RSP(183, "INVITE", 1, "b1", "B", 1.0, &PLAIN_ANSWER),
        RSP(200, "INVITE", 1, "b1", "B", 5.0, &PLAIN_ANSWER),
    };
    volte_engine *e = volte_engine_new();
    const volte_msg_info *i2 = (feed(e, 1, &s[0]), feed(e, 2, &s[1]));
    CHECK(view_of(i2)->side[VOLTE_SIDE_MO][0].state == AC && view_of(i2)->side[VOLTE_SIDE_MT][0].state == AC);
    CHECK(view_of(i2)->side[VOLTE_SIDE_MO][0].since_frame == 2);
    const volte_msg_info *i3 = feed(e, 3, &s[2]);
    CHECK(view_of(i3)->side[VOLTE_SIDE_MO][0].since_frame == 2);
    volte_engine_free(e);
}

static void test_580_releases_the_caller(void)
{
    /* flow_rejected_failed.pcap call 4: INVITE with a QoS offer, 100, 580, ACK */
    step s[] = {
        REQ("INVITE", 1, "b1", NULL, 30.0, &OFFER),
        RSP(100, "INVITE", 1, "b1", NULL, 30.02, NULL),
        RSP(580, "INVITE", 1, "b1", "B", 31.5, NULL),
        REQ("ACK", 1, "b1", "B", 31.53, NULL),
    };
    s[0].require = "precondition";
    s[0].supported = "100rel, precondition";
    const expect want[] = {
        {RQ, N, EF, E0, false}, {RQ, N, EF, E0, false},
        {RL, N, EF, E0, false}, /* a final failure: released; the callee never had one */
        {RL, N, EF, E0, false},
    };
    volte_engine *e = volte_engine_new();
    const volte_msg_info *infos[4];
    for (size_t i = 0; i < 4; i++)
        infos[i] = feed(e, (uint32_t)i + 1, &s[i]);
    check_steps("580", infos, want, 4, VOLTE_MEDIA_AUDIO);
    char sum[96];
    volte_bearer_summary(volte_engine_call(e, 1)->bearer, sum, sizeof sum);
    CHECK_STR(sum, "qci1 mo released flow, mt none");
    volte_engine_free(e);
}

static void test_update_never_comes(void)
{
    /* captures/volte_call_no_update.pcap: INVITE, 100, 183, PRACK, 200 PRACK; the caller's resources never
     * come (no UPDATE); CANCEL, 200 CANCEL, 487, ACK */
    step s[] = {
        REQ("INVITE", 1, "b1", NULL, 0.0, &OFFER),
        RSP(100, "INVITE", 1, "b1", NULL, 0.02, NULL),
        RSP(183, "INVITE", 1, "b1", "B", 1.21, &ANSWER_183),
        REQ("PRACK", 2, "b2", "B", 1.26, NULL),
        RSP(200, "PRACK", 2, "b2", "B", 1.31, NULL),
        REQ("CANCEL", 1, "b1", NULL, 7.0, NULL),
        RSP(200, "CANCEL", 1, "b1", "B", 7.03, NULL),
        RSP(487, "INVITE", 1, "b1", "B", 7.08, NULL),
        REQ("ACK", 1, "b1", "B", 7.11, NULL),
    };
    s[5].cseq_method = "CANCEL";
    s[8].cseq_method = "ACK";
    const expect want[] = {
        {RQ, N, EF, E0, false}, {RQ, N, EF, E0, false}, {RQ, AC, EF, EF, false},
        {AC, AC, EF, EF, false}, /* PRACK: the caller's bearer by the flow, never confirmed */
        {AC, AC, EF, EF, false},
        {RL, RL, EF, EF, false}, /* CANCEL */
        {RL, RL, EF, EF, false}, {RL, RL, EF, EF, false}, {RL, RL, EF, EF, false},
    };
    volte_engine *e = volte_engine_new();
    const volte_msg_info *infos[9];
    for (size_t i = 0; i < 9; i++)
        infos[i] = feed(e, (uint32_t)i + 1, &s[i]);
    check_steps("no UPDATE", infos, want, 9, VOLTE_MEDIA_AUDIO);
    CHECK(view_of(infos[5])->side[VOLTE_SIDE_MO][0].since_frame == 6);
    volte_engine_free(e);
}

static const char *const VIDEO_UPDATE_ANSWER[] = {"curr:qos local none", "curr:qos remote sendrecv",
                                                  "des:qos mandatory local sendrecv",
                                                  "des:qos mandatory remote sendrecv"};
static const char *const VIDEO_OFFER[] = {"curr:qos local none", "curr:qos remote none",
                                          "des:qos mandatory local sendrecv", "des:qos optional remote sendrecv"};

static void test_video_call(void)
{
    body offer = {"IN IP4 10.0.0.1", "audio 40000 RTP/AVP 116", QOS_OFFER, 4, "video 40002 RTP/AVP 98",
                  VIDEO_OFFER, 4};
    body answer = {"IN IP4 10.0.0.2", "audio 50000 RTP/AVP 116", QOS_ANSWER_183, 5, "video 50002 RTP/AVP 98",
                   QOS_ANSWER_183, 5};
    body update = {"IN IP4 10.0.0.1", "audio 40000 RTP/AVP 116", QOS_UPDATE, 4, "video 40002 RTP/AVP 98",
                   QOS_UPDATE, 4};
    body update_answer = {"IN IP4 10.0.0.2", "audio 50000 RTP/AVP 116", QOS_UPDATE_ANSWER, 4,
                          "video 50002 RTP/AVP 98", VIDEO_UPDATE_ANSWER, 4}; /* video: the callee's not yet */
    step s[] = {
        REQ("INVITE", 1, "b1", NULL, 0.0, &offer),
        RSP(183, "INVITE", 1, "b1", "B", 1.2, &answer),
        REQ("PRACK", 2, "b2", "B", 1.3, NULL),
        REQ("UPDATE", 3, "b3", "B", 1.7, &update),
        RSP(200, "UPDATE", 3, "b3", "B", 1.8, &update_answer),
    };
    volte_engine *e = volte_engine_new();
    const volte_msg_info *infos[5];
    for (size_t i = 0; i < 5; i++)
        infos[i] = feed(e, (uint32_t)i + 1, &s[i]);
    const expect audio[] = {{RQ, N, EF, E0, false}, {RQ, AC, EF, EF, false}, {AC, AC, EF, EF, false},
                            {AC, AC, ES, EF, false}, {AC, AC, ES, ES, false}};
    const expect video[] = {{RQ, N, EF, E0, false}, {RQ, AC, EF, EF, false}, {AC, AC, EF, EF, false},
                            {AC, AC, ES, EF, false}, {AC, AC, ES, EF, false}};
    check_steps("video call, audio", infos, audio, 5, VOLTE_MEDIA_AUDIO);
    check_steps("video call, video", infos, video, 5, VOLTE_MEDIA_VIDEO);
    const volte_bearer_view *v = view_of(infos[4]);
    CHECK(v->media == 3 && v->qos_kinds == 3);
    CHECK(volte_qos_met(&v->qos_media[VOLTE_MEDIA_AUDIO]) && !volte_qos_met(&v->qos_media[VOLTE_MEDIA_VIDEO]));
    CHECK(!v->qos_met); /* the video stream still holds the session up */
    char sum[160];
    volte_bearer_summary(volte_engine_call(e, 1)->bearer, sum, sizeof sum);
    CHECK_STR(sum, "qci1 mo active +1.30s sdp, mt active +1.20s sdp; qci2 mo active +1.30s sdp, mt active +1.20s flow");
    CHECK(volte_media_qci(VOLTE_MEDIA_AUDIO) == 1 && volte_media_qci(VOLTE_MEDIA_VIDEO) == 2);
    volte_engine_free(e);
}

static void test_video_rejected_in_the_answer(void)
{
    body offer = {"IN IP4 10.0.0.1", "audio 40000 RTP/AVP 116", NULL, 0, "video 40002 RTP/AVP 98", NULL, 0};
    body answer = {"IN IP4 10.0.0.2", "audio 50000 RTP/AVP 116", NULL, 0, "video 0 RTP/AVP 98", NULL, 0};
    step s[] = {
        REQ("INVITE", 1, "b1", NULL, 0.0, &offer),
        RSP(200, "INVITE", 1, "b1", "B", 5.0, &answer),
    };
    volte_engine *e = volte_engine_new();
    const volte_msg_info *i1 = feed(e, 1, &s[0]);
    CHECK(view_of(i1)->media == 3);
    const volte_msg_info *i2 = feed(e, 2, &s[1]);
    CHECK(view_of(i2)->media == 1);
    CHECK(view_of(i2)->side[VOLTE_SIDE_MO][VOLTE_MEDIA_VIDEO].state == N);
    CHECK(view_of(i2)->side[VOLTE_SIDE_MO][VOLTE_MEDIA_AUDIO].state == AC);
    volte_engine_free(e);
}

static void test_busy_and_late_failure(void)
{
    step s[] = {
        REQ("INVITE", 1, "b1", NULL, 0.0, &PLAIN_OFFER),
        RSP(183, "INVITE", 1, "b1", "B", 1.0, &PLAIN_ANSWER),
        RSP(486, "INVITE", 1, "b1", "B", 3.0, NULL),
    };
    volte_engine *e = volte_engine_new();
    feed(e, 1, &s[0]);
    feed(e, 2, &s[1]);
    const volte_msg_info *i3 = feed(e, 3, &s[2]);
    CHECK(view_of(i3)->side[VOLTE_SIDE_MO][0].state == RL && view_of(i3)->side[VOLTE_SIDE_MT][0].state == RL);
    volte_engine_free(e);

    /* a failure from another fork after the answer does not release (RFC 3261 §13.2.2.4) */
    step f[] = {
        REQ("INVITE", 1, "b1", NULL, 0.0, &PLAIN_OFFER),
        RSP(200, "INVITE", 1, "b1", "B", 1.0, &PLAIN_ANSWER),
        RSP(486, "INVITE", 1, "b1", "C", 1.5, NULL),
    };
    e = volte_engine_new();
    feed(e, 1, &f[0]);
    feed(e, 2, &f[1]);
    i3 = feed(e, 3, &f[2]);
    CHECK(view_of(i3)->side[VOLTE_SIDE_MO][0].state == AC);
    volte_engine_free(e);
}

static void test_new_attempt_after_challenge(void)
{
    /* INVITE with a QoS offer, 407, ACK, the INVITE again with credentials, 183 */
    step s[] = {
        REQ("INVITE", 1, "b1", NULL, 0.0, &OFFER),
        RSP(407, "INVITE", 1, "b1", "P", 0.05, NULL),
        REQ("ACK", 1, "b1", "P", 0.06, NULL),
        REQ("INVITE", 2, "b2", NULL, 0.2, &OFFER),
        RSP(183, "INVITE", 2, "b2", "B", 1.2, &ANSWER_183),
    };
    s[2].cseq_method = "ACK";
    const expect want[] = {{RQ, N, EF, E0, false}, {RL, N, EF, E0, false}, {RL, N, EF, E0, false},
                           {RQ, N, EF, E0, false}, /* the new attempt asks again */
                           {RQ, AC, EF, EF, false}};
    volte_engine *e = volte_engine_new();
    const volte_msg_info *infos[5];
    for (size_t i = 0; i < 5; i++)
        infos[i] = feed(e, (uint32_t)i + 1, &s[i]);
    check_steps("challenge", infos, want, 5, VOLTE_MEDIA_AUDIO);
    CHECK(view_of(infos[3])->side[VOLTE_SIDE_MO][0].since_frame == 4);
    volte_engine_free(e);
}

static void test_mid_call_capture(void)
{
    /* flow_mid_call.pcap: re-INVITE (offer), 200 (answer), ACK, BYE, 200 */
    step s[] = {
        REQ("INVITE", 3, "b1", "B", 0.0, &PLAIN_OFFER),
        RSP(200, "INVITE", 3, "b1", "B", 0.08, &PLAIN_ANSWER),
        REQ("ACK", 3, "b2", "B", 0.12, NULL),
        REQ("BYE", 4, "b3", "B", 20.0, NULL),
    };
    volte_engine *e = volte_engine_new();
    const volte_msg_info *i1 = feed(e, 1, &s[0]);
    CHECK(i1->bearer && view_of(i1)->side[VOLTE_SIDE_MO][0].state == N);
    const volte_msg_info *i2 = feed(e, 2, &s[1]);
    CHECK(view_of(i2)->side[VOLTE_SIDE_MO][0].state == AC && view_of(i2)->side[VOLTE_SIDE_MT][0].state == AC);
    feed(e, 3, &s[2]);
    const volte_msg_info *i4 = feed(e, 4, &s[3]);
    CHECK(view_of(i4)->side[VOLTE_SIDE_MT][0].state == RL);
    char sum[96];
    volte_bearer_summary(volte_engine_call(e, 1)->bearer, sum, sizeof sum);
    CHECK_STR(sum, "qci1 mo released flow, mt released flow"); /* no INVITE: no set-up time */
    volte_engine_free(e);
}

static void test_robust_input(void)
{
    volte_bearer_track t;
    volte_bearer_view v;
    volte_bearer_track_init(&t);
    volte_bearer_on_message(&t, NULL, NULL, false, &v);
    CHECK(v.media == 0 && !v.has_sdp);
    volte_bearer_on_message(NULL, NULL, NULL, false, &v);
    volte_bearer_on_message(&t, NULL, NULL, false, NULL);

    /* a message with nothing in it, SDP with junk and limits exceeded */
    volte_sip_message m;
    memset(&m, 0, sizeof m);
    m.is_request = true;
    volte_bearer_on_message(&t, &m, NULL, false, &v);
    m.sdp.present = true;
    m.sdp.connection = "IN IP4 999.1.1.1";
    m.sdp.media_count = 1000; /* more than the array holds: clamped */
    m.sdp.attr_count = 1000;
    m.sdp.media[0].line = "audio x";
    m.sdp.media[0].attr_first = 90;
    m.sdp.media[0].attr_count = 100;
    m.from_tag = "A";
    m.method = "INVITE";
    volte_bearer_on_message(&t, &m, NULL, false, &v);
    CHECK(v.media == 0); /* port 0 */

    /* the summary of nothing */
    char sum[8];
    volte_bearer_summary(NULL, sum, sizeof sum);
    CHECK_STR(sum, "-");
    volte_bearer_summary(&t, sum, 0);
    CHECK_STR(volte_bearer_state_name((volte_bearer_state)9), "?");
    CHECK_STR(volte_bearer_evidence_name(VOLTE_EVIDENCE_EPC), "epc");
    volte_bearer_track_clear(&t);
}

/* Media addresses are kept as they come: room for two per side first, then
 * for VOLTE_BEARER_MAX_ENDPOINTS, the UE's own (first) address never replaced. */
static void test_media_endpoints(void)
{
    volte_bearer_track t;
    volte_bearer_view v;
    volte_bearer_track_init(&t);
    CHECK(t.endpoints[VOLTE_SIDE_MO] == NULL && t.endpoint_room[VOLTE_SIDE_MO] == 0);
    char conn[32];
    volte_sip_message m;
    for (unsigned i = 1; i <= 9; i++) {
        memset(&m, 0, sizeof m);
        m.is_request = true;
        m.method = i == 1 ? "INVITE" : "UPDATE";
        m.from_tag = "A";
        m.frame = i;
        snprintf(conn, sizeof conn, "IN IP4 10.0.1.%u", i);
        body b = {conn, "audio 40000 RTP/AVP 116", NULL, 0, NULL, NULL, 0};
        fill_sdp(&m.sdp, &b);
        volte_bearer_on_message(&t, &m, NULL, false, &v);
        unsigned want = i < VOLTE_BEARER_MAX_ENDPOINTS ? i : VOLTE_BEARER_MAX_ENDPOINTS;
        CHECK(t.endpoint_count[VOLTE_SIDE_MO] == want);
        CHECK(t.endpoint_room[VOLTE_SIDE_MO] == (i <= 2 ? 2 : VOLTE_BEARER_MAX_ENDPOINTS));
        if (i == 1)
            CHECK(t.endpoints[VOLTE_SIDE_MO][0].origin && t.endpoints[VOLTE_SIDE_MO][0].addr[3] == 1);
    }
    /* the first address stays; the latest is in */
    bool latest = false;
    for (unsigned j = 0; j < VOLTE_BEARER_MAX_ENDPOINTS; j++)
        latest |= t.endpoints[VOLTE_SIDE_MO][j].addr[3] == 9;
    CHECK(latest && t.endpoints[VOLTE_SIDE_MO][0].addr[3] == 1 && t.endpoints[VOLTE_SIDE_MO][0].origin);
    CHECK(t.endpoints[VOLTE_SIDE_MT] == NULL); /* the other side sent nothing */
    volte_bearer_track_clear(&t);
    CHECK(t.endpoints[VOLTE_SIDE_MO] == NULL && t.endpoint_count[VOLTE_SIDE_MO] == 0);
}

static void test_ip_parse(void)
{
    uint8_t a[16], f;
    CHECK(volte_ip_parse("10.0.0.1", 8, a, &f) && f == 4 && a[0] == 10 && a[3] == 1);
    CHECK(volte_ip_parse("2001:db8::1", 11, a, &f) && f == 6 && a[0] == 0x20 && a[1] == 0x01 && a[15] == 1);
    CHECK(volte_ip_parse("[2001:468:3000:1::]", 19, a, &f) && f == 6 && a[7] == 0x01 && a[15] == 0);
    CHECK(volte_ip_parse("::", 2, a, &f) && f == 6 && a[0] == 0 && a[15] == 0);
    CHECK(volte_ip_parse("::ffff:10.0.0.1", 15, a, &f) && a[10] == 0xff && a[12] == 10 && a[15] == 1);
    CHECK(volte_ip_parse("2001:468:3000:2:2001:468:3000:2", 31, a, &f) && a[8] == 0x20 && a[15] == 2);
    CHECK(!volte_ip_parse("10.0.0", 6, a, &f));
    CHECK(!volte_ip_parse("10.0.0.256", 10, a, &f));
    CHECK(!volte_ip_parse("1::2::3", 7, a, &f));
    CHECK(!volte_ip_parse("1:2:3:4:5:6:7:8:9", 17, a, &f));
    CHECK(!volte_ip_parse("12345::", 7, a, &f));
    CHECK(!volte_ip_parse("1:", 2, a, &f));
    CHECK(!volte_ip_parse("", 0, a, &f));
    CHECK(!volte_ip_parse(NULL, 3, a, &f));
    CHECK(volte_sdp_connection_addr("IN IP4 224.2.1.1/127", a, &f) && f == 4 && a[0] == 224);
    CHECK(volte_sdp_connection_addr("IN IP6 2001:db8::2", a, &f) && f == 6);
    CHECK(!volte_sdp_connection_addr("IN IP4", a, &f));
    CHECK(!volte_sdp_connection_addr(NULL, a, &f));
}

static void test_icid_hash(void)
{
    CHECK(volte_icid_hash("\"icid-1\"") == volte_icid_hash("icid-1"));
    CHECK(volte_icid_hash(" icid-1;x") == volte_icid_hash("icid-1"));
    CHECK(volte_icid_hash("icid-1") != volte_icid_hash("icid-2"));
    CHECK(volte_icid_hash(NULL) == 0 && volte_icid_hash("\"\"") == 0 && volte_icid_hash("") == 0);
}

static void test_segment_text(void)
{
    volte_qos_table t;
    memset(&t, 0, sizeof t);
    char buf[64];
    CHECK_STR(volte_qos_segment_desired(&t, VOLTE_QOS_LOCAL, buf, sizeof buf), "");
    t.des[VOLTE_QOS_LOCAL][0] = VOLTE_QOS_STRENGTH_MANDATORY;
    CHECK_STR(volte_qos_segment_desired(&t, VOLTE_QOS_LOCAL, buf, sizeof buf), "send mandatory");
    t.des[VOLTE_QOS_LOCAL][1] = VOLTE_QOS_STRENGTH_OPTIONAL;
    CHECK_STR(volte_qos_segment_desired(&t, VOLTE_QOS_LOCAL, buf, sizeof buf), "send mandatory, recv optional");
    CHECK_STR(volte_qos_segment_desired(&t, VOLTE_QOS_LOCAL, buf, 6), "send ");
    t.curr[VOLTE_QOS_REMOTE] = VOLTE_QOS_RECV;
    CHECK_STR(volte_qos_segment_current(&t, VOLTE_QOS_REMOTE), "recv");
    CHECK_STR(volte_qos_segment_current(&t, 7), "");
    CHECK_STR(volte_qos_segment_current(NULL, 0), "");
}

/* ---------------------------------------------------------------- EPC */

static bool apply(volte_epc_tracker *tr, volte_engine *e, const volte_epc_event *ev, volte_epc_result *r)
{
    unsigned n = volte_engine_call_count(e);
    volte_call *calls[8];
    for (unsigned i = 0; i < n && i < 8; i++)
        calls[i] = volte_engine_call_mut(e, i + 1);
    return volte_epc_apply(tr, calls, n < 8 ? n : 8, ev, r);
}

static volte_epc_event event(volte_epc_kind kind, uint32_t frame, double t)
{
    volte_epc_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.frame = frame;
    ev.time_ns = (int64_t)(t * 1e9 + 0.5);
    return ev;
}

static void test_epc_flow_description(void)
{
    volte_epc_event ev = event(VOLTE_EPC_RX_AAR, 1, 0);
    CHECK(volte_epc_add_flow(&ev, "permit out 17 from 10.0.0.2 50000 to 10.0.0.1 40000", true) == 2);
    CHECK(ev.endpoints[0].family == 4 && ev.endpoints[0].port == 50000 && !ev.endpoints[0].ue_hint);
    CHECK(ev.endpoints[1].port == 40000 && ev.endpoints[1].ue_hint);
    CHECK(volte_epc_add_flow(&ev, "permit in 17 from 2001:db8::1 40001 to 2001:db8::2/64 50001", true) == 2);
    CHECK(ev.endpoints[2].family == 6 && ev.endpoints[2].ue_hint && ev.endpoints[3].prefix == 64);
    CHECK(volte_epc_add_flow(&ev, "permit out ip from any to assigned", true) == 0);
    CHECK(volte_epc_add_flow(&ev, "permit out 17 from any 5000-5010 to 10.0.0.1 1,2", false) == 1);
    CHECK(volte_epc_add_flow(&ev, "deny out 17 from 10.0.0.1 to 10.0.0.2", false) == 0);
    CHECK(volte_epc_add_flow(&ev, "permit sideways 17 from 10.0.0.1 to 10.0.0.2", false) == 0);
    CHECK(volte_epc_add_flow(&ev, "permit out 17 from 10.0.0.999 1 to 10.0.0.2 2", false) == 0);
    CHECK(volte_epc_add_flow(&ev, "", false) == 0);
    CHECK(volte_epc_add_flow(&ev, NULL, false) == 0);
    CHECK(volte_epc_add_flow(NULL, "permit out 17 from 10.0.0.1 1 to 10.0.0.2 2", false) == 0);
    for (int i = 0; i < 20; i++)
        volte_epc_add_flow(&ev, "permit out 17 from 10.0.0.2 50000 to 10.0.0.1 40000", true);
    CHECK(ev.endpoint_count == VOLTE_EPC_MAX_ENDPOINTS);
    CHECK(volte_epc_add_endpoint(&ev, "10.0.0.1", 1, VOLTE_EPC_ROLE_UE, 0) == false);
}

static void test_epc_effects(void)
{
    volte_epc_event ev = event(VOLTE_EPC_RX_RAR, 1, 0);
    CHECK(volte_epc_effect(&ev) == N);
    ev.actions = 1u << VOLTE_RX_ACTION_SUCCESSFUL_RESOURCES_ALLOCATION;
    CHECK(volte_epc_effect(&ev) == AC);
    ev.actions = 1u << VOLTE_RX_ACTION_RELEASE_OF_BEARER;
    CHECK(volte_epc_effect(&ev) == RL);
    ev = event(VOLTE_EPC_GX_RAR, 1, 0);
    CHECK(volte_epc_effect(&ev) == N);
    ev.install = true;
    ev.qci[ev.qci_count++] = 1;
    CHECK(volte_epc_effect(&ev) == RQ);
    ev.install = false;
    ev.remove = true;
    CHECK(volte_epc_effect(&ev) == RL);
    ev = event(VOLTE_EPC_GTP_CREATE_BEARER_RSP, 1, 0);
    CHECK(volte_epc_effect(&ev) == AC);
    ev.has_cause = true;
    ev.cause = 72;
    CHECK(volte_epc_effect(&ev) == RL);
    ev = event(VOLTE_EPC_NGAP_PDU_MODIFY_REQ, 1, 0);
    CHECK(volte_epc_effect(&ev) == N);
    ev.release_list = true;
    CHECK(volte_epc_effect(&ev) == RL);
    CHECK(volte_epc_effect(NULL) == N);
    CHECK_STR(volte_epc_kind_name(VOLTE_EPC_S1AP_ERAB_SETUP_REQ), "S1AP E-RAB Setup Request");
    CHECK_STR(volte_epc_kind_name((volte_epc_kind)99), "?");
    CHECK_STR(volte_epc_match_name(VOLTE_EPC_MATCH_ICID), "icid");
}

/* The flow of the source document with the EPC side: Rx AAR (icid), RAR
 * (successful resources allocation), the callee's bearer by S1AP/NAS with
 * a TFT, STR and E-RAB release. */
static void test_epc_linking(void)
{
    step s[12];
    precondition_flow(s);
    s[0].icid = "icid-1";
    volte_engine *e = volte_engine_new();
    volte_epc_tracker *tr = volte_epc_tracker_new();
    volte_epc_result r;

    for (size_t i = 0; i < 3; i++)
        feed(e, (uint32_t)i + 1, &s[i]); /* INVITE, 100, 183 */

    /* the caller's bearer, asked for by the P-CSCF: icid, Framed-IP of the caller */
    volte_epc_event aar = event(VOLTE_EPC_RX_AAR, 100, 1.22);
    aar.session_id = "pcscf;1";
    aar.icid = "icid-1";
    aar.media_types = 1u << VOLTE_MEDIA_AUDIO;
    volte_epc_add_flow(&aar, "permit out 17 from 10.0.0.2 50000 to 10.0.0.1 40000", true);
    volte_epc_add_flow(&aar, "permit in 17 from 10.0.0.1 40000 to 10.0.0.2 50000", true);
    volte_epc_add_endpoint(&aar, "10.0.0.1", 0, VOLTE_EPC_ROLE_UE, 0);
    CHECK(apply(tr, e, &aar, &r));
    CHECK(r.linked && r.call == 1 && r.call_frame == 1 && r.side == VOLTE_SIDE_MO && r.match == VOLTE_EPC_MATCH_ICID);
    CHECK(r.effect == RQ && r.state[VOLTE_MEDIA_AUDIO] == RQ && r.kinds == 1);

    /* the callee's bearer by S1AP: TFT with the callee's port as local port, the caller as remote */
    volte_epc_event setup = event(VOLTE_EPC_S1AP_ERAB_SETUP_REQ, 101, 1.23);
    setup.has_ue_id = true;
    setup.ue_id = 7;
    setup.ids[setup.id_count++] = 6;
    setup.qci[setup.qci_count++] = 1;
    volte_epc_add_endpoint(&setup, NULL, 50000, VOLTE_EPC_ROLE_UE, 0);
    volte_epc_add_endpoint(&setup, "10.0.0.1", 40000, VOLTE_EPC_ROLE_REMOTE, 0);
    CHECK(apply(tr, e, &setup, &r));
    CHECK(r.call == 1 && r.side == VOLTE_SIDE_MT && r.match == VOLTE_EPC_MATCH_FLOW && r.effect == RQ);

    /* the next SIP message shows both */
    const volte_msg_info *prack = feed(e, 4, &s[3]);
    /* PRACK: flow evidence does not override EPC evidence */
    CHECK(view_of(prack)->side[VOLTE_SIDE_MO][0].state == RQ && view_of(prack)->side[VOLTE_SIDE_MO][0].evidence == EE);
    CHECK(view_of(prack)->side[VOLTE_SIDE_MT][0].state == RQ && view_of(prack)->side[VOLTE_SIDE_MT][0].epc_frame == 101);
    CHECK(view_of(prack)->epc_frame == 101);

    /* E-RAB Setup Response: by the S1AP key */
    volte_epc_event rsp = event(VOLTE_EPC_S1AP_ERAB_SETUP_RSP, 102, 1.27);
    rsp.has_ue_id = true;
    rsp.ue_id = 7;
    rsp.ids[rsp.id_count++] = 6;
    CHECK(apply(tr, e, &rsp, &r));
    CHECK(r.side == VOLTE_SIDE_MT && r.match == VOLTE_EPC_MATCH_KEY && r.state[0] == AC && r.changed);
    /* the same news again changes nothing */
    rsp.frame = 103;
    rsp.kind = VOLTE_EPC_NAS_ACT_DEDICATED_ACC;
    CHECK(apply(tr, e, &rsp, &r) && !r.changed);

    /* RAR: successful resources allocation for the caller's session */
    volte_epc_event rar = event(VOLTE_EPC_RX_RAR, 104, 1.28);
    rar.session_id = "pcscf;1";
    rar.actions = 1u << VOLTE_RX_ACTION_SUCCESSFUL_RESOURCES_ALLOCATION;
    CHECK(apply(tr, e, &rar, &r));
    CHECK(r.side == VOLTE_SIDE_MO && r.match == VOLTE_EPC_MATCH_KEY && r.state[0] == AC);

    /* another AAR on the same session (an update) does not take the bearer back */
    aar.frame = 105;
    CHECK(apply(tr, e, &aar, &r) && r.match == VOLTE_EPC_MATCH_KEY && r.state[0] == AC && !r.changed);

    for (size_t i = 4; i < 11; i++)
        feed(e, (uint32_t)i + 1, &s[i]); /* ... BYE */
    const volte_call *call = volte_engine_call(e, 1);
    const volte_bearer *mo = &call->bearer->now.side[VOLTE_SIDE_MO][0];
    CHECK(mo->state == RL && mo->evidence == EF); /* BYE: released by the flow */

    /* STR: the EPC confirms the release */
    volte_epc_event str = event(VOLTE_EPC_RX_STR, 200, 37.01);
    str.session_id = "pcscf;1";
    CHECK(apply(tr, e, &str, &r) && r.match == VOLTE_EPC_MATCH_KEY && r.state[0] == RL && r.changed);
    CHECK(mo->evidence == EE && mo->epc_frame == 200 && mo->since_frame == 11);
    volte_epc_event rel = event(VOLTE_EPC_S1AP_ERAB_RELEASE_CMD, 201, 37.02);
    rel.has_ue_id = true;
    rel.ue_id = 7;
    rel.ids[rel.id_count++] = 6;
    CHECK(apply(tr, e, &rel, &r) && r.side == VOLTE_SIDE_MT && r.state[0] == RL);

    char sum[128];
    volte_bearer_summary(call->bearer, sum, sizeof sum);
    CHECK_STR(sum, "qci1 mo released +1.28s epc, mt released +1.27s epc");

    /* an unknown session, a default bearer, an answer nobody asked for: not linked */
    volte_epc_event lost = event(VOLTE_EPC_RX_STR, 300, 40.0);
    lost.session_id = "unknown";
    CHECK(!apply(tr, e, &lost, &r) && !r.linked);
    volte_epc_event def = event(VOLTE_EPC_S1AP_ERAB_SETUP_REQ, 301, 40.0);
    def.qci[def.qci_count++] = 9;
    CHECK(!apply(tr, e, &def, &r));
    volte_epc_event orphan = event(VOLTE_EPC_GTP_CREATE_BEARER_RSP, 302, 40.0);
    orphan.has_gtp = true;
    orphan.gtp_seq = 42;
    CHECK(!apply(tr, e, &orphan, &r));
    CHECK(!volte_epc_apply(tr, NULL, 0, &orphan, &r));
    CHECK(!volte_epc_apply(NULL, NULL, 0, &orphan, NULL));

    volte_epc_tracker_free(tr);
    volte_epc_tracker_free(NULL);
    volte_engine_free(e);
}

/* GTPv2: Create Bearer Request by TFT, its response by sequence number, the
 * Delete Bearer Request by TEID + EBI; then the time fallback. */
static void test_epc_gtp_and_time(void)
{
    step s[12];
    precondition_flow(s);
    volte_engine *e = volte_engine_new();
    volte_epc_tracker *tr = volte_epc_tracker_new();
    volte_epc_result r;
    for (size_t i = 0; i < 3; i++)
        feed(e, (uint32_t)i + 1, &s[i]);

    volte_epc_event cbr = event(VOLTE_EPC_GTP_CREATE_BEARER_REQ, 10, 1.3);
    cbr.has_gtp = true;
    cbr.gtp_seq = 0x1d;
    cbr.gtp_teid = 0x77;
    cbr.qci[cbr.qci_count++] = 1;
    volte_epc_add_endpoint(&cbr, "10.0.0.1", 40000, VOLTE_EPC_ROLE_UE, 0);
    volte_epc_add_endpoint(&cbr, "10.0.0.2", 50000, VOLTE_EPC_ROLE_REMOTE, 0);
    CHECK(apply(tr, e, &cbr, &r) && r.side == VOLTE_SIDE_MO && r.match == VOLTE_EPC_MATCH_FLOW);

    volte_epc_event cbresp = event(VOLTE_EPC_GTP_CREATE_BEARER_RSP, 11, 1.4);
    cbresp.has_gtp = true;
    cbresp.gtp_seq = 0x1d;
    cbresp.gtp_teid = 0x99;
    cbresp.ids[cbresp.id_count++] = 7;
    CHECK(apply(tr, e, &cbresp, &r) && r.match == VOLTE_EPC_MATCH_KEY && r.state[0] == AC);

    volte_epc_event dbr = event(VOLTE_EPC_GTP_DELETE_BEARER_REQ, 12, 30.0);
    dbr.has_gtp = true;
    dbr.gtp_seq = 0x50;
    dbr.gtp_teid = 0x77;
    dbr.ids[dbr.id_count++] = 7;
    CHECK(apply(tr, e, &dbr, &r) && r.side == VOLTE_SIDE_MO && r.state[0] == RL);

    /* time: an NGAP Modify Request with 5QI 1 and nothing else, right after
     * the caller's AAR linked by flow: the caller's side */
    volte_engine_free(e);
    e = volte_engine_new();
    for (size_t i = 0; i < 3; i++)
        feed(e, (uint32_t)i + 1, &s[i]);
    volte_epc_event aar = event(VOLTE_EPC_RX_AAR, 20, 1.22);
    aar.session_id = "x";
    aar.media_types = 1;
    volte_epc_add_flow(&aar, "permit out 17 from 10.0.0.2 50000 to 10.0.0.1 40000", true);
    CHECK(apply(tr, e, &aar, &r) && r.side == VOLTE_SIDE_MO && r.match == VOLTE_EPC_MATCH_FLOW);
    volte_epc_event mod = event(VOLTE_EPC_NGAP_PDU_MODIFY_REQ, 21, 1.23);
    mod.has_ue_id = true;
    mod.ue_id = 1;
    mod.pdu_session = 5;
    mod.ids[mod.id_count++] = 2;
    mod.qci[mod.qci_count++] = 1;
    CHECK(apply(tr, e, &mod, &r) && r.side == VOLTE_SIDE_MO && r.match == VOLTE_EPC_MATCH_TIME && r.state[0] == RQ);
    volte_epc_event modrsp = event(VOLTE_EPC_NGAP_PDU_MODIFY_RSP, 22, 1.25);
    modrsp.has_ue_id = true;
    modrsp.ue_id = 1;
    modrsp.pdu_session = 5;
    modrsp.ids[modrsp.id_count++] = 2;
    CHECK(apply(tr, e, &modrsp, &r) && r.match == VOLTE_EPC_MATCH_KEY && r.state[0] == AC);
    /* the release: a Modify Request with a release list, then its response */
    volte_epc_event relq = mod;
    relq.frame = 23;
    relq.time_ns = 30000000000;
    relq.qci_count = 0;
    relq.release_list = true;
    CHECK(apply(tr, e, &relq, &r) && r.match == VOLTE_EPC_MATCH_KEY && r.state[0] == RL);
    modrsp.frame = 24;
    CHECK(apply(tr, e, &modrsp, &r) && r.state[0] == RL); /* the answer to a release stays a release */

    /* too late for the time fallback: the INVITE is more than 2 minutes old */
    volte_epc_event late = mod;
    late.frame = 25;
    late.time_ns = 500000000000;
    late.ue_id = 99;
    CHECK(!apply(tr, e, &late, &r));

    volte_epc_tracker_free(tr);
    volte_engine_free(e);
}

/* Arbitrary events against a few calls: nothing may crash or leak, and the
 * key table stays usable (run under ASan by the sanitizer build). */
static void test_epc_random_events(void)
{
    step s[12];
    precondition_flow(s);
    volte_engine *e = volte_engine_new();
    for (size_t i = 0; i < 12; i++)
        feed(e, (uint32_t)i + 1, &s[i]);
    volte_epc_tracker *tr = volte_epc_tracker_new();
    static const char *const flows[] = {"permit out 17 from 10.0.0.2 50000 to 10.0.0.1 40000",
                                        "permit in 17 from 10.0.0.1 40000 to 10.0.0.2 50000",
                                        "permit out ip from any to assigned", "garbage", ""};
    static const char *const sessions[] = {"a", "b", NULL};
    uint32_t x = 12345;
    unsigned linked = 0;
    for (unsigned n = 0; n < 5000; n++) {
        volte_epc_event ev = event((volte_epc_kind)(n % (VOLTE_EPC_KIND_COUNT + 1)), 100 + n, (double)(n % 50));
        x = x * 1103515245u + 12345u;
        ev.session_id = sessions[x % 3];
        ev.icid = (x & 64) ? "icid-1" : NULL;
        ev.has_ue_id = x & 1;
        ev.ue_id = (x >> 3) % 4;
        ev.has_gtp = x & 2;
        ev.gtp_seq = (x >> 5) % 8;
        ev.gtp_teid = (x >> 7) % 3;
        ev.id_count = (x >> 9) % (VOLTE_EPC_MAX_IDS + 3);
        for (unsigned i = 0; i < VOLTE_EPC_MAX_IDS; i++)
            ev.ids[i] = (uint8_t)(5 + (x >> (i + 11)) % 4);
        ev.qci_count = (x >> 13) % (VOLTE_EPC_MAX_QCI + 3);
        for (unsigned i = 0; i < VOLTE_EPC_MAX_QCI; i++)
            ev.qci[i] = (uint8_t)((x >> (i + 15)) % 10);
        ev.actions = x;
        ev.release_list = x & 4;
        ev.install = x & 8;
        ev.remove = x & 16;
        ev.media_types = (uint8_t)(x >> 20);
        ev.name_count = (x >> 22) % 6;
        for (unsigned i = 0; i < VOLTE_EPC_MAX_NAMES; i++)
            ev.names[i] = sessions[(x >> i) % 3];
        for (unsigned i = 0; i < (x >> 24) % 5; i++)
            volte_epc_add_flow(&ev, flows[(x >> (i + 2)) % 5], x & 32);
        if (x & 128)
            ev.endpoint_count = 1000; /* more than the array: clamped */
        volte_epc_result r;
        if (apply(tr, e, &ev, &r))
            linked++;
        CHECK(!r.linked || (r.call == 1 && r.side < VOLTE_SIDES));
    }
    CHECK(linked > 0);
    volte_epc_tracker_free(tr);
    volte_engine_free(e);
}

int main(void)
{
    test_source_document_flow();
    test_two_legs();
    test_retransmission_changes_nothing();
    test_without_preconditions();
    test_183_answer_without_preconditions();
    test_580_releases_the_caller();
    test_update_never_comes();
    test_video_call();
    test_video_rejected_in_the_answer();
    test_busy_and_late_failure();
    test_mid_call_capture();
    test_new_attempt_after_challenge();
    test_robust_input();
    test_media_endpoints();
    test_ip_parse();
    test_segment_text();
    test_icid_hash();
    test_epc_flow_description();
    test_epc_effects();
    test_epc_linking();
    test_epc_gtp_and_time();
    test_epc_random_events();
    return check_report("test_bearer");
}
