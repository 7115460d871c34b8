/*
 * test_transaction.c - unit tests of call numbering and request/response
 * pairing in the engine, fed with hand-made messages (no Wireshark).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "volte/analysis.h"
#include "volte/transaction.h"


static volte_sip_message request(uint32_t frame, const char *method, const char *call_id, uint32_t cseq,
                                 const char *branch)
{
    volte_sip_message m = {0};
    m.frame = frame;
    m.time_ns = (int64_t)frame * 100000000; /* 100 ms per frame */
    m.is_request = true;
    m.method = method;
    m.call_id = call_id;
    m.has_cseq = true;
    m.cseq = cseq;
    m.cseq_method = method;
    m.via_branch = branch;
    m.via_count = 1;
    m.from_tag = "a1";
    return m;
}

static volte_sip_message response(uint32_t frame, unsigned status, const char *method, const char *call_id,
                                  uint32_t cseq, const char *branch, const char *to_tag)
{
    volte_sip_message m = request(frame, NULL, call_id, cseq, branch);
    m.is_request = false;
    m.is_response = true;
    m.status = status;
    m.cseq_method = method;
    m.to_tag = to_tag;
    return m;
}

static void test_basic_pairing(void)
{
    volte_engine *e = volte_engine_new();
    volte_sip_message m;

    m = request(1, "INVITE", "c1", 1, "z9hG4bK1");
    const volte_msg_info *invite = volte_engine_feed(e, &m);
    m = response(2, 100, "INVITE", "c1", 1, "z9hG4bK1", NULL);
    const volte_msg_info *trying = volte_engine_feed(e, &m);
    m = response(4, 180, "INVITE", "c1", 1, "z9hG4bK1", "b1");
    const volte_msg_info *ringing = volte_engine_feed(e, &m);
    CHECK(volte_msg_response_in(invite) == 0); /* no final response yet */
    m = response(7, 200, "INVITE", "c1", 1, "z9hG4bK1", "b1");
    const volte_msg_info *ok = volte_engine_feed(e, &m);

    CHECK(volte_msg_call(invite) == 1 && invite->msg_in_call == 1);
    CHECK(volte_msg_call(ok) == 1 && ok->msg_in_call == 4);
    CHECK(volte_msg_response_to(trying) == 1);
    CHECK(volte_msg_response_to(ringing) == 1);
    CHECK(volte_msg_response_to(ok) == 1);
    CHECK(volte_msg_response_in(invite) == 7); /* learnt later, read through the record */
    CHECK(volte_msg_response_to(invite) == 0);
    CHECK(volte_msg_response_in(ok) == 0);
    CHECK(volte_msg_response_time(ok, 700000000) == 600000000); /* frame 7 came at 0.7 s */
    CHECK(volte_msg_response_time(trying, 200000000) == 100000000);
    CHECK(volte_msg_response_time(invite, 100000000) == -1);
    CHECK(ok->problems == 0 && invite->problems == 0);

    /* ACK and BYE are transactions of their own in the same call */
    m = request(8, "ACK", "c1", 1, "z9hG4bK2");
    const volte_msg_info *ack = volte_engine_feed(e, &m);
    m = request(9, "BYE", "c1", 2, "z9hG4bK3");
    const volte_msg_info *bye = volte_engine_feed(e, &m);
    m = response(10, 200, "BYE", "c1", 2, "z9hG4bK3", "b1");
    const volte_msg_info *bye_ok = volte_engine_feed(e, &m);
    CHECK(volte_msg_call(ack) == 1 && volte_msg_response_in(ack) == 0);
    CHECK(volte_msg_response_to(bye_ok) == 9);
    CHECK(volte_msg_response_in(bye) == 10);
    CHECK(volte_engine_call_count(e) == 1);
    volte_engine_free(e);
}

static void test_calls_numbered_by_first_appearance(void)
{
    volte_engine *e = volte_engine_new();
    volte_sip_message m;
    m = request(1, "REGISTER", "reg", 1, "b1");
    const volte_msg_info *a = volte_engine_feed(e, &m);
    m = request(2, "INVITE", "call", 1, "b2");
    const volte_msg_info *b = volte_engine_feed(e, &m);
    m = request(3, "REGISTER", "reg", 2, "b3");
    const volte_msg_info *c = volte_engine_feed(e, &m);
    CHECK(volte_msg_call(a) == 1 && volte_msg_call(b) == 2 && volte_msg_call(c) == 1);
    CHECK(c->msg_in_call == 2 && b->msg_in_call == 1);
    CHECK(volte_engine_call_count(e) == 2);
    volte_engine_free(e);
}

