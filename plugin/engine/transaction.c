/*
 * transaction.c - the table that pairs SIP requests with their responses.
 *
 * Keys are built in a stack buffer (the heap for oversized ones) and copied
 * only when a transaction is created, so looking up the transaction of a message costs one formatted
 * string and one hash lookup.  See transaction.h for what a key contains.
 */
#include "volte/transaction.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

struct volte_transaction_table {
    GHashTable *by_key; /* char *key -> volte_transaction * */
};

/* Keys that fit are built on the stack; longer ones on the heap. */
#define KEY_MAX 512

volte_transaction_table *volte_transaction_table_new(void)
{
    volte_transaction_table *t = g_new0(volte_transaction_table, 1);
    t->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return t;
}

void volte_transaction_table_free(volte_transaction_table *table)
{
    if (!table)
        return;
    g_hash_table_destroy(table->by_key);
    g_free(table);
}

void volte_transaction_table_foreach(volte_transaction_table *table,
                                     void (*fn)(void *key, void *txn, void *user), void *user)
{
    g_hash_table_foreach(table->by_key, (GHFunc)fn, user);
}

unsigned volte_transaction_table_size(const volte_transaction_table *table)
{
    return g_hash_table_size(table->by_key);
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
                                          const volte_sip_message *msg,
                                          bool create)
{
    const char *method = transaction_method(msg);
    if (!msg->call_id || !*msg->call_id || !msg->has_cseq || !method)
        return NULL;

    char buf[KEY_MAX];
    char *key = buf;
    const char *branch = msg->via_branch ? msg->via_branch : "";
    int len = snprintf(buf, sizeof buf, "%" G_GUINT32_FORMAT "\n%s\n%s\n%s", msg->cseq, method, branch,
                       msg->call_id);
    if (len < 0)
        return NULL;
    if ((size_t)len >= sizeof buf)
        key = g_strdup_printf("%" G_GUINT32_FORMAT "\n%s\n%s\n%s", msg->cseq, method, branch, msg->call_id);

    volte_transaction *txn = g_hash_table_lookup(table->by_key, key);
    if (!txn && create) {
        txn = g_new0(volte_transaction, 1);
        g_hash_table_insert(table->by_key, key == buf ? g_strdup(key) : key, txn);
        key = buf; /* ownership passed to the table */
    }
    if (key != buf)
        g_free(key);
    return txn;
}
