/*
 * test_sip_parse.c - unit tests of the SIP message text parser
 * (volte_sip_parse, sip_parse.c and sdp_parse.c): start lines, full and
 * compact header names, folding, the parts taken from values (URIs, tags,
 * the top Via's branch, CSeq, RAck, RSeq, Expires, icid), joined headers,
 * SDP and multipart bodies, the array and store limits, and malformed text.
 *
 * Every message is copied into a heap block of exactly its length (no NUL
 * after it) and parsed into a store of VOLTE_SIP_STORE_SIZE bytes followed
 * by a canary; each returned string must lie inside the store, end there
 * and be valid UTF-8.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "volte/sip_parse.h"

#define STORE_MAX (1u << 18)
#define CANARY    0xa5
#define GUARD     64

static unsigned char store_buf[STORE_MAX + GUARD];
static volte_sip_message msg;

static bool streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Every string field of a message, for the checks that apply to all. */
static size_t strings_of(const volte_sip_message *m, const char **out)
{
    size_t n = 0;
    const char *fixed[] = {m->method, m->call_id, m->cseq_method, m->via_branch, m->from_tag, m->to_tag,
                           m->ruri, m->from_uri, m->to_uri, m->pai_uri, m->require, m->supported,
                           m->rack_method, m->alert_info, m->history_info, m->diversion, m->reason,
                           m->session_expires, m->min_se, m->icid, m->authenticate, m->warning,
                           m->sdp.connection};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        out[n++] = fixed[i];
    for (unsigned i = 0; i < m->contact_count && i < VOLTE_MAX_HEADER_VALUES; i++)
        out[n++] = m->contacts[i];
    for (unsigned i = 0; i < m->sdp.media_count && i < VOLTE_MAX_SDP_MEDIA; i++)
        out[n++] = m->sdp.media[i].line;
    for (unsigned i = 0; i < m->sdp.attr_count && i < VOLTE_MAX_SDP_ATTRS; i++)
        out[n++] = m->sdp.attrs[i];
    return n;
}

#define MAX_STRINGS (23 + VOLTE_MAX_HEADER_VALUES + VOLTE_MAX_SDP_MEDIA + VOLTE_MAX_SDP_ATTRS)

/* The strings lie inside the store and end there; the store was not
 * written past its size; the counts stay inside the arrays. */
static void check_message(const volte_sip_message *m, const unsigned char *store, size_t size)
{
    const char *s[MAX_STRINGS];
    size_t n = strings_of(m, s);
    for (size_t i = 0; i < n; i++) {
        if (!s[i])
            continue;
        const unsigned char *p = (const unsigned char *)s[i];
        CHECK(p >= store && p < store + size);
        if (!(p >= store && p < store + size))
            continue;
        const char *nul = memchr(p, '\0', (size_t)(store + size - p));
        CHECK(nul != NULL);
        if (nul)
            CHECK(g_utf8_validate(s[i], -1, NULL));
    }
    for (size_t i = size; i < size + GUARD; i++)
        CHECK(store[i] == CANARY);
    CHECK(m->contact_count <= VOLTE_MAX_HEADER_VALUES);
    CHECK(m->sdp.media_count <= VOLTE_MAX_SDP_MEDIA);
    CHECK(m->sdp.attr_count <= VOLTE_MAX_SDP_ATTRS);
    CHECK(m->sdp.session_attr_count <= m->sdp.attr_count);
    for (unsigned i = 0; i < m->sdp.media_count && i < VOLTE_MAX_SDP_MEDIA; i++)
        CHECK(m->sdp.media[i].attr_first + m->sdp.media[i].attr_count <= m->sdp.attr_count);
}

/* Parse `len` bytes of `text` (from an exact-size copy) with a store of
 * `size` bytes into the static message, cleared first. */
static volte_sip_message *parse_sized(const char *text, size_t len, size_t size)
{
    if (size > STORE_MAX)
        abort();
    char *exact = malloc(len ? len : 1);
    if (!exact)
        abort();
    memcpy(exact, text, len);
    memset(&msg, 0, sizeof msg);
    memset(store_buf, CANARY, size + GUARD);
    volte_sip_parse(exact, len, &msg, (char *)store_buf, size);
    free(exact); /* the strings are copies in the store */
    check_message(&msg, store_buf, size);
    return &msg;
}

static volte_sip_message *parse_n(const char *text, size_t len)
{
    return parse_sized(text, len, VOLTE_SIP_STORE_SIZE(len));
}

static volte_sip_message *parse(const char *text)
{
    return parse_n(text, strlen(text));
}

/* A message made of a head (start line and headers, each ending in CRLF)
 * and a body, with the right Content-Length; static, reused. */
static const char *with_body(const char *head, const char *body)
{
    static char buf[65536];
    int n = snprintf(buf, sizeof buf, "%sContent-Length: %zu\r\n\r\n%s", head, strlen(body), body);
    if (n < 0 || (size_t)n >= sizeof buf)
        abort();
    return buf;
}

/* ------------------------------------------------------------------ whole messages */

static const char invite_head[] =
    "INVITE tel:+15550100002;phone-context=ims.mnc001.mcc001.3gppnetwork.org SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKinv1;rport\r\n"
    "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKolder\r\n"
    "Max-Forwards: 70\r\n"
    "From: \"Alice\" <sip:+15550100001@ims.example.com;user=phone>;tag=from1\r\n"
    "To: <tel:+15550100002>\r\n"
    "Call-ID: callid-1@10.0.0.1\r\n"
    "CSeq: 1 INVITE\r\n"
    "P-Asserted-Identity: <sip:+15550100001@ims.example.com>, <tel:+15550100001>\r\n"
    "Contact: <sip:+15550100001@10.0.0.1:5060>;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"\r\n"
    "Expires: 180\r\n"
    "Require: precondition\r\n"
    "Supported: 100rel, timer\r\n"
    "Supported: precondition\r\n"
    "Allow: INVITE, ACK, BYE, CANCEL, PRACK, UPDATE\r\n"
    "Session-Expires: 1800;refresher=uac\r\n"
    "Min-SE: 90\r\n"
    "P-Charging-Vector: icid-value=icid-abc;icid-generated-at=10.0.0.1;orig-ioi=home.net\r\n"
    "Alert-Info: <urn:alert:service:call-waiting>\r\n"
    "History-Info: <sip:+15550100003@ims.example.com>;index=1\r\n"
    "History-Info: <sip:+15550100002@ims.example.com;cause=480>;index=1.1\r\n"
    "Diversion: <tel:+15550100003>;reason=no-answer\r\n"
    "Reason: Q.850;cause=16\r\n"
    "Warning: 399 pcscf \"Nothing wrong\"\r\n"
    "Retry-After: 5\r\n"
    "Authorization: Digest username=\"alice\"\r\n"
    "RSeq: 9\r\n"
    "RAck: 3 1 INVITE\r\n"
    "Content-Type: application/sdp\r\n";

static const char invite_sdp[] = "v=0\r\n"
                                 "o=- 1 1 IN IP4 10.0.0.1\r\n"
                                 "s=-\r\n"
                                 "c=IN IP4 10.0.0.1\r\n"
                                 "t=0 0\r\n"
                                 "a=sendrecv\r\n"
                                 "a=group:BUNDLE 0\r\n"
                                 "m=audio 49170 RTP/AVP 116 118\r\n"
                                 "c=IN IP4 10.0.0.2\r\n"
                                 "b=AS:41\r\n"
                                 "a=rtpmap:116 AMR-WB/16000/1\r\n"
                                 "a=curr:qos local none\r\n"
                                 "a=des:qos mandatory local sendrecv\r\n"
                                 "m=video 49172 RTP/AVP 96\r\n"
                                 "a=rtpmap:96 H264/90000\r\n";

static void test_full_invite(void)
{
    const char *text = with_body(invite_head, invite_sdp);
    size_t len = strlen(text);
    char *exact = malloc(len);
    memcpy(exact, text, len);
    memset(&msg, 0, sizeof msg);
    msg.frame = 7;
    msg.index = 2;
    msg.time_ns = 123456789;
    msg.hop = 0xdeadbeef;
    size_t size = VOLTE_SIP_STORE_SIZE(len);
    memset(store_buf, CANARY, size + GUARD);
    volte_sip_parse(exact, len, &msg, (char *)store_buf, size);
    free(exact);
    check_message(&msg, store_buf, size);
    const volte_sip_message *m = &msg;

    /* what the text does not define is left as it was */
    CHECK(m->frame == 7 && m->index == 2 && m->time_ns == 123456789 && m->hop == 0xdeadbeef);

    CHECK(m->is_request && !m->is_response);
    CHECK(streq(m->method, "INVITE"));
    CHECK(m->status == 0);
    CHECK(streq(m->ruri, "tel:+15550100002;phone-context=ims.mnc001.mcc001.3gppnetwork.org"));
    CHECK(streq(m->call_id, "callid-1@10.0.0.1"));
    CHECK(m->has_cseq && m->cseq == 1);
    CHECK(streq(m->cseq_method, "INVITE"));
    CHECK(streq(m->via_branch, "z9hG4bKinv1"));
    CHECK(m->via_count == 2);
    CHECK(streq(m->from_tag, "from1"));
    CHECK(m->to_tag == NULL);
    CHECK(streq(m->from_uri, "sip:+15550100001@ims.example.com;user=phone"));
    CHECK(streq(m->to_uri, "tel:+15550100002"));
    CHECK(streq(m->pai_uri, "sip:+15550100001@ims.example.com"));
    CHECK(m->has_expires && m->expires == 180);
    CHECK(m->contact_count == 1);
    CHECK(streq(m->contacts[0],
                "<sip:+15550100001@10.0.0.1:5060>;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\""));
    CHECK(streq(m->require, "precondition"));
    CHECK(streq(m->supported, "100rel, timer, precondition"));
    CHECK(m->has_rseq && m->rseq == 9);
    CHECK(m->has_rack && m->rack_rseq == 3 && m->rack_cseq == 1);
    CHECK(streq(m->rack_method, "INVITE"));
    CHECK(streq(m->alert_info, "<urn:alert:service:call-waiting>"));
    CHECK(streq(m->history_info, "<sip:+15550100003@ims.example.com>;index=1, "
                                 "<sip:+15550100002@ims.example.com;cause=480>;index=1.1"));
    CHECK(streq(m->diversion, "<tel:+15550100003>;reason=no-answer"));
    CHECK(streq(m->reason, "Q.850;cause=16"));
    CHECK(streq(m->session_expires, "1800;refresher=uac"));
    CHECK(streq(m->min_se, "90"));
    CHECK(streq(m->icid, "icid-abc"));
    CHECK(m->authenticate == NULL);
    CHECK(streq(m->warning, "399 pcscf \"Nothing wrong\""));
    CHECK(m->headers == (VOLTE_HDR_AUTHORIZATION | VOLTE_HDR_ALLOW | VOLTE_HDR_CONTACT | VOLTE_HDR_RETRY_AFTER |
                         VOLTE_HDR_MIN_SE | VOLTE_HDR_SESSION_EXPIRES | VOLTE_HDR_WARNING));

    const volte_sdp *sdp = &m->sdp;
    CHECK(sdp->present);
    CHECK(streq(sdp->connection, "IN IP4 10.0.0.1")); /* the first c=, not the media one */
    CHECK(sdp->session_attr_count == 2);
    CHECK(sdp->attr_count == 6);
    CHECK(streq(sdp->attrs[0], "sendrecv"));
    CHECK(streq(sdp->attrs[1], "group:BUNDLE 0"));
    CHECK(sdp->media_count == 2);
    CHECK(streq(sdp->media[0].line, "audio 49170 RTP/AVP 116 118"));
    CHECK(sdp->media[0].attr_first == 2 && sdp->media[0].attr_count == 3);
    CHECK(streq(sdp->attrs[2], "rtpmap:116 AMR-WB/16000/1"));
    CHECK(streq(sdp->attrs[3], "curr:qos local none"));
    CHECK(streq(sdp->attrs[4], "des:qos mandatory local sendrecv"));
    CHECK(streq(sdp->media[1].line, "video 49172 RTP/AVP 96"));
    CHECK(sdp->media[1].attr_first == 5 && sdp->media[1].attr_count == 1);
    CHECK(streq(sdp->attrs[5], "rtpmap:96 H264/90000"));
    CHECK(sdp->dropped == 0);
    CHECK(m->dropped == 0);
}

