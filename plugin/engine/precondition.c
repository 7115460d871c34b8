/* precondition.c -- QoS precondition attributes of SDP (RFC 3312, RFC 4032).
 *
 * Parses a=curr:qos, a=des:qos and a=conf:qos values, collects those of one
 * media line into a table, turns a table round to the other party's point of
 * view, tells whether the preconditions are met and writes the table as
 * text for the volte.qos.* fields.
 *
 * Everything works on the caller's buffers and the stack: no allocation, no
 * GLib, and every input is read only up to its terminator, so any bytes at
 * all may be fed to the parser.
 *
 * Choices where the RFCs leave room:
 *
 * - Tokens are ASCII case-insensitive.  Spaces and tabs separate tokens, may
 *   lead, may sit around the ':' and may trail together with CR and LF.
 *   Anything else (a fifth token, an unknown word, "a=" in front) is refused.
 * - A des line sets the strength of each direction it names; the other
 *   direction of the same status type keeps what it had.  A des line with
 *   direction "none" names no direction and so changes nothing but
 *   table->present.  curr and conf lines replace the direction bits of
 *   their status type.
 * - Met: every mandatory direction must be in the current status of the
 *   same status type (e2e, local and remote each on their own).  A
 *   "failure" or "unknown" strength anywhere means not met: both are what a
 *   UA writes when it cannot go ahead with the precondition (RFC 3312 §5.1,
 *   §11).  "optional" and "none" never hold the session up.
 */
#include "volte/precondition.h"

#include "volte/text.h"

#include <string.h>

static const char *const status_names[VOLTE_QOS_STATUS_TYPES] = {"e2e", "local", "remote"};
static const char *const direction_names[4] = {"none", "send", "recv", "sendrecv"};

/* ------------------------------------------------------------ parsing */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* True when the len bytes at s equal the lower-case word, ignoring case. */
static bool token_is(const char *s, size_t len, const char *word)
{
    size_t i;
    for (i = 0; i < len; i++) {
        if (word[i] == '\0' || volte_lower(s[i]) != word[i])
            return false;
    }
    return word[i] == '\0';
}

/* Index of the token in words[0..n), or -1. */
static int token_index(const char *s, size_t len, const char *const *words, int n)
{
    for (int i = 0; i < n; i++) {
        if (token_is(s, len, words[i]))
            return i;
    }
    return -1;
}

static const char *skip_blanks(const char *p)
{
    while (is_blank(*p))
        p++;
    return p;
}

/* Length of the token at p: up to a blank, CR, LF, ':' or the end. */
static size_t token_length(const char *p)
{
    size_t n = 0;
    while (p[n] != '\0' && !is_blank(p[n]) && p[n] != '\r' && p[n] != '\n' && p[n] != ':')
        n++;
    return n;
}

/* Reads the next token into *tok / *len and moves past it.  Tokens end only
 * at a blank, CR, LF, ':' or the end, so two tokens always have blanks
 * between them: after CR, LF or ':' the token found is empty and refused. */
static bool next_token(const char **pp, const char **tok, size_t *len)
{
    const char *q = skip_blanks(*pp);
    *len = token_length(q);
    if (*len == 0)
        return false;
    *tok = q;
    *pp = q + *len;
    return true;
}

bool volte_qos_attr_parse(const char *value, volte_qos_attr *out)
{
    static const char *const kinds[] = {"curr", "des", "conf"};
    static const char *const strengths[] = {"none", "optional", "mandatory", "failure", "unknown"};
    volte_qos_attr a = {VOLTE_QOS_ATTR_CURR, VOLTE_QOS_STRENGTH_ABSENT, VOLTE_QOS_E2E, VOLTE_QOS_NONE};
    const char *p = value;
    const char *tok;
    size_t len;
    int i;

    if (!value || !out)
        return false;

    /* attribute name and ':' */
    p = skip_blanks(p);
    len = token_length(p);
    i = token_index(p, len, kinds, 3);
    if (i < 0)
        return false;
    a.kind = (volte_qos_attr_kind)i;
    p = skip_blanks(p + len);
    if (*p != ':')
        return false;
    p++;

    /* precondition type */
    if (!next_token(&p, &tok, &len) || !token_is(tok, len, "qos"))
        return false;

    if (a.kind == VOLTE_QOS_ATTR_DES) {
        if (!next_token(&p, &tok, &len))
            return false;
        i = token_index(tok, len, strengths, 5);
        if (i < 0)
            return false;
        a.strength = (volte_qos_strength)(VOLTE_QOS_STRENGTH_NO + i);
    }

    if (!next_token(&p, &tok, &len))
        return false;
    i = token_index(tok, len, status_names, VOLTE_QOS_STATUS_TYPES);
    if (i < 0)
        return false;
    a.status = (volte_qos_status_type)i;

    if (!next_token(&p, &tok, &len))
        return false;
    i = token_index(tok, len, direction_names, 4);
    if (i < 0)
        return false;
    a.direction = (uint8_t)i;

    while (is_blank(*p) || *p == '\r' || *p == '\n')
        p++;
    if (*p != '\0')
        return false;

    *out = a;
    return true;
}