static void test_retransmissions(void)
{
    volte_engine *e = volte_engine_new();
    volte_sip_message m;
    m = request(1, "INVITE", "c", 1, "br");
    volte_engine_feed(e, &m);
    m = request(2, "INVITE", "c", 1, "br");
    m.time_ns += 500000000; /* T1 later */
    const volte_msg_info *again = volte_engine_feed(e, &m);
    m = response(3, 200, "INVITE", "c", 1, "br", "t");
    m.time_ns += 500000000;
    const volte_msg_info *ok = volte_engine_feed(e, &m);
    m = response(4, 200, "INVITE", "c", 1, "br", "t");
    m.time_ns += 1000000000;
    const volte_msg_info *ok_again = volte_engine_feed(e, &m);
    CHECK(again->retransmission && again->retransmission_of == 1);
    CHECK(volte_msg_response_in(again) == 3); /* the copy points at the same transaction */
    CHECK(volte_msg_response_to(ok) == 1);    /* the response points at the first copy */
    CHECK(volte_msg_response_time(ok, 800000000) == 700000000);
    CHECK(!ok->retransmission);
    CHECK(ok_again->retransmission && ok_again->retransmission_of == 3);
    /* a 200 from another fork (another To-tag) is not a retransmission */
    m = response(5, 200, "INVITE", "c", 1, "br", "other");
    const volte_msg_info *fork = volte_engine_feed(e, &m);
    CHECK(!fork->retransmission);
    volte_engine_free(e);
}

static void test_two_legs_are_two_transactions(void)
{
    volte_engine *e = volte_engine_new();
    volte_sip_message m;
    m = request(1, "INVITE", "c", 1, "leg-a");
    volte_engine_feed(e, &m);
    m = request(3, "INVITE", "c", 1, "leg-b");
    const volte_msg_info *fwd = volte_engine_feed(e, &m);
    m = response(5, 180, "INVITE", "c", 1, "leg-b", "t");
    const volte_msg_info *r_b = volte_engine_feed(e, &m);
    m = response(6, 180, "INVITE", "c", 1, "leg-a", "t");
    const volte_msg_info *r_a = volte_engine_feed(e, &m);
    CHECK(!fwd->retransmission);
    CHECK(volte_msg_response_to(r_b) == 3);
    CHECK(volte_msg_response_to(r_a) == 1);
    CHECK(!r_a->retransmission);
    volte_engine_free(e);
}

static void test_copies_on_other_hops_are_not_retransmissions(void)
{
    /* one capture on several interfaces sees the same 200 OK, same branch,
     * between other addresses: one message, not three retransmissions */
    volte_engine *e = volte_engine_new();
    volte_sip_message m;
    m = request(1, "INVITE", "c", 1, "br");
    m.hop = 11;
    volte_engine_feed(e, &m);
    m = request(2, "INVITE", "c", 1, "br");
    m.hop = 22;
    const volte_msg_info *inv_copy = volte_engine_feed(e, &m);
    m = response(3, 200, "INVITE", "c", 1, "br", "t");
    m.hop = 33;
    volte_engine_feed(e, &m);
    m = response(4, 200, "INVITE", "c", 1, "br", "t");
    m.hop = 44;
    const volte_msg_info *ok_copy = volte_engine_feed(e, &m);
    m = response(5, 200, "INVITE", "c", 1, "br", "t");
    m.hop = 44;
    m.time_ns += 500000000;
    const volte_msg_info *ok_again = volte_engine_feed(e, &m);
    /* the same packet caught twice on one hop within a few ms is no retransmission either */
    m = response(6, 200, "INVITE", "c", 1, "br", "t");
    m.hop = 44;
    m.time_ns = ok_again->frame * 100000000 + 500000000 + 1000000;
    const volte_msg_info *echo = volte_engine_feed(e, &m);
    CHECK(!inv_copy->retransmission);
    CHECK(!ok_copy->retransmission);
    CHECK(ok_again->retransmission && ok_again->retransmission_of == 4); /* same hop, T1 later */
    CHECK(!echo->retransmission);
    volte_engine_free(e);
}

