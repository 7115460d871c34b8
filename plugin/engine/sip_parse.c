/*
 * sip_parse.c - the start line and header fields of one SIP message.
 *
 * One pass over the header lines (RFC 3261 §7.3) notes where each header
 * the analysis uses is, by its full or compact name; then each value is
 * copied once into the caller's store and the parts the engine wants (the
 * URI of a name-addr, the tag, the top Via's branch, CSeq and RAck numbers)
 * are taken from it.  Headers the engine joins (Require, Reason...) have all
 * their values joined with ", " in message order.  The body goes to
 * sdp_parse.c when the Content-Type says SDP.
 *
 * Lines end at LF, with or without the CR before it.  A lone CR does not
 * end a line (RFC 3261 §7 uses CRLF); Wireshark's SIP dissector takes it
 * for one, so when a softphone ends a header with CR CR LF, the headers
 * after it are read here while the SIP tree shows them as body.
 */
#include "volte/sip_parse.h"

#include <stdint.h>
#include <string.h>

#include "parse_store.h"
#include "volte/text.h"

/* ------------------------------------------------------------ the store */

/* Bytes of the valid UTF-8 sequence at p (1 for ASCII), or 0 when the
 * bytes there are not UTF-8 (RFC 3629 §4). */
static size_t utf8_sequence(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    size_t need;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        need = 2;
    else if (c >= 0xe0 && c <= 0xef)
        need = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        need = 4;
    else
        return 0;
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) || (c == 0xf0 && p[1] < 0x90) ||
        (c == 0xf4 && p[1] > 0x8f))
        return 0; /* overlong forms, surrogates, beyond U+10FFFF */
    return need;
}

/* Bytes that copy_unfolded() must look at: line breaks and non-ASCII. */
static bool is_special(unsigned char c)
{
    return c == '\r' || c == '\n' || c >= 0x80;
}

/* Copy a span to dst, each folded line break made one space and each byte
 * that is not UTF-8 made '?', so that every string the engine hands to
 * Wireshark is valid text; returns the bytes written (at most s.n). */
static size_t copy_unfolded(char *dst, volte_span s)
{
    const unsigned char *p = (const unsigned char *)s.p;
    size_t k = 0;
    size_t i = 0;
    while (i < s.n) {
        /* the plain run up to the next special byte goes in one copy */
        size_t run = i;
        while (run < s.n && !is_special(p[run]))
            run++;
        memcpy(dst + k, p + i, run - i);
        k += run - i;
        i = run;
        if (i == s.n)
            break;
        if (p[i] == '\r' || p[i] == '\n') {
            while (i + 1 < s.n && (p[i + 1] == '\r' || p[i + 1] == '\n' || volte_is_space((char)p[i + 1])))
                i++;
            dst[k++] = ' ';
            i++;
            continue;
        }
        size_t len = utf8_sequence(p + i, s.n - i);
        if (len == 0) {
            dst[k++] = '?';
            i++;
        } else {
            memcpy(dst + k, p + i, len);
            k += len;
            i += len;
        }
    }
    return k;
}

const char *volte_store_keep(volte_store *st, volte_span s)
{
    if (!st->buf || st->used >= st->size || s.n >= st->size - st->used) {
        st->used = st->size + 1; /* full, and a value was left out */
        return NULL;
    }
    char *out = st->buf + st->used;
    size_t k = copy_unfolded(out, s);
    out[k] = '\0';
    st->used += k + 1;
    return out;
}

bool volte_next_line(const char **pos, const char *end, volte_span *line)
{
    const char *p = *pos;
    if (p >= end)
        return false;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    line->p = p;
    line->n = (size_t)(stop - p);
    if (line->n > 0 && line->p[line->n - 1] == '\r')
        line->n--;
    *pos = nl ? nl + 1 : end;
    return true;
}

