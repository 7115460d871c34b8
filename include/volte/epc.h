/*
 * epc.h - EPC (and 5GC) signalling about a call's dedicated bearers.
 *
 * When a capture also carries the core network's side of a VoLTE call --
 * Diameter Rx (P-CSCF <-> PCRF), Gx (PCRF <-> PGW), GTPv2-C (PGW/SGW <->
 * MME), S1AP with NAS ESM (MME <-> eNodeB/UE), NGAP (AMF <-> gNodeB) -- each
 * such message is turned into one volte_epc_event by the adapter
 * (plugin/epan/epc_fields.c) and handed to volte_epc_apply(), which finds
 * the call and the side (caller MO / callee MT) it is about and moves that
 * side's bearer (bearer.h) with evidence "epc".  docs/bearer.md lists which
 * message does what and how a message is linked to its call:
 *
 *   1. a key learnt from an earlier linked message of the same procedure
 *      (Rx Session-Id, S1AP MME-UE-S1AP-ID + E-RAB ID, GTPv2 sequence
 *      number then TEID + EBI, Gx Charging-Rule-Name, NGAP AMF-UE-NGAP-ID +
 *      PDU session + QFI);
 *   2. the Rx AF-Charging-Identifier equal to a P-Charging-Vector icid-value
 *      of the call;
 *   3. the UE's and the far end's media addresses and ports (Rx/Gx
 *      Flow-Description, the NAS or GTPv2 TFT, Framed-IP-Address) against
 *      those in the call's SDP;
 *   4. time: a set-up message with a QCI 1 or 2 goes to the call in set-up
 *      whose INVITE is nearest before it.
 *
 * Plain C + GLib (the key table), no Wireshark.  Strings in an event need
 * only live for the call.
 */
#ifndef VOLTE_EPC_H
#define VOLTE_EPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "volte/bearer.h"

typedef enum {
    VOLTE_EPC_UNKNOWN = 0,
    VOLTE_EPC_RX_AAR,                /* Rx AA-Request: the P-CSCF asks for the media's resources */
    VOLTE_EPC_RX_RAR,                /* Rx Re-Auth-Request: PCRF reports (Specific-Action) */
    VOLTE_EPC_RX_STR,                /* Rx Session-Termination-Request: the session's resources go */
    VOLTE_EPC_RX_ASR,                /* Rx Abort-Session-Request */
    VOLTE_EPC_GX_RAR,                /* Gx Re-Auth-Request: Charging-Rule-Install / -Remove */
    VOLTE_EPC_GTP_CREATE_BEARER_REQ, /* GTPv2 Create Bearer Request */
    VOLTE_EPC_GTP_CREATE_BEARER_RSP,
    VOLTE_EPC_GTP_DELETE_BEARER_REQ,
    VOLTE_EPC_GTP_DELETE_BEARER_RSP,
    VOLTE_EPC_S1AP_ERAB_SETUP_REQ,   /* S1AP E-RAB Setup Request (with NAS Activate dedicated EPS bearer) */
    VOLTE_EPC_S1AP_ERAB_SETUP_RSP,
    VOLTE_EPC_S1AP_ERAB_RELEASE_CMD, /* S1AP E-RAB Release Command (with NAS Deactivate EPS bearer) */
    VOLTE_EPC_S1AP_ERAB_RELEASE_IND, /* S1AP E-RAB Release Indication (from the eNodeB) */
    VOLTE_EPC_NAS_ACT_DEDICATED_REQ, /* NAS ESM, when not inside one of the S1AP messages above */
    VOLTE_EPC_NAS_ACT_DEDICATED_ACC,
    VOLTE_EPC_NAS_ACT_DEDICATED_REJ,
    VOLTE_EPC_NAS_DEACTIVATE_REQ,
    VOLTE_EPC_NAS_DEACTIVATE_ACC,
    VOLTE_EPC_NGAP_PDU_SETUP_REQ,    /* NGAP PDU Session Resource Setup Request */
    VOLTE_EPC_NGAP_PDU_SETUP_RSP,
    VOLTE_EPC_NGAP_PDU_MODIFY_REQ,   /* NGAP PDU Session Resource Modify Request */
    VOLTE_EPC_NGAP_PDU_MODIFY_RSP,
    VOLTE_EPC_NGAP_PDU_RELEASE_CMD,  /* NGAP PDU Session Resource Release Command */
    VOLTE_EPC_KIND_COUNT
} volte_epc_kind;

