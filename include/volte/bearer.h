/*
 * bearer.h - the VoLTE dedicated bearers of a call and its QoS preconditions.
 *
 * For each call the engine follows the caller's (MO) and the callee's (MT)
 * dedicated bearer: QCI 1 for voice, QCI 2 for video.  Their state after
 * each message comes from the position in the call flow (the source
 * document: the callee's QCI 1 bearer is set up at 183 Session Progress,
 * the caller's at PRACK), from the SDP precondition attributes
 * (a=curr:qos), and, when the capture holds it, from the EPC signalling
 * (Diameter Rx/Gx, GTPv2, S1AP/NAS, NGAP) linked to the call (epc.h).
 * docs/bearer.md documents every rule with its reference.
 *
 * Plain C, no Wireshark, no allocation: volte_bearer_on_message() runs on
 * every message of every INVITE call and only touches the track and *out.
 */
#ifndef VOLTE_BEARER_H
#define VOLTE_BEARER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "volte/precondition.h"

typedef enum {
    VOLTE_BEARER_NONE = 0,
    VOLTE_BEARER_REQUESTED,
    VOLTE_BEARER_ACTIVE,
    VOLTE_BEARER_RELEASED
} volte_bearer_state;

/* How a bearer state is known, weakest first. */
typedef enum {
    VOLTE_EVIDENCE_NONE = 0,
    VOLTE_EVIDENCE_FLOW, /* the position in the call flow */
    VOLTE_EVIDENCE_SDP,  /* a=curr:qos */
    VOLTE_EVIDENCE_EPC   /* EPC signalling in the capture */
} volte_bearer_evidence;

enum { VOLTE_SIDE_MO = 0, VOLTE_SIDE_MT = 1, VOLTE_SIDES = 2 };

/* Media kinds that get a dedicated bearer. */
enum { VOLTE_MEDIA_AUDIO = 0, VOLTE_MEDIA_VIDEO = 1, VOLTE_MEDIA_KINDS = 2 };

/* The QCI of a media kind's dedicated bearer (TS 23.203 table 6.1.7): 1 for
 * conversational voice, 2 for conversational video. */
static inline unsigned volte_media_qci(unsigned kind)
{
    return kind == VOLTE_MEDIA_VIDEO ? 2u : 1u;
}

/* One side's bearer for one media kind. */
typedef struct volte_bearer {
    int64_t  active_ns;   /* when it became active; -1 if never */
    uint32_t since_frame; /* the message that put it in this state */
    uint32_t epc_frame;   /* EPC frame that set it up or released it; 0 if none */
    uint8_t  state;       /* volte_bearer_state */
    uint8_t  evidence;    /* volte_bearer_evidence */
} volte_bearer;

/* What the engine shows on one message (volte_msg_info.bearer). */
typedef struct volte_bearer_view {
    bool            preconditions;   /* Require/Supported: precondition, or qos attributes, seen in the call */
    bool            reliable_1xx;    /* 100rel was required or supported (or an RSeq seen) in the call */
    bool            has_sdp_qos;     /* this message carries qos attributes */
    bool            qos_met;         /* every mandatory precondition met, as of this message */
    volte_qos_table qos;             /* the call's precondition table in the caller's view:
                                      * local = MO, remote = MT (the first media kind that
                                      * has one, audio before video) */
    uint8_t         media;           /* bit k set: media kind k is in the session */
    volte_bearer    side[VOLTE_SIDES][VOLTE_MEDIA_KINDS];
    uint32_t        epc_frame;       /* the last EPC frame linked to the call so far; 0 if none */

    /* further state of the bearer rules and of EPC linking */
    bool            has_sdp;         /* this message carries an SDP body */
    bool            qos_negotiated;  /* an SDP of the call carried qos attributes: the flow rules
                                      * of preconditions apply (docs/bearer.md) */
    uint8_t         qos_kinds;       /* bit k set: qos_media[k] holds a table */
    uint8_t         qos_seen[VOLTE_MEDIA_KINDS]; /* bit s set: status type s (volte_qos_status_type)
                                                  * was written in some SDP of that kind */
    volte_qos_table qos_media[VOLTE_MEDIA_KINDS]; /* per media kind, in the caller's view */
} volte_bearer_view;

/* A media address and port a side wrote in its SDP. */
typedef struct volte_media_endpoint {
    uint8_t  addr[16]; /* IPv4 in the first 4 bytes */
    uint8_t  family;   /* 0 (unused slot), 4 or 6 */
    uint8_t  kind;     /* VOLTE_MEDIA_* */
    uint8_t  origin;   /* from the side's first SDP: the UE's own address, before any media
                        * proxy on a later hop rewrote it */
    uint16_t port;
} volte_media_endpoint;

#define VOLTE_BEARER_MAX_ENDPOINTS 6 /* per side; the oldest non-origin entry is replaced */
#define VOLTE_BEARER_MAX_ICIDS     4

