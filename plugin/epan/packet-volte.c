/*
 * packet-volte.c - the `volte` post-dissector: Wireshark's side of the plugin.
 *
 * A thin adapter.  On the first pass over a frame it reads the SIP fields
 * (sip_fields.c), feeds each message to the engine (plugin/engine) and keeps
 * the engine's result records with the frame.  On every pass it writes those
 * records into the tree, the Info column, expert info and the tap.  Nothing
 * here decides anything about SIP; it only shows what the engine decided.
 */
#include "config_volte.h"

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/tap.h>

#include "sip_fields.h"
#include "volte/analysis.h"
#include "volte/status_catalogue.h"
#include "volte_epan.h"
#include "ws_compat.h"

void proto_register_volte(void);
void proto_reg_handoff_volte(void);

static int proto_volte = -1;
static int proto_ws_expert = -1;
static int volte_tap = -1;
static int expert_tap = -1;
static dissector_handle_t volte_handle;

static int hf_call = -1;
static int hf_msg = -1;
static int hf_status_code = -1;
static int hf_status_class = -1;
static int hf_status_final = -1;
static int hf_status_name = -1;
static int hf_status_meaning = -1;
static int hf_status_meaning_zh = -1;
static int hf_status_action = -1;
static int hf_status_ref = -1;
static int hf_status_volte_note = -1;
static int hf_status_known = -1;
static int hf_response_to = -1;
static int hf_response_in = -1;
static int hf_response_time = -1;
static int hf_retransmission = -1;
static int hf_retransmission_of = -1;

static gint ett_volte = -1;
static gint ett_status = -1;

static expert_field ei_too_many = EI_INIT;

/* Preferences */
enum { LANG_ENGLISH, LANG_CHINESE, LANG_BOTH };
static gint pref_language = LANG_ENGLISH;
static volte_pref_bool pref_info_meaning = TRUE;
static guint pref_sip_port = 5060;

static const enum_val_t language_vals[] = {
    {"english", "English", LANG_ENGLISH},
    {"chinese", "Chinese (中文)", LANG_CHINESE},
    {"both", "English and Chinese", LANG_BOTH},
    {NULL, NULL, 0},
};

static const value_string status_class_vals[] = {
    {1, "1xx Provisional"},
    {2, "2xx Success"},
    {3, "3xx Redirection"},
    {4, "4xx Client Failure"},
    {5, "5xx Server Failure"},
    {6, "6xx Global Failure"},
    {0, NULL},
};

/* The engine of the open capture file; one per file. */
static volte_engine *engine;

/* The rare facts about a frame that are not in the engine's records: the
 * first line of non-SIP bytes on the SIP port, and messages beyond the
 * per-frame limit.  Kept by frame number for later passes; frames with SIP
 * in them need nothing here, the engine finds their records by frame. */
typedef struct {
    const char *junk_line;  /* NULL when none */
    unsigned    dropped;
} frame_extra;

static wmem_map_t *frame_extras;

static void volte_init(void)
{
    volte_check_config config;
    volte_engine_free(engine);
    engine = volte_engine_new();
    volte_expert_config(&config);
    volte_engine_set_config(engine, &config);
    expert_tap = find_tap_id("expert"); /* registered after the handoff, before a file opens */
}

static void volte_cleanup(void)
{
    volte_engine_free(engine);
    engine = NULL;
}

static void volte_prefs_changed(void)
{
    volte_sip_fields_init(pref_sip_port);
}

/* First pass: read the frame's SIP messages and feed them to the engine;
 * returns how many. */
static unsigned analyse_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    volte_frame_messages msgs;
    volte_sip_fields_read(tree, tvb, pinfo, &msgs);
    if (msgs.count == 0)
        return 0;

    if (msgs.junk_line[0] || msgs.dropped ||
        (msgs.count == 1 && !msgs.msgs[0].is_request && !msgs.msgs[0].is_response)) {
        frame_extra *extra = wmem_new0(wmem_file_scope(), frame_extra);
        extra->junk_line = wmem_strdup(wmem_file_scope(), msgs.junk_line);
        extra->dropped = msgs.dropped;
        wmem_map_insert(frame_extras, GUINT_TO_POINTER(pinfo->num), extra);
    }
    for (unsigned i = 0; i < msgs.count; i++)
        volte_engine_feed(engine, &msgs.msgs[i]);
    return msgs.count;
}

/* The few words of a code's meaning shown in the Info column and the
 * subtree's title, in the preferred language. */
static const char *brief_text(const volte_status_entry *e)
{
    switch (pref_language) {
    case LANG_CHINESE:
        return e->brief_zh;
    case LANG_BOTH:
        return wmem_strdup_printf(wmem_packet_scope(), "%s / %s", e->brief, e->brief_zh);
    default:
        return e->brief;
    }
}

