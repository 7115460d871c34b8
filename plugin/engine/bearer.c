/*
 * bearer.c - dedicated bearers and QoS preconditions of a call.
 */
#include "volte/bearer.h"

#include <string.h>

#include "volte/sip_message.h"
#include "volte/transaction.h"

void volte_bearer_track_init(volte_bearer_track *track)
{
    memset(track, 0, sizeof *track);
    track->invite_ns = -1;
}

void volte_bearer_on_message(volte_bearer_track *track, const struct volte_sip_message *msg,
                             const struct volte_transaction *txn, bool retransmission,
                             volte_bearer_view *out)
{
    (void)msg;
    (void)txn;
    (void)retransmission;
    *out = track->now;
}

const char *volte_bearer_state_name(volte_bearer_state state)
{
    static const char *const names[] = {"none", "requested", "active", "released"};
    return (unsigned)state < 4 ? names[state] : "?";
}

const char *volte_bearer_evidence_name(volte_bearer_evidence evidence)
{
    static const char *const names[] = {"", "flow", "sdp", "epc"};
    return (unsigned)evidence < 4 ? names[evidence] : "?";
}
