/* ioc-tail.h — follows a Suricata EVE file into the SOC ingest
 *
 * Configured by `eve-file` in the [iocd] group. Polls the file once a
 * second (EVE files are written in bursts; polling also works on network
 * and bind mounts where inotify does not). Starts at the end of the file
 * (alerts written while iocd was down are not replayed: re-reading would
 * count them twice). Rotation: when the path names another inode (logrotate
 * move + create) or the file got shorter (copytruncate), it reads the new
 * file from its start. Only complete lines are ingested; a partial last
 * line waits for its newline. Each poll that read lines is one transaction
 * through ioc_soc_ingest, and records freshness of source "soc". Bad lines
 * are logged with their line number in the file.
 */
#pragma once

#include "ioc-server.h"

G_BEGIN_DECLS

typedef struct _IocTail IocTail;

IocTail *ioc_tail_new   (IocServer  *server,
                         const char *path);
void     ioc_tail_free  (IocTail    *tail);
/* Reads what was appended since the last poll (also called by the timer). */
gboolean ioc_tail_poll  (IocTail    *tail,
                         GError    **error);

G_END_DECLS
