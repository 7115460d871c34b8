/*
 * epc_fields.c - EPC and 5GC bearer signalling in, volte.epc.* fields out.
 *
 * On the first pass over a frame, the Diameter (Rx, Gx), GTPv2-C, S1AP (with
 * the NAS ESM messages inside) and NGAP fields that Wireshark's dissectors
 * added are read -- only those asked for with set_postdissector_wanted_hfids
 * (volte_epc_fields_wanted) are filled -- and grouped per message: a field
 * belongs to the protocol item that starts last at or before it in the same
 * data source, as SCTP bundles several messages in one frame.  Each message
 * becomes a volte_epc_event (include/volte/epc.h) for the engine, which
 * links it to a call and moves that call's bearer.  The outcome is kept
 * with the frame, so later passes (tshark -2, the GUI) show the same
 * volte.epc.* fields without the engine.
 */
#include "config_volte.h"

#include <string.h>

#include <epan/packet.h>
#include <epan/proto_data.h>

#include "volte/analysis.h"
#include "volte/epc.h"
#include "volte_epan.h"
#include "ws_compat.h"

/* p_add_proto_data key of the EPC results */
#define EPC_PROTO_DATA_KEY 0x45504301u

static int proto_volte_epc = -1; /* the volte protocol, for the items and the frame data */
static int hf_epc_event = -1;
static int hf_epc_call = -1;
static int hf_epc_call_frame = -1;
static int hf_epc_side = -1;
static int hf_epc_qci = -1;
static int hf_epc_bearer = -1;
static int hf_epc_match = -1;
static gint ett_epc = -1;

/* ---------------------------------------------------------------- fields read */

typedef enum {
    P_DIAMETER, P_GTPV2, P_S1AP, P_NGAP, /* anchors: one message each */
    F_DIA_FLAGS, F_DIA_CMD, F_DIA_APP, F_DIA_SESSION, F_DIA_ICID, F_DIA_FLOW, F_DIA_FRAMED4, F_DIA_FRAMED6,
    F_DIA_PREFIX6, F_DIA_PREFIXLEN, F_DIA_MEDIA_TYPE, F_DIA_ACTION, F_DIA_QCI, F_DIA_INSTALL, F_DIA_REMOVE,
    F_DIA_RULE_NAME,
    F_GTP_TYPE, F_GTP_SEQ, F_GTP_TEID, F_GTP_CAUSE, F_GTP_EBI, F_GTP_QCI,
    F_S1_PROC, F_S1_INIT, F_S1_SUCC, F_S1_UNSUCC, F_S1_MMEID, F_S1_ERAB, F_S1_QCI,
    F_NAS_ESM, F_NAS_EBI, F_NAS_QCI,
    F_TFT_PF, F_TFT_COMP, F_TFT_IP4, F_TFT_IP6, F_TFT_PORT,
    F_NG_PROC, F_NG_INIT, F_NG_SUCC, F_NG_AMFID, F_NG_PSI, F_NG_QFI, F_NG_5QI, F_NG_RELITEM,
    F_COUNT
} field_id;

