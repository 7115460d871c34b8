/*
 * call_fields.c - the volte.call.*, volte.flow, volte.dialog and volte.kpi.*
 * fields: where the call stands after each message, how it ends, which
 * call-flow classes it went through, and its timings.
 *
 * On the first pass (single-pass tshark) a message shows what was known
 * right after it; on later passes (tshark -2, the GUI) outcome, flows and
 * the call's last frame are those of the whole capture, so that a filter
 * such as volte.flow == "busy" selects every message of a busy call.
 */
#include "config_volte.h"

#include <epan/packet.h>

#include "volte/analysis.h"
#include "volte/call.h"
#include "volte_epan.h"

static int hf_call_state = -1;
static int hf_call_outcome = -1;
static int hf_call_type = -1;
static int hf_call_caller = -1;
static int hf_call_callee = -1;
static int hf_call_first = -1;
static int hf_call_last = -1;
static int hf_call_partial = -1;
static int hf_call_dialogs = -1;
static int hf_call_answered_dialog = -1;
static int hf_flow = -1;
static int hf_dialog = -1;
static int hf_kpi[VOLTE_KPI_COUNT] = {-1, -1, -1, -1, -1, -1};

static gint ett_call = -1;

static const char *kind_name(volte_call_kind kind)
{
    switch (kind) {
    case VOLTE_CALL_KIND_CALL:
        return "call";
    case VOLTE_CALL_KIND_REGISTRATION:
        return "registration";
    default:
        return "other";
    }
}

void volte_call_fields_add(proto_tree *tree, tvbuff_t *tvb, const volte_msg_info *info,
                           gboolean whole_capture)
{
    const volte_call *call = info->call_rec;
    if (!call)
        return;

    volte_outcome outcome = whole_capture ? call->outcome : info->outcome;
    uint32_t flows = whole_capture ? call->flows : info->flows;
    proto_item *ti;

    if (call->kind != VOLTE_CALL_KIND_OTHER) {
        const char *state = volte_call_state_name(info->state);
        ti = proto_tree_add_string(tree, hf_call_state, tvb, 0, 0, state);
        proto_item_set_generated(ti);
        proto_tree *ct = proto_item_add_subtree(ti, ett_call);
        proto_item_set_generated(proto_tree_add_string(ct, hf_call_type, tvb, 0, 0, kind_name(call->kind)));
        proto_item_set_generated(
            proto_tree_add_string(ct, hf_call_outcome, tvb, 0, 0, volte_outcome_name(outcome)));
        for (int f = 0; f < VOLTE_FLOW_COUNT; f++)
            if (flows & VOLTE_FLOW_BIT(f))
                proto_item_set_generated(
                    proto_tree_add_string(ct, hf_flow, tvb, 0, 0, volte_flow_name((volte_flow)f)));
        if (call->caller)
            proto_item_set_generated(proto_tree_add_string(ct, hf_call_caller, tvb, 0, 0, call->caller));
        if (call->callee)
            proto_item_set_generated(proto_tree_add_string(ct, hf_call_callee, tvb, 0, 0, call->callee));
        proto_item_set_generated(proto_tree_add_uint(ct, hf_call_first, tvb, 0, 0, call->first_frame));
        if (whole_capture)
            proto_item_set_generated(proto_tree_add_uint(ct, hf_call_last, tvb, 0, 0, call->last_frame));
        if (call->partial)
            proto_item_set_generated(proto_tree_add_boolean(ct, hf_call_partial, tvb, 0, 0, TRUE));
        if (call->kind == VOLTE_CALL_KIND_CALL && whole_capture) {
            proto_item_set_generated(proto_tree_add_uint(ct, hf_call_dialogs, tvb, 0, 0, call->dialogs));
            if (call->answered_dialog)
                proto_item_set_generated(
                    proto_tree_add_uint(ct, hf_call_answered_dialog, tvb, 0, 0, call->answered_dialog));
        }
    }
    if (info->dialog)
        proto_item_set_generated(proto_tree_add_uint(tree, hf_dialog, tvb, 0, 0, info->dialog));
    for (int k = 0; k < VOLTE_KPI_COUNT; k++)
        if (info->kpi_mask & (1u << k))
            volte_add_duration(tree, hf_kpi[k], tvb, volte_msg_kpi(info, (volte_kpi)k));
}