bool volte_span_starts_ci(volte_span s, const char *word)
{
    size_t n = strlen(word);
    if (s.n < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (volte_lower(s.p[i]) != word[i])
            return false;
    return true;
}

/* ------------------------------------------------------------ headers */

typedef enum {
    H_VIA,
    H_CALL_ID,
    H_CSEQ,
    H_FROM,
    H_TO,
    H_PAI,
    H_EXPIRES,
    H_CONTACT,
    H_REQUIRE,
    H_SUPPORTED,
    H_RSEQ,
    H_RACK,
    H_ALERT_INFO,
    H_HISTORY_INFO,
    H_DIVERSION,
    H_REASON,
    H_SESSION_EXPIRES,
    H_MIN_SE,
    H_CHARGING_VECTOR,
    H_WWW_AUTHENTICATE,
    H_PROXY_AUTHENTICATE,
    H_AUTHORIZATION,
    H_PROXY_AUTHORIZATION,
    H_ALLOW,
    H_UNSUPPORTED,
    H_MIN_EXPIRES,
    H_RETRY_AFTER,
    H_WARNING,
    H_CONTENT_TYPE,
    H_CONTENT_LENGTH,
    H_COUNT
} header_id;

typedef struct {
    const char *name;    /* lower case */
    size_t      len;
    char        compact; /* RFC 3261 §7.3.3 and later RFCs; 0 when none */
    uint32_t    bit;     /* VOLTE_HDR_* set when present */
} header_name;

#define NAME(s) s, sizeof(s) - 1

static const header_name header_names[H_COUNT] = {
    [H_VIA] = {NAME("via"), 'v', 0},
    [H_CALL_ID] = {NAME("call-id"), 'i', 0},
    [H_CSEQ] = {NAME("cseq"), 0, 0},
    [H_FROM] = {NAME("from"), 'f', 0},
    [H_TO] = {NAME("to"), 't', 0},
    [H_PAI] = {NAME("p-asserted-identity"), 0, 0},
    [H_EXPIRES] = {NAME("expires"), 0, 0},
    [H_CONTACT] = {NAME("contact"), 'm', VOLTE_HDR_CONTACT},
    [H_REQUIRE] = {NAME("require"), 0, 0},
    [H_SUPPORTED] = {NAME("supported"), 'k', 0},
    [H_RSEQ] = {NAME("rseq"), 0, 0},
    [H_RACK] = {NAME("rack"), 0, 0},
    [H_ALERT_INFO] = {NAME("alert-info"), 0, 0},
    [H_HISTORY_INFO] = {NAME("history-info"), 0, 0},
    [H_DIVERSION] = {NAME("diversion"), 0, 0},
    [H_REASON] = {NAME("reason"), 0, 0},
    [H_SESSION_EXPIRES] = {NAME("session-expires"), 'x', VOLTE_HDR_SESSION_EXPIRES},
    [H_MIN_SE] = {NAME("min-se"), 0, VOLTE_HDR_MIN_SE},
    [H_CHARGING_VECTOR] = {NAME("p-charging-vector"), 0, 0},
    [H_WWW_AUTHENTICATE] = {NAME("www-authenticate"), 0, VOLTE_HDR_WWW_AUTHENTICATE},
    [H_PROXY_AUTHENTICATE] = {NAME("proxy-authenticate"), 0, VOLTE_HDR_PROXY_AUTHENTICATE},
    [H_AUTHORIZATION] = {NAME("authorization"), 0, VOLTE_HDR_AUTHORIZATION},
    [H_PROXY_AUTHORIZATION] = {NAME("proxy-authorization"), 0, VOLTE_HDR_AUTHORIZATION},
    [H_ALLOW] = {NAME("allow"), 0, VOLTE_HDR_ALLOW},
    [H_UNSUPPORTED] = {NAME("unsupported"), 0, VOLTE_HDR_UNSUPPORTED},
    [H_MIN_EXPIRES] = {NAME("min-expires"), 0, VOLTE_HDR_MIN_EXPIRES},
    [H_RETRY_AFTER] = {NAME("retry-after"), 0, VOLTE_HDR_RETRY_AFTER},
    [H_WARNING] = {NAME("warning"), 0, VOLTE_HDR_WARNING},
    [H_CONTENT_TYPE] = {NAME("content-type"), 'c', 0},
    [H_CONTENT_LENGTH] = {NAME("content-length"), 'l', 0},
};

static int header_lookup(volte_span name)
{
    if (name.n == 0)
        return -1;
    if (name.n == 1) {
        char c = volte_lower(name.p[0]);
        for (int h = 0; h < H_COUNT; h++)
            if (header_names[h].compact == c)
                return h;
        return -1;
    }
    char first = volte_lower(name.p[0]);
    for (int h = 0; h < H_COUNT; h++) {
        const char *want = header_names[h].name;
        if (header_names[h].len != name.n || want[0] != first)
            continue;
        size_t i = 1;
        while (i < name.n && volte_lower(name.p[i]) == want[i])
            i++;
        if (i == name.n)
            return h;
    }
    return -1;
}

/* The values of one header, in message order: each header line is one value
 * here, as in Wireshark's SIP fields. */
#define MAX_LINES_PER_HEADER VOLTE_MAX_HEADER_VALUES
typedef struct {
    unsigned   count;
    volte_span values[MAX_LINES_PER_HEADER];
} header_values;

/* ------------------------------------------------------------ value parts */

static bool parse_u32(volte_span s, uint32_t *out)
{
    s = volte_trim(s);
    uint64_t v = 0;
    size_t i = 0;
    while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9') {
        v = v * 10 + (uint64_t)(s.p[i] - '0');
        if (v > UINT32_MAX)
            return false;
        i++;
    }
    if (i == 0 || (i < s.n && !volte_is_space(s.p[i]) && s.p[i] != ';' && s.p[i] != ','))
        return false;
    *out = (uint32_t)v;
    return true;
}

