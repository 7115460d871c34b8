/*
 * sip_fields.c - reading the SIP dissector's fields into engine messages.
 *
 * Each SIP message in a frame starts with a `sip` protocol item.  A field
 * belongs to the message whose item starts last at or before it in the same
 * data source (the frame itself, or a TCP reassembly buffer), which is how
 * several messages in one segment are kept apart.  The first value of a
 * header in a message wins, so the top Via gives the branch; list headers
 * (Require, History-Info...) are joined; SDP attributes are attached to the
 * m= line they follow.  Which field goes where is the table `specs`.
 */
#include "sip_fields.h"

#include <epan/proto.h>

#include "ws_compat.h"

static int proto_sip = -1;
static int proto_data = -1;
static guint sip_port = 5060;
static int proto_sdp = -1;
static int hf_sdp_media = -1;
static int hf_sdp_media_attr = -1;
static int hf_sdp_session_attr = -1;
static int hf_sdp_connection = -1;

/* How a field's items are stored in volte_sip_message. */
typedef enum {
    TAKE_STRING, /* first item of the message, into a const char * member */
    TAKE_UINT,   /* first item, into a uint32_t member; `flag` (a bool member) set */
    COUNT,       /* number of items, into an unsigned member */
    JOIN,        /* all items joined with ", ", into a const char * member */
    COLLECT,     /* all items into contacts[] / contact_count */
    PRESENCE     /* only sets `bit` in headers */
} take_kind;

#define NO_MEMBER ((size_t)-1)

typedef struct {
    const char *name;
    take_kind   kind;
    size_t      member;
    size_t      flag;   /* bool member set when present, or NO_MEMBER */
    uint32_t    bit;    /* VOLTE_HDR_* set when present, or 0 */
    int         hf;     /* looked up at handoff */
} field_spec;

#define M(m) offsetof(volte_sip_message, m)
static field_spec specs[] = {
    {"sip.Method", TAKE_STRING, M(method), NO_MEMBER, 0, -1},
    {"sip.Status-Code", TAKE_UINT, M(status), NO_MEMBER, 0, -1},
    {"sip.Call-ID", TAKE_STRING, M(call_id), NO_MEMBER, 0, -1},
    {"sip.CSeq.seq", TAKE_UINT, M(cseq), M(has_cseq), 0, -1},
    {"sip.CSeq.method", TAKE_STRING, M(cseq_method), NO_MEMBER, 0, -1},
    {"sip.Via", COUNT, M(via_count), NO_MEMBER, 0, -1},
    {"sip.Via.branch", TAKE_STRING, M(via_branch), NO_MEMBER, 0, -1},
    {"sip.from.tag", TAKE_STRING, M(from_tag), NO_MEMBER, 0, -1},
    {"sip.to.tag", TAKE_STRING, M(to_tag), NO_MEMBER, 0, -1},
    {"sip.r-uri", TAKE_STRING, M(ruri), NO_MEMBER, 0, -1},
    {"sip.from.addr", TAKE_STRING, M(from_uri), NO_MEMBER, 0, -1},
    {"sip.to.addr", TAKE_STRING, M(to_uri), NO_MEMBER, 0, -1},
    {"sip.pai.addr", TAKE_STRING, M(pai_uri), NO_MEMBER, 0, -1},
    {"sip.Expires", TAKE_UINT, M(expires), M(has_expires), 0, -1},
    {"sip.Contact", COLLECT, M(contacts), NO_MEMBER, VOLTE_HDR_CONTACT, -1},
    {"sip.Require", JOIN, M(require), NO_MEMBER, 0, -1},
    {"sip.Supported", JOIN, M(supported), NO_MEMBER, 0, -1},
    {"sip.RSeq", TAKE_UINT, M(rseq), M(has_rseq), 0, -1},
    {"sip.RAck.RSeq.seq", TAKE_UINT, M(rack_rseq), M(has_rack), 0, -1},
    {"sip.RAck.CSeq.seq", TAKE_UINT, M(rack_cseq), NO_MEMBER, 0, -1},
    {"sip.RAck.CSeq.method", TAKE_STRING, M(rack_method), NO_MEMBER, 0, -1},
    {"sip.Alert-Info", JOIN, M(alert_info), NO_MEMBER, 0, -1},
    {"sip.History-Info", JOIN, M(history_info), NO_MEMBER, 0, -1},
    {"sip.Diversion", JOIN, M(diversion), NO_MEMBER, 0, -1},
    {"sip.Reason", JOIN, M(reason), NO_MEMBER, 0, -1},
    {"sip.Session-Expires", TAKE_STRING, M(session_expires), NO_MEMBER, VOLTE_HDR_SESSION_EXPIRES, -1},
    {"sip.Min-SE", TAKE_STRING, M(min_se), NO_MEMBER, VOLTE_HDR_MIN_SE, -1},
    {"sip.icid_value", TAKE_STRING, M(icid), NO_MEMBER, 0, -1},
    {"sip.WWW-Authenticate", JOIN, M(authenticate), NO_MEMBER, VOLTE_HDR_WWW_AUTHENTICATE, -1},
    {"sip.Proxy-Authenticate", JOIN, M(authenticate), NO_MEMBER, VOLTE_HDR_PROXY_AUTHENTICATE, -1},
    {"sip.Authorization", PRESENCE, NO_MEMBER, NO_MEMBER, VOLTE_HDR_AUTHORIZATION, -1},
    {"sip.Proxy-Authorization", PRESENCE, NO_MEMBER, NO_MEMBER, VOLTE_HDR_AUTHORIZATION, -1},
    {"sip.Allow", PRESENCE, NO_MEMBER, NO_MEMBER, VOLTE_HDR_ALLOW, -1},
    {"sip.Unsupported", PRESENCE, NO_MEMBER, NO_MEMBER, VOLTE_HDR_UNSUPPORTED, -1},
    {"sip.Min-Expires", PRESENCE, NO_MEMBER, NO_MEMBER, VOLTE_HDR_MIN_EXPIRES, -1},
    {"sip.Retry-After", PRESENCE, NO_MEMBER, NO_MEMBER, VOLTE_HDR_RETRY_AFTER, -1},
    {"sip.Warning", JOIN, M(warning), NO_MEMBER, VOLTE_HDR_WARNING, -1},
};
#undef M

