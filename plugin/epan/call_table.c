/*
 * call_table.c - the call table and the KPI report of tshark's -z option.
 *
 *   -z volte,calls[,filter]       one row per call and registration, aligned
 *   -z volte,calls,tsv[,filter]   the same as tab-separated values, for scripts
 *   -z volte,stat[,filter]        the totals a VoLTE KPI report starts with
 *
 * Both listen to the "volte" tap.  Each tapped message refreshes its call's
 * row from the engine's record, so the rows hold the state at the end of the
 * capture whatever pass the tap runs in; a display filter selects the calls
 * that have at least one matching message.
 */
#include "config_volte.h"

#include <stdio.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "volte/analysis.h"
#include "volte/call.h"
#include "volte_epan.h"

/* A copy of what the table shows of one call. */
typedef struct {
    volte_call view;        /* strings below are our own copies */
    const volte_call *live; /* the engine's record: its bearers also move on EPC frames after the
                             * call's last SIP message; valid while the file is open (tshark draws
                             * before it closes the file) */
    int64_t    capture_start_ns;
} call_row;

typedef enum { REPORT_CALLS, REPORT_CALLS_TSV, REPORT_STAT } report_kind;

typedef struct {
    report_kind kind;
    char       *filter;
    GHashTable *rows;             /* call number -> call_row * */
    int64_t     capture_start_ns; /* -1 until the first message */
} call_report;

static void row_free(gpointer p)
{
    call_row *row = p;
    g_free((char *)row->view.call_id);
    g_free((char *)row->view.caller);
    g_free((char *)row->view.callee);
    g_free(row);
}

static void report_reset(void *tapdata)
{
    call_report *r = tapdata;
    g_hash_table_remove_all(r->rows);
    r->capture_start_ns = -1;
}

static tap_packet_status report_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                       const void *data, tap_flags_t flags _U_)
{
    call_report *r = tapdata;
    const volte_msg_info *info = data;
    if (!info || !info->call_rec)
        return TAP_PACKET_DONT_REDRAW;
    if (r->capture_start_ns < 0) {
        nstime_t start;
        nstime_delta(&start, &pinfo->abs_ts, &pinfo->rel_ts);
        r->capture_start_ns = (int64_t)start.secs * 1000000000 + start.nsecs;
    }
    const volte_call *call = info->call_rec;
    call_row *row = g_hash_table_lookup(r->rows, GUINT_TO_POINTER(call->number));
    if (!row) {
        row = g_new0(call_row, 1);
        g_hash_table_insert(r->rows, GUINT_TO_POINTER(call->number), row);
    } else {
        g_free((char *)row->view.call_id);
        g_free((char *)row->view.caller);
        g_free((char *)row->view.callee);
    }
    row->view = *call;
    row->live = call;
    row->view.call_id = g_strdup(call->call_id);
    row->view.caller = g_strdup(call->caller);
    row->view.callee = g_strdup(call->callee);
    row->capture_start_ns = r->capture_start_ns;
    return TAP_PACKET_REDRAW;
}

static gint by_number(gconstpointer a, gconstpointer b)
{
    const call_row *x = *(const call_row *const *)a;
    const call_row *y = *(const call_row *const *)b;
    return x->view.number < y->view.number ? -1 : x->view.number > y->view.number;
}

static GPtrArray *sorted_rows(const call_report *r)
{
    GPtrArray *rows = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, r->rows);
    while (g_hash_table_iter_next(&it, NULL, &value))
        g_ptr_array_add(rows, value);
    g_ptr_array_sort(rows, by_number);
    return rows;
}

static const char *kind_name(volte_call_kind kind)
{
    return kind == VOLTE_CALL_KIND_CALL ? "call" : kind == VOLTE_CALL_KIND_REGISTRATION ? "registration" : "other";
}

/* Seconds with millisecond precision, or "-" when not measured. */
static void format_seconds(char *buf, size_t size, int64_t ns)
{
    if (ns < 0)
        g_strlcpy(buf, "-", size);
    else
        g_snprintf(buf, size, "%.3f", (double)ns / 1e9);
}

static char *flows_text(uint32_t flows)
{
    GString *s = g_string_new(NULL);
    for (int f = 0; f < VOLTE_FLOW_COUNT; f++) {
        if (flows & VOLTE_FLOW_BIT(f)) {
            if (s->len)
                g_string_append_c(s, ',');
            g_string_append(s, volte_flow_name((volte_flow)f));
        }
    }
    if (!s->len)
        g_string_append_c(s, '-');
    return g_string_free(s, FALSE);
}

