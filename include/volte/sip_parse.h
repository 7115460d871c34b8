/*
 * sip_parse.h - reading the text of one SIP message into a volte_sip_message.
 *
 * Wireshark's SIP dissector finds where each message starts and ends (over
 * UDP, TCP reassembly, several messages per segment, SCTP); the adapter
 * hands those bytes here.  Reading the few headers the analysis needs from
 * the text is much cheaper than asking the SIP dissector for some forty
 * fields on every frame, which makes it build real tree items for them.
 *
 * The parser follows RFC 3261 §7 (start line, header fields, compact forms,
 * line folding, comma-separated values), RFC 4566 for the SDP body and
 * RFC 2046 §5.1 for SDP inside a multipart body.  It never reads past `len`
 * and never fails: what does not parse is left NULL / false.
 */
#ifndef VOLTE_SIP_PARSE_H
#define VOLTE_SIP_PARSE_H

#include <stddef.h>

#include "volte/sip_message.h"

/* Bytes of string store that always suffice for a message of `len` bytes. */
#define VOLTE_SIP_STORE_SIZE(len) (2 * (size_t)(len) + 64)

/*
 * Parse `len` bytes of SIP text (no NUL needed) into `msg`.  Only the parts
 * of the message the text defines are written: is_request, is_response,
 * method, status, the header fields and sdp.  frame, index, time_ns and hop
 * are left as they are.  The strings are copied, NUL-terminated, into
 * `store` (`store_size` bytes, see VOLTE_SIP_STORE_SIZE); a value that does
 * not fit is left out and counted in msg->dropped.
 */
void volte_sip_parse(const char *text, size_t len, volte_sip_message *msg, char *store, size_t store_size);

#endif
