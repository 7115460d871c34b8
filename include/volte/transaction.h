/*
 * transaction.h - pairing SIP requests with their responses.
 *
 * A transaction is identified as in RFC 3261 §17.1.3 / §17.2.3: the top Via
 * branch together with the CSeq method, and, because real captures contain
 * RFC 2543 peers and branch-less junk, the Call-ID and CSeq number as well.
 * When the top Via carries no branch the key falls back to Call-ID, CSeq
 * number and method.  The two legs of a proxy carry different top-Via
 * branches, so each leg is its own transaction, as on the wire.
 *
 * The records live as long as the capture file and are never moved, so
 * per-message results may point at them and read the final response frame
 * (known only later) at display time.  The lookup entry of a transaction
 * that is over (it has its final response, or it is an ACK) is dropped once
 * its timers have surely run out (volte_transaction_expire()), so the table
 * and its keys hold only the transactions a later message can still belong
 * to.
 */
#ifndef VOLTE_TRANSACTION_H
#define VOLTE_TRANSACTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "volte/sip_message.h"

/* What a transaction does to its call (set from its request). */
typedef enum {
    VOLTE_TXN_UNKNOWN = 0,     /* request not seen */
    VOLTE_TXN_INITIAL_INVITE,  /* INVITE without To-tag */
    VOLTE_TXN_REINVITE,        /* INVITE inside a dialog */
    VOLTE_TXN_UPDATE,
    VOLTE_TXN_BYE,
    VOLTE_TXN_CANCEL,
    VOLTE_TXN_REGISTER,
    VOLTE_TXN_ACK,             /* no responses */
    VOLTE_TXN_OTHER
} volte_txn_kind;

/* A message of the transaction as seen on one hop. */
#define VOLTE_TXN_HOPS 4 /* hops told apart per message */
typedef struct volte_sighting {
    uint32_t hop;
    uint32_t first_frame; /* its first copy on this hop */
    int64_t  last_ns;     /* its latest copy on this hop */
} volte_sighting;

/* Hops beyond the first, allocated the first time a message of the
 * transaction is seen on a second hop (a capture on several interfaces). */
typedef struct volte_more_sightings {
    volte_sighting request[VOLTE_TXN_HOPS - 1];
    volte_sighting response[VOLTE_TXN_HOPS - 1];
} volte_more_sightings;

typedef struct volte_transaction {
    int64_t  request_time_ns;
    volte_sighting request_seen;    /* the request on its first hop */
    volte_sighting response_seen;   /* the last response on its first hop */
    volte_more_sightings *more_seen; /* further hops (volte_txn_sighting()); NULL while one */
    struct volte_msg_info *request_info; /* result of the request's first copy */
    uint32_t request_frame;   /* first copy of the request; 0 while unseen */
    uint32_t first_response_frame;
    uint32_t final_frame;     /* first final (>= 200) response; 0 while none */
    /* the last response seen, to recognise its retransmission */
    uint32_t last_response_frame;
    uint32_t last_response_status;
    uint32_t last_response_tag_hash;
    uint16_t request_copies;  /* the request and its retransmissions (saturates) */
    uint16_t response_repeats; /* retransmissions of the last response seen (saturates) */
    uint8_t  kind;             /* volte_txn_kind */
    bool     in_dialog;        /* the request carried a To-tag */
    bool     closing;          /* over, waiting in the table to be dropped */
    const char *method;        /* the request's method (volte_txn_set_method()); NULL while unseen */
    char    *key;              /* its key in the table; NULL once dropped */
} volte_transaction;

typedef struct volte_transaction_table volte_transaction_table;

volte_transaction_table *volte_transaction_table_new(void);
void volte_transaction_table_free(volte_transaction_table *table);

/* Call fn(key, transaction, user) for every transaction. */
void volte_transaction_table_foreach(volte_transaction_table *table,
                                     void (*fn)(void *key, void *txn, void *user), void *user);

/* The bytes of the transactions' records and of the keys still held. */
size_t volte_transaction_table_bytes(const volte_transaction_table *table);

/* Transactions a message can still be matched to. */
unsigned volte_transaction_table_live(const volte_transaction_table *table);

/*
 * The transaction is over: it has its final response, or it is an ACK,
 * which gets none.  It stays matchable for retransmissions and late copies
 * until volte_transaction_expire() drops it.
 */
void volte_transaction_over(volte_transaction_table *table, volte_transaction *txn, int64_t now_ns);

/*
 * Drop from the lookup the transactions that are over and whose latest
 * message is linger_ns or more before now_ns.  Their records stay (results
 * point at them); a message that would have matched one starts a new
 * transaction.  The engine lingers twice Timer H/J (2 x 64 x T1): no
 * retransmission RFC 3261 allows comes later, even from a second capture
 * point whose clock is a little off.
 */
void volte_transaction_expire(volte_transaction_table *table, int64_t now_ns, int64_t linger_ns);

/*
 * The transaction a message belongs to, created on first sight.  call is
 * the number of the message's call, which stands for its Call-ID in the key.
 * Returns NULL when the message cannot be keyed (no Call-ID, or no CSeq and
 * no method to go by).
 */
volte_transaction *volte_transaction_find(volte_transaction_table *table,
                                          const volte_sip_message *msg, uint32_t call,
                                          bool create);

/*
 * The sighting of a transaction's request (response false) or last
 * response on its i-th hop, i < VOLTE_TXN_HOPS.  Hops beyond the first are
 * allocated in the table when create is true, else NULL while there are none.
 */
volte_sighting *volte_txn_sighting(volte_transaction_table *table, volte_transaction *txn, bool response,
                                   unsigned i, bool create);

/* Record the request's method: a static name for the usual methods, else
 * a copy in the table, cut to 15 characters. */
void volte_txn_set_method(volte_transaction_table *table, volte_transaction *txn, const char *method);

/* Forget the sightings of the last response (a new response replaces it). */
void volte_txn_clear_response_sightings(volte_transaction *txn);

#endif