/* Rx Specific-Action values (TS 29.214) that move a bearer. */
enum {
    VOLTE_RX_ACTION_LOSS_OF_BEARER = 2,
    VOLTE_RX_ACTION_RECOVERY_OF_BEARER = 3,
    VOLTE_RX_ACTION_RELEASE_OF_BEARER = 4,
    VOLTE_RX_ACTION_SUCCESSFUL_RESOURCES_ALLOCATION = 8,
    VOLTE_RX_ACTION_FAILED_RESOURCES_ALLOCATION = 9
};

/* Who an address and port belong to. */
typedef enum {
    VOLTE_EPC_ROLE_UNKNOWN = 0, /* one end of a flow, which end is not said */
    VOLTE_EPC_ROLE_UE,          /* the UE whose bearer this is (TFT local, Framed-IP-Address) */
    VOLTE_EPC_ROLE_REMOTE       /* the far end (TFT remote) */
} volte_epc_role;

typedef struct volte_epc_endpoint {
    uint8_t  addr[16];   /* IPv4 in the first 4 bytes */
    uint8_t  family;     /* 0: no address (a port alone), 4 or 6 */
    uint8_t  prefix;     /* bits that must match; 0 means all (32 or 128) */
    uint8_t  role;       /* volte_epc_role */
    uint8_t  ue_hint;    /* a weak hint that this end is the UE (the Rx Flow-Description
                          * direction of TS 29.214, which P-CSCFs do not all follow) */
    uint16_t port;       /* 0: any */
} volte_epc_endpoint;

#define VOLTE_EPC_MAX_IDS       8  /* E-RAB IDs / EBIs / QoS flow ids per message */
#define VOLTE_EPC_MAX_QCI       8
#define VOLTE_EPC_MAX_ENDPOINTS 16
#define VOLTE_EPC_MAX_NAMES     4  /* Gx Charging-Rule-Names */

typedef struct volte_epc_event {
    uint32_t       frame;
    int64_t        time_ns;
    volte_epc_kind kind;

    /* QoS: the QCIs (5QIs) the message names, in order; for messages with
     * bearer ids, qci[i] goes with ids[i] when both lists have the same
     * length */
    unsigned       qci_count;
    uint8_t        qci[VOLTE_EPC_MAX_QCI];
    uint8_t        media_types;    /* Rx Media-Type: bit 0 audio, bit 1 video */
    uint32_t       actions;        /* Rx Specific-Action: bit n for value n (n < 32) */
    bool           has_cause;
    uint32_t       cause;          /* GTPv2 Cause (16: request accepted) */
    bool           install;        /* Gx: Charging-Rule-Install present */
    bool           remove;         /* Gx: Charging-Rule-Remove present */
    bool           release_list;   /* NGAP: a QoS flow release list is present */

    /* identifiers */
    const char    *session_id;     /* Diameter Session-Id */
    const char    *icid;           /* Rx AF-Charging-Identifier */
    unsigned       name_count;
    const char    *names[VOLTE_EPC_MAX_NAMES]; /* Gx Charging-Rule-Name */
    bool           has_ue_id;
    uint32_t       ue_id;          /* S1AP MME-UE-S1AP-ID, NGAP AMF-UE-NGAP-ID */
    uint32_t       pdu_session;    /* NGAP PDU session id */
    unsigned       id_count;
    uint8_t        ids[VOLTE_EPC_MAX_IDS]; /* E-RAB IDs, EPS bearer ids, QoS flow ids */
    bool           has_gtp;
    uint32_t       gtp_seq;        /* GTPv2 sequence number */
    uint32_t       gtp_teid;       /* GTPv2 header TEID */

    /* addresses */
    unsigned       endpoint_count;
    volte_epc_endpoint endpoints[VOLTE_EPC_MAX_ENDPOINTS];
} volte_epc_event;

