/*
 * bearer_fields.c - the volte.precondition.*, volte.qos.* and volte.bearer.*
 * fields: the QoS preconditions of a call (RFC 3312) and the state of the
 * caller's (MO) and callee's (MT) dedicated bearers after each message.
 *
 * Everything shown is what the engine knew right after the message
 * (plugin/engine/bearer.c), in single-pass and two-pass mode alike, with one
 * exception: volte.precondition.used and volte.precondition.reliable show,
 * on later passes (tshark -2, the GUI), what the whole call did.
 * docs/bearer.md explains every rule.
 */
#include "config_volte.h"

#include <epan/packet.h>

#include "volte/analysis.h"
#include "volte/bearer.h"
#include "volte_epan.h"

void volte_bearer_fields_register(int proto);
void volte_bearer_fields_add(proto_tree *tree, tvbuff_t *tvb, const volte_msg_info *info,
                             gboolean whole_capture);

static int hf_precondition_used = -1;
static int hf_precondition_reliable = -1;
static int hf_qos_met = -1;
static int hf_qos_mo_current = -1;
static int hf_qos_mt_current = -1;
static int hf_qos_e2e_current = -1;
static int hf_qos_mo_desired = -1;
static int hf_qos_mt_desired = -1;
static int hf_qos_e2e_desired = -1;
static int hf_bearer_qci = -1;
static int hf_bearer_mo = -1;
static int hf_bearer_mt = -1;
static int hf_bearer_evidence = -1;
static int hf_bearer_since = -1;
static int hf_bearer_epc_frame = -1;
static int hf_bearer_setup_time = -1;

static gint ett_qos = -1;
static gint ett_bearer = -1;
static gint ett_bearer_side = -1;

static const char *const media_names[VOLTE_MEDIA_KINDS] = {"audio", "video"};

static void add_segment(proto_tree *tree, tvbuff_t *tvb, int hf_current, int hf_desired,
                        const volte_qos_table *table, unsigned status, const char *media)
{
    char desired[64];
    proto_item *ti = proto_tree_add_string(tree, hf_current, tvb, 0, 0, volte_qos_segment_current(table, status));
    proto_item_set_generated(ti);
    if (media)
        proto_item_append_text(ti, " (%s)", media);
    volte_qos_segment_desired(table, status, desired, sizeof desired);
    if (desired[0]) {
        ti = proto_tree_add_string(tree, hf_desired, tvb, 0, 0, desired);
        proto_item_set_generated(ti);
        if (media)
            proto_item_append_text(ti, " (%s)", media);
    }
}

static void add_preconditions(proto_tree *tree, tvbuff_t *tvb, const volte_bearer_view *v)
{
    /* volte.qos.met: on every message once a table exists; the segments on
     * the messages that carry SDP */
    if (!v->qos_kinds)
        return;
    proto_item *ti = proto_tree_add_boolean(tree, hf_qos_met, tvb, 0, 0, v->qos_met);
    proto_item_set_generated(ti);
    if (!v->has_sdp)
        return;
    proto_tree *qt = proto_item_add_subtree(ti, ett_qos);
    bool both = (v->qos_kinds & 3u) == 3u;
    for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++) {
        if (!(v->qos_kinds & (1u << k)))
            continue;
        const volte_qos_table *t = &v->qos_media[k];
        const char *media = both ? media_names[k] : NULL;
        uint8_t seen = v->qos_seen[k];
        if ((seen & (1u << VOLTE_QOS_LOCAL)) || !(seen & (1u << VOLTE_QOS_E2E)))
            add_segment(qt, tvb, hf_qos_mo_current, hf_qos_mo_desired, t, VOLTE_QOS_LOCAL, media);
        if ((seen & (1u << VOLTE_QOS_REMOTE)) || !(seen & (1u << VOLTE_QOS_E2E)))
            add_segment(qt, tvb, hf_qos_mt_current, hf_qos_mt_desired, t, VOLTE_QOS_REMOTE, media);
        if (seen & (1u << VOLTE_QOS_E2E))
            add_segment(qt, tvb, hf_qos_e2e_current, hf_qos_e2e_desired, t, VOLTE_QOS_E2E, media);
    }
}