typedef struct {
    int        *id;
    const char *name;
} field_ref;

static const field_ref sdp_field_refs[] = {
    {&hf_sdp_media, "sdp.media"},
    {&hf_sdp_media_attr, "sdp.media_attr"},
    {&hf_sdp_session_attr, "sdp.session_attr"},
    {&hf_sdp_connection, "sdp.connection_info"},
};

void volte_sip_fields_init(guint port)
{
    sip_port = port;
    proto_sip = proto_get_id_by_filter_name("sip");
    proto_data = proto_get_id_by_filter_name("data");
    proto_sdp = proto_get_id_by_filter_name("sdp");
    for (size_t i = 0; i < G_N_ELEMENTS(specs); i++)
        specs[i].hf = proto_registrar_get_id_byname(specs[i].name);
    for (size_t i = 0; i < G_N_ELEMENTS(sdp_field_refs); i++)
        *sdp_field_refs[i].id = proto_registrar_get_id_byname(sdp_field_refs[i].name);
}

static void want(GArray *ids, int id)
{
    if (id > 0)
        g_array_append_val(ids, id);
}

GArray *volte_sip_fields_wanted(void)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int));
    want(ids, proto_sip);
    want(ids, proto_data);
    want(ids, proto_sdp);
    for (size_t i = 0; i < G_N_ELEMENTS(specs); i++)
        want(ids, specs[i].hf);
    for (size_t i = 0; i < G_N_ELEMENTS(sdp_field_refs); i++)
        want(ids, *sdp_field_refs[i].id);
    return ids;
}

static GPtrArray *fields_of(proto_tree *tree, int hf)
{
    return hf > 0 ? proto_get_finfo_ptr_array(tree, hf) : NULL;
}

static gboolean on_sip_port(const packet_info *pinfo)
{
    return (pinfo->ptype == PT_UDP || pinfo->ptype == PT_TCP || pinfo->ptype == PT_SCTP) &&
           (pinfo->srcport == sip_port || pinfo->destport == sip_port);
}