static void test_response(void)
{
    const volte_sip_message *m = parse("SIP/2.0 183 Session Progress\r\n"
                                       "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n"
                                       "From: <sip:a@x>;tag=a1\r\n"
                                       "To: <sip:b@x>;tag=b1\r\n"
                                       "Call-ID: c1\r\n"
                                       "CSeq: 1 INVITE\r\n"
                                       "Require: 100rel\r\n"
                                       "RSeq: 1\r\n"
                                       "WWW-Authenticate: Digest realm=\"ims\", nonce=\"n1\"\r\n"
                                       "Content-Length: 0\r\n"
                                       "\r\n");
    CHECK(m->is_response && !m->is_request);
    CHECK(m->status == 183);
    CHECK(m->method == NULL && m->ruri == NULL);
    CHECK(streq(m->to_tag, "b1") && streq(m->from_tag, "a1"));
    CHECK(m->has_rseq && m->rseq == 1);
    CHECK(streq(m->require, "100rel"));
    CHECK(m->headers == VOLTE_HDR_WWW_AUTHENTICATE);
    CHECK(streq(m->authenticate, "Digest realm=\"ims\", nonce=\"n1\""));
    CHECK(!m->sdp.present);

    m = parse("SIP/2.0 200\r\nCall-ID: x\r\n\r\n"); /* no reason phrase */
    CHECK(m->is_response && m->status == 200);
    m = parse("SIP/2.0 180\tRinging\r\n\r\n");
    CHECK(m->is_response && m->status == 180);
    m = parse("sip/2.0 486 Busy Here\r\n\r\n"); /* the version is case-insensitive */
    CHECK(m->is_response && m->status == 486);
    m = parse("SIP/2.0 699 Whatever\r\n");
    CHECK(m->is_response && m->status == 699);
    m = parse("SIP/2.0    100 Trying\r\n"); /* extra blanks after the version */
    CHECK(m->is_response && m->status == 100);
    m = parse("invite sip:b@x sip/2.0\r\n"); /* methods are kept as written */
    CHECK(m->is_request && streq(m->method, "invite") && streq(m->ruri, "sip:b@x"));
}

static void test_broken_start_lines(void)
{
    static const char *const lines[] = {
        "SIP/2.0 2OO OK",            /* letter O, not zero */
        "SIP/2.0 20 OK",             /* two digits */
        "SIP/2.0 2000 OK",           /* four digits */
        "SIP/2.0 OK",                /* no code */
        "SIP/2.0 ",                  /* nothing after the version */
        "SIP/2.0",                   /* the version alone */
        "SIP/2.0 -200 OK",           /* a sign */
        "SIP/3.0 200 OK",            /* another version */
        "HTTP/1.1 200 OK",           /* another protocol */
        "INVITE sip:b@x",            /* no version */
        "INVITE sip:b@x HTTP/1.1",   /* wrong version */
        "INVITE  sip:b@x SIP/2.0",   /* empty Request-URI */
        " INVITE sip:b@x SIP/2.0",   /* leading blank */
        "INV<ITE sip:b@x SIP/2.0",   /* not a token */
        "INVITE\tsip:b@x\tSIP/2.0",  /* tabs instead of SP */
        "INVITE",                    /* a word */
        "",                          /* an empty first line */
        ":",                         /* punctuation */
        "Call-ID: not-a-start-line", /* a header first */
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "%s\r\nCall-ID: c-%zu\r\nCSeq: 5 BYE\r\n\r\n", lines[i], i);
        const volte_sip_message *m = parse(text);
        char want[32];
        snprintf(want, sizeof want, "c-%zu", i);
        if (m->is_request || m->is_response || m->method || m->ruri || m->status)
            fprintf(stderr, "start line taken: \"%s\"\n", lines[i]);
        CHECK(!m->is_request && !m->is_response);
        CHECK(m->method == NULL && m->ruri == NULL && m->status == 0);
        /* the headers are read all the same */
        CHECK(streq(m->call_id, want));
        CHECK(m->has_cseq && m->cseq == 5 && streq(m->cseq_method, "BYE"));
    }
    /* the start line without a line end, and nothing else */
    const volte_sip_message *m = parse("SIP/2.0 200 OK");
    CHECK(m->is_response && m->status == 200 && m->call_id == NULL);
    m = parse("BYE sip:b@x SIP/2.0");
    CHECK(m->is_request && streq(m->method, "BYE"));
    /* a NUL inside the method: not a token */
    static const char nul_method[] = "INV\0ITE sip:b@x SIP/2.0\r\nCall-ID: n\r\n\r\n";
    m = parse_n(nul_method, sizeof nul_method - 1);
    CHECK(!m->is_request && m->method == NULL);
    CHECK(streq(m->call_id, "n"));
}

/* ------------------------------------------------------------------ header names */

static void test_compact_names(void)
{
    const char *text = with_body("INVITE sip:b@x SIP/2.0\r\n"
                                 "v: SIP/2.0/UDP h1;branch=z9hG4bKc1\r\n"
                                 "V: SIP/2.0/UDP h2;branch=z9hG4bKc2\r\n"
                                 "i: cid-compact\r\n"
                                 "f: <sip:a@x>;tag=ft\r\n"
                                 "t: sip:b@x;tag=tt\r\n"
                                 "m: <sip:a@10.0.0.1>\r\n"
                                 "k: 100rel\r\n"
                                 "Supported: timer\r\n"
                                 "x: 1800;refresher=uas\r\n"
                                 "c: application/sdp\r\n"
                                 "CSeq: 2 INVITE\r\n",
                                 "v=0\r\nm=audio 1 RTP/AVP 0\r\n");
    /* with_body spells Content-Length in full; the compact l is tested below */
    const volte_sip_message *m = parse(text);
    CHECK(m->via_count == 2 && streq(m->via_branch, "z9hG4bKc1"));
    CHECK(streq(m->call_id, "cid-compact"));
    CHECK(streq(m->from_uri, "sip:a@x") && streq(m->from_tag, "ft"));
    CHECK(streq(m->to_uri, "sip:b@x") && streq(m->to_tag, "tt"));
    CHECK(m->contact_count == 1 && streq(m->contacts[0], "<sip:a@10.0.0.1>"));
    CHECK(m->headers & VOLTE_HDR_CONTACT);
    CHECK(streq(m->supported, "100rel, timer"));
    CHECK(streq(m->session_expires, "1800;refresher=uas"));
    CHECK(m->headers & VOLTE_HDR_SESSION_EXPIRES);
    CHECK(m->sdp.present && m->sdp.media_count == 1);

    /* l: cuts the body */
    m = parse("INVITE sip:b@x SIP/2.0\r\nc: application/sdp\r\nl: 5\r\n\r\nv=0\r\nm=audio 1 RTP/AVP 0\r\n");
    CHECK(m->sdp.present && m->sdp.media_count == 0);
    m = parse("INVITE sip:b@x SIP/2.0\r\nc: application/sdp\r\nL: 27\r\n\r\nv=0\r\nm=audio 1 RTP/AVP 0\r\nm=x\r\n");
    CHECK(m->sdp.present && m->sdp.media_count == 1);

    /* letters that are compact forms of headers the parser does not use,
     * or of none, are ignored */
    m = parse("SIP/2.0 200 OK\r\ne: gzip\r\ns: subject\r\no: presence\r\nu: dialog\r\nz: 1\r\n: empty\r\n\r\n");
    CHECK(m->is_response && m->headers == 0 && m->call_id == NULL);
}