static void add_side(proto_tree *tree, tvbuff_t *tvb, int hf, const volte_bearer *b, int64_t invite_ns)
{
    proto_item *ti = proto_tree_add_string(tree, hf, tvb, 0, 0, volte_bearer_state_name(b->state));
    proto_item_set_generated(ti);
    if (b->state == VOLTE_BEARER_NONE)
        return;
    proto_item_append_text(ti, " (%s)", volte_bearer_evidence_name(b->evidence));
    proto_tree *st = proto_item_add_subtree(ti, ett_bearer_side);
    proto_item_set_generated(
        proto_tree_add_string(st, hf_bearer_evidence, tvb, 0, 0, volte_bearer_evidence_name(b->evidence)));
    if (b->since_frame)
        proto_item_set_generated(proto_tree_add_uint(st, hf_bearer_since, tvb, 0, 0, b->since_frame));
    if (b->epc_frame)
        proto_item_set_generated(proto_tree_add_uint(st, hf_bearer_epc_frame, tvb, 0, 0, b->epc_frame));
    if (b->active_ns >= 0 && invite_ns >= 0 && b->active_ns >= invite_ns)
        volte_add_duration(st, hf_bearer_setup_time, tvb, b->active_ns - invite_ns);
}

static void add_bearers(proto_tree *tree, tvbuff_t *tvb, const volte_bearer_view *v, int64_t invite_ns)
{
    uint8_t kinds = v->media;
    for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++)
        for (unsigned s = 0; s < VOLTE_SIDES; s++)
            if (v->side[s][k].state != VOLTE_BEARER_NONE)
                kinds |= (uint8_t)(1u << k);
    for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++) {
        if (!(kinds & (1u << k)))
            continue;
        proto_item *ti = proto_tree_add_uint(tree, hf_bearer_qci, tvb, 0, 0, volte_media_qci(k));
        proto_item_set_generated(ti);
        proto_item_append_text(ti, " (%s): MO %s, MT %s", media_names[k],
                               volte_bearer_state_name(v->side[VOLTE_SIDE_MO][k].state),
                               volte_bearer_state_name(v->side[VOLTE_SIDE_MT][k].state));
        proto_tree *bt = proto_item_add_subtree(ti, ett_bearer);
        add_side(bt, tvb, hf_bearer_mo, &v->side[VOLTE_SIDE_MO][k], invite_ns);
        add_side(bt, tvb, hf_bearer_mt, &v->side[VOLTE_SIDE_MT][k], invite_ns);
    }
}

void volte_bearer_fields_add(proto_tree *tree, tvbuff_t *tvb, const volte_msg_info *info,
                             gboolean whole_capture)
{
    volte_bearer_view view;
    if (!volte_msg_bearer(info, &view))
        return;
    const volte_bearer_view *v = &view;
    const volte_call *call = info->call_rec;
    const volte_bearer_view *whole = (whole_capture && call && call->bearer) ? &call->bearer->now : v;

    proto_item_set_generated(
        proto_tree_add_boolean(tree, hf_precondition_used, tvb, 0, 0, whole->preconditions));
    proto_item_set_generated(
        proto_tree_add_boolean(tree, hf_precondition_reliable, tvb, 0, 0, whole->reliable_1xx));
    add_preconditions(tree, tvb, v);
    add_bearers(tree, tvb, v, (call && call->bearer) ? call->bearer->invite_ns : -1);
}