/* Split off the first blank-separated word of a span. */
static volte_span first_word(volte_span *s)
{
    volte_span t = volte_trim(*s);
    size_t i = 0;
    while (i < t.n && !volte_is_space(t.p[i]))
        i++;
    volte_span w = {t.p, i};
    s->p = t.p + i;
    s->n = t.n - i;
    return w;
}

/*
 * Where the URI of a From / To / P-Asserted-Identity / Contact value is and
 * where its header parameters start: name-addr ("Name" <uri>;params) or
 * addr-spec (uri;params, RFC 3261 §20.10: its parameters are the header's).
 */
static volte_span address_uri(volte_span v, const char **params)
{
    v = volte_trim(v);
    bool quoted = false;
    for (size_t i = 0; i < v.n; i++) {
        char c = v.p[i];
        if (quoted) {
            if (c == '\\')
                i++; /* quoted-pair (RFC 3261 §25.1) */
            else if (c == '"')
                quoted = false;
            continue;
        }
        if (c == '"') {
            quoted = true;
            continue;
        }
        if (c == '<') {
            const char *close = memchr(v.p + i + 1, '>', v.n - i - 1);
            volte_span u = {v.p + i + 1, close ? (size_t)(close - v.p - i - 1) : v.n - i - 1};
            *params = close ? close + 1 : v.p + v.n;
            return volte_trim(u);
        }
        if (c == ',')
            break; /* the next value of a list */
    }
    size_t end = 0;
    while (end < v.n && v.p[end] != ';' && v.p[end] != ',')
        end++;
    *params = v.p + end;
    volte_span u = {v.p, end};
    return volte_trim(u);
}

/* The value of parameter `name` (lower case, with its '=') when the
 * parameter starting at p is that one; it ends at ';' or ',' outside quotes. */
static bool param_here(const char *p, const char *end, const char *name, volte_span *out)
{
    volte_span rest = {p, (size_t)(end - p)};
    if (!volte_span_starts_ci(rest, name))
        return false;
    const char *v = p + strlen(name);
    const char *e = v;
    bool quoted = false;
    while (e < end && (quoted || (*e != ';' && *e != ','))) {
        if (*e == '"')
            quoted = !quoted;
        e++;
    }
    volte_span s = {v, (size_t)(e - v)};
    *out = volte_trim(s);
    return true;
}

/* The value of parameter `name` in the ';'-separated parameters from p up
 * to end or the next ','; quoted strings in the other parameters' values
 * are skipped. */
static bool param_value(const char *p, const char *end, const char *name, volte_span *out)
{
    bool in_quotes = false;
    while (p < end && (in_quotes || *p != ',')) {
        if (in_quotes) {
            if (*p == '\\' && p + 1 < end)
                p++;
            else if (*p == '"')
                in_quotes = false;
            p++;
            continue;
        }
        if (*p == '"')
            in_quotes = true;
        if (*p != ';') {
            p++;
            continue;
        }
        p++;
        while (p < end && volte_is_space(*p))
            p++;
        if (param_here(p, end, name, out))
            return true;
    }
    return false;
}

static void take_address(volte_store *st, volte_span v, const char **uri, const char **tag)
{
    const char *params;
    volte_span u = address_uri(v, &params);
    if (uri && u.n > 0)
        *uri = volte_store_keep(st, u);
    volte_span t;
    if (tag && param_value(params, v.p + v.n, "tag=", &t) && t.n > 0)
        *tag = volte_store_keep(st, t);
}

/* The top Via's branch: the first via-parm of the first Via line. */
static void take_branch(volte_store *st, volte_span v, volte_sip_message *msg)
{
    const char *end = v.p + v.n;
    const char *comma = memchr(v.p, ',', v.n);
    if (comma)
        end = comma;
    const char *semi = memchr(v.p, ';', (size_t)(end - v.p));
    volte_span b;
    if (semi && param_value(semi, end, "branch=", &b) && b.n > 0)
        msg->via_branch = volte_store_keep(st, b);
}