static void test_cancel_is_its_own_transaction(void)
{
    volte_engine *e = volte_engine_new();
    volte_sip_message m;
    m = request(1, "INVITE", "c", 1, "br");
    const volte_msg_info *inv = volte_engine_feed(e, &m);
    m = request(2, "CANCEL", "c", 1, "br");
    const volte_msg_info *cancel = volte_engine_feed(e, &m);
    m = response(3, 200, "CANCEL", "c", 1, "br", "t");
    const volte_msg_info *cancel_ok = volte_engine_feed(e, &m);
    m = response(4, 487, "INVITE", "c", 1, "br", "t");
    const volte_msg_info *terminated = volte_engine_feed(e, &m);
    CHECK(!cancel->retransmission);
    CHECK(volte_msg_response_to(cancel_ok) == 2);
    CHECK(volte_msg_response_to(terminated) == 1);
    CHECK(volte_msg_response_in(inv) == 4 && volte_msg_response_in(cancel) == 3);
    volte_engine_free(e);
}

static void test_branchless_peers_pair_by_cseq(void)
{
    volte_engine *e = volte_engine_new();
    volte_sip_message m;
    m = request(1, "OPTIONS", "c", 7, NULL);
    volte_engine_feed(e, &m);
    m = response(2, 200, "OPTIONS", "c", 7, NULL, "t");
    const volte_msg_info *ok = volte_engine_feed(e, &m);
    CHECK(volte_msg_response_to(ok) == 1);
    volte_engine_free(e);
}