void volte_bearer_fields_register(int proto)
{
    static hf_register_info hf[] = {
        {&hf_precondition_used, {"Preconditions", "volte.precondition.used", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                                 "The call uses QoS preconditions (RFC 3312): Require or Supported: "
                                 "precondition, or qos attributes in an SDP. Single-pass: seen so far; "
                                 "two-pass (tshark -2, GUI): seen anywhere in the call", HFILL}},
        {&hf_precondition_reliable, {"Reliable provisionals", "volte.precondition.reliable", FT_BOOLEAN,
                                     BASE_NONE, NULL, 0x0,
                                     "Require or Supported: 100rel, or an RSeq, in the call (RFC 3262). "
                                     "Single-pass: seen so far; two-pass: anywhere in the call", HFILL}},
        {&hf_qos_met, {"Preconditions met", "volte.qos.met", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                       "Every mandatory desired QoS precondition of every media stream is in the current "
                       "status, as of this message (RFC 3312 §6). On every message once an SDP of the "
                       "call carried qos attributes; the same in single-pass and two-pass", HFILL}},
        {&hf_qos_mo_current, {"MO current", "volte.qos.mo.current", FT_STRING, BASE_NONE, NULL, 0x0,
                              "Current status of the caller's (MO) access segment as of this message: "
                              "none, send, recv, sendrecv (a=curr:qos local of the caller, remote of the "
                              "callee). One item per media stream; on SDP-carrying messages of calls with "
                              "preconditions; the same in single-pass and two-pass", HFILL}},
        {&hf_qos_mt_current, {"MT current", "volte.qos.mt.current", FT_STRING, BASE_NONE, NULL, 0x0,
                              "Current status of the callee's (MT) access segment as of this message "
                              "(a=curr:qos local of the callee, remote of the caller). One item per media "
                              "stream; the same in single-pass and two-pass", HFILL}},
        {&hf_qos_e2e_current, {"End-to-end current", "volte.qos.e2e.current", FT_STRING, BASE_NONE, NULL, 0x0,
                               "Current end-to-end status (a=curr:qos e2e) in the caller's directions, when "
                               "the call uses the e2e status type", HFILL}},
        {&hf_qos_mo_desired, {"MO desired", "volte.qos.mo.desired", FT_STRING, BASE_NONE, NULL, 0x0,
                              "Desired status of the caller's segment and its strength, e.g. \"sendrecv "
                              "mandatory\" (a=des:qos, latest value written by either side)", HFILL}},
        {&hf_qos_mt_desired, {"MT desired", "volte.qos.mt.desired", FT_STRING, BASE_NONE, NULL, 0x0,
                              "Desired status of the callee's segment and its strength, e.g. \"sendrecv "
                              "mandatory\"", HFILL}},
        {&hf_qos_e2e_desired, {"End-to-end desired", "volte.qos.e2e.desired", FT_STRING, BASE_NONE, NULL, 0x0,
                               "Desired end-to-end status and its strength", HFILL}},
        {&hf_bearer_qci, {"Dedicated bearer QCI", "volte.bearer.qci", FT_UINT32, BASE_DEC, NULL, 0x0,
                          "QCI of a dedicated bearer of the call: 1 for the audio stream, 2 for video (TS "
                          "23.203). One item per media kind in the session; a video call has both", HFILL}},
        {&hf_bearer_mo, {"MO bearer", "volte.bearer.mo", FT_STRING, BASE_NONE, NULL, 0x0,
                         "The caller's dedicated bearer right after this message: none, requested, active, "
                         "released (docs/bearer.md). The same in single-pass and two-pass: EPC messages "
                         "later in the capture do not change earlier messages", HFILL}},
        {&hf_bearer_mt, {"MT bearer", "volte.bearer.mt", FT_STRING, BASE_NONE, NULL, 0x0,
                         "The callee's dedicated bearer right after this message: none, requested, active, "
                         "released. The same in single-pass and two-pass", HFILL}},
        {&hf_bearer_evidence, {"Evidence", "volte.bearer.evidence", FT_STRING, BASE_NONE, NULL, 0x0,
                               "How the bearer state is known: flow (the position in the call flow), sdp "
                               "(a=curr:qos sendrecv), epc (EPC signalling in the capture linked to the "
                               "call). One item per bearer that is not none, MO before MT", HFILL}},
        {&hf_bearer_since, {"Since", "volte.bearer.since", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                            "The message (or EPC frame) that put the bearer in its state", HFILL}},
        {&hf_bearer_epc_frame, {"EPC frame", "volte.bearer.epc_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                                "The EPC message (Rx, Gx, GTPv2, S1AP/NAS, NGAP) that last set the bearer up "
                                "or released it; only EPC frames before this message (also in two-pass "
                                "mode)", HFILL}},
        {&hf_bearer_setup_time, {"Set-up time", "volte.bearer.setup_time", FT_RELATIVE_TIME, BASE_NONE, NULL,
                                 0x0, "From the initial INVITE to the moment the bearer became active",
                                 HFILL}},
    };
    static gint *ett[] = {&ett_qos, &ett_bearer, &ett_bearer_side};
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}
