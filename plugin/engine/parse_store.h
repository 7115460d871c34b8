/*
 * parse_store.h - the string store and line helpers shared by the SIP and
 * SDP parsers (sip_parse.c, sdp_parse.c).  Internal to the engine.
 *
 * A store is a caller's buffer that the parsers fill with NUL-terminated
 * copies of the values they return.  It never overflows: a copy that does
 * not fit returns NULL and marks the store full.
 */
#ifndef VOLTE_PARSE_STORE_H
#define VOLTE_PARSE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "volte/sip_message.h"

typedef struct {
    char  *buf;
    size_t size;
    size_t used;
} volte_store;

/* A slice of the message text. */
typedef struct {
    const char *p;
    size_t      n;
} volte_span;

static inline bool volte_is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* The span without leading and trailing blanks and line breaks. */
static inline volte_span volte_trim(volte_span s)
{
    while (s.n > 0 && (volte_is_space(s.p[0]) || s.p[0] == '\r' || s.p[0] == '\n')) {
        s.p++;
        s.n--;
    }
    while (s.n > 0 && (volte_is_space(s.p[s.n - 1]) || s.p[s.n - 1] == '\r' || s.p[s.n - 1] == '\n'))
        s.n--;
    return s;
}

/* Copy a span into the store; a folded line break (CRLF or LF followed by
 * blanks, RFC 3261 §7.3.1) becomes one space.  NULL when it does not fit. */
const char *volte_store_keep(volte_store *st, volte_span s);

/* The next line of [*pos, end): returned without its CR LF (or LF), and
 * *pos moved past it.  False at the end. */
bool volte_next_line(const char **pos, const char *end, volte_span *line);

/* Case-insensitive: does the span start with the (lower-case) word? */
bool volte_span_starts_ci(volte_span s, const char *word);

/* Parse an SDP body (RFC 4566) into msg->sdp, appending to what is there. */
void volte_sdp_parse(volte_span body, volte_sip_message *msg, volte_store *st);

/* The SDP parts of a multipart body (RFC 2046 §5.1); `content_type` is the
 * message's Content-Type value, which carries the boundary. */
void volte_multipart_parse(volte_span body, volte_span content_type, volte_sip_message *msg, volte_store *st);

/* Is this Content-Type value application/sdp? */
bool volte_is_sdp_type(volte_span content_type);

#endif