/* ------------------------------------------------------------ table */

void volte_qos_table_from_attrs(volte_qos_table *table, const char *const *values, size_t count)
{
    if (!table)
        return;
    memset(table, 0, sizeof *table);
    if (!values)
        return;

    for (size_t i = 0; i < count; i++) {
        volte_qos_attr a;
        if (!volte_qos_attr_parse(values[i], &a))
            continue;
        table->present = true;
        switch (a.kind) {
        case VOLTE_QOS_ATTR_CURR:
            table->curr[a.status] = a.direction;
            break;
        case VOLTE_QOS_ATTR_CONF:
            table->conf[a.status] = a.direction;
            break;
        case VOLTE_QOS_ATTR_DES:
            if (a.direction & VOLTE_QOS_SEND)
                table->des[a.status][0] = (uint8_t)a.strength;
            if (a.direction & VOLTE_QOS_RECV)
                table->des[a.status][1] = (uint8_t)a.strength;
            break;
        }
    }
}

static uint8_t swap_direction(uint8_t d)
{
    return (uint8_t)(((d & VOLTE_QOS_SEND) ? VOLTE_QOS_RECV : 0) | ((d & VOLTE_QOS_RECV) ? VOLTE_QOS_SEND : 0));
}

void volte_qos_table_flip(const volte_qos_table *in, volte_qos_table *out)
{
    /* Seen from the other party, its local is our remote and the other way
     * round; e2e stays e2e.  in and out may be the same table. */
    static const int other[VOLTE_QOS_STATUS_TYPES] = {VOLTE_QOS_E2E, VOLTE_QOS_REMOTE, VOLTE_QOS_LOCAL};
    volte_qos_table t;

    if (!in || !out)
        return;
    memset(&t, 0, sizeof t);
    t.present = in->present;
    for (int s = 0; s < VOLTE_QOS_STATUS_TYPES; s++) {
        int o = other[s];
        t.curr[o] = swap_direction(in->curr[s]);
        t.conf[o] = swap_direction(in->conf[s]);
        t.des[o][0] = in->des[s][1];
        t.des[o][1] = in->des[s][0];
    }
    *out = t;
}

bool volte_qos_met(const volte_qos_table *table)
{
    if (!table)
        return true;
    for (int s = 0; s < VOLTE_QOS_STATUS_TYPES; s++) {
        for (int d = 0; d < 2; d++) {
            uint8_t strength = table->des[s][d];
            uint8_t bit = d == 0 ? VOLTE_QOS_SEND : VOLTE_QOS_RECV;
            if (strength == VOLTE_QOS_STRENGTH_FAILURE || strength == VOLTE_QOS_STRENGTH_UNKNOWN)
                return false;
            if (strength == VOLTE_QOS_STRENGTH_MANDATORY && !(table->curr[s] & bit))
                return false;
        }
    }
    return true;
}

bool volte_qos_has_mandatory(const volte_qos_table *table)
{
    if (!table)
        return false;
    for (int s = 0; s < VOLTE_QOS_STATUS_TYPES; s++) {
        if (table->des[s][0] == VOLTE_QOS_STRENGTH_MANDATORY || table->des[s][1] == VOLTE_QOS_STRENGTH_MANDATORY)
            return true;
    }
    return false;
}

/* ------------------------------------------------------------ names and text */