/* Per-call tracking state (volte_call.bearer). */
typedef struct volte_bearer_track {
    volte_bearer_view now;           /* the state after the last message */
    uint32_t          caller_tag;    /* hash of the caller's From-tag */
    int64_t           invite_ns;     /* the initial INVITE, for setup times */
    uint32_t          icid_hash;     /* P-Charging-Vector icid-value, 0 if none (the first one) */

    /* further state of the bearer rules and of EPC linking */
    uint32_t          icids[VOLTE_BEARER_MAX_ICIDS]; /* every icid-value seen (hashes) */
    uint8_t           icid_count;
    uint8_t           side_media[VOLTE_SIDES];       /* media kinds (port != 0) of each side's last SDP */
    uint8_t           side_sdp;      /* bit s: side s has sent an SDP */
    uint8_t           agreed_media;  /* kinds both sides have in their last SDP */
    int8_t            offerer;       /* side of the first SDP; -1 while none */
    bool              answered;      /* a 2xx to the initial INVITE was seen */
    bool              answer_seen;   /* an SDP answer (the other side's first SDP) was seen */
    bool              released;      /* a BYE, CANCEL or final failure released the call's bearers */
    int64_t           release_ns;    /* when; -1 if not */
    int8_t            epc_side;      /* side of the last EPC event linked by content; -1 if none */
    int64_t           epc_ns;        /* its time */
    uint8_t           endpoint_count[VOLTE_SIDES];
    uint8_t           endpoint_next[VOLTE_SIDES];    /* ring position for the next replacement */
    uint8_t           endpoint_room[VOLTE_SIDES];    /* slots allocated */
    /* each side's media addresses, allocated as they come (most calls
     * have one or two per side); freed by volte_bearer_track_clear() */
    volte_media_endpoint *endpoints[VOLTE_SIDES];
} volte_bearer_track;

struct volte_sip_message;
struct volte_transaction;

void volte_bearer_track_init(volte_bearer_track *track);

/* Free what the track allocated (its media endpoints); init it again to reuse it. */
void volte_bearer_track_clear(volte_bearer_track *track);

/*
 * Advance the bearers and preconditions of a call by one SIP message and
 * write the view after it into *out.  retransmission: the message repeats
 * an earlier one and changes nothing, but still gets the view.
 */
void volte_bearer_on_message(volte_bearer_track *track, const struct volte_sip_message *msg,
                             const struct volte_transaction *txn, bool retransmission,
                             volte_bearer_view *out);

/*
 * Set one bearer from EPC signalling (epc.c): state requested, active or
 * released with evidence EPC, at EPC frame `frame`.  Returns true when the
 * bearer changed.  EPC evidence overrides flow and SDP evidence, except that
 * a "requested" never takes back an EPC-active bearer (an Rx update of a
 * bearer that is up).
 */
bool volte_bearer_apply_epc(volte_bearer_track *track, unsigned side, unsigned kind,
                            volte_bearer_state state, uint32_t frame, int64_t time_ns);

/*
 * The per-call summary for -z volte,calls: for each media kind in the
 * session "qci<N> mo <state>[ +<t>s] <evidence>, mt <state>[ +<t>s]
 * <evidence>", kinds separated by "; ", where t is when that side's bearer
 * became active, in seconds after the initial INVITE.  "-" when the call
 * has no media.  Writes at most size bytes including the terminator.
 */
void volte_bearer_summary(const volte_bearer_track *t, char *buf, size_t size);

const char *volte_bearer_state_name(volte_bearer_state state);
const char *volte_bearer_evidence_name(volte_bearer_evidence evidence);

/*
 * The current status of one segment as text for volte.qos.<mo|mt>.current,
 * e.g. "sendrecv" or "none", and the desired status, e.g. "sendrecv
 * mandatory" or "send mandatory, recv optional" ("" when no des line named
 * the segment).  status: VOLTE_QOS_LOCAL (MO in the caller's view),
 * VOLTE_QOS_REMOTE (MT) or VOLTE_QOS_E2E.
 */
const char *volte_qos_segment_current(const volte_qos_table *table, unsigned status);
char *volte_qos_segment_desired(const volte_qos_table *table, unsigned status, char *out, size_t size);

/*
 * An IPv4 or IPv6 address in text ("10.0.0.1", "2001:db8::1", also inside
 * "[...]"), of at most len bytes: writes 4 or 16 bytes into addr and 4 or 6
 * into *family.  False for anything else.  No allocation, bounded.
 */
bool volte_ip_parse(const char *text, size_t len, uint8_t addr[16], uint8_t *family);

/* A hash of a charging identifier (P-Charging-Vector icid-value, Rx
 * AF-Charging-Identifier), quotes and blanks around it ignored; 0 for none. */
uint32_t volte_icid_hash(const char *icid);

/* The address of an SDP c= value ("IN IP4 10.0.0.1", "IN IP6 2001:db8::1"). */
bool volte_sdp_connection_addr(const char *connection, uint8_t addr[16], uint8_t *family);

#endif