static const char *const field_names[F_COUNT] = {
    [P_DIAMETER] = "diameter", [P_GTPV2] = "gtpv2", [P_S1AP] = "s1ap", [P_NGAP] = "ngap",
    [F_DIA_FLAGS] = "diameter.flags",
    [F_DIA_CMD] = "diameter.cmd.code",
    [F_DIA_APP] = "diameter.applicationId",
    [F_DIA_SESSION] = "diameter.Session-Id",
    [F_DIA_ICID] = "diameter.AF-Charging-Identifier",
    [F_DIA_FLOW] = "diameter.Flow-Description",
    [F_DIA_FRAMED4] = "diameter.Framed-IP-Address.IPv4",
    [F_DIA_FRAMED6] = "diameter.Framed-IP-Address.IPv6",
    [F_DIA_PREFIX6] = "diameter.framed_ipv6_prefix_ipv6",
    [F_DIA_PREFIXLEN] = "diameter.framed_ipv6_prefix_length",
    [F_DIA_MEDIA_TYPE] = "diameter.Media-Type",
    [F_DIA_ACTION] = "diameter.Specific-Action",
    [F_DIA_QCI] = "diameter.QoS-Class-Identifier",
    [F_DIA_INSTALL] = "diameter.Charging-Rule-Install",
    [F_DIA_REMOVE] = "diameter.Charging-Rule-Remove",
    [F_DIA_RULE_NAME] = "diameter.Charging-Rule-Name",
    [F_GTP_TYPE] = "gtpv2.message_type",
    [F_GTP_SEQ] = "gtpv2.seq",
    [F_GTP_TEID] = "gtpv2.teid",
    [F_GTP_CAUSE] = "gtpv2.cause",
    [F_GTP_EBI] = "gtpv2.ebi",
    [F_GTP_QCI] = "gtpv2.bearer_qos_label_qci",
    [F_S1_PROC] = "s1ap.procedureCode",
    [F_S1_INIT] = "s1ap.initiatingMessage_element",
    [F_S1_SUCC] = "s1ap.successfulOutcome_element",
    [F_S1_UNSUCC] = "s1ap.unsuccessfulOutcome_element",
    [F_S1_MMEID] = "s1ap.MME_UE_S1AP_ID",
    [F_S1_ERAB] = "s1ap.e_RAB_ID",
    [F_S1_QCI] = "s1ap.qCI",
    [F_NAS_ESM] = "nas_eps.nas_msg_esm_type",
    [F_NAS_EBI] = "nas_eps.bearer_id",
    [F_NAS_QCI] = "nas_eps.esm.qci",
    [F_TFT_PF] = "gsm_a.gm.sm.tft.packet_filter",
    [F_TFT_COMP] = "gsm_a.gm.sm.tft.packet_filter_component_type_id",
    [F_TFT_IP4] = "gsm_a.gm.sm.ip4_address",
    [F_TFT_IP6] = "gsm_a.gm.sm.ip6_address",
    [F_TFT_PORT] = "gsm_a.gm.sm.tft.port",
    [F_NG_PROC] = "ngap.procedureCode",
    [F_NG_INIT] = "ngap.initiatingMessage_element",
    [F_NG_SUCC] = "ngap.successfulOutcome_element",
    [F_NG_AMFID] = "ngap.AMF_UE_NGAP_ID",
    [F_NG_PSI] = "ngap.pDUSessionID",
    [F_NG_QFI] = "ngap.qosFlowIdentifier",
    [F_NG_5QI] = "ngap.fiveQI",
    [F_NG_RELITEM] = "ngap.QosFlowWithCauseItem_element",
};

/* Some names are registered more than once (the S1AP IE PDU and the IE
 * type both as s1ap.MME_UE_S1AP_ID): the dissector may use either, so every
 * field id of a name is wanted and read. */
#define MAX_SAME_NAME 4
static int ids[F_COUNT][MAX_SAME_NAME];
static unsigned nids[F_COUNT];

static void add_id_of(field_id f, int id)
{
    if (id <= 0)
        return;
    for (unsigned i = 0; i < nids[f]; i++)
        if (ids[f][i] == id)
            return;
    if (nids[f] < MAX_SAME_NAME)
        ids[f][nids[f]++] = id;
}

void volte_epc_fields_init(void)
{
    for (int i = 0; i < F_COUNT; i++) {
        nids[i] = 0;
        if (i <= P_NGAP) {
            add_id_of((field_id)i, proto_get_id_by_filter_name(field_names[i]));
            continue;
        }
        int id = proto_registrar_get_id_byname(field_names[i]);
        if (id <= 0)
            continue;
        header_field_info *h = proto_registrar_get_nth((guint)id);
        /* walk back to the first registration of the name, then forward */
        for (unsigned guard = 0; h && h->same_name_prev_id > 0 && guard < 16; guard++)
            h = proto_registrar_get_nth((guint)h->same_name_prev_id);
        for (unsigned guard = 0; h && guard < 16; guard++, h = h->same_name_next)
            add_id_of((field_id)i, h->id);
        add_id_of((field_id)i, id);
    }
}

void volte_epc_fields_wanted(GArray *wanted)
{
    if (!wanted)
        return;
    for (int i = 0; i < F_COUNT; i++)
        for (unsigned j = 0; j < nids[i]; j++)
            g_array_append_val(wanted, ids[i][j]);
}

static GPtrArray *items(proto_tree *tree, field_id f, unsigned j)
{
    return j < nids[f] ? proto_get_finfo_ptr_array(tree, ids[f][j]) : NULL;
}

/* ---------------------------------------------------------------- per message */

#define MAX_TFT 48

typedef struct {
    gint     start;
    gint     length;
} span;

typedef struct {
    gint    start;
    uint8_t value;
} comp;