const char *volte_qos_direction_name(uint8_t direction)
{
    return direction <= VOLTE_QOS_SENDRECV ? direction_names[direction] : "?";
}

const char *volte_qos_strength_name(volte_qos_strength strength)
{
    switch (strength) {
    case VOLTE_QOS_STRENGTH_ABSENT:    return "";
    case VOLTE_QOS_STRENGTH_NO:        return "none";
    case VOLTE_QOS_STRENGTH_OPTIONAL:  return "optional";
    case VOLTE_QOS_STRENGTH_MANDATORY: return "mandatory";
    case VOLTE_QOS_STRENGTH_FAILURE:   return "failure";
    case VOLTE_QOS_STRENGTH_UNKNOWN:   return "unknown";
    }
    return "?";
}

/* A bounded writer: keeps out NUL-terminated and drops what does not fit. */
typedef struct text_out {
    char  *buf;
    size_t size; /* > 0 */
    size_t len;
} text_out;

static void put(text_out *t, const char *s)
{
    while (*s != '\0' && t->len + 1 < t->size)
        t->buf[t->len++] = *s++;
    t->buf[t->len] = '\0';
}

/* Starts one "<type> ..." item, with ", " before all but the first. */
static void put_item(text_out *t, bool *first, int status)
{
    if (!*first)
        put(t, ", ");
    *first = false;
    put(t, status_names[status]);
}

/* True when the table says anything about this status type. */
static bool status_has_info(const volte_qos_table *table, int s)
{
    return table->curr[s] != 0 || table->conf[s] != 0 || table->des[s][0] != VOLTE_QOS_STRENGTH_ABSENT ||
           table->des[s][1] != VOLTE_QOS_STRENGTH_ABSENT;
}

/* Start writing into out (size bytes, NUL-terminated); false if there is no room at all. */
static bool text_start(text_out *t, char *out, size_t size)
{
    if (!out || size == 0)
        return false;
    t->buf = out;
    t->size = size;
    t->len = 0;
    out[0] = '\0';
    return true;
}

/*
 * The current status is shown for the types that have any line at all.  A
 * curr line saying "none" leaves nothing in the table that tells it from no
 * line, so a type is shown when it has current directions or a des or conf
 * line: the usual case, "curr:qos local none" next to "des:qos ... local
 * ...", reads "local none".
 */
char *volte_qos_describe_current(const volte_qos_table *table, char *out, size_t size)
{
    text_out t;
    bool first = true;

    if (!text_start(&t, out, size) || !table)
        return out;
    for (int s = 0; s < VOLTE_QOS_STATUS_TYPES; s++) {
        if (!status_has_info(table, s))
            continue;
        put_item(&t, &first, s);
        put(&t, " ");
        put(&t, volte_qos_direction_name(table->curr[s]));
    }
    return out;
}

/*
 * One item per status type when send and recv have the same strength or
 * only one of them has a des line ("local sendrecv mandatory", "e2e send
 * optional"); two items when they differ ("local send mandatory, local recv
 * optional").
 */
char *volte_qos_describe_desired(const volte_qos_table *table, char *out, size_t size)
{
    text_out t;
    bool first = true;

    if (!text_start(&t, out, size) || !table)
        return out;
    for (int s = 0; s < VOLTE_QOS_STATUS_TYPES; s++) {
        volte_qos_strength send = (volte_qos_strength)table->des[s][0];
        volte_qos_strength recv = (volte_qos_strength)table->des[s][1];
        if (send == VOLTE_QOS_STRENGTH_ABSENT && recv == VOLTE_QOS_STRENGTH_ABSENT)
            continue;
        if (send == recv) {
            put_item(&t, &first, s);
            put(&t, " sendrecv ");
            put(&t, volte_qos_strength_name(send));
            continue;
        }
        if (send != VOLTE_QOS_STRENGTH_ABSENT) {
            put_item(&t, &first, s);
            put(&t, " send ");
            put(&t, volte_qos_strength_name(send));
        }
        if (recv != VOLTE_QOS_STRENGTH_ABSENT) {
            put_item(&t, &first, s);
            put(&t, " recv ");
            put(&t, volte_qos_strength_name(recv));
        }
    }
    return out;
}