static void draw_calls(const call_report *r)
{
    gboolean tsv = r->kind == REPORT_CALLS_TSV;
    GPtrArray *rows = sorted_rows(r);
    const char *head[] = {"call", "type", "call_id", "caller", "callee", "start", "srd", "answer_delay",
                          "duration", "state", "outcome", "flows", "messages", "anomalies", "bearer"};

    if (tsv) {
        for (size_t i = 0; i < G_N_ELEMENTS(head); i++)
            printf("%s%s", i ? "\t" : "", head[i]);
        printf("\n");
    } else {
        printf("\n==================================================================================\n");
        printf("VoLTE calls and registrations%s%s\n", r->filter ? ", filter: " : "", r->filter ? r->filter : "");
        printf("%-5s %-12s %-14s %-14s %9s %7s %7s %9s %-19s %-12s %5s %4s  %s\n", "Call", "Type", "Caller",
               "Callee", "Start", "SRD", "Answer", "Duration", "State", "Outcome", "Msgs", "Anom",
               "Flows / Call-ID");
    }
    for (guint i = 0; i < rows->len; i++) {
        const call_row *row = g_ptr_array_index(rows, i);
        const volte_call *c = &row->view;
        char start[32], srd[32], answer[32], duration[32];
        format_seconds(start, sizeof start, c->first_ns - row->capture_start_ns);
        format_seconds(srd, sizeof srd, c->kpi_ns[VOLTE_KPI_SRD]);
        format_seconds(answer, sizeof answer, c->kpi_ns[VOLTE_KPI_ANSWER_DELAY]);
        format_seconds(duration, sizeof duration, c->kpi_ns[VOLTE_KPI_DURATION]);
        char *flows = flows_text(c->flows);
        const char *state = c->kind == VOLTE_CALL_KIND_OTHER ? "-" : volte_call_state_name(c->state);
        const char *outcome = c->kind == VOLTE_CALL_KIND_OTHER ? "-" : volte_outcome_name(c->outcome);
        char bearer[160];
        const volte_bearer_track *track = row->live ? row->live->bearer : c->bearer;
        if (c->kind == VOLTE_CALL_KIND_CALL && track)
            volte_bearer_summary(track, bearer, sizeof bearer);
        else
            g_strlcpy(bearer, "-", sizeof bearer);
        if (tsv)
            printf("%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%u\t%u\t%s\n", c->number, kind_name(c->kind),
                   c->call_id, c->caller ? c->caller : "", c->callee ? c->callee : "", start, srd, answer,
                   duration, state, outcome, flows, c->messages, c->anomalies, bearer);
        else
            printf("%-5u %-12s %-14s %-14s %9s %7s %7s %9s %-19s %-12s %5u %4u  %s\n%58s%s\n", c->number,
                   kind_name(c->kind), c->caller ? c->caller : "-", c->callee ? c->callee : "-", start, srd,
                   answer, duration, state, outcome, c->messages, c->anomalies, flows, "Call-ID: ",
                   c->call_id);
        if (!tsv && c->kind == VOLTE_CALL_KIND_CALL)
            printf("%58s%s\n", "Bearers: ", bearer);
        g_free(flows);
    }
    if (!tsv)
        printf("==================================================================================\n");
    g_ptr_array_free(rows, TRUE);
}

static int compare_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static int64_t percentile(const int64_t *v, size_t n, unsigned p)
{
    if (n == 0)
        return -1;
    size_t rank = (p * n + 99) / 100;
    return v[rank ? rank - 1 : 0];
}

