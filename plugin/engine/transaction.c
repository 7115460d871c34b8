/*
 * transaction.c - the table that pairs SIP requests with their responses.
 *
 * Keys are built in a stack buffer (the heap for oversized ones) and copied
 * only when a transaction is created, so looking up the transaction of a message costs one formatted
 * string and one hash lookup.  See transaction.h for what a key contains;
 * the Call-ID is written as the number of its call, which stands for it one
 * to one.  Records live in the table's arena; keys are allocated on their
 * own and freed when a transaction that is over is dropped from the lookup
 * (volte_transaction_expire()), which a queue of such transactions, oldest
 * first, makes a check of its head on most messages.
 */
#include "volte/transaction.h"

#include <glib.h>

#include "volte/arena.h"
#include <stdio.h>
#include <string.h>

/* A transaction that is over, queued at the time it was queued. */
typedef struct closing_entry {
    volte_transaction *txn;
    int64_t            since_ns;
} closing_entry;

struct volte_transaction_table {
    GHashTable  *by_key;       /* char *key (owned) -> volte_transaction * (in the arena) */
    volte_arena *arena;
    GArray      *closing;      /* closing_entry, oldest first from closing_head */
    guint        closing_head;
    size_t       key_bytes;    /* bytes of the keys still held */
};

/* Keys that fit are built on the stack; longer ones on the heap. */
#define KEY_MAX 512

volte_transaction_table *volte_transaction_table_new(void)
{
    volte_transaction_table *t = g_new0(volte_transaction_table, 1);
    t->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    t->arena = volte_arena_new();
    t->closing = g_array_new(FALSE, FALSE, sizeof(closing_entry));
    return t;
}

void volte_transaction_table_free(volte_transaction_table *table)
{
    if (!table)
        return;
    g_hash_table_destroy(table->by_key);
    g_array_free(table->closing, TRUE);
    volte_arena_free(table->arena);
    g_free(table);
}

void volte_transaction_table_foreach(volte_transaction_table *table,
                                     void (*fn)(void *key, void *txn, void *user), void *user)
{
    g_hash_table_foreach(table->by_key, (GHFunc)fn, user);
}

size_t volte_transaction_table_bytes(const volte_transaction_table *table)
{
    return volte_arena_held(table->arena) + table->key_bytes;
}

unsigned volte_transaction_table_live(const volte_transaction_table *table)
{
    return g_hash_table_size(table->by_key);
}

void volte_transaction_over(volte_transaction_table *table, volte_transaction *txn, int64_t now_ns)
{
    if (txn->closing || !txn->key)
        return;
    txn->closing = true;
    closing_entry entry = {txn, now_ns};
    g_array_append_val(table->closing, entry);
}

/* The time of the latest message of txn on any hop. */
static int64_t latest_ns(const volte_transaction *txn)
{
    int64_t t = MAX(txn->request_seen.last_ns, txn->response_seen.last_ns);
    if (txn->more_seen) {
        for (unsigned i = 0; i < VOLTE_TXN_HOPS - 1; i++)
            t = MAX(t, MAX(txn->more_seen->request[i].last_ns, txn->more_seen->response[i].last_ns));
    }
    return t;
}

void volte_transaction_expire(volte_transaction_table *table, int64_t now_ns, int64_t linger_ns)
{
    GArray *q = table->closing;
    while (table->closing_head < q->len) {
        closing_entry *head = &g_array_index(q, closing_entry, table->closing_head);
        if (now_ns - head->since_ns < linger_ns)
            break; /* the queue is in the order of since_ns, near enough */
        volte_transaction *txn = head->txn;
        table->closing_head++;
        int64_t latest = latest_ns(txn);
        if (latest > head->since_ns && now_ns - latest < linger_ns) {
            /* a message came after it was queued: wait from that one */
            closing_entry again = {txn, latest};
            g_array_append_val(q, again); /* may move the array: head is not used again */
            continue;
        }
        table->key_bytes -= strlen(txn->key) + 1;
        g_hash_table_remove(table->by_key, txn->key);
        txn->key = NULL;
        txn->closing = false;
    }
    /* keep the queue's array from growing: move what is left to the front */
    if (table->closing_head > 4096 && table->closing_head * 2 > q->len) {
        g_array_remove_range(q, 0, table->closing_head);
        table->closing_head = 0;
    }
}

/* The method a message's transaction is named by: the CSeq method, which a
 * response carries too; a request without CSeq falls back to its own. */
static const char *transaction_method(const volte_sip_message *msg)
{
    if (msg->cseq_method && *msg->cseq_method)
        return msg->cseq_method;
    return msg->is_request ? msg->method : NULL;
}

volte_transaction *volte_transaction_find(volte_transaction_table *table,
                                          const volte_sip_message *msg, uint32_t call,
                                          bool create)
{
    const char *method = transaction_method(msg);
    if (!msg->call_id || !*msg->call_id || !msg->has_cseq || !method)
        return NULL;

    char buf[KEY_MAX];
    char *key = buf;
    const char *branch = msg->via_branch ? msg->via_branch : "";
    int len = snprintf(buf, sizeof buf, "%" G_GUINT32_FORMAT "\n%s\n%s\n%" G_GUINT32_FORMAT, msg->cseq, method,
                       branch, call);
    if (len < 0)
        return NULL;
    if ((size_t)len >= sizeof buf)
        key = g_strdup_printf("%" G_GUINT32_FORMAT "\n%s\n%s\n%" G_GUINT32_FORMAT, msg->cseq, method, branch, call);

    volte_transaction *txn = g_hash_table_lookup(table->by_key, key);
    if (!txn && create) {
        txn = volte_arena_alloc0(table->arena, sizeof *txn);
        txn->key = key != buf ? key : g_strdup(key);
        key = buf; /* now owned by the table */
        table->key_bytes += strlen(txn->key) + 1;
        g_hash_table_insert(table->by_key, txn->key, txn);
    }
    if (key != buf)
        g_free(key);
    return txn;
}

volte_sighting *volte_txn_sighting(volte_transaction_table *table, volte_transaction *txn, bool response,
                                   unsigned i, bool create)
{
    if (i == 0)
        return response ? &txn->response_seen : &txn->request_seen;
    if (i >= VOLTE_TXN_HOPS)
        return NULL;
    if (!txn->more_seen) {
        if (!create)
            return NULL;
        txn->more_seen = volte_arena_alloc0(table->arena, sizeof *txn->more_seen);
    }
    return response ? &txn->more_seen->response[i - 1] : &txn->more_seen->request[i - 1];
}

void volte_txn_set_method(volte_transaction_table *table, volte_transaction *txn, const char *method)
{
    static const char *const usual[] = {"INVITE", "ACK",    "BYE",       "CANCEL", "PRACK",   "UPDATE", "REGISTER",
                                        "OPTIONS", "INFO",  "MESSAGE",   "NOTIFY", "SUBSCRIBE", "REFER", "PUBLISH"};
    if (!method)
        method = "";
    for (size_t i = 0; i < G_N_ELEMENTS(usual); i++) {
        if (strcmp(method, usual[i]) == 0) {
            txn->method = usual[i];
            return;
        }
    }
    char cut[16];
    g_strlcpy(cut, method, sizeof cut);
    txn->method = volte_arena_strdup(table->arena, cut);
}

void volte_txn_clear_response_sightings(volte_transaction *txn)
{
    memset(&txn->response_seen, 0, sizeof txn->response_seen);
    if (txn->more_seen)
        memset(txn->more_seen->response, 0, sizeof txn->more_seen->response);
}