/* Undissected payload on the SIP port: SIP that the SIP dissector refused. */
static const field_info *junk_on_sip_port(proto_tree *tree, const packet_info *pinfo)
{
    if (!on_sip_port(pinfo))
        return NULL;
    GPtrArray *items = fields_of(tree, proto_data);
    if (!items || items->len == 0)
        return NULL;
    const field_info *fi = g_ptr_array_index(items, 0);
    if (!fi->ds_tvb || fi->length <= 0)
        return NULL;
    gint length = MIN(fi->length, tvb_captured_length_remaining(fi->ds_tvb, fi->start));
    /* NAT keep-alives are a few bytes (often four zero bytes), not junk */
    if (length <= 4)
        return NULL;
    /* nor are the blank-line keep-alives of RFC 5626 §4.4.1 */
    for (gint i = 0; i < length; i++) {
        guint8 c = tvb_get_guint8(fi->ds_tvb, fi->start + i);
        if (c != '\r' && c != '\n' && c != ' ')
            return fi;
    }
    return NULL;
}

gboolean volte_sip_fields_present(proto_tree *tree, packet_info *pinfo)
{
    GPtrArray *items = fields_of(tree, proto_sip);
    return (items && items->len > 0) || junk_on_sip_port(tree, pinfo) != NULL;
}

/* Describe bytes that are not SIP: their first line, quoted, when it is
 * text, else their size. */
static void describe_junk(tvbuff_t *tvb, gint start, gint length, char *out, size_t size)
{
    char line[48];
    size_t n = 0;
    length = MIN(length, tvb_captured_length_remaining(tvb, start));
    for (gint i = 0; i < length && n + 1 < sizeof line; i++) {
        guint8 c = tvb_get_guint8(tvb, start + i);
        if (c == '\r' || c == '\n')
            break;
        if (c < 0x20 || c >= 0x7f) {
            g_snprintf(out, size, "%d bytes of binary data", length);
            return;
        }
        line[n++] = (char)c;
    }
    line[n] = '\0';
    g_snprintf(out, size, "first line \"%s\"", line);
}

/* Per-message start positions, to attribute fields to messages. */
typedef struct {
    unsigned   count;
    tvbuff_t  *ds[VOLTE_MAX_MESSAGES_PER_FRAME];
    gint       start[VOLTE_MAX_MESSAGES_PER_FRAME];
} message_spans;

static volte_sip_message *owner_of(volte_frame_messages *out, const message_spans *spans,
                                   const field_info *fi)
{
    int best = -1;
    for (unsigned i = 0; i < spans->count; i++) {
        if (spans->ds[i] == fi->ds_tvb && spans->start[i] <= fi->start &&
            (best < 0 || spans->start[i] >= spans->start[best]))
            best = (int)i;
    }
    return best < 0 ? NULL : &out->msgs[best];
}

/* Walk one field's items and hand each to the message that owns it. */
static void distribute(proto_tree *tree, const field_spec *spec, packet_info *pinfo,
                       volte_frame_messages *out, const message_spans *spans)
{
    GPtrArray *items = fields_of(tree, spec->hf);
    if (!items)
        return;
    /* The first item of a message sets a single-valued member. */
    gboolean seen[VOLTE_MAX_MESSAGES_PER_FRAME] = {0};
    for (guint i = 0; i < items->len; i++) {
        const field_info *fi = g_ptr_array_index(items, i);
        volte_sip_message *msg = owner_of(out, spans, fi);
        if (!msg)
            continue;
        unsigned m = (unsigned)(msg - out->msgs);
        char *base = (char *)msg;
        msg->headers |= spec->bit;
        if (spec->flag != NO_MEMBER)
            *(bool *)(base + spec->flag) = true;
        switch (spec->kind) {
        case TAKE_STRING:
            if (!seen[m])
                *(const char **)(base + spec->member) = volte_fi_string(fi);
            break;
        case TAKE_UINT:
            if (!seen[m])
                *(uint32_t *)(base + spec->member) = volte_fi_uint(fi);
            break;
        case COUNT:
            (*(unsigned *)(base + spec->member))++;
            break;
        case JOIN: {
            const char **dst = (const char **)(base + spec->member);
            const char *v = volte_fi_string(fi);
            *dst = seen[m] ? wmem_strdup_printf(pinfo->pool, "%s, %s", *dst, v ? v : "") : v;
            break;
        }
        case COLLECT:
            if (msg->contact_count < VOLTE_MAX_HEADER_VALUES)
                msg->contacts[msg->contact_count++] = volte_fi_string(fi);
            else
                msg->dropped++;
            break;
        case PRESENCE:
            break;
        }
        seen[m] = TRUE;
    }
}