/* Append "[text]" to the Info column, after the SIP dissector's own text
 * (which ends in "| " when it lists several messages). */
static void append_info(packet_info *pinfo, const char *text)
{
    const char *info = col_get_text(pinfo->cinfo, COL_INFO);
    size_t len = info ? strlen(info) : 0;
    col_append_fstr(pinfo->cinfo, COL_INFO, (len == 0 || info[len - 1] == ' ') ? "[%s]" : " [%s]", text);
}

/* The Info column's suffix: the meaning of a response's code, or why the
 * message is not SIP. */
static void add_info_column(packet_info *pinfo, const volte_msg_info *info)
{
    if (!pref_info_meaning || !pinfo->cinfo)
        return;
    if (info->is_response) {
        unsigned cls = volte_status_class(info->status);
        const volte_status_entry *e = volte_status_lookup(info->status);
        if (e)
            append_info(pinfo, brief_text(e));
        else if (cls)
            append_info(pinfo, wmem_strdup_printf(pinfo->pool, "unregistered %s", volte_status_class_name(cls)));
    }
    if (info->problems & VOLTE_PROBLEM_NOT_SIP)
        append_info(pinfo, "not a SIP message");
}

static void add_status(proto_tree *tree, tvbuff_t *tvb, proto_item *root, const volte_msg_info *info)
{
    unsigned code = info->status;
    unsigned cls = volte_status_class(code);
    const volte_status_entry *e = volte_status_lookup(code);

    proto_item *sti = proto_tree_add_uint(tree, hf_status_code, tvb, 0, 0, code);
    proto_tree *st = proto_item_add_subtree(sti, ett_status);
    proto_item_set_generated(sti);

    if (cls)
        proto_item_set_generated(proto_tree_add_uint(st, hf_status_class, tvb, 0, 0, cls));
    proto_item_set_generated(proto_tree_add_boolean(st, hf_status_final, tvb, 0, 0, code >= 200));
    proto_item_set_generated(proto_tree_add_boolean(st, hf_status_known, tvb, 0, 0, e != NULL));

    if (e) {
        proto_item *ti;
        proto_item_append_text(sti, " %s", e->name);
        proto_item_set_generated(proto_tree_add_string(st, hf_status_name, tvb, 0, 0, e->name));
        ti = proto_tree_add_string(st, hf_status_meaning, tvb, 0, 0, e->meaning);
        proto_item_set_generated(ti);
        if (pref_language == LANG_CHINESE)
            proto_item_set_hidden(ti);
        ti = proto_tree_add_string(st, hf_status_meaning_zh, tvb, 0, 0, e->meaning_zh);
        proto_item_set_generated(ti);
        if (pref_language == LANG_ENGLISH)
            proto_item_set_hidden(ti);
        proto_item_set_generated(proto_tree_add_string(st, hf_status_action, tvb, 0, 0, e->action));
        proto_item_set_generated(proto_tree_add_string(st, hf_status_ref, tvb, 0, 0, e->ref));
        if (e->volte_note)
            proto_item_set_generated(
                proto_tree_add_string(st, hf_status_volte_note, tvb, 0, 0, e->volte_note));
        proto_item_append_text(root, ": %u %s (%s)", code, e->name, brief_text(e));
    } else if (cls) {
        proto_item_set_generated(
            proto_tree_add_string(st, hf_status_action, tvb, 0, 0, volte_status_class_action(cls)));
        proto_item_append_text(root, ": %u (unregistered %s)", code, volte_status_class_name(cls));
    } else {
        proto_item_append_text(root, ": %u (invalid status code)", code);
    }
}

static void add_pairing(proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo, const volte_msg_info *info)
{
    uint32_t to = volte_msg_response_to(info);
    int64_t response_time = volte_msg_response_time(info, volte_frame_time_ns(pinfo));
    uint32_t in = volte_msg_response_in(info);

    if (to)
        proto_item_set_generated(proto_tree_add_uint(tree, hf_response_to, tvb, 0, 0, to));
    if (response_time >= 0)
        volte_add_duration(tree, hf_response_time, tvb, response_time);
    if (in)
        proto_item_set_generated(proto_tree_add_uint(tree, hf_response_in, tvb, 0, 0, in));
    if (info->retransmission) {
        proto_item_set_generated(proto_tree_add_boolean(tree, hf_retransmission, tvb, 0, 0, TRUE));
        proto_item_set_generated(
            proto_tree_add_uint(tree, hf_retransmission_of, tvb, 0, 0, info->retransmission_of));
    }
}

