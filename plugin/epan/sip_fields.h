/*
 * sip_fields.h - the SIP messages of a frame, as engine messages.
 *
 * The SIP dissector finds the messages (one `sip` item per message, over
 * UDP, TCP reassembly or SCTP); the engine's parser (volte/sip_parse.h)
 * reads the text of each.
 */
#ifndef VOLTE_SIP_FIELDS_H
#define VOLTE_SIP_FIELDS_H

#include <epan/packet.h>

#include "volte/sip_message.h"

/* Most SIP messages one frame is analysed for; the rest are counted. */
#define VOLTE_MAX_MESSAGES_PER_FRAME 32

typedef struct volte_frame_messages {
    unsigned           count;   /* messages in msgs[] */
    unsigned           dropped; /* messages beyond VOLTE_MAX_MESSAGES_PER_FRAME */
    volte_sip_message *msgs;    /* in pinfo->pool; start and length say where each
                                 * lies in the frame's own bytes (0, 0 when in a
                                 * reassembled buffer) */
    /* when the frame carries undissected bytes on the SIP port instead of
     * SIP (msgs[0] is then neither request nor response): what they are,
     * e.g. 'first line "SIP/2.0 2OO OK"' or '200 bytes of binary data' */
    char              junk_line[72];
} volte_frame_messages;

/* Look up the SIP field ids; call from the handoff routine.  sip_port is
 * the port on which undissected payload counts as SIP that did not parse. */
void volte_sip_fields_init(guint sip_port);

/* The field ids the post-dissector must ask Wireshark to fill. */
GArray *volte_sip_fields_wanted(void);

/*
 * Fill out with the SIP messages of this frame, in order, or with one
 * message that is neither request nor response for payload on the SIP port
 * that should have been SIP; count 0 when there is neither.  Messages and
 * strings live in pinfo->pool, only as long as the current dissection.
 */
void volte_sip_fields_read(proto_tree *tree, tvbuff_t *frame_tvb, packet_info *pinfo,
                           volte_frame_messages *out);

#endif
