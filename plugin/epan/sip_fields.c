/*
 * sip_fields.c - finding the SIP messages of a frame and handing their text
 * to the engine's parser.
 *
 * Each SIP message the SIP dissector finds starts with a `sip` protocol item
 * that spans exactly its bytes, in the frame or in a TCP reassembly buffer,
 * so several messages in one segment come apart.  The post-dissector asks
 * Wireshark for that one item only (and for `data`, to notice payload on the
 * SIP port that the SIP dissector refused), and volte_sip_parse() reads the
 * headers and SDP the analysis needs from the message text.  Wanting the
 * SIP dissector's header fields instead would make it build real tree items
 * for some forty fields on every frame, which costs more than the analysis.
 */
#include "sip_fields.h"

#include <epan/proto.h>

#include "volte/sip_parse.h"
#include "volte_epan.h"
#include "ws_compat.h"

static int proto_sip = -1;
static int proto_data = -1;
static guint sip_port = 5060;

void volte_sip_fields_init(guint port)
{
    sip_port = port;
    proto_sip = proto_get_id_by_filter_name("sip");
    proto_data = proto_get_id_by_filter_name("data");
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

/* Parse one message: the sip item's span, cut to what was captured;
 * returns the length of that span. */
static gint parse_message(const field_info *fi, packet_info *pinfo, volte_sip_message *msg)
{
    gint avail = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
    gint len = (fi->length >= 0 && fi->length <= avail) ? fi->length : MAX(avail, 0);
    const char *text = len > 0 ? (const char *)tvb_get_ptr(fi->ds_tvb, fi->start, len) : "";
    size_t size = VOLTE_SIP_STORE_SIZE(len);
    volte_sip_parse(text, (size_t)len, msg, wmem_alloc(pinfo->pool, size), size);
    return len;
}

void volte_sip_fields_read(proto_tree *tree, tvbuff_t *frame_tvb, packet_info *pinfo,
                           volte_frame_messages *out)
{
    GPtrArray *sips = fields_of(tree, proto_sip);
    gint ds_start[VOLTE_MAX_MESSAGES_PER_FRAME];
    tvbuff_t *ds[VOLTE_MAX_MESSAGES_PER_FRAME];

    int64_t time_ns = volte_frame_time_ns(pinfo);
    uint32_t hop = hop_of(pinfo);

    out->count = 0;
    out->dropped = 0;
    out->msgs = NULL;
    out->junk_line[0] = '\0';
    if (!sips || sips->len == 0) {
        const field_info *junk = junk_on_sip_port(tree, pinfo);
        if (junk) {
            volte_sip_message *msg = out->msgs = wmem_new0(pinfo->pool, volte_sip_message);
            msg->frame = pinfo->num;
            msg->time_ns = time_ns;
            describe_junk(junk->ds_tvb, junk->start, junk->length, out->junk_line, sizeof out->junk_line);
            out->count = 1;
        }
        return;
    }

    out->count = MIN(sips->len, VOLTE_MAX_MESSAGES_PER_FRAME);
    out->dropped = sips->len - out->count;
    out->msgs = wmem_alloc0(pinfo->pool, out->count * sizeof(volte_sip_message));
    for (unsigned n = 0; n < out->count; n++) {
        const field_info *fi = g_ptr_array_index(sips, n);
        volte_sip_message *msg = &out->msgs[n];
        msg->frame = pinfo->num;
        msg->index = n;
        msg->time_ns = time_ns;
        msg->hop = hop;
        gint len = parse_message(fi, pinfo, msg);
        ds[n] = fi->ds_tvb;
        ds_start[n] = fi->start;
        if (fi->ds_tvb == frame_tvb && fi->start >= 0) {
            msg->start = (uint32_t)fi->start;
            msg->length = (uint32_t)len;
        }
    }
    /* a message ends where the next one in the same bytes begins */
    for (unsigned i = 0; i + 1 < out->count; i++) {
        if (out->msgs[i].length > 0 && ds[i + 1] == ds[i] && ds_start[i + 1] > ds_start[i])
            out->msgs[i].length = MIN(out->msgs[i].length, (uint32_t)(ds_start[i + 1] - ds_start[i]));
    }
}