/* SDP: session attributes first, then each m= line with the a= lines that
 * follow it, in the order of the body. */
static void read_sdp(proto_tree *tree, volte_frame_messages *out, const message_spans *spans)
{
    GPtrArray *items = fields_of(tree, proto_sdp);
    for (guint i = 0; items && i < items->len; i++) {
        volte_sip_message *msg = owner_of(out, spans, g_ptr_array_index(items, i));
        if (msg)
            msg->sdp.present = true;
    }
    items = fields_of(tree, hf_sdp_connection);
    for (guint i = 0; items && i < items->len; i++) {
        volte_sip_message *msg = owner_of(out, spans, g_ptr_array_index(items, i));
        if (msg && !msg->sdp.connection)
            msg->sdp.connection = volte_fi_string(g_ptr_array_index(items, i));
    }
    items = fields_of(tree, hf_sdp_session_attr);
    for (guint i = 0; items && i < items->len; i++) {
        volte_sip_message *msg = owner_of(out, spans, g_ptr_array_index(items, i));
        if (!msg)
            continue;
        volte_sdp *sdp = &msg->sdp;
        if (sdp->attr_count < VOLTE_MAX_SDP_ATTRS && sdp->media_count == 0) {
            sdp->attrs[sdp->attr_count++] = volte_fi_string(g_ptr_array_index(items, i));
            sdp->session_attr_count++;
        } else {
            sdp->dropped++;
        }
    }

    /* where each kept m= line starts, to attach the a= lines to it */
    gint media_start[VOLTE_MAX_MESSAGES_PER_FRAME][VOLTE_MAX_SDP_MEDIA];
    items = fields_of(tree, hf_sdp_media);
    for (guint i = 0; items && i < items->len; i++) {
        const field_info *fi = g_ptr_array_index(items, i);
        volte_sip_message *msg = owner_of(out, spans, fi);
        if (!msg)
            continue;
        volte_sdp *sdp = &msg->sdp;
        if (sdp->media_count == VOLTE_MAX_SDP_MEDIA) {
            sdp->dropped++;
            continue;
        }
        media_start[msg - out->msgs][sdp->media_count] = fi->start;
        sdp->media[sdp->media_count].line = volte_fi_string(fi);
        sdp->media[sdp->media_count].attr_first = 0;
        sdp->media[sdp->media_count].attr_count = 0;
        sdp->media_count++;
    }
    items = fields_of(tree, hf_sdp_media_attr);
    int last_media[VOLTE_MAX_MESSAGES_PER_FRAME];
    for (unsigned m = 0; m < VOLTE_MAX_MESSAGES_PER_FRAME; m++)
        last_media[m] = -1;
    for (guint i = 0; items && i < items->len; i++) {
        const field_info *fi = g_ptr_array_index(items, i);
        volte_sip_message *msg = owner_of(out, spans, fi);
        if (!msg)
            continue;
        unsigned m = (unsigned)(msg - out->msgs);
        volte_sdp *sdp = &msg->sdp;
        int k = -1;
        for (unsigned j = 0; j < sdp->media_count; j++)
            if (media_start[m][j] <= fi->start)
                k = (int)j;
        /* a= lines come in body order, so each m= line's run is contiguous */
        if (k < 0 || k < last_media[m] || sdp->attr_count == VOLTE_MAX_SDP_ATTRS) {
            sdp->dropped++;
            continue;
        }
        if (k != last_media[m]) {
            sdp->media[k].attr_first = sdp->attr_count;
            last_media[m] = k;
        }
        sdp->attrs[sdp->attr_count++] = volte_fi_string(fi);
        sdp->media[k].attr_count++;
    }
}