typedef struct {
    gint     start;
    uint8_t  family;
    uint8_t  addr[16];
} tft_addr;

typedef struct {
    gint     start;
    uint16_t port;
} tft_port;

typedef struct {
    field_id  proto;
    tvbuff_t *ds;
    gint      start;

    /* Diameter */
    bool      has_cmd;
    uint32_t  cmd, app, flags;
    uint8_t   prefix_len;
    /* GTPv2, S1AP, NGAP */
    bool      has_type;
    uint32_t  type;           /* GTPv2 message type, S1AP/NGAP procedure code */
    int       outcome;        /* 1 initiating, 2 successful, 3 unsuccessful */
    bool      has_esm;
    uint32_t  esm;
    unsigned  nas_ebi_count;
    uint8_t   nas_ebi[VOLTE_EPC_MAX_IDS];
    unsigned  nas_qci_count;
    uint8_t   nas_qci[VOLTE_EPC_MAX_QCI];
    bool      has_seq, has_teid;
    /* TFT */
    unsigned  npf, ncomp, naddr, nport;
    span      pf[MAX_TFT];
    comp      comps[MAX_TFT];
    tft_addr  addrs[MAX_TFT];
    tft_port  ports[MAX_TFT];

    volte_epc_event ev;
} message;

typedef struct {
    unsigned count;
    unsigned dropped;
    message  msgs[VOLTE_EPC_MAX_PER_FRAME];
} frame_messages;

static message *owner(frame_messages *fm, const field_info *fi)
{
    message *best = NULL;
    for (unsigned i = 0; i < fm->count; i++) {
        message *m = &fm->msgs[i];
        if (m->ds == fi->ds_tvb && m->start <= fi->start && (!best || m->start >= best->start))
            best = m;
    }
    return best;
}

/* The bytes of an item, read from its data source (version-independent). */
static guint item_bytes(const field_info *fi, uint8_t *buf, guint size)
{
    if (!fi->ds_tvb || fi->start < 0 || fi->length <= 0)
        return 0;
    gint avail = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
    if (avail <= 0)
        return 0;
    guint n = (guint)MIN(MIN(fi->length, avail), (gint)size);
    tvb_memcpy(fi->ds_tvb, buf, fi->start, n);
    return n;
}

/* An octet-string AVP (AF-Charging-Identifier, Charging-Rule-Name) as text. */
static const char *item_text(const field_info *fi, packet_info *pinfo)
{
    uint8_t buf[256];
    guint n = item_bytes(fi, buf, sizeof buf - 1);
    if (n == 0)
        return NULL;
    char *s = wmem_alloc(pinfo->pool, n + 1);
    guint j = 0;
    for (guint i = 0; i < n && buf[i]; i++)
        s[j++] = (char)buf[i];
    s[j] = '\0';
    return j ? s : NULL;
}

static void add_qci(volte_epc_event *ev, uint32_t qci)
{
    if (ev->qci_count < VOLTE_EPC_MAX_QCI)
        ev->qci[ev->qci_count++] = (uint8_t)qci;
}

static void add_id(volte_epc_event *ev, uint32_t id)
{
    if (ev->id_count < VOLTE_EPC_MAX_IDS)
        ev->ids[ev->id_count++] = (uint8_t)id;
}