static void test_case_insensitive_names(void)
{
    const volte_sip_message *m = parse(with_body("SIP/2.0 200 OK\r\n"
                                                 "VIA: SIP/2.0/UDP h;BRANCH=z9hG4bKup\r\n"
                                                 "cALL-iD: mixed\r\n"
                                                 "cseq: 3 UPDATE\r\n"
                                                 "FROM: <sip:a@x>;TAG=F1\r\n"
                                                 "to: <sip:b@x>;Tag=t1\r\n"
                                                 "p-asserted-identity: <tel:+1555>\r\n"
                                                 "CONTACT: <sip:b@h>\r\n"
                                                 "rseq: 4\r\n"
                                                 "rAcK: 4 3 INVITE\r\n"
                                                 "EXPIRES: 60\r\n"
                                                 "Www-Authenticate: Digest a\r\n"
                                                 "PROXY-AUTHORIZATION: Digest b\r\n"
                                                 "allow: INVITE\r\n"
                                                 "UNSUPPORTED: foo\r\n"
                                                 "min-expires: 600\r\n"
                                                 "retry-AFTER: 3\r\n"
                                                 "MIN-se: 90\r\n"
                                                 "session-EXPIRES: 90\r\n"
                                                 "WARNING: 370 h \"x\"\r\n"
                                                 "p-charging-VECTOR: ICID-VALUE=up1\r\n"
                                                 "Call-Id : spaced-name\r\n" /* second Call-ID: not used */
                                                 "CONTENT-TYPE: APPLICATION/SDP\r\n",
                                                 "v=0\r\nc=IN IP4 1.2.3.4\r\n"));
    CHECK(streq(m->via_branch, "z9hG4bKup"));
    CHECK(streq(m->call_id, "mixed"));
    CHECK(m->has_cseq && m->cseq == 3 && streq(m->cseq_method, "UPDATE"));
    CHECK(streq(m->from_tag, "F1") && streq(m->to_tag, "t1"));
    CHECK(streq(m->pai_uri, "tel:+1555"));
    CHECK(m->contact_count == 1);
    CHECK(m->has_rseq && m->rseq == 4);
    CHECK(m->has_rack && m->rack_rseq == 4 && m->rack_cseq == 3);
    CHECK(m->has_expires && m->expires == 60);
    CHECK(streq(m->min_se, "90") && streq(m->session_expires, "90"));
    CHECK(streq(m->icid, "up1"));
    CHECK(m->headers == (VOLTE_HDR_WWW_AUTHENTICATE | VOLTE_HDR_AUTHORIZATION | VOLTE_HDR_ALLOW |
                         VOLTE_HDR_UNSUPPORTED | VOLTE_HDR_MIN_EXPIRES | VOLTE_HDR_CONTACT |
                         VOLTE_HDR_RETRY_AFTER | VOLTE_HDR_MIN_SE | VOLTE_HDR_SESSION_EXPIRES |
                         VOLTE_HDR_WARNING));
    CHECK(m->sdp.present && streq(m->sdp.connection, "IN IP4 1.2.3.4"));

    /* blanks between the name and the colon */
    m = parse("BYE sip:b@x SIP/2.0\r\nCall-ID \t: blank-name\r\n\r\n");
    CHECK(streq(m->call_id, "blank-name"));
    /* names that only start like a known one */
    m = parse("BYE sip:b@x SIP/2.0\r\nCall-IDs: no\r\nCall: no\r\nVia-X: no\r\nTo-: no\r\nCSeqq: 1 BYE\r\n\r\n");
    CHECK(m->call_id == NULL && m->via_count == 0 && m->to_uri == NULL && !m->has_cseq);
}

/* ------------------------------------------------------------------ folding */

static void test_folding(void)
{
    const volte_sip_message *m = parse("INVITE sip:b@x SIP/2.0\r\n"
                                       "Call-ID:\r\n"
                                       "  folded-id\r\n"
                                       "Require: 100rel,\r\n"
                                       " precondition\r\n"
                                       "From: \"A\"\r\n"
                                       "\t<sip:a@x>;tag=1\r\n"
                                       "Warning: 399\r\n"
                                       "   \t host\r\n"
                                       "\t\"Nothing\"\r\n"
                                       "CSeq: 7\r\n"
                                       " INVITE\r\n"
                                       "Via: SIP/2.0/UDP h\r\n"
                                       " ;branch=z9hG4bKfold\r\n"
                                       "RAck: 1\r\n"
                                       " 7\r\n"
                                       " INVITE\r\n"
                                       "Supported: timer\n"
                                       "\tprecondition\n"
                                       "\r\n");
    CHECK(streq(m->call_id, "folded-id"));
    CHECK(streq(m->require, "100rel, precondition"));
    CHECK(streq(m->from_uri, "sip:a@x") && streq(m->from_tag, "1"));
    CHECK(streq(m->warning, "399 host \"Nothing\""));
    CHECK(m->has_cseq && m->cseq == 7 && streq(m->cseq_method, "INVITE"));
    CHECK(streq(m->via_branch, "z9hG4bKfold") && m->via_count == 1);
    CHECK(m->has_rack && m->rack_rseq == 1 && m->rack_cseq == 7 && streq(m->rack_method, "INVITE"));
    CHECK(streq(m->supported, "timer precondition"));

    /* a continuation line belongs to the header before it only: after an
     * unknown header, a line without a colon or the start line it is lost */
    m = parse("INVITE sip:b@x SIP/2.0\r\n"
              " Call-ID: after-start-line\r\n"
              "Call-ID: first\r\n"
              "X-Unknown: 1\r\n"
              " more\r\n"
              "no colon here\r\n"
              " continued\r\n"
              "Reason: SIP;cause=200\r\n"
              "\r\n");
    CHECK(streq(m->call_id, "first"));
    CHECK(streq(m->reason, "SIP;cause=200"));
}

/* ------------------------------------------------------------------ Via */

static void test_via(void)
{
    const volte_sip_message *m = parse("SIP/2.0 200 OK\r\n"
                                       "Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\n"
                                       "Via: SIP/2.0/UDP c;branch=z9hG4bK3\r\n"
                                       "\r\n");
    CHECK(streq(m->via_branch, "z9hG4bK1"));
    CHECK(m->via_count == 2); /* header lines, as Wireshark's sip.Via */

    /* the topmost via-parm has no branch: none, not the next one's */
    m = parse("SIP/2.0 200 OK\r\n"
              "Via: SIP/2.0/UDP a;rport, SIP/2.0/UDP b;branch=z9hG4bK2\r\n"
              "Via: SIP/2.0/UDP c;branch=z9hG4bK3\r\n"
              "\r\n");
    CHECK(m->via_branch == NULL && m->via_count == 2);
    m = parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a\r\nVia: SIP/2.0/UDP c;branch=z9hG4bK3\r\n\r\n");
    CHECK(m->via_branch == NULL);

    /* parameters around it, blanks, IPv6, received before branch */
    m = parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP [2001:db8::1]:5060 ; received=1.2.3.4 ;  branch=z9hG4bKv6 ;rport=5\r\n");
    CHECK(streq(m->via_branch, "z9hG4bKv6"));
    /* empty branch, a parameter that only ends in branch */
    m = parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;xbranch=no;branch=\r\n\r\n");
    CHECK(m->via_branch == NULL);
    m = parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;xbranch=no;branch=yes\r\n\r\n");
    CHECK(streq(m->via_branch, "yes"));

    /* more than VOLTE_MAX_HEADER_VALUES lines: counted up to the limit */
    char text[4096] = "SIP/2.0 200 OK\r\n";
    for (int i = 0; i < VOLTE_MAX_HEADER_VALUES + 4; i++) {
        char line[80];
        snprintf(line, sizeof line, "Via: SIP/2.0/UDP h%d;branch=z9hG4bK%d\r\n", i, i);
        strcat(text, line);
    }
    m = parse(text);
    CHECK(m->via_count == VOLTE_MAX_HEADER_VALUES);
    CHECK(streq(m->via_branch, "z9hG4bK0"));
    CHECK(m->dropped == 4);
}

/* ------------------------------------------------------------------ addresses */