/* "CSeq: 1 INVITE" and "RAck: 1 1 INVITE". */
static void take_cseq(volte_store *st, volte_span v, volte_sip_message *msg)
{
    volte_span num = first_word(&v);
    volte_span method = first_word(&v);
    msg->has_cseq = parse_u32(num, &msg->cseq);
    if (method.n > 0)
        msg->cseq_method = volte_store_keep(st, method);
}

static void take_rack(volte_store *st, volte_span v, volte_sip_message *msg)
{
    volte_span rseq = first_word(&v);
    volte_span cseq = first_word(&v);
    volte_span method = first_word(&v);
    if (!parse_u32(rseq, &msg->rack_rseq))
        return;
    msg->has_rack = true;
    parse_u32(cseq, &msg->rack_cseq);
    if (method.n > 0)
        msg->rack_method = volte_store_keep(st, method);
}

/* All values joined with ", ", copied once. */
static const char *take_joined(volte_store *st, const header_values *hv, volte_sip_message *msg)
{
    if (hv->count == 0)
        return NULL;
    size_t total = 0;
    for (unsigned i = 0; i < hv->count; i++)
        total += hv->values[i].n + 2;
    if (!st->buf || st->used >= st->size || total >= st->size - st->used) {
        msg->dropped++;
        return NULL;
    }
    char *out = st->buf + st->used;
    size_t k = 0;
    for (unsigned i = 0; i < hv->count; i++) {
        if (i > 0) {
            out[k++] = ',';
            out[k++] = ' ';
        }
        k += copy_unfolded(out + k, hv->values[i]);
    }
    out[k] = '\0';
    st->used += k + 1;
    return out;
}

static const char *take_first(volte_store *st, const header_values *hv)
{
    return hv->count ? volte_store_keep(st, hv->values[0]) : NULL;
}

/* ------------------------------------------------------------ start line */

static bool is_token_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("-.!%*_+`'~", c) != NULL);
}

static void parse_start_line(volte_span line, volte_sip_message *msg, volte_store *st)
{
    if (volte_span_starts_ci(line, "sip/2.0 ")) {
        volte_span rest = {line.p + 8, line.n - 8};
        rest = volte_trim(rest);
        if (rest.n >= 3 && rest.p[0] >= '0' && rest.p[0] <= '9' && rest.p[1] >= '0' && rest.p[1] <= '9' &&
            rest.p[2] >= '0' && rest.p[2] <= '9' && (rest.n == 3 || volte_is_space(rest.p[3]))) {
            msg->status = (unsigned)((rest.p[0] - '0') * 100 + (rest.p[1] - '0') * 10 + (rest.p[2] - '0'));
            msg->is_response = true;
        }
        return;
    }
    /* Method SP Request-URI SP SIP-Version (RFC 3261 §7.1) */
    size_t i = 0;
    while (i < line.n && is_token_char(line.p[i]))
        i++;
    if (i == 0 || i >= line.n || line.p[i] != ' ')
        return;
    volte_span method = {line.p, i};
    volte_span rest = {line.p + i + 1, line.n - i - 1};
    const char *sp = memchr(rest.p, ' ', rest.n);
    if (!sp)
        return;
    volte_span uri = {rest.p, (size_t)(sp - rest.p)};
    volte_span version = {sp + 1, rest.n - uri.n - 1};
    if (uri.n == 0 || !volte_span_starts_ci(volte_trim(version), "sip/2.0"))
        return;
    msg->method = volte_store_keep(st, method);
    msg->ruri = volte_store_keep(st, uri);
    msg->is_request = msg->method != NULL;
}

/* ------------------------------------------------------------ message */