static void take(message *m, field_id f, const field_info *fi, packet_info *pinfo)
{
    volte_epc_event *ev = &m->ev;
    fvalue_t *fv = (fvalue_t *)VOLTE_FI_VALUE(fi);
    switch (f) {
    case F_DIA_FLAGS:
        m->flags = volte_fi_uint(fi);
        break;
    case F_DIA_CMD:
        if (!m->has_cmd) {
            m->cmd = volte_fi_uint(fi);
            m->has_cmd = true;
        }
        break;
    case F_DIA_APP:
        m->app = volte_fi_uint(fi);
        break;
    case F_DIA_SESSION:
        if (!ev->session_id)
            ev->session_id = volte_fi_string(fi);
        break;
    case F_DIA_ICID:
        if (!ev->icid)
            ev->icid = item_text(fi, pinfo);
        break;
    case F_DIA_FLOW:
        volte_epc_add_flow(ev, volte_fi_string(fi), m->app == 16777236);
        break;
    case F_DIA_FRAMED4:
    case F_DIA_FRAMED6:
    case F_DIA_PREFIX6: {
        volte_epc_endpoint e;
        memset(&e, 0, sizeof e);
        guint want = f == F_DIA_FRAMED4 ? 4 : 16;
        if (item_bytes(fi, e.addr, want) == 0 || ev->endpoint_count >= VOLTE_EPC_MAX_ENDPOINTS)
            break;
        e.family = f == F_DIA_FRAMED4 ? 4 : 6;
        e.role = VOLTE_EPC_ROLE_UE;
        if (f == F_DIA_PREFIX6)
            e.prefix = m->prefix_len ? m->prefix_len : 64;
        ev->endpoints[ev->endpoint_count++] = e;
        break;
    }
    case F_DIA_PREFIXLEN:
        m->prefix_len = (uint8_t)volte_fi_uint(fi);
        break;
    case F_DIA_MEDIA_TYPE: {
        gint32 t = fvalue_get_sinteger(fv);
        if (t == 0)
            ev->media_types |= 1u << VOLTE_MEDIA_AUDIO;
        else if (t == 1)
            ev->media_types |= 1u << VOLTE_MEDIA_VIDEO;
        break;
    }
    case F_DIA_ACTION: {
        gint32 a = fvalue_get_sinteger(fv);
        if (a >= 0 && a < 32)
            ev->actions |= 1u << a;
        break;
    }
    case F_DIA_QCI:
        add_qci(ev, (uint32_t)fvalue_get_sinteger(fv));
        break;
    case F_DIA_INSTALL:
        ev->install = true;
        break;
    case F_DIA_REMOVE:
        ev->remove = true;
        break;
    case F_DIA_RULE_NAME:
        if (ev->name_count < VOLTE_EPC_MAX_NAMES) {
            const char *name = item_text(fi, pinfo);
            if (name)
                ev->names[ev->name_count++] = name;
        }
        break;
    case F_GTP_TYPE:
        if (!m->has_type) {
            m->type = volte_fi_uint(fi);
            m->has_type = true;
        }
        break;
    case F_GTP_SEQ:
        if (!m->has_seq) {
            ev->gtp_seq = volte_fi_uint(fi);
            m->has_seq = true;
        }
        break;
    case F_GTP_TEID:
        if (!m->has_teid) {
            ev->gtp_teid = volte_fi_uint(fi);
            m->has_teid = true;
        }
        break;
    case F_GTP_CAUSE:
        if (!ev->has_cause) {
            ev->cause = volte_fi_uint(fi);
            ev->has_cause = true;
        }
        break;
    case F_GTP_EBI:
        add_id(ev, volte_fi_uint(fi));
        break;
    case F_GTP_QCI:
    case F_S1_QCI:
        add_qci(ev, volte_fi_uint(fi));
        break;
    case F_S1_PROC:
    case F_NG_PROC:
        if (!m->has_type) {
            m->type = volte_fi_uint(fi);
            m->has_type = true;
        }
        break;
    case F_S1_INIT:
    case F_NG_INIT:
        if (!m->outcome)
            m->outcome = 1;
        break;
    case F_S1_SUCC:
    case F_NG_SUCC:
        if (!m->outcome)
            m->outcome = 2;
        break;
    case F_S1_UNSUCC:
        if (!m->outcome)
            m->outcome = 3;
        break;
    case F_S1_MMEID:
        if (!ev->has_ue_id) {
            ev->ue_id = volte_fi_uint(fi);
            ev->has_ue_id = true;
        }
        break;
    case F_S1_ERAB:
    case F_NG_QFI:
        add_id(ev, volte_fi_uint(fi));
        break;
    case F_NAS_ESM:
        if (!m->has_esm) {
            m->esm = volte_fi_uint(fi);
            m->has_esm = true;
        }
        break;
    case F_NAS_EBI:
        if (m->nas_ebi_count < VOLTE_EPC_MAX_IDS)
            m->nas_ebi[m->nas_ebi_count++] = (uint8_t)volte_fi_uint(fi);
        break;
    case F_NAS_QCI:
        if (m->nas_qci_count < VOLTE_EPC_MAX_QCI)
            m->nas_qci[m->nas_qci_count++] = (uint8_t)volte_fi_uint(fi);
        break;
    case F_TFT_PF:
        if (m->npf < MAX_TFT) {
            m->pf[m->npf].start = fi->start;
            m->pf[m->npf].length = fi->length;
            m->npf++;
        }
        break;
    case F_TFT_COMP:
        if (m->ncomp < MAX_TFT) {
            m->comps[m->ncomp].start = fi->start;
            m->comps[m->ncomp].value = (uint8_t)volte_fi_uint(fi);
            m->ncomp++;
        }
        break;
    case F_TFT_IP4:
    case F_TFT_IP6:
        if (m->naddr < MAX_TFT) {
            tft_addr *a = &m->addrs[m->naddr];
            memset(a, 0, sizeof *a);
            if (item_bytes(fi, a->addr, f == F_TFT_IP4 ? 4 : 16) == 0)
                break;
            a->start = fi->start;
            a->family = f == F_TFT_IP4 ? 4 : 6;
            m->naddr++;
        }
        break;
    case F_TFT_PORT:
        if (m->nport < MAX_TFT) {
            m->ports[m->nport].start = fi->start;
            m->ports[m->nport].port = (uint16_t)volte_fi_uint(fi);
            m->nport++;
        }
        break;
    case F_NG_AMFID:
        if (!ev->has_ue_id) {
            guint64 v = fvalue_get_uinteger64(fv);
            ev->ue_id = (uint32_t)(v ^ (v >> 32));
            ev->has_ue_id = true;
        }
        break;
    case F_NG_PSI:
        if (!ev->pdu_session)
            ev->pdu_session = volte_fi_uint(fi);
        break;
    case F_NG_5QI:
        add_qci(ev, volte_fi_uint(fi));
        break;
    case F_NG_RELITEM:
        ev->release_list = true;
        break;
    default:
        break;
    }
}

