/*
 * bearer.h - the VoLTE dedicated bearers of a call and its QoS preconditions.
 *
 * For each call the engine follows the caller's (MO) and the callee's (MT)
 * dedicated bearer: QCI 1 for voice, QCI 2 for video.  Their state after
 * each message comes from the position in the call flow (the source
 * document: the callee's QCI 1 bearer is set up at 183 Session Progress,
 * the caller's at PRACK), from the SDP precondition attributes
 * (a=curr:qos), and, when the capture holds it, from the EPC signalling
 * (Diameter Rx/Gx, GTPv2, S1AP/NAS) linked to the call.
 * docs/bearer.md documents every rule with its reference.
 */
#ifndef VOLTE_BEARER_H
#define VOLTE_BEARER_H

#include <stdbool.h>
#include <stdint.h>

#include "volte/precondition.h"

typedef enum {
    VOLTE_BEARER_NONE = 0,
    VOLTE_BEARER_REQUESTED,
    VOLTE_BEARER_ACTIVE,
    VOLTE_BEARER_RELEASED
} volte_bearer_state;

/* How a bearer state is known. */
typedef enum {
    VOLTE_EVIDENCE_NONE = 0,
    VOLTE_EVIDENCE_FLOW, /* the position in the call flow */
    VOLTE_EVIDENCE_SDP,  /* a=curr:qos */
    VOLTE_EVIDENCE_EPC   /* EPC signalling in the capture */
} volte_bearer_evidence;

enum { VOLTE_SIDE_MO = 0, VOLTE_SIDE_MT = 1, VOLTE_SIDES = 2 };

/* Media kinds that get a dedicated bearer. */
enum { VOLTE_MEDIA_AUDIO = 0, VOLTE_MEDIA_VIDEO = 1, VOLTE_MEDIA_KINDS = 2 };

/* One side's bearer for one media kind. */
typedef struct volte_bearer {
    volte_bearer_state    state;
    volte_bearer_evidence evidence;
    uint32_t              since_frame; /* the message that put it in this state */
    int64_t               active_ns;   /* when it became active; -1 if never */
    uint32_t              epc_frame;   /* EPC frame that set it up or released it; 0 if none */
} volte_bearer;

/* What the engine shows on one message (volte_msg_info.bearer). */
typedef struct volte_bearer_view {
    bool            preconditions;   /* the call uses QoS preconditions (RFC 3312) */
    bool            reliable_1xx;    /* 100rel was required or supported in the call */
    bool            has_sdp_qos;     /* this message carries qos attributes */
    bool            qos_met;         /* every mandatory precondition met, as of this message */
    volte_qos_table qos;             /* the call's precondition table in the caller's view:
                                      * local = MO, remote = MT */
    uint8_t         media;           /* bit k set: media kind k is in the session */
    volte_bearer    side[VOLTE_SIDES][VOLTE_MEDIA_KINDS];
    uint32_t        epc_frame;       /* an EPC message linked to the call in this frame */
} volte_bearer_view;

/* Per-call tracking state (volte_call.bearer). */
typedef struct volte_bearer_track {
    volte_bearer_view now;           /* the state after the last message */
    uint32_t          caller_tag;    /* hash of the caller's From-tag */
    int64_t           invite_ns;     /* the initial INVITE, for setup times */
    uint32_t          icid_hash;     /* P-Charging-Vector icid-value, 0 if none */
    char              mo_addr[48];   /* media address of the caller's SDP (c=), "" if unknown */
    char              mt_addr[48];   /* media address of the callee's SDP */
    uint16_t          mo_port[VOLTE_MEDIA_KINDS];
    uint16_t          mt_port[VOLTE_MEDIA_KINDS];
} volte_bearer_track;

struct volte_sip_message;
struct volte_transaction;

void volte_bearer_track_init(volte_bearer_track *track);

/*
 * Advance the bearers and preconditions of a call by one SIP message and
 * write the view after it into *out.  retransmission: the message repeats
 * an earlier one and changes nothing, but still gets the view.
 */
void volte_bearer_on_message(volte_bearer_track *track, const struct volte_sip_message *msg,
                             const struct volte_transaction *txn, bool retransmission,
                             volte_bearer_view *out);

const char *volte_bearer_state_name(volte_bearer_state state);
const char *volte_bearer_evidence_name(volte_bearer_evidence evidence);

#endif