static void test_addresses(void)
{
    /* a quoted display name with the characters that end things elsewhere */
    const volte_sip_message *m =
        parse("BYE sip:b@x SIP/2.0\r\n"
              "From: \"Bob <boss>, ; jr\" <sip:bob@x;tag=uriparam>;tag=real\r\n"
              "To: sip:carol@x;tag=t2\r\n"
              "P-Asserted-Identity: \"A, B\" <sip:pai@x>, <tel:+1555>\r\n"
              "\r\n");
    CHECK(streq(m->from_uri, "sip:bob@x;tag=uriparam"));
    CHECK(streq(m->from_tag, "real"));
    CHECK(streq(m->to_uri, "sip:carol@x")); /* addr-spec: its parameters are the header's */
    CHECK(streq(m->to_tag, "t2"));
    CHECK(streq(m->pai_uri, "sip:pai@x"));

    /* the tag is never taken from the URI's parameters inside <> */
    m = parse("BYE sip:b@x SIP/2.0\r\nFrom: <sip:a@x;tag=inside>\r\nTo: <sip:b@x;tag=in>;other=1\r\n\r\n");
    CHECK(streq(m->from_uri, "sip:a@x;tag=inside") && m->from_tag == NULL);
    CHECK(streq(m->to_uri, "sip:b@x;tag=in") && m->to_tag == NULL);

    /* unquoted display name, blanks, escaped quotes, ';' and "tag=" inside
     * quotes, an escaped backslash before the closing quote */
    m = parse("BYE sip:b@x SIP/2.0\r\n"
              "From: Alice Smith   < sip:alice@x >  ;  tag=sp\r\n"
              "To: \"say \\\"hi\\\" <x>\" <sip:q@x>;tag=esc\r\n"
              "P-Asserted-Identity: \"back\\\\\" <sip:bs@x>\r\n"
              "\r\n");
    CHECK(streq(m->from_uri, "sip:alice@x") && streq(m->from_tag, "sp"));
    CHECK(streq(m->to_uri, "sip:q@x") && streq(m->to_tag, "esc"));
    CHECK(streq(m->pai_uri, "sip:bs@x"));
    m = parse("BYE sip:b@x SIP/2.0\r\n"
              "From: \"x;tag=no\" <sip:a@x>;tag=yes\r\n"
              "To: <sip:b@x>;p=\"1;tag=no\";tag=yes2\r\n"
              "\r\n");
    CHECK(streq(m->from_tag, "yes"));
    CHECK(streq(m->to_tag, "yes2"));
    m = parse("BYE sip:b@x SIP/2.0\r\nTo: <sip:b@x>;p=\"a,b\";tag=after-comma\r\n\r\n");
    CHECK(streq(m->to_tag, "after-comma"));

    /* tel: URIs, in both forms */
    m = parse("INVITE tel:+15550100002 SIP/2.0\r\n"
              "From: <tel:+15550100001;phone-context=ims.example>;tag=9\r\n"
              "To: tel:+15550100002;tag=8\r\n"
              "P-Asserted-Identity: tel:+15550100001\r\n"
              "\r\n");
    CHECK(streq(m->ruri, "tel:+15550100002"));
    CHECK(streq(m->from_uri, "tel:+15550100001;phone-context=ims.example") && streq(m->from_tag, "9"));
    CHECK(streq(m->to_uri, "tel:+15550100002") && streq(m->to_tag, "8"));
    CHECK(streq(m->pai_uri, "tel:+15550100001"));

    /* P-Asserted-Identity: the first value of the first line */
    m = parse("BYE sip:b@x SIP/2.0\r\n"
              "P-Asserted-Identity: sip:first@x, <tel:+2>\r\n"
              "P-Asserted-Identity: <sip:second@x>\r\n"
              "\r\n");
    CHECK(streq(m->pai_uri, "sip:first@x"));

    /* broken addresses: no '>', empty, '<>' alone, a lone quote */
    m = parse("BYE sip:b@x SIP/2.0\r\nFrom: <sip:open@x;tag=1\r\nTo:\r\nP-Asserted-Identity: <>\r\n\r\n");
    CHECK(streq(m->from_uri, "sip:open@x;tag=1") && m->from_tag == NULL);
    CHECK(m->to_uri == NULL && m->to_tag == NULL);
    CHECK(m->pai_uri == NULL);
    m = parse("BYE sip:b@x SIP/2.0\r\nFrom: \"unterminated <sip:a@x>;tag=2\r\nTo: ;tag=only\r\n\r\n");
    CHECK(m->from_tag == NULL || streq(m->from_tag, "2"));
    CHECK(m->to_uri == NULL && streq(m->to_tag, "only"));
    /* an empty tag */
    m = parse("BYE sip:b@x SIP/2.0\r\nFrom: <sip:a@x>;tag=\r\nTo: <sip:b@x>;tag=;x=1\r\n\r\n");
    CHECK(m->from_tag == NULL && m->to_tag == NULL);
    /* only the first From and To */
    m = parse("BYE sip:b@x SIP/2.0\r\nFrom: <sip:a@x>;tag=f1\r\nFrom: <sip:z@x>;tag=f2\r\nt: <sip:b@x>\r\n"
              "To: <sip:y@x>;tag=t9\r\n\r\n");
    CHECK(streq(m->from_uri, "sip:a@x") && streq(m->from_tag, "f1"));
    CHECK(streq(m->to_uri, "sip:b@x") && m->to_tag == NULL);
}

/* ------------------------------------------------------------------ numbers */

static void test_numbers(void)
{
    const volte_sip_message *m = parse("BYE sip:b@x SIP/2.0\r\nCSeq: 4294967295 BYE\r\n\r\n");
    CHECK(m->has_cseq && m->cseq == 4294967295u && streq(m->cseq_method, "BYE"));
    m = parse("BYE sip:b@x SIP/2.0\r\nCSeq: 4294967296 BYE\r\n\r\n");
    CHECK(!m->has_cseq && m->cseq == 0 && streq(m->cseq_method, "BYE"));
    m = parse("BYE sip:b@x SIP/2.0\r\nCSeq: 99999999999999999999999 BYE\r\n\r\n");
    CHECK(!m->has_cseq && m->cseq == 0);
    m = parse("BYE sip:b@x SIP/2.0\r\nCSeq: 0 ACK\r\n\r\n");
    CHECK(m->has_cseq && m->cseq == 0 && streq(m->cseq_method, "ACK"));
    m = parse("BYE sip:b@x SIP/2.0\r\nCSeq: 00000000000000042 BYE\r\n\r\n");
    CHECK(m->has_cseq && m->cseq == 42);
    m = parse("BYE sip:b@x SIP/2.0\r\nCSeq:    12\t  BYE   \r\n\r\n");
    CHECK(m->has_cseq && m->cseq == 12 && streq(m->cseq_method, "BYE"));
    static const char *const bad[] = {"-1 BYE", "+1 BYE", "abc BYE", "12abc BYE", "1.5 BYE", "", " ", "0x10 BYE"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "BYE sip:b@x SIP/2.0\r\nCSeq: %s\r\n\r\n", bad[i]);
        m = parse(text);
        CHECK(!m->has_cseq && m->cseq == 0);
    }
    m = parse("BYE sip:b@x SIP/2.0\r\nCSeq: 5\r\n\r\n");
    CHECK(m->has_cseq && m->cseq == 5 && m->cseq_method == NULL);
    m = parse("BYE sip:b@x SIP/2.0\r\nCSeq: 5 BYE\r\nCSeq: 6 INVITE\r\n\r\n"); /* the first */
    CHECK(m->cseq == 5 && streq(m->cseq_method, "BYE"));

    /* RAck: response-num CSeq-num Method (RFC 3262 §7.2) */
    m = parse("PRACK sip:b@x SIP/2.0\r\nRAck: 5 1 INVITE\r\n\r\n");
    CHECK(m->has_rack && m->rack_rseq == 5 && m->rack_cseq == 1 && streq(m->rack_method, "INVITE"));
    m = parse("PRACK sip:b@x SIP/2.0\r\nRAck: 4294967295 4294967295 INVITE\r\n\r\n");
    CHECK(m->has_rack && m->rack_rseq == 4294967295u && m->rack_cseq == 4294967295u);
    m = parse("PRACK sip:b@x SIP/2.0\r\nRAck: 4294967296 1 INVITE\r\n\r\n");
    CHECK(!m->has_rack && m->rack_method == NULL);
    m = parse("PRACK sip:b@x SIP/2.0\r\nRAck: x 1 INVITE\r\n\r\n");
    CHECK(!m->has_rack);
    m = parse("PRACK sip:b@x SIP/2.0\r\nRAck: 5\r\n\r\n"); /* the rest missing */
    CHECK(m->has_rack && m->rack_rseq == 5 && m->rack_cseq == 0 && m->rack_method == NULL);
    m = parse("PRACK sip:b@x SIP/2.0\r\nRAck: 5 4294967296 INVITE\r\n\r\n");
    CHECK(m->has_rack && m->rack_rseq == 5 && m->rack_cseq == 0 && streq(m->rack_method, "INVITE"));
    m = parse("PRACK sip:b@x SIP/2.0\r\nRAck:\r\n\r\n");
    CHECK(!m->has_rack);

    /* RSeq and Expires */
    m = parse("SIP/2.0 183 OK\r\nRSeq: 4294967295\r\nExpires: 0\r\n\r\n");
    CHECK(m->has_rseq && m->rseq == 4294967295u);
    CHECK(m->has_expires && m->expires == 0);
    m = parse("SIP/2.0 183 OK\r\nRSeq: 4294967296\r\nExpires: 4294967296\r\n\r\n");
    CHECK(!m->has_rseq && !m->has_expires);
    m = parse("SIP/2.0 183 OK\r\nRSeq: 1x\r\nExpires: Thu, 01 Dec 1994 16:00:00 GMT\r\n\r\n");
    CHECK(!m->has_rseq && !m->has_expires);
    m = parse("SIP/2.0 183 OK\r\nRSeq:\r\nExpires: \r\n\r\n");
    CHECK(!m->has_rseq && !m->has_expires);
    m = parse("REGISTER sip:x SIP/2.0\r\nExpires:   600000  \r\nExpires: 1\r\n\r\n");
    CHECK(m->has_expires && m->expires == 600000);
    m = parse("REGISTER sip:x SIP/2.0\r\nExpires: 3600;x=1\r\n\r\n");
    CHECK(m->has_expires && m->expires == 3600);
}

/* ------------------------------------------------------------------ list headers */

static void test_contacts(void)
{
    const volte_sip_message *m = parse("REGISTER sip:ims.example SIP/2.0\r\n"
                                       "Contact: <sip:a@10.0.0.1:5060>;expires=600000;+sip.instance=\"<urn:gsma:imei:1>\"\r\n"
                                       "m: <sip:a@10.0.0.2>\r\n"
                                       "Contact: \"A, B\" <sip:c@x>, <sip:d@x>\r\n"
                                       "Contact: *\r\n"
                                       "Contact:\r\n"
                                       "\r\n");
    CHECK(m->contact_count == 5);
    CHECK(streq(m->contacts[0], "<sip:a@10.0.0.1:5060>;expires=600000;+sip.instance=\"<urn:gsma:imei:1>\""));
    CHECK(streq(m->contacts[1], "<sip:a@10.0.0.2>"));
    CHECK(streq(m->contacts[2], "\"A, B\" <sip:c@x>, <sip:d@x>")); /* one value per line */
    CHECK(streq(m->contacts[3], "*"));
    CHECK(streq(m->contacts[4], ""));
    CHECK(m->headers == VOLTE_HDR_CONTACT);
    CHECK(m->dropped == 0);

    char text[8192] = "SIP/2.0 200 OK\r\n";
    for (int i = 0; i < VOLTE_MAX_HEADER_VALUES + 3; i++) {
        char line[80];
        snprintf(line, sizeof line, "Contact: <sip:c%d@x>;expires=%d\r\n", i, i);
        strcat(text, line);
    }
    strcat(text, "Call-ID: after-contacts\r\n\r\n");
    m = parse(text);
    CHECK(m->contact_count == VOLTE_MAX_HEADER_VALUES);
    CHECK(streq(m->contacts[0], "<sip:c0@x>;expires=0"));
    CHECK(streq(m->contacts[VOLTE_MAX_HEADER_VALUES - 1], "<sip:c15@x>;expires=15"));
    CHECK(m->dropped == 3);
    CHECK(m->headers == VOLTE_HDR_CONTACT);
    CHECK(streq(m->call_id, "after-contacts"));
}