/* TS 24.008 §10.5.6.12: the component type that a value item follows. */
static int component_of(const message *m, gint value_start)
{
    for (unsigned i = 0; i < m->ncomp; i++)
        if (m->comps[i].start + 1 == value_start)
            return m->comps[i].value;
    return -1;
}

/* The TFT's packet filters as endpoints: local address and port are the
 * UE's, remote address and port the far end's. */
static void tft_endpoints(message *m)
{
    volte_epc_event *ev = &m->ev;
    /* the "Packet filter" item covers its first byte only: a filter runs
     * from its item to the next one's */
    unsigned groups = m->npf ? m->npf : 1;
    for (unsigned g = 0; g < groups; g++) {
        gint lo = m->npf ? m->pf[g].start : G_MININT;
        gint hi = G_MAXINT;
        for (unsigned h = 0; h < m->npf; h++)
            if (m->pf[h].start > lo && m->pf[h].start < hi)
                hi = m->pf[h].start;
        volte_epc_endpoint ue, remote;
        memset(&ue, 0, sizeof ue);
        memset(&remote, 0, sizeof remote);
        ue.role = VOLTE_EPC_ROLE_UE;
        remote.role = VOLTE_EPC_ROLE_REMOTE;
        for (unsigned i = 0; i < m->naddr; i++) {
            const tft_addr *a = &m->addrs[i];
            if (a->start < lo || a->start >= hi)
                continue;
            int type = component_of(m, a->start);
            volte_epc_endpoint *e = (type == 17 || type == 35) ? &ue : (type == 16 || type == 32 || type == 33) ? &remote : NULL;
            if (!e)
                continue;
            memcpy(e->addr, a->addr, 16);
            e->family = a->family;
            if (type == 35 || type == 33)
                e->prefix = 64;
        }
        for (unsigned i = 0; i < m->nport; i++) {
            const tft_port *p = &m->ports[i];
            if (p->start < lo || p->start >= hi)
                continue;
            int type = component_of(m, p->start);
            if (type == 64)
                ue.port = p->port;
            else if (type == 80)
                remote.port = p->port;
        }
        if ((ue.family || ue.port) && ev->endpoint_count < VOLTE_EPC_MAX_ENDPOINTS)
            ev->endpoints[ev->endpoint_count++] = ue;
        if ((remote.family || remote.port) && ev->endpoint_count < VOLTE_EPC_MAX_ENDPOINTS)
            ev->endpoints[ev->endpoint_count++] = remote;
    }
}

static volte_epc_kind nas_kind(uint32_t esm)
{
    switch (esm) {
    case 0xc5: return VOLTE_EPC_NAS_ACT_DEDICATED_REQ;
    case 0xc6: return VOLTE_EPC_NAS_ACT_DEDICATED_ACC;
    case 0xc7: return VOLTE_EPC_NAS_ACT_DEDICATED_REJ;
    case 0xcd: return VOLTE_EPC_NAS_DEACTIVATE_REQ;
    case 0xce: return VOLTE_EPC_NAS_DEACTIVATE_ACC;
    default:   return VOLTE_EPC_UNKNOWN;
    }
}

