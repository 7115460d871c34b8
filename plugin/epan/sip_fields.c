/*
 * sip_fields.c - reading the SIP dissector's fields into engine messages.
 *
 * Each SIP message in a frame starts with a `sip` protocol item.  A field
 * belongs to the message whose item starts last at or before it in the same
 * data source (the frame itself, or a TCP reassembly buffer), which is how
 * several messages in one segment are kept apart.  The first value of a
 * header in a message wins, so the top Via gives the branch.
 */
#include "sip_fields.h"

#include <epan/proto.h>

#include "ws_compat.h"

static int proto_sip = -1;
static int proto_data = -1;
static guint sip_port = 5060;
static int hf_method = -1;
static int hf_status = -1;
static int hf_call_id = -1;
static int hf_cseq_seq = -1;
static int hf_cseq_method = -1;
static int hf_via = -1;
static int hf_via_branch = -1;
static int hf_from_tag = -1;
static int hf_to_tag = -1;

typedef struct {
    int        *id;
    const char *name;
} field_ref;

static const field_ref sip_field_refs[] = {
    {&hf_method, "sip.Method"},
    {&hf_status, "sip.Status-Code"},
    {&hf_call_id, "sip.Call-ID"},
    {&hf_cseq_seq, "sip.CSeq.seq"},
    {&hf_cseq_method, "sip.CSeq.method"},
    {&hf_via, "sip.Via"},
    {&hf_via_branch, "sip.Via.branch"},
    {&hf_from_tag, "sip.from.tag"},
    {&hf_to_tag, "sip.to.tag"},
};

void volte_sip_fields_init(guint port)
{
    sip_port = port;
    proto_sip = proto_get_id_by_filter_name("sip");
    proto_data = proto_get_id_by_filter_name("data");
    for (size_t i = 0; i < G_N_ELEMENTS(sip_field_refs); i++)
        *sip_field_refs[i].id = proto_registrar_get_id_byname(sip_field_refs[i].name);
}

GArray *volte_sip_fields_wanted(void)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int));
    if (proto_sip > 0)
        g_array_append_val(ids, proto_sip);
    if (proto_data > 0)
        g_array_append_val(ids, proto_data);
    for (size_t i = 0; i < G_N_ELEMENTS(sip_field_refs); i++)
        if (*sip_field_refs[i].id > 0)
            g_array_append_val(ids, *sip_field_refs[i].id);
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

typedef enum { TAKE_STRING, TAKE_UINT, COUNT_ONLY } take_kind;

/* Walk one field's items and hand each to the message that owns it. */
static void distribute(proto_tree *tree, int hf, take_kind kind, size_t member,
                       volte_frame_messages *out, const message_spans *spans)
{
    GPtrArray *items = fields_of(tree, hf);
    if (!items)
        return;
    /* The first item of a message sets the member; later ones are ignored. */
    gboolean seen[VOLTE_MAX_MESSAGES_PER_FRAME] = {0};
    for (guint i = 0; i < items->len; i++) {
        const field_info *fi = g_ptr_array_index(items, i);
        volte_sip_message *msg = owner_of(out, spans, fi);
        if (!msg)
            continue;
        unsigned m = (unsigned)(msg - out->msgs);
        char *base = (char *)msg;
        switch (kind) {
        case COUNT_ONLY:
            (*(unsigned *)(base + member))++;
            break;
        case TAKE_STRING:
            if (!seen[m])
                *(const char **)(base + member) = volte_fi_string(fi);
            break;
        case TAKE_UINT:
            if (!seen[m])
                *(uint32_t *)(base + member) = volte_fi_uint(fi);
            break;
        }
        seen[m] = TRUE;
    }
}

void volte_sip_fields_read(proto_tree *tree, tvbuff_t *frame_tvb, packet_info *pinfo,
                           volte_frame_messages *out)
{
    message_spans spans = {0};
    GPtrArray *sips = fields_of(tree, proto_sip);

    int64_t time_ns = (int64_t)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;

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

    distribute(tree, hf_method, TAKE_STRING, offsetof(volte_sip_message, method), out, &spans);
    distribute(tree, hf_status, TAKE_UINT, offsetof(volte_sip_message, status), out, &spans);
    distribute(tree, hf_call_id, TAKE_STRING, offsetof(volte_sip_message, call_id), out, &spans);
    distribute(tree, hf_cseq_seq, TAKE_UINT, offsetof(volte_sip_message, cseq), out, &spans);
    distribute(tree, hf_cseq_method, TAKE_STRING, offsetof(volte_sip_message, cseq_method), out, &spans);
    distribute(tree, hf_via, COUNT_ONLY, offsetof(volte_sip_message, via_count), out, &spans);
    distribute(tree, hf_via_branch, TAKE_STRING, offsetof(volte_sip_message, via_branch), out, &spans);
    distribute(tree, hf_from_tag, TAKE_STRING, offsetof(volte_sip_message, from_tag), out, &spans);
    distribute(tree, hf_to_tag, TAKE_STRING, offsetof(volte_sip_message, to_tag), out, &spans);

    /* which of the optional parts were present */
    for (unsigned i = 0; i < out->count; i++) {
        volte_sip_message *msg = &out->msgs[i];
        msg->is_request = msg->method != NULL;
        msg->is_response = !msg->is_request && msg->status != 0;
    }
    GPtrArray *cseqs = fields_of(tree, hf_cseq_seq);
    for (guint i = 0; cseqs && i < cseqs->len; i++) {
        volte_sip_message *msg = owner_of(out, &spans, g_ptr_array_index(cseqs, i));
        if (msg)
            msg->has_cseq = true;
    }
}