static void test_joined(void)
{
    const volte_sip_message *m = parse("INVITE sip:b@x SIP/2.0\r\n"
                                       "Require: 100rel\r\n"
                                       "Supported: timer\r\n"
                                       "Require:   precondition  \r\n"
                                       "Supported: 100rel, precondition\r\n"
                                       "k: sec-agree\r\n"
                                       "Require: sec-agree\r\n"
                                       "Reason: Q.850;cause=16\r\n"
                                       "Reason: SIP;cause=200;text=\"Call completed elsewhere\"\r\n"
                                       "Alert-Info: <urn:a>\r\n"
                                       "Alert-Info: <urn:b>\r\n"
                                       "Diversion: <tel:+1>\r\n"
                                       "Diversion: <tel:+2>;reason=busy\r\n"
                                       "Warning: 301 a \"x\"\r\n"
                                       "Warning: 302 b \"y\"\r\n"
                                       "Session-Expires: 90\r\n"
                                       "Session-Expires: 1800\r\n"
                                       "Min-SE: 60\r\n"
                                       "Min-SE: 90\r\n"
                                       "Call-ID: one\r\n"
                                       "i: two\r\n"
                                       "\r\n");
    CHECK(streq(m->require, "100rel, precondition, sec-agree"));
    CHECK(streq(m->supported, "timer, 100rel, precondition, sec-agree"));
    CHECK(streq(m->reason, "Q.850;cause=16, SIP;cause=200;text=\"Call completed elsewhere\""));
    CHECK(streq(m->alert_info, "<urn:a>, <urn:b>"));
    CHECK(streq(m->diversion, "<tel:+1>, <tel:+2>;reason=busy"));
    CHECK(streq(m->warning, "301 a \"x\", 302 b \"y\""));
    CHECK(streq(m->session_expires, "90")); /* single-value headers: the first */
    CHECK(streq(m->min_se, "60"));
    CHECK(streq(m->call_id, "one"));
    CHECK(m->dropped == 0);

    /* empty values keep their place */
    m = parse("INVITE sip:b@x SIP/2.0\r\nRequire:\r\nRequire: a\r\n\r\n");
    CHECK(streq(m->require, ", a"));

    /* WWW-Authenticate values first, then Proxy-Authenticate, whatever the order */
    m = parse("SIP/2.0 407 Proxy Authentication Required\r\n"
              "Proxy-Authenticate: Digest realm=\"p\", nonce=\"pn\"\r\n"
              "WWW-Authenticate: Digest realm=\"w1\"\r\n"
              "WWW-Authenticate: Digest realm=\"w2\"\r\n"
              "\r\n");
    CHECK(streq(m->authenticate, "Digest realm=\"w1\", Digest realm=\"w2\", Digest realm=\"p\", nonce=\"pn\""));
    CHECK(m->headers == (VOLTE_HDR_WWW_AUTHENTICATE | VOLTE_HDR_PROXY_AUTHENTICATE));
    m = parse("SIP/2.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Digest realm=\"p\"\r\n\r\n");
    CHECK(streq(m->authenticate, "Digest realm=\"p\"") && m->headers == VOLTE_HDR_PROXY_AUTHENTICATE);

    /* more lines than kept: the first VOLTE_MAX_HEADER_VALUES, the rest counted */
    char text[8192] = "INVITE sip:b@x SIP/2.0\r\n";
    char want[4096] = "";
    for (int i = 0; i < VOLTE_MAX_HEADER_VALUES + 2; i++) {
        char line[40];
        snprintf(line, sizeof line, "Require: r%d\r\n", i);
        strcat(text, line);
        if (i < VOLTE_MAX_HEADER_VALUES) {
            snprintf(line, sizeof line, "%sr%d", i ? ", " : "", i);
            strcat(want, line);
        }
    }
    strcat(text, "\r\n");
    m = parse(text);
    CHECK(streq(m->require, want));
    CHECK(m->dropped == 2);

    /* more WWW- and Proxy-Authenticate lines together than kept */
    strcpy(text, "SIP/2.0 401 Unauthorized\r\n");
    for (int i = 0; i < 10; i++)
        strcat(text, "WWW-Authenticate: w\r\nProxy-Authenticate: p\r\n");
    strcat(text, "\r\n");
    m = parse(text);
    CHECK(m->authenticate && strlen(m->authenticate) == VOLTE_MAX_HEADER_VALUES * 3 - 2);
    CHECK(strncmp(m->authenticate, "w, w, w, w, w, w, w, w, w, w, p, ", 33) == 0);
}

static void test_presence_bits(void)
{
    static const struct {
        const char *line;
        uint32_t    bit;
    } cases[] = {
        {"WWW-Authenticate: Digest", VOLTE_HDR_WWW_AUTHENTICATE},
        {"Proxy-Authenticate: Digest", VOLTE_HDR_PROXY_AUTHENTICATE},
        {"Authorization: Digest", VOLTE_HDR_AUTHORIZATION},
        {"Proxy-Authorization: Digest", VOLTE_HDR_AUTHORIZATION},
        {"Allow: INVITE", VOLTE_HDR_ALLOW},
        {"Unsupported: foo", VOLTE_HDR_UNSUPPORTED},
        {"Min-Expires: 3600", VOLTE_HDR_MIN_EXPIRES},
        {"Contact: <sip:a@b>", VOLTE_HDR_CONTACT},
        {"m: <sip:a@b>", VOLTE_HDR_CONTACT},
        {"Retry-After: 30", VOLTE_HDR_RETRY_AFTER},
        {"Min-SE: 90", VOLTE_HDR_MIN_SE},
        {"Session-Expires: 90", VOLTE_HDR_SESSION_EXPIRES},
        {"x: 90", VOLTE_HDR_SESSION_EXPIRES},
        {"Warning: 399 h \"t\"", VOLTE_HDR_WARNING},
        {"Allow:", VOLTE_HDR_ALLOW}, /* an empty value is still the header */
        {"Call-ID: x", 0},
        {"Require: x", 0},
        {"Allow-Events: x", 0},
        {"X-Allow: x", 0},
        {" Allow: folded, not a header", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "SIP/2.0 200 OK\r\n%s\r\n\r\n", cases[i].line);
        const volte_sip_message *m = parse(text);
        if (m->headers != cases[i].bit)
            fprintf(stderr, "headers 0x%x for \"%s\"\n", (unsigned)m->headers, cases[i].line);
        CHECK(m->headers == cases[i].bit);
    }
    /* a header in the body is not a header */
    const volte_sip_message *m = parse("SIP/2.0 200 OK\r\nCall-ID: x\r\n\r\nAllow: INVITE\r\nContact: <sip:a@b>\r\n");
    CHECK(m->headers == 0 && m->contact_count == 0);
}

static void test_icid(void)
{
    static const struct {
        const char *value;
        const char *icid;
    } cases[] = {
        {"icid-value=abc;icid-generated-at=1.2.3.4", "abc"},
        {"icid-value=abc", "abc"},
        {"  icid-value=abc  ;orig-ioi=x", "abc"},
        {"orig-ioi=home.net;icid-value=def;term-ioi=y", "def"},
        {"orig-ioi=home.net; icid-value=def2", "def2"},
        {"ICID-Value=CaSe", "CaSe"},
        {"icid-value=\"quoted1\";icid-generated-at=x", "\"quoted1\""},
        {"orig-ioi=a;icid-value=\"quo;ted2\";b=c", "\"quo;ted2\""},
        {"icid-value=", NULL},
        {"icid-value=;orig-ioi=x", NULL},
        {"orig-ioi=x", NULL},
        {"icid-generated-at=1.2.3.4;icid-value-x=no", NULL},
        {"xicid-value=no", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "INVITE sip:b@x SIP/2.0\r\nP-Charging-Vector: %s\r\n\r\n", cases[i].value);
        const volte_sip_message *m = parse(text);
        if (!streq(m->icid, cases[i].icid))
            fprintf(stderr, "icid \"%s\" from \"%s\"\n", m->icid ? m->icid : "(null)", cases[i].value);
        CHECK(streq(m->icid, cases[i].icid));
    }
    /* the first P-Charging-Vector line */
    const volte_sip_message *m = parse("INVITE sip:b@x SIP/2.0\r\nP-Charging-Vector: icid-value=one\r\n"
                                       "P-Charging-Vector: icid-value=two\r\n\r\n");
    CHECK(streq(m->icid, "one"));
}

/* ------------------------------------------------------------------ bodies */

static void test_content_length(void)
{
    static const char body[] = "v=0\r\nc=IN IP4 1.1.1.1\r\nm=audio 1 RTP/AVP 0\r\na=first\r\nm=video 2 RTP/AVP 96\r\na=second\r\n";
    char text[1024];
    /* up to the end of "a=first\r\n" */
    size_t first = (size_t)(strstr(body, "m=video") - body);
    snprintf(text, sizeof text, "INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%s",
             first, body);
    const volte_sip_message *m = parse(text);
    CHECK(m->sdp.present && m->sdp.media_count == 1 && m->sdp.attr_count == 1);
    CHECK(streq(m->sdp.attrs[0], "first"));
    /* one byte less cuts the a= line inside */
    snprintf(text, sizeof text, "INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\nContent-Length: %zu\r\n\r\n%s",
             first - 4, body);
    m = parse(text);
    CHECK(m->sdp.media_count == 1 && m->sdp.attr_count == 1 && streq(m->sdp.attrs[0], "fir"));
    /* larger than the body: what there is */
    snprintf(text, sizeof text, "INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\nContent-Length: 100000\r\n\r\n%s",
             body);
    m = parse(text);
    CHECK(m->sdp.present && m->sdp.media_count == 2 && m->sdp.attr_count == 2);
    /* zero: no body */
    snprintf(text, sizeof text, "INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\nContent-Length: 0\r\n\r\n%s",
             body);
    m = parse(text);
    CHECK(!m->sdp.present);
    /* not a number, or too large: ignored */
    static const char *const bad[] = {"abc", "-1", "4294967296", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\nContent-Length: %s\r\n\r\n%s",
                 bad[i], body);
        m = parse(text);
        CHECK(m->sdp.present && m->sdp.media_count == 2);
    }
    /* no Content-Length: the rest of the text */
    snprintf(text, sizeof text, "INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\n\r\n%s", body);
    m = parse(text);
    CHECK(m->sdp.present && m->sdp.media_count == 2);
    /* a body without Content-Type, or of another type, is not SDP */
    snprintf(text, sizeof text, "INVITE sip:b@x SIP/2.0\r\n\r\n%s", body);
    m = parse(text);
    CHECK(!m->sdp.present);
    snprintf(text, sizeof text, "INVITE sip:b@x SIP/2.0\r\nContent-Type: text/plain\r\n\r\n%s", body);
    m = parse(text);
    CHECK(!m->sdp.present);
    /* Content-Type with an empty body */
    m = parse("INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\n\r\n");
    CHECK(!m->sdp.present);
}