void volte_sip_parse(const char *text, size_t len, volte_sip_message *msg, char *store, size_t store_size)
{
    volte_store st = {store, store_size, 0};
    header_values *hv = NULL;
    header_values values[H_COUNT];
    const char *pos = text;
    const char *end = text + len;
    volte_span line;

    if (!text || !msg)
        return;
    for (int h = 0; h < H_COUNT; h++)
        values[h].count = 0;

    if (!volte_next_line(&pos, end, &line))
        return;
    parse_start_line(line, msg, &st);

    /* header lines up to the empty line; a line starting with a blank
     * continues the one before (RFC 3261 §7.3.1) */
    while (pos < end) {
        if (!volte_next_line(&pos, end, &line) || line.n == 0)
            break;
        if (volte_is_space(line.p[0])) {
            if (hv && hv->count > 0) {
                volte_span *last = &hv->values[hv->count - 1];
                last->n = (size_t)(line.p + line.n - last->p);
            }
            continue;
        }
        const char *colon = memchr(line.p, ':', line.n);
        hv = NULL;
        if (!colon)
            continue;
        volte_span name = {line.p, (size_t)(colon - line.p)};
        name = volte_trim(name);
        int h = header_lookup(name);
        if (h < 0)
            continue;
        msg->headers |= header_names[h].bit;
        hv = &values[h];
        if (hv->count == MAX_LINES_PER_HEADER) {
            msg->dropped++;
            hv = NULL;
            continue;
        }
        volte_span v = {colon + 1, (size_t)(line.p + line.n - colon - 1)};
        hv->values[hv->count++] = v;
    }
    const char *body_start = pos;

    for (int h = 0; h < H_COUNT; h++)
        for (unsigned i = 0; i < values[h].count; i++)
            values[h].values[i] = volte_trim(values[h].values[i]);

    msg->via_count = values[H_VIA].count;
    if (values[H_VIA].count)
        take_branch(&st, values[H_VIA].values[0], msg);
    msg->call_id = take_first(&st, &values[H_CALL_ID]);
    if (values[H_CSEQ].count)
        take_cseq(&st, values[H_CSEQ].values[0], msg);
    if (values[H_FROM].count)
        take_address(&st, values[H_FROM].values[0], &msg->from_uri, &msg->from_tag);
    if (values[H_TO].count)
        take_address(&st, values[H_TO].values[0], &msg->to_uri, &msg->to_tag);
    if (values[H_PAI].count)
        take_address(&st, values[H_PAI].values[0], &msg->pai_uri, NULL);
    if (values[H_EXPIRES].count)
        msg->has_expires = parse_u32(values[H_EXPIRES].values[0], &msg->expires);
    for (unsigned i = 0; i < values[H_CONTACT].count; i++) {
        const char *c = volte_store_keep(&st, values[H_CONTACT].values[i]);
        if (c)
            msg->contacts[msg->contact_count++] = c;
        else
            msg->dropped++;
    }
    msg->require = take_joined(&st, &values[H_REQUIRE], msg);
    msg->supported = take_joined(&st, &values[H_SUPPORTED], msg);
    if (values[H_RSEQ].count)
        msg->has_rseq = parse_u32(values[H_RSEQ].values[0], &msg->rseq);
    if (values[H_RACK].count)
        take_rack(&st, values[H_RACK].values[0], msg);
    msg->alert_info = take_joined(&st, &values[H_ALERT_INFO], msg);
    msg->history_info = take_joined(&st, &values[H_HISTORY_INFO], msg);
    msg->diversion = take_joined(&st, &values[H_DIVERSION], msg);
    msg->reason = take_joined(&st, &values[H_REASON], msg);
    msg->session_expires = take_first(&st, &values[H_SESSION_EXPIRES]);
    msg->min_se = take_first(&st, &values[H_MIN_SE]);
    if (values[H_CHARGING_VECTOR].count) {
        /* icid-value is usually the first parameter, with no ';' before it */
        volte_span pcv = values[H_CHARGING_VECTOR].values[0];
        const char *pcv_end = pcv.p + pcv.n;
        volte_span icid;
        bool found = param_here(pcv.p, pcv_end, "icid-value=", &icid) ||
                     param_value(pcv.p, pcv_end, "icid-value=", &icid);
        if (found && icid.n)
            msg->icid = volte_store_keep(&st, icid);
    }
    if (values[H_WWW_AUTHENTICATE].count || values[H_PROXY_AUTHENTICATE].count) {
        header_values both = values[H_WWW_AUTHENTICATE];
        for (unsigned i = 0; i < values[H_PROXY_AUTHENTICATE].count && both.count < MAX_LINES_PER_HEADER; i++)
            both.values[both.count++] = values[H_PROXY_AUTHENTICATE].values[i];
        msg->authenticate = take_joined(&st, &both, msg);
    }
    msg->warning = take_joined(&st, &values[H_WARNING], msg);

    /* the body: Content-Length bytes, or what is left (RFC 3261 §18.3) */
    volte_span body = {body_start, (size_t)(end - body_start)};
    uint32_t content_length;
    if (values[H_CONTENT_LENGTH].count && parse_u32(values[H_CONTENT_LENGTH].values[0], &content_length) &&
        content_length < body.n)
        body.n = content_length;
    if (body.n > 0 && values[H_CONTENT_TYPE].count) {
        volte_span type = values[H_CONTENT_TYPE].values[0];
        if (volte_is_sdp_type(type))
            volte_sdp_parse(body, msg, &st);
        else if (volte_span_starts_ci(type, "multipart/"))
            volte_multipart_parse(body, type, msg, &st);
    }
    if (st.used > st.size) /* volte_store_keep left a value out */
        msg->dropped++;
}