/* The message's subtree and expert infos. */
static void show_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const volte_msg_info *info,
                         const char *junk_line, gboolean whole_capture)
{
    proto_item *root = proto_tree_add_item(tree, proto_volte, tvb, (gint)info->start, (gint)info->length, ENC_NA);
    proto_tree *vt = proto_item_add_subtree(root, ett_volte);

    uint32_t call = volte_msg_call(info);
    if (call) {
        proto_item_append_text(root, ", Call %u, Message %u", call, info->msg_in_call);
        proto_item_set_generated(proto_tree_add_uint(vt, hf_call, tvb, 0, 0, call));
        proto_item_set_generated(proto_tree_add_uint(vt, hf_msg, tvb, 0, 0, info->msg_in_call));
    }
    volte_call_fields_add(vt, tvb, info, whole_capture);
    volte_bearer_fields_add(vt, tvb, info, whole_capture);
    if (info->is_response)
        add_status(vt, tvb, root, info);
    if (info->call_rec && info->call_rec->kind != VOLTE_CALL_KIND_OTHER)
        proto_item_append_text(root, ", state: %s", volte_call_state_name(info->state));
    add_pairing(vt, tvb, pinfo, info);
    if (info->problems & VOLTE_PROBLEM_NOT_SIP)
        proto_item_append_text(root, ": not a SIP message");
    volte_expert_add(vt, tvb, pinfo, root, info, junk_line);
}

/*
 * Does anybody look at this frame's volte items and expert infos?  The
 * GUI and tshark -V / -T json show the whole tree; otherwise only a filter,
 * a column or a -e field on a volte or expert field, or an expert info
 * listener (tshark -z expert), makes Wireshark keep them.  When nobody
 * does, building them is the plugin's largest cost on a plain tshark run,
 * so only the Info column and the tap are fed.
 */
static gboolean details_wanted(proto_tree *tree)
{
    return volte_tree_visible(tree) || volte_protocol_referenced(proto_volte) ||
           volte_protocol_referenced(proto_ws_expert) || (expert_tap > 0 && have_tap_listener(expert_tap));
}

static int dissect_volte(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    volte_epc_fields_dissect(tvb, pinfo, tree, engine, volte_engine_feed_epc);
    if (!engine)
        return 0;
    unsigned first, count;
    if (!PINFO_FD_VISITED(pinfo)) {
        if (!tree)
            return 0;
        first = volte_engine_message_count(engine);
        count = analyse_frame(tvb, pinfo, tree);
    } else {
        /* the first pass is over: the checks that need the end of the capture can run */
        volte_engine_finish(engine);
        count = volte_engine_frame_results(engine, pinfo->num, &first);
    }
    if (count == 0)
        return 0;
    const frame_extra *extra = wmem_map_lookup(frame_extras, GUINT_TO_POINTER(pinfo->num));
    const char *junk_line = extra ? extra->junk_line : NULL;
    gboolean details = details_wanted(tree);
    for (unsigned i = 0; i < count; i++) {
        const volte_msg_info *info = volte_engine_result(engine, first + i);
        add_info_column(pinfo, info);
        if (details)
            show_message(tvb, pinfo, tree, info, junk_line, PINFO_FD_VISITED(pinfo));
        if (have_tap_listener(volte_tap))
            tap_queue_packet(volte_tap, pinfo, (void *)info);
    }
    if (extra && extra->dropped) {
        proto_item *ti = proto_tree_add_item(tree, proto_volte, tvb, 0, 0, ENC_NA);
        expert_add_info_format(pinfo, ti, &ei_too_many,
                               "%u more SIP messages in this frame were not analysed (limit %u per frame)",
                               extra->dropped, (unsigned)VOLTE_MAX_MESSAGES_PER_FRAME);
    }
    return tvb_captured_length(tvb);
}