static void test_content_type(void)
{
    static const struct {
        const char *type;
        bool        sdp;
    } cases[] = {
        {"application/sdp", true},
        {"application/sdp; charset=utf-8", true},
        {"application/sdp;charset=utf-8", true},
        {"APPLICATION/SDP", true},
        {"  application/sdp  ", true},
        {"application/sdp\t;x=1", true},
        {"application/sdpx", false},
        {"application/sd", false},
        {"application/sdp-other", false},
        {"text/sdp", false},
        {"application/vnd.3gpp.ussd+xml", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const volte_sip_message *m;
        char head[256];
        snprintf(head, sizeof head, "INVITE sip:b@x SIP/2.0\r\nContent-Type: %s\r\n", cases[i].type);
        m = parse(with_body(head, "v=0\r\nm=audio 1 RTP/AVP 0\r\n"));
        if (m->sdp.present != cases[i].sdp)
            fprintf(stderr, "content type \"%s\" taken as %s\n", cases[i].type, m->sdp.present ? "SDP" : "not SDP");
        CHECK(m->sdp.present == cases[i].sdp);
        CHECK(m->sdp.media_count == (cases[i].sdp ? 1u : 0u));
    }
}

static void test_sdp_limits(void)
{
    static char body[32768];
    const volte_sip_message *m;

    /* more m= lines than kept, each with one a= */
    body[0] = '\0';
    strcat(body, "v=0\r\nc=IN IP4 1.2.3.4\r\n");
    for (int i = 0; i < VOLTE_MAX_SDP_MEDIA + 4; i++) {
        char line[80];
        snprintf(line, sizeof line, "m=audio %d RTP/AVP 0\r\na=mid:%d\r\n", 1000 + i, i);
        strcat(body, line);
    }
    m = parse(with_body("INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\n", body));
    CHECK(m->sdp.media_count == VOLTE_MAX_SDP_MEDIA);
    CHECK(m->sdp.attr_count == VOLTE_MAX_SDP_MEDIA);
    CHECK(m->sdp.dropped == 8); /* 4 m= lines and their 4 a= lines */
    CHECK(streq(m->sdp.media[VOLTE_MAX_SDP_MEDIA - 1].line, "audio 1015 RTP/AVP 0"));
    CHECK(m->sdp.media[VOLTE_MAX_SDP_MEDIA - 1].attr_first == VOLTE_MAX_SDP_MEDIA - 1);
    CHECK(m->sdp.media[VOLTE_MAX_SDP_MEDIA - 1].attr_count == 1);
    CHECK(streq(m->sdp.attrs[VOLTE_MAX_SDP_MEDIA - 1], "mid:15"));
    CHECK(m->dropped == 0);

    /* more session a= lines than kept */
    body[0] = '\0';
    strcat(body, "v=0\r\n");
    for (int i = 0; i < VOLTE_MAX_SDP_ATTRS + 5; i++) {
        char line[40];
        snprintf(line, sizeof line, "a=s%d\r\n", i);
        strcat(body, line);
    }
    strcat(body, "m=audio 1 RTP/AVP 0\r\na=late\r\n");
    m = parse(with_body("INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\n", body));
    CHECK(m->sdp.attr_count == VOLTE_MAX_SDP_ATTRS);
    CHECK(m->sdp.session_attr_count == VOLTE_MAX_SDP_ATTRS);
    CHECK(streq(m->sdp.attrs[VOLTE_MAX_SDP_ATTRS - 1], "s95"));
    CHECK(m->sdp.media_count == 1);
    CHECK(m->sdp.media[0].attr_first == VOLTE_MAX_SDP_ATTRS && m->sdp.media[0].attr_count == 0);
    CHECK(m->sdp.dropped == 6);

    /* the limit reached inside a media description */
    body[0] = '\0';
    strcat(body, "v=0\r\n");
    for (int i = 0; i < 90; i++)
        strcat(body, "a=sess\r\n");
    strcat(body, "m=audio 1 RTP/AVP 0\r\n");
    for (int i = 0; i < 10; i++)
        strcat(body, "a=med\r\n");
    strcat(body, "m=video 2 RTP/AVP 96\r\na=vid\r\n");
    m = parse(with_body("INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\n", body));
    CHECK(m->sdp.session_attr_count == 90);
    CHECK(m->sdp.attr_count == VOLTE_MAX_SDP_ATTRS);
    CHECK(m->sdp.media_count == 2);
    CHECK(m->sdp.media[0].attr_first == 90 && m->sdp.media[0].attr_count == 6);
    CHECK(m->sdp.media[1].attr_first == VOLTE_MAX_SDP_ATTRS && m->sdp.media[1].attr_count == 0);
    CHECK(m->sdp.dropped == 5);

    /* odd lines: no '=', one letter, empty, c= only once, unknown letters */
    m = parse(with_body("INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\n",
                        "v=0\r\nnot sdp\r\na\r\n\r\n=x\r\nc=\r\nc=IN IP4 9.9.9.9\r\na=\r\nz=1\r\nm=\r\na=x y\r\n"));
    CHECK(m->sdp.present);
    CHECK(streq(m->sdp.connection, ""));
    CHECK(m->sdp.session_attr_count == 1 && streq(m->sdp.attrs[0], ""));
    CHECK(m->sdp.media_count == 1 && streq(m->sdp.media[0].line, ""));
    CHECK(m->sdp.media[0].attr_count == 1 && streq(m->sdp.attrs[1], "x y"));

    /* a media-level c= is the first when the session has none */
    m = parse(with_body("INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\n",
                        "v=0\r\nm=audio 1 RTP/AVP 0\r\nc=IN IP6 2001:db8::1\r\n"));
    CHECK(streq(m->sdp.connection, "IN IP6 2001:db8::1"));
}

static void test_lf_only(void)
{
    const volte_sip_message *m = parse("INVITE sip:b@x SIP/2.0\n"
                                       "Via: SIP/2.0/UDP h;branch=z9hG4bKlf\n"
                                       "Call-ID: lf-only\n"
                                       "CSeq: 9 INVITE\n"
                                       "From: <sip:a@x>;tag=lf\n"
                                       "Require: a,\n"
                                       " b\n"
                                       "Content-Type: application/sdp\n"
                                       "\n"
                                       "v=0\n"
                                       "c=IN IP4 5.6.7.8\n"
                                       "a=sendrecv\n"
                                       "m=audio 7 RTP/AVP 0\n"
                                       "a=curr:qos local none\n");
    CHECK(m->is_request && streq(m->method, "INVITE") && streq(m->ruri, "sip:b@x"));
    CHECK(streq(m->via_branch, "z9hG4bKlf"));
    CHECK(streq(m->call_id, "lf-only"));
    CHECK(m->has_cseq && m->cseq == 9);
    CHECK(streq(m->from_tag, "lf"));
    CHECK(streq(m->require, "a, b"));
    CHECK(m->sdp.present && streq(m->sdp.connection, "IN IP4 5.6.7.8"));
    CHECK(m->sdp.session_attr_count == 1 && m->sdp.media_count == 1 && m->sdp.media[0].attr_count == 1);
    CHECK(streq(m->sdp.attrs[1], "curr:qos local none"));

    /* CRLF head, LF body and the reverse */
    m = parse("INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp\r\n\r\nv=0\nm=audio 1 RTP/AVP 0\n");
    CHECK(m->sdp.media_count == 1 && streq(m->sdp.media[0].line, "audio 1 RTP/AVP 0"));
    m = parse("INVITE sip:b@x SIP/2.0\nContent-Type: application/sdp\n\nv=0\r\nm=audio 1 RTP/AVP 0\r\n");
    CHECK(m->sdp.media_count == 1 && streq(m->sdp.media[0].line, "audio 1 RTP/AVP 0"));
}

static void test_multipart(void)
{
    static const char parts[] = "--b1\r\n"
                                "Content-Type: application/vnd.3gpp.ussd+xml\r\n"
                                "\r\n"
                                "a=not-sdp\r\n"
                                "m=none 0 X 0\r\n"
                                "--b1x\r\n"
                                "--b1\r\n"
                                "Content-Type: application/sdp\r\n"
                                "Content-Disposition: session\r\n"
                                "\r\n"
                                "v=0\r\n"
                                "c=IN IP4 1.2.3.4\r\n"
                                "m=audio 5000 RTP/AVP 0\r\n"
                                "a=sendrecv\r\n"
                                "\r\n"
                                "--b1--\r\n"
                                "epilogue\r\n"
                                "m=audio 6 RTP/AVP 0\r\n";
    const volte_sip_message *m =
        parse(with_body("INVITE sip:b@x SIP/2.0\r\nContent-Type: multipart/mixed;boundary=b1\r\n", parts));
    CHECK(m->sdp.present);
    CHECK(streq(m->sdp.connection, "IN IP4 1.2.3.4"));
    CHECK(m->sdp.media_count == 1 && streq(m->sdp.media[0].line, "audio 5000 RTP/AVP 0"));
    CHECK(m->sdp.attr_count == 1 && streq(m->sdp.attrs[0], "sendrecv"));
    CHECK(m->sdp.session_attr_count == 0);

    /* a quoted boundary with a blank in it, parameters around it, LF lines */
    m = parse(with_body("INVITE sip:b@x SIP/2.0\r\n"
                        "Content-Type: multipart/mixed; charset=x; boundary=\"simple boundary\"; y=z\r\n",
                        "preamble\n"
                        "--simple boundary\n"
                        "content-type: APPLICATION/SDP\n"
                        "\n"
                        "v=0\n"
                        "m=audio 1 RTP/AVP 0\n"
                        "--simple boundary\n"
                        "Content-Type: text/plain\n"
                        "\n"
                        "m=text 2 X 0\n"
                        "--simple boundary--\n"));
    CHECK(m->sdp.present && m->sdp.media_count == 1 && streq(m->sdp.media[0].line, "audio 1 RTP/AVP 0"));

    /* two SDP parts: their lines are appended */
    m = parse(with_body("INVITE sip:b@x SIP/2.0\r\nContent-Type: multipart/related;boundary=zz\r\n",
                        "--zz\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=audio 1 RTP/AVP 0\r\na=one\r\n"
                        "--zz\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=video 2 RTP/AVP 96\r\na=two\r\n"
                        "--zz--\r\n"));
    CHECK(m->sdp.media_count == 2);
    CHECK(m->sdp.media[0].attr_first == 0 && m->sdp.media[0].attr_count == 1);
    CHECK(m->sdp.media[1].attr_first == 1 && m->sdp.media[1].attr_count == 1);
    CHECK(streq(m->sdp.attrs[1], "two"));

    /* no boundary, an empty one, an unterminated quote, one too long, a
     * boundary that is not in the body, a part without Content-Type */
    static const char *const types[] = {
        "multipart/mixed",
        "multipart/mixed;boundary=",
        "multipart/mixed;boundary=\"\"",
        "multipart/mixed;boundary=\"b1",
        "multipart/mixed;boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "multipart/mixed;boundary=other",
        "multipart/mixed;xboundary=b1",
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        char head[256];
        snprintf(head, sizeof head, "INVITE sip:b@x SIP/2.0\r\nContent-Type: %s\r\n", types[i]);
        m = parse(with_body(head, parts));
        CHECK(!m->sdp.present && m->sdp.media_count == 0);
    }
    m = parse(with_body("INVITE sip:b@x SIP/2.0\r\nContent-Type: multipart/mixed;boundary=b1\r\n",
                        "--b1\r\n\r\nv=0\r\nm=audio 1 RTP/AVP 0\r\n--b1--\r\n"));
    CHECK(!m->sdp.present);
    /* the boundary at the limit of 70 characters */
    m = parse(with_body("INVITE sip:b@x SIP/2.0\r\nContent-Type: multipart/mixed;boundary="
                        "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n",
                        "--bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n"
                        "Content-Type: application/sdp\r\n\r\nv=0\r\nm=audio 1 RTP/AVP 0\r\n"
                        "--bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb--\r\n"));
    CHECK(m->sdp.present && m->sdp.media_count == 1);
    /* the SDP content type as the type of the whole message, not multipart */
    m = parse(with_body("INVITE sip:b@x SIP/2.0\r\nContent-Type: application/sdp;boundary=b1\r\n", parts));
    CHECK(m->sdp.present && m->sdp.media_count == 3); /* read as SDP: every m= line counts */
}

/* ------------------------------------------------------------------ malformed text */

static void test_empty_and_truncated(void)
{
    volte_sip_message zero;
    memset(&zero, 0, sizeof zero);

    const volte_sip_message *m = parse_n("", 0);
    CHECK(memcmp(m, &zero, sizeof zero) == 0);
    m = parse_n("INVITE sip:b@x SIP/2.0\r\n", 0); /* len 0 of a real text */
    CHECK(memcmp(m, &zero, sizeof zero) == 0);
    m = parse("\r\n");
    CHECK(memcmp(m, &zero, sizeof zero) == 0);
    m = parse("\r\n\r\n\r\n");
    CHECK(!m->is_request && !m->is_response && m->headers == 0);
    m = parse("\n");
    CHECK(memcmp(m, &zero, sizeof zero) == 0);

    /* NULL text or message: nothing happens */
    volte_sip_message before;
    memset(&before, 0x5a, sizeof before);
    volte_sip_message after = before;
    char small[16];
    volte_sip_parse(NULL, 10, &after, small, sizeof small);
    CHECK(memcmp(&before, &after, sizeof before) == 0);
    volte_sip_parse("SIP/2.0 200 OK\r\n", 16, NULL, small, sizeof small);

    /* no blank line: headers to the end, no body */
    m = parse("SIP/2.0 200 OK\r\nCall-ID: nb\r\nContent-Type: application/sdp\r\nv=0\r\nm=audio 1 RTP/AVP 0");
    CHECK(m->is_response && streq(m->call_id, "nb"));
    CHECK(!m->sdp.present);
    /* the last header without a line end */
    m = parse("SIP/2.0 200 OK\r\nCall-ID: nb\r\nCSeq: 1 INVITE");
    CHECK(m->has_cseq && m->cseq == 1 && streq(m->cseq_method, "INVITE"));
    /* a header cut before its colon or right after it */
    m = parse("SIP/2.0 200 OK\r\nCall-ID: nb\r\nCSe");
    CHECK(!m->has_cseq);
    m = parse("SIP/2.0 200 OK\r\nCall-ID:");
    CHECK(streq(m->call_id, ""));
    /* a CR alone at the end */
    m = parse("SIP/2.0 200 OK\r\nCall-ID: cr\r");
    CHECK(streq(m->call_id, "cr"));

    /* header lines without a colon are skipped */
    m = parse("SIP/2.0 200 OK\r\nthis is no header\r\nCall-ID: after\r\n;;;\r\nCSeq 2 BYE\r\nRSeq: 3\r\n\r\n");
    CHECK(streq(m->call_id, "after") && !m->has_cseq && m->has_rseq && m->rseq == 3);
    /* blanks only around the value */
    m = parse("SIP/2.0 200 OK\r\nCall-ID: \t \r\nSession-Expires:   \r\n\r\n");
    CHECK(streq(m->call_id, "") && streq(m->session_expires, ""));
}

static void test_nul_bytes(void)
{
    /* NUL bytes are bytes like others: they end a copied string early but
     * not the message */
    static const char text[] = "SIP/2.0 200 OK\r\n"
                               "Call-ID: ab\0cd\r\n"
                               "Cal\0l-ID: bad-name\r\n"
                               "\0\r\n"
                               "CSeq: 3 B\0YE\r\n"
                               "Content-Type: application/sdp\r\n"
                               "\r\n"
                               "v=0\r\n\0\r\nm=audio 1 RTP/AVP 0\r\na=x\0y\r\n";
    const volte_sip_message *m = parse_n(text, sizeof text - 1);
    CHECK(m->is_response && m->status == 200);
    CHECK(streq(m->call_id, "ab"));
    CHECK(m->has_cseq && m->cseq == 3 && streq(m->cseq_method, "B"));
    CHECK(m->sdp.present && m->sdp.media_count == 1 && m->sdp.attr_count == 1 && streq(m->sdp.attrs[0], "x"));
    /* a NUL line does not end the headers */
    static const char nul_line[] = "SIP/2.0 200 OK\r\n\0\r\nRSeq: 8\r\n\r\n";
    m = parse_n(nul_line, sizeof nul_line - 1);
    CHECK(m->has_rseq && m->rseq == 8);
    /* NUL in a number */
    static const char nul_num[] = "SIP/2.0 200 OK\r\nRSeq: 1\0002\r\nExpires: \0\r\n\r\n";
    m = parse_n(nul_num, sizeof nul_num - 1);
    CHECK(!m->has_rseq && !m->has_expires);
}

static void test_utf8(void)
{
    const volte_sip_message *m = parse("INVITE sip:b@x SIP/2.0\r\n"
                                       "From: \"J\xc3\xbcrgen \xe6\x9d\x8e \xf0\x9f\x98\x80\" <sip:j@x>;tag=\xc3\xa9t\xc3\xa9\r\n"
                                       "Call-ID: bad\xff" "end\r\n"
                                       "Reason: cut\xc3\r\n"
                                       "Warning: over\xc0\xaflong\r\n"
                                       "Alert-Info: sur\xed\xa0\x80rogate\r\n"
                                       "Diversion: big\xf4\x90\x80\x80" "four\r\n"
                                       "History-Info: cont\x80\xbf" "only\r\n"
                                       "Require: max\xf4\x8f\xbf\xbf" "ok\r\n"
                                       "Supported: e\xe2\x82\xac" "uro, short\xe2\x82" "x\r\n"
                                       "Min-SE: \xf5\x80\x80\x80\r\n"
                                       "\r\n");
    CHECK(streq(m->from_tag, "\xc3\xa9t\xc3\xa9"));
    CHECK(streq(m->from_uri, "sip:j@x"));
    CHECK(streq(m->call_id, "bad?end"));
    CHECK(streq(m->reason, "cut?"));
    CHECK(streq(m->warning, "over??long"));
    CHECK(streq(m->alert_info, "sur???rogate"));
    CHECK(streq(m->diversion, "big????four"));
    CHECK(streq(m->history_info, "cont??only"));
    CHECK(streq(m->require, "max\xf4\x8f\xbf\xbfok"));
    CHECK(streq(m->supported, "e\xe2\x82\xacuro, short??x"));
    CHECK(streq(m->min_se, "????"));

    /* in the start line and the SDP too */
    m = parse(with_body("INVITE sip:\xe6\x9d\x8e\xff@x SIP/2.0\r\nContent-Type: application/sdp\r\n",
                        "v=0\r\nm=audio\xfe 1 RTP/AVP 0\r\na=caf\xc3\xa9\xc3\r\n"));
    CHECK(streq(m->ruri, "sip:\xe6\x9d\x8e?@x"));
    CHECK(streq(m->sdp.media[0].line, "audio? 1 RTP/AVP 0"));
    CHECK(streq(m->sdp.attrs[0], "caf\xc3\xa9?"));
}

/* ------------------------------------------------------------------ the store */

/* The string fields of a message copied out, in a fixed order, so that
 * two parses can be compared after the store was reused. */
typedef struct {
    char *fixed[23];
    char *contacts[VOLTE_MAX_HEADER_VALUES];
    char *media[VOLTE_MAX_SDP_MEDIA];
    char *attrs[VOLTE_MAX_SDP_ATTRS];
} string_copy;

static void copy_strings(const volte_sip_message *m, string_copy *c)
{
    const char *s[MAX_STRINGS];
    strings_of(m, s);
    memset(c, 0, sizeof *c);
    for (unsigned i = 0; i < 23; i++)
        c->fixed[i] = g_strdup(s[i]);
    for (unsigned i = 0; i < m->contact_count; i++)
        c->contacts[i] = g_strdup(m->contacts[i]);
    for (unsigned i = 0; i < m->sdp.media_count; i++)
        c->media[i] = g_strdup(m->sdp.media[i].line);
    for (unsigned i = 0; i < m->sdp.attr_count; i++)
        c->attrs[i] = g_strdup(m->sdp.attrs[i]);
}

static void free_strings(string_copy *c)
{
    char **all = (char **)c;
    for (size_t i = 0; i < sizeof *c / sizeof(char *); i++)
        g_free(all[i]);
}

/* Each string of `part` is NULL or equal to the one of `whole`; true when
 * one is missing. */
static bool compare_kept(char *const *part, char *const *whole, size_t n)
{
    bool missing = false;
    for (size_t i = 0; i < n; i++) {
        if (!part[i]) {
            missing |= whole[i] != NULL;
            continue;
        }
        CHECK(whole[i] && strcmp(part[i], whole[i]) == 0); /* what is kept is kept whole */
    }
    return missing;
}

static void test_small_store(void)
{
    const char *text = with_body(invite_head, invite_sdp);
    size_t len = strlen(text);
    char *copy = malloc(len);
    memcpy(copy, text, len);

    /* the whole message with a large store, for reference */
    volte_sip_message full = *parse_n(copy, len);
    string_copy whole;
    copy_strings(&full, &whole);
    CHECK(full.dropped == 0 && full.sdp.dropped == 0);

    /* every store size from none to enough: nothing written past it, every
     * string inside it, and what is left out is counted */
    size_t need = VOLTE_SIP_STORE_SIZE(len);
    unsigned uncounted = 0;
    for (size_t size = 0; size <= need; size++) {
        const volte_sip_message *m = parse_sized(copy, len, size);
        string_copy part;
        copy_strings(m, &part);
        bool missing = compare_kept(part.fixed, whole.fixed, 23);
        /* the arrays keep the order of the message, with gaps closed */
        CHECK(m->contact_count <= full.contact_count);
        CHECK(m->sdp.media_count <= full.sdp.media_count);
        CHECK(m->sdp.attr_count <= full.sdp.attr_count);
        missing |= m->contact_count != full.contact_count || m->sdp.media_count != full.sdp.media_count ||
                   m->sdp.attr_count != full.sdp.attr_count;
        if (m->contact_count == full.contact_count)
            missing |= compare_kept(part.contacts, whole.contacts, VOLTE_MAX_HEADER_VALUES);
        if (m->sdp.media_count == full.sdp.media_count)
            missing |= compare_kept(part.media, whole.media, VOLTE_MAX_SDP_MEDIA);
        if (m->sdp.attr_count == full.sdp.attr_count)
            missing |= compare_kept(part.attrs, whole.attrs, VOLTE_MAX_SDP_ATTRS);
        if (missing && m->dropped == 0 && m->sdp.dropped == 0)
            uncounted++;
        CHECK(!missing || m->dropped > 0 || m->sdp.dropped > 0);
        /* the numbers do not need the store; a request needs its method */
        CHECK(m->is_request == (m->method != NULL));
        CHECK(m->has_cseq && m->cseq == 1 && m->has_rseq && m->rseq == 9 && m->has_expires && m->expires == 180);
        CHECK(m->has_rack && m->rack_rseq == 3 && m->rack_cseq == 1);
        CHECK(m->via_count == 2 && m->headers == full.headers);
        CHECK(m->sdp.present);
        free_strings(&part);
    }
    if (uncounted)
        fprintf(stderr, "%u store sizes left values out without counting them\n", uncounted);
    free_strings(&whole);

    /* a store that takes the method and then nothing, with bytes to spare:
     * what did not fit is counted all the same */
    static const char short_text[] = "INVITE sip:b@x SIP/2.0\r\nCall-ID: a-long-call-id\r\nCSeq: 1 INVITE\r\n\r\n";
    const volte_sip_message *ms = parse_sized(short_text, sizeof short_text - 1, 10);
    CHECK(streq(ms->method, "INVITE") && ms->is_request);
    CHECK(ms->ruri == NULL && ms->call_id == NULL);
    CHECK(ms->dropped > 0);
    for (size_t size = 0; size < 64; size++) {
        ms = parse_sized(short_text, sizeof short_text - 1, size);
        bool missing = !ms->method || !ms->ruri || !ms->call_id || !ms->cseq_method;
        CHECK(missing == (ms->dropped > 0));
    }

    /* no store at all */
    memset(&msg, 0, sizeof msg);
    volte_sip_parse(copy, len, &msg, NULL, 0);
    CHECK(msg.method == NULL && msg.call_id == NULL && msg.require == NULL);
    CHECK(!msg.is_request); /* a request line needs its method kept */
    CHECK(msg.has_cseq && msg.cseq == 1);
    CHECK(msg.dropped > 0);

    /* a message that needs nothing from the store counts nothing */
    static const char numbers[] = "SIP/2.0 200 OK\r\nCSeq: 1\r\nRSeq: 2\r\n\r\n";
    const volte_sip_message *m = parse_sized(numbers, sizeof numbers - 1, 0);
    CHECK(m->is_response && m->status == 200 && m->has_cseq && m->has_rseq);
    CHECK(m->dropped == 0);
    free(copy);
}

/* ------------------------------------------------------------------ slices */

static void test_slice(void)
{
    /* the message is a slice of a larger buffer: nothing after len is read */
    static const char buffer[] = "SIP/2.0 200 OK\r\n"
                                 "Call-ID: in-slice\r\n"
                                 "CSeq: 12" /* the slice ends here */
                                 "34 INVITE\r\n"
                                 "RSeq: 5\r\n"
                                 "Require: beyond\r\n"
                                 "\r\n";
    size_t len = strlen("SIP/2.0 200 OK\r\nCall-ID: in-slice\r\nCSeq: 12");
    const volte_sip_message *m = parse_n(buffer, len);
    CHECK(streq(m->call_id, "in-slice"));
    CHECK(m->has_cseq && m->cseq == 12 && m->cseq_method == NULL);
    CHECK(!m->has_rseq && m->require == NULL);

    /* the same in place, without the exact copy */
    memset(&msg, 0, sizeof msg);
    volte_sip_parse(buffer, len, &msg, (char *)store_buf, VOLTE_SIP_STORE_SIZE(len));
    CHECK(msg.has_cseq && msg.cseq == 12 && !msg.has_rseq && msg.require == NULL);

    /* a slice that ends inside a header name, a value, a line end */
    m = parse_n(buffer, strlen("SIP/2.0 200 OK\r\nCall-ID: in-slice\r\nCS"));
    CHECK(!m->has_cseq && streq(m->call_id, "in-slice"));
    m = parse_n(buffer, strlen("SIP/2.0 200 OK\r\nCall-ID: in-sl"));
    CHECK(streq(m->call_id, "in-sl"));
    m = parse_n(buffer, strlen("SIP/2.0 200 OK\r\nCall-ID: in-slice\r"));
    CHECK(streq(m->call_id, "in-slice"));
    m = parse_n(buffer, strlen("SIP/2.0 2"));
    CHECK(!m->is_response && m->status == 0);

    /* the body stops at len even when Content-Length says more */
    static const char sdp_buffer[] = "INVITE sip:b@x SIP/2.0\r\n"
                                     "Content-Type: application/sdp\r\n"
                                     "Content-Length: 60\r\n"
                                     "\r\n"
                                     "v=0\r\n"
                                     "m=audio 1 RTP/AVP 0\r\n" /* the slice ends here */
                                     "a=beyond\r\n"
                                     "m=video 2 RTP/AVP 96\r\n";
    len = strlen(sdp_buffer) - strlen("a=beyond\r\nm=video 2 RTP/AVP 96\r\n");
    m = parse_n(sdp_buffer, len);
    CHECK(m->sdp.present && m->sdp.media_count == 1 && m->sdp.attr_count == 0);
    /* ...and inside an m= line */
    m = parse_n(sdp_buffer, len - 5);
    CHECK(m->sdp.media_count == 1 && streq(m->sdp.media[0].line, "audio 1 RTP/AV"));

    /* a multipart body cut before its closing delimiter */
    static const char mp[] = "INVITE sip:b@x SIP/2.0\r\n"
                             "Content-Type: multipart/mixed;boundary=q\r\n"
                             "\r\n"
                             "--q\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=audio 1 RTP/AVP 0\r\n"
                             "--q\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=video 2 RTP/AVP 96\r\n"
                             "--q--\r\n";
    m = parse_n(mp, strlen(mp));
    CHECK(m->sdp.media_count == 2);
    m = parse_n(mp, strlen(mp) - strlen("--q--\r\n"));
    CHECK(m->sdp.media_count == 1 && streq(m->sdp.media[0].line, "audio 1 RTP/AVP 0"));
}

int main(void)
{
    test_full_invite();
    test_response();
    test_broken_start_lines();
    test_compact_names();
    test_case_insensitive_names();
    test_folding();
    test_via();
    test_addresses();
    test_numbers();
    test_contacts();
    test_joined();
    test_presence_bits();
    test_icid();
    test_content_length();
    test_content_type();
    test_sdp_limits();
    test_lf_only();
    test_multipart();
    test_empty_and_truncated();
    test_nul_bytes();
    test_utf8();
    test_small_store();
    test_slice();
    return check_report("test_sip_parse");
}