/* What the message is, from its header fields. */
static volte_epc_kind classify(message *m)
{
    volte_epc_event *ev = &m->ev;
    switch (m->proto) {
    case P_DIAMETER:
        if (!m->has_cmd || !(m->flags & 0x80))
            return VOLTE_EPC_UNKNOWN; /* answers say nothing new */
        if (m->app == 16777236) {     /* 3GPP Rx */
            switch (m->cmd) {
            case 265: return VOLTE_EPC_RX_AAR;
            case 258: return VOLTE_EPC_RX_RAR;
            case 275: return VOLTE_EPC_RX_STR;
            case 274: return VOLTE_EPC_RX_ASR;
            default:  return VOLTE_EPC_UNKNOWN;
            }
        }
        if (m->app == 16777238 && m->cmd == 258) /* 3GPP Gx */
            return VOLTE_EPC_GX_RAR;
        return VOLTE_EPC_UNKNOWN;
    case P_GTPV2:
        if (!m->has_type)
            return VOLTE_EPC_UNKNOWN;
        ev->has_gtp = m->has_seq;
        switch (m->type) {
        case 95:  ev->id_count = 0; return VOLTE_EPC_GTP_CREATE_BEARER_REQ; /* EBIs: LBI and 0 */
        case 96:  return VOLTE_EPC_GTP_CREATE_BEARER_RSP;
        case 99:  return VOLTE_EPC_GTP_DELETE_BEARER_REQ;
        case 100: return VOLTE_EPC_GTP_DELETE_BEARER_RSP;
        default:  return VOLTE_EPC_UNKNOWN;
        }
    case P_S1AP: {
        if (!m->has_type)
            return VOLTE_EPC_UNKNOWN;
        /* the NAS message inside gives what the S1AP message lacks */
        if (ev->id_count == 0)
            for (unsigned i = 0; i < m->nas_ebi_count; i++)
                add_id(ev, m->nas_ebi[i]);
        if (ev->qci_count == 0)
            for (unsigned i = 0; i < m->nas_qci_count; i++)
                add_qci(ev, m->nas_qci[i]);
        switch (m->type) {
        case 5:  /* E-RAB Setup */
            return m->outcome == 1 ? VOLTE_EPC_S1AP_ERAB_SETUP_REQ
                 : m->outcome == 2 ? VOLTE_EPC_S1AP_ERAB_SETUP_RSP : VOLTE_EPC_UNKNOWN;
        case 7:  /* E-RAB Release */
            return m->outcome == 1 ? VOLTE_EPC_S1AP_ERAB_RELEASE_CMD : VOLTE_EPC_UNKNOWN;
        case 8:  /* E-RAB Release Indication */
            return VOLTE_EPC_S1AP_ERAB_RELEASE_IND;
        case 11: /* downlink NAS transport */
        case 13: /* uplink NAS transport */
            return m->has_esm ? nas_kind(m->esm) : VOLTE_EPC_UNKNOWN;
        default:
            return VOLTE_EPC_UNKNOWN;
        }
    }
    case P_NGAP:
        if (!m->has_type)
            return VOLTE_EPC_UNKNOWN;
        switch (m->type) {
        case 29: /* PDU Session Resource Setup */
            return m->outcome == 1 ? VOLTE_EPC_NGAP_PDU_SETUP_REQ
                 : m->outcome == 2 ? VOLTE_EPC_NGAP_PDU_SETUP_RSP : VOLTE_EPC_UNKNOWN;
        case 26: /* PDU Session Resource Modify */
            return m->outcome == 1 ? VOLTE_EPC_NGAP_PDU_MODIFY_REQ
                 : m->outcome == 2 ? VOLTE_EPC_NGAP_PDU_MODIFY_RSP : VOLTE_EPC_UNKNOWN;
        case 28: /* PDU Session Resource Release */
            return m->outcome == 1 ? VOLTE_EPC_NGAP_PDU_RELEASE_CMD : VOLTE_EPC_UNKNOWN;
        default:
            return VOLTE_EPC_UNKNOWN;
        }
    default:
        return VOLTE_EPC_UNKNOWN;
    }
}