static void draw_stat(const call_report *r)
{
    GPtrArray *rows = sorted_rows(r);
    unsigned attempts = 0, partial = 0, outcomes[VOLTE_OUTCOME_COUNT] = {0};
    unsigned reg_attempts = 0, reg_ok = 0;
    int64_t *srd = g_new(int64_t, rows->len + 1);
    size_t nsrd = 0;

    for (guint i = 0; i < rows->len; i++) {
        const volte_call *c = &((const call_row *)g_ptr_array_index(rows, i))->view;
        if (c->kind == VOLTE_CALL_KIND_CALL) {
            if (c->partial) {
                partial++;
                continue;
            }
            attempts++;
            outcomes[c->outcome]++;
            if (c->kpi_ns[VOLTE_KPI_SRD] >= 0)
                srd[nsrd++] = c->kpi_ns[VOLTE_KPI_SRD];
        } else if (c->kind == VOLTE_CALL_KIND_REGISTRATION) {
            reg_attempts++;
            if (c->flows & (VOLTE_FLOW_BIT(VOLTE_FLOW_REGISTER) | VOLTE_FLOW_BIT(VOLTE_FLOW_DEREGISTER)))
                reg_ok++;
        }
    }
    qsort(srd, nsrd, sizeof *srd, compare_int64);

    char med[32], p95[32];
    format_seconds(med, sizeof med, percentile(srd, nsrd, 50));
    format_seconds(p95, sizeof p95, percentile(srd, nsrd, 95));
    printf("\n==================================================================================\n");
    printf("VoLTE KPI summary%s%s\n", r->filter ? ", filter: " : "", r->filter ? r->filter : "");
    printf("Call attempts:                 %u\n", attempts);
    printf("Calls answered:                %u\n", outcomes[VOLTE_OUTCOME_ANSWERED]);
    if (attempts)
        printf("Call setup success ratio:      %.2f%%\n", 100.0 * outcomes[VOLTE_OUTCOME_ANSWERED] / attempts);
    else
        printf("Call setup success ratio:      -\n");
    for (int o = VOLTE_OUTCOME_IN_PROGRESS; o < VOLTE_OUTCOME_COUNT; o++)
        if (o != VOLTE_OUTCOME_REGISTERED && o != VOLTE_OUTCOME_DEREGISTERED)
            printf("  outcome %-20s %u\n", volte_outcome_name((volte_outcome)o), outcomes[o]);
    printf("Calls started before capture:  %u (not counted above)\n", partial);
    printf("SRD median (s):                %s\n", med);
    printf("SRD 95th percentile (s):       %s\n", p95);
    printf("Registration attempts:         %u\n", reg_attempts);
    printf("Registrations successful:      %u\n", reg_ok);
    if (reg_attempts)
        printf("Registration success ratio:    %.2f%%\n", 100.0 * reg_ok / reg_attempts);
    else
        printf("Registration success ratio:    -\n");
    printf("==================================================================================\n");
    g_free(srd);
    g_ptr_array_free(rows, TRUE);
}

static void report_draw(void *tapdata)
{
    call_report *r = tapdata;
    if (r->kind == REPORT_STAT)
        draw_stat(r);
    else
        draw_calls(r);
}

static void report_finish(void *tapdata)
{
    call_report *r = tapdata;
    g_hash_table_destroy(r->rows);
    g_free(r->filter);
    g_free(r);
}

static void start_report(const char *opt_arg, report_kind kind, const char *prefix)
{
    call_report *r = g_new0(call_report, 1);
    const char *rest = opt_arg + strlen(prefix);

    r->kind = kind;
    r->capture_start_ns = -1;
    r->rows = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, row_free);
    if (kind == REPORT_CALLS && g_str_has_prefix(rest, ",tsv")) {
        r->kind = REPORT_CALLS_TSV;
        rest += 4;
    }
    if (*rest == ',' && rest[1])
        r->filter = g_strdup(rest + 1);

    GString *error = register_tap_listener("volte", r, r->filter, TL_REQUIRES_NOTHING, report_reset,
                                           report_packet, report_draw, report_finish);
    if (error) {
        fprintf(stderr, "tshark: couldn't register volte tap: %s\n", error->str);
        g_string_free(error, TRUE);
        report_finish(r);
        exit(1);
    }
}

static void calls_init(const char *opt_arg, void *userdata _U_)
{
    start_report(opt_arg, REPORT_CALLS, "volte,calls");
}

static void stat_init(const char *opt_arg, void *userdata _U_)
{
    start_report(opt_arg, REPORT_STAT, "volte,stat");
}

void volte_register_call_reports(void)
{
    static stat_tap_ui calls_ui = {REGISTER_STAT_GROUP_TELEPHONY, "VoLTE calls", "volte,calls", calls_init,
                                   0, NULL};
    static stat_tap_ui stat_ui = {REGISTER_STAT_GROUP_TELEPHONY, "VoLTE KPI summary", "volte,stat",
                                  stat_init, 0, NULL};
    register_stat_tap_ui(&calls_ui, NULL);
    register_stat_tap_ui(&stat_ui, NULL);
}
