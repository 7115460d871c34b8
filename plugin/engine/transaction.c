/*
 * transaction.c - the table that pairs SIP requests with their responses.
 *
 * Keys are built in a stack buffer (the heap for oversized ones) and copied
 * only when a transaction is created, so looking up the transaction of a message costs one formatted
 * string and one hash lookup.  See transaction.h for what a key contains;
 * the Call-ID is written as the number of its call, which stands for it one
 * to one.  Records and keys live in the table's arena.
 */
#include "volte/transaction.h"

#include <glib.h>

#include "volte/arena.h"
#include <stdio.h>
#include <string.h>

struct volte_transaction_table {
    GHashTable  *by_key; /* char *key -> volte_transaction *, both in the arena */
    volte_arena *arena;
};

/* Keys that fit are built on the stack; longer ones on the heap. */
#define KEY_MAX 512

volte_transaction_table *volte_transaction_table_new(void)
{
    volte_transaction_table *t = g_new0(volte_transaction_table, 1);
    t->by_key = g_hash_table_new(g_str_hash, g_str_equal);
    t->arena = volte_arena_new();
    return t;
}

void volte_transaction_table_free(volte_transaction_table *table)
{
    if (!table)
        return;
    g_hash_table_destroy(table->by_key);
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
    return volte_arena_held(table->arena);
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
        g_hash_table_insert(table->by_key, volte_arena_strdup(table->arena, key), txn);
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

void volte_txn_clear_response_sightings(volte_transaction *txn)
{
    memset(&txn->response_seen, 0, sizeof txn->response_seen);
    if (txn->more_seen)
        memset(txn->more_seen->response, 0, sizeof txn->more_seen->response);
}