void volte_call_fields_register(int proto)
{
    static hf_register_info hf[] = {
        {&hf_call_state, {"Call state", "volte.call.state", FT_STRING, BASE_NONE, NULL, 0x0,
                          "State of the call or registration right after this message", HFILL}},
        {&hf_call_type, {"Type", "volte.call.type", FT_STRING, BASE_NONE, NULL, 0x0,
                         "call (INVITE), registration (REGISTER)", HFILL}},
        {&hf_call_outcome, {"Outcome", "volte.call.outcome", FT_STRING, BASE_NONE, NULL, 0x0,
                            "How the call or registration ended: answered, busy, no-answer, rejected, "
                            "forwarded, redirected, cancelled, failed, registered, deregistered, auth-failed, "
                            "in-progress. Two-pass (tshark -2, GUI): the outcome of the whole capture on "
                            "every message; single-pass: as known after this message", HFILL}},
        {&hf_flow, {"Call flow", "volte.flow", FT_STRING, BASE_NONE, NULL, 0x0,
                    "A call-flow class the call went through (one item per class). Two-pass: all classes "
                    "of the whole call on every message; single-pass: those seen so far", HFILL}},
        {&hf_call_caller, {"Caller", "volte.call.caller", FT_STRING, BASE_NONE, NULL, 0x0,
                           "User part of P-Asserted-Identity, else From, of the initial INVITE; the AOR "
                           "of a registration", HFILL}},
        {&hf_call_callee, {"Callee", "volte.call.callee", FT_STRING, BASE_NONE, NULL, 0x0,
                           "User part of To of the initial INVITE", HFILL}},
        {&hf_call_first, {"First message", "volte.call.first", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                          "Frame of the call's first message", HFILL}},
        {&hf_call_last, {"Last message", "volte.call.last", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                         "Frame of the call's last message (two-pass only)", HFILL}},
        {&hf_call_partial, {"Started before the capture", "volte.call.partial", FT_BOOLEAN, BASE_NONE,
                            NULL, 0x0, "The capture does not hold the call's initial INVITE", HFILL}},
        {&hf_call_dialogs, {"Early dialogs", "volte.call.dialogs", FT_UINT32, BASE_DEC, NULL, 0x0,
                            "Dialogs (distinct To-tags) the initial INVITE created, e.g. by forking "
                            "(two-pass only)", HFILL}},
        {&hf_call_answered_dialog, {"Answered by dialog", "volte.call.answered_dialog", FT_UINT32, BASE_DEC,
                                    NULL, 0x0, "Which early dialog the 2xx came from (two-pass only)",
                                    HFILL}},
        {&hf_dialog, {"Dialog", "volte.dialog", FT_UINT32, BASE_DEC, NULL, 0x0,
                      "Early dialog (by To-tag) of the initial INVITE this message belongs to, 1-based",
                      HFILL}},
        {&hf_kpi[VOLTE_KPI_SRD], {"Session request delay", "volte.kpi.srd", FT_RELATIVE_TIME, BASE_NONE,
                                  NULL, 0x0, "INVITE to the first provisional (not 100) or final response "
                                  "(RFC 6076 §4.3)", HFILL}},
        {&hf_kpi[VOLTE_KPI_ANSWER_DELAY], {"Answer delay", "volte.kpi.answer_delay", FT_RELATIVE_TIME,
                                           BASE_NONE, NULL, 0x0, "INVITE to its 2xx", HFILL}},
        {&hf_kpi[VOLTE_KPI_RINGING_TIME], {"Ringing time", "volte.kpi.ringing_time", FT_RELATIVE_TIME,
                                           BASE_NONE, NULL, 0x0,
                                           "First 180 to the 2xx or to the final response that ended the "
                                           "ringing", HFILL}},
        {&hf_kpi[VOLTE_KPI_DURATION], {"Call duration", "volte.kpi.duration", FT_RELATIVE_TIME, BASE_NONE,
                                       NULL, 0x0, "ACK to BYE (cf. the session duration time of RFC 6076 §4.5)", HFILL}},
        {&hf_kpi[VOLTE_KPI_SDD], {"Session disconnect delay", "volte.kpi.sdd", FT_RELATIVE_TIME, BASE_NONE,
                                  NULL, 0x0, "BYE to its 2xx (RFC 6076 §4.4)", HFILL}},
        {&hf_kpi[VOLTE_KPI_RRD], {"Registration request delay", "volte.kpi.rrd", FT_RELATIVE_TIME,
                                  BASE_NONE, NULL, 0x0,
                                  "REGISTER to its final response; from the first REGISTER of the attempt "
                                  "when challenged (RFC 6076 §4.1)", HFILL}},
    };
    static gint *ett[] = {&ett_call};
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}
