/*
 * volte_stats.c - statistics fed by the "volte" tap.
 *
 * `tshark -z volte_codes,tree` (and Statistics > VoLTE > Response Codes in
 * the GUI): responses counted by class and by code, with each code's
 * standard name, so a capture's failures show at a glance.
 */
#include "config_volte.h"

#include <epan/packet.h>
#include <epan/stats_tree.h>

#include "volte/analysis.h"
#include "volte/status_catalogue.h"
#include "volte_epan.h"

static const char *st_responses = "SIP responses";
static int st_node_responses = -1;

static void codes_init(stats_tree *st)
{
    st_node_responses = stats_tree_create_node(st, st_responses, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status codes_packet(stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                      const void *data, tap_flags_t flags _U_)
{
    const volte_msg_info *info = data;
    if (!info || !info->is_response)
        return TAP_PACKET_DONT_REDRAW;

    unsigned cls = volte_status_class(info->status);
    const char *cls_name = cls ? volte_status_class_name(cls) : "Invalid code";
    const volte_status_entry *e = volte_status_lookup(info->status);
    char code_name[64];
    g_snprintf(code_name, sizeof code_name, "%u %s", info->status, e ? e->name : "(unregistered)");

    tick_stat_node(st, st_responses, 0, TRUE);
    int cls_node = tick_stat_node(st, cls_name, st_node_responses, TRUE);
    tick_stat_node(st, code_name, cls_node, FALSE);
    return TAP_PACKET_REDRAW;
}

void volte_register_statistics(void)
{
    stats_tree_register_plugin("volte", "volte_codes", "VoLTE/Response Codes", 0, codes_packet,
                               codes_init, NULL);
    volte_register_call_reports();
    volte_register_call_gui_table();
}
