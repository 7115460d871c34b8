/*
 * expert_fields.c - the engine's anomalies as Wireshark expert info.
 *
 * One expert entry per row of the catalogue (plugin/engine/anomaly.c),
 * named volte.expert.<check>, with the catalogue's group and severity.
 * Every message with an anomaly also gets the field volte.expert (so that
 * -Y volte.expert selects them all) and, where the check names another
 * frame, the link volte.related_frame.  A preference per group turns that
 * group's checks off; the timers of the checks are preferences too.
 */
#include "config_volte.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>

#include "volte/analysis.h"
#include "volte/anomaly.h"
#include "volte_epan.h"
#include "ws_compat.h"

static expert_field ei_checks[VOLTE_AN_COUNT];
static int hf_expert = -1;
static int hf_related = -1;

static volte_pref_bool pref_group[VOLTE_GROUP_COUNT] = {TRUE, TRUE, TRUE, TRUE};
static guint pref_t1_ms = 500;
static guint pref_timer_b_ms = 0;     /* 0: 64 * T1 */
static guint pref_long_setup_ms = 4000;
static guint pref_max_calls = VOLTE_MAX_CALLS;

static const struct {
    const char *key;
    const char *title;
    int         group;
} group_prefs[VOLTE_GROUP_COUNT] = {
    {"checks_sequence", "Sequence checks", PI_SEQUENCE},
    {"checks_response_code", "Response code checks", PI_RESPONSE_CODE},
    {"checks_protocol", "Protocol checks", PI_PROTOCOL},
    {"checks_malformed", "Malformed-message checks", PI_MALFORMED},
};

static int severity_of(volte_anomaly_severity s)
{
    return s == VOLTE_SEVERITY_ERROR ? PI_ERROR : s == VOLTE_SEVERITY_WARN ? PI_WARN : PI_NOTE;
}

void volte_expert_config(volte_check_config *config)
{
    volte_check_config_default(config);
    config->t1_ms = pref_t1_ms ? pref_t1_ms : 500;
    config->timer_b_ms = pref_timer_b_ms ? pref_timer_b_ms : 64 * config->t1_ms;
    config->long_setup_ms = pref_long_setup_ms;
    config->max_calls = pref_max_calls;
}

void volte_expert_add(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, proto_item *root,
                      const volte_msg_info *info, const char *junk_line)
{
    gboolean any = FALSE;
    const char *method = info->txn && info->txn->method && info->txn->method[0] ? info->txn->method : NULL;

    for (unsigned i = 0; i < info->anomaly_count; i++) {
        volte_anomaly an = info->anomalies[i];
        const volte_anomaly_def *def = volte_anomaly_lookup((volte_anomaly_id)an.id);
        if (!def || !pref_group[def->group])
            continue;
        if (an.id == VOLTE_AN_NOT_SIP && !an.text)
            an.text = junk_line && *junk_line ? junk_line : "no request or status line";
        char text[320];
        volte_anomaly_format(&an, info->status, method, text, sizeof text);
        if (!any) {
            proto_item *ti = proto_tree_add_item(tree, hf_expert, tvb, 0, 0, ENC_NA);
            proto_item_set_generated(ti);
            any = TRUE;
        }
        expert_add_info_format(pinfo, root, &ei_checks[an.id], "%s", text);
        if (an.related)
            proto_item_set_generated(proto_tree_add_uint(tree, hf_related, tvb, 0, 0, an.related));
    }
}

void volte_expert_register(int proto, expert_module_t *expert, module_t *prefs)
{
    static hf_register_info hf[] = {
        {&hf_expert, {"Anomaly", "volte.expert", FT_NONE, BASE_NONE, NULL, 0x0,
                      "This message has at least one anomaly of the call flow (see the expert info)", HFILL}},
        {&hf_related, {"Related frame", "volte.related_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                       "Another frame an anomaly of this message refers to", HFILL}},
    };
    static ei_register_info ei[VOLTE_AN_COUNT];
    size_t n;
    const volte_anomaly_def *cat = volte_anomaly_catalogue(&n);

    for (size_t i = 0; i < n && i < VOLTE_AN_COUNT; i++) {
        expert_field init = EI_INIT;
        ei_checks[cat[i].id] = init;
        ei_register_info entry = {&ei_checks[cat[i].id],
                                  {g_strdup_printf("volte.expert.%s", cat[i].name),
                                   group_prefs[cat[i].group].group, severity_of(cat[i].severity),
                                   g_strdup_printf("%s (%s)", cat[i].summary, cat[i].ref), EXPFILL}};
        ei[i] = entry;
    }
    proto_register_field_array(proto, hf, array_length(hf));
    expert_register_field_array(expert, ei, (int)n);

    for (int g = 0; g < VOLTE_GROUP_COUNT; g++)
        prefs_register_bool_preference(prefs, group_prefs[g].key, group_prefs[g].title,
                                       "Report the checks of this expert-info group", &pref_group[g]);
    prefs_register_uint_preference(prefs, "t1_ms", "T1 (ms)",
                                   "RFC 3261 timer T1, the round-trip estimate the other timers derive from",
                                   10, &pref_t1_ms);
    prefs_register_uint_preference(prefs, "timer_b_ms", "Timer B/F/H (ms)",
                                   "Transaction timeout; 0 means 64 * T1 (RFC 3261 §17.1.1.2). Used by the "
                                   "timeout, ACK, PRACK and orphan-response checks",
                                   10, &pref_timer_b_ms);
    prefs_register_uint_preference(prefs, "max_calls", "Most calls tracked",
                                   "Calls and registrations (Call-IDs) analysed per capture file; 0 means no "
                                   "limit. Each costs about 1 KB of memory; messages of further Call-IDs get "
                                   "their status annotation and volte.expert.call_limit",
                                   10, &pref_max_calls);
    prefs_register_uint_preference(prefs, "long_setup_ms", "Long setup threshold (ms)",
                                   "Session request delay above which volte.expert.long_setup is reported",
                                   10, &pref_long_setup_ms);
}