/* FNV-1a over the network addresses, ports and protocol layers of the frame. */
static uint32_t hop_of(const packet_info *pinfo)
{
    uint32_t h = 2166136261u;
    const address *addrs[2] = {&pinfo->net_src, &pinfo->net_dst};
    for (int i = 0; i < 2; i++) {
        const guint8 *p = addrs[i]->data;
        for (int k = 0; p && k < addrs[i]->len; k++)
            h = (h ^ p[k]) * 16777619u;
        h = (h ^ (guint8)addrs[i]->type) * 16777619u;
    }
    /* the protocol stack too: a tunnelled copy (GTP-U, ESP) is another hop */
    for (wmem_list_frame_t *f = pinfo->layers ? wmem_list_head(pinfo->layers) : NULL; f;
         f = wmem_list_frame_next(f)) {
        guint id = GPOINTER_TO_UINT(wmem_list_frame_data(f));
        h = (h ^ (id & 0xff)) * 16777619u;
        h = (h ^ ((id >> 8) & 0xff)) * 16777619u;
    }
    guint32 ports[2] = {pinfo->srcport, pinfo->destport};
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 4; k++)
            h = (h ^ ((ports[i] >> (8 * k)) & 0xff)) * 16777619u;
    return h ? h : 1;
}

void volte_sip_fields_read(proto_tree *tree, tvbuff_t *frame_tvb, packet_info *pinfo,
                           volte_frame_messages *out)
{
    message_spans spans = {0};
    GPtrArray *sips = fields_of(tree, proto_sip);

    int64_t time_ns = (int64_t)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
    uint32_t hop = hop_of(pinfo);

    out->count = 0;
    out->dropped = 0;
    out->junk_line[0] = '\0';
    if (!sips || sips->len == 0) {
        const field_info *junk = junk_on_sip_port(tree, pinfo);
        if (junk) {
            volte_sip_message *msg = &out->msgs[0];
            memset(msg, 0, sizeof *msg);
            msg->frame = pinfo->num;
            msg->time_ns = time_ns;
            describe_junk(junk->ds_tvb, junk->start, junk->length, out->junk_line, sizeof out->junk_line);
            out->start[0] = 0;
            out->length[0] = 0;
            out->count = 1;
        }
        return;
    }

    for (guint i = 0; i < sips->len; i++) {
        const field_info *fi = g_ptr_array_index(sips, i);
        if (spans.count == VOLTE_MAX_MESSAGES_PER_FRAME) {
            out->dropped++;
            continue;
        }
        unsigned n = spans.count++;
        spans.ds[n] = fi->ds_tvb;
        spans.start[n] = fi->start;
        volte_sip_message *msg = &out->msgs[n];
        memset(msg, 0, sizeof *msg);
        msg->frame = pinfo->num;
        msg->index = n;
        msg->time_ns = time_ns;
        msg->hop = hop;
        out->start[n] = 0;
        out->length[n] = 0;
        if (fi->ds_tvb == frame_tvb && fi->start >= 0) {
            gint avail = tvb_captured_length_remaining(frame_tvb, fi->start);
            out->start[n] = fi->start;
            out->length[n] = (fi->length > 0 && fi->length <= avail) ? fi->length : MAX(avail, 0);
        }
    }
    out->count = spans.count;
    /* a message ends where the next one in the same bytes begins */
    for (unsigned i = 0; i + 1 < spans.count; i++) {
        if (out->length[i] > 0 && spans.ds[i + 1] == spans.ds[i] && spans.start[i + 1] > spans.start[i])
            out->length[i] = MIN(out->length[i], spans.start[i + 1] - spans.start[i]);
    }

    for (size_t i = 0; i < G_N_ELEMENTS(specs); i++)
        distribute(tree, &specs[i], pinfo, out, &spans);
    read_sdp(tree, out, &spans);

    /* which of the optional parts were present */
    for (unsigned i = 0; i < out->count; i++) {
        volte_sip_message *msg = &out->msgs[i];
        msg->is_request = msg->method != NULL;
        msg->is_response = !msg->is_request && msg->status != 0;
    }

}