void proto_register_volte(void)
{
    static hf_register_info hf[] = {
        {&hf_call, {"Call", "volte.call", FT_UINT32, BASE_DEC, NULL, 0x0,
                    "Call or registration this message belongs to, numbered by first appearance of its "
                    "Call-ID", HFILL}},
        {&hf_msg, {"Message in call", "volte.msg", FT_UINT32, BASE_DEC, NULL, 0x0,
                   "Position of this message in its call (1 = first)", HFILL}},
        {&hf_status_code, {"Status", "volte.status.code", FT_UINT32, BASE_DEC, NULL, 0x0,
                           "Status code of the response", HFILL}},
        {&hf_status_class, {"Class", "volte.status.class", FT_UINT32, BASE_DEC, VALS(status_class_vals),
                            0x0, "Response class (1..6), from the first digit of the code", HFILL}},
        {&hf_status_final, {"Final", "volte.status.final", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                            "True for final responses (200..699), false for provisional (1xx)", HFILL}},
        {&hf_status_name, {"Name", "volte.status.name", FT_STRING, BASE_NONE, NULL, 0x0,
                           "Standard reason phrase of the code, whatever phrase the sender wrote", HFILL}},
        {&hf_status_meaning, {"Meaning", "volte.status.meaning", FT_STRING, BASE_NONE, NULL, 0x0,
                              "What the code means (English)", HFILL}},
        {&hf_status_meaning_zh, {"Meaning (Chinese)", "volte.status.meaning_zh", FT_STRING, BASE_NONE,
                                 NULL, 0x0, "What the code means (Chinese)", HFILL}},
        {&hf_status_action, {"Client action", "volte.status.action", FT_STRING, BASE_NONE, NULL, 0x0,
                             "What the client is expected to do next", HFILL}},
        {&hf_status_ref, {"Reference", "volte.status.ref", FT_STRING, BASE_NONE, NULL, 0x0,
                          "Specification and section that define the code", HFILL}},
        {&hf_status_volte_note, {"VoLTE note", "volte.status.volte_note", FT_STRING, BASE_NONE, NULL,
                                 0x0, "Typical cause of this code in VoLTE / IMS networks", HFILL}},
        {&hf_status_known, {"Registered code", "volte.status.known", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                            "True when the code is in the IANA SIP response-code registry", HFILL}},
        {&hf_response_to, {"Response to", "volte.response_to", FT_FRAMENUM, BASE_NONE,
                           FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
                           "Frame of the request this response answers (its first copy)", HFILL}},
        {&hf_response_in, {"Final response in", "volte.response_in", FT_FRAMENUM, BASE_NONE,
                           FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
                           "Frame of the first final response to this request (shown in two-pass mode "
                           "and in the GUI only, since it comes later in the capture)", HFILL}},
        {&hf_response_time, {"Response time", "volte.response_time", FT_RELATIVE_TIME, BASE_NONE, NULL,
                             0x0, "Seconds from the request's first copy to this response", HFILL}},
        {&hf_retransmission, {"Retransmission", "volte.retransmission", FT_BOOLEAN, BASE_NONE, NULL,
                              0x0, "An earlier copy of this message was seen in the same transaction",
                              HFILL}},
        {&hf_retransmission_of, {"Retransmission of", "volte.retransmission_of", FT_FRAMENUM, BASE_NONE,
                                 FRAMENUM_TYPE(FT_FRAMENUM_DUP_ACK), 0x0,
                                 "Frame of the first copy of this message", HFILL}},
    };
    static gint *ett[] = {&ett_volte, &ett_status};
    static ei_register_info ei[] = {
        {&ei_too_many, {"volte.expert.too_many_messages", PI_UNDECODED, PI_NOTE,
                        "More SIP messages in this frame than the plugin analyses", EXPFILL}},
    };

    proto_volte = proto_register_protocol("VoLTE SIP Call Analysis", "VoLTE", "volte");
    proto_register_field_array(proto_volte, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *expert = expert_register_protocol(proto_volte);
    expert_register_field_array(expert, ei, array_length(ei));

    module_t *prefs = prefs_register_protocol(proto_volte, volte_prefs_changed);
    volte_expert_register(proto_volte, expert, prefs);
    prefs_register_enum_preference(prefs, "language", "Language of meanings",
                                   "Language of the status meanings shown in the tree and the Info "
                                   "column. Both meaning fields stay filterable whatever is chosen.",
                                   &pref_language, language_vals, FALSE);
    prefs_register_bool_preference(prefs, "info_meaning", "Show meanings in the Info column",
                                   "Append the meaning of each response's status code to the Info "
                                   "column",
                                   &pref_info_meaning);
    prefs_register_uint_preference(prefs, "sip_port", "SIP port",
                                   "Payload to or from this UDP/TCP/SCTP port that the SIP dissector did "
                                   "not take is reported as a SIP message that does not parse",
                                   10, &pref_sip_port);

    volte_call_fields_register(proto_volte);
    volte_bearer_fields_register(proto_volte);
    volte_epc_fields_register(proto_volte);
    volte_handle = create_dissector_handle(dissect_volte, proto_volte);
    frame_extras = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    volte_tap = register_tap("volte");
    register_init_routine(volte_init);
    register_cleanup_routine(volte_cleanup);
    volte_register_statistics();
}

void proto_reg_handoff_volte(void)
{
    volte_sip_fields_init(pref_sip_port);
    volte_epc_fields_init();
    proto_ws_expert = proto_get_id_by_filter_name("_ws.expert");
    register_postdissector(volte_handle);
    GArray *wanted = volte_sip_fields_wanted();
    volte_epc_fields_wanted(wanted);
    set_postdissector_wanted_hfids(volte_handle, wanted);
}
