/*
 * volte_epan.h - what the adapter's files share with each other.
 *
 * The tap named "volte" carries one const volte_msg_info * per analysed SIP
 * message; statistics read only that.
 */
#ifndef VOLTE_EPAN_H
#define VOLTE_EPAN_H

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>

#include "volte/analysis.h"

/* The frame's capture time in ns since the epoch, the engine's clock
 * (volte_sip_message.time_ns, volte_epc_event.time_ns). */
static inline int64_t volte_frame_time_ns(const packet_info *pinfo)
{
    return (int64_t)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
}

/* Add a generated FT_RELATIVE_TIME item of ns nanoseconds (ns >= 0). */
static inline proto_item *volte_add_duration(proto_tree *tree, int hf, tvbuff_t *tvb, int64_t ns)
{
    nstime_t t;
    t.secs = (time_t)(ns / 1000000000);
    t.nsecs = (int)(ns % 1000000000);
    proto_item *ti = proto_tree_add_time(tree, hf, tvb, 0, 0, &t);
    proto_item_set_generated(ti);
    return ti;
}

/* The call fields (call_fields.c). whole_capture: show what the whole
 * capture says of the call (later passes) rather than what was known right
 * after this message (first pass). */
void volte_call_fields_register(int proto);
void volte_call_fields_add(proto_tree *tree, tvbuff_t *tvb, const volte_msg_info *info,
                           gboolean whole_capture);

/* Expert info from the engine's anomalies (expert_fields.c). */
void volte_expert_register(int proto, expert_module_t *expert, module_t *prefs);
void volte_expert_config(volte_check_config *config);
void volte_expert_add(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, proto_item *root,
                      const volte_msg_info *info, const char *junk_line);

/* Bearers and preconditions (bearer_fields.c): volte.precondition.*, volte.qos.*,
 * volte.bearer.* on every message of an INVITE call. */
void volte_bearer_fields_register(int proto);
void volte_bearer_fields_add(proto_tree *tree, tvbuff_t *tvb, const volte_msg_info *info,
                             gboolean whole_capture);

/* EPC/5GC bearer signalling linked to calls (epc_fields.c): volte.epc.*. */
void volte_epc_fields_register(int proto);
void volte_epc_fields_init(void);
void volte_epc_fields_wanted(GArray *ids);
gboolean volte_epc_fields_read(proto_tree *tree, packet_info *pinfo, volte_epc_frame_events *out);
/* The engine's entry for one EPC message: volte_engine_feed_epc() (analysis.c),
 * passed in so that epc_fields.c does not need it to link. */
typedef bool (*volte_epc_feed_fn)(volte_engine *engine, const volte_epc_event *ev, volte_epc_result *out);
void volte_epc_fields_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, volte_engine *engine,
                              volte_epc_feed_fn feed);

/* Register the -z statistics and their GUI menu entries (volte_stats.c). */
void volte_register_statistics(void);

/* -z volte,calls and -z volte,stat (call_table.c). */
void volte_register_call_reports(void);

/* Telephony > VoLTE Calls in the GUI, -z volte,calltable (call_gui_table.c). */
void volte_register_call_gui_table(void);

#endif
