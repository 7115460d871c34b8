/*
 * sdp_parse.c - the SDP body of a SIP message, plain or in a multipart body.
 *
 * Only what the analysis reads is kept (sip_message.h, volte_sdp): the first
 * c= line, every m= line, and the a= lines, session-level ones first and
 * then each m= line's own, in body order (RFC 4566 §5).  Lines beyond the
 * limits of volte_sdp are counted in sdp.dropped.  A multipart body
 * (RFC 2046 §5.1) is split at its boundary and each application/sdp part
 * parsed the same way.
 */
#include <string.h>

#include "parse_store.h"
#include "volte/text.h"

bool volte_is_sdp_type(volte_span content_type)
{
    volte_span t = volte_trim(content_type);
    if (!volte_span_starts_ci(t, "application/sdp"))
        return false;
    return t.n == 15 || t.p[15] == ';' || volte_is_space(t.p[15]);
}

void volte_sdp_parse(volte_span body, volte_sip_message *msg, volte_store *st)
{
    volte_sdp *sdp = &msg->sdp;
    const char *pos = body.p;
    const char *end = body.p + body.n;
    volte_span line;
    bool in_media = sdp->media_count > 0;
    bool media_kept = in_media;

    sdp->present = true;
    while (volte_next_line(&pos, end, &line)) {
        if (line.n < 2 || line.p[1] != '=')
            continue;
        volte_span value = {line.p + 2, line.n - 2};
        switch (line.p[0]) {
        case 'c':
            if (!sdp->connection)
                sdp->connection = volte_store_keep(st, value);
            break;
        case 'm': {
            in_media = true;
            if (sdp->media_count == VOLTE_MAX_SDP_MEDIA) {
                media_kept = false;
                sdp->dropped++;
                break;
            }
            const char *v = volte_store_keep(st, value);
            if (!v) {
                media_kept = false;
                sdp->dropped++;
                break;
            }
            volte_sdp_media *m = &sdp->media[sdp->media_count++];
            m->line = v;
            m->attr_first = sdp->attr_count;
            m->attr_count = 0;
            media_kept = true;
            break;
        }
        case 'a': {
            /* a media attribute after a dropped m= line has no home */
            if ((in_media && !media_kept) || sdp->attr_count == VOLTE_MAX_SDP_ATTRS) {
                sdp->dropped++;
                break;
            }
            const char *v = volte_store_keep(st, value);
            if (!v) {
                sdp->dropped++;
                break;
            }
            if (in_media) {
                sdp->attrs[sdp->attr_count++] = v;
                sdp->media[sdp->media_count - 1].attr_count++;
            } else if (sdp->media_count == 0) {
                sdp->attrs[sdp->attr_count++] = v;
                sdp->session_attr_count++;
            } else {
                sdp->dropped++;
            }
            break;
        }
        default:
            break;
        }
    }
}

/* The boundary parameter of a multipart Content-Type, quotes removed. */
static bool boundary_of(volte_span type, volte_span *out)
{
    const char *p = type.p;
    const char *end = type.p + type.n;
    for (; p + 9 <= end; p++) {
        volte_span rest = {p, (size_t)(end - p)};
        if ((p == type.p || p[-1] == ';' || volte_is_space(p[-1])) && volte_span_starts_ci(rest, "boundary=")) {
            const char *v = p + 9;
            const char *e = v;
            if (e < end && *e == '"') {
                v++;
                e = memchr(v, '"', (size_t)(end - v));
                if (!e)
                    return false;
            } else {
                while (e < end && *e != ';' && !volte_is_space(*e))
                    e++;
            }
            out->p = v;
            out->n = (size_t)(e - v);
            return out->n > 0 && out->n <= 70; /* RFC 2046 §5.1.1 */
        }
    }
    return false;
}

/* Is the line "--boundary" (or the closing "--boundary--")? */
static bool is_delimiter(volte_span line, volte_span boundary)
{
    volte_span l = volte_trim(line);
    return l.n >= boundary.n + 2 && l.p[0] == '-' && l.p[1] == '-' &&
           memcmp(l.p + 2, boundary.p, boundary.n) == 0 &&
           (l.n == boundary.n + 2 || (l.n == boundary.n + 4 && l.p[l.n - 1] == '-' && l.p[l.n - 2] == '-'));
}

/* One body part: its headers, then its content. */
static void parse_part(volte_span part, volte_sip_message *msg, volte_store *st)
{
    const char *pos = part.p;
    const char *end = part.p + part.n;
    volte_span line;
    bool sdp = false;
    while (volte_next_line(&pos, end, &line) && line.n > 0) {
        if (volte_span_starts_ci(line, "content-type:")) {
            volte_span v = {line.p + 13, line.n - 13};
            sdp = volte_is_sdp_type(v);
        }
    }
    if (sdp && pos < end) {
        volte_span content = {pos, (size_t)(end - pos)};
        volte_sdp_parse(content, msg, st);
    }
}

void volte_multipart_parse(volte_span body, volte_span content_type, volte_sip_message *msg, volte_store *st)
{
    volte_span boundary;
    if (!boundary_of(content_type, &boundary))
        return;
    const char *pos = body.p;
    const char *end = body.p + body.n;
    const char *part_start = NULL;
    volte_span line;
    while (pos < end) {
        const char *line_start = pos;
        volte_next_line(&pos, end, &line);
        if (!is_delimiter(line, boundary))
            continue;
        if (part_start) {
            /* the CRLF before the delimiter belongs to it (RFC 2046 §5.1.1) */
            volte_span part = {part_start, (size_t)(line_start - part_start)};
            parse_part(part, msg, st);
        }
        volte_span l = volte_trim(line);
        if (l.n == boundary.n + 4)
            return; /* the closing delimiter */
        part_start = pos;
    }
}