/* Hand every item of one field to the message that owns it. */
static void take_field(proto_tree *tree, frame_messages *fm, field_id f, packet_info *pinfo)
{
    for (unsigned j = 0; j < nids[f]; j++) {
        GPtrArray *list = items(tree, f, j);
        for (guint i = 0; list && i < list->len; i++) {
            const field_info *fi = g_ptr_array_index(list, i);
            message *m = owner(fm, fi);
            if (m)
                take(m, f, fi, pinfo);
        }
    }
}

/* Cheap test run on every frame: does it hold any of the four protocols? */
static gboolean has_anchor(proto_tree *tree)
{
    static const field_id anchors[] = {P_DIAMETER, P_GTPV2, P_S1AP, P_NGAP};
    for (size_t a = 0; a < G_N_ELEMENTS(anchors); a++) {
        GPtrArray *list = items(tree, anchors[a], 0);
        if (list && list->len > 0)
            return TRUE;
    }
    return FALSE;
}

static void read_anchors(proto_tree *tree, frame_messages *fm)
{
    static const field_id anchors[] = {P_DIAMETER, P_GTPV2, P_S1AP, P_NGAP};
    for (size_t a = 0; a < G_N_ELEMENTS(anchors); a++) {
        GPtrArray *list = items(tree, anchors[a], 0);
        for (guint i = 0; list && i < list->len; i++) {
            const field_info *fi = g_ptr_array_index(list, i);
            if (fm->count == VOLTE_EPC_MAX_PER_FRAME) {
                fm->dropped++;
                continue;
            }
            message *m = &fm->msgs[fm->count++];
            memset(m, 0, sizeof *m);
            m->proto = anchors[a];
            m->ds = fi->ds_tvb;
            m->start = fi->start;
        }
    }
}

gboolean volte_epc_fields_read(proto_tree *tree, packet_info *pinfo, volte_epc_frame_events *out)
{
    if (!out)
        return FALSE;
    out->count = 0;
    out->dropped = 0;
    if (!tree || !pinfo || !has_anchor(tree))
        return FALSE;

    frame_messages *fm = wmem_new0(pinfo->pool, frame_messages);
    read_anchors(tree, fm);
    if (fm->count == 0)
        return FALSE;

    /* the prefix length first: the prefix needs it */
    take_field(tree, fm, F_DIA_PREFIXLEN, pinfo);
    for (int f = F_DIA_FLAGS; f < F_COUNT; f++)
        if (f != F_DIA_PREFIXLEN)
            take_field(tree, fm, (field_id)f, pinfo);

    int64_t time_ns = volte_frame_time_ns(pinfo);
    for (unsigned i = 0; i < fm->count; i++) {
        message *m = &fm->msgs[i];
        volte_epc_kind kind = classify(m);
        if (kind == VOLTE_EPC_UNKNOWN)
            continue;
        tft_endpoints(m);
        if (out->count == VOLTE_EPC_MAX_PER_FRAME) {
            out->dropped++;
            continue;
        }
        volte_epc_event *ev = &out->events[out->count++];
        *ev = m->ev;
        ev->kind = kind;
        ev->frame = pinfo->num;
        ev->time_ns = time_ns;
    }
    out->dropped += fm->dropped;
    return out->count > 0;
}

/* ---------------------------------------------------------------- results */

typedef struct {
    volte_epc_kind   kind;
    volte_epc_result res;
} epc_entry;

typedef struct {
    unsigned  count;
    epc_entry entries[];
} epc_frame;

static void show(tvbuff_t *tvb, proto_tree *tree, const epc_frame *fr)
{
    for (unsigned i = 0; i < fr->count; i++) {
        const epc_entry *e = &fr->entries[i];
        const volte_epc_result *r = &e->res;
        if (!r->linked)
            continue;
        const char *side = r->side == VOLTE_SIDE_MT ? "mt" : "mo";
        proto_item *root = proto_tree_add_item(tree, proto_volte_epc, tvb, 0, 0, ENC_NA);
        proto_item_append_text(root, ", EPC: %s, Call %u, %s bearer", volte_epc_kind_name(e->kind), r->call,
                               r->side == VOLTE_SIDE_MT ? "MT" : "MO");
        proto_tree *et = proto_item_add_subtree(root, ett_epc);
        proto_item_set_generated(proto_tree_add_string(et, hf_epc_event, tvb, 0, 0, volte_epc_kind_name(e->kind)));
        proto_item_set_generated(proto_tree_add_uint(et, hf_epc_call, tvb, 0, 0, r->call));
        if (r->call_frame)
            proto_item_set_generated(proto_tree_add_uint(et, hf_epc_call_frame, tvb, 0, 0, r->call_frame));
        proto_item_set_generated(proto_tree_add_string(et, hf_epc_side, tvb, 0, 0, side));
        for (unsigned k = 0; k < VOLTE_MEDIA_KINDS; k++) {
            if (!(r->kinds & (1u << k)))
                continue;
            proto_item_set_generated(proto_tree_add_uint(et, hf_epc_qci, tvb, 0, 0, volte_media_qci(k)));
            proto_item_set_generated(
                proto_tree_add_string(et, hf_epc_bearer, tvb, 0, 0, volte_bearer_state_name(r->state[k])));
            proto_item_append_text(root, " %s", volte_bearer_state_name(r->state[k]));
        }
        proto_item_set_generated(proto_tree_add_string(et, hf_epc_match, tvb, 0, 0, volte_epc_match_name(r->match)));
    }
}

