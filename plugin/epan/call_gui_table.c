/*
 * call_gui_table.c - the call table in the GUI: Telephony > VoLTE Calls.
 *
 * The same rows as `-z volte,calls`, as a Wireshark statistics table (which
 * tshark also prints with `-z volte,calltable`).  One row per call, indexed
 * by call number; each tapped message rewrites its call's row from the
 * engine's record, so the row ends with the state at the end of the capture.
 */
#include "config_volte.h"

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>

#include "volte/analysis.h"
#include "volte/call.h"
#include "volte_epan.h"

enum {
    COL_CALL, COL_TYPE, COL_CALLER, COL_CALLEE, COL_STATE, COL_OUTCOME, COL_FLOWS, COL_MESSAGES,
    COL_SRD, COL_ANSWER, COL_DURATION, COL_CALL_ID, COL_COUNT
};

static stat_tap_table_item fields[COL_COUNT] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Call", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Type", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Caller", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Callee", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "State", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Outcome", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Flows", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Messages", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "SRD (s)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Answer delay (s)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Duration (s)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Call-ID", "%s"},
};

static void table_init(stat_tap_table_ui *ui)
{
    const char *name = "VoLTE Calls";
    stat_tap_table *table = stat_tap_find_table(ui, name);
    if (!table) {
        table = stat_tap_init_table(name, COL_COUNT, 0, "volte.call");
        stat_tap_add_table(ui, table);
    }
}

static char *seconds(int64_t ns)
{
    return ns < 0 ? g_strdup("") : g_strdup_printf("%.3f", (double)ns / 1e9);
}

static char *flows_text(uint32_t flows)
{
    GString *s = g_string_new(NULL);
    for (int f = 0; f < VOLTE_FLOW_COUNT; f++)
        if (flows & VOLTE_FLOW_BIT(f))
            g_string_append_printf(s, "%s%s", s->len ? "," : "", volte_flow_name((volte_flow)f));
    return g_string_free(s, FALSE);
}

static void free_strings(stat_tap_table *table, guint row)
{
    for (guint col = 0; col < COL_COUNT; col++) {
        stat_tap_table_item_type *item = stat_tap_get_field_data(table, row, col);
        if (item->type == TABLE_ITEM_STRING) {
            g_free((char *)item->value.string_value);
            item->value.string_value = NULL;
        }
    }
}

static tap_packet_status table_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                      const void *data, tap_flags_t flags _U_)
{
    stat_data_t *stat_data = tapdata;
    const volte_msg_info *info = data;
    if (!info || !info->call_rec)
        return TAP_PACKET_DONT_REDRAW;
    const volte_call *c = info->call_rec;
    stat_tap_table *table = g_array_index(stat_data->stat_tap_data->tables, stat_tap_table *, 0);
    guint row = c->number - 1;

    if (row < table->num_elements)
        free_strings(table, row);

    gboolean other = c->kind == VOLTE_CALL_KIND_OTHER;
    stat_tap_table_item_type items[COL_COUNT];
    memset(items, 0, sizeof items);
    for (int i = 0; i < COL_COUNT; i++)
        items[i].type = fields[i].type;
    items[COL_CALL].value.uint_value = c->number;
    items[COL_TYPE].value.string_value =
        g_strdup(c->kind == VOLTE_CALL_KIND_CALL ? "call" : c->kind == VOLTE_CALL_KIND_REGISTRATION ? "registration" : "other");
    items[COL_CALLER].value.string_value = g_strdup(c->caller ? c->caller : "");
    items[COL_CALLEE].value.string_value = g_strdup(c->callee ? c->callee : "");
    items[COL_STATE].value.string_value = g_strdup(other ? "" : volte_call_state_name(c->state));
    items[COL_OUTCOME].value.string_value = g_strdup(other ? "" : volte_outcome_name(c->outcome));
    items[COL_FLOWS].value.string_value = flows_text(c->flows);
    items[COL_MESSAGES].value.uint_value = c->messages;
    items[COL_SRD].value.string_value = seconds(c->kpi_ns[VOLTE_KPI_SRD]);
    items[COL_ANSWER].value.string_value = seconds(c->kpi_ns[VOLTE_KPI_ANSWER_DELAY]);
    items[COL_DURATION].value.string_value = seconds(c->kpi_ns[VOLTE_KPI_DURATION]);
    items[COL_CALL_ID].value.string_value = g_strdup(c->call_id);
    stat_tap_init_table_row(table, row, COL_COUNT, items);
    return TAP_PACKET_REDRAW;
}

static void table_reset(stat_tap_table *table)
{
    for (guint row = 0; row < table->num_elements; row++)
        free_strings(table, row);
}

static void table_free_item(stat_tap_table *table _U_, guint row _U_, guint column _U_,
                            stat_tap_table_item_type *field)
{
    if (field->type == TABLE_ITEM_STRING) {
        g_free((char *)field->value.string_value);
        field->value.string_value = NULL;
    }
}

void volte_register_call_gui_table(void)
{
    static tap_param params[] = {{PARAM_FILTER, "filter", "Filter", NULL, TRUE}};
    static stat_tap_table_ui ui = {
        REGISTER_STAT_GROUP_TELEPHONY,
        "VoLTE Calls",
        "volte",
        "volte,calltable",
        table_init,
        table_packet,
        table_reset,
        table_free_item,
        NULL,
        G_N_ELEMENTS(fields),
        fields,
        G_N_ELEMENTS(params),
        params,
        NULL,
        0,
    };
    register_stat_tap_table_ui(&ui);
}
