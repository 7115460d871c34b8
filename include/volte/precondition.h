/*
 * precondition.h - QoS preconditions from SDP (RFC 3312, RFC 4032).
 *
 * The a=curr:qos, a=des:qos and a=conf:qos attributes of one media line
 * describe, from the point of view of the party that sent the SDP, which
 * directions of the media's QoS reservation are in place (current), which
 * are wanted and how strongly (desired), and which the sender asks to be
 * told about (confirm).  Status types: e2e, local, remote.  Directions are
 * bit sets of send and recv.
 *
 * Plain C, no Wireshark dependency.
 */
#ifndef VOLTE_PRECONDITION_H
#define VOLTE_PRECONDITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    VOLTE_QOS_E2E = 0,
    VOLTE_QOS_LOCAL = 1,
    VOLTE_QOS_REMOTE = 2,
    VOLTE_QOS_STATUS_TYPES = 3
} volte_qos_status_type;

/* Direction bits. */
enum { VOLTE_QOS_NONE = 0, VOLTE_QOS_SEND = 1, VOLTE_QOS_RECV = 2, VOLTE_QOS_SENDRECV = 3 };

/* Strength of a desired status (RFC 3312 §5.1), in increasing order of
 * obligation except failure/unknown which are special. */
typedef enum {
    VOLTE_QOS_STRENGTH_ABSENT = 0, /* no des line for this status type and direction */
    VOLTE_QOS_STRENGTH_NO,         /* "none" */
    VOLTE_QOS_STRENGTH_OPTIONAL,
    VOLTE_QOS_STRENGTH_MANDATORY,
    VOLTE_QOS_STRENGTH_FAILURE,
    VOLTE_QOS_STRENGTH_UNKNOWN
} volte_qos_strength;

typedef enum { VOLTE_QOS_ATTR_CURR, VOLTE_QOS_ATTR_DES, VOLTE_QOS_ATTR_CONF } volte_qos_attr_kind;

/* One parsed attribute. */
typedef struct volte_qos_attr {
    volte_qos_attr_kind   kind;
    volte_qos_strength    strength;  /* des only */
    volte_qos_status_type status;
    uint8_t               direction; /* VOLTE_QOS_* bits */
} volte_qos_attr;

/*
 * Parse one SDP attribute value as Wireshark shows it, without "a=":
 * "curr:qos local none", "des:qos mandatory local sendrecv",
 * "conf:qos remote sendrecv".  Case-insensitive, tolerant of extra
 * whitespace.  Returns false (out untouched) for anything else, including
 * other precondition types than "qos".
 */
bool volte_qos_attr_parse(const char *value, volte_qos_attr *out);

/* The precondition table of one media line, from the SDP sender's view. */
typedef struct volte_qos_table {
    bool    present;                          /* at least one qos attribute was seen */
    uint8_t curr[VOLTE_QOS_STATUS_TYPES];     /* direction bits currently met */
    uint8_t des[VOLTE_QOS_STATUS_TYPES][2];   /* strength per [status][0 = send, 1 = recv] */
    uint8_t conf[VOLTE_QOS_STATUS_TYPES];     /* direction bits to be confirmed */
} volte_qos_table;

/* Build a table from the attribute values of one media line (others are
 * ignored).  A later line for the same status type and direction wins: a
 * curr or conf line replaces the direction bits of its status type, a des
 * line sets the strength of each direction it names (none: no direction). */
void volte_qos_table_from_attrs(volte_qos_table *table, const char *const *values, size_t count);

/* The same table seen from the other party: local and remote swap, and so
 * do send and recv.  e2e keeps its type but swaps directions. */
void volte_qos_table_flip(const volte_qos_table *in, volte_qos_table *out);

/*
 * True when every mandatory desired direction is met by the current status
 * (RFC 3312 §6) and no desired direction has strength failure or unknown
 * (the answer of a UA that cannot go ahead with the precondition).  Without
 * such entries it is vacuously true, so also for a table with no mandatory
 * entry.  Segmented status: local and remote are checked separately; e2e on
 * its own.
 */
bool volte_qos_met(const volte_qos_table *table);

/* True when the table has at least one mandatory desired direction. */
bool volte_qos_has_mandatory(const volte_qos_table *table);

/* "none", "send", "recv", "sendrecv" for direction bits. */
const char *volte_qos_direction_name(uint8_t direction);

/* "none", "optional", "mandatory", "failure", "unknown"; "" for absent. */
const char *volte_qos_strength_name(volte_qos_strength strength);

/*
 * Text for the fields volte.qos.*: the current status of one status type,
 * e.g. "local sendrecv, remote none", and the desired status, e.g.
 * "local sendrecv mandatory, remote sendrecv optional".  Writes at most
 * size bytes including the terminator and returns out.  Types without any
 * information are left out; an empty table gives "".
 */
char *volte_qos_describe_current(const volte_qos_table *table, char *out, size_t size);
char *volte_qos_describe_desired(const volte_qos_table *table, char *out, size_t size);

#endif