static void test_bad_messages(void)
{
    volte_engine *e = volte_engine_new();
    volte_sip_message m = {0};

    m.frame = 1; /* junk: neither request nor response */
    const volte_msg_info *junk = volte_engine_feed(e, &m);
    CHECK(junk->problems == VOLTE_PROBLEM_NOT_SIP); /* no follow-on complaints */
    CHECK(volte_msg_call(junk) == 0 && junk->txn == NULL);

    m = response(2, 200, "INVITE", "c", 1, "b", "t");
    m.has_cseq = false;
    const volte_msg_info *no_cseq = volte_engine_feed(e, &m);
    CHECK(no_cseq->problems & VOLTE_PROBLEM_NO_CSEQ);
    CHECK(!(no_cseq->problems & VOLTE_PROBLEM_ORPHAN)); /* unpairable, not unanswered */
    CHECK(no_cseq->txn == NULL);
    CHECK(volte_msg_call(no_cseq) == 1); /* still counted in its call */

    m = response(3, 200, "INVITE", NULL, 1, "b", "t");
    const volte_msg_info *no_callid = volte_engine_feed(e, &m);
    CHECK(no_callid->problems & VOLTE_PROBLEM_NO_CALL_ID);
    CHECK(volte_msg_call(no_callid) == 0);

    m = response(4, 999, "INVITE", "d", 1, "b", "t");
    CHECK(volte_engine_feed(e, &m)->problems & VOLTE_PROBLEM_STATUS_RANGE);
    m = response(5, 499, "INVITE", "d", 1, "b", "t");
    const volte_msg_info *unreg = volte_engine_feed(e, &m);
    CHECK(unreg->problems & VOLTE_PROBLEM_STATUS_UNKNOWN);
    CHECK(!(unreg->problems & VOLTE_PROBLEM_STATUS_RANGE));
    CHECK(unreg->problems & VOLTE_PROBLEM_ORPHAN);

    m = request(6, "INVITE", "e", 1, "b");
    m.cseq_method = "BYE";
    CHECK(volte_engine_feed(e, &m)->problems & VOLTE_PROBLEM_CSEQ_METHOD);

    /* a Call-ID and branch far longer than the key buffer still works */
    char long_id[4096];
    memset(long_id, 'x', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    m = request(7, "INVITE", long_id, 1, long_id);
    volte_engine_feed(e, &m);
    m = response(8, 100, "INVITE", long_id, 1, long_id, NULL);
    CHECK(volte_msg_response_to(volte_engine_feed(e, &m)) == 7);
    m = response(9, 100, "INVITE", long_id, 2, long_id, NULL);
    CHECK(volte_msg_response_to(volte_engine_feed(e, &m)) == 0); /* other CSeq: not paired */

    CHECK(volte_engine_message_count(e) == 9);
    volte_engine_free(e);
}

#define SEC 1000000000LL

/* A transaction that is over is dropped from the lookup twice Timer H/J
 * (64 s) after its latest message: a copy within that time is still a
 * retransmission, one after it is a stray response. */
static void test_finished_transactions_are_dropped(void)
{
    volte_engine *e = volte_engine_new();
    volte_sip_message m;
    m = request(1, "OPTIONS", "c", 1, "b1");
    volte_engine_feed(e, &m);
    m = response(2, 200, "OPTIONS", "c", 1, "b1", "t");
    volte_engine_feed(e, &m);
    m = response(3, 200, "OPTIONS", "c", 1, "b1", "t");
    m.time_ns = 60 * SEC; /* within 64 s of the first 200 */
    const volte_msg_info *late = volte_engine_feed(e, &m);
    CHECK(late->retransmission && late->retransmission_of == 2 && !(late->problems & VOLTE_PROBLEM_ORPHAN));
    m = response(4, 200, "OPTIONS", "c", 1, "b1", "t");
    m.time_ns = 123 * SEC; /* 63 s after the latest copy: still matched */
    const volte_msg_info *later = volte_engine_feed(e, &m);
    CHECK(later->retransmission && volte_msg_response_to(later) == 1);
    m = response(5, 200, "OPTIONS", "c", 1, "b1", "t");
    m.time_ns = 188 * SEC; /* 65 s after it: the transaction is gone */
    const volte_msg_info *stray = volte_engine_feed(e, &m);
    CHECK(!stray->retransmission && (stray->problems & VOLTE_PROBLEM_ORPHAN));
    CHECK(volte_msg_response_to(stray) == 0 && volte_msg_response_time(stray, 188 * SEC) == -1);
    CHECK(volte_msg_response_time(later, 123 * SEC) == 123 * SEC - 100000000); /* the request came at 0.1 s */
    volte_engine_free(e);

    /* an INVITE that never got its final response stays matchable, however
     * long the capture runs on (its timeout is judged at the end) */
    e = volte_engine_new();
    m = request(1, "INVITE", "c", 1, "inv");
    const volte_msg_info *invite = volte_engine_feed(e, &m);
    m = response(2, 180, "INVITE", "c", 1, "inv", "t");
    volte_engine_feed(e, &m);
    for (uint32_t i = 0; i < 100; i++) {
        char branch[16];
        snprintf(branch, sizeof branch, "o%u", i);
        m = request(3 + 2 * i, "OPTIONS", "other", i + 1, branch);
        m.time_ns = (int64_t)(10 + 10 * i) * SEC;
        volte_engine_feed(e, &m);
    }
    m = response(300, 200, "INVITE", "c", 1, "inv", "t");
    m.time_ns = 1200 * SEC;
    const volte_msg_info *ok = volte_engine_feed(e, &m);
    CHECK(volte_msg_response_to(ok) == 1 && volte_msg_response_in(invite) == 300);
    volte_engine_free(e);
}

/* Transactions that are over do not accumulate in the lookup: 10,000 of
 * them, one a second, leave about 64 s worth matchable. */
static void test_transaction_lookup_stays_bounded(void)
{
    volte_transaction_table *t = volte_transaction_table_new();
    unsigned most = 0;
    size_t bytes_at_1000 = 0;
    for (uint32_t i = 0; i < 10000; i++) {
        char branch[32];
        snprintf(branch, sizeof branch, "z9hG4bK-%u", i);
        volte_sip_message m = request(i + 1, "MESSAGE", "c", i + 1, branch);
        m.time_ns = (int64_t)i * SEC;
        volte_transaction_expire(t, m.time_ns, 64 * SEC);
        volte_transaction *txn = volte_transaction_find(t, &m, 1, true);
        CHECK(txn && txn->key);
        txn->request_seen.last_ns = m.time_ns;
        volte_transaction_over(t, txn, m.time_ns);
        if (volte_transaction_table_live(t) > most)
            most = volte_transaction_table_live(t);
        if (i == 1000)
            bytes_at_1000 = volte_transaction_table_bytes(t);
    }
    CHECK(most == 64); /* the one just made and the 63 of the last 64 s */
    /* only the records grow (112 bytes or so each), not the keys */
    size_t per_txn = (volte_transaction_table_bytes(t) - bytes_at_1000) / 8999;
    CHECK(per_txn <= sizeof(volte_transaction) + 8);
    /* a transaction with a later message waits from that message */
    volte_sip_message m = request(20000, "MESSAGE", "d", 1, "late");
    m.time_ns = 20000 * SEC;
    volte_transaction *txn = volte_transaction_find(t, &m, 2, true);
    txn->request_seen.last_ns = m.time_ns;
    volte_transaction_over(t, txn, m.time_ns);
    txn->response_seen.last_ns = m.time_ns + 50 * SEC;
    volte_transaction_expire(t, m.time_ns + 100 * SEC, 64 * SEC);
    CHECK(txn->key != NULL && volte_transaction_find(t, &m, 2, false) == txn);
    volte_transaction_expire(t, m.time_ns + 115 * SEC, 64 * SEC);
    CHECK(txn->key == NULL && volte_transaction_find(t, &m, 2, false) == NULL);
    volte_transaction_table_free(t);
}

/* A frame's records are found whatever the order of the lookups: in frame
 * order (as a later pass reads them, with frames that have none between),
 * backwards and at random (as a GUI user clicks). */
static void test_frame_lookup(void)
{
    volte_engine *e = volte_engine_new();
    /* frames 10, 20, 30, ...; every third frame carries two messages */
    unsigned fed = 0;
    for (uint32_t f = 10; f <= 3000; f += 10) {
        unsigned copies = f % 30 == 0 ? 2 : 1;
        for (unsigned c = 0; c < copies; c++) {
            volte_sip_message m = request(f, "OPTIONS", "c", f, "b");
            m.index = c;
            volte_engine_feed(e, &m);
            fed++;
        }
    }
    unsigned first, count, expect_first = 0;
    for (uint32_t f = 1; f <= 3005; f++) {
        count = volte_engine_frame_results(e, f, &first);
        unsigned want = f % 10 ? 0 : f % 30 == 0 ? 2 : 1;
        CHECK(count == want);
        if (want) {
            CHECK(first == expect_first && volte_engine_result(e, first)->frame == f);
            expect_first += want;
        }
    }
    CHECK(expect_first == fed);
    for (uint32_t f = 3000; f >= 10; f -= 10) {
        count = volte_engine_frame_results(e, f, &first);
        CHECK(count == (f % 30 == 0 ? 2u : 1u) && volte_engine_result(e, first)->frame == f);
        CHECK(first == 0 || volte_engine_result(e, first - 1)->frame < f);
    }
    uint32_t x = 7;
    for (int i = 0; i < 1000; i++) {
        x = x * 1103515245u + 12345u;
        uint32_t f = (x >> 8) % 3100;
        count = volte_engine_frame_results(e, f, &first);
        unsigned want = (f == 0 || f > 3000 || f % 10) ? 0 : f % 30 == 0 ? 2 : 1;
        CHECK(count == want);
        if (want)
            CHECK(volte_engine_result(e, first)->frame == f && volte_engine_result(e, first + want - 1)->frame == f);
    }
    volte_engine_free(e);

    /* fed out of frame order (a merged capture): still found */
    e = volte_engine_new();
    uint32_t order[] = {5, 3, 9, 1, 7};
    for (unsigned i = 0; i < 5; i++) {
        volte_sip_message m = request(order[i], "OPTIONS", "c", i + 1, "b");
        volte_engine_feed(e, &m);
    }
    for (unsigned i = 0; i < 5; i++) {
        count = volte_engine_frame_results(e, order[i], &first);
        CHECK(count == 1 && first == i);
    }
    CHECK(volte_engine_frame_results(e, 2, &first) == 0);
    volte_engine_free(e);
}

static void test_method_names(void)
{
    volte_transaction_table *t = volte_transaction_table_new();
    volte_sip_message m = request(1, "INVITE", "c", 1, "a");
    volte_transaction *a = volte_transaction_find(t, &m, 1, true);
    m = request(2, "INVITE", "c", 2, "b");
    volte_transaction *b = volte_transaction_find(t, &m, 1, true);
    volte_txn_set_method(t, a, "INVITE");
    volte_txn_set_method(t, b, "INVITE");
    CHECK(a->method == b->method && strcmp(a->method, "INVITE") == 0); /* one static name */
    volte_txn_set_method(t, b, "X-VERY-LONG-EXTENSION-METHOD");
    CHECK(strcmp(b->method, "X-VERY-LONG-EXT") == 0); /* cut to 15 */
    volte_txn_set_method(t, b, NULL);
    CHECK(b->method && b->method[0] == 0);
    volte_transaction_table_free(t);
}

int main(void)
{
    test_basic_pairing();
    test_calls_numbered_by_first_appearance();
    test_retransmissions();
    test_two_legs_are_two_transactions();
    test_copies_on_other_hops_are_not_retransmissions();
    test_cancel_is_its_own_transaction();
    test_branchless_peers_pair_by_cseq();
    test_bad_messages();
    test_finished_transactions_are_dropped();
    test_transaction_lookup_stays_bounded();
    test_method_names();
    test_frame_lookup();
    return check_report("test_transaction");
}
