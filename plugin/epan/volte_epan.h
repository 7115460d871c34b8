/*
 * volte_epan.h - what the adapter's files share with each other.
 *
 * The tap named "volte" carries one const volte_msg_info * per analysed SIP
 * message; statistics read only that.
 */
#ifndef VOLTE_EPAN_H
#define VOLTE_EPAN_H

/* Register the -z statistics and their GUI menu entries (volte_stats.c). */
void volte_register_statistics(void);

#endif