/* The EPC messages of one frame (SCTP bundles several), as the adapter
 * reads them. */
#define VOLTE_EPC_MAX_PER_FRAME 8
typedef struct volte_epc_frame_events {
    unsigned        count;
    unsigned        dropped; /* messages beyond VOLTE_EPC_MAX_PER_FRAME */
    volte_epc_event events[VOLTE_EPC_MAX_PER_FRAME];
} volte_epc_frame_events;

/* How an event was linked to its call. */
typedef enum {
    VOLTE_EPC_MATCH_NONE = 0,
    VOLTE_EPC_MATCH_KEY,    /* an earlier linked message of the same procedure */
    VOLTE_EPC_MATCH_ICID,   /* AF-Charging-Identifier = icid-value */
    VOLTE_EPC_MATCH_FLOW,   /* media addresses and ports */
    VOLTE_EPC_MATCH_TIME    /* the call in set-up whose INVITE is nearest before */
} volte_epc_match;

typedef struct volte_epc_result {
    bool               linked;
    uint32_t           call;        /* call number */
    uint32_t           call_frame;  /* the call's first frame */
    uint8_t            side;        /* VOLTE_SIDE_* */
    uint8_t            kinds;       /* media kinds the event is about: bit VOLTE_MEDIA_* */
    volte_epc_match    match;
    volte_bearer_state effect;      /* what the event does: requested, active, released; NONE
                                     * for a message that only reports */
    bool               changed;     /* a bearer of the call moved */
    volte_bearer_state state[VOLTE_MEDIA_KINDS]; /* that side's bearers after the event */
} volte_epc_result;

typedef struct volte_epc_tracker volte_epc_tracker;

volte_epc_tracker *volte_epc_tracker_new(void);
void volte_epc_tracker_free(volte_epc_tracker *tracker);

struct volte_call;

/*
 * Link one EPC event to a call among calls[0..ncalls) (calls[i] has number
 * i + 1, as the engine numbers them) and apply it to the call's bearer
 * track.  Returns true and fills *out when it was linked; false (out
 * cleared) when it is not about a dedicated voice/video bearer or no call
 * fits.  Only the most recent calls are searched (VOLTE_EPC_SCAN_LIMIT), so
 * the cost does not grow with the capture.
 */
#define VOLTE_EPC_SCAN_LIMIT 4096
bool volte_epc_apply(volte_epc_tracker *tracker, struct volte_call *const *calls, unsigned ncalls,
                     const volte_epc_event *ev, volte_epc_result *out);

/* What a message does to a bearer, from its kind and content. */
volte_bearer_state volte_epc_effect(const volte_epc_event *ev);

/*
 * One Flow-Description (IPFilterRule, RFC 6733 §4.3.1), e.g. "permit out 17
 * from 10.0.0.2 50000 to 10.0.0.1 40000": appends up to two endpoints (from,
 * to) to ev with role unknown; with rx_direction, the end TS 29.214 names
 * as the UE ("to" of "out", "from" of "in") gets ue_hint.  "any" and
 * "assigned" add no endpoint.  Returns the number appended.
 */
unsigned volte_epc_add_flow(volte_epc_event *ev, const char *rule, bool rx_direction);

/* Appends one endpoint (address text, may be NULL for a port alone). */
bool volte_epc_add_endpoint(volte_epc_event *ev, const char *addr, uint16_t port, volte_epc_role role,
                            uint8_t prefix);

const char *volte_epc_kind_name(volte_epc_kind kind);
const char *volte_epc_match_name(volte_epc_match match);

#endif