void volte_epc_fields_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, volte_engine *engine,
                              volte_epc_feed_fn feed)
{
    epc_frame *fr;
    if (proto_volte_epc < 0)
        return;
    if (!PINFO_FD_VISITED(pinfo)) {
        if (!engine || !tree || !feed || !has_anchor(tree))
            return;
        volte_epc_frame_events *evs = wmem_new(pinfo->pool, volte_epc_frame_events);
        if (!volte_epc_fields_read(tree, pinfo, evs))
            return;
        fr = wmem_alloc0(wmem_file_scope(), sizeof(epc_frame) + evs->count * sizeof(epc_entry));
        for (unsigned i = 0; i < evs->count; i++) {
            fr->entries[fr->count].kind = evs->events[i].kind;
            if (feed(engine, &evs->events[i], &fr->entries[fr->count].res))
                fr->count++;
        }
        if (fr->count == 0)
            return;
        p_add_proto_data(wmem_file_scope(), pinfo, proto_volte_epc, EPC_PROTO_DATA_KEY, fr);
    } else {
        fr = p_get_proto_data(wmem_file_scope(), pinfo, proto_volte_epc, EPC_PROTO_DATA_KEY);
        if (!fr)
            return;
    }
    if (tree)
        show(tvb, tree, fr);
}

void volte_epc_fields_register(int proto)
{
    static hf_register_info hf[] = {
        {&hf_epc_event, {"EPC message", "volte.epc.event", FT_STRING, BASE_NONE, NULL, 0x0,
                         "The EPC/5GC message linked to a call: Rx AA-Request, Rx Re-Auth-Request, Rx "
                         "Session-Termination-Request, Gx Re-Auth-Request, GTPv2 Create/Delete Bearer, S1AP "
                         "E-RAB Setup/Release, NAS dedicated bearer context, NGAP PDU Session Resource "
                         "Setup/Modify/Release. Computed on the first pass; the same in single-pass and "
                         "two-pass", HFILL}},
        {&hf_epc_call, {"Call", "volte.epc.call", FT_UINT32, BASE_DEC, NULL, 0x0,
                        "The call (volte.call) this EPC message is about", HFILL}},
        {&hf_epc_call_frame, {"Call's first message", "volte.epc.call_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                              "The first SIP message of the call this EPC message is about", HFILL}},
        {&hf_epc_side, {"Side", "volte.epc.side", FT_STRING, BASE_NONE, NULL, 0x0,
                        "Whose bearer: mo (the caller's) or mt (the callee's)", HFILL}},
        {&hf_epc_qci, {"QCI", "volte.epc.qci", FT_UINT32, BASE_DEC, NULL, 0x0,
                       "QCI (5QI) of the dedicated bearer concerned: 1 voice, 2 video; one item per bearer",
                       HFILL}},
        {&hf_epc_bearer, {"Bearer after", "volte.epc.bearer", FT_STRING, BASE_NONE, NULL, 0x0,
                          "That side's bearer right after this message: requested, active, released (one "
                          "item per QCI item)", HFILL}},
        {&hf_epc_match, {"Linked by", "volte.epc.match", FT_STRING, BASE_NONE, NULL, 0x0,
                         "How the message was linked to the call: key (an earlier message of the same "
                         "procedure), icid (AF-Charging-Identifier = P-Charging-Vector icid-value), flow "
                         "(media addresses and ports against the SDP), time (the call in set-up whose "
                         "INVITE is nearest before)", HFILL}},
    };
    static gint *ett[] = {&ett_epc};
    proto_volte_epc = proto;
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}
